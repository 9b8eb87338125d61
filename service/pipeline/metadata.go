package pipeline

import (
	"time"

	"articleservice/sanitize"
	"articleservice/service/normalize"
)

// policyMeta is a policy's metadata settings, resolved once per pipeline.
type policyMeta struct {
	zone          *time.Location
	titleSuffixes []string
	site, section string
}

func newPolicyMeta(m sanitize.Metadata, cfg Config) policyMeta {
	pm := policyMeta{zone: cfg.DefaultZone, site: m.Site, section: m.Section}
	if m.Timezone != "" {
		// The sanitizer validated the zone when it loaded the policy.
		if loc, err := time.LoadLocation(m.Timezone); err == nil {
			pm.zone = loc
		}
	}
	pm.titleSuffixes = append(append(pm.titleSuffixes, m.TitleSuffixes...), cfg.TitleSuffixes...)
	return pm
}

// title is the first non-empty candidate with the site's name (and the
// configured suffixes) stripped from its end.
func (m policyMeta) title(site string, candidates ...string) string {
	t := firstOf(candidates...)
	return normalize.StripSuffix(t, append([]string{site}, m.titleSuffixes...))
}
