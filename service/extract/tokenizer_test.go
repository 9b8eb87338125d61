package extract

import (
	"golang.org/x/net/html"

	"articleservice/sanitize/htmlelem"
)

// tokenizer is x/net/html's Tokenizer, the reference both of Read's
// tokenizers are held to.
type tokenizer struct{ *html.Tokenizer }

func (z tokenizer) Name() string { return htmlelem.TagName(z.Tokenizer) }
