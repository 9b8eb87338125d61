package pagemeta

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxBylineRunes is the longest text taken for a byline: longer, it is an
// author's biography or a whole header, not a name.
const maxBylineRunes = 100

// byline picks the author from the best source: JSON-LD, then metas, then
// the body's marked-up bylines (microdata author, rel=author, then a class
// or id naming the byline), the first in document order that reads as a
// name.
//
// A user name ("jdoe42", "@jdoe") is taken only when no source gives a
// name: JSON-LD and metas often give the account, the byline the person.
func (r *reader) byline(ld *jsonLD) string {
	handle := ""
	if len(ld.authors) > 0 {
		v := strings.Join(ld.authors, ", ")
		if len(ld.authors) > 1 || !handleLike(v) {
			return v
		}
		handle = v
	}
	for _, k := range []int{kDCCreator, kAuthor, kParselyAuthor, kSailthruAuthor, kArticleAuthor, kBylAuthor, kCitationAuthor, kItempropAuthor} {
		v := clean(r.vals[k])
		if v == "" || looksLikeURL(v) {
			continue
		}
		if v = cleanByline(v); v != "" {
			if !handleLike(v) {
				return v
			}
			if handle == "" {
				handle = v
			}
		}
	}
	if v := r.bodyByline(); v != "" {
		return v
	}
	return handle
}

// handleLike reports a user name rather than a person's name: one word
// with a digit or an underscore in it, or starting with "@".
func handleLike(s string) bool {
	if strings.HasPrefix(s, "@") {
		return true
	}
	if strings.ContainsAny(s, " \t") {
		return false
	}
	return strings.ContainsAny(s, "0123456789_")
}

// bodyByline reads the body's marked-up bylines: microdata author, then
// rel=author, then a class or id naming the byline; the first in document
// order that reads as a name. Co-authors marked up the same way next to
// the first are joined.
func (r *reader) bodyByline() string {
	for _, kind := range []candKind{candItemprop, candRel, candClass} {
		for i, c := range r.bylines {
			if c.kind != kind {
				continue
			}
			name := bylineText(c.node, kind)
			if name == "" {
				continue
			}
			if kind == candClass {
				return name
			}
			// Co-authors are marked up the same way next to each other.
			names := []string{name}
			for _, o := range r.bylines[i+1:] {
				if o.kind != kind || !near(c.node, o.node) || len(names) >= maxMulti {
					continue
				}
				if n := bylineText(o.node, kind); n != "" && !containsFold(names, n) {
					names = append(names, n)
				}
			}
			return strings.Join(names, ", ")
		}
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// near reports whether two elements share a parent or a grandparent.
func near(a, b *html.Node) bool {
	pa, pb := a.Parent, b.Parent
	if pa == nil || pb == nil {
		return false
	}
	if pa == pb {
		return true
	}
	return pa.Parent != nil && pa.Parent == pb.Parent
}

// bylineText reads the name an element gives: for a microdata author its
// nested name property, else its text; "" when that does not read as a
// name.
func bylineText(n *html.Node, kind candKind) string {
	var raw string
	if kind == candItemprop {
		if nameNode := findItemprop(n, "name", 0); nameNode != nil {
			raw = propValue(nameNode)
		} else {
			raw = propValue(n)
		}
	} else {
		raw = textOf(n, 4*maxBylineRunes)
	}
	raw = clean(raw)
	if raw == "" || utf8.RuneCountInString(raw) >= maxBylineRunes || looksLikeURL(raw) {
		return ""
	}
	return cleanByline(raw)
}

// propValue is the value of a microdata property: a meta's content, a
// link's address (not a name), else the text.
func propValue(n *html.Node) string {
	switch n.DataAtom {
	case atom.Meta:
		return attr(n, "content")
	case atom.Link, atom.Img:
		return ""
	}
	return textOf(n, 4*maxBylineRunes)
}

func findItemprop(n *html.Node, prop string, depth int) *html.Node {
	if depth > 8 {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if hasToken(attr(c, "itemprop"), prop) {
			return c
		}
		if f := findItemprop(c, prop, depth+1); f != nil {
			return f
		}
	}
	return nil
}

// cleanByline turns the text of a byline into names: a leading "By",
// "Written by", "Von", "Par", "Por", "Door", "Di", "Av", "Autor:" and the
// like is removed, and so is what follows the names: a date, a time, a
// "|" or "•" and anything after it. It returns "" when no letter is left.
func cleanByline(s string) string {
	s = stripBy(s)
	if first, _, _ := strings.Cut(s, " "); dateLabel(strings.ToLower(strings.TrimRight(first, ":"))) {
		return "" // "Last updated: …", "Published …": a date line, not a byline
	}
	s = cutAtDate(s)
	s = trimGluedDigits(s)
	s = strings.TrimRight(s, " ,;:|•·-–—/")
	s = strings.TrimSpace(s)
	if !hasLetter(s) {
		return ""
	}
	return s
}

// bylinePrefixes are lower-case and end in a space or colon.
var bylinePrefixes = []string{
	"written by ", "posted by ", "published by ", "story by ", "words by ", "text by ", "reporting by ", "by: ", "by ",
	"von ", "par ", "por ", "door ", "di ", "av ", "af ", "przez ",
	"autor: ", "autorin: ", "auteur : ", "auteur: ", "author: ", "autore: ", "作者：", "作者:", "文：", "文/", "记者：",
}

func stripBy(s string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range bylinePrefixes {
			if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
				s = strings.TrimSpace(s[len(p):])
				changed = true
			}
		}
	}
	return s
}

// cutAtDate cuts s where a date, a time or a separator between the names
// and the rest of a byline begins: "Jane Doe | May 3, 2019", "Jane Doe
// on 3 May 2019", "Jane Doe, Updated 2019-05-03".
func cutAtDate(s string) string {
	words := strings.Fields(s)
	if len(words) < 2 {
		return s
	}
	cut := -1
	for i, w := range words {
		lw := strings.ToLower(strings.Trim(w, ",.;:()"))
		switch {
		case i > 0 && (w == "|" || w == "•" || w == "·" || w == "—" || w == "–" || w == "-"):
			cut = i
		case i > 0 && isMonth(lw) && i+1 < len(words) && startsDigit(words[i+1]):
			cut = i
		case i > 0 && startsDigit(w) && i+1 < len(words) && isMonth(strings.ToLower(strings.Trim(words[i+1], ",."))):
			cut = i
		case i > 0 && dateLike(w):
			cut = i
		case i > 0 && (dateLabel(lw) || lw == "edited" || isWeekday(lw)):
			cut = i
		case i > 0 && isMonth(lw) && i == len(words)-1:
			cut = i
		}
		if cut >= 0 {
			break
		}
	}
	if cut < 0 {
		return s
	}
	out := strings.Join(words[:cut], " ")
	// "on", "am", "le", "el" before a date belong to the date.
	for _, w := range []string{" on", " am", " le", " el", " il", " at", ","} {
		if rest, ok := strings.CutSuffix(out, w); ok {
			out = rest
		}
	}
	return out
}

func startsDigit(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// dateLike reports a word that is a date or a time: "2019-05-03",
// "03/05/2019", "3.5.2019", "14:30", "2019".
func dateLike(w string) bool {
	w = strings.Trim(w, ",.;()")
	digits, seps := 0, 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' || c == '/' || c == '.' || c == ':':
			seps++
		default:
			return false
		}
	}
	return digits >= 3 && (seps > 0 || digits == 4)
}

// dateLabel reports a word that introduces a date in a byline.
func dateLabel(w string) bool {
	switch w {
	case "last", "updated", "published", "posted", "date", "aktualisiert", "veröffentlicht", "publié", "mis", "actualizado", "publicado", "aggiornato", "pubblicato":
		return true
	}
	return false
}

// isWeekday reports a lower-case English day name or abbreviation.
func isWeekday(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun":
		return true
	}
	return false
}

// isMonth reports a lower-case month name or abbreviation in English,
// German, French, Spanish or Italian.
func isMonth(w string) bool {
	switch w {
	case "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
		"janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
		"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
		"gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre":
		return true
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// trimGluedDigits removes digits glued to the end of a name, what is left
// of a date run into it ("Lucas Nolan22" from "Lucas Nolan22 Dec 2016").
func trimGluedDigits(s string) string {
	end := len(s)
	for end > 0 && s[end-1] >= '0' && s[end-1] <= '9' {
		end--
	}
	if end == len(s) || end == 0 {
		return s
	}
	r, _ := utf8.DecodeLastRuneInString(s[:end])
	if !unicode.IsLetter(r) {
		return s
	}
	return s[:end]
}
