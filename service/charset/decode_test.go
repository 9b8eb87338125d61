package charset_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"articleservice/service/charset"
)

// Sentences taken from documents of testdata/corpus.
const (
	// 0104.md, 新浪财经.
	simplifiedSentence = "今年“五一”假期，国内旅游市场强势复苏，熟悉的“人从众”模式再度回归。"
	// 0057.md, Animen 动漫平台 (Taiwan).
	traditionalSentence = "感謝大家長期以來對Animen動漫平台的支持與鼓勵，並且陪伴我們走過這麼多個年頭。"
	// 0190.md, Animen 动漫平台.
	traditionalSentence2 = "時為戰國。醍醐之國主景光，在某所寺院的大堂中，向12尊鬼神像許願領土繁榮。"
	// A pawoo.net (Mastodon) post of the corpus.
	japaneseSentence = "初めて回転寿司に来たんですがこれどうやって使うんですか？教えてください！"
	// 0007.md, pawoo.net.
	japaneseGreeting = "よろしくお願いします"
)

// encode returns s in enc, failing the test when enc cannot represent it.
func encode(tb testing.TB, enc encoding.Encoding, s string) []byte {
	tb.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
	utf16LE    = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	utf16BE    = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
)

func TestDecode(t *testing.T) {
	gbk := encode(t, simplifiedchinese.GBK, simplifiedSentence)
	gb18030 := encode(t, simplifiedchinese.GB18030, "汉字𠮷和€符号，国内旅游市场强势复苏。") // 𠮷 is a four-byte sequence
	big5 := encode(t, traditionalchinese.Big5, traditionalSentence)
	big5b := encode(t, traditionalchinese.Big5, traditionalSentence2)
	sjis := encode(t, japanese.ShiftJIS, japaneseSentence)
	sjisGreeting := encode(t, japanese.ShiftJIS, japaneseGreeting)
	frontMatter := "\n---\ntitle: 'x'\ndate: Wed, 05 May 2021 07:25:48 GMT\n---\n"
	farAway := strings.Repeat("<!-- padding -->\n", 9<<10/17) // pushes a meta past 8 KiB

	tests := []struct {
		name         string
		content      []byte
		hint, ctype  string
		wantText     string
		wantCharset  string
		wantSource   string
		wantReplaced int
		reason       string
	}{
		{
			name: "valid utf-8 is returned unchanged", content: []byte("标题 title"),
			wantText: "标题 title", wantCharset: "utf-8", wantSource: "utf-8",
			reason: "UTF-8 is what most crawled pages are; no decoding needed",
		},
		{
			name: "empty content is utf-8", content: nil,
			wantText: "", wantCharset: "utf-8", wantSource: "utf-8",
			reason: "no bytes are trivially valid UTF-8",
		},
		{
			name: "utf-8 bom is stripped", content: concat(utf8BOM, []byte(simplifiedSentence)),
			wantText: simplifiedSentence, wantCharset: "utf-8", wantSource: "bom",
			reason: "Result.Text carries no byte order mark",
		},
		{
			name: "utf-16le bom selects utf-16le", content: concat(utf16LEBOM, encode(t, utf16LE, japaneseSentence)),
			wantText: japaneseSentence, wantCharset: "utf-16le", wantSource: "bom",
			reason: "FF FE announces little-endian UTF-16",
		},
		{
			name: "utf-16be bom selects utf-16be", content: concat(utf16BEBOM, encode(t, utf16BE, traditionalSentence)),
			wantText: traditionalSentence, wantCharset: "utf-16be", wantSource: "bom",
			reason: "FE FF announces big-endian UTF-16",
		},
		{
			name: "gbk bytes are detected as gb18030", content: gbk,
			wantText: simplifiedSentence, wantCharset: "gb18030", wantSource: "detected",
			reason: "GB18030 is the superset GBK and GB2312 pages decode under",
		},
		{
			name: "gb18030 four-byte sequences are detected and decoded", content: gb18030,
			wantText: "汉字𠮷和€符号，国内旅游市场强势复苏。", wantCharset: "gb18030", wantSource: "detected",
			reason: "characters outside GBK take four bytes in GB18030",
		},
		{
			name: "big5 bytes are detected as big5", content: big5,
			wantText: traditionalSentence, wantCharset: "big5", wantSource: "detected",
			reason: "common traditional characters outscore GBK's reading of the same bytes",
		},
		{
			name: "another big5 sentence is detected as big5", content: big5b,
			wantText: traditionalSentence2, wantCharset: "big5", wantSource: "detected",
			reason: "a sentence with fewer of the most common characters still decodes right",
		},
		{
			name: "shift_jis bytes are detected as shift_jis", content: sjis,
			wantText: japaneseSentence, wantCharset: "shift_jis", wantSource: "detected",
			reason: "kana make the Shift_JIS reading win",
		},
		{
			name: "short shift_jis greeting is detected as shift_jis", content: sjisGreeting,
			wantText: japaneseGreeting, wantCharset: "shift_jis", wantSource: "detected",
			reason: "ten kana are enough",
		},
		{
			name: "gbk hint decodes as gbk", content: gbk, hint: "gbk",
			wantText: simplifiedSentence, wantCharset: "gbk", wantSource: "hint",
			reason: "an explicit charset overrides every other source",
		},
		{
			name: "hint label is case and space insensitive", content: gbk, hint: "  GB2312 ",
			wantText: simplifiedSentence, wantCharset: "gbk", wantSource: "hint",
			reason: "labels are matched as the WHATWG index does; gb2312 is a label of gbk",
		},
		{
			name: "big5 hint decodes as big5", content: big5, hint: "Big5",
			wantText: traditionalSentence, wantCharset: "big5", wantSource: "hint",
			reason: "hint given",
		},
		{
			name: "shift_jis hint decodes as shift_jis", content: sjis, hint: "Shift_JIS",
			wantText: japaneseSentence, wantCharset: "shift_jis", wantSource: "hint",
			reason: "hint given",
		},
		{
			name: "hint wins over content-type", content: sjis, hint: "shift_jis", ctype: "text/html; charset=gbk",
			wantText: japaneseSentence, wantCharset: "shift_jis", wantSource: "hint",
			reason: "the caller's charset overrides the header",
		},
		{
			name: "utf-8 hint strips a utf-8 bom", content: concat(utf8BOM, []byte("正文")), hint: "utf-8",
			wantText: "正文", wantCharset: "utf-8", wantSource: "hint",
			reason: "a BOM of the named charset is not content",
		},
		{
			name: "utf-16 hint strips a utf-16le bom", content: concat(utf16LEBOM, encode(t, utf16LE, "正文")), hint: "utf-16",
			wantText: "正文", wantCharset: "utf-16le", wantSource: "hint",
			reason: "the label utf-16 means little-endian; its BOM is not content",
		},
		{
			name: "content-type charset decodes gbk", content: gbk, ctype: "text/html; charset=GBK",
			wantText: simplifiedSentence, wantCharset: "gbk", wantSource: "content-type",
			reason: "the header's charset parameter comes second",
		},
		{
			name: "quoted content-type charset decodes shift_jis", content: sjis, ctype: `text/html; charset="shift_jis"`,
			wantText: japaneseSentence, wantCharset: "shift_jis", wantSource: "content-type",
			reason: "a quoted parameter value is the same value",
		},
		{
			name: "content-type without charset falls through to detection", content: big5, ctype: "text/html",
			wantText: traditionalSentence, wantCharset: "big5", wantSource: "detected",
			reason: "no charset parameter, nothing to take",
		},
		{
			name: "malformed content-type is ignored", content: []byte("正文"), ctype: "text/html; charset",
			wantText: "正文", wantCharset: "utf-8", wantSource: "utf-8",
			reason: "a header that does not parse is no declaration",
		},
		{
			name:        "meta charset after front matter selects gbk",
			content:     concat([]byte(frontMatter+`<html><head><meta charset="gbk"></head><body><p>`), gbk, []byte("</p>")),
			wantText:    frontMatter + `<html><head><meta charset="gbk"></head><body><p>` + simplifiedSentence + "</p>",
			wantCharset: "gbk", wantSource: "meta",
			reason: "a <meta charset> in the first 8 KiB declares the charset",
		},
		{
			name:        "meta http-equiv content-type selects big5",
			content:     concat([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=big5"><p>`), big5),
			wantText:    `<meta http-equiv="Content-Type" content="text/html; charset=big5"><p>` + traditionalSentence,
			wantCharset: "big5", wantSource: "meta",
			reason: "the older http-equiv form declares a charset too",
		},
		{
			name:     "meta beyond 8 KiB is not read",
			content:  concat([]byte(farAway+`<meta charset="big5">`), gbk),
			wantText: farAway + `<meta charset="big5">` + simplifiedSentence, wantCharset: "gb18030", wantSource: "detected",
			reason: "the meta scan is bounded; the GBK bytes are detected instead",
		},
		{
			name:     "unknown meta charset falls through to detection",
			content:  concat([]byte(`<meta charset="x-klingon">`), sjis),
			wantText: `<meta charset="x-klingon">` + japaneseSentence, wantCharset: "shift_jis", wantSource: "detected",
			reason: "only a hint or header naming an unknown charset is an error",
		},
		{
			name:     "utf-16 meta on ascii-compatible bytes is passed over",
			content:  concat([]byte(`<meta charset="utf-16">`), gbk),
			wantText: `<meta charset="utf-16">` + simplifiedSentence, wantCharset: "gb18030", wantSource: "detected",
			reason: "a meta readable as ASCII cannot be in UTF-16; decoding as UTF-16 would garble every byte",
		},
		{
			name: "invalid utf-8 declared utf-8 is replaced and counted", content: []byte("正文\xff结束"), hint: "utf-8",
			wantText: "正文\uFFFD结束", wantCharset: "utf-8", wantSource: "hint", wantReplaced: 1,
			reason: "undecodable bytes are replaced, as browsers do",
		},
		{
			name: "each invalid utf-8 byte gets its own replacement", content: []byte("a\xff\xfeb"), ctype: "text/plain; charset=utf-8",
			wantText: "a\uFFFD\uFFFDb", wantCharset: "utf-8", wantSource: "content-type", wantReplaced: 2,
			reason: "FF and FE are two invalid sequences; Text and Replaced agree",
		},
		{
			name: "truncated utf-8 sequence is one replacement", content: []byte("a\xe4\xb8b"), hint: "utf-8",
			wantText: "a\uFFFDb", wantCharset: "utf-8", wantSource: "hint", wantReplaced: 1,
			reason: "E4 B8 is one maximal invalid subsequence (the start of 中)",
		},
		{
			name: "replacement character already in the source is not counted", content: []byte("\uFFFD正文\xff"), hint: "utf-8",
			wantText: "\uFFFD正文\uFFFD", wantCharset: "utf-8", wantSource: "hint", wantReplaced: 1,
			reason: "only substitutions made while decoding count",
		},
		{
			name: "gb18030-encoded replacement character is not counted", content: []byte("\x84\x31\xa4\x37"), hint: "gb18030",
			wantText: "\uFFFD", wantCharset: "gb18030", wantSource: "hint", wantReplaced: 0,
			reason: "84 31 A4 37 is U+FFFD written in GB18030, not an invalid sequence",
		},
		{
			name: "gbk text whose bytes look like utf-8 U+FFFD counts no replacement", content: []byte("\xef\xbf\xbd\xa1"), hint: "gbk",
			wantText: "锟健", wantCharset: "gbk", wantSource: "hint", wantReplaced: 0,
			reason: "EF BF BD A1 is two GBK characters; subtracting a UTF-8 U+FFFD gave -1",
		},
		{
			name: "invalid gbk sequence is replaced and counted", content: concat(gbk[:4], []byte{0x81, '!'}), hint: "gbk",
			wantText: "今年\uFFFD!", wantCharset: "gbk", wantSource: "hint", wantReplaced: 1,
			reason: "81 followed by ASCII is no GBK character",
		},
		{
			name: "latin-1 bytes fall back to utf-8 with replacement", content: []byte("caf\xe9 cr\xe8me"),
			wantText: "caf\uFFFD cr\uFFFDme", wantCharset: "utf-8", wantSource: "fallback", wantReplaced: 2,
			reason: "no CJK candidate decodes these well; UTF-8 with replacements is the fallback",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := charset.Decode(tc.content, tc.hint, tc.ctype)
			if err != nil {
				t.Fatalf("Decode: %v (%s)", err, tc.reason)
			}
			if string(got.Text) != tc.wantText {
				t.Errorf("Text = %q, want %q (%s)", got.Text, tc.wantText, tc.reason)
			}
			if got.Charset != tc.wantCharset || got.Source != tc.wantSource {
				t.Errorf("Charset, Source = %q, %q; want %q, %q (%s)", got.Charset, got.Source, tc.wantCharset, tc.wantSource, tc.reason)
			}
			if got.Replaced != tc.wantReplaced {
				t.Errorf("Replaced = %d, want %d (%s)", got.Replaced, tc.wantReplaced, tc.reason)
			}
			if !utf8.Valid(got.Text) {
				t.Errorf("Text is not valid UTF-8: %q", got.Text)
			}
		})
	}
}

func TestDecodeUnknownCharset(t *testing.T) {
	tests := []struct {
		name, hint, ctype, reason string
	}{
		{"unknown hint is an error", "klingon", "", "a caller naming a charset no encoding has must hear so"},
		{"unknown content-type charset is an error", "", "text/html; charset=x-unknown-42", "the header names a charset we cannot decode"},
		{"unknown hint is an error even with a good content-type", "nope", "text/html; charset=utf-8", "the hint is taken first and alone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := charset.Decode([]byte("正文"), tc.hint, tc.ctype)
			if !errors.Is(err, charset.ErrUnknownCharset) {
				t.Errorf("err = %v, want ErrUnknownCharset (%s)", err, tc.reason)
			}
		})
	}
}

// Bytes too short to tell charsets apart must decode to valid UTF-8
// without error or panic, whatever the detector picks.
func TestDecodeShortInput(t *testing.T) {
	check := func(tb testing.TB, b []byte) {
		tb.Helper()
		got, err := charset.Decode(b, "", "")
		if err != nil {
			tb.Fatalf("Decode(% x): %v", b, err)
		}
		if !utf8.Valid(got.Text) {
			tb.Fatalf("Decode(% x).Text = %q is not valid UTF-8", b, got.Text)
		}
		if got.Replaced < 0 || got.Replaced > utf8.RuneCount(got.Text) {
			tb.Fatalf("Decode(% x).Replaced = %d out of range", b, got.Replaced)
		}
		switch got.Source {
		case "utf-8", "bom", "detected", "fallback":
		default:
			tb.Fatalf("Decode(% x).Source = %q, want a detection source", b, got.Source)
		}
	}
	t.Run("every single byte decodes", func(t *testing.T) {
		for c := range 256 {
			check(t, []byte{byte(c)})
		}
	})
	t.Run("every pair of high bytes decodes", func(t *testing.T) {
		for a := 0x80; a < 256; a++ {
			for b := 0x80; b < 256; b++ {
				check(t, []byte{byte(a), byte(b)})
			}
		}
	})
	t.Run("a lone lead byte after text decodes", func(t *testing.T) {
		check(t, concat(encode(t, simplifiedchinese.GBK, "你好"), []byte{0x81}))
		check(t, concat(encode(t, japanese.ShiftJIS, "こんにちは"), []byte{0x82}))
	})
	t.Run("two gbk characters decode exactly", func(t *testing.T) {
		got, err := charset.Decode([]byte{0xc4, 0xe3, 0xba, 0xc3}, "", "")
		if err != nil || string(got.Text) != "你好" || got.Charset != "gb18030" {
			t.Errorf("Decode(你好 in GBK) = %q, %q, %v; want 你好, gb18030", got.Text, got.Charset, err)
		}
	})
}

// A Replaced count agrees with the replacement characters in Text: on
// detected legacy input it never goes negative.
func TestDecodeReplacedMatchesText(t *testing.T) {
	inputs := []struct {
		name    string
		content []byte
	}{
		{"gbk with stray bytes", concat(encode(t, simplifiedchinese.GBK, simplifiedSentence), []byte{0xff, 0x81})},
		{"big5 with utf-8 replacement bytes", concat(encode(t, traditionalchinese.Big5, traditionalSentence), []byte("\uFFFD"))},
		{"shift_jis cut mid character", encode(t, japanese.ShiftJIS, japaneseSentence)[:9]},
	}
	for _, in := range inputs {
		t.Run(in.name+" counts no more than it replaced", func(t *testing.T) {
			got, err := charset.Decode(in.content, "", "")
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(string(got.Text), "\uFFFD"); got.Replaced < 0 || got.Replaced > n {
				t.Errorf("Replaced = %d with %d U+FFFD in Text %q (charset %s)", got.Replaced, n, got.Text, got.Charset)
			}
		})
	}
}
