package page

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// render clones the article's nodes, without what was left out, into one
// detached <div>.
func (a *attempt) render() *html.Node {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range a.kept {
		if n.DataAtom == atom.Body {
			// The article is the whole body: its content, not a second
			// <body> inside the <div>.
			for k := n.FirstChild; k != nil; k = k.NextSibling {
				if c := a.clone(k); c != nil {
					root.AppendChild(c)
				}
			}
			continue
		}
		if c := a.clone(n); c != nil {
			root.AppendChild(c)
		}
	}
	return root
}

func (a *attempt) clone(n *html.Node) *html.Node {
	if a.gone(n) || n.Type == html.CommentNode {
		return nil
	}
	c := &html.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom, Namespace: n.Namespace, Attr: n.Attr}
	if n.Type == html.ElementNode && voidElements[atom.Lookup([]byte(n.Data))] {
		// The parser can hang children on a void element inside foreign
		// content; they cannot be written back as HTML.
		return c
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if kc := a.clone(k); kc != nil {
			c.AppendChild(kc)
		}
	}
	return c
}

// voidElements have no end tag and no children.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Keygen: true, atom.Link: true,
	atom.Meta: true, atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}
