package sanitize

import (
	"bytes"
	"testing"
)

// FuzzBlank checks blank against the bytes.TrimLeft test it replaced.
func FuzzBlank(f *testing.F) {
	for _, s := range []string{"", " \t\r\n\f", " x", "\v", "\u3000", "\u00a0 "} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := blank(b), len(bytes.TrimLeft(b, " \t\r\n\f")) == 0; got != want {
			t.Fatalf("blank(%q) = %v, want %v", b, got, want)
		}
	})
}
