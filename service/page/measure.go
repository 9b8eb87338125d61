package page

import (
	"unicode/utf8"

	"golang.org/x/net/html"
)

// weight is how much one rune of text counts. Density thresholds were
// made for languages that separate words with spaces, where a word is
// about six characters with its space; a Chinese, Japanese or Korean
// character carries about as much as a short word, so it counts for more
// than one Latin letter, or a CJK paragraph would look like a caption.
func weight(r rune) int {
	switch {
	case r >= 0x3040 && r <= 0x30ff, // Hiragana, Katakana
		r >= 0x3400 && r <= 0x4dbf, // CJK extension A
		r >= 0x4e00 && r <= 0x9fff, // CJK unified ideographs
		r >= 0xac00 && r <= 0xd7af, // Hangul syllables
		r >= 0xf900 && r <= 0xfaff, // CJK compatibility ideographs
		r >= 0x20000 && r <= 0x2ffff:
		return cjkWeight
	}
	return 1
}

const cjkWeight = 2

// isComma reports the separators that mark a sentence with clauses: prose
// has them, menus and link lists do not. The ideographic ones count for
// the languages that use them.
func isComma(r rune) bool {
	switch r {
	case ',', '\u060c', '\ufe50', '\ufe10', '\ufe11', '\u2e41', '\u2e34', '\u2e32', '\uff0c', '\u3001':
		return true
	}
	return false
}

// stats is what scoring and cleaning know of an element's subtree.
type stats struct {
	text    int // weighted length of its text, runs of space counted once
	link    int // the part of text inside links
	commas  int
	paras   int // <p> elements
	imgs    int
	lis     int
	inputs  int
	embeds  int
	heads   int // headings h1-h6
	figures int
	prose   int // text of <p>s long enough and free enough of links to be prose
	proseN  int // how many such <p>s
}

func (s *stats) add(o stats) {
	s.text += o.text
	s.link += o.link
	s.commas += o.commas
	s.paras += o.paras
	s.imgs += o.imgs
	s.lis += o.lis
	s.inputs += o.inputs
	s.embeds += o.embeds
	s.heads += o.heads
	s.figures += o.figures
	s.prose += o.prose
	s.proseN += o.proseN
}

func (s *stats) sub(o stats) {
	s.text -= o.text
	s.link -= o.link
	s.commas -= o.commas
	s.paras -= o.paras
	s.imgs -= o.imgs
	s.lis -= o.lis
	s.inputs -= o.inputs
	s.embeds -= o.embeds
	s.heads -= o.heads
	s.figures -= o.figures
	s.prose -= o.prose
	s.proseN -= o.proseN
}

func (s stats) linkDensity() float64 {
	if s.text == 0 {
		return 0
	}
	return float64(s.link) / float64(s.text)
}

// measureText returns the weighted length and commas of one text node,
// collapsing runs of whitespace to one.
func measureText(s string) (n, commas int) {
	space := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
				if !space {
					n++
					space = true
				}
				continue
			}
			space = false
			n++
			if c == ',' {
				commas++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\u00a0' || r == '\u3000' {
			if !space {
				n++
				space = true
			}
			continue
		}
		space = false
		n += weight(r)
		if isComma(r) {
			commas++
		}
	}
	return n, commas
}

// textOf appends the text of n's subtree to b, with a space between
// blocks, for reports and hints.
func textOf(b []byte, n *html.Node, limit int) []byte {
	if len(b) >= limit {
		return b
	}
	switch n.Type {
	case html.TextNode:
		return append(b, n.Data...)
	case html.ElementNode:
		if skipTags[n.DataAtom] {
			return b
		}
	}
	for c := n.FirstChild; c != nil && len(b) < limit; c = c.NextSibling {
		b = textOf(b, c, limit)
		if c.Type == html.ElementNode && blockTags[c.DataAtom] {
			b = append(b, ' ')
		}
	}
	return b
}
