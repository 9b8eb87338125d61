package page

import (
	"fmt"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// stripUnlikely leaves out page chrome by its tag or role and, with byName,
// by its class and id names: navigation, sidebars, footers, comments,
// share bars and their kin. Tags and roles are what the page's author
// declared, so every attempt trusts them; names are guesses, which a
// retry drops.
func (a *attempt) stripUnlikely(n *html.Node, byName bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || a.gone(c) {
			continue
		}
		if reason, detail := unlikelyReason(c, byName, a.e.base); reason != "" {
			a.leave(c, reason, detail)
			continue
		}
		a.stripUnlikely(c, byName)
	}
}

func unlikelyReason(n *html.Node, byName bool, base map[*html.Node]*stats) (reason, detail string) {
	switch n.DataAtom {
	case atom.Body, atom.Article, atom.Main, atom.A:
		return "", ""
	}
	prose := base[n] != nil && isProse(base[n])
	if chromeTags[n.DataAtom] && !prose {
		return "extract:chrome", "<" + n.Data + "> is page chrome"
	}
	if role := attr(n, "role"); chromeRoles[role] && !prose {
		return "extract:chrome", "role=" + role + " is page chrome"
	}
	name := hintName(n)
	words := unlikely
	if !byName {
		words = strong
	}
	w := firstMatch(name, words)
	if w == "" || firstMatch(name, maybe) != "" || hasAncestor(n, atom.Table, 3) || hasAncestor(n, atom.Code, 3) {
		return "", ""
	}
	if w == "header" && (hasAncestor(n, atom.Article, 0) || base[n] != nil && base[n].linkDensity() < 0.3) {
		// An <article>'s own header holds its title and standfirst, and
		// a header of text rather than links heads a section or a card;
		// a site's header is its links.
		return "", ""
	}
	if prose && firstMatch(name, discussion) == "" {
		// Names are guesses and prose is evidence: a container of long,
		// link-free paragraphs named "paywall" or "extra" is the article.
		return "", ""
	}
	return "extract:class-hint", fmt.Sprintf("class or id contains %q", w)
}

// discussion names comment sections, whose prose is not the article's.
var discussion = []string{"comment", "replies", "disqus", "community", "remark", "respond", "discussion"}

// isProse reports a subtree of several long paragraphs with few links.
func isProse(s *stats) bool {
	return s.proseN >= 3 && s.prose >= 600
}
