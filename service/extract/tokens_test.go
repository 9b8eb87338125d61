package extract

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"articleservice/sanitize"
)

// readBoth reads in with the canonical scanner and with the full
// tokenizer; the scanner either gives up or agrees.
func readBoth(tb testing.TB, in []byte, base *url.URL) (accepted bool) {
	tb.Helper()
	orig := bytes.Clone(in)
	var fastBuf, fullBuf []byte
	fast, ok := read(&reader{base: base}, &canonical{src: in}, in, &fastBuf)
	full, _ := read(&reader{base: base}, tokenizer{html.NewTokenizer(bytes.NewReader(in))}, in, &fullBuf)
	if !bytes.Equal(in, orig) {
		tb.Fatalf("the scanner modified its input")
	}
	if ok && !reflect.DeepEqual(fast, full) {
		tb.Fatalf("the scanner and the tokenizer disagree on %q:\nscanner   %+v\ntokenizer %+v", in, fast, full)
	}
	return ok
}

// sanitizedCorpus returns every corpus body as the default policy leaves
// it: what Read is given in the pipeline.
func sanitizedCorpus(tb testing.TB) map[string][]byte {
	tb.Helper()
	set, err := sanitize.LoadDir(filepath.Join("..", "..", "sanitize", "policies"))
	if err != nil {
		tb.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*.md"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		if parts := bytes.SplitN(b, []byte("\n---\n"), 3); len(parts) == 3 {
			b = parts[2]
		}
		res, err := set.Default().Sanitize(b, sanitize.Options{})
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = res.HTML
	}
	return out
}

// TestScannerReadsWhatBluemondayWrites: the scanner must agree with the
// full tokenizer, and must actually take the corpus, or its speed is lost
// without any test failing.
func TestScannerReadsWhatBluemondayWrites(t *testing.T) {
	base, _ := url.Parse("https://example.com/a/b.html")
	bodies := sanitizedCorpus(t)
	accepted := 0
	for name, b := range bodies {
		if readBoth(t, b, base) {
			accepted++
		} else {
			t.Logf("%s: read by the full tokenizer", name)
		}
	}
	if accepted < len(bodies)*95/100 {
		t.Fatalf("the scanner took %d of %d sanitized corpus bodies; want at least 95%%", accepted, len(bodies))
	}
	t.Logf("the scanner took %d of %d sanitized corpus bodies", accepted, len(bodies))
}

func TestScannerGivesUpOnWhatItDoesNotRead(t *testing.T) {
	tests := []struct {
		in     string
		accept bool
		reason string
	}{
		{`<p class="a">x &amp; y &lt; z &#34;q&#39;</p><br/>`, true, "bluemonday's own escaping"},
		{`<img src="a.jpg" alt="a &amp; b"/>`, true, "a self-closing tag with an escaped value"},
		{`<p>&nbsp;</p>`, false, "a named entity only the full tokenizer decodes"},
		{`<p>&amp</p>`, false, "an entity without its semicolon"},
		{"<p>a\r\nb</p>", false, "the tokenizer turns CR LF into LF"},
		{"<p>a\x00b</p>", false, "NUL is replaced in some contexts"},
		{`<P>x</P>`, false, "names are lower-cased by the tokenizer"},
		{`<a href=x>y</a>`, false, "an unquoted value"},
		{`<a href='x'>y</a>`, false, "a single-quoted value"},
		{`<a  href="x">y</a>`, false, "two spaces"},
		{`<a hidden>y</a>`, false, "an attribute without a value"},
		{`a < b`, false, "a bare less-than sign is text to the tokenizer"},
		{`<!-- c --><p>x</p>`, false, "a comment"},
		{`<!DOCTYPE html><p>x</p>`, false, "a doctype"},
		{`<textarea><p>x</p></textarea>`, false, "raw text: the tokenizer reads no tags inside"},
		{`<p>x</p `, false, "an end tag with a space"},
		{`<p`, false, "a truncated tag"},
		{`<img src="0" src="">`, false, "a repeated attribute: the tokenizer keeps the first, bluemonday never writes one"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			if got := readBoth(t, []byte(tt.in), nil); got != tt.accept {
				t.Fatalf("scanner accepted %q: %v, want %v", tt.in, got, tt.accept)
			}
		})
	}
}

// FuzzScannerAgreesWithTokenizer feeds the scanner arbitrary markup: it
// must never read anything differently from the full tokenizer.
func FuzzScannerAgreesWithTokenizer(f *testing.F) {
	for _, s := range []string{
		`<p class="a">x &amp; y &lt; z &#34;q&#39;&#13;</p><br/>`,
		`<a href="https://e.com/?a=1&amp;b=2" rel="nofollow" target="_blank">t</a>`,
		`<figure><img src="/a.jpg" width="3"/><figcaption>c</figcaption></figure><pre>a
  b</pre>`,
		`<p>x</p >`, `<a hidden>y</a>`, "a\r\nb", `<p>&nbsp;</p>`,
	} {
		f.Add([]byte(s))
	}
	for _, b := range sanitizedCorpus(f) {
		f.Add(b[:min(len(b), 4<<10)])
	}
	base, _ := url.Parse("https://example.com/a/b.html")
	f.Fuzz(func(t *testing.T, in []byte) {
		readBoth(t, in, base)
	})
}

// BenchmarkRead reads the sanitized corpus with the scanner Read uses and
// with the full tokenizer it falls back to, for the ratio in one run.
func BenchmarkRead(b *testing.B) {
	bodies := sanitizedCorpus(b)
	var size int64
	for _, body := range bodies {
		size += int64(len(body))
	}
	base, _ := url.Parse("https://example.com/a/b.html")
	for _, bc := range []struct {
		name string
		z    func([]byte) tokens
	}{
		{"scanner", func(in []byte) tokens { return &canonical{src: in} }},
		{"tokenizer", func(in []byte) tokens { return tokenizer{html.NewTokenizer(bytes.NewReader(in))} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			var scratch []byte
			for b.Loop() {
				for _, body := range bodies {
					read(&reader{base: base}, bc.z(body), body, &scratch)
				}
			}
		})
	}
}

// TestReadWithKeepsNothingBetweenBodies: ReadWith walks each body in the
// memory the bodies before it used (the last one's output and text still
// in it, and a body the canonical scanner gave up on among them), and
// must read it as Read does with memory of its own.
func TestReadWithKeepsNothingBetweenBodies(t *testing.T) {
	base, _ := url.Parse("https://example.com/a/b.html")
	bodies := [][]byte{[]byte("<p>a &nbsp; tokenizer's body</p><p></p>"), []byte("<p>\u00a0</p>")}
	for _, b := range sanitizedCorpus(t) {
		bodies = append(bodies, b)
	}
	var scratch Scratch
	for _, pass := range []string{"forward", "backward"} {
		for i := range bodies {
			if pass == "backward" {
				i = len(bodies) - 1 - i
			}
			got := ReadWith(&scratch, bodies[i], base, utf8.Valid(bodies[i]))
			if want := Read(bodies[i], base); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s pass, body %d: read in used memory:\n%+v\nread in its own:\n%+v", pass, i, got, want)
			}
		}
	}
}
