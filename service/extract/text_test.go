package extract_test

import (
	"strings"
	"testing"

	"articleservice/service/extract"
)

func TestSummary(t *testing.T) {
	// 40 runes of Chinese without punctuation.
	zh40 := string([]rune("今年五一假期国内旅游市场强势复苏熟悉的人从众模式再度回归某在线旅游平台数据显示今年期间")[:40])
	latin := strings.Repeat("lorem ipsum dolor sit amet ", 8) // 216 runes, no sentence end
	tests := []struct {
		name, text, want, reason string
	}{
		{"short text is returned whole", "第一段。\n\n第二段。", "第一段。 第二段。", "no cut needed; whitespace is flattened"},
		{"text of exactly 120 runes is returned whole", zh40 + zh40 + zh40, zh40 + zh40 + zh40, "120 is the length aimed for"},
		{"chinese text is cut after the last full stop before 120", zh40 + "。" + zh40 + "。" + zh40 + "。" + zh40, zh40 + "。" + zh40 + "。", "the third 。 is at 123, past 120"},
		{"exclamation and question marks end sentences", zh40 + zh40 + "！" + zh40 + "？" + zh40, zh40 + zh40 + "！", "！ at 81"},
		{"latin text is cut after a sentence", strings.Repeat("The market grew fast. ", 8), strings.TrimSpace(strings.Repeat("The market grew fast. ", 5)), "the fifth full stop ends at 109"},
		{"decimal point is no sentence end", strings.Repeat("a", 70) + " 3.5 " + latin, strings.TrimSpace((strings.Repeat("a", 70) + " 3.5 " + latin)[:119]) + "…", "3.5 is a number; the cut falls at the space at 119"},
		{"sentence end past 120 is taken when none comes before", zh40 + zh40 + zh40 + "四五六。" + zh40, zh40 + zh40 + zh40 + "四五六。", "the first end up to 150 beats an ellipsis"},
		{"latin text without sentence end is cut at a word", latin, strings.TrimSpace(latin[:119]) + "…", "at the last space before 120, never inside a word"},
		{"chinese text without sentence end is cut at 120 runes", zh40 + zh40 + zh40 + zh40, zh40 + zh40 + zh40 + "…", "any boundary between Han characters is a word boundary"},
		{"empty text has an empty summary", "", "", "nothing to summarize"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := extract.Summary(tc.text); got != tc.want {
				t.Errorf("Summary =\n %q\nwant\n %q\n(%s)", got, tc.want, tc.reason)
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct {
		name, text, want, reason string
	}{
		{"simplified chinese is zh-Hans", "今年“五一”假期，国内旅游市场强势复苏。", "zh-Hans", "Han without kana, simplified forms (国, 内)"},
		{"traditional chinese is zh-Hant", "感謝大家長期以來對Animen動漫平台的支持與鼓勵。", "zh-Hant", "traditional forms (來, 對, 動); the Latin brand name does not outweigh the Han"},
		{"chinese with an english term is zh-Hant", "Excel如何產生隨機亂數(random number)？", "zh-Hant", "Han dominates; 產 and 機 are traditional"},
		{"kana make japanese", "初めて回転寿司に来たんですがこれどうやって使うんですか？", "ja", "hiragana and katakana are Japanese only"},
		{"kanji-heavy japanese with kana is ja", "日本国内閣総理大臣官邸の発表", "ja", "one kana among eleven Han is enough"},
		{"hangul makes korean", "안녕하세요, 반갑습니다. 오늘 날씨가 좋네요.", "ko", "Hangul is Korean"},
		{"english stop words make en", "The quick brown fox jumps over the lazy dog and runs to the river.", "en", "the, and, to"},
		{"latin without english words is und", "Der Hund schläft im Garten unter dem Baum.", "und", "German is not guessed as English"},
		{"digits and symbols are und", "055889256 39087283734851586 ⤵︎ ⤵︎", "und", "no letters"},
		{"empty text is und", "", "und", "nothing to go on"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := extract.Language(tc.text); got != tc.want {
				t.Errorf("Language(%q) = %q, want %q (%s)", tc.text, got, tc.want, tc.reason)
			}
		})
	}
}

func TestCharCount(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
		reason     string
	}{
		{"whitespace is not counted", "正文 第一段。\n\nabc\u3000d", 10, "spaces, newlines and U+3000"},
		{"code points are counted, not bytes", "😀é中", 3, "one emoji, one accented letter, one Han"},
		{"empty text counts zero", "", 0, "nothing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := extract.CharCount(tc.text); got != tc.want {
				t.Errorf("CharCount(%q) = %d, want %d (%s)", tc.text, got, tc.want, tc.reason)
			}
		})
	}
}

// Stats reads in one walk what Language, CharCount and ReadingTime read
// in three; a text longer than the part Language reads tells them apart.
func TestStatsMatchesSeparateFunctions(t *testing.T) {
	texts := []string{
		"",
		"国内旅游市场强势复苏，这们个来说时为国会发经对学过还进现动开关长东门。",
		"國內旅遊市場強勢復甦，這們個來說時為國會發經對學過還進現動開關長東門。",
		"よろしくお願いします 한국어 텍스트 The market and the economy 055889256",
		strings.Repeat("The quick brown fox. ", 300) + strings.Repeat("这们个来说时为国会发经对", 400),
		strings.Repeat("這們個來說時為國會發經對", 400) + strings.Repeat("Ünïcödé wörds ", 300),
		"invalid \xff\xfe bytes\u3000and\u00a0spaces",
	}
	for _, text := range texts {
		got := extract.Stats(text)
		want := extract.TextStats{Language: extract.Language(text), CharCount: extract.CharCount(text), ReadingTime: extract.ReadingTime(text)}
		if got != want {
			t.Errorf("Stats(%.40q…) = %+v, the functions one by one say %+v", text, got, want)
		}
	}
}
