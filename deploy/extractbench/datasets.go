package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
)

// The page sets are the test data of these module versions, fetched by
// the go command into its module cache and never copied into this repo.
const (
	trafilaturaModule = "github.com/markusmobius/go-trafilatura@v1.12.2"
	readabilityModule = "codeberg.org/readeck/go-readability/v2@v2.1.3"
)

// readabilityPageURL is the URL Readability's own tests give every page.
const readabilityPageURL = "http://fakehost/test/page.html"

// Page is one input page with what its set expects of it.
type Page struct {
	Name string // file (trafilatura set) or directory (readability set)
	URL  string
	HTML []byte
	// Trafilatura set.
	With, Without []string
	// Readability set.
	WantText string
	WantMeta Meta
}

// Meta is the metadata a page is expected to yield; empty means unknown.
type Meta struct {
	Title, Byline, Published, SiteName, Language string
}

// moduleDir returns the directory of a module version in the module
// cache, downloading it if needed.
func moduleDir(modVersion string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", modVersion)
	// Outside any module, so no go.mod or go.sum is touched.
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("download %s: %s", modVersion, info.Error)
	}
	if err != nil {
		return "", fmt.Errorf("download %s: %w: %s", modVersion, err, strings.TrimSpace(stderr.String()))
	}
	if info.Dir == "" {
		return "", fmt.Errorf("download %s: no Dir in go mod download output", modVersion)
	}
	return info.Dir, nil
}

// TrafilaturaSet is go-trafilatura's comparison set as its comparison
// script loads it, with where each page came from.
type TrafilaturaSet struct {
	Pages []Page
	// FromComparison and FromMock count pages by directory: the script's
	// openDataFile looks in test-files/comparison, then test-files/mock.
	FromComparison, FromMock int
	// Skipped lists entries the script would skip, with why.
	Skipped []string
}

// loadTrafilatura reads scripts/comparison/data.go of the module at dir and
// the pages it names, skipping what prepareExtractorParameter skips: a key
// that is not a request URI, a file in neither directory.
func loadTrafilatura(dir string) (*TrafilaturaSet, error) {
	entries, err := parseComparisonData(filepath.Join(dir, "scripts", "comparison", "data.go"))
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	// The script ranges over a map; a fixed order makes runs and -v
	// output comparable (the scores do not depend on it).
	sort.Strings(keys)
	set := &TrafilaturaSet{}
	for _, k := range keys {
		e := entries[k]
		if _, err := url.ParseRequestURI(k); err != nil {
			set.Skipped = append(set.Skipped, fmt.Sprintf("%s: url: %v", e.File, err))
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, "test-files", "comparison", e.File))
		if err == nil {
			set.FromComparison++
		} else {
			raw, err = os.ReadFile(filepath.Join(dir, "test-files", "mock", e.File))
			if err != nil {
				set.Skipped = append(set.Skipped, fmt.Sprintf("%s: in neither comparison nor mock", e.File))
				continue
			}
			set.FromMock++
		}
		set.Pages = append(set.Pages, Page{Name: e.File, URL: k, HTML: raw, With: e.With, Without: e.Without})
	}
	if len(set.Pages) == 0 {
		return nil, fmt.Errorf("trafilatura set in %s: no pages", dir)
	}
	return set, nil
}

type comparisonEntry struct {
	File          string
	With, Without []string
}

// parseComparisonData reads the comparisonData map literal of data.go
// without compiling it: the data stays in the peer's module.
func parseComparisonData(path string) (map[string]comparisonEntry, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse comparison data: %w", err)
	}
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || lit != nil {
			return lit == nil
		}
		for i, name := range vs.Names {
			if name.Name == "comparisonData" && i < len(vs.Values) {
				lit, _ = vs.Values[i].(*ast.CompositeLit)
			}
		}
		return false
	})
	if lit == nil {
		return nil, fmt.Errorf("parse comparison data: no comparisonData map literal in %s", path)
	}
	out := make(map[string]comparisonEntry, len(lit.Elts))
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil, fmt.Errorf("parse comparison data: element without key")
		}
		key, err := stringValue(kv.Key)
		if err != nil {
			return nil, fmt.Errorf("parse comparison data: key: %w", err)
		}
		e, err := entryValue(kv.Value)
		if err != nil {
			return nil, fmt.Errorf("parse comparison data: %s: %w", key, err)
		}
		out[key] = e
	}
	return out, nil
}

func entryValue(x ast.Expr) (comparisonEntry, error) {
	var e comparisonEntry
	lit, ok := x.(*ast.CompositeLit)
	if !ok {
		return e, errors.New("entry is not a composite literal")
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return e, errors.New("entry field without name")
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			return e, errors.New("entry field name is not an identifier")
		}
		var err error
		switch id.Name {
		case "File":
			e.File, err = stringValue(kv.Value)
		case "With":
			e.With, err = stringsValue(kv.Value)
		case "Without":
			e.Without, err = stringsValue(kv.Value)
		}
		if err != nil {
			return e, fmt.Errorf("%s: %w", id.Name, err)
		}
	}
	if e.File == "" {
		return e, errors.New("no File")
	}
	return e, nil
}

// stringValue evaluates a string literal or a concatenation of them.
func stringValue(x ast.Expr) (string, error) {
	switch v := x.(type) {
	case *ast.BasicLit:
		if v.Kind != token.STRING {
			return "", fmt.Errorf("literal %s is not a string", v.Value)
		}
		return strconv.Unquote(v.Value)
	case *ast.BinaryExpr:
		if v.Op != token.ADD {
			return "", fmt.Errorf("operator %s in a string", v.Op)
		}
		a, err := stringValue(v.X)
		if err != nil {
			return "", err
		}
		b, err := stringValue(v.Y)
		return a + b, err
	case *ast.ParenExpr:
		return stringValue(v.X)
	}
	return "", fmt.Errorf("%T is not a string literal", x)
}

func stringsValue(x ast.Expr) ([]string, error) {
	if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
		return nil, nil
	}
	lit, ok := x.(*ast.CompositeLit)
	if !ok {
		return nil, fmt.Errorf("%T is not a []string literal", x)
	}
	out := make([]string, 0, len(lit.Elts))
	for _, elt := range lit.Elts {
		s, err := stringValue(elt)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// loadReadability reads test-pages/*/ of the module at dir: every
// directory with a source.html, expected.html and expected-metadata.json.
func loadReadability(dir string) ([]Page, error) {
	root := filepath.Join(dir, "test-pages")
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("readability set: %w", err)
	}
	var pages []Page
	for _, ent := range ents {
		if !ent.IsDir() {
			continue
		}
		p, err := loadReadabilityPage(filepath.Join(root, ent.Name()))
		if err != nil {
			return nil, fmt.Errorf("readability set: %s: %w", ent.Name(), err)
		}
		p.Name = ent.Name()
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("readability set in %s: no pages", dir)
	}
	return pages, nil
}

func loadReadabilityPage(dir string) (Page, error) {
	p := Page{URL: readabilityPageURL}
	var err error
	if p.HTML, err = os.ReadFile(filepath.Join(dir, "source.html")); err != nil {
		return p, err
	}
	expected, err := os.ReadFile(filepath.Join(dir, "expected.html"))
	if err != nil {
		return p, err
	}
	doc, err := html.Parse(bytes.NewReader(expected))
	if err != nil {
		return p, fmt.Errorf("expected.html: %w", err)
	}
	// The expected page is Readability's own output; its innerText-style
	// rendering gives the same words any text rendering would, and the
	// shingle score looks at nothing else.
	p.WantText = render.InnerText(doc)
	raw, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json"))
	if err != nil {
		return p, err
	}
	// null and absent both decode to "": not expected, not scored.
	var m struct {
		Title, Byline, SiteName, PublishedTime, Language *string
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return p, fmt.Errorf("expected-metadata.json: %w", err)
	}
	p.WantMeta = Meta{
		Title:     deref(m.Title),
		Byline:    deref(m.Byline),
		Published: deref(m.PublishedTime),
		SiteName:  deref(m.SiteName),
		Language:  deref(m.Language),
	}
	return p, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
