package pipeline

import (
	"fmt"
	"strings"
	"testing"
)

// TestDocsStateTheAssertedFigures: the Accuracy table of docs/api.md and
// the Fidelity figures of docs/policies.md are the ones TestAccuracy and
// TestFidelity assert, so the docs cannot drift from what the tests hold.
func TestDocsStateTheAssertedFigures(t *testing.T) {
	t.Run("accuracy_table_is_the_asserted_one", func(t *testing.T) {
		section := docSection(t, "docs/api.md", "### Accuracy")
		want := []string{fmt.Sprintf("holds %d corpus documents from %d sites (every one of the corpus's %d feeds)",
			accuracyDocuments, accuracySites, accuracyFeeds)}
		for _, f := range accuracyFields {
			fl := accuracyFloors[f.name]
			pct := "-"
			if fl.labelled > 0 {
				pct = fmt.Sprintf("%.1f%%", 100*float64(fl.right)/float64(fl.labelled))
			}
			want = append(want, fmt.Sprintf("| %s | %d | %d | %s | %d | %d |",
				f.name, fl.labelled, fl.right, pct, accuracyDocuments-fl.labelled, fl.empty))
		}
		checkStates(t, "docs/api.md", "Accuracy", section, want)
	})
	t.Run("fidelity_figures_are_the_asserted_ones", func(t *testing.T) {
		section := docSection(t, "docs/policies.md", "## Fidelity")
		dropped := 0
		want := []string{
			fmt.Sprintf("all %d documents", fidelityDocuments),
			fmt.Sprintf("**%d of %d**", fidelityKept, fidelityParagraphs),
			fmt.Sprintf("(%.1f%%)", 100*float64(fidelityKept)/float64(fidelityParagraphs)),
			fmt.Sprintf("of the %d blocks repeated", fidelityRepeatedBlocks),
			fmt.Sprintf("%d still reach", len(knownFurniture)),
			fmt.Sprintf("stay in %d documents", len(knownLinkLists)),
		}
		for _, r := range ruleAllowances {
			want = append(want, fmt.Sprintf("`%s` %d", r.rule, r.paragraphs))
			dropped += r.paragraphs
		}
		want = append(want, fmt.Sprintf("The other **%d**", dropped))
		if dropped != fidelityParagraphs-fidelityKept {
			t.Errorf("the allowances add up to %d, the paragraphs not kept are %d", dropped, fidelityParagraphs-fidelityKept)
		}
		for _, k := range knownFurniture {
			want = append(want, fmt.Sprintf("`%s` in %d", k.block, k.documents))
		}
		checkStates(t, "docs/policies.md", "Fidelity", section, want)
	})
}

// docSection returns the section under heading of the document at path
// (from the repository root), up to the next heading of any level, with
// its whitespace collapsed.
func docSection(tb testing.TB, path, heading string) string {
	tb.Helper()
	doc := string(readFile(tb, "../../"+path))
	start := strings.Index(doc, "\n"+heading+"\n")
	if start < 0 {
		tb.Fatalf("%s has no %q section", path, heading)
	}
	body := doc[start+len(heading)+2:]
	if end := strings.Index(body, "\n#"); end >= 0 {
		body = body[:end]
	}
	return strings.Join(strings.Fields(body), " ")
}

func checkStates(tb testing.TB, path, section, text string, want []string) {
	tb.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			tb.Errorf("the %s section of %s does not state %q", section, path, w)
		}
	}
}
