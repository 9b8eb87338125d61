package pipeline

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"articleservice/service/frontmatter"
)

// TestSitePolicies runs every corpus document of each site that has a
// policy of its own: the site's policy must be the one applied, and the
// boilerplate it exists for must be gone while the article stays.
func TestSitePolicies(t *testing.T) {
	sites := []struct {
		site, policy string
		gone         *regexp.Regexp // must not appear in body_html or body_text (a line of it with (?m))
		check        func(tb testing.TB, file, editor string)
	}{
		{"新浪财经", "sina", regexp.MustCompile(`海量资讯、精准解读|炒股开户享福利|appendQr|343233024\.png|责任编辑`), func(tb testing.TB, file, editor string) {
			if editor == "" {
				tb.Errorf("%s: no editor (every Sina page names one)", file)
			}
		}},
		{"掘金", "juejin", regexp.MustCompile(`复制代码`), nil},
		{"知乎", "zhihu", regexp.MustCompile(`查看知乎讨论|查看知乎原文`), nil},
		{"IT 之家", "ithome", regexp.MustCompile(`直达链接|card-btn`), nil},
		// (?m): a credit line is one line of the body, not its start.
		{"虎嗅", "huxiu", regexp.MustCompile(`(?m)本文来自微信公众号|^(?:监制|题图|头图)\s*[：:|｜丨]`), nil},
		{"少数派 sspai", "sspai", regexp.MustCompile(`扫码分享|iconfont`), nil},
	}
	p := newPipeline(t, Config{})
	for _, site := range sites {
		t.Run(site.policy, func(t *testing.T) {
			n := 0
			for _, file := range corpusFiles(t) {
				doc := readFile(t, file)
				raw, _, _, _, _ := frontmatter.Split(doc, 0)
				fm, err := frontmatter.Parse(raw, frontmatter.Limits{})
				if err != nil || !containsString(fm.Categories, site.site) {
					continue
				}
				n++
				a, err := p.Process(context.Background(), documentOf(doc))
				if err != nil {
					t.Fatalf("%s: %v", file, err)
				}
				name := filepath.Base(file)
				if a.Policy.Name != site.policy {
					t.Errorf("%s: policy %s, want %s", name, a.Policy.Name, site.policy)
				}
				for _, where := range []string{a.BodyHTML, a.BodyText} {
					if m := site.gone.FindString(where); m != "" {
						t.Errorf("%s: %q survived", name, m)
					}
				}
				if strings.TrimSpace(a.BodyText) == "" && len(a.Images) == 0 {
					t.Errorf("%s: nothing of the article is left", name)
				}
				if site.check != nil {
					site.check(t, name, a.Editor)
				}
			}
			if n == 0 {
				t.Fatalf("no corpus document of %s", site.site)
			}
			t.Logf("%d documents of %s", n, site.site)
		})
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if strings.TrimSpace(v) == s {
			return true
		}
	}
	return false
}
