package sanitize

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

//go:embed policies/*.yaml
var builtinFS embed.FS

// ErrUnknownPolicy is returned by Set.Lookup for a name no policy has.
var ErrUnknownPolicy = errors.New("unknown policy")

// ErrNoPolicyFiles is a policy directory without *.yaml or *.yml files: a
// misconfiguration, not an empty allowlist.
var ErrNoPolicyFiles = errors.New("no *.yaml policy files")

// Set is a group of compiled policies with one default. Like Policy it is
// immutable and safe for concurrent use.
type Set struct {
	byName map[string]*Policy
	def    *Policy
	// ordered holds the policies that have a match block, in selection
	// order: priority (highest first), then name.
	ordered []*Policy
}

// Builtin returns the policies shipped in the binary.
func Builtin() (*Set, error) {
	return LoadFS(builtinFS, "policies")
}

// Load returns the shipped policies overlaid with the *.yaml files at the
// root of dir: a file's policy replaces a shipped one of the same name, and
// a policy marked default there becomes the default. A nil dir gives the
// shipped policies alone.
func Load(dir fs.FS) (*Set, error) {
	if dir == nil {
		return Builtin()
	}
	return overlay(dir, "")
}

// LoadDir is Load of the directory at path, naming path in its errors and
// in the file of each LoadError ("policies/custom.yaml:3: ..."). An empty
// path gives the shipped policies alone.
func LoadDir(path string) (*Set, error) {
	if path == "" {
		return Builtin()
	}
	return overlay(os.DirFS(path), path)
}

// overlay loads the files at the root of dir over the shipped policies.
// path, when known, is where dir lives: errors and files are named by it.
func overlay(dir fs.FS, path string) (*Set, error) {
	base, err := Builtin()
	if err != nil {
		return nil, err
	}
	files, err := readDir(dir, ".")
	if err != nil {
		if path == "" {
			return nil, fmt.Errorf("policy directory: %w", err)
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // "open .": the path is named below
		}
		return nil, fmt.Errorf("policy directory %s: %w", path, err)
	}
	for i := range files {
		files[i].file = filepath.Join(path, files[i].file)
	}
	return build(base, files, false, "")
}

// Lint checks policy files as Load would load them over the shipped
// policies, without a directory: every problem of every file, joined.
func Lint(files map[string][]byte) error {
	base, err := Builtin()
	if err != nil {
		return err
	}
	var list []source
	for _, name := range sortedKeys(files) {
		list = append(list, source{name, files[name]})
	}
	_, err = build(base, list, false, "")
	return err
}

// LoadFS compiles every *.yaml file in dir of fsys. Exactly one policy may be
// marked default; if none is, "article" is the default when present.
func LoadFS(fsys fs.FS, dir string) (*Set, error) {
	files, err := readDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("policy directory %s: %w", dir, err)
	}
	return build(nil, files, true, dir)
}

type source struct {
	file string
	src  []byte
}

func readDir(fsys fs.FS, dir string) ([]source, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []source
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			continue
		}
		file := path.Join(dir, e.Name())
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read policy: %w", err)
		}
		out = append(out, source{file, src})
	}
	if len(out) == 0 {
		return nil, ErrNoPolicyFiles
	}
	return out, nil
}

// build compiles files over base (nil for none). A file may extend a
// policy of base or of another file; extension chains are resolved in
// order and cycles refused.
func build(base *Set, files []source, needDefault bool, dir string) (*Set, error) {
	type parsed struct {
		source
		spec *spec
	}
	var errs []error
	specs := map[string]parsed{}
	for _, f := range files {
		sp, err := parseSpec(f.file, f.src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := specs[sp.Name]; dup {
			errs = append(errs, &LoadError{File: f.file, Line: keyLine(f.src, "name"), Msg: fmt.Sprintf("policy %q is also defined in %s", sp.Name, other.file)})
			continue
		}
		specs[sp.Name] = parsed{f, sp}
	}
	s := &Set{byName: map[string]*Policy{}}
	if base != nil {
		for name, p := range base.byName {
			s.byName[name] = p
		}
	}
	compiled := map[string]*Policy{}
	var resolve func(name string, seen []string) (*Policy, error)
	resolve = func(name string, seen []string) (*Policy, error) {
		if p, ok := compiled[name]; ok {
			return p, nil
		}
		ps, ok := specs[name]
		if !ok {
			if p, ok := s.byName[name]; ok {
				return p, nil
			}
			return nil, nil
		}
		if slices.Contains(seen, name) {
			return nil, &LoadError{File: ps.file, Line: keyLine(ps.src, "extends"), Msg: fmt.Sprintf("extends forms a cycle: %s", strings.Join(append(seen, name), " -> "))}
		}
		sp, version := ps.spec, versionOf(ps.src, "")
		if sp.Extends != "" {
			parent, err := resolve(sp.Extends, append(seen, name))
			if err != nil {
				return nil, err
			}
			if parent == nil {
				return nil, &LoadError{File: ps.file, Line: keyLine(ps.src, "extends"), Msg: fmt.Sprintf("extends %q: no such policy", sp.Extends)}
			}
			sp, version = merge(parent.spec, sp), versionOf(ps.src, parent.version)
		}
		p, err := compile(sp, version)
		if err != nil {
			return nil, &LoadError{File: ps.file, Msg: err.Error()}
		}
		compiled[name] = p
		return p, nil
	}
	var def *Policy
	for _, name := range sortedKeys(specs) {
		p, err := resolve(name, nil)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if p.isDefault {
			if def != nil {
				ps := specs[name]
				errs = append(errs, &LoadError{File: ps.file, Line: keyLine(ps.src, "default"), Msg: fmt.Sprintf("policies %q and %q are both marked default", def.name, p.name)})
			}
			def = p
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for name, p := range compiled {
		s.byName[name] = p
	}
	switch {
	case def != nil:
		s.def = def
	case base != nil:
		s.def = s.byName[base.def.name]
	default:
		s.def = s.byName["article"]
	}
	if s.def == nil && needDefault {
		return nil, fmt.Errorf("policy directory %s: no policy is marked default", dir)
	}
	for _, name := range sortedKeys(s.byName) {
		if p := s.byName[name]; !p.match.empty() {
			s.ordered = append(s.ordered, p)
		}
	}
	slices.SortStableFunc(s.ordered, func(a, b *Policy) int { return b.priority - a.priority })
	return s, nil
}

// Select returns the policy for a document: the first policy, by priority
// and then name, whose match block selects it; else the default.
func (s *Set) Select(m Meta) *Policy {
	if len(s.ordered) == 0 {
		return s.def // nothing to match: the document's fields need no folding
	}
	f := foldMeta(m)
	for _, p := range s.ordered {
		if p.matchesFolded(f) {
			return p
		}
	}
	return s.def
}

// Lookup returns the policy with that name; the empty name gives the default.
func (s *Set) Lookup(name string) (*Policy, error) {
	if name == "" {
		return s.def, nil
	}
	if p, ok := s.byName[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownPolicy, name)
}

// Default returns the policy applied when a request names none.
func (s *Set) Default() *Policy { return s.def }

// List returns every policy, sorted by name.
func (s *Set) List() []*Policy {
	out := make([]*Policy, 0, len(s.byName))
	for _, name := range sortedKeys(s.byName) {
		out = append(out, s.byName[name])
	}
	return slices.Clip(out)
}
