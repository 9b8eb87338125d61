package articlepb

import (
	"testing"
	"time"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
)

func TestFromDocumentExplain(t *testing.T) {
	for _, explain := range []bool{false, true} {
		doc := FromDocument(&articlev1.RawDocument{Content: []byte("<p>x</p>"), Explain: explain})
		if doc.Explain != explain {
			t.Errorf("explain %v: document has Explain %v", explain, doc.Explain)
		}
	}
}

func TestToArticlePageFields(t *testing.T) {
	modified := time.Date(2024, 5, 31, 8, 30, 0, 0, time.UTC)
	a := &article.Article{
		ModifiedAt:    modified,
		ModifiedAtRaw: "2024-05-31T10:30:00+02:00",
		CanonicalURL:  "https://example.com/a",
		Extraction:    article.ExtractionPage,
		Dropped: []article.Drop{{
			Reason: "extract:link-density", Detail: "mostly links",
			Path: "body>div#main>aside.related", Text: "Related stories", Chars: 15,
		}},
	}
	out := ToArticle(a)
	if !out.GetModifiedAt().AsTime().Equal(modified) || out.GetModifiedAtRaw() != a.ModifiedAtRaw {
		t.Errorf("modified = %v %q", out.GetModifiedAt().AsTime(), out.GetModifiedAtRaw())
	}
	if out.GetCanonicalUrl() != a.CanonicalURL {
		t.Errorf("canonical_url = %q", out.GetCanonicalUrl())
	}
	if out.GetExtraction() != articlev1.Extraction_EXTRACTION_PAGE {
		t.Errorf("extraction = %v", out.GetExtraction())
	}
	if len(out.GetDropped()) != 1 {
		t.Fatalf("dropped = %v", out.GetDropped())
	}
	d := out.GetDropped()[0]
	if d.GetReason() != "extract:link-density" || d.GetDetail() != "mostly links" || d.GetPath() != "body>div#main>aside.related" ||
		d.GetText() != "Related stories" || d.GetChars() != 15 {
		t.Errorf("dropped[0] = %v", d)
	}

	for _, tc := range []struct {
		name string
		in   string
		want articlev1.Extraction
	}{
		{"fragment_maps_to_its_enum", article.ExtractionFragment, articlev1.Extraction_EXTRACTION_FRAGMENT},
		{"empty_is_unspecified", "", articlev1.Extraction_EXTRACTION_UNSPECIFIED},
		{"unknown_is_unspecified", "other", articlev1.Extraction_EXTRACTION_UNSPECIFIED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ToArticle(&article.Article{Extraction: tc.in}).GetExtraction(); got != tc.want {
				t.Errorf("extraction %q = %v, want %v", tc.in, got, tc.want)
			}
		})
	}

	empty := ToArticle(&article.Article{})
	if empty.GetModifiedAt() != nil || empty.GetDropped() != nil {
		t.Errorf("zero article: modified_at %v, dropped %v", empty.GetModifiedAt(), empty.GetDropped())
	}
}
