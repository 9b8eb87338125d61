package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	xhtml "golang.org/x/net/html"
	"gopkg.in/yaml.v3"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/frontmatter"
	"articleservice/service/normalize"
)

// The Fidelity figures of docs/policies.md. TestFidelity fails when the corpus gives
// any other number, lower (a regression) or higher (raise the figure here
// and in docs/policies.md).
const (
	fidelityDocuments  = 175
	fidelityParagraphs = 1744 // visible p, li and headings of the corpus pages
	fidelityKept       = 1699 // of them in body_text
	// fidelityRepeatedBlocks is how many distinct blocks repeat verbatim
	// across documents of one site: the furniture measure's reach.
	fidelityRepeatedBlocks = 15
)

// ruleAllowances is how many visible paragraphs of the corpus each content
// rule takes out of the body on purpose. A paragraph missing from
// body_text is charged to the rule whose absence brings it back (the
// document is processed again with the policy minus that rule); one no
// rule brings back is lost. Each count is exact: a rule that drops one
// paragraph more (or less) fails the test.
var ruleAllowances = []struct {
	rule       string // policy/rule, the policy being the one that defines it
	paragraphs int
	why        string
}{
	{"article/editor", 20, "责任编辑 lines of Sina pages become the editor field"},
	{"article/source", 9, "来源 lines become source_name"},
	{"article/original-title", 8, "原标题 lines of Sina pages become original_title"},
	{"huxiu/reprint-source", 4, "本文来自微信公众号 reprint lines become source_name"},
	{"huxiu/credits", 3, "监制, 题图 and 头图 production and photo credits"},
	{"huxiu/byline", 1, "a 作者 | credit line becomes the byline"},
}

// knownFurniture is the site furniture that still reaches body_text: a
// block repeated verbatim in the bodies of two or more documents of one
// site, found by comparing the documents (not from any list the policies
// hold), that survives as a whole paragraph or line. Every other repeated
// block (Sina's app promo, 知乎's discussion links, 掘金's copy buttons,
// editor and reprint lines, ...) must be gone.
var knownFurniture = []struct {
	site, block string
	documents   int // documents whose body_text keeps it
	why         string
}{
	{"Dribbble", "0 likes 0 saves", 5, "the shot's counters; Dribbble has no policy of its own"},
	{"Bangumi", "番组计划", 12, "the where-to-watch list under every entry; Bangumi has no policy"},
	{"Bangumi", "哔哩哔哩（港澳台）", 4, "the same list"},
	{"Bangumi", "哔哩哔哩", 2, "the same list"},
	{"Bangumi", "搜狐视频", 2, "the same list"},
	{"Axis Studios", "Skills", 2, "the heading of the studio's skills box"},
}

// knownLinkLists are the documents whose body_html keeps a link list: a
// list or block of three or more links with almost no other text (the
// shape of navigation and related-story boxes, measured, not named).
var knownLinkLists = []struct {
	file  string
	lists int
	why   string
}{
	{"0039.md", 1, "Bangumi's where-to-watch links, the entry's whole body besides its cover"},
	{"0042.md", 1, "the same"},
	{"0043.md", 1, "the same"},
	{"0044.md", 1, "the same"},
	{"0192.md", 1, "the same"},
	{"0210.md", 1, "the same"},
	{"0211.md", 1, "the same"},
	{"0186.md", 1, "Axis Studios' skill links under its Skills heading"},
	{"0249.md", 1, "the author's list of earlier articles on stacking, part of the text"},
}

// fidelityBoilerplate is markup that is never part of an article,
// whatever the site: no policy lists it.
var fidelityBoilerplate = map[string]*regexp.Regexp{
	"css text":      regexp.MustCompile(`&#123;|&#125;|[a-zA-Z0-9_.#\]-]\s*\{\s*[a-z-]+\s*:[^{}]*\}`),
	"comment text":  regexp.MustCompile(`<!--|-->`),
	"empty wrapper": regexp.MustCompile(`<(p|div|span|figure|blockquote|h[1-6])>\s*</(p|div|span|figure|blockquote|h[1-6])>`),
}

// codeRe strips code, whose text may legitimately look like CSS.
var codeRe = regexp.MustCompile(`(?s)<pre>.*?</pre>|<code>.*?</code>`)

// TestFidelity measures, over the whole corpus, what of each page's
// visible paragraphs reaches body_text, what the rules take out and why,
// and what boilerplate survives by three measures the policies did not
// write: blocks repeated across a site's documents, link lists, and
// markup that is never article text. `go test ./service/pipeline -run
// TestFidelity -v` prints the figures docs/policies.md quotes.
func TestFidelity(t *testing.T) {
	p := newPipeline(t, Config{})
	without := newRuleRemover(t)
	var docs, paras, kept int
	drops := map[string]int{}
	var lost []string
	survived := map[string][]string{}
	linkLists := map[string]int{}
	// site -> block -> documents with it in the body, and those keeping it.
	repeated := map[string]map[string][]string{}
	keeps := map[string]map[string]map[string]bool{}
	for _, file := range corpusFiles(t) {
		name := filepath.Base(file)
		doc := readFile(t, file)
		a, err := p.Process(context.Background(), documentOf(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs++
		_, body, _, _, _ := frontmatter.Split(doc, 0)
		text := normalize.Space(a.BodyText)
		for _, para := range visibleParagraphs(t, body) {
			paras++
			if strings.Contains(text, para) {
				kept++
				continue
			}
			if rule := without.bringsBack(t, doc, a, para); rule != "" {
				drops[rule]++
				continue
			}
			lost = append(lost, fmt.Sprintf("%s: %.60q", name, para))
		}

		if repeated[a.Site] == nil {
			repeated[a.Site], keeps[a.Site] = map[string][]string{}, map[string]map[string]bool{}
		}
		lines := bodyLines(a.BodyText)
		for _, b := range textBlocks(t, body) {
			repeated[a.Site][b] = append(repeated[a.Site][b], name)
			if lines[b] {
				if keeps[a.Site][b] == nil {
					keeps[a.Site][b] = map[string]bool{}
				}
				keeps[a.Site][b][name] = true
			}
		}

		if n := countLinkLists(t, a.BodyHTML); n > 0 {
			linkLists[name] = n
		}

		for kind, re := range fidelityBoilerplate {
			// Code may legitimately look like CSS; empty wrappers are
			// judged on the body as it is.
			html := a.BodyHTML
			if kind != "empty wrapper" {
				html = codeRe.ReplaceAllString(html, "") + "\n" + a.BodyText
			}
			if m := re.FindString(html); m != "" {
				survived[kind] = append(survived[kind], fmt.Sprintf("%s: %q", name, m))
			}
		}
	}

	// Furniture: blocks in two or more documents of a site.
	furniture := map[[2]string]int{}
	blocks, occurrences := 0, 0
	for site, bs := range repeated {
		for b, in := range bs {
			if len(in) < 2 {
				continue
			}
			blocks++
			occurrences += len(in)
			if n := len(keeps[site][b]); n > 0 {
				furniture[[2]string{site, b}] = n
			}
		}
	}

	dropped := 0
	for _, n := range drops {
		dropped += n
	}
	var report strings.Builder
	fmt.Fprintf(&report, "fidelity over %d documents: %d visible paragraphs, %d kept (%.2f%%), %d dropped by rules, %d lost\n",
		docs, paras, kept, 100*float64(kept)/float64(paras), dropped, len(lost))
	allowed := map[string]bool{}
	for _, r := range ruleAllowances {
		allowed[r.rule] = true
		fmt.Fprintf(&report, "  rule %-24s %3d paragraphs (allowance %d)\n", r.rule, drops[r.rule], r.paragraphs)
	}
	for rule, n := range drops {
		if !allowed[rule] {
			fmt.Fprintf(&report, "  rule %-24s %3d paragraphs (no allowance)\n", rule, n)
		}
	}
	fmt.Fprintf(&report, "site furniture: %d blocks repeated across documents of a site (%d occurrences); surviving:\n", blocks, occurrences)
	for _, f := range sortedKeys(furniture) {
		fmt.Fprintf(&report, "  %s %q in %d documents\n", f[0], f[1], furniture[f])
	}
	fmt.Fprintf(&report, "link lists surviving: %v\n", linkLists)
	fmt.Fprintf(&report, "never article text surviving: %v\n", survived)
	t.Log("\n" + report.String())

	t.Run("every_visible_paragraph_is_kept_or_dropped_by_a_named_rule", func(t *testing.T) {
		for _, l := range lost {
			t.Errorf("paragraph lost, no rule drops it: %s", l)
		}
		if docs != fidelityDocuments || paras != fidelityParagraphs || kept != fidelityKept {
			t.Errorf("%d documents, %d of %d visible paragraphs kept; docs/policies.md states %d documents, %d of %d",
				docs, kept, paras, fidelityDocuments, fidelityKept, fidelityParagraphs)
		}
	})
	t.Run("each_rule_drops_exactly_its_allowance", func(t *testing.T) {
		for _, r := range ruleAllowances {
			if drops[r.rule] != r.paragraphs {
				t.Errorf("rule %s dropped %d visible paragraphs, its allowance is %d (%s)", r.rule, drops[r.rule], r.paragraphs, r.why)
			}
			delete(drops, r.rule)
		}
		for rule, n := range drops {
			t.Errorf("rule %s dropped %d visible paragraphs and has no allowance", rule, n)
		}
	})
	t.Run("site_furniture_survives_only_where_listed", func(t *testing.T) {
		if blocks != fidelityRepeatedBlocks {
			t.Errorf("%d blocks repeat across documents of a site; docs/policies.md states %d", blocks, fidelityRepeatedBlocks)
		}
		for _, k := range knownFurniture {
			key := [2]string{k.site, k.block}
			if furniture[key] != k.documents {
				t.Errorf("%s %q survives in %d documents, listed for %d (%s)", k.site, k.block, furniture[key], k.documents, k.why)
			}
			delete(furniture, key)
		}
		for key, n := range furniture {
			t.Errorf("%s %q, repeated across the site's documents, survives in %d of them", key[0], key[1], n)
		}
	})
	t.Run("link_lists_survive_only_where_listed", func(t *testing.T) {
		for _, k := range knownLinkLists {
			if linkLists[k.file] != k.lists {
				t.Errorf("%s keeps %d link lists, listed for %d (%s)", k.file, linkLists[k.file], k.lists, k.why)
			}
			delete(linkLists, k.file)
		}
		for file, n := range linkLists {
			t.Errorf("%s keeps %d link lists", file, n)
		}
	})
	t.Run("no_css_comment_or_empty_wrapper_survives", func(t *testing.T) {
		for kind, list := range survived {
			for _, s := range list {
				t.Errorf("%s survived: %s", kind, s)
			}
		}
	})
}

// visibleParagraphs returns the whitespace-normalized text of every <p>,
// <li> and heading of a page that a reader sees: not inside script, style,
// template or an element hidden with display:none.
func visibleParagraphs(tb testing.TB, body []byte) []string {
	tb.Helper()
	root, err := xhtml.Parse(bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("parse page: %v", err)
	}
	var out []string
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			if invisible(n) {
				return
			}
			switch n.Data {
			case "p", "li", "h1", "h2", "h3", "h4", "h5", "h6":
				if t := normalize.Space(textOf(n)); len([]rune(t)) >= 4 {
					out = append(out, t)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// invisible says a reader never sees n's text.
func invisible(n *xhtml.Node) bool {
	switch n.Data {
	case "script", "style", "template", "noscript", "head", "iframe", "button", "select", "textarea", "svg":
		return true
	}
	for _, a := range n.Attr {
		if a.Key == "hidden" || a.Key == "style" && strings.Contains(strings.ReplaceAll(a.Val, " ", ""), "display:none") {
			return true
		}
	}
	return false
}

// textBlocks returns the distinct normalized texts of a page's visible
// block elements of at least four characters, nested ones included.
func textBlocks(tb testing.TB, body []byte) []string {
	tb.Helper()
	root, err := xhtml.Parse(bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("parse page: %v", err)
	}
	seen := map[string]bool{}
	var out []string
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			if invisible(n) {
				return
			}
			switch n.Data {
			case "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "section", "article", "header", "footer",
				"aside", "nav", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "figcaption", "pre":
				if t := normalize.Space(textOf(n)); len([]rune(t)) >= 4 && !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// bodyLines is the set of body_text's paragraphs and lines, normalized.
func bodyLines(text string) map[string]bool {
	out := map[string]bool{}
	for _, para := range strings.Split(text, "\n\n") {
		out[normalize.Space(para)] = true
		for _, line := range strings.Split(para, "\n") {
			out[normalize.Space(line)] = true
		}
	}
	return out
}

// countLinkLists counts the innermost blocks of body_html holding three or
// more links whose text is at least 90% of the block's.
func countLinkLists(tb testing.TB, body string) int {
	tb.Helper()
	root, err := xhtml.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatalf("parse body_html: %v", err)
	}
	n := 0
	// walk reports whether n or a descendant is a link list.
	var walk func(n *xhtml.Node) bool
	walk = func(node *xhtml.Node) bool {
		inner := false
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				inner = true
			}
		}
		if inner || node.Type != xhtml.ElementNode {
			return inner
		}
		switch node.Data {
		case "ul", "ol", "p", "div", "blockquote", "td", "dd", "nav", "section":
		default:
			return false
		}
		links, linkChars := 0, 0
		var count func(*xhtml.Node)
		count = func(c *xhtml.Node) {
			if c.Type == xhtml.ElementNode && c.Data == "a" {
				links++
				linkChars += len([]rune(normalize.Space(textOf(c))))
				return
			}
			for d := c.FirstChild; d != nil; d = d.NextSibling {
				count(d)
			}
		}
		count(node)
		all := len([]rune(normalize.Space(textOf(node))))
		if links >= 3 && all > 0 && linkChars*10 >= all*9 {
			n++
			return true
		}
		return false
	}
	walk(root)
	return n
}

func textOf(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch {
		case n.Type == xhtml.TextNode:
			b.WriteString(n.Data)
		case n.Type == xhtml.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		case n.Type == xhtml.ElementNode && n.Data == "br":
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func sortedKeys[K interface{ ~[2]string }, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	return keys
}

// ruleRemover processes documents again under the shipped policies minus
// one content rule, to find which rule took a paragraph out.
type ruleRemover struct {
	files map[string][]byte   // policy file name -> source
	defs  map[string]string   // policy name -> its file
	base  map[string]string   // policy name -> the policy it extends
	rules map[string][]string // policy name -> its own rules
	// pipelines holds one pipeline per removed "policy/rule".
	pipelines map[string]*Pipeline
}

func newRuleRemover(tb testing.TB) *ruleRemover {
	tb.Helper()
	paths, err := filepath.Glob("../../sanitize/policies/*.yaml")
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no policy files (err %v)", err)
	}
	r := &ruleRemover{files: map[string][]byte{}, defs: map[string]string{}, base: map[string]string{},
		rules: map[string][]string{}, pipelines: map[string]*Pipeline{}}
	for _, path := range paths {
		src := readFile(tb, path)
		var spec struct {
			Name    string `yaml:"name"`
			Extends string `yaml:"extends"`
			Rules   []struct {
				Name string `yaml:"name"`
			} `yaml:"rules"`
		}
		if err := yaml.Unmarshal(src, &spec); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		file := filepath.Base(path)
		r.files[file], r.defs[spec.Name], r.base[spec.Name] = src, file, spec.Extends
		for _, rule := range spec.Rules {
			r.rules[spec.Name] = append(r.rules[spec.Name], rule.Name)
		}
	}
	return r
}

// bringsBack returns the "policy/rule" without which para is in the body
// text of doc, trying the rules that removed something from a, or "".
func (r *ruleRemover) bringsBack(tb testing.TB, doc []byte, a *article.Article, para string) string {
	tb.Helper()
	for _, rm := range a.Removals {
		name, ok := strings.CutPrefix(rm.Reason, "rule:")
		if !ok || rm.Count == 0 {
			continue
		}
		owner := a.Policy.Name
		for owner != "" && !slices.Contains(r.rules[owner], name) {
			owner = r.base[owner]
		}
		if owner == "" {
			tb.Fatalf("%s: no policy in the chain of %s has a rule %s", rm.Reason, a.Policy.Name, name)
		}
		b, err := r.pipeline(tb, owner, name).Process(context.Background(), documentOf(doc))
		if err != nil {
			tb.Fatalf("process without %s/%s: %v", owner, name, err)
		}
		if strings.Contains(normalize.Space(b.BodyText), para) {
			return owner + "/" + name
		}
	}
	return ""
}

// pipeline is one over the shipped policies with policy's rule removed.
func (r *ruleRemover) pipeline(tb testing.TB, policy, rule string) *Pipeline {
	tb.Helper()
	key := policy + "/" + rule
	if p, ok := r.pipelines[key]; ok {
		return p
	}
	fsys := fstest.MapFS{}
	for file, src := range r.files {
		if file == r.defs[policy] {
			src = withoutRule(tb, src, rule)
		}
		fsys["policies/"+file] = &fstest.MapFile{Data: src}
	}
	set, err := sanitize.LoadFS(fsys, "policies")
	if err != nil {
		tb.Fatalf("policies without %s: %v", key, err)
	}
	p := New(Config{Limits: DefaultLimits()}, set)
	r.pipelines[key] = p
	return p
}

// withoutRule returns a policy file with the named rule taken out of its
// rules list.
func withoutRule(tb testing.TB, src []byte, rule string) []byte {
	tb.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 {
		tb.Fatalf("parse policy: %v", err)
	}
	root := doc.Content[0]
	removed := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "rules" {
			continue
		}
		seq := root.Content[i+1]
		seq.Content = slices.DeleteFunc(seq.Content, func(n *yaml.Node) bool {
			for j := 0; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == "name" && n.Content[j+1].Value == rule {
					removed = true
					return true
				}
			}
			return false
		})
	}
	if !removed {
		tb.Fatalf("policy has no rule %s", rule)
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		tb.Fatalf("marshal policy: %v", err)
	}
	return out
}
