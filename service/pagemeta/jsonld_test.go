package pagemeta

import (
	"strings"
	"testing"
)

// TestJSONLDBodyDiffers: a page whose JSON-LD and body disagree is read
// from its JSON-LD, field by field, and the body fills only what the
// JSON-LD leaves out.
func TestJSONLDBodyDiffers(t *testing.T) {
	page := `<html><head><title>Old title | Site</title>` +
		ld(`{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rain floods the valley",
		"author":{"@type":"Person","name":"Ann Lee"},"datePublished":"2024-05-31T08:00:00Z"}`) +
		`</head><body><article><h1>Rain floods valley, farmers count losses</h1>
		<p class="byline">By Bo Chen, May 30, 2024</p><time datetime="2024-05-30">May 30</time>
		<p>Text.</p></article></body></html>`
	m := read(t, page, "https://example.com/2019/01/02/rain")
	want := Meta{
		Title:     "Rain floods the valley",
		Headline:  "Rain floods the valley",
		Byline:    "Ann Lee",
		Published: "2024-05-31T08:00:00Z",
	}
	if m != want {
		t.Errorf("got  %+v\nwant %+v", m, want)
	}
}

func TestJSONLDMalformed(t *testing.T) {
	runCases(t, []sourceCase{
		{"truncated_json_falls_back_to_meta", ld(`{"@type":"Article","headline":"Cut`) + `<meta property="og:title" content="OG">`, "", "Title", "OG"},
		{"trailing_comma_falls_back", ld(`{"@type":"Article","headline":"Comma",}`) + `<title>T</title>`, "", "Title", "T"},
		{"not_json_at_all", ld(`window.x = 1;`) + `<title>T</title>`, "", "Title", "T"},
		{"empty_script", ld(``) + `<title>T</title>`, "", "Title", "T"},
		{"valid_script_after_a_malformed_one", ld(`{"@type":`) + ld(`{"@type":"Article","headline":"Second"}`), "", "Title", "Second"},
		{"raw_newline_in_a_string_repaired", ld("{\"@type\":\"Article\",\"headline\":\"Two\nlines\"}"), "", "Title", "Two lines"},
		{"cdata_wrapped", ld(`//<![CDATA[
		{"@type":"Article","headline":"Wrapped"}
		//]]>`), "", "Title", "Wrapped"},
		{"comment_wrapped", ld(`<!-- {"@type":"Article","headline":"Commented"} -->`), "", "Title", "Commented"},
		{"trailing_semicolon", ld(`{"@type":"Article","headline":"Semi"};`), "", "Title", "Semi"},
		{"wrong_value_types_ignored", ld(`{"@type":"Article","headline":{"x":1},"name":7,"author":12,"datePublished":["2024"],"image":3,"publisher":true}`) + `<title>T</title>`, "", "Title", "T"},
		{"null_type", ld(`{"@type":null,"headline":"No type"}`) + `<title>T</title>`, "", "Title", "T"},
		{"top_level_scalar", ld(`"just a string"`) + `<title>T</title>`, "", "Title", "T"},
		{"type_list", ld(`{"@type":["CreativeWork","NewsArticle"],"headline":"Listed"}`), "", "Title", "Listed"},
		{"type_as_schema_url", ld(`{"@type":"http://schema.org/BlogPosting","headline":"URL type"}`), "", "Title", "URL type"},
		{"top_level_array", ld(`[{"@type":"BreadcrumbList"},{"@type":"Article","headline":"In array"}]`), "", "Title", "In array"},
		{"main_entity", ld(`{"@type":"WebPage","name":"Page","mainEntity":{"@type":"Article","headline":"Entity"}}`), "", "Title", "Entity"},
		{"type_json_with_parameters", `<script type="application/ld+json; charset=utf-8">{"@type":"Article","headline":"Param"}</script>`, "", "Title", "Param"},
		{"other_script_types_ignored", `<script type="application/json">{"@type":"Article","headline":"No"}</script><title>T</title>`, "", "Title", "T"},
	})
}

func TestJSONLDLimits(t *testing.T) {
	t.Run("oversized_script_skipped", func(t *testing.T) {
		big := `{"@type":"Article","headline":"Big","pad":"` + strings.Repeat("x", maxScriptBytes) + `"}`
		if m := read(t, ld(big)+`<title>T</title>`, ""); m.Title != "T" {
			t.Errorf("Title = %q", m.Title)
		}
	})
	t.Run("objects_beyond_the_limit_not_walked", func(t *testing.T) {
		filler := strings.Repeat(`{"@type":"Thing"},`, maxObjects)
		m := read(t, ld(`[`+filler+`{"@type":"Article","headline":"Late"}]`)+`<title>T</title>`, "")
		if m.Title != "T" {
			t.Errorf("Title = %q", m.Title)
		}
	})
	t.Run("deep_nesting_does_not_panic", func(t *testing.T) {
		deep := strings.Repeat(`{"mainEntity":`, 5000) + `{}` + strings.Repeat(`}`, 5000)
		arrays := strings.Repeat(`[`, 20000) + strings.Repeat(`]`, 20000)
		read(t, ld(deep)+ld(arrays)+`<title>T</title>`, "")
	})
	t.Run("reference_cycle_does_not_loop", func(t *testing.T) {
		m := read(t, ld(`{"@graph":[{"@type":"Article","@id":"#a","author":{"@id":"#a"},"publisher":{"@id":"#a"},"image":{"@id":"#a"},"headline":"Cycle"}]}`), "")
		if m.Title != "Cycle" {
			t.Errorf("Title = %q", m.Title)
		}
	})
	t.Run("many_scripts_bounded", func(t *testing.T) {
		page := strings.Repeat(ld(`{"@type":"Thing"}`), maxScripts) + ld(`{"@type":"Article","headline":"Late"}`) + `<title>T</title>`
		if m := read(t, page, ""); m.Title != "T" {
			t.Errorf("Title = %q", m.Title)
		}
	})
}
