package sanitize

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// specCheck collects the problems of one policy file, each at its line.
type specCheck struct {
	file string
	root *yaml.Node
	sh   shape
	errs []error
}

func (c *specCheck) line(path ...string) int { return lineOf(c.root, path...) }

// bad records a problem, unless checkShape reported one on that line.
func (c *specCheck) bad(l int, format string, args ...any) {
	if l > 0 && c.sh.lines[l] {
		return
	}
	c.errs = append(c.errs, &LoadError{File: c.file, Line: l, Msg: fmt.Sprintf(format, args...)})
}

// names checks the policy's name and the elements and attributes it allows.
func (c *specCheck) names(s *spec) {
	if !nameRe.MatchString(s.Name) {
		c.bad(c.line("name"), "name %q must match %s", s.Name, nameRe)
	}
	if len(s.Elements) == 0 && s.Extends == "" {
		c.bad(c.line("elements"), "elements: at least one element must be allowed")
	}
	for _, el := range sortedKeys(s.Elements) {
		switch {
		case !tagRe.MatchString(el):
			c.bad(c.line("elements", el), "element %q is not an HTML tag name", el)
		case el == "iframe":
			c.bad(c.line("elements", el), "iframes are allowed only under iframes: with a list of hosts")
		case slices.Contains(forbiddenElements, el):
			c.bad(c.line("elements", el), "element %q is dangerous and cannot be allowed", el)
		}
		for _, spec := range s.Elements[el] {
			if spec.malformed {
				continue
			}
			a := spec.Name
			switch {
			case !attrRe.MatchString(a):
				c.bad(c.line("elements", el), "attribute %q of %s is not an attribute name", a, el)
			case strings.HasPrefix(a, "on"):
				c.bad(c.line("elements", el), "attribute %q of %s is an event handler and cannot be allowed", a, el)
			case a == "style":
				c.bad(c.line("elements", el), "attribute \"style\" of %s is dangerous and cannot be allowed: policies have no CSS property allowlist", el)
			case slices.Contains(forbiddenAttributes, a):
				c.bad(c.line("elements", el), "attribute %q of %s is dangerous and cannot be allowed", a, el)
			case a == "class" || strings.HasPrefix(a, "data-"):
				c.bad(c.line("elements", el), "attribute %q of %s: list allowed values under classes: or data_attributes: instead", a, el)
			}
			if spec.Pattern != "" {
				if _, err := regexp.Compile(spec.Pattern); err != nil {
					c.bad(c.line("elements", el), "pattern of attribute %q of %s: %v", a, el, err)
				}
			}
		}
	}
}

// urls checks the URL schemes, relative URLs and lazy image attributes.
func (c *specCheck) urls(s *spec) {
	for _, sc := range s.URLSchemes {
		switch {
		case !schemeRe.MatchString(sc):
			c.bad(c.line("url_schemes"), "url scheme %q is not a scheme name", sc)
		case slices.Contains(forbiddenSchemes, sc):
			c.bad(c.line("url_schemes"), "url scheme %q can run code or smuggle content and cannot be allowed", sc)
		case !slices.Contains(safeSchemes, sc):
			c.bad(c.line("url_schemes"), "url scheme %q is not one known to be safe; a policy may allow only %s", sc, strings.Join(safeSchemes, ", "))
		}
	}
	switch s.RelativeURLs {
	case "", "resolve", "keep", "drop":
	default:
		c.bad(c.line("relative_urls"), "relative_urls %q must be resolve, keep or drop", s.RelativeURLs)
	}
	for _, a := range s.LazyImageAttributes {
		if !(strings.HasPrefix(a, "data-") || strings.HasPrefix(a, "_")) || !lazyRe.MatchString(a) {
			c.bad(c.line("lazy_image_attributes"), "lazy image attribute %q must be a data-* attribute (or a site's own _src-style one)", a)
		}
	}
}

// embeds checks the images and iframes blocks.
func (c *specCheck) embeds(s *spec) {
	images, iframes := s.Images, s.Iframes
	if images == nil {
		images = &imagesSpec{}
	}
	if iframes == nil {
		iframes = &iframesSpec{}
	}
	for _, h := range images.HTTPSHosts {
		if !hostRe.MatchString(h) {
			c.bad(c.line("images", "https_hosts"), "https host %q is not a host name", h)
		}
	}
	switch images.ReferrerPolicy {
	case "", "no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin",
		"strict-origin", "strict-origin-when-cross-origin", "unsafe-url":
	default:
		c.bad(c.line("images", "referrerpolicy"), "referrerpolicy %q is not a referrer policy", images.ReferrerPolicy)
	}
	for _, h := range iframes.Hosts {
		if !hostRe.MatchString(h) || strings.HasPrefix(h, "*") {
			c.bad(c.line("iframes", "hosts"), "iframe host %q must be an exact host name", h)
		}
	}
	if len(iframes.Sandbox) > 0 && len(iframes.Hosts) == 0 {
		c.bad(c.line("iframes"), "iframes: a sandbox without hosts allows nothing; list the hosts")
	}
	for _, v := range iframes.Sandbox {
		if _, ok := sandboxValues[v]; !ok {
			c.bad(c.line("iframes", "sandbox"), "sandbox value %q is not one of %s", v, strings.Join(sortedKeys(sandboxValues), ", "))
		} else if v == "allow-top-navigation" || v == "allow-popups-to-escape-sandbox" {
			c.bad(c.line("iframes", "sandbox"), "sandbox value %q lets an embed navigate or escape the page and cannot be allowed", v)
		}
	}
}

// attributes checks classes, data attributes, match hosts and metadata.
func (c *specCheck) attributes(s *spec) {
	for _, class := range s.Classes {
		if !classRe.MatchString(class) {
			c.bad(c.line("classes"), "class %q is not a class name", class)
		}
	}
	for _, d := range s.DataAttributes {
		if !strings.HasPrefix(d, "data-") || !attrRe.MatchString(d) {
			c.bad(c.line("data_attributes"), "data attribute %q must be data-*", d)
		}
	}
	for _, h := range s.Match.Hosts {
		if !hostRe.MatchString(strings.TrimPrefix(h, "*.")) {
			c.bad(c.line("match", "hosts"), "host %q is not a host name", h)
		}
	}
	if m := s.Metadata; m != nil && m.Timezone != "" {
		if _, err := time.LoadLocation(m.Timezone); err != nil {
			c.bad(c.line("metadata", "timezone"), "timezone %q: %v", m.Timezone, err)
		}
	}
	if m := s.Metadata; m != nil {
		switch m.Extraction {
		case "", "auto", "page", "fragment":
		default:
			c.bad(c.line("metadata", "extraction"), "extraction %q must be auto, page or fragment", m.Extraction)
		}
	}
}

// rules checks extends and the content rules.
func (c *specCheck) rules(s *spec) {
	if s.Extends == s.Name && s.Name != "" {
		c.bad(c.line("extends"), "a policy cannot extend itself")
	}
	seen := map[string]bool{}
	for i, r := range s.Rules {
		if c.sh.under(fmt.Sprintf("rules[%d]", i)) {
			continue
		}
		l := itemLine(c.root, i, "rules")
		if !nameRe.MatchString(r.Name) {
			c.bad(l, "rule name %q must match %s", r.Name, nameRe)
		}
		if seen[r.Name] {
			c.bad(l, "rule name %q is used twice", r.Name)
		}
		seen[r.Name] = true
		kinds := 0
		for _, v := range []string{r.Remove, r.Unwrap, r.Rename, r.Extract} {
			if v != "" {
				kinds++
			}
		}
		if r.Drop {
			kinds++
		}
		if kinds != 1 {
			c.bad(l, "rule %q must have exactly one of remove, unwrap, rename, extract or drop", r.Name)
			continue
		}
		if r.Rename != "" {
			if _, ok := s.Elements[r.To]; !ok && r.To != "" && s.Extends == "" {
				c.bad(l, "rule %q: rename to %q, which elements: does not allow", r.Name, r.To)
			}
			if !tagRe.MatchString(r.To) || slices.Contains(forbiddenElements, r.To) || r.To == "iframe" {
				c.bad(l, "rule %q: rename needs to: naming a safe element", r.Name)
			}
		} else if r.To != "" {
			c.bad(l, "rule %q: to belongs to rename rules", r.Name)
		}
		for _, sel := range []string{r.Remove, r.Unwrap, r.Rename, r.Select} {
			if sel != "" {
				if _, err := parseSelector(sel); err != nil {
					c.bad(l, "rule %q: %v", r.Name, err)
				}
			}
		}
		if r.Extract != "" || r.Drop {
			if r.Extract != "" && !nameRe.MatchString(r.Extract) {
				c.bad(l, "rule %q: field %q must match %s", r.Name, r.Extract, nameRe)
			}
			re, err := regexp.Compile(r.Pattern)
			switch {
			case r.Pattern == "":
				c.bad(l, "rule %q: extract and drop need a pattern", r.Name)
			case err != nil:
				c.bad(l, "rule %q: pattern: %v", r.Name, err)
			case r.Extract != "" && re.NumSubexp() < 1:
				c.bad(l, "rule %q: pattern needs a capture group for the value", r.Name)
			}
		} else if r.Pattern != "" || r.Select != "" || r.MaxLength != 0 {
			c.bad(l, "rule %q: pattern, select and max_length belong to extract and drop rules", r.Name)
		}
	}
}
