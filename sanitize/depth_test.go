package sanitize_test

import (
	"errors"
	"strings"
	"testing"

	"articleservice/sanitize"
)

func TestMaxDepth(t *testing.T) {
	r := strings.Repeat
	tests := []struct {
		name     string
		reason   string
		in       string
		maxDepth int
		wantErr  bool
	}{
		{"rejects_nesting_past_limit", "five open divs are five levels", r("<div>", 5), 4, true},
		{"accepts_nesting_at_limit", "the limit itself is allowed", r("<div>", 4) + "x" + r("</div>", 4), 4, false},
		{"rejects_self_closed_divs", "browsers ignore the / of <div/>: each one nests", r("<div/>", 5), 4, true},
		{"counts_dropped_elements", "unwrapped elements nest in the input all the same", r("<span>", 5), 4, true},
		{"zero_is_no_limit", "MaxDepth 0 turns the check off", r("<div>", 2000), 0, false},
		{"closed_siblings_do_not_nest", "closed elements leave the stack", r("<p>a</p>", 100), 1, false},
		{"unclosed_paragraphs_do_not_nest", "<p> closes an open <p>", r("<p>a", 100), 1, false},
		{"unclosed_list_items_do_not_nest", "<li> closes an open <li> and the <p> in it", "<ul>" + r("<li><p>a", 100) + "</ul>", 3, false},
		{"unclosed_definitions_do_not_nest", "<dt> and <dd> close each other", "<dl>" + r("<dt>a<dd>b", 100) + "</dl>", 2, false},
		{"unclosed_table_cells_do_not_nest", "</td> and </tr> are optional", "<table><tbody>" + r("<tr><td>a<td>b", 100) + "</table>", 4, false},
		{"unclosed_cells_with_paragraphs_do_not_nest", "a new cell closes the <p> in the last one", "<table>" + r("<tr><td><p>a<td><p>b", 100) + "</table>", 4, false},
		{"unclosed_sections_do_not_nest", "<tbody> closes an open <thead> and its rows", "<table>" + r("<thead><tr><th>h<tbody><tr><td>a", 50) + "</table>", 4, false},
		{"void_elements_do_not_nest", "br, img and hr never have content", r("<br><img src=a.png><hr/>", 100), 1, false},
		{"dropped_subtrees_do_not_count", "nothing inside an svg reaches the output", "<svg>" + r("<g>", 100) + "</svg>", 1, false},
		{"nested_lists_count", "a list inside a list item is deeper", r("<ul><li>", 3), 5, true},
	}
	p := lookup(t, "article")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.Sanitize([]byte(tt.in), sanitize.Options{MaxDepth: tt.maxDepth})
			var de *sanitize.DepthError
			switch {
			case !tt.wantErr && err != nil:
				t.Fatalf("Sanitize: %v, want no error (%s)", err, tt.reason)
			case tt.wantErr && !errors.As(err, &de):
				t.Fatalf("Sanitize error = %v, want *DepthError (%s)", err, tt.reason)
			case tt.wantErr && de.Limit != tt.maxDepth:
				t.Errorf("DepthError.Limit = %d, want %d", de.Limit, tt.maxDepth)
			case tt.wantErr && (res.HTML != nil || res.Report.Total() != 0):
				t.Errorf("Sanitize returned output %q with its error; want none", res.HTML)
			}
		})
	}
}
