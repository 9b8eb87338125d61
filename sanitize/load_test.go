package sanitize_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"articleservice/sanitize"
)

// wantLoadError is one problem a policy file must be reported for.
type wantLoadError struct {
	file string
	line int    // 0: the problem has no line
	msg  string // contained in LoadError.Msg
}

// loadErrors returns every *LoadError in err, which may be a tree of joined
// errors, in order; it fails tb if any leaf is not a *LoadError.
func loadErrors(tb testing.TB, err error) []*sanitize.LoadError {
	tb.Helper()
	var out []*sanitize.LoadError
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var le *sanitize.LoadError
		if !errors.As(err, &le) {
			tb.Errorf("error %q (%T) is not a *sanitize.LoadError", err, err)
			return
		}
		out = append(out, le)
	}
	walk(err)
	return out
}

// checkLoadErrors fails tb unless err reports exactly want, in order, each
// with its file:line in the error text.
func checkLoadErrors(tb testing.TB, err error, want []wantLoadError) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want %d", len(want))
	}
	got := loadErrors(tb, err)
	if len(got) != len(want) {
		tb.Fatalf("got %d errors, want %d:\n%v", len(got), len(want), err)
	}
	for i, w := range want {
		g := got[i]
		if g.File != w.file || g.Line != w.line || !strings.Contains(g.Msg, w.msg) {
			tb.Errorf("error %d = {File:%q Line:%d Msg:%q}, want {File:%q Line:%d Msg containing %q}",
				i, g.File, g.Line, g.Msg, w.file, w.line, w.msg)
		}
		prefix := w.file + ": "
		if w.line > 0 {
			prefix = fmt.Sprintf("%s:%d: ", w.file, w.line)
		}
		if !strings.Contains(err.Error(), prefix+g.Msg) {
			tb.Errorf("error text %q lacks %q", err.Error(), prefix+g.Msg)
		}
	}
}

func TestParseRejects(t *testing.T) {
	const file = "policies/custom.yaml"
	tests := []struct {
		name   string
		reason string
		src    string
		want   []wantLoadError
	}{
		{
			name:   "unknown_key",
			reason: "a misspelt key would silently do nothing",
			src:    "name: custom\ncolour: blue\nelements:\n  p: []\n",
			want:   []wantLoadError{{file, 2, `unknown key "colour"; the keys are name, description,`}},
		},
		{
			name:   "unknown_nested_key",
			reason: "a misspelt links option would leave links followable",
			src:    "name: custom\nelements:\n  a: [href]\nlinks:\n  nofolow: true\n",
			want:   []wantLoadError{{file, 5, `unknown key "nofolow" in links (did you mean nofollow?)`}},
		},
		{
			name:   "yaml_syntax_error",
			reason: "YAML forbids tab indentation; the parser's line must come through",
			src:    "name: custom\nelements:\n\tp: []\n",
			want:   []wantLoadError{{file, 3, "found character that cannot start any token"}},
		},
		{
			name:   "empty_file",
			reason: "an empty file is a mistake, not an empty policy",
			src:    "# nothing yet\n",
			want:   []wantLoadError{{file, 0, "the file is empty"}},
		},
		{
			name:   "script_element",
			reason: "allowing script defeats the sanitizer",
			src:    "name: custom\nelements:\n  p: []\n  script: []\n",
			want:   []wantLoadError{{file, 4, `element "script" is dangerous`}},
		},
		{
			name:   "style_element",
			reason: "style restyles the host page and can load URLs",
			src:    "name: custom\nelements:\n  style: []\n  p: []\n",
			want:   []wantLoadError{{file, 3, `element "style" is dangerous`}},
		},
		{
			name:   "iframe_element",
			reason: "an iframe embeds another origin's page",
			src:    "name: custom\nelements:\n  p: []\n  iframe: [src]\n",
			want:   []wantLoadError{{file, 4, `iframes are allowed only under iframes: with a list of hosts`}},
		},
		{
			name:   "event_handler_attribute",
			reason: "on* attributes are script",
			src:    "name: custom\nelements:\n  a: [href, onclick]\n",
			want:   []wantLoadError{{file, 3, `attribute "onclick" of a is an event handler`}},
		},
		{
			name:   "style_attribute",
			reason: "inline style can load URLs and cover the page",
			src:    "name: custom\nelements:\n  p: [style]\n",
			want:   []wantLoadError{{file, 3, `attribute "style" of p is dangerous`}},
		},
		{
			name:   "javascript_scheme",
			reason: "javascript: URLs run script when followed",
			src:    "name: custom\nelements:\n  a: [href]\nurl_schemes: [https, javascript]\n",
			want:   []wantLoadError{{file, 4, `url scheme "javascript" can run code`}},
		},
		{
			name:   "data_scheme",
			reason: "data: URLs smuggle documents, SVG with script among them",
			src:    "name: custom\nelements:\n  img: [src]\nurl_schemes:\n  - https\n  - data\n",
			want:   []wantLoadError{{file, 4, `url scheme "data" can run code or smuggle content`}},
		},
		{
			name:   "bad_relative_urls",
			reason: "only resolve, keep and drop mean something",
			src:    "name: custom\nelements:\n  a: [href]\nrelative_urls: absolute\n",
			want:   []wantLoadError{{file, 4, `relative_urls "absolute" must be resolve, keep or drop`}},
		},
		{
			name:   "lazy_attribute_not_data",
			reason: "promoting srcset or src-like attributes into src would bypass the allowlist",
			src:    "name: custom\nelements:\n  img: [src]\nlazy_image_attributes: [data-src, srcset]\n",
			want:   []wantLoadError{{file, 4, `lazy image attribute "srcset" must be a data-* attribute`}},
		},
		{
			name:   "no_elements",
			reason: "a policy that allows nothing is a typo",
			src:    "name: custom\nelements: {}\n",
			want:   []wantLoadError{{file, 2, "at least one element must be allowed"}},
		},
		{
			name:   "bad_name",
			reason: "names appear in requests and must be plain identifiers",
			src:    "name: Custom Policy\nelements:\n  p: []\n",
			want:   []wantLoadError{{file, 1, `name "Custom Policy" must match`}},
		},
		{
			name:   "wrong_kinds_of_values",
			reason: "the decoder would name Go types (int, []string, sanitize.linksSpec) and stop at the first",
			src: "name: custom\npriority: high\nelements:\n  a: [href]\nlinks:\n  nofollow: yes\n" +
				"url_schemes: https\nimages: [srcset]\nrules:\n  - name: promo\n    remove: [.promo]\n",
			want: []wantLoadError{
				{file, 2, `priority: want a whole number, not "high"`},
				{file, 6, `links.nofollow: want true or false, not "yes"`},
				{file, 7, `url_schemes: want a list, not "https"`},
				{file, 8, `images: want keys (https_hosts, referrerpolicy, srcset, data_urls), not a list`},
				{file, 11, `rules[0].remove: want text, not a list`},
			},
		},
		{
			name:   "unknown_keys_and_bad_values_together",
			reason: "an unknown key no longer hides the problems after it",
			src:    "name: custom\ncolour: blue\nelements:\n  a: [href, onclick]\n  p:\n    - {align: x, title: y}\nimgaes:\n  srcset: true\nurl_schemes: [javascript]\n",
			want: []wantLoadError{
				{file, 2, `unknown key "colour"`},
				{file, 4, `attribute "onclick" of a is an event handler`},
				{file, 6, `elements.p[0]: an attribute is a name or a single "name: pattern" pair, not a mapping`},
				{file, 7, `unknown key "imgaes" (did you mean images?)`},
				{file, 9, `url scheme "javascript" can run code`},
			},
		},
		{
			name:   "key_given_twice",
			reason: "the second value would silently win",
			src:    "name: custom\nelements:\n  p: []\nlinks:\n  nofollow: true\n  nofollow: false\n",
			want:   []wantLoadError{{file, 6, "links.nofollow is given twice (first on line 5)"}},
		},
		{
			name:   "not_a_mapping",
			reason: "a list or a word is not a policy",
			src:    "- name: custom\n",
			want:   []wantLoadError{{file, 1, "a policy: want keys (name, description,"}},
		},
		{
			name:   "every_problem_at_once",
			reason: "an operator fixes a file in one pass, so all problems are reported",
			src:    "name: custom\nelements:\n  a: [href, onmouseover]\n  script: []\nurl_schemes: [vbscript]\n",
			want: []wantLoadError{
				{file, 3, `attribute "onmouseover" of a is an event handler`},
				{file, 4, `element "script" is dangerous`},
				{file, 5, `url scheme "vbscript"`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := sanitize.Parse(file, []byte(tt.src))
			if p != nil {
				t.Errorf("Parse returned a policy for a bad file (%s)", tt.reason)
			}
			checkLoadErrors(t, err, tt.want)
		})
	}
}

func TestParseAccepts(t *testing.T) {
	src := "name: custom\ndescription: Links only.\ndefault: true\nelements:\n  a: [href]\nurl_schemes: [https]\nrelative_urls: drop\n"
	p, err := sanitize.Parse("custom.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != "custom" || p.Description() != "Links only." || !p.IsDefault() {
		t.Errorf("got name %q description %q default %v", p.Name(), p.Description(), p.IsDefault())
	}
	if !strings.HasPrefix(p.Version(), "sha256:") {
		t.Errorf("Version() = %q, want a sha256: prefix", p.Version())
	}
	other, err := sanitize.Parse("custom.yaml", []byte(src+"# edited\n"))
	if err != nil {
		t.Fatal(err)
	}
	if other.Version() == p.Version() {
		t.Errorf("an edited file kept version %s", p.Version())
	}
	// The policy does what it says: https links kept, relative ones dropped.
	res, err := p.Sanitize([]byte(`<a href="https://example.com/">a</a><a href="/b">b</a><a href="http://example.com/">c</a>`), sanitize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.HTML), `<a href="https://example.com/">a</a>bc`; got != want {
		t.Errorf("Sanitize = %s, want %s", got, want)
	}
}

func TestLoadFSRejects(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name   string
		reason string
		fsys   fstest.MapFS
		want   []wantLoadError
	}{
		{
			name:   "two_defaults",
			reason: "which policy applies to a request naming none would be a guess",
			fsys: fstest.MapFS{
				"p/a.yaml": file("name: a\ndefault: true\nelements:\n  p: []\n"),
				"p/b.yaml": file("name: b\nelements:\n  p: []\ndefault: true\n"),
			},
			want: []wantLoadError{{"p/b.yaml", 4, `policies "a" and "b" are both marked default`}},
		},
		{
			name:   "duplicate_name",
			reason: "two files defining one policy would race for the name",
			fsys: fstest.MapFS{
				"p/a.yaml": file("name: a\ndefault: true\nelements:\n  p: []\n"),
				"p/b.yaml": file("# a copy\nname: a\nelements:\n  p: []\n"),
			},
			want: []wantLoadError{{"p/b.yaml", 2, `policy "a" is also defined`}},
		},
		{
			name:   "bad_files_all_reported",
			reason: "every broken file is reported, not just the first",
			fsys: fstest.MapFS{
				"p/a.yaml":  file("name: a\nelements:\n  script: []\n"),
				"p/b.yml":   file("name: b\nelements:\n  p: [onclick]\n"),
				"p/ok.yaml": file("name: ok\ndefault: true\nelements:\n  p: []\n"),
			},
			want: []wantLoadError{
				{"p/a.yaml", 3, `element "script" is dangerous`},
				{"p/b.yml", 3, `attribute "onclick" of p is an event handler`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := sanitize.LoadFS(tt.fsys, "p")
			if set != nil {
				t.Errorf("LoadFS returned a set (%s)", tt.reason)
			}
			checkLoadErrors(t, err, tt.want)
		})
	}
}

func TestLoadFSDirectoryErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		fsys   fstest.MapFS
		want   string
	}{
		{
			name:   "no_policies",
			reason: "a directory without policy files is a misconfiguration, not an empty allowlist",
			fsys:   fstest.MapFS{"p/README.md": {Data: []byte("# policies\n")}},
			want:   "policy directory p: no *.yaml policy files",
		},
		{
			name:   "no_default",
			reason: "without article, some policy must say it is the default",
			fsys:   fstest.MapFS{"p/a.yaml": {Data: []byte("name: a\nelements:\n  p: []\n")}},
			want:   "policy directory p: no policy is marked default",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := sanitize.LoadFS(tt.fsys, "p")
			if err == nil || set != nil {
				t.Fatalf("LoadFS = %v, %v; want error %q (%s)", set, err, tt.want, tt.reason)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
	t.Run("missing_directory", func(t *testing.T) {
		_, err := sanitize.LoadFS(fstest.MapFS{}, "nowhere")
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("LoadFS of a missing directory = %v, want fs.ErrNotExist", err)
		}
	})
}

func TestLoadFSDefaultsToArticle(t *testing.T) {
	set, err := sanitize.LoadFS(fstest.MapFS{
		"p/article.yaml": {Data: []byte("name: article\nelements:\n  p: []\n")},
		"p/zz.yaml":      {Data: []byte("name: zz\nelements:\n  p: []\n")},
		"p/notes.txt":    {Data: []byte("not a policy")},
	}, "p")
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Default().Name(); got != "article" {
		t.Errorf("Default() = %q, want article when no policy is marked default", got)
	}
	var names []string
	for _, p := range set.List() {
		names = append(names, p.Name())
	}
	if got := strings.Join(names, ","); got != "article,zz" {
		t.Errorf("List() = %s, want article,zz", got)
	}
}

func TestLoadDirNamesThePath(t *testing.T) {
	empty := t.TempDir()
	withBad := t.TempDir()
	if err := os.WriteFile(filepath.Join(withBad, "bad.yaml"), []byte("name: bad\nelements:\n  p: []\nlinks:\n  nofolow: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "nowhere")
	tests := []struct {
		name   string
		reason string
		dir    string
		is     error
		want   string
	}{
		{"empty_directory_is_named", "an operator must see which --policy-dir is empty, not \".\"", empty, sanitize.ErrNoPolicyFiles,
			"policy directory " + empty + ": no *.yaml policy files"},
		{"missing_directory_is_named", "the path given, not the one the file system was opened at", missing, fs.ErrNotExist,
			"policy directory " + missing + ": "},
		{"bad_file_is_named_with_its_directory", "the file to open in an editor, whatever the working directory", withBad, nil,
			filepath.Join(withBad, "bad.yaml") + `:5: unknown key "nofolow" in links (did you mean nofollow?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := sanitize.LoadDir(tt.dir)
			if err == nil || set != nil {
				t.Fatalf("LoadDir = %v, %v; want an error (%s)", set, err, tt.reason)
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), " .:") {
				t.Errorf("error %q, want it to contain %q (%s)", err, tt.want, tt.reason)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
		})
	}
	t.Run("good_directory_loads_over_the_shipped_policies", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("name: mine\nextends: article\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		set, err := sanitize.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"mine", "article"} {
			if _, err := set.Lookup(name); err != nil {
				t.Errorf("Lookup(%q): %v", name, err)
			}
		}
	})
}

func TestLoadErrorNamesTheKey(t *testing.T) {
	_, err := sanitize.Parse("p.yaml", []byte("name: p\nelements:\n  p: []\nrules:\n  - name: r\n    remove: [x]\n"))
	var le *sanitize.LoadError
	if !errors.As(err, &le) || le.Key != "rules[0].remove" || le.Line != 6 {
		t.Fatalf("err = %#v, want a LoadError at line 6 for key rules[0].remove", le)
	}
}
