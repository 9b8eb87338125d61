package page_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"articleservice/service/page"
)

// chromeCase is one kind of page chrome placed around or inside a story.
type chromeCase struct {
	name   string
	page   slots
	gone   []string // text that must not be in the article
	kept   []string // text that must be in it besides the story's prose
	reason string   // a reason some drop must be counted under
	// gap, when set, describes a known shortcoming of the heuristics that
	// the case shows: while the case fails it is skipped with what went
	// wrong, and once it passes it says so, so the note can go.
	gap string
}

// problems lists what the result gets wrong for the case.
func (c chromeCase) problems(tb testing.TB, res page.Result) []string {
	tb.Helper()
	var out []string
	got := textOf(res.Article)
	for _, p := range append(slices.Clone(prose), c.kept...) {
		if !strings.Contains(got, p) {
			out = append(out, fmt.Sprintf("lost %q", p))
		}
	}
	for _, g := range c.gone {
		if strings.Contains(got, g) {
			out = append(out, fmt.Sprintf("kept %q", g))
		}
	}
	if c.reason != "" && res.Counts[c.reason] == 0 {
		out = append(out, fmt.Sprintf("no drop counted under %q (counts %v)", c.reason, res.Counts))
	}
	return out
}

// long paragraphs of the continuation of the story, for containers that
// hold prose under a chrome name.
var more = []string{
	"Insurers said the claims would exceed anything seen in a decade, and that premiums in the valley would have to rise, perhaps sharply, from the spring onwards.",
	"Residents of the lower town, many of them elderly, said they could not afford higher premiums, and asked the council for help with the cost of the repairs.",
	"The council said it would set up a fund, paid for by a levy on new building, to help the households that could not get insurance at any price at all.",
	"The first payments, of up to two thousand pounds each, are expected before Christmas, according to the council treasurer, who spoke to reporters on Tuesday.",
}

func TestExtractDropsChrome(t *testing.T) {
	t.Parallel()
	links := func(class string, items ...string) string {
		var b strings.Builder
		b.WriteString("<ul class=\"" + class + "\">")
		for i, it := range items {
			fmt.Fprintf(&b, "<li><a href=\"/story/%d\">%s</a></li>", i, it)
		}
		b.WriteString("</ul>")
		return b.String()
	}
	paywalled := "<div class=\"paywall\">" + strings.Join(func() []string {
		var ps []string
		for _, p := range more {
			ps = append(ps, "<p>"+p+"</p>")
		}
		return ps
	}(), "") + "</div>"
	tests := []chromeCase{
		{
			name:   "nav menu is dropped",
			page:   slots{top: `<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li><a href="/sport">Sport results</a></li></ul></nav>`},
			gone:   []string{"Home", "World news", "Sport results"},
			reason: "extract:chrome",
		},
		{
			name:   "menu with role=navigation inside the article is dropped",
			page:   slots{inside: `<div role="navigation"><a href="/p/1">Previous page</a> <a href="/p/3">Next page</a></div>`},
			gone:   []string{"Previous page", "Next page"},
			reason: "extract:chrome",
		},
		{
			name:   "site header with role=banner is dropped",
			page:   slots{top: `<div role="banner"><a href="/">The Valley Courier</a> <span>News for the valley since 1887, every morning</span></div>`},
			gone:   []string{"The Valley Courier", "News for the valley since 1887"},
			reason: "extract:chrome",
		},
		{
			name:   "site header named masthead is dropped",
			page:   slots{top: `<div class="masthead"><a href="/">The Valley Courier</a> <span>News for the valley since 1887, every morning</span></div>`},
			gone:   []string{"The Valley Courier", "News for the valley since 1887"},
			reason: "extract:class-hint",
		},
		{
			name:   "footer is dropped",
			page:   slots{bottom: `<footer><p>© 2024 The Valley Courier. All rights reserved.</p><a href="/about">About us</a></footer>`},
			gone:   []string{"All rights reserved", "About us"},
			reason: "extract:chrome",
		},
		{
			name:   "footer with role=contentinfo is dropped",
			page:   slots{bottom: `<div role="contentinfo"><p>© 2024 The Valley Courier. All rights reserved.</p></div>`},
			gone:   []string{"All rights reserved"},
			reason: "extract:chrome",
		},
		{
			name:   "share bar inside the article is dropped",
			page:   slots{inside: `<div class="share-bar"><a href="/s/fb">Share on Facebook</a> <a href="/s/x">Share on X</a> <a href="mailto:?">Email</a></div>`},
			gone:   []string{"Share on Facebook", "Share on X"},
			reason: "extract:class-hint",
		},
		{
			name:   "follow bar at the end of the article is dropped",
			page:   slots{end: `<div class="social-follow"><a href="/x">Follow us on X</a> <a href="/fb">Like us on Facebook</a></div>`},
			gone:   []string{"Follow us on X", "Like us on Facebook"},
			reason: "extract:class-hint",
		},
		{
			name:   "follow line without a class at the end of the article is dropped",
			page:   slots{end: `<p>Follow us on <a href="/x">X</a> and <a href="/fb">Facebook</a></p>`},
			gone:   []string{"Follow us on"},
			reason: "extract:tail",
		},
		{
			name:   "related aside beside the article is dropped",
			page:   slots{beside: `<aside class="related"><h2>Related stories</h2>` + links("", "Dam opened upstream as levels keep rising", "Sun returns to the valley after a week of storms") + `</aside>`},
			gone:   []string{"Related stories", "Dam opened upstream"},
			reason: "extract:chrome",
		},
		{
			name:   "related list without chrome names at the end of the article is dropped with its heading",
			page:   slots{end: `<h2>Related stories</h2>` + links("", "Dam opened upstream as levels keep rising", "Sun returns to the valley after a week of storms", "Insurers brace for record claims this winter")},
			gone:   []string{"Related stories", "Dam opened upstream", "Sun returns"},
			reason: "extract:link-density",
		},
		{
			name: "related list without chrome names in the middle of the article is dropped with its heading",
			page: slots{inside: `<h2>Related stories</h2>` + links("", "Dam opened upstream as levels keep rising", "Sun returns to the valley after a week of storms", "Insurers brace for record claims this winter")},
			gone: []string{"Related stories", "Dam opened upstream", "Sun returns"},
			// The list goes, and its heading with it: what follows the
			// heading first was left out.
			reason: "extract:link-density",
		},
		{
			name:   "recommended list is dropped",
			page:   slots{beside: `<div class="recommended"><h3>Recommended for you</h3>` + links("", "Ten ways to keep a cellar dry", "What the forecast means for your garden") + `</div>`},
			gone:   []string{"Recommended for you", "Ten ways to keep a cellar dry"},
			reason: "extract:class-hint",
		},
		{
			name:   "most-read list is dropped",
			page:   slots{beside: `<div class="most-read"><h2>Most read</h2><ol><li><a href="/c">Cat rescued from a roof by the fire brigade</a></li><li><a href="/d">Bakery wins a national prize</a></li></ol></div>`},
			gone:   []string{"Most read", "Cat rescued", "Bakery wins"},
			reason: "extract:class-hint",
		},
		{
			name: "comments section of prose is dropped",
			page: slots{beside: `<section id="comments"><h2>Comments</h2>` +
				`<div class="comment"><p>Great reporting, thanks, I live by the bridge and it was terrible, really awful, all morning long, and nobody came to help us.</p></div>` +
				`<div class="comment"><p>The wall was never finished properly, as anyone who walks along it can see, and the council knew it, years ago, and did nothing.</p></div>` +
				`<div class="comment"><p>My cellar flooded again, the third time in ten years, and the insurer, as usual, says it is not covered, which is outrageous.</p></div></section>`},
			gone:   []string{"Great reporting", "The wall was never finished", "My cellar flooded"},
			reason: "extract:class-hint",
		},
		{
			name:   "newsletter box is dropped",
			page:   slots{inside: `<div class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up for our free newsletter.</p><form><input type="email" name="e"><button>Sign up</button></form></div>`},
			gone:   []string{"Get the morning briefing", "Sign up for our free newsletter"},
			reason: "extract:class-hint",
		},
		{
			name:   "subscribe box is dropped",
			page:   slots{end: `<div class="subscribe-cta"><p>Support local journalism: subscribe from £1 a week.</p><a href="/subscribe">Subscribe now</a></div>`},
			gone:   []string{"Support local journalism", "Subscribe now"},
			reason: "extract:class-hint",
		},
		{
			name:   "short paywall box is dropped",
			page:   slots{end: `<div class="paywall"><p>This story is for subscribers.</p><a href="/login">Log in to keep reading</a></div>`},
			gone:   []string{"This story is for subscribers", "Log in to keep reading"},
			reason: "extract:class-hint",
		},
		{
			name: "long prose container named paywall is kept",
			page: slots{end: paywalled},
			kept: more,
			gap:  "a container named paywall with four long paragraphs after five of the article's own is left out by its class weight (conditional cleaning, \"class or id weighs -25\"); only the first pass's name check trusts its prose",
		},
		{
			name: "long prose container named paywall beside the article is kept",
			page: slots{beside: paywalled},
			kept: more,
			gap:  "a container named paywall with four long paragraphs next to the <article> is left out as outside-article: its class weight cancels its paragraphs' score",
		},
		{
			name:   "cookie banner is dropped",
			page:   slots{top: `<div id="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept</button><a href="/privacy">Privacy policy</a></div>`},
			gone:   []string{"We use cookies", "Privacy policy"},
			reason: "extract:class-hint",
		},
		{
			name:   "cookie consent dialog is dropped",
			page:   slots{inside: `<div class="consent" role="dialog"><p>We and our partners use cookies to personalise content and ads.</p><button>Accept all</button></div>`},
			gone:   []string{"We and our partners use cookies"},
			reason: "extract:chrome",
		},
		{
			name:   "ad slot named by class is dropped",
			page:   slots{inside: `<div class="advert"><span>Advertisement</span><a href="https://ads.example/c"><img src="/banner.gif" alt="Boats for sale, cheap, this week only"></a></div>`},
			gone:   []string{"Advertisement"},
			reason: "extract:class-hint",
		},
		{
			name:   "ad slot named by a GPT id is dropped",
			page:   slots{inside: `<div id="div-gpt-ad-1234-0"><span>Sponsored by Boats Ltd, the best boats in town for every family</span></div>`},
			gone:   []string{"Sponsored by Boats Ltd"},
			reason: "extract:class-hint",
		},
		{
			name:   "ad placeholder holding only its label is dropped",
			page:   slots{inside: `<div class="ad">Advertisement</div>`},
			gone:   []string{"Advertisement"},
			reason: "extract:low-content",
		},
		{
			name:   "read-more teaser is dropped",
			page:   slots{inside: `<div class="teaser"><a href="/wall"><h3>How the wall was built</h3><p>A decade of planning, and a winter of work.</p></a></div>`},
			gone:   []string{"How the wall was built", "A decade of planning"},
			reason: "extract:link-density",
		},
		{
			name:   "read-more link named by class is dropped",
			page:   slots{inside: `<p class="read-more"><a href="/wall">Read more: how the wall was built</a></p>`},
			gone:   []string{"Read more"},
			reason: "extract:class-hint",
		},
		{
			name:   "read-more line at the end of the article is dropped",
			page:   slots{end: `<p>Read more: <a href="/why">Why the town floods every decade</a></p>`},
			gone:   []string{"Read more", "Why the town floods"},
			reason: "extract:tail",
		},
		{
			name:   "breadcrumbs are dropped",
			page:   slots{top: `<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li>Floods</li></ol>`},
			gone:   []string{"Home", "News"},
			reason: "extract:class-hint",
		},
		{
			name:   "breadcrumbs in a nav inside the article are dropped",
			page:   slots{inside: `<nav aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/news">News</a> › <span>Floods</span></nav>`},
			gone:   []string{"Home", "News"},
			reason: "extract:chrome",
		},
		{
			name:   "tag cloud is dropped",
			page:   slots{end: `<div class="tag-cloud"><a href="/t/flood">flood</a> <a href="/t/weather">weather</a> <a href="/t/river">river</a></div>`},
			gone:   []string{"flood weather", "weather river"},
			reason: "extract:class-hint",
		},
		{
			name:   "tag list is dropped by its name",
			page:   slots{end: `<div class="post-tags">Tags: <a href="/t/flood">flood</a>, <a href="/t/weather">weather</a>, <a href="/t/river">river</a></div>`},
			gone:   []string{"Tags:"},
			reason: "extract:class-hint",
		},
		{
			name:   "unnamed tag list is dropped by its links",
			page:   slots{end: `<div class="foot">Filed under: <a href="/t/flood">flood</a>, <a href="/t/weather">weather</a>, <a href="/t/river">river</a></div>`},
			gone:   []string{"Filed under"},
			reason: "extract:link-density",
		},
		{
			name:   "element with the hidden attribute is dropped",
			page:   slots{inside: `<div hidden><p>Hidden by the attribute, a sentence a browser never shows.</p></div>`},
			gone:   []string{"Hidden by the attribute"},
			reason: "extract:hidden",
		},
		{
			name:   "element with display:none is dropped",
			page:   slots{inside: `<p style="color: red; DISPLAY : none">Hidden by a style, a sentence a browser never shows.</p>`},
			gone:   []string{"Hidden by a style"},
			reason: "extract:hidden",
		},
		{
			name:   "element with visibility:hidden is dropped",
			page:   slots{inside: `<p style="visibility:hidden">Invisible by a style, a sentence a browser never shows.</p>`},
			gone:   []string{"Invisible by a style"},
			reason: "extract:hidden",
		},
		{
			name:   "element with aria-hidden is dropped",
			page:   slots{inside: `<div aria-hidden="true">Hidden from readers, a sentence for screens only.</div>`},
			gone:   []string{"Hidden from readers"},
			reason: "extract:hidden",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, story(tt.page), page.Options{Explain: true})
			problems := tt.problems(t, res)
			switch {
			case tt.gap != "" && len(problems) > 0:
				t.Skipf("known gap: %s\n%s\narticle: %s", tt.gap, strings.Join(problems, "\n"), render(t, res.Article))
			case tt.gap != "":
				t.Errorf("the known gap is closed, drop its note: %s", tt.gap)
			}
			for _, p := range problems {
				t.Error(p)
			}
			if len(problems) > 0 {
				t.Logf("article: %s\ndropped: %+v", render(t, res.Article), res.Dropped)
			}
		})
	}
}

// TestExtractKeepsArticleStructure: the article's own blocks come out
// whole and in page order, around the chrome that goes.
func TestExtractKeepsArticleStructure(t *testing.T) {
	t.Parallel()
	src := `<!DOCTYPE html><html><head><title>Floods</title></head><body>
<nav><a href="/">Front page</a> <a href="/news">World desk</a></nav>
<main><article>
<header><h1>River floods the lower town</h1><p class="standfirst">Hundreds leave their homes as the water rises.</p></header>
<p>` + prose[0] + `</p>
<h2>The market square</h2>
<p>` + prose[1] + `</p>
<ul><li>Schools closed: four</li><li>Homes evacuated: one hundred and twenty</li></ul>
<ol><li>Bridge gauge</li><li>Mill gauge</li></ol>
<table><caption>River levels</caption><thead><tr><th>Gauge</th><th>Level</th></tr></thead><tbody><tr><td>Bridge</td><td>4.1 m</td></tr><tr><td>Mill</td><td>3.8 m</td></tr></tbody></table>
<figure><img src="/flood.jpg" alt="The flooded square"><figcaption>The market square at noon.</figcaption></figure>
<p>` + prose[2] + `</p>
<pre><code>level_m = 4.1  # at the bridge gauge, 10:00</code></pre>
<blockquote><p>We have never seen it this high, said one trader.</p></blockquote>
<p>` + prose[3] + `</p>
<div class="share"><a href="/s/fb">Share on Facebook</a></div>
<p>` + prose[4] + `</p>
</article></main>
<footer>© 2024 The Valley Courier</footer>
</body></html>`
	res := extract(t, src, page.Options{})
	wantInOrder(t, res,
		"River floods the lower town", "Hundreds leave their homes", prose[0],
		"The market square", prose[1],
		"Schools closed: four", "Homes evacuated", "Bridge gauge", "Mill gauge",
		"River levels", "Gauge", "Level", "Bridge", "4.1 m", "Mill", "3.8 m",
		"The market square at noon.", prose[2],
		"level_m = 4.1", "We have never seen it this high", prose[3], prose[4])
	wantNoText(t, res, "Front page", "World desk", "Share on Facebook", "The Valley Courier")
	tags := elements(res.Article)
	for _, tag := range []string{"h1", "h2", "p", "ul", "ol", "li", "table", "caption", "th", "td", "figure", "img", "figcaption", "pre", "code", "blockquote"} {
		if !slices.Contains(tags, tag) {
			t.Errorf("no <%s> in the article: %s", tag, render(t, res.Article))
		}
	}
	if res.Article.Type != html.ElementNode || res.Article.Data != "div" {
		t.Errorf("article root is %q, want a <div>", res.Article.Data)
	}
	if res.Article.Parent != nil || res.Article.NextSibling != nil {
		t.Error("article root is attached to a tree")
	}
	wantCount(t, res, "extract:chrome")
	wantCount(t, res, "extract:class-hint")
}

// TestExtractCJK: in Chinese and Japanese, where words have no spaces
// between them, the article's paragraphs still outweigh a list of links of
// about the same size in bytes: length and density count characters, not
// bytes, and weigh a CJK character as more than a Latin letter.
func TestExtractCJK(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		lang      string
		headline  string
		paras     []string
		links     []string
		sideFirst bool
	}{
		{
			name:     "Chinese paragraphs win over a link list of the same size",
			lang:     "zh",
			headline: "长江中下游进入主汛期",
			paras: []string{
				"受持续强降雨影响，长江中下游干流水位全线上涨，武汉关水位昨日超过警戒线，防汛部门已启动四级应急响应。",
				"沿江各地组织干部群众上堤巡查，重点排查管涌、渗漏等险情，确保大堤安全，同时转移低洼地区的群众。",
				"气象部门预计，未来三天流域内仍有大到暴雨，局部地区雨量可能超过一百毫米，需防范山洪和城市内涝。",
				"水利部表示，三峡水库已加大下泄流量，为下游腾出防洪库容，并将根据来水情况适时调整调度方案。",
			},
			links: []string{
				"国务院常务会议部署进一步做好防汛抗旱工作，要求各地压实责任",
				"多地发布暴雨橙色预警，铁路部门调整部分列车运行计划确保安全",
				"专家解读：今年长江流域汛情为何来得这么早，未来走势如何判断",
				"应急管理部派出工作组赴湖北、湖南、江西等地指导防汛救灾工作",
				"图集：航拍洪水中的江城武汉，沿江步道被淹，市民出行受到影响",
				"保险业启动大灾理赔绿色通道，简化流程加快赔付受灾群众的损失",
			},
		},
		{
			name:     "Japanese paragraphs win over a link list of the same size before them",
			lang:     "ja",
			headline: "台風十号、九州に上陸",
			paras: []string{
				"大型で強い台風十号は、きょう午前、鹿児島県に上陸し、九州を北上しています。各地で猛烈な雨と風が続いています。",
				"気象庁によりますと、宮崎県では一時間に百ミリを超える雨が観測され、土砂災害の危険度が非常に高まっています。",
				"自治体は、避難指示を出して住民に早めの避難を呼びかけており、学校や公民館などに避難所が開設されました。",
				"台風は、あすにかけて中国地方から近畿地方に進む見込みで、広い範囲で大雨や暴風に警戒が必要だということです。",
			},
			links: []string{
				"首相が記者会見、台風被害への支援策を発表へ、予備費の活用を検討",
				"新幹線が終日運休、東海道と山陽で計画運休を実施すると発表した",
				"気象庁が会見、記録的な大雨に最大級の警戒を呼びかけている状況",
				"停電は一時十万戸に、電力会社が復旧作業を急いでいると明らかに",
				"写真特集：台風の爪痕、各地で倒木や浸水の被害が相次いでいる",
				"空の便も欠航が相次ぐ、羽田と成田で合わせて三百便以上が欠航に",
			},
			sideFirst: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var art, side strings.Builder
			// Neither container has a tag, role or name that marks it:
			// only the text decides.
			art.WriteString(`<div class="box"><h1>` + tt.headline + `</h1>`)
			for _, p := range tt.paras {
				art.WriteString("<p>" + p + "</p>")
			}
			art.WriteString("</div>")
			side.WriteString(`<div class="box"><ul>`)
			for i, l := range tt.links {
				fmt.Fprintf(&side, `<li><a href="/n/%d">%s</a></li>`, i, l)
			}
			side.WriteString("</ul></div>")
			if a, s := art.Len(), side.Len(); s < a*8/10 || s > a*12/10 {
				t.Fatalf("the link list (%d bytes) is not of about the article's size (%d bytes)", s, a)
			}
			body := art.String() + side.String()
			if tt.sideFirst {
				body = side.String() + art.String()
			}
			src := `<!DOCTYPE html><html lang="` + tt.lang + `"><head><meta charset="utf-8"><title>` + tt.headline + `</title></head><body><div class="layout">` + body + `</div></body></html>`
			res := extract(t, src, page.Options{Explain: true})
			wantText(t, res, tt.headline)
			wantText(t, res, tt.paras...)
			wantNoText(t, res, tt.links...)
			d, ok := dropOf(res, tt.links[0][:9])
			if !ok {
				t.Fatalf("the link list is not among the dropped blocks: %+v", res.Dropped)
			}
			// Weighted characters: more than the runes, since CJK weighs
			// more than Latin, and less than the UTF-8 bytes.
			runes, bytes := 0, 0
			for _, l := range tt.links {
				runes += utf8.RuneCountInString(l)
				bytes += len(l)
			}
			if d.Chars <= runes || d.Chars >= bytes {
				t.Errorf("the link list weighs %d, want between its %d characters and its %d bytes", d.Chars, runes, bytes)
			}
		})
	}
}

// TestExtractIgnoresJSONLD: the article is the text a reader sees, not the
// articleBody a page's JSON-LD claims, which may differ (a teaser, an
// older revision, or spam).
func TestExtractIgnoresJSONLD(t *testing.T) {
	t.Parallel()
	ld := `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"River floods","articleBody":"Claimed body: buy cheap watches online, the best prices."}</script>`
	res := extract(t, story(slots{top: ld, inside: ld}), page.Options{})
	wantProse(t, res)
	wantNoText(t, res, "Claimed body", "cheap watches", "@context")
	if strings.Contains(render(t, res.Article), "<script") {
		t.Errorf("a script element survived: %s", render(t, res.Article))
	}
}

// TestExtractDegeneratePages: pages with little or no article give an
// article (possibly empty) and never a panic.
func TestExtractDegeneratePages(t *testing.T) {
	t.Parallel()
	var hub strings.Builder
	hub.WriteString(`<!DOCTYPE html><html><head><title>Index</title></head><body><div class="main">`)
	for s := range 4 {
		fmt.Fprintf(&hub, `<div class="col"><h2>Section %d</h2><ul>`, s)
		for i := range 8 {
			fmt.Fprintf(&hub, `<li><a href="/s%d/%d">Headline number %d of section %d, about something</a></li>`, s, i, i, s)
		}
		hub.WriteString(`</ul></div>`)
	}
	hub.WriteString(`</div></body></html>`)
	para := "<p>" + prose[0] + "</p><p>" + prose[1] + "</p>"
	tests := []struct {
		name string
		src  string
		// nilArticle: the page has no body, so no article.
		nilArticle bool
		kept       []string
		// maxText bounds the article's text, in bytes; -1 for no bound.
		maxText int
		gap     string
	}{
		{name: "empty page gives an empty article", src: "", maxText: 0},
		{name: "bare html element gives an empty article", src: "<html></html>", maxText: 0},
		{name: "doctype alone gives an empty article", src: "<!DOCTYPE html>", maxText: 0},
		{name: "head without body gives an empty article", src: "<!DOCTYPE html><html><head><title>Only a title</title></head></html>", maxText: 0},
		{name: "page without a body tag keeps its paragraphs", src: "<!DOCTYPE html><title>x</title>" + para, kept: prose[:2], maxText: -1},
		{name: "page without html, head or body tags keeps its paragraphs", src: para, kept: prose[:2], maxText: -1},
		{name: "frameset page has no article", src: `<!DOCTYPE html><html><frameset><frame src="/a.html"></frameset></html>`, nilArticle: true},
		{name: "page of a few bare links gives an article", src: `<a href="/1">one</a> <a href="/2">two</a> <a href="/3">three</a>`, maxText: -1},
		{name: "page that is all link lists is left nearly empty", src: hub.String(), maxText: 200,
			gap: "a page with no article: the attempts with heuristics keep too little, so the last, heuristic-free attempt, long enough at over 500 characters, is taken: every link is kept and no drop counted"},
		{name: "page of nothing but nested empty elements gives an empty article", src: strings.Repeat("<div><span>", 100), maxText: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := extract(t, tt.src, page.Options{Explain: true})
			if tt.nilArticle {
				if res.Article != nil {
					t.Errorf("article %s, want none", render(t, res.Article))
				}
				return
			}
			if res.Article == nil {
				t.Fatal("no article for a page with a body")
			}
			wantText(t, res, tt.kept...)
			got := textOf(res.Article)
			if tt.maxText >= 0 && len(got) > tt.maxText {
				if tt.gap != "" {
					t.Skipf("known gap: %s\narticle text (%d bytes): %.300s", tt.gap, len(got), got)
				}
				t.Errorf("article text is %d bytes, want at most %d: %.300s", len(got), tt.maxText, got)
			} else if tt.gap != "" {
				t.Errorf("the known gap is closed, drop its note: %s", tt.gap)
			}
			if n := countsTotal(res.Counts); n != len(res.Dropped) {
				t.Errorf("%d drops counted, %d explained", n, len(res.Dropped))
			}
		})
	}
}

// TestExtractExplain: Counts tally the drops by reason whether or not
// they are explained; with Explain each drop is listed with its reason,
// a path a remove rule can be written from, and the start of its text.
func TestExtractExplain(t *testing.T) {
	t.Parallel()
	src := story(slots{
		top:    `<nav id="site-nav"><a href="/">Home</a> <a href="/world">World</a></nav>`,
		inside: `<div class="share-bar"><a href="/s/fb">Share on Facebook</a></div>`,
		beside: `<aside class="related"><a href="/a">Sun returns to the valley after a week of storms</a></aside>`,
		bottom: `<footer><p>` + strings.Repeat("Copyright notice, long. ", 10) + `</p></footer>`,
	})
	plain := extract(t, src, page.Options{})
	res := extract(t, src, page.Options{Explain: true})
	if plain.Dropped != nil {
		t.Errorf("without Explain, Dropped = %+v, want nil", plain.Dropped)
	}
	if got, want := render(t, plain.Article), render(t, res.Article); got != want {
		t.Errorf("Explain changed the article:\nwithout: %s\nwith:    %s", got, want)
	}
	if fmt.Sprint(plain.Counts) != fmt.Sprint(res.Counts) {
		t.Errorf("Explain changed the counts: %v, %v", plain.Counts, res.Counts)
	}
	want := map[string]int{"extract:chrome": 3, "extract:class-hint": 1}
	if fmt.Sprint(res.Counts) != fmt.Sprint(want) {
		t.Errorf("counts %v, want %v", res.Counts, want)
	}
	if n := countsTotal(res.Counts); n != len(res.Dropped) {
		t.Errorf("%d drops counted, %d explained", n, len(res.Dropped))
	}
	tests := []struct {
		text, reason, path string
	}{
		{"Home World", "extract:chrome", "nav#site-nav"},
		{"Share on Facebook", "extract:class-hint", "body>div.wrap>article>div.share-bar"},
		{"Sun returns to the valley", "extract:chrome", "html>body>div.wrap>aside.related"},
		{"Copyright notice, long.", "extract:chrome", "html>body>footer"},
	}
	for _, tt := range tests {
		d, ok := dropOf(res, tt.text)
		if !ok {
			t.Errorf("no drop explained for %q: %+v", tt.text, res.Dropped)
			continue
		}
		if d.Reason != tt.reason || d.Path != tt.path {
			t.Errorf("drop of %q: reason %q, path %q; want %q, %q", tt.text, d.Reason, d.Path, tt.reason, tt.path)
		}
		if d.Detail == "" || d.Chars <= 0 {
			t.Errorf("drop of %q: detail %q, chars %d; want both", tt.text, d.Detail, d.Chars)
		}
	}
	// The text is an excerpt: whitespace collapsed, cut with an ellipsis.
	d, _ := dropOf(res, "Copyright notice")
	if n := utf8.RuneCountInString(d.Text); n > 81 || !strings.HasSuffix(d.Text, "…") {
		t.Errorf("long drop text %q (%d runes), want at most 80 and an ellipsis", d.Text, n)
	}
	if whole := len(strings.TrimSpace(strings.Repeat("Copyright notice, long. ", 10))); d.Chars < whole {
		t.Errorf("long drop weighs %d, want the length of its whole text (%d), not of the excerpt", d.Chars, whole)
	}
}

// TestExtractRemoveRule: a policy's remove rule acts before scoring, on
// the element its callback names, and is counted under "rule:<name>". The
// page's <div class="promo"> holds more prose than its short <article>:
// left to the heuristics, the promo would be the article.
func TestExtractRemoveRule(t *testing.T) {
	t.Parallel()
	var promo strings.Builder
	promo.WriteString(`<div class="promo">`)
	for _, p := range more {
		promo.WriteString("<p>" + p + "</p>")
	}
	promo.WriteString(`</div>`)
	const lead = "The insurers said on Tuesday that the claims would be large."
	src := `<!DOCTYPE html><html><head><title>Insurers brace</title></head><body><div class="wrap">` +
		`<article><h1>Insurers brace</h1><p>` + lead + `</p></article>` + promo.String() + `</div></body></html>`
	var offered []string
	var firstPath []string
	opt := page.Options{Explain: true, Remove: func(path []*html.Node) (string, bool) {
		n := path[len(path)-1]
		offered = append(offered, n.Data)
		if firstPath == nil {
			for _, p := range path {
				firstPath = append(firstPath, p.Data)
			}
		}
		if n.Data == "div" && slices.Contains(strings.Fields(attrOf(n, "class")), "promo") {
			return "promo", true
		}
		return "", false
	}}
	res := extract(t, src, opt)
	wantText(t, res, "Insurers brace", lead)
	wantNoText(t, res, more...)
	if res.Counts["rule:promo"] != 1 {
		t.Errorf("counts %v, want rule:promo once", res.Counts)
	}
	d, ok := dropOf(res, more[0][:20])
	if !ok || d.Reason != "rule:promo" || !strings.Contains(d.Path, "div.promo") || !strings.Contains(d.Detail, "promo") {
		t.Errorf("drop of the promo %+v (found %v), want reason rule:promo and a path to div.promo", d, ok)
	}
	if want := []string{"html", "body", "div"}; !slices.Equal(firstPath, want) {
		t.Errorf("first path offered %q, want %q: paths run from the root", firstPath, want)
	}
	// What the rule removes is never looked into: of the page's <p>s, only
	// the article's was offered to the rule.
	if n := count(offered, "p"); n != 1 {
		t.Errorf("%d <p> offered to the rule, want 1 (the promo's are inside what it removed)", n)
	}

	// Left to the heuristics, the promo's prose is the article: the rule,
	// acting first, is what made the <article> win.
	without := extract(t, src, page.Options{})
	wantText(t, without, more[0])
	if without.Counts["rule:promo"] != 0 {
		t.Errorf("without a rule, counts %v", without.Counts)
	}
}

func count(s []string, v string) int {
	n := 0
	for _, x := range s {
		if x == v {
			n++
		}
	}
	return n
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestIsPage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want bool
	}{
		{"doctype is a page", "<!DOCTYPE html><html><body><p>x</p></body></html>", true},
		{"lower-case doctype is a page", "<!doctype html>\n<p>x</p>", true},
		{"html element is a page", "<html lang=\"en\"><p>x</p>", true},
		{"upper-case HTML element is a page", "<HTML><BODY>x", true},
		{"head element is a page", "<head><title>t</title></head><p>x</p>", true},
		{"body element is a page", "<body class=\"home\"><p>x</p>", true},
		{"title first is a page", "<title>t</title><p>x</p>", true},
		{"meta first is a page", "<meta charset=\"utf-8\"><p>x</p>", true},
		{"link first is a page", "<link rel=\"stylesheet\" href=\"/a.css\"><p>x</p>", true},
		{"base first is a page", "<base href=\"/\"><p>x</p>", true},
		{"byte-order mark then doctype is a page", "\xef\xbb\xbf<!DOCTYPE html><p>x</p>", true},
		{"whitespace then doctype is a page", " \r\n\t\f<!DOCTYPE html><p>x</p>", true},
		{"leading comment then doctype is a page", "<!-- saved from url=(0014)about:internet -->\n<!DOCTYPE html><p>x</p>", true},
		{"several comments then html is a page", "<!-- a --><!-- b -->\n<html>", true},
		{"xml declaration then html is a page", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x</body></html>", true},
		{"xml declaration then doctype is a page", "<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"><html>", true},
		{"self-closed html tag is a page", "<html/>", true},
		{"fragment div stays a fragment", "<div><p>x</p></div>", false},
		{"fragment paragraph stays a fragment", "<p>Hello</p>", false},
		{"plain text stays a fragment", "Just text, no markup.", false},
		{"empty body stays a fragment", "", false},
		{"byte-order mark alone stays a fragment", "\xef\xbb\xbf", false},
		{"lone < stays a fragment", "<", false},
		{"escaped doctype in pre code stays a fragment", "<pre><code>&lt;!DOCTYPE html&gt;\n&lt;html&gt;</code></pre>", false},
		{"raw doctype in a pre after a div stays a fragment", "<div>An example page:</div><pre><!DOCTYPE html><html><body></body></html></pre>", false},
		{"comment then fragment stays a fragment", "<!-- article body --><div><p>x</p></div>", false},
		{"unterminated comment stays a fragment", "<!-- <!DOCTYPE html>", false},
		{"unterminated processing instruction stays a fragment", "<?xml version=\"1.0\"", false},
		{"tag named like html stays a fragment", "<htmlfoo><p>x</p>", false},
		{"header is not head", "<header><h1>x</h1></header>", false},
		{"other declaration stays a fragment", "<![CDATA[x]]><p>x</p>", false},
		{"doctype past the scanned start stays a fragment", "<!--" + strings.Repeat("x", 5000) + "--><!DOCTYPE html>", false},
		{"html tag cut at the end of input stays a fragment", "<html", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := page.IsPage([]byte(tt.body)); got != tt.want {
				t.Errorf("IsPage(%.60q) = %v, want %v", tt.body, got, tt.want)
			}
		})
	}
}

func TestParseDepth(t *testing.T) {
	t.Parallel()
	nested := func(n int) []byte {
		return []byte("<!DOCTYPE html><html><body>" + strings.Repeat("<div>", n) + paras(prose...) + strings.Repeat("</div>", n) + "</body></html>")
	}
	t.Run("page nesting deeper than the limit is refused with a DepthError", func(t *testing.T) {
		t.Parallel()
		_, err := page.Parse(nested(300), page.Limits{MaxDepth: 256})
		var de *page.DepthError
		if !errors.As(err, &de) {
			t.Fatalf("err = %v (%T), want a *page.DepthError", err, err)
		}
		if de.Limit != 256 || !strings.Contains(err.Error(), "256") {
			t.Errorf("DepthError %q, limit %d; want the limit 256 named", err, de.Limit)
		}
	})
	t.Run("page nesting within the limit is parsed and extracted", func(t *testing.T) {
		t.Parallel()
		doc, err := page.Parse(nested(250), page.Limits{MaxDepth: 256})
		if err != nil {
			t.Fatal(err)
		}
		wantProse(t, page.Extract(doc, page.Options{}))
	})
	t.Run("page nesting deeper than the HTML parser's own stack is refused with a DepthError", func(t *testing.T) {
		t.Parallel()
		// The parser refuses more than 512 open elements before the depth
		// is checked: that too is a nesting limit, not unreadable HTML.
		for _, limit := range []int{256, 0} {
			_, err := page.Parse(nested(600), page.Limits{MaxDepth: limit})
			var de *page.DepthError
			if !errors.As(err, &de) {
				t.Errorf("limit %d: err = %v (%T), want a *page.DepthError", limit, err, err)
			}
		}
	})
	t.Run("no limit parses any depth the HTML parser takes", func(t *testing.T) {
		t.Parallel()
		if _, err := page.Parse(nested(300), page.Limits{}); err != nil {
			t.Errorf("limit 0: %v", err)
		}
	})
}

func TestExtractCountsMarkup(t *testing.T) {
	t.Parallel()
	// Extraction, not the sanitizer, takes a page's scripts, styles and
	// comments out; the removal report must still show them.
	src := `<!DOCTYPE html><html><head><title>t</title><script>a()</script></head><body>` +
		`<script>b()</script><style>p{}</style><!-- c --><noscript>n</noscript>` +
		`<article><p>The river rose three metres overnight, flooding the lower town, and the council opened the school hall.</p>` +
		`<p>By noon the water had reached the market square, where traders carried their stock to the upper floors.</p></article>` +
		`</body></html>`
	res := extract(t, src, page.Options{})
	for reason, want := range map[string]int{"script": 1, "style": 1, "comment": 1, "subtree": 1} {
		if got := res.Counts[reason]; got != want {
			t.Errorf("Counts[%q] = %d, want %d (counts %v)", reason, got, want, res.Counts)
		}
	}
}

func TestParseElements(t *testing.T) {
	t.Parallel()
	// 1,000 paragraphs of one bold word: 2,000 elements in the body.
	src := []byte("<!DOCTYPE html><html><body>" + strings.Repeat("<p><b>a</b></p>", 1000) + "</body></html>")
	t.Run("a page over the element limit is refused", func(t *testing.T) {
		_, err := page.Parse(src, page.Limits{MaxElements: 1500})
		var ee *page.ElementsError
		if !errors.As(err, &ee) || ee.Limit != 1500 {
			t.Fatalf("err = %v (%T), want *page.ElementsError with limit 1500", err, err)
		}
	})
	t.Run("a page within the limit parses", func(t *testing.T) {
		// html, head and body come on top of the 2,000.
		if _, err := page.Parse(src, page.Limits{MaxElements: 2003}); err != nil {
			t.Fatal(err)
		}
		if _, err := page.Parse(src, page.Limits{MaxElements: 2002}); err == nil {
			t.Fatal("2,003 elements accepted under a limit of 2,002")
		}
	})
}
