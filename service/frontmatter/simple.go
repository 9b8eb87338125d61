package frontmatter

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// scanSimple decodes the front matter crawlers write without yaml.v3, whose
// decoding costs many times the rest of Parse: "key: value" lines at column
// 0 whose value is a scalar, or empty and followed by "- item" lines, and
// blank lines. It builds the tree yaml.v3 would, as far as read looks at
// it, and counts its nodes. For anything else ok is false and Parse asks
// yaml.v3, the reference: the subset errs on the side of falling back, and
// FuzzSimpleAgreesWithYAML holds it to agreeing.
func scanSimple(src []byte) (doc node, nodes int, ok bool) {
	if len(src) == 0 {
		return node{}, 0, true // what yaml.v3 decodes from nothing
	}
	if !simpleText(src) {
		return node{}, 0, false
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
	// One allocation for the whole tree: the mapping, its keys and values
	// in turn, then the items of every list, each list's consecutive (its
	// items are consecutive lines) and capped at its end, so nothing
	// appended to one can overwrite another.
	arena := make([]node, 1+2*pairs+items)
	m := &arena[0]
	*m = node{kind: yaml.MappingNode, content: arena[1 : 1 : 1+2*pairs]}
	listItems := arena[1+2*pairs : 1+2*pairs]

	// seq is the last key's value while it is empty or a list, the only
	// values "- item" lines may continue; indent is its items' indentation.
	var seq *node
	indent := -1
	for rest := text; rest != ""; {
		var line string
		var v node
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
				return node{}, 0, false
			}
			if indent < 0 {
				indent = sp
				*seq = node{kind: yaml.SequenceNode}
			}
			if v, rest, ok = scalar(strings.TrimLeft(item, " "), rest); !ok {
				return node{}, 0, false
			}
			listItems = append(listItems, v)
			seq.content = listItems[len(listItems)-len(seq.content)-1 : len(listItems) : len(listItems)]
			continue
		}
		key, val, colon := strings.Cut(line, ":")
		if !colon || !simpleKey(key) || (val != "" && val[0] != ' ') {
			return node{}, 0, false
		}
		val = strings.TrimLeft(val, " ")
		if v, rest, ok = scalar(val, rest); !ok {
			return node{}, 0, false
		}
		k, _, _ := scalar(key, "") // yaml.v3 reads a key "null" as null too
		m.content = append(m.content, k, v)
		seq, indent = nil, -1
		if val == "" {
			seq = &m.content[len(m.content)-1]
		}
	}
	if len(m.content) == 0 {
		return node{}, 0, false // only blank lines: yaml.v3 decodes no document
	}
	// yaml.v3's document node holds the mapping; it counts as a node too.
	return node{kind: yaml.DocumentNode, content: arena[0:1:1]}, 2 + len(m.content) + len(listItems), true
}

// scalar decodes a value s, from its first non-space character to the end
// of its line, and returns the lines after it, rest less any it took:
// empty (null), plain, 'single-quoted' (which may go on over the lines of
// rest), or "double-quoted" on one line without escapes. A plain scalar
// is only told null or not, whatever else yaml.v3 resolves it to (int,
// bool, timestamp): Parse keeps values as written.
func scalar(s, rest string) (n node, after string, ok bool) {
	str := func(v string) (node, string, bool) {
		return node{kind: yaml.ScalarNode, value: v}, rest, true
	}
	if s == "" {
		return node{kind: yaml.ScalarNode, null: true}, rest, true
	}
	switch s[0] {
	case '\'':
		end := closingQuote(s[1:]) + 1
		if end == 0 {
			v, after, ok := foldQuote(s[1:], rest)
			return node{kind: yaml.ScalarNode, value: v}, after, ok
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
		return node{kind: yaml.ScalarNode, null: true, value: s}, rest, true
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
