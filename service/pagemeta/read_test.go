package pagemeta

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// read parses page and reads its metadata; pageURL may be "".
func read(t testing.TB, page, pageURL string) Meta {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var u *url.URL
	if pageURL != "" {
		if u, err = url.Parse(pageURL); err != nil {
			t.Fatal(err)
		}
	}
	return Read(root, u)
}

func ld(json string) string {
	return `<script type="application/ld+json">` + json + `</script>`
}

// sourceCase is one source of one field, or one rule of precedence
// between two sources; its name says which.
type sourceCase struct {
	name  string
	page  string
	url   string
	field string // a field of Meta
	want  string
}

func runCases(t *testing.T, cases []sourceCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := read(t, tc.page, tc.url)
			if got := reflect.ValueOf(m).FieldByName(tc.field).String(); got != tc.want {
				t.Errorf("%s = %q, want %q\nall: %+v", tc.field, got, tc.want, m)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	runCases(t, []sourceCase{
		{"jsonld_headline_beats_og_title", `<head>` + ld(`{"@type":"NewsArticle","headline":"From JSON-LD"}`) + `<meta property="og:title" content="From OG"><title>T</title>`, "", "Title", "From JSON-LD"},
		{"jsonld_name_when_no_headline", ld(`{"@type":"BlogPosting","name":"Named"}`) + `<title>T</title>`, "", "Title", "Named"},
		{"jsonld_name_closer_to_page_title_than_a_descriptive_headline", ld(`{"@type":"Article","name":"New Zealand","headline":"country in Oceania"}`) + `<title>New Zealand - Wikipedia</title>`, "", "Title", "New Zealand"},
		{"jsonld_headline_cut_short_yields_to_og_title", ld(`{"@type":"Article","headline":"A very long headline that was cut..."}`) + `<meta property="og:title" content="A very long headline that was cut in the middle">`, "", "Title", "A very long headline that was cut in the middle"},
		{"jsonld_webpage_name_when_no_article", ld(`{"@type":"WebPage","name":"About us"}`) + `<title>T</title>`, "", "Title", "About us"},
		{"jsonld_of_other_types_ignored_for_title", ld(`{"@type":"Organization","name":"Acme"}`) + `<title>Page</title>`, "", "Title", "Page"},
		{"og_title_beats_twitter_title", `<meta name="twitter:title" content="TW"><meta property="og:title" content="OG"><title>T</title>`, "", "Title", "OG"},
		{"og_title_as_name_attribute", `<meta name="og:title" content="OG by name"><title>T</title>`, "", "Title", "OG by name"},
		{"dc_title_beats_og_and_twitter_titles_as_in_readability", `<meta name="DC.title" content="DC"><meta property="og:title" content="OG"><meta name="twitter:title" content="TW"><title>T</title>`, "", "Title", "DC"},
		{"dc_title_beats_title_element", `<title>Doc - Site</title><meta name="DC.Title" content="Doc">`, "", "Title", "Doc"},
		{"meta_title_beats_title_element", `<title>Doc | Site</title><meta name="title" content="Doc">`, "", "Title", "Doc"},
		{"space_separated_properties", `<meta property="x:title og:title" content="Listed">`, "", "Title", "Listed"},
		{"title_element_when_no_metadata", `<title>
		  Plain   title </title>`, "", "Title", "Plain title"},
		{"svg_title_is_not_the_page_title", `<body><svg><title>icon</title></svg><h1>Heading</h1></body>`, "", "Title", "Heading"},
		{"h1_when_nothing_else", `<body><article><h1>Only heading</h1></article></body>`, "", "Title", "Only heading"},
		{"entities_left_escaped_are_decoded", `<meta property="og:title" content="It&amp;#8217;s here">`, "", "Title", "It’s here"},
		{"empty_og_title_skipped", `<meta property="og:title" content="  "><title>Fallback</title>`, "", "Title", "Fallback"},
	})
}

func TestHeadline(t *testing.T) {
	runCases(t, []sourceCase{
		{"jsonld_headline_beats_h1", ld(`{"@type":"NewsArticle","headline":"LD headline"}`) + `<body><article><h1>Body h1</h1></article>`, "", "Headline", "LD headline"},
		{"h1_in_article_beats_first_h1", `<body><h1>Site</h1><article><h1>Story</h1></article>`, "", "Headline", "Story"},
		{"h1_in_main", `<body><h1 class="x">Site</h1><main><h1>Story</h1></main>`, "", "Headline", "Story"},
		{"h1_outside_the_site_header", `<body><div class="site-header"><h1>Acme</h1></div><div class="content"><h1>Story</h1></div>`, "", "Headline", "Story"},
		{"entry_header_is_not_the_site_header", `<body><div class="logo"><h1>Acme</h1></div><div class="entry-header"><h1>Story</h1></div>`, "", "Headline", "Story"},
		{"h1_marked_as_logo_skipped", `<body><h1 class="logo">Acme</h1><div><h1>Story</h1></div>`, "", "Headline", "Story"},
		{"first_h1_when_only_chrome", `<body><header><h1>Acme</h1></header><p>x</p>`, "", "Headline", "Acme"},
		{"h1_in_comments_skipped", `<body><article><div class="comments"><h1>Comments</h1></div><h1>Story</h1></article>`, "", "Headline", "Story"},
		{"permalink_mark_trimmed", `<body><h1>Install<a class="headerlink" href="#install">¶</a></h1>`, "", "Headline", "Install"},
		{"jsonld_webpage_name_is_not_a_headline", ld(`{"@type":"WebPage","name":"Rain | The Daily"}`) + `<body><h1>Rain</h1>`, "", "Headline", "Rain"},
		{"jsonld_webpage_headline_property", ld(`{"@type":"WebPage","name":"Rain | The Daily","headline":"Rain"}`) + `<body><h1>Other</h1>`, "", "Headline", "Rain"},
		{"no_h1_no_headline", `<title>T</title><body><h2>Sub</h2>`, "", "Headline", ""},
	})
}

func TestByline(t *testing.T) {
	runCases(t, []sourceCase{
		{"jsonld_author_string", ld(`{"@type":"Article","author":"Ann Lee"}`), "", "Byline", "Ann Lee"},
		{"jsonld_author_object", ld(`{"@type":"Article","author":{"@type":"Person","name":"Ann Lee"}}`) + `<meta name="author" content="Meta">`, "", "Byline", "Ann Lee"},
		{"jsonld_author_array_joined", ld(`{"@type":"Article","author":[{"name":"Ann Lee"},"Bo Chen",{"name":"Ann Lee"}]}`), "", "Byline", "Ann Lee, Bo Chen"},
		{"jsonld_author_reference_in_graph", ld(`{"@context":"https://schema.org","@graph":[{"@type":"Article","author":{"@id":"#p1"}},{"@type":"Person","@id":"#p1","name":"Ann Lee"}]}`), "", "Byline", "Ann Lee"},
		{"jsonld_author_url_skipped", ld(`{"@type":"Article","author":"https://example.com/ann"}`) + `<meta name="author" content="Ann Lee">`, "", "Byline", "Ann Lee"},
		{"jsonld_user_name_yields_to_body_byline", ld(`{"@type":"Article","author":"alee42"}`) + `<body><span class="author-name">Ann Lee</span>`, "", "Byline", "Ann Lee"},
		{"jsonld_user_name_when_nothing_else", ld(`{"@type":"Article","author":"alee42"}`), "", "Byline", "alee42"},
		{"dc_creator_beats_meta_author", `<meta name="author" content="Site Team"><meta name="DC.creator" content="Ann Lee">`, "", "Byline", "Ann Lee"},
		{"meta_author", `<meta name="author" content="Ann Lee">`, "", "Byline", "Ann Lee"},
		{"repeated_meta_authors_joined", `<meta name="author" content="Ann Lee"><meta name="author" content="Bo Chen"><meta name="author" content="Ann Lee">`, "", "Byline", "Ann Lee, Bo Chen"},
		{"meta_author_by_prefix_stripped", `<meta name="author" content="By Ann Lee">`, "", "Byline", "Ann Lee"},
		{"article_author_url_skipped", `<meta property="article:author" content="https://facebook.com/ann"><body><a rel="author" href="/ann">Ann Lee</a>`, "", "Byline", "Ann Lee"},
		{"article_author_name", `<meta property="article:author" content="Ann Lee">`, "", "Byline", "Ann Lee"},
		{"nyt_byl_meta", `<meta name="byl" content="By ANN LEE and BO CHEN">`, "", "Byline", "ANN LEE and BO CHEN"},
		{"citation_authors_joined", `<meta name="citation_author" content="Lee, Ann"><meta name="citation_author" content="Chen, Bo">`, "", "Byline", "Lee, Ann, Chen, Bo"},
		{"itemprop_author_nested_name", `<body><div itemprop="author" itemscope><img src="a.jpg"><span itemprop="name">Ann Lee</span><span itemprop="jobTitle">Reporter</span></div>`, "", "Byline", "Ann Lee"},
		{"itemprop_author_meta_name", `<body><span itemprop="author" itemscope><meta itemprop="name" content="Ann Lee"></span>`, "", "Byline", "Ann Lee"},
		{"itemprop_co_authors_joined", `<body><p>By <span itemprop="author">Ann Lee</span> and <span itemprop="author">Bo Chen</span></p>`, "", "Byline", "Ann Lee, Bo Chen"},
		{"itemprop_beats_class_byline", `<body><div class="byline">Staff</div><span itemprop="author">Ann Lee</span>`, "", "Byline", "Ann Lee"},
		{"rel_author_link_text", `<body><p>Posted by <a rel="author" href="/ann">Ann Lee</a></p>`, "", "Byline", "Ann Lee"},
		{"class_byline_with_date_cleaned", `<body><div class="byline">By Ann Lee | May 31, 2024</div>`, "", "Byline", "Ann Lee"},
		{"class_byline_on_date", `<body><p class="article-byline">by Ann Lee on 31 May 2024</p>`, "", "Byline", "Ann Lee"},
		{"id_byline", `<body><div id="byline">Ann Lee, 2024-05-31</div>`, "", "Byline", "Ann Lee"},
		{"german_von_prefix", `<body><span class="autor author">Von Anna Schmidt</span>`, "", "Byline", "Anna Schmidt"},
		{"french_par_prefix", `<body><span class="author">Par Anne Martin</span>`, "", "Byline", "Anne Martin"},
		{"author_avatar_class_skipped", `<body><div class="author-avatar">Photo</div><div class="author-name">Ann Lee</div>`, "", "Byline", "Ann Lee"},
		{"comment_author_ignored", `<body><div class="comments"><span class="author">Troll</span></div><article><span class="byline">Ann Lee</span></article>`, "", "Byline", "Ann Lee"},
		{"comment_author_class_ignored", `<body><span class="comment-author">Troll</span>`, "", "Byline", ""},
		{"nav_author_link_ignored", `<body><nav><a rel="author" href="/a">Our authors</a></nav>`, "", "Byline", ""},
		{"biography_too_long", `<body><div class="author">Ann Lee has written about the weather for twenty years, first in Lisbon, then in Porto, and now at home in the valley.</div>`, "", "Byline", ""},
		{"date_line_is_not_a_byline", `<body><div class="author-meta">Last updated: May 31, 2024</div>`, "", "Byline", ""},
		{"author_in_article_aside", `<body><article><p>Text</p><aside><span class="article-author">Ann Lee</span></aside></article>`, "", "Byline", "Ann Lee"},
		{"address_in_article", `<body><article><address>Ann Lee</address><p>Text</p></article>`, "", "Byline", "Ann Lee"},
		{"address_of_the_page_ignored", `<body><article><p>Text</p></article><address>Acme Inc, 1 Main St</address>`, "", "Byline", ""},
		{"wrapper_named_after_sidebar_is_not_excluded", `<body><div class="page-wrap has-sidebar"><span class="byline">Ann Lee</span></div>`, "", "Byline", "Ann Lee"},
		{"related_posts_excluded", `<body><div class="related-posts"><span class="byline">Bo Chen</span></div>`, "", "Byline", ""},
		{"author_in_page_aside_ignored", `<body><aside><span class="author">Other</span></aside>`, "", "Byline", ""},
	})
}

func TestPublished(t *testing.T) {
	runCases(t, []sourceCase{
		{"jsonld_date_published_beats_meta", ld(`{"@type":"NewsArticle","datePublished":"2024-05-31T08:00:00Z"}`) + `<meta property="article:published_time" content="2020-01-01">`, "", "Published", "2024-05-31T08:00:00Z"},
		{"jsonld_date_created", ld(`{"@type":"Article","dateCreated":"2024-05-30"}`), "", "Published", "2024-05-30"},
		{"jsonld_upload_date_of_a_video", ld(`{"@type":"VideoObject","uploadDate":"2024-05-29"}`), "", "Published", "2024-05-29"},
		{"jsonld_article_beats_webpage", ld(`[{"@type":"WebPage","datePublished":"2020-01-01"},{"@type":"Article","datePublished":"2024-05-31"}]`), "", "Published", "2024-05-31"},
		{"jsonld_webpage_date_when_no_article", ld(`{"@graph":[{"@type":"WebSite","name":"S"},{"@type":"WebPage","datePublished":"2024-05-28"}]}`), "", "Published", "2024-05-28"},
		{"article_published_time_beats_og", `<meta property="og:published_time" content="2020-01-01"><meta property="article:published_time" content="2024-05-31T10:00:00+02:00">`, "", "Published", "2024-05-31T10:00:00+02:00"},
		{"og_published_time", `<meta property="og:published_time" content="2024-05-27">`, "", "Published", "2024-05-27"},
		{"meta_itemprop_date_published", `<meta itemprop="datePublished" content="2024-05-26">`, "", "Published", "2024-05-26"},
		{"specific_name_beats_generic_date", `<meta name="date" content="2020-01-01"><meta name="parsely-pub-date" content="2024-05-25">`, "", "Published", "2024-05-25"},
		{"sailthru_date", `<meta name="sailthru.date" content="2024-05-24 10:00:00">`, "", "Published", "2024-05-24 10:00:00"},
		{"dc_date_issued", `<meta name="DC.date.issued" content="2024-05-23">`, "", "Published", "2024-05-23"},
		{"citation_publication_date", `<meta name="citation_publication_date" content="2024/05/22">`, "", "Published", "2024/05/22"},
		{"generic_date", `<meta name="date" content="2024-05-21">`, "", "Published", "2024-05-21"},
		{"meta_beats_body_time", `<meta name="pubdate" content="2024-05-20"><body><article><time datetime="2020-01-01">x</time></article>`, "", "Published", "2024-05-20"},
		{"itemprop_element_beats_time", `<body><article><time datetime="2020-01-01">a</time><span itemprop="datePublished" content="2024-05-19">b</span></article>`, "", "Published", "2024-05-19"},
		{"itemprop_time_datetime", `<body><time itemprop="datePublished" datetime="2024-05-18T09:00">May 18</time>`, "", "Published", "2024-05-18T09:00"},
		{"itemprop_text_when_no_attribute", `<body><span itemprop="datePublished">May 17, 2024</span>`, "", "Published", "May 17, 2024"},
		{"time_pubdate_beats_time_in_article", `<body><article><time datetime="2020-01-01">a</time><time pubdate datetime="2024-05-16">b</time></article>`, "", "Published", "2024-05-16"},
		{"time_class_published", `<body><article><time datetime="2020-01-01">a</time><time class="entry-date published" datetime="2024-05-15">b</time></article>`, "", "Published", "2024-05-15"},
		{"time_in_byline_beats_time_in_article", `<body><article><p><time datetime="2020-01-01">a</time></p><div class="byline">Ann <time datetime="2024-05-14">b</time></div></article>`, "", "Published", "2024-05-14"},
		{"time_in_article", `<body><article><time datetime="2024-05-13">b</time></article>`, "", "Published", "2024-05-13"},
		{"time_in_header", `<body><header><time datetime="2024-05-12">b</time></header>`, "", "Published", "2024-05-12"},
		{"time_class_updated_is_not_published", `<body><article><time class="updated" datetime="2024-06-01">b</time></article>`, "", "Published", ""},
		{"time_in_sidebar_ignored", `<body><div class="sidebar"><article><time datetime="2020-01-01">a</time></article></div>`, "", "Published", ""},
		{"time_anywhere_else_ignored", `<body><div><time datetime="2020-01-01">a</time></div>`, "", "Published", ""},
		{"url_date_with_slashes", `<title>T</title>`, "https://example.com/2019/05/31/story.html", "Published", "2019-05-31"},
		{"url_date_with_dashes", `<title>T</title>`, "https://example.com/news/2019-5-3-story", "Published", "2019-05-03"},
		{"url_date_month_13_rejected", `<title>T</title>`, "https://example.com/2019/13/31/story", "Published", ""},
		{"url_date_id_is_not_a_date", `<title>T</title>`, "https://example.com/2019/05/311/story", "Published", ""},
		{"canonical_url_date_when_no_page_url", `<link rel="canonical" href="https://example.com/2019/05/31/story">`, "", "Published", "2019-05-31"},
		{"page_metadata_beats_url_date", `<meta name="date" content="2024-05-11">`, "https://example.com/2019/05/31/story", "Published", "2024-05-11"},
	})
}

func TestModified(t *testing.T) {
	runCases(t, []sourceCase{
		{"jsonld_date_modified_beats_meta", ld(`{"@type":"Article","dateModified":"2024-06-02"}`) + `<meta property="article:modified_time" content="2020-01-01">`, "", "Modified", "2024-06-02"},
		{"article_modified_time_beats_og_updated", `<meta property="og:updated_time" content="2020-01-01"><meta property="article:modified_time" content="2024-06-03">`, "", "Modified", "2024-06-03"},
		{"og_updated_time", `<meta property="og:updated_time" content="2024-06-04">`, "", "Modified", "2024-06-04"},
		{"meta_itemprop_date_modified", `<meta itemprop="dateModified" content="2024-06-05">`, "", "Modified", "2024-06-05"},
		{"dcterms_modified", `<meta name="dcterms.modified" content="2024-06-06">`, "", "Modified", "2024-06-06"},
		{"time_class_updated", `<body><article><time class="updated" datetime="2024-06-07">b</time></article>`, "", "Modified", "2024-06-07"},
		{"itemprop_element_date_modified", `<body><time itemprop="dateModified" datetime="2024-06-08">b</time>`, "", "Modified", "2024-06-08"},
		{"published_is_not_modified", `<meta property="article:published_time" content="2024-06-09">`, "", "Modified", ""},
	})
}

func TestSiteName(t *testing.T) {
	runCases(t, []sourceCase{
		{"og_site_name_beats_jsonld_publisher", `<meta property="og:site_name" content="The Daily">` + ld(`{"@type":"NewsArticle","publisher":{"@type":"Organization","name":"Daily Media Group"}}`), "", "SiteName", "The Daily"},
		{"jsonld_publisher_name", ld(`{"@type":"NewsArticle","publisher":{"@type":"Organization","name":"The Daily"}}`), "", "SiteName", "The Daily"},
		{"jsonld_publisher_reference", ld(`{"@graph":[{"@type":"Article","publisher":{"@id":"#org"}},{"@type":"Organization","@id":"#org","name":"Org"}]}`), "", "SiteName", "Org"},
		{"jsonld_is_part_of_website", ld(`{"@graph":[{"@type":"WebPage","isPartOf":{"@id":"#site"}},{"@type":"WebSite","@id":"#site","name":"Site"}]}`), "", "SiteName", "Site"},
		{"jsonld_website_alone", ld(`{"@type":"WebSite","name":"Site","url":"https://example.com/"}`), "", "SiteName", "Site"},
		{"jsonld_beats_application_name", ld(`{"@type":"WebSite","name":"Site"}`) + `<meta name="application-name" content="App">`, "", "SiteName", "Site"},
		{"application_name", `<meta name="application-name" content="App"><meta name="apple-mobile-web-app-title" content="Apple">`, "", "SiteName", "App"},
		{"apple_mobile_web_app_title", `<meta name="apple-mobile-web-app-title" content="Apple">`, "", "SiteName", "Apple"},
		{"twitter_site_handle_is_not_a_name", `<meta name="twitter:site" content="@thedaily">`, "", "SiteName", ""},
	})
}

func TestLanguage(t *testing.T) {
	runCases(t, []sourceCase{
		{"html_lang_beats_meta", `<html lang="en-GB"><head><meta http-equiv="content-language" content="fr">`, "", "Language", "en-GB"},
		{"xml_lang", `<html xml:lang="de-AT"><head><title>T</title>`, "", "Language", "de-AT"},
		{"http_equiv_content_language_beats_meta_language", `<meta name="language" content="es"><meta http-equiv="Content-Language" content="pt-BR">`, "", "Language", "pt-BR"},
		{"first_of_a_list", `<meta http-equiv="content-language" content="en, fr">`, "", "Language", "en"},
		{"meta_language_beats_og_locale", `<meta property="og:locale" content="en_US"><meta name="language" content="nl">`, "", "Language", "nl"},
		{"og_locale_underscore_to_hyphen", `<meta property="og:locale" content="en_US">`, "", "Language", "en-US"},
		{"jsonld_in_language", ld(`{"@type":"Article","inLanguage":"ja-JP"}`), "", "Language", "ja-JP"},
		{"empty_lang_skipped", `<html lang=""><head><meta property="og:locale" content="it_IT">`, "", "Language", "it-IT"},
	})
}

func TestDescription(t *testing.T) {
	runCases(t, []sourceCase{
		{"meta_description_beats_og", `<meta property="og:description" content="OG"><meta name="description" content="Meta">`, "", "Description", "Meta"},
		{"og_description_beats_twitter", `<meta name="twitter:description" content="TW"><meta property="og:description" content="OG">`, "", "Description", "OG"},
		{"twitter_description", `<meta name="twitter:description" content="TW">`, "", "Description", "TW"},
		{"dc_description", `<meta name="dc.description" content="DC">`, "", "Description", "DC"},
		{"jsonld_description_last", ld(`{"@type":"Article","description":"LD"}`), "", "Description", "LD"},
	})
}

func TestImage(t *testing.T) {
	const page = "https://example.com/news/story.html"
	runCases(t, []sourceCase{
		{"og_image_beats_twitter", `<meta name="twitter:image" content="https://example.com/tw.jpg"><meta property="og:image" content="https://example.com/og.jpg">`, page, "Image", "https://example.com/og.jpg"},
		{"og_image_relative_resolved_against_page", `<meta property="og:image" content="/img/og.jpg">`, page, "Image", "https://example.com/img/og.jpg"},
		{"og_image_resolved_against_base", `<base href="https://cdn.example.net/assets/"><meta property="og:image" content="og.jpg">`, page, "Image", "https://cdn.example.net/assets/og.jpg"},
		{"protocol_relative_takes_the_page_scheme", `<meta property="og:image" content="//cdn.example.net/og.jpg">`, "http://example.com/a", "Image", "http://cdn.example.net/og.jpg"},
		{"og_image_secure_url", `<meta property="og:image:secure_url" content="https://example.com/s.jpg">`, page, "Image", "https://example.com/s.jpg"},
		{"twitter_image_src", `<meta name="twitter:image:src" content="https://example.com/tw.jpg">`, page, "Image", "https://example.com/tw.jpg"},
		{"jsonld_image_object", ld(`{"@type":"Article","image":{"@type":"ImageObject","url":"https://example.com/ld.jpg"}}`), page, "Image", "https://example.com/ld.jpg"},
		{"jsonld_image_list", ld(`{"@type":"Article","image":["https://example.com/1.jpg","https://example.com/2.jpg"]}`), page, "Image", "https://example.com/1.jpg"},
		{"jsonld_image_reference", ld(`{"@graph":[{"@type":"Article","image":{"@id":"#img"}},{"@type":"ImageObject","@id":"#img","url":"https://example.com/ref.jpg"}]}`), page, "Image", "https://example.com/ref.jpg"},
		{"link_image_src_last", `<link rel="image_src" href="/i.jpg">`, page, "Image", "https://example.com/i.jpg"},
		{"data_uri_skipped", `<meta property="og:image" content="data:image/png;base64,AAAA"><meta name="twitter:image" content="https://example.com/tw.jpg">`, page, "Image", "https://example.com/tw.jpg"},
		{"relative_kept_without_page_url", `<meta property="og:image" content="/img/og.jpg">`, "", "Image", "/img/og.jpg"},
		{"javascript_url_refused", `<meta property="og:image" content="javascript:alert(1)">`, page, "Image", ""},
	})
}

func TestCanonical(t *testing.T) {
	const page = "https://example.com/news/story.html?utm_source=x"
	runCases(t, []sourceCase{
		{"link_canonical_beats_og_url", `<meta property="og:url" content="https://example.com/og"><link rel="canonical" href="https://example.com/canon">`, page, "Canonical", "https://example.com/canon"},
		{"og_url", `<meta property="og:url" content="https://example.com/og">`, page, "Canonical", "https://example.com/og"},
		{"relative_canonical_resolved", `<link rel="canonical" href="/news/story">`, page, "Canonical", "https://example.com/news/story"},
		{"canonical_among_other_rels", `<link rel="alternate canonical" href="https://example.com/c">`, page, "Canonical", "https://example.com/c"},
		{"relative_without_page_url_dropped", `<link rel="canonical" href="/news/story">`, "", "Canonical", ""},
		{"non_http_refused", `<link rel="canonical" href="ftp://example.com/x">`, page, "Canonical", ""},
		{"base_href_as_given", `<base href="/base/">`, page, "BaseHref", "/base/"},
		{"first_base_only", `<base href="/one/"><base href="/two/">`, page, "BaseHref", "/one/"},
	})
}

func TestReadNil(t *testing.T) {
	if m := Read(nil, nil); m != (Meta{}) {
		t.Errorf("Read(nil) = %+v", m)
	}
}

// TestReadDoesNotModify checks that the tree is the same after Read.
func TestReadDoesNotModify(t *testing.T) {
	const page = `<html lang="en"><head><title>T</title>` +
		`<script type="application/ld+json">{"@type":"Article","headline":"H"}</script></head>` +
		`<body><article><h1>H</h1><p class="byline">By A</p><time datetime="2024-01-01">x</time></article></body></html>`
	root, _ := html.Parse(strings.NewReader(page))
	var before, after strings.Builder
	html.Render(&before, root)
	Read(root, nil)
	html.Render(&after, root)
	if before.String() != after.String() {
		t.Errorf("tree changed:\n%s\n%s", before.String(), after.String())
	}
}
