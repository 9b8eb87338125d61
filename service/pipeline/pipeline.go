package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go.opentelemetry.io/otel/trace"
	"net/url"
	"time"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/charset"
	"articleservice/service/extract"
	"articleservice/service/frontmatter"
	"articleservice/service/normalize"
	"articleservice/service/page"
)

// Pipeline processes documents. It holds only read-only values and is safe
// for concurrent use.
type Pipeline struct {
	cfg      Config
	policies *sanitize.Set
	meta     map[string]policyMeta // by policy name
	slots    *slots                // documents in progress; nil for no cap
}

// New returns a Pipeline applying the given policies.
func New(cfg Config, policies *sanitize.Set) *Pipeline {
	if cfg.DefaultZone == nil {
		cfg.DefaultZone = time.UTC
	}
	if cfg.TrackingParams == nil {
		cfg.TrackingParams = normalize.DefaultTrackingParams()
	}
	if cfg.FutureSkew == 0 {
		cfg.FutureSkew = 24 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.slots == nil {
		return func() {}, nil
	}
	client := clientOf(ctx)
	if err := p.slots.acquire(ctx, client); err != nil {
		return nil, err
	}
	return func() { p.slots.release(client) }, nil
}

// Process turns one document into an article. Bad input is a
// *article.FieldError: errors.Is(err, article.ErrInvalid) or
// errors.Is(err, article.ErrTooLarge) tells which.
func (p *Pipeline) Process(ctx context.Context, doc article.Document) (*article.Article, error) {
	release, err := p.Admit(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	lim := p.cfg.Limits
	if len(doc.Content) == 0 {
		return nil, article.Invalid("document.content", "is empty; send the crawled bytes", nil)
	}
	if err := p.checkSize("document.content", "document", len(doc.Content)); err != nil {
		return nil, err
	}
	var policy *sanitize.Policy
	if doc.Policy != "" {
		if policy, err = p.lookupPolicy("document.policy", doc.Policy); err != nil {
			return nil, err
		}
	}
	var base *url.URL
	if doc.SourceURL != "" {
		u, err := url.Parse(doc.SourceURL)
		if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, article.Invalid("document.source_url", "must be an absolute http or https URL with a host", err)
		}
		base = u
	}
	var a article.Article
	warn := func(field, format string, args ...any) {
		a.Warnings = append(a.Warnings, article.Warning{Field: field, Message: fmt.Sprintf(format, args...)})
	}

	end := p.stage(ctx, "decode")
	dec, err := charset.Decode(doc.Content, doc.Charset, doc.ContentType)
	end()
	if err != nil {
		field := "document.charset"
		if doc.Charset == "" {
			field = "document.content_type"
		}
		return nil, article.Invalid(field, "names a charset this service cannot decode", err)
	}
	if dec.Replaced > 0 {
		warn("document.content", "%d byte sequences invalid in %s were replaced by U+FFFD", dec.Replaced, dec.Charset)
	}

	end = p.stage(ctx, "front_matter")
	fm, body, err := p.frontMatter(dec.Text)
	end()
	if err != nil {
		return nil, err
	}
	for _, is := range fm.Issues {
		warn("front_matter."+is.Key, "%s", is.Message)
	}
	var head extract.Head
	var pg pageState
	isPage := page.IsPage(body)
	if policy == nil && isPage || policy != nil && wantsExtraction(policy, isPage) {
		// A whole page is parsed once: its metadata and its article both
		// come from the tree.
		if err := pg.parse(p, body, base); err != nil {
			return nil, err
		}
		head = pg.head()
	} else if fm.Title == "" || fm.Date == "" || fm.Author == "" {
		head = extract.ReadHead(body)
	}
	if base != nil && head.BaseHref != "" {
		// A page's <base href> refines the source URL, never replaces its
		// kind: a base that resolves to anything but http(s) is ignored.
		if u, err := base.Parse(head.BaseHref); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			base = u
		}
	}

	a.Author = firstOf(normalize.Space(fm.Author), head.Author)
	a.Categories = normalize.Categories(fm.Categories)
	a.CategoryKeys = normalize.CategoryKeys(a.Categories)
	a.Site, a.Section = normalize.SiteSection(a.Categories)
	if a.Site == "" {
		a.Site = head.SiteName
	}
	if policy == nil {
		// The document names no policy: the first whose match block
		// selects it by site, section, category, author or host, else the
		// default.
		policy = p.policies.Select(sanitize.Meta{Site: a.Site, Section: a.Section, Categories: a.Categories, Author: a.Author, SourceURL: doc.SourceURL})
	}

	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a.Extraction = article.ExtractionFragment
	var ex extracted
	if wantsExtraction(policy, isPage) {
		end = p.stage(ctx, "page")
		err := pg.parse(p, body, base)
		if err == nil {
			ex, err = p.extractPage(pg.doc, policy, doc.Explain, fm.Title, head.Title, pg.meta.Title, pg.meta.Headline)
		}
		end()
		if err != nil {
			return nil, err
		}
		body = ex.body
		a.Extraction = article.ExtractionPage
		a.Dropped = ex.dropped
	}
	end = p.stage(ctx, "sanitize")
	res, err := policy.Sanitize(body, sanitize.Options{BaseURL: base, MaxDepth: lim.MaxNestingDepth})
	end()
	if err != nil {
		if nerr := nestingError("document.content", err); nerr != nil {
			return nil, nerr
		}
		return nil, article.Invalid("document.content", "body is not readable HTML", err)
	}
	end = p.stage(ctx, "extract")
	b := extract.Read(res.HTML, base)
	end()
	end = p.stage(ctx, "normalize")
	defer end()

	meta := p.meta[policy.Name()]
	a.OriginalTitle = res.Fields["original_title"]
	a.SourceName = res.Fields["source_name"]
	a.Editor = res.Fields["editor"]
	a.Byline = res.Fields["byline"]
	if meta.site != "" {
		a.Site = meta.site
	}
	if meta.section != "" {
		a.Section = meta.section
	}
	a.Title = meta.title(a.Site, normalize.Title(fm.Title), head.Title, normalize.Title(b.Heading))
	a.PublishedAtRaw = firstOf(fm.Date, head.Published)
	if a.PublishedAtRaw != "" {
		t, err := normalize.Date(a.PublishedAtRaw, meta.zone)
		switch {
		case err != nil:
			warn("front_matter.date", "unrecognized date %q; published_at left unset", a.PublishedAtRaw)
		default:
			a.PublishedAt = t
			if why := normalize.Plausible(t, p.cfg.Now(), p.cfg.FutureSkew); why != "" {
				warn("front_matter.date", "date %q %s; kept, but check the source", a.PublishedAtRaw, why)
			}
		}
	}
	a.BodyHTML = string(b.HTML)
	a.BodyText = b.Text
	a.Images = p.images(b.Images)
	a.Links = b.Links
	for i := range a.Links {
		a.Links[i].URL = normalize.StripTracking(a.Links[i].URL, p.cfg.TrackingParams)
	}
	a.LeadImage = leadImage(base, a.Images, p.cfg.TrackingParams, fm.HeadImg, fm.Thumbnail, head.Image)
	a.Summary = extract.Summary(firstOf(pg.meta.Description, b.Text))
	detected := extract.Language(b.Text)
	a.Language = firstOf(pg.language(detected), detected)
	if a.Language == "und" && head.Language != "" {
		a.Language = head.Language
	}
	p.pageFields(&a, &pg, meta)
	a.CharCount = extract.CharCount(b.Text)
	a.ReadingTime = extract.ReadingTime(b.Text)
	a.ContentHash = contentHash(&a)
	a.SourceURL = doc.SourceURL
	a.Charset = dec.Charset
	a.ID = p.documentID(doc, &a)
	a.Policy = article.PolicyRef{Name: policy.Name(), Version: policy.Version()}
	res.Report.Each(func(reason string, n int) {
		a.Removals = append(a.Removals, article.Removal{Reason: reason, Count: n})
	})
	a.Removals = addRemoval(a.Removals, "empty", b.Empty)
	a.Removals = addCounts(a.Removals, ex.counts)
	return &a, nil
}

// contentHash identifies an article's content: its title, its text and
// its images. Boilerplate is not in them, so the same article crawled
// twice hashes the same; the title and images keep apart different items
// whose text is the same or empty (image posts, listings).
func contentHash(a *article.Article) string {
	h := sha256.New()
	h.Write([]byte(a.Title))
	h.Write([]byte{0})
	h.Write([]byte(a.BodyText))
	for _, img := range a.Images {
		h.Write([]byte{0})
		h.Write([]byte(img.URL))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// stage starts a span for one stage of a document and returns its end.
func (p *Pipeline) stage(ctx context.Context, name string) func() {
	tr, observe := p.cfg.Tracer, p.cfg.ObserveStage
	if tr == nil && observe == nil {
		return func() {}
	}
	start := time.Now()
	var span trace.Span
	if tr != nil {
		_, span = tr.Start(ctx, "pipeline."+name)
	}
	return func() {
		if span != nil {
			span.End()
		}
		if observe != nil {
			observe(name, time.Since(start))
		}
	}
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
	var se *frontmatter.SyntaxError
	switch {
	case err == nil:
		return fm, body, nil
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
			for _, img := range images {
				if img.URL == u {
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
	hash := func(prefix, s string) string {
		sum := sha256.Sum256([]byte(s))
		return prefix + hex.EncodeToString(sum[:])[:24]
	}
	switch {
	case doc.ID != "":
		return doc.ID
	case doc.SourceURL != "":
		return hash("u", normalize.CanonicalURL(doc.SourceURL, p.cfg.TrackingParams))
	case a.CanonicalURL != "":
		return hash("u", normalize.CanonicalURL(a.CanonicalURL, p.cfg.TrackingParams))
	case a.Site != "" && a.Title != "" && !a.PublishedAt.IsZero():
		return hash("s", a.Site+"\n"+a.Title+"\n"+a.PublishedAt.Format(time.RFC3339))
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
