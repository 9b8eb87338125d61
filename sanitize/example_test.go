package sanitize_test

import (
	"fmt"
	"log"
	"net/url"

	"articleservice/sanitize"
)

func ExampleBuiltin() {
	set, err := sanitize.Builtin()
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range set.List() {
		fmt.Printf("%s default=%v\n", p.Name(), p == set.Default())
	}
	// Output:
	// article default=true
	// huxiu default=false
	// ithome default=false
	// juejin default=false
	// sina default=false
	// sspai default=false
	// text default=false
	// zhihu default=false
}

func ExampleSet_Lookup() {
	set, err := sanitize.Builtin()
	if err != nil {
		log.Fatal(err)
	}
	p, err := set.Lookup("text")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name()+":", p.Description())
	_, err = set.Lookup("markdown")
	fmt.Println(err)
	// Output:
	// text: Plain paragraphs only - every other element is unwrapped to its text.
	// unknown policy "markdown"
}

func ExamplePolicy_Sanitize() {
	set, err := sanitize.Builtin()
	if err != nil {
		log.Fatal(err)
	}
	base, _ := url.Parse("https://news.example/2024/story.html")
	before := `<div class="story"><script>track()</script>` +
		`<p onclick="like()">Read <a href="../more.html">more</a>.</p>` +
		`<img data-src="/img/lead.jpg" src="spinner.gif" alt="Lead"></div>`
	res, err := set.Default().Sanitize([]byte(before), sanitize.Options{BaseURL: base})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(res.HTML))
	res.Report.Each(func(reason string, n int) { fmt.Printf("%s: %d\n", reason, n) })
	// Output:
	// <div><p>Read <a href="https://news.example/more.html" rel="nofollow noreferrer noopener" target="_blank">more</a>.</p><img src="https://news.example/img/lead.jpg" alt="Lead"></div>
	// attribute: 1
	// event_handler: 1
	// script: 1
}

// Lint reports every problem of a policy file at once, each at its line
// and in the policy's own terms.
func ExampleLint() {
	err := sanitize.Lint(map[string][]byte{"teaser.yaml": []byte(`name: teaser
extends: article
colour: blue
links:
  nofolow: true
priority: high
url_schemes: [https, javascript]
`)})
	fmt.Println(err)
	// Output:
	// teaser.yaml:3: unknown key "colour"; the keys are name, description, default, extends, priority, match, elements, url_schemes, relative_urls, links, lazy_image_attributes, images, iframes, classes, data_attributes, trim_indent, rules, metadata
	// teaser.yaml:5: unknown key "nofolow" in links (did you mean nofollow?)
	// teaser.yaml:6: priority: want a whole number, not "high"
	// teaser.yaml:7: url scheme "javascript" can run code or smuggle content and cannot be allowed
}

// A fragment before and after the default policy: the event handler,
// the script and the comment go, each counted, and the lazy image's real
// source is promoted to src, made https.
func Example() {
	set, err := sanitize.Builtin()
	if err != nil {
		log.Fatal(err)
	}
	before := `<p onclick="steal()">Hi <script>alert(1)</script><img data-src="//img.example/a.jpg" src="blank.gif"></p><!-- ad -->`
	res, err := set.Default().Sanitize([]byte(before), sanitize.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(res.HTML))
	res.Report.Each(func(reason string, n int) { fmt.Printf("%s: %d\n", reason, n) })
	// Output:
	// <p>Hi <img src="https://img.example/a.jpg"></p>
	// comment: 1
	// event_handler: 1
	// script: 1
}
