package charset_test

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"articleservice/service/charset"
)

// FuzzDecode checks the invariants of Decode on arbitrary bytes and labels:
// it never panics, fails only with ErrUnknownCharset and only for a named
// charset, and always returns valid UTF-8 with a sane report.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("标题 title"), "", "")
	f.Add(concat(utf8BOM, []byte("正文")), "", "")
	f.Add(concat(utf16LEBOM, encode(f, utf16LE, japaneseSentence)), "", "")
	f.Add(concat(utf16BEBOM, encode(f, utf16BE, japaneseSentence), []byte{0xd8}), "", "")
	f.Add(encode(f, simplifiedchinese.GBK, simplifiedSentence), "", "")
	f.Add(encode(f, simplifiedchinese.GB18030, "𠮷€"), "gb18030", "")
	f.Add(encode(f, traditionalchinese.Big5, traditionalSentence), "", "text/html; charset=big5")
	f.Add(encode(f, japanese.ShiftJIS, japaneseSentence), "shift_jis", "")
	f.Add(concat([]byte(`<meta charset="gbk">`), encode(f, simplifiedchinese.GBK, simplifiedSentence)), "", "")
	f.Add([]byte("a\xff\xfe\xe4\xb8b\uFFFD"), "utf-8", "")
	f.Add([]byte("\xef\xbf\xbd\xa1"), "gbk", "")
	f.Add([]byte("caf\xe9"), "", "text/html; charset=windows-1252")
	f.Add([]byte{0x81}, "klingon", "")
	f.Fuzz(func(t *testing.T, content []byte, hint, ctype string) {
		orig := bytes.Clone(content)
		got, err := charset.Decode(content, hint, ctype)
		if !bytes.Equal(content, orig) {
			t.Fatalf("Decode modified its input")
		}
		if err != nil {
			if !errors.Is(err, charset.ErrUnknownCharset) {
				t.Fatalf("Decode: unexpected error %v", err)
			}
			if hint == "" && ctype == "" {
				t.Fatalf("Decode without hint or content type failed: %v", err)
			}
			return
		}
		if !utf8.Valid(got.Text) {
			t.Fatalf("Text %q is not valid UTF-8 (charset %s, source %s)", got.Text, got.Charset, got.Source)
		}
		if got.Charset == "" {
			t.Fatalf("empty Charset (source %s)", got.Source)
		}
		if got.Replaced < 0 || got.Replaced > bytes.Count(got.Text, []byte("\uFFFD")) {
			t.Fatalf("Replaced = %d, but Text holds %d U+FFFD", got.Replaced, bytes.Count(got.Text, []byte("\uFFFD")))
		}
		switch got.Source {
		case "hint":
			if hint == "" {
				t.Fatalf("Source hint without a hint")
			}
		case "content-type":
			if hint != "" || ctype == "" {
				t.Fatalf("Source content-type with hint %q, content type %q", hint, ctype)
			}
		case "bom", "utf-8", "meta", "detected", "fallback":
			if hint != "" {
				t.Fatalf("Source %q though a hint %q was given", got.Source, hint)
			}
		default:
			t.Fatalf("unknown Source %q", got.Source)
		}
		if got.Source == "utf-8" && !bytes.Equal(got.Text, content) {
			t.Fatalf("valid UTF-8 was changed: %q → %q", content, got.Text)
		}
		if got.Source == "bom" && got.Charset == "utf-8" && !bytes.Equal(got.Text, content[3:]) && got.Replaced == 0 {
			t.Fatalf("UTF-8 after a BOM was changed: %q → %q", content, got.Text)
		}
	})
}
