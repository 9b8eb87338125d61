package charset

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// ErrUnknownCharset is returned for a charset name no encoding has.
var ErrUnknownCharset = errors.New("unknown charset")

// Result is decoded text and where its charset came from.
type Result struct {
	// Text is the content in UTF-8, without a byte order mark.
	Text []byte
	// Charset is the canonical name of the source charset, e.g. "utf-8", "gbk".
	Charset string
	// Source says how the charset was found: "hint", "content-type", "bom",
	// "utf-8", "meta", "detected" or "fallback".
	Source string
	// Replaced counts invalid byte sequences replaced by U+FFFD.
	Replaced int
}

// metaScan bounds how far into the document a <meta charset> is looked for.
// Front matter comes first in a crawled document, so the window is wider
// than the 1024 bytes the HTML standard prescans.
const metaScan = 8 << 10

var metaRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// Decode returns content as UTF-8. hint is an explicit charset name and
// contentType a Content-Type header; either may be empty. Only a hint or
// Content-Type naming an unknown charset is an error: undecodable bytes are
// replaced, as browsers do, and counted in Result.Replaced.
func Decode(content []byte, hint, contentType string) (Result, error) {
	if hint != "" {
		return decodeNamed(content, hint, "hint")
	}
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
			return decodeNamed(content, params["charset"], "content-type")
		}
	}
	if enc, name, n := bom(content); enc != nil {
		return transform(content[n:], enc, name, "bom")
	}
	if utf8.Valid(content) {
		return Result{Text: content, Charset: "utf-8", Source: "utf-8"}, nil
	}
	head := content[:min(len(content), metaScan)]
	if m := metaRe.FindSubmatch(head); m != nil {
		// A <meta> readable as ASCII rules out UTF-16, whatever it says
		// (the HTML standard does not take that label from a meta either),
		// so such a tag is passed over like an unknown one.
		if enc, name, err := lookup(string(m[1])); err == nil && !strings.HasPrefix(name, "utf-16") {
			return transform(content, enc, name, "meta")
		}
	}
	return detect(content)
}

func decodeNamed(content []byte, label, source string) (Result, error) {
	enc, name, err := lookup(label)
	if err != nil {
		return Result{}, err
	}
	if _, bname, n := bom(content); n > 0 && bname == name {
		content = content[n:]
	}
	return transform(content, enc, name, source)
}

func lookup(label string) (encoding.Encoding, string, error) {
	label = strings.ToLower(strings.TrimSpace(label))
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, "", fmt.Errorf("%w %q", ErrUnknownCharset, label)
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		name = label
	}
	return enc, name, nil
}

func bom(b []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	}
	return nil, "", 0
}

// transform decodes b, replacing what does not decode. The encodings of
// x/text already substitute U+FFFD for invalid input (for UTF-8, one per
// maximal invalid subsequence, as browsers do), so this never fails.
func transform(b []byte, enc encoding.Encoding, name, source string) (Result, error) {
	if name == "utf-8" && utf8.Valid(b) {
		return Result{Text: b, Charset: name, Source: source}, nil
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return Result{}, fmt.Errorf("decode %s: %w", name, err)
	}
	return Result{Text: out, Charset: name, Source: source, Replaced: replaced(out, b, enc)}, nil
}

// replaced counts the U+FFFD that decoding b into out substituted for
// invalid input: those in out, less the ones b itself encodes, found by
// their form in b's own charset (not in UTF-8: the bytes EF BF BD are some
// other text in GB18030, for one).
func replaced(out, b []byte, enc encoding.Encoding) int {
	n := bytes.Count(out, []byte("\uFFFD"))
	if n == 0 {
		return 0
	}
	if own, err := enc.NewEncoder().Bytes([]byte("\uFFFD")); err == nil && len(own) > 0 {
		n -= bytes.Count(b, own)
	}
	return max(n, 0)
}

type candidate struct {
	name string
	enc  encoding.Encoding
}

// detect picks, among the legacy CJK charsets crawlers meet, the one whose
// decoding has the fewest errors and the most common text. Valid UTF-8 never
// gets here.
func detect(content []byte) (Result, error) {
	cands := []candidate{
		{"gbk", simplifiedchinese.GB18030},
		{"big5", traditionalchinese.Big5},
		{"shift_jis", japanese.ShiftJIS},
	}
	sample := content[:min(len(content), 64<<10)]
	best, bestScore := -1, -1.0
	for i, c := range cands {
		out, err := c.enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		if s := score(out, c.name); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 || bestScore <= 0 {
		r, _ := transform(content, unicode.UTF8, "utf-8", "fallback")
		return r, nil
	}
	c := cands[best]
	if c.name == "gbk" {
		// GB18030 is the superset every GBK and GB2312 page decodes under.
		c.name = "gb18030"
	}
	return transform(content, c.enc, c.name, "detected")
}
