package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestParseComparisonData(t *testing.T) {
	src := `package main

type ComparisonEntry struct{ File string; With, Without []string }

var other = map[string]ComparisonEntry{"x": {File: "ignored.html"}}

var comparisonData = map[string]ComparisonEntry{
	"https://a.example/1": {
		File:    "a.html",
		Title:   "metadata the evaluation does not use",
		With:    []string{"first", "sec" + "ond", ` + "`raw \"quoted\"`" + `},
		Without: []string{"Impressum"},
	},
	"https://b.example/2": {File: "b.html", With: nil},
}
`
	path := filepath.Join(t.TempDir(), "data.go")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := parseComparisonData(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d entries, want the 2 of comparisonData only", len(got))
	}
	a := got["https://a.example/1"]
	if a.File != "a.html" || !slices.Equal(a.With, []string{"first", "second", `raw "quoted"`}) || !slices.Equal(a.Without, []string{"Impressum"}) {
		t.Errorf("entry a = %+v: literals, concatenations and raw strings must evaluate", a)
	}
	if b := got["https://b.example/2"]; b.File != "b.html" || b.With != nil || b.Without != nil {
		t.Errorf("entry b = %+v: nil and absent snippet lists are empty", b)
	}
}

func TestParseComparisonDataRejectsNonLiterals(t *testing.T) {
	src := `package main

var comparisonData = map[string]ComparisonEntry{
	"https://a.example/1": {File: name},
}
`
	path := filepath.Join(t.TempDir(), "data.go")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	// Evaluating only literals is what keeps the peer's data out of our
	// build; anything else must fail loudly rather than load a blank.
	if _, err := parseComparisonData(path); err == nil {
		t.Fatal("a field set from an identifier parsed without error")
	}
}
