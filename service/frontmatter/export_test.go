package frontmatter

import "gopkg.in/yaml.v3"

// The two decoders Parse chooses between, each alone, so the tests can
// hold the fast one to the reference.
var (
	ScanSimple = scanSimple
	DecodeYAML = decodeYAML
)

// ParseYAML is Parse without the fast path: every document through yaml.v3.
func ParseYAML(src []byte, lim Limits) (FrontMatter, error) {
	doc, err := decodeYAML(src)
	if err != nil {
		return FrontMatter{}, err
	}
	return read(doc, lim)
}

// ParseSimple is Parse's fast path alone; ok is false where Parse falls
// back to yaml.v3.
func ParseSimple(src []byte, lim Limits) (fm FrontMatter, ok bool, err error) {
	var doc *yaml.Node
	if doc, ok = scanSimple(src); !ok {
		return FrontMatter{}, false, nil
	}
	fm, err = read(doc, lim)
	return fm, true, err
}
