package htmltok_test

import (
	"bytes"
	"testing"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmltok"
)

func benchBodies(b *testing.B) ([][]byte, int64) {
	b.Helper()
	var bodies [][]byte
	var n int64
	for _, body := range testFiles(b) {
		bodies = append(bodies, body)
		n += int64(len(body))
	}
	return bodies, n
}

// BenchmarkXNetHTML is the baseline: x/net/html's Tokenizer, reading every
// tag's name and attributes as the sanitizer does.
func BenchmarkXNetHTML(b *testing.B) {
	bodies, size := benchBodies(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			z := html.NewTokenizer(bytes.NewReader(body))
			for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
				if tt == html.StartTagToken {
					z.TagName()
					for more := true; more; {
						_, _, more = z.TagAttr()
					}
				}
			}
		}
	}
}

// BenchmarkTokenizer is the same reading with this package.
func BenchmarkTokenizer(b *testing.B) {
	bodies, size := benchBodies(b)
	b.SetBytes(size)
	b.ReportAllocs()
	var z htmltok.Tokenizer
	for b.Loop() {
		for _, body := range bodies {
			z.Reset(body)
			for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
				if tt == html.StartTagToken {
					z.Name()
					for more := true; more; {
						_, _, more = z.TagAttr()
					}
				}
			}
		}
	}
}
