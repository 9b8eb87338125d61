package pipeline

import "time"

// Limits bound the input a single document may bring.
type Limits struct {
	// MaxDocumentBytes caps the raw content of a document.
	MaxDocumentBytes int
	// MaxFrontMatterBytes caps the YAML front matter.
	MaxFrontMatterBytes int
	// MaxFrontMatterNodes caps the YAML nodes (keys, values, items) of the front matter.
	MaxFrontMatterNodes int
	// MaxNestingDepth caps how deeply the body's elements nest.
	MaxNestingDepth int
}

// DefaultLimits are generous for real articles (the largest page in the
// corpus is under 100 KiB) and small enough that a hostile one stays cheap.
func DefaultLimits() Limits {
	return Limits{
		MaxDocumentBytes:    4 << 20,
		MaxFrontMatterBytes: 64 << 10,
		MaxFrontMatterNodes: 2000,
		MaxNestingDepth:     256,
	}
}

// Config configures a Pipeline.
type Config struct {
	Limits Limits
	// DefaultZone reads dates that carry no zone; nil means UTC.
	DefaultZone *time.Location
}
