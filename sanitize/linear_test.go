package sanitize_test

import (
	"bytes"
	"strings"
	"testing"

	"articleservice/sanitize"
)

// TestWorkGrowsLinearly guards against quadratic behaviour (the regex and
// rescanning blow-ups sanitizers are known for) without timing anything:
// allocations are counted for an input and for the same input repeated
// eight times, and must grow no faster than the input (with slack).
func TestWorkGrowsLinearly(t *testing.T) {
	shapes := []struct{ name, unit string }{
		{"paragraphs_with_labels", "<p>　　来源：新浪财经</p><p>正文" + strings.Repeat("字", 300) + "</p>"},
		{"nested_inline_over_text", "<b><i><u><em>" + strings.Repeat("text ", 200) + "</em></u></i></b>"},
		{"attributes_and_urls", `<a href="//example.com/a?utm_source=x" onclick="x()" class="keyword">l</a><img data-src="//i.example/a.jpg" srcset="a.jpg 1x, b.jpg 2x">`},
		{"comments_and_scripts", "<!-- c --><script>var a = '</p>';</script><style>p{}</style><p>x</p>"},
		{"unclosed_blocks", "<div><p>unclosed<li>item<td>cell"},
		{"selector_heavy", `<div class="appendQr_wrap"><div class="img_wrapper"><img src="https://n.sinaimg.cn/a.jpg"><span class="img_descr">说明</span></div></div>`},
	}
	set := builtin(t)
	for _, shape := range shapes {
		for _, p := range set.List() {
			t.Run(shape.name+"/"+p.Name(), func(t *testing.T) {
				one := []byte(shape.unit)
				eight := bytes.Repeat(one, 8)
				a1 := testing.AllocsPerRun(5, func() { _, _ = p.Sanitize(one, sanitize.Options{}) })
				a8 := testing.AllocsPerRun(5, func() { _, _ = p.Sanitize(eight, sanitize.Options{}) })
				if a8 > 10*a1+50 {
					t.Errorf("allocations grow faster than the input: %.0f for 1x, %.0f for 8x", a1, a8)
				}
			})
		}
	}
}
