package sanitize_test

import (
	"errors"
	"slices"
	"testing"
	"testing/fstest"

	"articleservice/sanitize"
)

func policyNames(s *sanitize.Set) []string {
	var names []string
	for _, p := range s.List() {
		names = append(names, p.Name())
	}
	return names
}

func TestBuiltin(t *testing.T) {
	set := builtin(t)
	if got, want := policyNames(set), shipped(); !slices.Equal(got, want) {
		t.Errorf("List() = %v, want %v", got, want)
	}
	if got := set.Default().Name(); got != "article" {
		t.Errorf("Default() = %q, want article", got)
	}
	def, err := set.Lookup("")
	if err != nil || def != set.Default() {
		t.Errorf(`Lookup("") = %v, %v; want the default policy`, def, err)
	}
	for _, p := range set.List() {
		got, err := set.Lookup(p.Name())
		if err != nil || got != p {
			t.Errorf("Lookup(%q) = %v, %v; want the listed policy", p.Name(), got, err)
		}
		if p.Description() == "" || p.Version() == "" {
			t.Errorf("policy %q has description %q, version %q; want both", p.Name(), p.Description(), p.Version())
		}
	}
	again := builtin(t)
	if a, b := set.Default().Version(), again.Default().Version(); a != b {
		t.Errorf("the same source gave versions %s and %s", a, b)
	}
}

func TestLookupUnknown(t *testing.T) {
	p, err := builtin(t).Lookup("nope")
	if !errors.Is(err, sanitize.ErrUnknownPolicy) || p != nil {
		t.Errorf(`Lookup("nope") = %v, %v; want ErrUnknownPolicy`, p, err)
	}
}

func TestLoad(t *testing.T) {
	builtinSet := builtin(t)
	yaml := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name        string
		reason      string
		dir         fstest.MapFS // nil: Load(nil)
		wantNames   []string
		wantDefault string
		replaced    []string // policies whose version must differ from the builtin one
	}{
		{
			name:        "nil_dir_gives_builtin",
			reason:      "a server without a policy directory runs the shipped policies",
			wantNames:   shipped(),
			wantDefault: "article",
		},
		{
			name:        "file_adds_policy",
			reason:      "operators add policies next to the shipped ones",
			dir:         fstest.MapFS{"links.yaml": yaml("name: links\nelements:\n  a: [href]\n")},
			wantNames:   withShipped("links"),
			wantDefault: "article",
		},
		{
			name:        "file_replaces_policy",
			reason:      "a file's policy replaces a shipped one of the same name",
			dir:         fstest.MapFS{"text.yaml": yaml("name: text\nelements:\n  p: []\n")},
			wantNames:   shipped(),
			wantDefault: "article",
			replaced:    []string{"text"},
		},
		{
			name:        "replaced_default_stays_default",
			reason:      "replacing article must not leave the shipped article as a hidden default",
			dir:         fstest.MapFS{"article.yaml": yaml("name: article\nelements:\n  p: []\n")},
			wantNames:   shipped(),
			wantDefault: "article",
			replaced:    []string{"article"},
		},
		{
			name:        "file_default_wins",
			reason:      "a policy marked default in the directory becomes the default",
			dir:         fstest.MapFS{"plain.yaml": yaml("name: plain\ndefault: true\nelements:\n  p: []\n")},
			wantNames:   withShipped("plain"),
			wantDefault: "plain",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var set *sanitize.Set
			var err error
			if tt.dir == nil {
				set, err = sanitize.Load(nil)
			} else {
				set, err = sanitize.Load(tt.dir)
			}
			if err != nil {
				t.Fatalf("Load: %v (%s)", err, tt.reason)
			}
			if got := policyNames(set); !slices.Equal(got, tt.wantNames) {
				t.Errorf("List() = %v, want %v", got, tt.wantNames)
			}
			if got := set.Default().Name(); got != tt.wantDefault {
				t.Errorf("Default() = %q, want %q (%s)", got, tt.wantDefault, tt.reason)
			}
			for _, name := range tt.wantNames {
				p, _ := set.Lookup(name)
				old, err := builtinSet.Lookup(name)
				if err != nil {
					continue // not a shipped policy
				}
				if replaced := p.Version() != old.Version(); replaced != slices.Contains(tt.replaced, name) {
					t.Errorf("policy %q replaced = %v, want %v", name, replaced, !replaced)
				}
			}
			if d, _ := set.Lookup(tt.wantDefault); d != set.Default() {
				t.Errorf("Default() is not the policy Lookup(%q) returns", tt.wantDefault)
			}
		})
	}
}

func TestLoadRejectsBadFile(t *testing.T) {
	set, err := sanitize.Load(fstest.MapFS{"bad.yaml": {Data: []byte("name: bad\nelements:\n  embed: [src]\n")}})
	if set != nil {
		t.Error("Load returned a set despite a bad policy file")
	}
	checkLoadErrors(t, err, []wantLoadError{{"bad.yaml", 3, `element "embed" is dangerous`}})
}

// shipped lists the names of the policies in sanitize/policies.
func shipped() []string {
	return []string{"article", "huxiu", "ithome", "juejin", "sina", "sspai", "text", "zhihu"}
}

func withShipped(name string) []string {
	names := append(shipped(), name)
	slices.Sort(names)
	return names
}
