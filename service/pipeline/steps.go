package pipeline

import (
	"context"
	"fmt"
	"net/url"
	"slices"

	"articleservice/sanitize"
	"articleservice/service/article"
	"articleservice/service/charset"
	"articleservice/service/extract"
	"articleservice/service/frontmatter"
	"articleservice/service/normalize"
	"articleservice/service/page"
)

// document is one document in Process: what each step reads from the
// steps before it and leaves for the steps after it.
type document struct {
	in article.Document
	a  article.Article
	// policy is the one the document names, then the one selected for it.
	policy *sanitize.Policy
	// base resolves relative URLs: the source URL, refined by <base href>.
	base    *url.URL
	charset string
	fm      frontmatter.FrontMatter
	// body is the text after the front matter, then the page's article.
	body   []byte
	head   extract.Head
	pg     pageState
	isPage bool
	ex     extracted
}

func (d *document) warn(field, format string, args ...any) {
	d.a.Warnings = append(d.a.Warnings, article.Warning{Field: field, Message: fmt.Sprintf(format, args...)})
}

// check refuses a document that is empty or too large, names no known
// policy or brings an unusable source URL.
func (p *Pipeline) check(d *document) error {
	doc := d.in
	if len(doc.Content) == 0 {
		return article.Invalid("document.content", "is empty; send the crawled bytes", nil)
	}
	if err := p.checkSize("document.content", "document", len(doc.Content)); err != nil {
		return err
	}
	if doc.Policy != "" {
		named, err := p.lookupPolicy("document.policy", doc.Policy)
		if err != nil {
			return err
		}
		d.policy = named
	}
	if doc.SourceURL != "" {
		u, err := url.Parse(doc.SourceURL)
		if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return article.Invalid("document.source_url", "must be an absolute http or https URL with a host", err)
		}
		d.base = u
	}
	return nil
}

// decode turns the document's bytes into UTF-8 text.
func (p *Pipeline) decode(ctx context.Context, d *document) error {
	end := p.stage(ctx, "decode")
	dec, err := charset.Decode(d.in.Content, d.in.Charset, d.in.ContentType)
	end()
	if err != nil {
		field := "document.charset"
		if d.in.Charset == "" {
			field = "document.content_type"
		}
		return article.Invalid(field, "names a charset this service cannot decode", err)
	}
	if dec.Replaced > 0 {
		d.warn("document.content", "%d byte sequences invalid in %s were replaced by U+FFFD", dec.Replaced, dec.Charset)
	}
	d.charset, d.body = dec.Charset, dec.Text
	return nil
}

// readFrontMatter takes the front matter off the text.
func (p *Pipeline) readFrontMatter(ctx context.Context, d *document) error {
	end := p.stage(ctx, "front_matter")
	fm, body, err := p.frontMatter(d.body)
	end()
	if err != nil {
		return err
	}
	for _, is := range fm.Issues {
		d.warn("front_matter."+is.Key, "%s", is.Message)
	}
	d.fm, d.body = fm, body
	return nil
}

// readHead reads the metadata of the body's head: from the parsed tree
// when the body is a page whose article will be extracted, else from the
// head alone when the front matter leaves a field to fill.
func (p *Pipeline) readHead(d *document) error {
	d.isPage = page.IsPage(d.body)
	if d.policy == nil && d.isPage || d.policy != nil && wantsExtraction(d.policy, d.isPage) {
		// A whole page is parsed once: its metadata and its article both
		// come from the tree.
		if err := d.pg.parse(p, d.body, d.base); err != nil {
			return err
		}
		d.head = d.pg.head()
	} else if d.fm.Title == "" || d.fm.Date == "" || d.fm.Author == "" {
		d.head = extract.ReadHead(d.body)
	}
	if d.base != nil && d.head.BaseHref != "" {
		// A page's <base href> refines the source URL, never replaces its
		// kind: a base that resolves to anything but http(s) is ignored.
		if u, err := d.base.Parse(d.head.BaseHref); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			d.base = u
		}
	}
	return nil
}

// identify sets who and what the article is about, and selects its
// policy when the document names none.
func (p *Pipeline) identify(d *document) {
	a := &d.a
	a.Author = firstOf(normalize.Space(d.fm.Author), d.head.Author)
	a.Categories = normalize.Categories(d.fm.Categories)
	a.CategoryKeys = normalize.CategoryKeys(a.Categories)
	a.Site, a.Section = normalize.SiteSection(a.Categories)
	if a.Site == "" {
		a.Site = d.head.SiteName
	}
	if d.policy == nil {
		// The document names no policy: the first whose match block
		// selects it by site, section, category, author or host, else the
		// default.
		d.policy = p.policies.Select(sanitize.Meta{Site: a.Site, Section: a.Section, Categories: a.Categories, Author: a.Author, SourceURL: d.in.SourceURL})
	}
}

// extractArticle cuts a whole page down to its article, when the policy
// wants it.
func (p *Pipeline) extractArticle(ctx context.Context, d *document) error {
	d.a.Extraction = article.ExtractionFragment
	if !wantsExtraction(d.policy, d.isPage) {
		return nil
	}
	end := p.stage(ctx, "page")
	err := d.pg.parse(p, d.body, d.base)
	if err == nil {
		d.ex, err = p.extractPage(d.pg.doc, d.policy, d.in.Explain, d.fm.Title, d.head.Title, d.pg.meta.Title, d.pg.meta.Headline)
	}
	end()
	if err != nil {
		return err
	}
	d.body = d.ex.body
	d.a.Extraction = article.ExtractionPage
	d.a.Dropped = d.ex.dropped
	return nil
}

// clean sanitizes the body under the policy and reads the result.
func (p *Pipeline) clean(ctx context.Context, d *document) (sanitize.Result, extract.Body, error) {
	end := p.stage(ctx, "sanitize")
	out := p.sanitizedBuffer()
	defer p.reuseSanitized(out)
	res, err := d.policy.Sanitize(d.body, sanitize.Options{BaseURL: d.base, MaxDepth: p.cfg.Limits.MaxNestingDepth, Dst: *out})
	if cap(res.HTML) > cap(*out) {
		*out = res.HTML // bluemonday grew it: the larger one serves the next body
	}
	end()
	if err != nil {
		if nerr := nestingError("document.content", err); nerr != nil {
			return res, extract.Body{}, nerr
		}
		return res, extract.Body{}, article.Invalid("document.content", "body is not readable HTML", err)
	}
	end = p.stage(ctx, "extract")
	scratch := p.scratch()
	defer p.reuseScratch(scratch)
	b := extract.ReadWith(scratch, res.HTML, d.base, true) // decode made the body valid UTF-8
	end()
	res.HTML = nil // its array goes back to the pool; the article has b's copy
	return res, b, nil
}

// normalize fills the rest of the article from the sanitized body, the
// fields its rules extracted and the policy's metadata.
func (p *Pipeline) normalize(d *document, res sanitize.Result, b extract.Body) {
	a, fm, head := &d.a, d.fm, d.head
	meta := p.meta[d.policy.Name()]
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
	p.published(d, meta)
	a.BodyHTML = b.HTML
	a.BodyText = b.Text
	a.Images = p.images(b.Images)
	a.Links = b.Links
	for i := range a.Links {
		a.Links[i].URL = normalize.StripTracking(a.Links[i].URL, p.cfg.TrackingParams)
	}
	a.LeadImage = leadImage(d.base, a.Images, p.cfg.TrackingParams, fm.HeadImg, fm.Thumbnail, head.Image)
	a.Summary = extract.Summary(firstOf(d.pg.meta.Description, b.Text))
	stats := extract.Stats(b.Text) // language, length and reading time in one walk
	detected := stats.Language
	a.Language = firstOf(d.pg.language(detected), detected)
	if a.Language == "und" && head.Language != "" {
		a.Language = head.Language
	}
	p.pageFields(a, &d.pg, meta)
	a.CharCount = stats.CharCount
	a.ReadingTime = stats.ReadingTime
	a.ContentHash = contentHash(a)
	a.SourceURL = d.in.SourceURL
	a.Charset = d.charset
	a.ID = p.documentID(d.in, a)
	a.Policy = article.PolicyRef{Name: d.policy.Name(), Version: d.policy.Version()}
	// The removals are gathered in an array and copied out once: appended
	// to the article one by one, they would grow it several times.
	var room [8]article.Removal
	rs := room[:0]
	res.Report.Each(func(reason string, n int) {
		rs = append(rs, article.Removal{Reason: reason, Count: n})
	})
	rs = addRemoval(rs, "empty", b.Empty)
	rs = addCounts(rs, d.ex.counts)
	if len(rs) > 0 {
		a.Removals = slices.Clone(rs)
	}
}

// published reads the publication date, in the policy's zone, and warns
// of one that cannot be read or is not plausible.
func (p *Pipeline) published(d *document, meta policyMeta) {
	a := &d.a
	a.PublishedAtRaw = firstOf(d.fm.Date, d.head.Published)
	if a.PublishedAtRaw == "" {
		return
	}
	t, err := normalize.Date(a.PublishedAtRaw, meta.zone)
	if err != nil {
		d.warn("front_matter.date", "unrecognized date %q; published_at left unset", a.PublishedAtRaw)
		return
	}
	a.PublishedAt = t
	if why := normalize.Plausible(t, p.cfg.Now(), p.cfg.FutureSkew); why != "" {
		d.warn("front_matter.date", "date %q %s; kept, but check the source", a.PublishedAtRaw, why)
	}
}
