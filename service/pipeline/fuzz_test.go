package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"articleservice/service/article"
)

// FuzzProcess feeds arbitrary bytes through the whole pipeline: it must
// return either a typed field error or an article whose text is valid
// UTF-8 and whose body holds no script.
func FuzzProcess(f *testing.F) {
	for _, name := range []string{"0002", "0102", "0153", "0164"} {
		f.Add(readFile(f, corpusDir+"/"+name+".md"))
	}
	f.Add([]byte(aliasBomb))
	f.Add([]byte("---\ntitle: [\n---\n"))
	f.Add([]byte("<svg><script>alert(1)</script></svg><p onclick=x>y"))
	lim := DefaultLimits()
	lim.MaxDocumentBytes = 64 << 10
	p := newPipeline(f, Config{Limits: lim})
	f.Fuzz(func(t *testing.T, content []byte) {
		a, err := p.Process(context.Background(), article.Document{Content: content})
		if err != nil {
			var fe *article.FieldError
			if !errors.As(err, &fe) || fe.Field == "" || fe.Description == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for what, s := range map[string]string{"title": a.Title, "body_text": a.BodyText, "body_html": a.BodyHTML, "summary": a.Summary} {
			if !utf8.ValidString(s) {
				t.Errorf("%s is not valid UTF-8", what)
			}
		}
		if strings.Contains(strings.ToLower(a.BodyHTML), "<script") {
			t.Errorf("script survived: %q", a.BodyHTML)
		}
		if strings.Contains(a.BodyText, "\n\n\n") {
			t.Errorf("body_text has more than one blank line in a row: %q", a.BodyText)
		}
	})
}
