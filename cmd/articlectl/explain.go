package main

import (
	"fmt"
	"io"
	"strconv"

	articlev1 "articleservice/proto/article/v1"
)

// explainArticle writes, for an operator tuning a site's policy, how a
// document's body was obtained: the policy, the removal counts by reason
// and, for a whole page, the blocks extraction dropped, one a line, with
// the path a remove rule can name and the start of their text.
func explainArticle(w io.Writer, name string, a *articlev1.Article) {
	how := "extraction unknown"
	switch a.GetExtraction() {
	case articlev1.Extraction_EXTRACTION_PAGE:
		how = "extraction page (the article was extracted from a whole page)"
	case articlev1.Extraction_EXTRACTION_FRAGMENT:
		how = "extraction fragment (the body was taken as the article; extraction dropped nothing)"
	}
	fmt.Fprintf(w, "%s: %s\n", name, how)
	fmt.Fprintf(w, "  id %s, policy %s (%s)\n", a.GetId(), a.GetPolicy().GetName(), a.GetPolicy().GetVersion())
	if len(a.GetRemovals()) == 0 {
		fmt.Fprintf(w, "  removals: none\n")
	} else {
		fmt.Fprintf(w, "  removals:\n")
		for _, r := range a.GetRemovals() {
			fmt.Fprintf(w, "    %-26s %d\n", r.GetReason(), r.GetCount())
		}
	}
	if a.GetExtraction() != articlev1.Extraction_EXTRACTION_PAGE {
		return
	}
	dropped := a.GetDropped() // in page order, as the service lists them
	if len(dropped) == 0 {
		fmt.Fprintf(w, "  dropped blocks: none\n")
		return
	}
	fmt.Fprintf(w, "  dropped blocks (%d), in page order:\n", len(dropped))
	// Reason, length and path are ASCII and align; the text, which may be
	// wide CJK, and the detail come last.
	rw, pw := len("REASON"), len("PATH")
	for _, d := range dropped {
		rw = max(rw, len(d.GetReason()))
		pw = max(pw, min(len(d.GetPath()), 48))
	}
	fmt.Fprintf(w, "    %-*s  %6s  %-*s  %s\n", rw, "REASON", "CHARS", pw, "PATH", "TEXT — WHY")
	for _, d := range dropped {
		text := strconv.Quote(d.GetText())
		if d.GetText() == "" {
			text = "(no text)"
		}
		fmt.Fprintf(w, "    %-*s  %6d  %-*s  %s — %s\n", rw, d.GetReason(), d.GetChars(), pw, d.GetPath(), text, d.GetDetail())
	}
}
