package sanitize_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"articleservice/sanitize"
)

// TestWorkGrowsLinearly guards against quadratic behaviour (the regex and
// rescanning blow-ups sanitizers are known for) without timing anything.
// Two deterministic measures are taken for an input and for the same input
// repeated eight times, and must grow no faster than the input (with
// slack): the allocations, and the basic blocks of code run in this
// package, the HTML tokenizers, bluemonday and regexp, counted by coverage
// counters in a helper built for it (testdata/workcount). The second
// catches a rescan that allocates nothing.
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
	var jobs []workJob
	for _, shape := range shapes {
		for _, p := range set.List() {
			jobs = append(jobs, workJob{p.Name(), shape.unit}, workJob{p.Name(), strings.Repeat(shape.unit, 8)})
		}
	}
	blocks := countWork(t, jobs)
	i := 0
	for _, shape := range shapes {
		for _, p := range set.List() {
			b1, b8 := blocks[i], blocks[i+1]
			i += 2
			t.Run(shape.name+"/"+p.Name(), func(t *testing.T) {
				one := []byte(shape.unit)
				eight := bytes.Repeat(one, 8)
				a1 := testing.AllocsPerRun(5, func() { _, _ = p.Sanitize(one, sanitize.Options{}) })
				a8 := testing.AllocsPerRun(5, func() { _, _ = p.Sanitize(eight, sanitize.Options{}) })
				if a8 > 10*a1+50 {
					t.Errorf("allocations grow faster than the input: %.0f for 1x, %.0f for 8x", a1, a8)
				}
				t.Logf("allocations %.0f -> %.0f, blocks run %d -> %d", a1, a8, b1, b8)
				if b1 == 0 || b8 > 9*b1 {
					t.Errorf("work grows faster than the input: %d blocks run for 1x, %d for 8x (at most 9x allowed)", b1, b8)
				}
			})
		}
	}
}

type workJob struct {
	Policy string `json:"policy"`
	HTML   string `json:"html"`
}

// countWork builds testdata/workcount with coverage counters and returns,
// for each job, the number of basic blocks sanitizing it ran.
func countWork(tb testing.TB, jobs []workJob) []uint64 {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		tb.Fatalf("counting work needs the go command: %v", err)
	}
	bin := filepath.Join(tb.TempDir(), "workcount")
	build := exec.Command(goTool, "build", "-cover", "-covermode=atomic",
		"-coverpkg=articleservice/sanitize/testdata/workcount,articleservice/sanitize,articleservice/sanitize/htmltok,golang.org/x/net/html,github.com/microcosm-cc/bluemonday,regexp",
		"-o", bin, "./testdata/workcount")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build the work counter: %v\n%s", err, out)
	}
	in, err := json.Marshal(jobs)
	if err != nil {
		tb.Fatalf("encode jobs: %v", err)
	}
	run := exec.Command(bin)
	run.Stdin = bytes.NewReader(in)
	run.Stderr = os.Stderr
	run.Env = append(os.Environ(), "GOCOVERDIR="+tb.TempDir())
	out, err := run.Output()
	if err != nil {
		tb.Fatalf("run the work counter: %v", err)
	}
	var blocks []uint64
	if err := json.Unmarshal(out, &blocks); err != nil || len(blocks) != len(jobs) {
		tb.Fatalf("work counter answered %q (%v), want %d counts", out, err, len(jobs))
	}
	return blocks
}
