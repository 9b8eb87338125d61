package sanitize_test

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"articleservice/sanitize"
)

// builtin returns the shipped policy set, failing the test if it does not load.
func builtin(tb testing.TB) *sanitize.Set {
	tb.Helper()
	set, err := sanitize.Builtin()
	if err != nil {
		tb.Fatalf("Builtin: %v", err)
	}
	return set
}

// lookup returns the named builtin policy.
func lookup(tb testing.TB, name string) *sanitize.Policy {
	tb.Helper()
	p, err := builtin(tb).Lookup(name)
	if err != nil {
		tb.Fatalf("Lookup(%q): %v", name, err)
	}
	return p
}

// dangerousElements must never appear in sanitized output, whatever the policy.
var dangerousElements = map[string]bool{
	"script": true, "style": true, "iframe": true, "object": true, "embed": true, "svg": true,
	"math": true, "base": true, "meta": true, "link": true, "form": true, "input": true,
	"button": true, "textarea": true, "template": true, "noscript": true, "frame": true,
	"frameset": true, "applet": true,
}

// dangerousAttrs must never appear in sanitized output; neither may on*.
var dangerousAttrs = map[string]bool{"style": true, "srcdoc": true, "formaction": true}

// urlAttrs are the attributes whose scheme is checked.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true, "action": true, "poster": true}

var safeSchemes = []string{"http", "https", "mailto"}

var schemeRe = regexp.MustCompile(`^([a-z][a-z0-9+.-]*):`)

// urlScheme returns the scheme a browser reads from an attribute value:
// ASCII whitespace and control characters are stripped (browsers ignore
// them inside a scheme) and the rest lowercased. "" means no scheme.
func urlScheme(v string) string {
	v = strings.Map(func(r rune) rune {
		if r <= 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, v)
	if m := schemeRe.FindStringSubmatch(strings.ToLower(v)); m != nil {
		return m[1]
	}
	return ""
}

// unsafeMarkup parses sanitized output as a browser would and describes
// every way it could run script, load active content or restyle the page.
// An empty result means the output is safe.
func unsafeMarkup(out []byte) []string {
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		return []string{"html.Parse: " + err.Error()}
	}
	var bad []string
	for n := range doc.Descendants() {
		switch n.Type {
		case html.CommentNode:
			bad = append(bad, fmt.Sprintf("comment node %q", n.Data))
		case html.ElementNode:
			if dangerousElements[n.Data] {
				bad = append(bad, fmt.Sprintf("element <%s>", n.Data))
			} else if n.Namespace != "" {
				bad = append(bad, fmt.Sprintf("foreign element <%s %s>", n.Namespace, n.Data))
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"):
					bad = append(bad, fmt.Sprintf("<%s> event handler %s=%q", n.Data, a.Key, a.Val))
				case dangerousAttrs[key]:
					bad = append(bad, fmt.Sprintf("<%s> attribute %s=%q", n.Data, a.Key, a.Val))
				case urlAttrs[key]:
					if s := urlScheme(a.Val); s != "" && !slices.Contains(safeSchemes, s) {
						bad = append(bad, fmt.Sprintf("<%s> %s=%q has scheme %q", n.Data, a.Key, a.Val, s))
					}
				}
			}
		}
	}
	return bad
}

// checkSafe sanitizes src with p, then sanitizes the output again, and
// returns a description of the first invariant either pass breaks, or "":
// both outputs are safe (unsafeMarkup) and the second equals the first.
// Input nested past opt.MaxDepth is refused, which is safe too.
func checkSafe(p *sanitize.Policy, src []byte, opt sanitize.Options) string {
	res, err := p.Sanitize(src, opt)
	var de *sanitize.DepthError
	if errors.As(err, &de) {
		return ""
	}
	if err != nil {
		return fmt.Sprintf("Sanitize: %v", err)
	}
	if bad := unsafeMarkup(res.HTML); len(bad) > 0 {
		return fmt.Sprintf("output %q: %s", res.HTML, strings.Join(bad, "; "))
	}
	// Mutation XSS: markup that is safe as parsed but turns dangerous when
	// a browser serializes and parses it again (innerHTML round trips).
	if doc, err := html.Parse(bytes.NewReader(res.HTML)); err == nil {
		var round bytes.Buffer
		if err := html.Render(&round, doc); err == nil {
			if bad := unsafeMarkup(round.Bytes()); len(bad) > 0 {
				return fmt.Sprintf("output %q re-serialized as %q: %s", res.HTML, round.Bytes(), strings.Join(bad, "; "))
			}
		}
	}
	again, err := p.Sanitize(res.HTML, opt)
	if err != nil {
		return fmt.Sprintf("second Sanitize of %q: %v", res.HTML, err)
	}
	if bad := unsafeMarkup(again.HTML); len(bad) > 0 {
		return fmt.Sprintf("second pass output %q: %s", again.HTML, strings.Join(bad, "; "))
	}
	if !bytes.Equal(again.HTML, res.HTML) {
		return fmt.Sprintf("not idempotent: first pass %q, second pass %q", res.HTML, again.HTML)
	}
	return ""
}
