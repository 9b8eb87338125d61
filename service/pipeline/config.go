package pipeline

import (
	"runtime"
	"time"

	"go.opentelemetry.io/otel/trace"
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
	// Tracer, when set, records a span per stage of every document, as
	// children of the span in the caller's context; nil records none.
	Tracer trace.Tracer
	// ObserveStage, when set, is told how long each stage of every
	// document took (for metrics); it must be safe for concurrent use.
	ObserveStage func(stage string, d time.Duration)
}
