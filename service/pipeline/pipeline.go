package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/frontmatter"
	"articleservice/service/normalize"
)

// Pipeline processes documents. It holds read-only values and a pool of
// scratch buffers, and is safe for concurrent use.
type Pipeline struct {
	cfg       Config
	policies  *sanitize.Set
	meta      map[string]policyMeta // by policy name
	slots     *slots                // documents in progress; nil for no cap
	sanitized sync.Pool             // of *[]byte: see sanitizedBuffer
	scratches sync.Pool             // of *extract.Scratch: see scratch
}

// New returns a Pipeline applying the given policies.
func New(cfg Config, policies *sanitize.Set) *Pipeline {
	cfg = cfg.withDefaults()
	p := &Pipeline{cfg: cfg, policies: policies, meta: map[string]policyMeta{}}
	if n := cfg.Limits.MaxConcurrent; n > 0 {
		p.slots = newSlots(n)
	}
	for _, pol := range policies.List() {
		p.meta[pol.Name()] = newPolicyMeta(pol.Metadata(), cfg)
	}
	return p
}

// Policies returns the policies the pipeline applies.
func (p *Pipeline) Policies() *sanitize.Set { return p.policies }

// Limits returns the limits the pipeline enforces.
func (p *Pipeline) Limits() Limits { return p.cfg.Limits }

// Admit waits for one of the Limits.MaxConcurrent slots of documents in
// progress, or for ctx; release gives the slot back. Process takes one;
// work of the same kind done beside the pipeline (sanitizing a fragment)
// takes one too, so that the cap bounds all of it. The party ctx is for
// (ForClient) holds at most all slots but one.
func (p *Pipeline) Admit(ctx context.Context) (release func(), err error) {
	client, err := p.admit(ctx)
	if err != nil {
		return nil, err
	}
	if p.slots == nil {
		return func() {}, nil
	}
	return func() { p.slots.release(client) }, nil
}

// admit is Admit for Process, which gives the slot back itself, without
// a release func to allocate for every document; it returns the client
// the slot is held for.
func (p *Pipeline) admit(ctx context.Context) (client string, err error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if p.slots == nil {
		return "", nil
	}
	client = clientOf(ctx)
	if err := p.slots.acquire(ctx, client); err != nil {
		return "", err
	}
	return client, nil
}

// leave gives back the slot admit took for client.
func (p *Pipeline) leave(client string) {
	if p.slots != nil {
		p.slots.release(client)
	}
}

// Process turns one document into an article. Bad input is a
// *article.FieldError: errors.Is(err, article.ErrInvalid) or
// errors.Is(err, article.ErrTooLarge) tells which.
func (p *Pipeline) Process(ctx context.Context, doc article.Document) (*article.Article, error) {
	client, err := p.admit(ctx)
	if err != nil {
		return nil, err
	}
	defer p.leave(client)
	d := &document{in: doc}
	if err := p.check(d); err != nil {
		return nil, err
	}
	if err := p.decode(ctx, d); err != nil {
		return nil, err
	}
	if err := p.readFrontMatter(ctx, d); err != nil {
		return nil, err
	}
	if err := p.readHead(d); err != nil {
		return nil, err
	}
	p.identify(d)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := p.extractArticle(ctx, d); err != nil {
		return nil, err
	}
	res, b, err := p.clean(ctx, d)
	if err != nil {
		return nil, err
	}
	end := p.stage(ctx, "normalize")
	defer end()
	p.normalize(d, res, b)
	// A copy: the article must not keep the page and its tree alive.
	a := d.a
	return &a, nil
}

// stage tells the Stage hook that a stage of a document starts and
// returns its end.
func (p *Pipeline) stage(ctx context.Context, name string) func() {
	if p.cfg.Stage == nil {
		return func() {}
	}
	return p.cfg.Stage(ctx, name)
}

// frontMatter splits and parses the front matter, mapping its failures to
// field errors.
func (p *Pipeline) frontMatter(text []byte) (frontmatter.FrontMatter, []byte, error) {
	lim := p.cfg.Limits
	raw, body, line, found, closed := frontmatter.Split(text, lim.MaxFrontMatterBytes)
	if !found {
		return frontmatter.FrontMatter{}, text, nil
	}
	if !closed {
		if lim.MaxFrontMatterBytes > 0 && len(text) > lim.MaxFrontMatterBytes {
			return frontmatter.FrontMatter{}, nil, article.TooLarge("document.content", "front matter not closed within the limit; front matter", int64(lim.MaxFrontMatterBytes), "bytes")
		}
		return frontmatter.FrontMatter{}, nil, article.Invalid("document.content", "front matter opened by --- is never closed by --- on a line of its own", nil)
	}
	if lim.MaxFrontMatterBytes > 0 && len(raw) > lim.MaxFrontMatterBytes {
		return frontmatter.FrontMatter{}, nil, article.TooLarge("document.content", fmt.Sprintf("front matter of %d bytes", len(raw)), int64(lim.MaxFrontMatterBytes), "bytes")
	}
	fm, err := frontmatter.Parse(raw, frontmatter.Limits{MaxNodes: lim.MaxFrontMatterNodes})
	if err == nil {
		return fm, body, nil
	}
	// Declared only here: errors.As takes its address, which puts it on
	// the heap wherever it is declared.
	var se *frontmatter.SyntaxError
	switch {
	case errors.As(err, &se):
		where := "front matter"
		if se.Line > 0 {
			where = fmt.Sprintf("front matter (document line %d)", line+se.Line-1)
		}
		return fm, nil, article.Invalid("document.content", where+" is not valid YAML: "+se.Msg, err)
	case errors.Is(err, frontmatter.ErrTooManyNodes):
		return fm, nil, article.TooLarge("document.content", "front matter YAML nodes", int64(lim.MaxFrontMatterNodes), "nodes")
	case errors.Is(err, frontmatter.ErrAlias):
		return fm, nil, article.Invalid("document.content", "front matter uses YAML anchors or aliases, which are not allowed", err)
	default:
		return fm, nil, article.Invalid("document.content", "front matter must be a YAML mapping of keys to values", err)
	}
}

// images strips tracking parameters from the body's images, keeping them
// de-duplicated.
func (p *Pipeline) images(imgs []article.Image) []article.Image {
	out := imgs[:0]
	seen := make(map[string]bool, len(imgs))
	for _, img := range imgs {
		img.URL = normalize.StripTracking(img.URL, p.cfg.TrackingParams)
		if !seen[img.URL] {
			seen[img.URL] = true
			out = append(out, img)
		}
	}
	return out
}

func leadImage(base *url.URL, images []article.Image, tracking []string, candidates ...string) *article.Image {
	for _, c := range candidates {
		if u := normalize.StripTracking(normalize.URL(c, base), tracking); u != "" {
			// By index: a range variable whose address is taken is
			// allocated on every iteration, not only the one returned.
			for i := range images {
				if images[i].URL == u {
					img := images[i]
					return &img
				}
			}
			return &article.Image{URL: u}
		}
	}
	if len(images) > 0 {
		img := images[0]
		return &img
	}
	return nil
}

// documentID is stable across re-crawls: the client's id; else one for the
// canonical source URL; else one for site, title and publication time;
// else one for the text.
func (p *Pipeline) documentID(doc article.Document, a *article.Article) string {
	switch {
	case doc.ID != "":
		return doc.ID
	case doc.SourceURL != "":
		return shortID('u', normalize.CanonicalURL(doc.SourceURL, p.cfg.TrackingParams))
	case a.CanonicalURL != "":
		return shortID('u', normalize.CanonicalURL(a.CanonicalURL, p.cfg.TrackingParams))
	case a.Site != "" && a.Title != "" && !a.PublishedAt.IsZero():
		var when [len(time.RFC3339) + 16]byte // room for any offset and year
		return shortID('s', a.Site, "\n", a.Title, "\n", string(a.PublishedAt.AppendFormat(when[:0], time.RFC3339)))
	}
	return "c" + a.ContentHash[:24]
}

func addRemoval(rs []article.Removal, reason string, n int) []article.Removal {
	if n == 0 {
		return rs
	}
	i := 0
	for i < len(rs) && rs[i].Reason < reason {
		i++
	}
	rs = append(rs, article.Removal{})
	copy(rs[i+1:], rs[i:])
	rs[i] = article.Removal{Reason: reason, Count: n}
	return rs
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
