package pipeline

import "articleservice/service/extract"

// maxPooledBuffer bounds the buffers kept for the next body: a few times
// a large article. One an unusually large body grew is let go.
const maxPooledBuffer = 256 << 10

// buffer returns an empty buffer from the pool, or a new one: the one
// bluemonday writes a body into, not read once the article has its copy. The pool holds at
// most what the documents in progress took, and the garbage collector
// empties it.
func (p *Pipeline) buffer() *[]byte {
	if b, ok := p.buffers.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 4<<10)
	return &b
}

// reuse gives a buffer back once nothing reads it.
func (p *Pipeline) reuse(b *[]byte) {
	if cap(*b) > maxPooledBuffer {
		return
	}
	*b = (*b)[:0]
	p.buffers.Put(b)
}

// scratch returns the memory for reading one sanitized body, from the
// pool or new; like the buffers, the pool holds at most what the
// documents in progress took.
func (p *Pipeline) scratch() *extract.Scratch {
	if s, ok := p.scratches.Get().(*extract.Scratch); ok {
		return s
	}
	return new(extract.Scratch)
}

// reuseScratch gives s back once its body is read, unless a large body
// grew it past what the pool keeps.
func (p *Pipeline) reuseScratch(s *extract.Scratch) {
	if s.Cap() > maxPooledBuffer {
		return
	}
	p.scratches.Put(s)
}
