package sanitize

import (
	"bytes"
	"testing"

	"golang.org/x/net/html"
)

// FuzzWriteEscaped checks that writeEscaped writes what html.EscapeString
// returns, after whatever the buffer already holds.
func FuzzWriteEscaped(f *testing.F) {
	for _, s := range []string{"", "plain", `a&b<c>d"e'f` + "\rg", "&&", "中文&amp;", "\x00\xff<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var w bytes.Buffer
		w.WriteString("x=")
		writeEscaped(&w, s)
		if want := "x=" + html.EscapeString(s); w.String() != want {
			t.Fatalf("writeEscaped(%q) wrote %q; html.EscapeString gives %q", s, w.String()[2:], want[2:])
		}
	})
}
