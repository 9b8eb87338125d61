package extract

import (
	"bytes"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// summaryLen is the length, in characters, a summary aims for.
const summaryLen = 120

// Summary returns the start of text, about 120 characters: cut after the
// last sentence end (。！？.!?) between 60 and 120 characters, else after the
// first one up to 150, else at the last space before 120 for spaced scripts,
// else at 120 characters; an ellipsis marks a cut inside a sentence. The
// closing quotes and brackets right after a sentence end stay with it.
func Summary(text string) string {
	// Only the start matters. Most texts settle their summary within their
	// first 640 bytes (160 characters of up to 4 bytes); one that does not
	// (much whitespace, a long run of closers, a text that ends there) is
	// read again up to 1200 bytes: 150 characters are at most 600 bytes,
	// and whitespace that collapses gets the same again.
	if s, ok := summary(text, 640, false); ok {
		return s
	}
	s, _ := summary(text, 1200, true)
	return s
}

// summary is Summary over the first max bytes of text. Unless final, it
// reports false when those bytes do not settle the summary of the whole
// text: their flattened form is a prefix of the whole text's, so what
// they settle is what the whole text would.
func summary(text string, max int, final bool) (string, bool) {
	cut := len(text) > max
	if cut {
		end := max
		for end > 0 && !utf8.RuneStart(text[end]) {
			end--
		}
		text = text[:end]
	}
	// The flattened text and its runes are kept in arrays on the stack:
	// the summary is the only allocation.
	var flatBuf [1200]byte // flattening never lengthens the text
	flat := appendFields(flatBuf[:0], text)
	// A rune is at most 4 bytes (an invalid byte counts as one rune), so
	// more than 4*(summaryLen+1) bytes hold more than summaryLen runes:
	// only a short text needs counting.
	if len(flat) <= 4*(summaryLen+1) && utf8.RuneCount(flat) <= summaryLen {
		if cut && !final {
			return "", false // more text follows the cut
		}
		return string(flat), true
	}
	// Only the first 151 characters are read, and then the closers after
	// a cut: the runes end at the first other character past 152, which
	// leaves every test below as it is on the whole text.
	var runeBuf [160]rune
	runes := runeBuf[:0]
	settled := false
	for i := 0; i < len(flat); {
		r, size := utf8.DecodeRune(flat[i:])
		if len(runes) >= 152 && !strings.ContainsRune(closers, r) {
			settled = true
			break
		}
		runes = append(runes, r)
		i += size
	}
	if cut && !settled && !final {
		return "", false
	}
	return summaryOf(runes), true
}

// summaryOf cuts the summary from the first runes of the flattened text.
func summaryOf(runes []rune) string {
	if cut := lastSentenceEnd(runes, 60, summaryLen); cut > 0 {
		return string(runes[:withClosers(runes, cut)])
	}
	if cut := firstSentenceEnd(runes, summaryLen, min(len(runes), 150)); cut > 0 {
		return string(runes[:withClosers(runes, cut)])
	}
	end := summaryLen
	for i := summaryLen; i > summaryLen/2; i-- {
		if runes[i] == ' ' {
			end = i
			break
		}
		if !isSpaced(runes[i-1]) {
			// No spaces in CJK text: any character boundary is a word boundary.
			break
		}
	}
	var out [4*summaryLen + len("…")]byte
	cut := out[:0]
	for _, r := range runes[:end] {
		cut = utf8.AppendRune(cut, r)
	}
	return string(append(bytes.TrimSpace(cut), "…"...))
}

// appendFields appends strings.Join(strings.Fields(s), " ") to dst. The
// text between spaces is copied in runs; only a rune whose lead byte can
// start Unicode whitespace is decoded, so CJK text is skipped byte by byte.
func appendFields(dst []byte, s string) []byte {
	start := len(dst)
	pending := false
	run := -1 // start of the run of non-space bytes being read
	for i := 0; i < len(s); {
		c := s[i]
		if fieldByte[c] == 0 {
			if run < 0 {
				if pending {
					dst = append(dst, ' ')
					pending = false
				}
				run = i
			}
			i++
			continue
		}
		size, space := 1, true
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			if run >= 0 {
				dst = append(dst, s[run:i]...)
				run = -1
			}
			pending = len(dst) > start
		} else if run < 0 {
			if pending {
				dst = append(dst, ' ')
				pending = false
			}
			run = i
		}
		i += size
	}
	if run >= 0 {
		dst = append(dst, s[run:]...)
	}
	return dst
}

// fieldByte marks the bytes appendFields looks at: ASCII whitespace (1) and
// the lead bytes of the runes beyond ASCII that unicode.IsSpace holds,
// U+0085, U+00A0, U+1680, U+2000-U+205F and U+3000 (2). A rune starting
// with any other byte is not whitespace, nor an invalid byte: both are
// copied as they are.
var fieldByte = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1, 0xc2: 2, 0xe1: 2, 0xe2: 2, 0xe3: 2}

// sentenceEnd reports whether runes[i] ends a sentence; a Latin full stop
// only does when a space, a closing quote or the end follows, so "3.5" and
// "e.g" do not.
func sentenceEnd(runes []rune, i int) bool {
	switch runes[i] {
	case '。', '！', '？', '!', '?':
		return true
	case '.':
		return i+1 == len(runes) || runes[i+1] == ' ' || strings.ContainsRune(closers, runes[i+1])
	}
	return false
}

// closers end a quotation or aside and belong to the sentence before them:
// 他说：“我们会继续努力。”
const closers = "”’」』）)]】》\"'"

// withClosers moves a cut after a sentence end past the closers that follow it.
func withClosers(runes []rune, cut int) int {
	for cut < len(runes) && strings.ContainsRune(closers, runes[cut]) {
		cut++
	}
	return cut
}

func lastSentenceEnd(runes []rune, from, to int) int {
	for i := to - 1; i >= from; i-- {
		if sentenceEnd(runes, i) {
			return i + 1
		}
	}
	return -1
}

func firstSentenceEnd(runes []rune, from, to int) int {
	for i := from; i < to; i++ {
		if sentenceEnd(runes, i) {
			return i + 1
		}
	}
	return -1
}

func isSpaced(r rune) bool {
	return r < 0x2E80 // scripts below CJK write spaces between words
}

// CharCount counts the code points of text that are not whitespace.
func CharCount(text string) int {
	return Stats(text).CharCount
}

// TextStats are what one walk over an article's text reads from it.
type TextStats struct {
	Language    string        // as Language returns it
	CharCount   int           // as CharCount returns it
	ReadingTime time.Duration // as ReadingTime returns it
}

// Stats returns Language, CharCount and ReadingTime of text, reading it
// once.
func Stats(text string) TextStats {
	c := count(text, true)
	return TextStats{Language: c.language(text), CharCount: c.chars, ReadingTime: c.readingTime()}
}

// counts are what the functions above read from text: the scripts of its
// first langRunes runes for Language, and, over all of it, the characters
// that are not whitespace and the CJK characters and words read.
type counts struct {
	// Of the first langRunes runes.
	han, kana, hangul, latin, latinWords int
	simplified, traditional              int
	// Of all runes, when counted in full.
	chars, cjk, words int
}

// langRunes is how far into a text Language reads.
const langRunes = 4096

// count walks text once; when full is false it stops after the runes
// Language reads.
func count(text string, full bool) counts {
	var c counts
	var n int
	inLatin, inWord := false, false
	for _, r := range text {
		sc := tableScript(r) // inlined: a call per rune was most of count's time
		if sc == mixedBlock {
			sc = scriptOfRune(r)
		}
		if sc == hanScript {
			// Most runes of a Chinese body, counted here alone: the
			// general path below never sees a Han rune.
			if n++; n <= langRunes {
				c.addHan(r)
				inLatin = false
			} else if !full {
				break
			}
			if full {
				c.chars++
				c.cjk++
				inWord = false
			}
			continue
		}
		if n++; n <= langRunes {
			isLatin := false
			switch sc {
			case kanaScript:
				c.kana++
			case hangulScript:
				c.hangul++
			case latinScript:
				c.latin++
				isLatin = true
			}
			if isLatin && !inLatin {
				c.latinWords++
			}
			inLatin = isLatin
		} else if !full {
			break
		}
		if !full {
			continue
		}
		word := sc == latinScript
		if sc == otherScript { // no script holds whitespace
			var space bool
			if r < utf8.RuneSelf { // otherRune's first case, inlined
				space, word = asciiSpaceOrWord(r)
			} else {
				space, word = otherRune(r)
			}
			if !space {
				c.chars++
			}
		} else {
			c.chars++
		}
		switch {
		case sc == kanaScript || sc == hangulScript:
			c.cjk++
			inWord = false
		case word:
			if !inWord {
				c.words++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	return c
}

// addHan counts a Han rune among those Language reads, and its variant.
func (c *counts) addHan(r rune) {
	c.han++
	if i := r - hanVariantFirst; i >= 0 && i < rune(len(hanVariant)) {
		v := hanVariant[i]
		c.simplified += int(v>>1) & 1
		c.traditional += int(v) & 1
	}
}

func (c counts) readingTime() time.Duration {
	minutes := float64(c.cjk)/400 + float64(c.words)/230
	return time.Duration(math.Ceil(minutes*60)) * time.Second
}

// Language guesses the language of text from its scripts: kana means "ja",
// Hangul "ko", Han without kana Chinese — "zh-Hant" when characters only
// traditional Chinese writes outnumber those only simplified Chinese
// writes, else "zh-Hans" — and Latin with a common English word or two plain ASCII words "en";
// anything else is "und". It reads at most the first 4096 characters.
func Language(text string) string {
	return count(text, false).language(text)
}

func (c counts) language(text string) string {
	han, kana, hangul, latin, latinWords := c.han, c.kana, c.hangul, c.latin, c.latinWords
	cjk := han + kana + hangul
	// A CJK character weighs about a Latin word: "Outliers建議答案 01. BCDDC
	// 06. BBBDA …" is Chinese with Latin answers in it.
	switch {
	case cjk == 0 && latin == 0:
		return "und"
	case kana > 0 && kana*20 >= cjk && cjk*2 >= latinWords:
		return "ja"
	case hangul > 0 && hangul*2 >= cjk && cjk*2 >= latinWords:
		return "ko"
	case han > 0 && cjk*2 >= latinWords:
		if c.traditional > c.simplified {
			return "zh-Hant"
		}
		return "zh-Hans"
	case englishWords(text) >= 1 || asciiWords(text) >= 2:
		return "en"
	}
	return "und"
}

// asciiWords counts words of plain ASCII letters: Latin text without a
// single accented letter is, in what crawlers bring, English.
func asciiWords(text string) int {
	n := 0
	for w := range strings.FieldsSeq(text[:min(len(text), 4096)]) {
		w = strings.Trim(w, ".,;:!?\"'()[]")
		if len(w) < 2 {
			continue
		}
		ascii := true
		for i := 0; i < len(w); i++ {
			if c := w[i] | 0x20; c < 'a' || c > 'z' {
				ascii = false
				break
			}
		}
		if ascii {
			n++
		}
	}
	if strings.ContainsFunc(text[:min(len(text), 4096)], func(r rune) bool { return r >= 0xc0 && r < 0x250 }) {
		return 0
	}
	return n
}

func englishWords(text string) int {
	n, i := 0, 0
	for w := range strings.FieldsSeq(text[:min(len(text), 4096)]) {
		if i > 500 {
			break
		}
		i++
		if englishStop(strings.Trim(w, ".,;:!?\"'()")) {
			n++
		}
	}
	return n
}

// englishStop reports whether w is a common English word, in any case.
// An ASCII word is lower-cased in place, without a copy of its own;
// others go through strings.ToLower, which maps a few letters outside
// ASCII into it ("İS" is "is").
func englishStop(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return isEnglishStop(strings.ToLower(w))
		}
	}
	if len(w) > 4 { // the longest word in the list
		return false
	}
	var lower [4]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	return isEnglishStop(string(lower[:len(w)]))
}

func isEnglishStop(w string) bool {
	switch w {
	case "the", "and", "of", "to", "is", "in", "for", "with", "that", "this", "on", "are", "you",
		"our", "we", "it", "by", "from", "an", "at":
		return true
	}
	return false
}

// Common characters that simplified and traditional Chinese write
// differently, pair by pair.
const (
	simplifiedOnly  = "这们个来说时为国会发经对学过还进现动开关长东门问间话么样没与书记让认请该实点种从产业务员机电网车场报图头应题数万亿据体质变联级线价钱买卖乐戏视频节"
	traditionalOnly = "這們個來說時為國會發經對學過還進現動開關長東門問間話麼樣沒與書記讓認請該實點種從產業務員機電網車場報圖頭應題數萬億據體質變聯級線價錢買賣樂戲視頻節"
)

// hanVariant tells, for the characters above, which script writes them
// (simplifiedVariant or traditionalVariant), indexed from U+4E00 up to
// U+9FFF, the block they are all in; built once, read only.
var hanVariant = func() *[0x9fff - hanVariantFirst + 1]byte {
	var t [0x9fff - hanVariantFirst + 1]byte
	for _, r := range simplifiedOnly {
		t[r-hanVariantFirst] = simplifiedVariant
	}
	for _, r := range traditionalOnly {
		t[r-hanVariantFirst] = traditionalVariant
	}
	return &t
}()

// The bits of hanVariant: addHan adds them to the counts without a branch.
const (
	traditionalVariant = 1 << iota
	simplifiedVariant
)

const hanVariantFirst = 0x4e00

// ReadingTime estimates how long text takes to read: CJK characters at 400
// a minute, other words at 230 a minute, rounded up to a whole second.
func ReadingTime(text string) time.Duration {
	return count(text, true).readingTime()
}

// The scripts Language and ReadingTime tell apart.
const (
	otherScript = iota
	latinScript
	kanaScript
	hangulScript
	hanScript
)

// scriptOfRune classifies a rune by code point ranges: the blocks that hold
// (nearly) all kana, Hangul and Han text, and Latin letters up to Latin
// Extended-B. Plain ranges, not unicode.Is tables, because every rune of a
// body goes through here.
func scriptOfRune(r rune) int {
	switch {
	case r < 0x80:
		if r|0x20 >= 'a' && r|0x20 <= 'z' {
			return latinScript
		}
		return otherScript
	case r < 0x250:
		if unicode.IsLetter(r) {
			return latinScript
		}
		return otherScript
	case r >= 0x3040 && r <= 0x30ff, r >= 0x31f0 && r <= 0x31ff, r >= 0xff66 && r <= 0xff9d:
		return kanaScript
	case r >= 0xac00 && r <= 0xd7af, r >= 0x1100 && r <= 0x11ff, r >= 0x3130 && r <= 0x318f:
		return hangulScript
	case r >= 0x4e00 && r <= 0x9fff, r >= 0x3400 && r <= 0x4dbf, r >= 0xf900 && r <= 0xfaff, r >= 0x20000 && r <= 0x3134f:
		return hanScript
	}
	return otherScript
}
