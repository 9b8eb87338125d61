package sanitize

import (
	"regexp"
	"testing"
)

// prefilterPatterns are the shipped policies' extract patterns and a few
// that must not be prefiltered.
var prefilterPatterns = []string{
	`^(?:原标题|原標題)(?:\s*[：:|丨｜]\s*|\s+)(.*)$`,
	`^(?:来源|來源)(?:\s*[：:|丨｜]\s*|\s+)(.*)$`,
	`^(?:责任编辑|責任編輯|本文编辑|编辑)\s*[：:|丨｜]\s*(.*)$`,
	`^本文来自(?:微信公众号)?[：:]\s*([^，,]+)`,
	`^作者\s*[：:|｜丨]\s*(.+)$`,
	`^(?:监制|题图|头图)\s*[：:|｜丨]`,
	`^(?:炒股开户享福利|海量资讯、精准解读，尽在新浪财经APP)`,
	`^(.+?)[，,]?$`,
	`^\s*来源`, `^(?i)source`, `来源`, `(?m)^来源`, `^x*`, `^[a-c]{0,2}d`, `^\bword`, `^(?:a|)b`, `^[^a]`,
}

func TestFirstRunesOfShippedPatterns(t *testing.T) {
	for _, p := range prefilterPatterns[:7] {
		if firstRunesOf(p) == nil {
			t.Errorf("%s: no first runes; the shipped metadata patterns all start with a literal", p)
		}
	}
	for _, p := range []string{`^(.+?)[，,]?$`, `^(?i)source`, `来源`, `(?m)^来源`, `^x*`, `^[^a]`} {
		if firstRunesOf(p) != nil {
			t.Errorf("%s: first runes told, but any rune may start a match", p)
		}
	}
}

func FuzzFirstRunes(f *testing.F) {
	for i := range prefilterPatterns {
		for _, line := range []string{"原标题：x", "来源: 新浪", "编辑 | 王", "本文来自：虎嗅", "作者：张", "题图｜x", "abd", "word", "b", " 来源", "\xff来源", "Source", "炒股开户享福利"} {
			f.Add(i, line)
		}
	}
	f.Fuzz(func(t *testing.T, i int, line string) {
		if i < 0 || len(line) == 0 {
			return
		}
		p := prefilterPatterns[i%len(prefilterPatterns)]
		set := firstRunesOf(p)
		if set != nil && !set.has([]byte(line)) && regexp.MustCompile(p).MatchString(line) {
			t.Errorf("%s matches %q, which its first runes rule out", p, line)
		}
	})
}
