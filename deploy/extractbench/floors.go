package main

import (
	"flag"
	"fmt"
)

// floor is a minimum articleservice's figure must reach; 0 is off.
type floor struct {
	flag, what string
	min        float64
	// value is the figure; ok is false when the run lacks what it needs.
	value func(s *Score, all []*Score) (float64, bool)
}

// registerFloors declares the -min-* flags. Speed floors are ratios to a
// peer measured in the same run: absolute times move with the machine.
func registerFloors(fs *flag.FlagSet) []*floor {
	field := func(name string) func(*Score, []*Score) (float64, bool) {
		return func(s *Score, _ []*Score) (float64, bool) { return s.Fields[name].Rate(), true }
	}
	floors := []*floor{
		{flag: "min-trafilatura-f", what: "trafilatura-set F", value: func(s *Score, _ []*Score) (float64, bool) { return s.Counts.F(), true }},
		{flag: "min-readability-f1", what: "readability-set shingle F1", value: func(s *Score, _ []*Score) (float64, bool) { return s.F1, true }},
		{flag: "min-title", what: "title accuracy", value: field("title")},
		{flag: "min-byline", what: "byline accuracy", value: field("byline")},
		{flag: "min-published", what: "published accuracy", value: field("published")},
		{flag: "min-site", what: "site accuracy", value: field("site")},
		{flag: "min-language", what: "language accuracy", value: field("language")},
		{flag: "min-speed-vs-trafilatura", what: "docs/s ratio to " + nameTrafilatura, value: func(s *Score, all []*Score) (float64, bool) {
			return speedRatio(s, all, nameTrafilatura)
		}},
		{flag: "min-speed-vs-readability", what: "docs/s ratio to " + nameReadability, value: func(s *Score, all []*Score) (float64, bool) {
			return speedRatio(s, all, nameReadability)
		}},
	}
	for _, f := range floors {
		fs.Float64Var(&f.min, f.flag, 0, "exit 1 when articleservice's "+f.what+" is below this (0 = off)")
	}
	return floors
}

// checkFloors returns one line per floor articleservice misses, or cannot
// be checked against because the run left out what it needs.
func checkFloors(floors []*floor, scores []*Score) []string {
	var svc *Score
	for _, s := range scores {
		if s.Extractor == nameService {
			svc = s
		}
	}
	var failed []string
	for _, f := range floors {
		if f.min == 0 {
			continue
		}
		if svc == nil {
			failed = append(failed, fmt.Sprintf("-%s %g: %s did not run", f.flag, f.min, nameService))
			continue
		}
		v, ok := f.value(svc, scores)
		switch {
		case !ok:
			failed = append(failed, fmt.Sprintf("-%s %g: the run has no figure to compare (is the peer in -only?)", f.flag, f.min))
		case v < f.min:
			failed = append(failed, fmt.Sprintf("%s %s %.3f is below the floor %g (-%s)", nameService, f.what, v, f.min, f.flag))
		}
	}
	return failed
}
