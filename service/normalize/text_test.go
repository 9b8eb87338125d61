package normalize_test

import (
	"slices"
	"testing"

	"articleservice/service/normalize"
)

func TestTitle(t *testing.T) {
	tests := []struct {
		name, raw, want, reason string
	}{
		{"named entities are decoded", "&quot;双十一&quot;来了", `"双十一"来了`, "crawlers leave HTML entities in titles"},
		{"numeric entities are decoded", "&#8220;五一&#8221;假期 &#x4E2D;国", "“五一”假期 中国", "decimal and hex references"},
		{"entities are decoded once", "A &amp;amp; B", "A &amp; B", "a double-escaped ampersand keeps one level"},
		{"surrounding whitespace is trimmed", "  标题 \t", "标题", "YAML leaves spaces in quoted values"},
		{"inner whitespace runs collapse", "Excel  如何\t\t產生", "Excel 如何 產生", "one space between words"},
		{"multi-line title becomes one line", "@003_miss_ \" よろしくお願いします コピペ用⤵︎ ⤵︎\n055889256\n39087283734851586\na7rvd6ewde4x \"",
			`@003_miss_ " よろしくお願いします コピペ用⤵︎ ⤵︎ 055889256 39087283734851586 a7rvd6ewde4x "`, "testdata/corpus/0007.md's folded title keeps newlines"},
		{"ideographic space and nbsp collapse", "原标题\u3000\u3000旧&nbsp;标题", "原标题 旧 标题", "full-width and no-break spaces are whitespace"},
		{"zero-width space and bom at the ends go", "\ufeff\u200b标题\u200b", "标题", "invisible characters are not content"},
		{"empty title stays empty", "", "", "nothing to normalize"},
		{"whitespace-only title becomes empty", " \n\u3000 ", "", "the pipeline falls back to the head title"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalize.Title(tc.raw); got != tc.want {
				t.Errorf("Title(%q) = %q, want %q (%s)", tc.raw, got, tc.want, tc.reason)
			}
		})
	}
}

func TestSpace(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{"ascii whitespace collapses", " a \t b\r\n c ", "a b c", "every run is one space"},
		{"unicode whitespace collapses", "a\u3000\u00a0\u2003b\u2028c", "a b c", "ideographic, no-break, em and line separator spaces"},
		{"entities are not decoded", "a&nbsp;b", "a&nbsp;b", "Space is not Title"},
		{"text without whitespace is unchanged", "正文第一段。", "正文第一段。", "nothing to collapse"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalize.Space(tc.in); got != tc.want {
				t.Errorf("Space(%q) = %q, want %q (%s)", tc.in, got, tc.want, tc.reason)
			}
		})
	}
}

func TestCategories(t *testing.T) {
	tests := []struct {
		name   string
		raw    []string
		want   []string
		reason string
	}{
		{"corpus categories are kept in order", []string{"金融", "新浪财经", "新浪财经－国內"}, []string{"金融", "新浪财经", "新浪财经－国內"}, "already clean"},
		{"categories are trimmed", []string{" 金融", "新浪财经 ", "\u3000社交媒体\u3000"}, []string{"金融", "新浪财经", "社交媒体"}, "stray whitespace around values"},
		{"duplicates are dropped keeping the first", []string{"金融", "新浪财经", " 金融", "新浪财经"}, []string{"金融", "新浪财经"}, "the same category twice is one"},
		{"empty categories are dropped", []string{"", "  ", "-", "编程"}, []string{"编程"}, "nothing left is no category"},
		{"leading dash-space is stripped", []string{"- 二次元", "- - AcFun", "-  番剧"}, []string{"二次元", "AcFun", "番剧"}, "remnants of a badly nested YAML list"},
		{"dash without a space is kept", []string{"-1", "C-3PO"}, []string{"-1", "C-3PO"}, "a dash glued to text may be part of the name"},
		{"stripped duplicates are dropped", []string{"金融", "- 金融"}, []string{"金融"}, "dedupe runs after normalizing"},
		{"entities are decoded", []string{"R&amp;D", "&quot;x&quot;"}, []string{"R&D", `"x"`}, "as in titles"},
		{"inner whitespace collapses", []string{"Animen  动漫平台", "Google\tSites"}, []string{"Animen 动漫平台", "Google Sites"}, "one space between words"},
		{"case variants are distinct categories", []string{"Dribbble", "dribbble"}, []string{"Dribbble", "dribbble"}, "display names keep their case; CategoryKeys folds it"},
		{"nil is empty", nil, []string{}, "no categories"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := normalize.Categories(tc.raw)
			if !slices.Equal(got, tc.want) || got == nil {
				t.Errorf("Categories(%q) = %#v, want %#v (%s)", tc.raw, got, tc.want, tc.reason)
			}
		})
	}
}

func TestCategoryKey(t *testing.T) {
	tests := []struct {
		name, in, want, reason string
	}{
		{"full-width dash folds to ascii", "新浪财经－国內", "新浪财经-国內", "NFKC maps U+FF0D to '-'"},
		{"full-width latin folds and lower-cases", "ＡｃＦｕｎ", "acfun", "full-width letters are compatibility forms"},
		{"latin is lower-cased", "Google Sites", "google sites", "keys ignore case"},
		{"full-width parentheses fold", "实例公共时间线（本站）", "实例公共时间线(本站)", "U+FF08 and U+FF09 are compatibility forms"},
		{"ideographic space folds and collapses", "Animen\u3000\u3000动漫平台 ", "animen 动漫平台", "NFKC gives spaces; Space collapses them"},
		{"half-width katakana widens", "ｶﾀｶﾅ", "カタカナ", "NFKC composes half-width kana to standard kana"},
		{"circled digit folds", "第①期", "第1期", "compatibility digits"},
		{"han is unchanged", "二次元", "二次元", "no compatibility form"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalize.CategoryKey(tc.in); got != tc.want {
				t.Errorf("CategoryKey(%q) = %q, want %q (%s)", tc.in, got, tc.want, tc.reason)
			}
		})
	}
}

func TestCategoryKeys(t *testing.T) {
	tests := []struct {
		name   string
		in     []string
		want   []string
		reason string
	}{
		{"keys keep the order", []string{"金融", "新浪财经", "新浪财经－国內"}, []string{"金融", "新浪财经", "新浪财经-国內"}, "one key per category"},
		{"keys equal after folding are dropped", []string{"Dribbble", "dribbble", "ＤＲＩＢＢＢＬＥ", "设计"}, []string{"dribbble", "设计"}, "case and width variants are one key"},
		{"empty keys are dropped", []string{"", "\u3000", "a"}, []string{"a"}, "an empty key filters nothing"},
		{"nil gives no keys", nil, []string{}, "no categories"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := normalize.CategoryKeys(tc.in)
			if !slices.Equal(got, tc.want) || got == nil {
				t.Errorf("CategoryKeys(%q) = %#v, want %#v (%s)", tc.in, got, tc.want, tc.reason)
			}
		})
	}
}

func TestSiteSection(t *testing.T) {
	tests := []struct {
		name                  string
		categories            []string
		wantSite, wantSection string
		reason                string
	}{
		{"three categories give the second and the last", []string{"金融", "新浪财经", "新浪财经－国內"}, "新浪财经", "新浪财经－国內", "[group, site, feed]"},
		{"four categories give the second and the last", []string{"a", "b", "c", "d"}, "b", "d", "the feed is the narrowest"},
		{"two categories give the first and the second", []string{"Mastodon", "实例公共时间线（本站）"}, "Mastodon", "实例公共时间线（本站）", "[site, feed]"},
		{"one category is the site", []string{"编程"}, "编程", "", "no section"},
		{"no categories give nothing", nil, "", "", "nothing to derive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			site, section := normalize.SiteSection(tc.categories)
			if site != tc.wantSite || section != tc.wantSection {
				t.Errorf("SiteSection(%q) = %q, %q; want %q, %q (%s)", tc.categories, site, section, tc.wantSite, tc.wantSection, tc.reason)
			}
		})
	}
}
