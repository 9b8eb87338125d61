package frontmatter

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
