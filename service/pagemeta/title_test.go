package pagemeta

import "testing"

func TestCleanTitle(t *testing.T) {
	cases := []struct {
		name                  string
		title, site, headline string
		want                  string
	}{
		// The site's name, known.
		{"site_suffix_dash", "Rain floods the valley - The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_suffix_pipe", "Rain floods the valley | The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_suffix_en_dash", "Rain floods the valley – The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_suffix_em_dash", "Rain floods the valley — The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_suffix_double_colon", "Rain floods the valley :: The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_suffix_middle_dot", "Rain floods the valley · The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_suffix_slash", "Rain floods the valley / The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_suffix_guillemet", "Rain floods the valley » The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_prefix", "The Daily | Rain floods the valley", "The Daily", "", "Rain floods the valley"},
		{"site_prefix_colon", "The Daily: Rain floods the valley", "The Daily", "", "Rain floods the valley"},
		{"site_case_and_punctuation_aside", "Rain floods the valley - the daily", "The Daily.", "", "Rain floods the valley"},
		{"site_with_domain_suffix", "Le projet de loi approuvé – Le Monde", "Le Monde.fr", "", "Le projet de loi approuvé"},
		{"site_and_section_after_it", "Rain floods the valley | Weather | The Daily", "The Daily", "", "Rain floods the valley"},
		{"site_then_platform", "Rain floods the valley @ Ann's blog :: Blogland", "Ann's blog", "", "Rain floods the valley"},
		{"dash_subtitle_kept_after_site", "Star Wars - A New Hope - Movie Reviews", "Movie Reviews", "", "Star Wars - A New Hope"},
		{"title_equal_to_site_kept", "The Daily", "The Daily", "", "The Daily"},
		{"title_that_is_all_site_kept", "The Daily - News", "The Daily - News", "", "The Daily - News"},
		{"site_not_in_title", "Rain floods the valley", "The Daily", "", "Rain floods the valley"},
		{"site_word_inside_title_kept", "The Daily grind of valley farmers", "The Daily", "", "The Daily grind of valley farmers"},
		{"trailing_separator_dropped", "Rain floods the valley | The Daily |", "The Daily", "", "Rain floods the valley"},

		// The headline decides.
		{"headline_is_the_prefix", "Rain floods the valley - Weather News Today", "", "Rain floods the valley", "Rain floods the valley"},
		{"headline_is_the_suffix", "Weather | Rain floods the valley", "", "Rain floods the valley", "Rain floods the valley"},
		{"headline_differs_in_quotes_only", "Obama admits it is his 'biggest frustration' - BBC News", "", "Obama admits it is his ‘biggest frustration’", "Obama admits it is his 'biggest frustration'"},
		{"headline_with_a_separator_of_its_own", "Spider-Man - Into the Spider-Verse - Reviews", "", "Spider-Man - Into the Spider-Verse", "Spider-Man - Into the Spider-Verse"},
		{"headline_equal_to_title_keeps_it", "Star Wars - A New Hope", "", "Star Wars - A New Hope", "Star Wars - A New Hope"},
		{"headline_equal_to_title_still_cuts_known_site", "Samantha and the lie - John Welch - Medium", "Medium", "Samantha and the lie - John Welch - Medium", "Samantha and the lie - John Welch"},
		{"headline_of_a_short_page", "Daring Fireball - Colophon", "", "Colophon", "Colophon"},
		{"logo_h1_after_a_long_title_is_the_site", "Rain floods the whole valley - Acme News", "", "Acme News", "Rain floods the whole valley"},
		{"headline_equal_to_site_is_the_logo", "Acme | Rain floods the valley", "Acme", "Acme", "Rain floods the valley"},
		{"headline_after_colon", "Acme: Rain floods the valley", "", "Rain floods the valley", "Rain floods the valley"},

		// No known name: the Readability-style heuristic.
		{"short_suffix_cut", "Rain floods the valley - Acme Times", "", "", "Rain floods the valley"},
		{"section_and_site_cut", "Rain floods the valley | World news | The Guardian", "", "", "Rain floods the valley"},
		{"long_suffix_kept", "Rain floods the valley - and the farmers count their losses", "", "", "Rain floods the valley - and the farmers count their losses"},
		{"short_remainder_kept", "Home - Acme", "", "", "Home - Acme"},
		{"two_word_remainder_kept", "Star Wars - Episode IV", "", "", "Star Wars - Episode IV"},
		{"numbered_part_kept", "The Lord of the Rings - Part 2", "", "", "The Lord of the Rings - Part 2"},
		{"lower_case_subtitle_kept", "Apple announces a new phone - here's what's new", "", "", "Apple announces a new phone - here's what's new"},
		{"question_suffix_kept", "Rain floods the valley - Who Pays?", "", "", "Rain floods the valley - Who Pays?"},
		{"domain_suffix_cut", "Rain floods the valley | example.com", "", "", "Rain floods the valley"},
		{"leading_section_cut", "Opinion | Why the valley flooded again", "", "", "Why the valley flooded again"},
		{"leading_breadcrumb_cut", "Acme » Why the valley flooded again", "", "", "Why the valley flooded again"},
		{"leading_dash_part_kept", "Firefox — Customize and make it your own — The most flexible browser on the Web", "", "", "Firefox — Customize and make it your own — The most flexible browser on the Web"},

		// Colons are subtitles, not separators.
		{"colon_subtitle_kept", "Xbox One X review: A console that keeps up", "", "", "Xbox One X review: A console that keeps up"},
		{"short_colon_prefix_kept", "Colophon: About", "", "", "Colophon: About"},
		{"french_spaced_colon_kept", "Screenshot : «Vape Wave», «6 Days»", "", "", "Screenshot : «Vape Wave», «6 Days»"},
		{"colon_subtitle_then_site", "Outside the web: standalone WebAssembly binaries · V8", "", "", "Outside the web: standalone WebAssembly binaries"},
		{"hyphenated_words_kept", "Just-released exploit makes it easy to crash servers", "", "", "Just-released exploit makes it easy to crash servers"},

		// CJK.
		{"cjk_underscore_site", "标题很长的新闻_网站名", "网站名", "", "标题很长的新闻"},
		{"cjk_toy_underscore_known_site", "标题_网站名", "网站名", "", "标题"},
		{"cjk_spaced_dash_known_site", "标题 - 网站名", "网站名", "", "标题"},
		{"cjk_section_and_site", "人工智能迈上新台阶_科技_腾讯网", "", "", "人工智能迈上新台阶"},
		{"cjk_spaced_underscores", "宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网", "", "", "宇航员在太空中喝酒会怎么样？后果很严重"},
		{"cjk_fullwidth_bar", "一年期贷款利率下调十个基点｜新浪财经", "", "", "一年期贷款利率下调十个基点"},
		{"cjk_fullwidth_colon_kept", "1月LPR报价出炉：1年期下调10个基点", "", "", "1月LPR报价出炉：1年期下调10个基点"},
		{"cjk_fullwidth_colon_with_known_site", "新浪财经：1年期下调10个基点", "新浪财经", "", "1年期下调10个基点"},
		{"cjk_hyphen_in_numbers_kept", "1-7月财政收入增长", "", "", "1-7月财政收入增长"},
		{"cjk_short_title_kept", "标题_网站名", "", "", "标题_网站名"},
		{"japanese_site_suffix", "トレンドマイクロ、公衆無線LANを安全に使うためのアプリ - Yahoo!ニュース", "Yahoo!ニュース", "", "トレンドマイクロ、公衆無線LANを安全に使うためのアプリ"},
		{"latin_underscore_is_not_a_separator", "my_file_name explained in detail", "", "", "my_file_name explained in detail"},

		// Whitespace and empties.
		{"whitespace_collapsed", "  Rain\n floods   the valley  ", "", "", "Rain floods the valley"},
		{"empty", "", "The Daily", "", ""},
		{"only_separators", " | ", "", "", "|"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := CleanTitle(tc.title, tc.site, tc.headline); got != tc.want {
				t.Errorf("CleanTitle(%q, %q, %q) = %q, want %q", tc.title, tc.site, tc.headline, got, tc.want)
			}
		})
	}
}
