package pipeline

import (
	"crypto/sha256"
	"encoding/hex"

	"articleservice/service/article"
)

// contentHash identifies an article's content: its title, its text and
// its images. Boilerplate is not in them, so the same article crawled
// twice hashes the same; the title and images keep apart different items
// whose text is the same or empty (image posts, listings).
func contentHash(a *article.Article) string {
	h := sha256.New()
	// The strings go through one small buffer: converting each to a
	// []byte would copy the whole text.
	buf := make([]byte, 0, 512)
	write := func(s string) {
		for len(s) > 0 {
			n := min(len(s), cap(buf))
			h.Write(append(buf[:0], s[:n]...))
			s = s[n:]
		}
	}
	write(a.Title)
	h.Write([]byte{0})
	write(a.BodyText)
	for _, img := range a.Images {
		h.Write([]byte{0})
		write(img.URL)
	}
	var sum [sha256.Size]byte
	var hx [2 * sha256.Size]byte
	hex.Encode(hx[:], h.Sum(sum[:0]))
	return string(hx[:])
}

// shortID is prefix and the first 24 hex digits of the SHA-256 of the
// parts written one after another. The parts are hashed through a small
// buffer, not joined, and the digits written in place: an id costs one
// allocation, its own.
func shortID(prefix byte, parts ...string) string {
	h := sha256.New()
	var buf [256]byte
	for _, s := range parts {
		for len(s) > 0 {
			n := copy(buf[:], s)
			h.Write(buf[:n])
			s = s[n:]
		}
	}
	var sum [sha256.Size]byte
	var id [1 + 24]byte
	id[0] = prefix
	hex.Encode(id[1:], h.Sum(sum[:0])[:12])
	return string(id[:])
}
