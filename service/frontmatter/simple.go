package frontmatter

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// scanSimple decodes the front matter crawlers write without yaml.v3, whose
// decoding costs many times the rest of Parse: "key: value" lines at column
// 0 whose value is a scalar, or empty and followed by "- item" lines, and
// blank lines. It builds the tree yaml.v3 would, as far as read
// looks at it: Kind, Value, Content, and a Tag that is "!!null" exactly
// where yaml.v3's is. For anything else ok is false and Parse asks yaml.v3,
// the reference: the subset errs on the side of falling back, and
// FuzzSimpleAgreesWithYAML holds it to agreeing.
func scanSimple(src []byte) (doc *yaml.Node, ok bool) {
	if len(src) == 0 {
		return &yaml.Node{}, true // what yaml.v3 decodes from nothing
	}
	if !simpleText(src) {
		return nil, false
	}
	text := string(src) // one copy; every value is a slice of it
	pairs, items := 0, 0
	for rest := text; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		switch {
		case line == "":
		case line[0] == ' ' || line[0] == '-':
			items++
		default:
			pairs++
		}
	}
	// One allocation for all nodes: a key line holds two, an item line one.
	arena := make([]yaml.Node, 0, 2+2*pairs+items)
	add := func(n yaml.Node) *yaml.Node {
		arena = append(arena, n)
		return &arena[len(arena)-1]
	}
	// And one for all Content slices: the document's, the mapping's, and
	// the lists', whose items are consecutive lines; each list's slice is
	// capped at its end, so nothing appended to it can overwrite another.
	ptrs := make([]*yaml.Node, 1+2*pairs+items)
	doc = add(yaml.Node{Kind: yaml.DocumentNode})
	m := add(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: ptrs[1 : 1 : 1+2*pairs]})
	ptrs[0] = m
	doc.Content = ptrs[0:1:1]
	listPtrs := ptrs[1+2*pairs : 1+2*pairs]

	// seq is the last key's value while it is empty or a list, the only
	// values "- item" lines may continue; indent is its items' indentation.
	var seq *yaml.Node
	indent := -1
	for rest := text; rest != ""; {
		var line string
		var v yaml.Node
		line, rest, _ = strings.Cut(rest, "\n")
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '-' {
			sp := len(line) - len(strings.TrimLeft(line, " "))
			item, isItem := strings.CutPrefix(line[sp:], "-")
			// A line indented otherwise than the items before it continues
			// or nests under them.
			if !isItem || seq == nil || (indent >= 0 && sp != indent) || (item != "" && item[0] != ' ') {
				return nil, false
			}
			if indent < 0 {
				indent = sp
				seq.Kind, seq.Tag = yaml.SequenceNode, "!!seq"
			}
			if v, rest, ok = scalar(strings.TrimLeft(item, " "), rest); !ok {
				return nil, false
			}
			listPtrs = append(listPtrs, add(v))
			seq.Content = listPtrs[len(listPtrs)-len(seq.Content)-1 : len(listPtrs) : len(listPtrs)]
			continue
		}
		key, val, colon := strings.Cut(line, ":")
		if !colon || !simpleKey(key) || (val != "" && val[0] != ' ') {
			return nil, false
		}
		val = strings.TrimLeft(val, " ")
		if v, rest, ok = scalar(val, rest); !ok {
			return nil, false
		}
		k, _, _ := scalar(key, "") // yaml.v3 reads a key "null" as null too
		m.Content = append(m.Content, add(k), add(v))
		seq, indent = nil, -1
		if val == "" {
			seq = m.Content[len(m.Content)-1]
		}
	}
	if len(m.Content) == 0 {
		return nil, false // only blank lines: yaml.v3 decodes no document
	}
	return doc, true
}

// scalar decodes a value s, from its first non-space character to the end
// of its line, and returns the lines after it, rest less any it took:
// empty (null), plain, 'single-quoted' (which may go on over the lines of
// rest), or "double-quoted" on one line without escapes. The Tag of a
// non-null plain scalar is "!!str" whatever yaml.v3 resolves it to (int,
// bool, timestamp): Parse keeps values as written and only asks whether
// they are null.
func scalar(s, rest string) (n yaml.Node, after string, ok bool) {
	str := func(v string) (yaml.Node, string, bool) {
		return yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}, rest, true
	}
	if s == "" {
		return yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}, rest, true
	}
	switch s[0] {
	case '\'':
		end := closingQuote(s[1:]) + 1
		if end == 0 {
			v, after, ok := foldQuote(s[1:], rest)
			return yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}, after, ok
		}
		if strings.TrimLeft(s[end+1:], " ") != "" {
			return n, "", false // a comment or more after the quote
		}
		return str(strings.ReplaceAll(s[1:end], "''", "'"))
	case '"':
		end := strings.IndexAny(s[1:], `"\`) + 1
		if end == 0 || s[end] != '"' || strings.TrimLeft(s[end+1:], " ") != "" {
			return n, "", false
		}
		return str(s[1:end])
	}
	// Indicators that start something other than a plain scalar, or that
	// yaml.v3 refuses at its start.
	if strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", s[0]) >= 0 {
		return n, "", false
	}
	s = strings.TrimRight(s, " ")
	// ": " would start a mapping, " #" a comment; a trailing ':' is ": "
	// at the end of the line.
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || s[len(s)-1] == ':' {
		return n, "", false
	}
	switch s {
	case "~", "null", "Null", "NULL":
		return yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: s}, rest, true
	}
	return str(s)
}

// closingQuote returns the index in s of the first single quote that is
// not doubled, or -1.
func closingQuote(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			if i+1 == len(s) || s[i+1] != '\'' {
				return i
			}
			i++
		}
	}
	return -1
}

// foldQuote reads a single-quoted value that starts with first, the rest
// of the opening quote's line, and closes on a line of rest, whose lines
// after that it returns. Line breaks fold as in YAML: the spaces around
// each break go, a single break becomes a space, n blank lines n newlines.
// Crawlers write titles with line breaks this way.
func foldQuote(first, rest string) (v, after string, ok bool) {
	var b strings.Builder
	b.WriteString(strings.TrimRight(first, " "))
	breaks := 0
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if strings.HasPrefix(line, "---") || strings.HasPrefix(line, "...") {
			return "", "", false // may end the document inside the quote
		}
		end := closingQuote(line)
		if end < 0 && strings.Trim(line, " ") == "" {
			breaks++
			continue
		}
		if breaks == 0 {
			b.WriteByte(' ')
		}
		for ; breaks > 0; breaks-- {
			b.WriteByte('\n')
		}
		if end < 0 {
			b.WriteString(strings.Trim(line, " "))
			continue
		}
		b.WriteString(strings.TrimLeft(line[:end], " "))
		if strings.TrimLeft(line[end+1:], " ") != "" {
			return "", "", false
		}
		return strings.ReplaceAll(b.String(), "''", "'"), rest, true
	}
	return "", "", false // the quote never closes
}

// simpleKey reports whether key is a plain ASCII word yaml.v3 reads as
// written. The length cap stays far below the 1024 characters YAML allows
// an implicit key.
func simpleKey(key string) bool {
	if key == "" || len(key) > 128 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case (c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// simpleText reports whether src is valid UTF-8 without what YAML treats
// as a break or refuses: control characters (tab and CR included), DEL, C1
// controls (NEL included), U+2028 and U+2029, the byte order mark and the
// non-characters U+FFFE and U+FFFF.
func simpleText(src []byte) bool {
	for i := 0; i < len(src); {
		if c := src[i]; c < utf8.RuneSelf {
			if (c < ' ' && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}
