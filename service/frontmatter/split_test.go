package frontmatter_test

import (
	"strings"
	"testing"

	"articleservice/service/frontmatter"
)

func TestSplit(t *testing.T) {
	long := "---\n" + strings.Repeat("comments: false\n", 20) + "---\nbody" // 320 bytes of front matter
	tests := []struct {
		name       string
		content    string
		maxBytes   int
		wantFM     string
		wantBody   string
		wantLine   int
		wantFound  bool
		wantClosed bool
		reason     string
	}{
		{
			name:    "crawled document splits at the closing line",
			content: "\n---\ntitle: 'x'\ndate: Invalid Date\n---\n\n<div>   \n<p>a</p></div>",
			wantFM:  "title: 'x'\ndate: Invalid Date\n", wantBody: "\n<div>   \n<p>a</p></div>",
			wantLine: 3, wantFound: true, wantClosed: true,
			reason: "the corpus documents start with a blank line, then ---",
		},
		{
			name:    "document without front matter is all body",
			content: "<div><p>正文</p></div>", wantBody: "<div><p>正文</p></div>",
			reason: "the first non-blank line is not ---",
		},
		{
			name:    "dashes followed by text do not open front matter",
			content: "---title: x\n---\n", wantBody: "---title: x\n---\n",
			reason: "the opening line must be --- alone",
		},
		{
			name:    "empty content has no front matter",
			content: "", wantBody: "",
			reason: "nothing to split",
		},
		{
			name:    "blank lines only have no front matter",
			content: "\n \n\t\n", wantBody: "\n \n\t\n",
			reason: "no --- line at all",
		},
		{
			name:    "leading blank lines are skipped and counted",
			content: "\n\n \t\n---\ntitle: a\n---\nbody",
			wantFM:  "title: a\n", wantBody: "body", wantLine: 5, wantFound: true, wantClosed: true,
			reason: "line is the document line of the first front matter line, for error messages",
		},
		{
			name:    "crlf line endings split",
			content: "\r\n---\r\ntitle: a\r\nauthor: b\r\n---\r\n<p>x</p>\r\n",
			wantFM:  "title: a\r\nauthor: b\r\n", wantBody: "<p>x</p>\r\n", wantLine: 3, wantFound: true, wantClosed: true,
			reason: "a carriage return before the newline is not part of the --- line",
		},
		{
			name:    "trailing spaces after the dashes are allowed",
			content: "--- \t\ntitle: a\n---  \nbody",
			wantFM:  "title: a\n", wantBody: "body", wantLine: 2, wantFound: true, wantClosed: true,
			reason: "editors leave trailing whitespace",
		},
		{
			name:    "three dots close front matter",
			content: "---\ntitle: a\n...\nbody",
			wantFM:  "title: a\n", wantBody: "body", wantLine: 2, wantFound: true, wantClosed: true,
			reason: "... is YAML's document end marker",
		},
		{
			name:    "empty front matter is found and closed",
			content: "---\n---\nbody",
			wantFM:  "", wantBody: "body", wantLine: 2, wantFound: true, wantClosed: true,
			reason: "a header with no keys is still a header",
		},
		{
			name:    "closing line at end of content leaves an empty body",
			content: "---\ntitle: a\n---",
			wantFM:  "title: a\n", wantBody: "", wantLine: 2, wantFound: true, wantClosed: true,
			reason: "the closing line needs no newline after it",
		},
		{
			name:    "dashes inside a value line do not close",
			content: "---\ntitle: a --- b\n  ---x\n---\nbody",
			wantFM:  "title: a --- b\n  ---x\n", wantBody: "body", wantLine: 2, wantFound: true, wantClosed: true,
			reason: "only a line that is --- alone closes",
		},
		{
			name:     "unclosed front matter is found but not closed",
			content:  "\n---\ntitle: a\ncategories:\n - b\n<div>body</div>",
			wantLine: 3, wantFound: true, wantClosed: false,
			reason: "the opening line is there, no closing line follows",
		},
		{
			name:     "opening line alone is unclosed",
			content:  "---\n",
			wantLine: 2, wantFound: true, wantClosed: false,
			reason: "nothing after the opening line",
		},
		{
			name:    "front matter exceeding maxBytes is not closed",
			content: long, maxBytes: 64,
			wantLine: 2, wantFound: true, wantClosed: false,
			reason: "Split stops looking for the closing line past maxBytes",
		},
		{
			name:    "front matter within maxBytes is closed",
			content: long, maxBytes: 320,
			wantFM: strings.Repeat("comments: false\n", 20), wantBody: "body", wantLine: 2, wantFound: true, wantClosed: true,
			reason: "320 bytes fit a 320-byte limit",
		},
		{
			name:    "zero maxBytes means no limit",
			content: long, maxBytes: 0,
			wantFM: strings.Repeat("comments: false\n", 20), wantBody: "body", wantLine: 2, wantFound: true, wantClosed: true,
			reason: "a zero limit is no limit",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fm, body, line, found, closed := frontmatter.Split([]byte(tc.content), tc.maxBytes)
			if found != tc.wantFound || closed != tc.wantClosed || line != tc.wantLine {
				t.Errorf("found, closed, line = %v, %v, %d; want %v, %v, %d (%s)", found, closed, line, tc.wantFound, tc.wantClosed, tc.wantLine, tc.reason)
			}
			if string(fm) != tc.wantFM || string(body) != tc.wantBody {
				t.Errorf("fm, body = %q, %q; want %q, %q (%s)", fm, body, tc.wantFM, tc.wantBody, tc.reason)
			}
			if found && closed && fm == nil {
				t.Errorf("closed front matter is nil, want a non-nil (possibly empty) slice")
			}
		})
	}
}
