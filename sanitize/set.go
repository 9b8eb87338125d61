package sanitize

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

//go:embed policies/*.yaml
var builtinFS embed.FS

// ErrUnknownPolicy is returned by Set.Lookup for a name no policy has.
var ErrUnknownPolicy = errors.New("unknown policy")

// Set is a group of compiled policies with one default. Like Policy it is
// immutable and safe for concurrent use.
type Set struct {
	byName map[string]*Policy
	def    *Policy
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
	s, err := Builtin()
	if err != nil || dir == nil {
		return s, err
	}
	over, err := loadFS(dir, ".", false)
	if err != nil {
		return nil, err
	}
	for name, p := range over.byName {
		s.byName[name] = p
	}
	if over.def != nil {
		s.def = over.def
	} else if p := s.byName[s.def.name]; p != s.def {
		s.def = p
	}
	return s, nil
}

// LoadFS compiles every *.yaml file in dir of fsys. Exactly one policy may be
// marked default; if none is, "article" is the default when present.
func LoadFS(fsys fs.FS, dir string) (*Set, error) {
	return loadFS(fsys, dir, true)
}

func loadFS(fsys fs.FS, dir string, needDefault bool) (*Set, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read policy directory: %w", err)
	}
	s := &Set{byName: map[string]*Policy{}}
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			continue
		}
		file := path.Join(dir, e.Name())
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs = append(errs, fmt.Errorf("read policy: %w", err))
			continue
		}
		p, err := Parse(file, src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := s.byName[p.name]; dup {
			errs = append(errs, &LoadError{File: file, Line: keyLine(src, "name"), Msg: fmt.Sprintf("policy %q is also defined with version %s", p.name, other.version)})
			continue
		}
		s.byName[p.name] = p
		if p.isDefault {
			if s.def != nil {
				errs = append(errs, &LoadError{File: file, Line: keyLine(src, "default"), Msg: fmt.Sprintf("policies %q and %q are both marked default", s.def.name, p.name)})
			}
			s.def = p
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(s.byName) == 0 {
		return nil, fmt.Errorf("policy directory %s: no *.yaml policy files", dir)
	}
	if s.def == nil {
		s.def = s.byName["article"]
	}
	if s.def == nil && needDefault {
		return nil, fmt.Errorf("policy directory %s: no policy is marked default", dir)
	}
	return s, nil
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
