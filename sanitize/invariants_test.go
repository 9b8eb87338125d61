package sanitize_test

import "testing"

// TestUnsafeMarkup shows the XSS and fuzz invariants can fail: each row is
// markup a sanitizer must never produce, and unsafeMarkup must flag it.
func TestUnsafeMarkup(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		html   string
		unsafe bool
	}{
		{"flags_script", "script runs", `<script>alert(1)</script>`, true},
		{"flags_svg", "svg is foreign content with its own script", `<svg></svg>`, true},
		{"flags_foreign_child", "any element parsed into svg or math", `<math><mi>x</mi></math>`, true},
		{"flags_template", "template is on the list", `<template><p>x</p></template>`, true},
		{"flags_event_handler", "on* runs", `<img src=x onerror=alert(1)>`, true},
		{"flags_uppercase_handler", "attribute names are case-insensitive", `<p ONCLICK=x>`, true},
		{"flags_style_attribute", "style restyles", `<p style="color:red">x</p>`, true},
		{"flags_srcdoc", "srcdoc is a document", `<p srcdoc="x">`, true},
		{"flags_javascript_href", "javascript: runs", `<a href="javascript:alert(1)">x</a>`, true},
		{"flags_split_scheme", "browsers strip the tab", "<a href=\"java\tscript:alert(1)\">x</a>", true},
		{"flags_entity_scheme", "the parser decodes entities", `<a href="&#x6A;avascript:x">x</a>`, true},
		{"flags_data_src", "data: is not allowed", `<img src="data:text/html,x">`, true},
		{"flags_vbscript_cite", "cite is checked", `<q cite="vbscript:x">q</q>`, true},
		{"flags_comment", "comments are never output", `<p>a<!--x-->b</p>`, true},
		{"flags_title_break", "the parser reads markup as a browser", `<p>a</p><style>x</style>`, true},
		{"passes_article", "ordinary sanitized markup", `<p>a <a href="https://example.com/" rel="nofollow">b</a> <img src="/i.png" alt="i"></p>`, false},
		{"passes_mailto_and_relative", "allowed schemes and no scheme", `<a href="mailto:a@b.example">m</a><a href="../x:y">r</a><a href="#f">f</a>`, false},
		{"passes_escaped_text", "escaped markup is text", `&lt;script&gt;alert(1)&lt;/script&gt;`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := unsafeMarkup([]byte(tt.html))
			if got := len(bad) > 0; got != tt.unsafe {
				t.Errorf("unsafeMarkup(%q) = %q, want unsafe=%v (%s)", tt.html, bad, tt.unsafe, tt.reason)
			}
		})
	}
}
