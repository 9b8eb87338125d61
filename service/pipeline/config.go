package pipeline

import (
	"context"
	"runtime"
	"time"

	"articleservice/service/normalize"
)

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
	// MaxPageElements caps the elements of a whole page, which is parsed
	// into a tree and measured element by element before its article is
	// extracted; it bounds the memory one page costs.
	MaxPageElements int
	// MaxConcurrent caps the documents processed at once; further calls
	// wait for a slot (or their context). With MaxDocumentBytes it bounds
	// the memory documents in progress hold. 0 means no cap.
	MaxConcurrent int
}

// DefaultLimits are generous for real articles (the largest page in the
// corpus is under 100 KiB) and small enough that a hostile one stays cheap.
func DefaultLimits() Limits {
	return Limits{
		MaxDocumentBytes:    4 << 20,
		MaxFrontMatterBytes: 64 << 10,
		MaxFrontMatterNodes: 2000,
		MaxNestingDepth:     256,
		MaxPageElements:     50000,
		MaxConcurrent:       2 * runtime.GOMAXPROCS(0),
	}
}

// Config configures a Pipeline.
type Config struct {
	Limits Limits
	// DefaultZone reads dates that carry no zone; nil means UTC. A policy's
	// metadata.timezone overrides it for the documents it applies to.
	DefaultZone *time.Location
	// TitleSuffixes are site names stripped from the end of every title
	// after a separator; the article's own site always is.
	TitleSuffixes []string
	// TrackingParams are query parameters stripped from links, images and
	// the source URL an id is derived from; nil means
	// normalize.DefaultTrackingParams, empty strips none.
	TrackingParams []string
	// FutureSkew is how far in the future a publication date may be before
	// it is flagged in the article's warnings; 0 means 24 hours.
	FutureSkew time.Duration
	// Now is the clock dates are checked against; nil means time.Now.
	Now func() time.Time
	// Stage, when set, is called as each stage of every document starts,
	// with the document's context, and the function it returns as the
	// stage ends: the server records a span and a duration with it. It
	// must be safe for concurrent use.
	Stage func(ctx context.Context, name string) (end func())
}

// DefaultConfig returns the configuration articled runs with by default.
// New fills a Config's unset zone, tracking parameters, future skew and
// clock from it; its limits are taken as they are, since 0 means no limit.
func DefaultConfig() Config {
	return Config{
		Limits:         DefaultLimits(),
		DefaultZone:    time.UTC,
		TrackingParams: normalize.DefaultTrackingParams(),
		FutureSkew:     24 * time.Hour,
		Now:            time.Now,
	}
}

// withDefaults is c with its unset fields taken from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.DefaultZone == nil {
		c.DefaultZone = d.DefaultZone
	}
	if c.TrackingParams == nil {
		c.TrackingParams = d.TrackingParams
	}
	if c.FutureSkew == 0 {
		c.FutureSkew = d.FutureSkew
	}
	if c.Now == nil {
		c.Now = d.Now
	}
	return c
}
