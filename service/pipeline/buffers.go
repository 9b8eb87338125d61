package pipeline

import "articleservice/service/extract"

// maxPooledBuffer bounds the buffers kept for the next body: a few times
// a large article. One an unusually large body grew is let go.
const maxPooledBuffer = 256 << 10

// sanitizedBuffer returns an empty buffer for bluemonday to write a body
// into, from the pool or new; nothing reads it once the article has its
// copy. The pool holds at most what the documents in progress took, and
// the garbage collector empties it.
func (p *Pipeline) sanitizedBuffer() *[]byte {
	if b, ok := p.sanitized.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 4<<10)
	return &b
}

// reuseSanitized gives a buffer back once nothing reads it.
func (p *Pipeline) reuseSanitized(b *[]byte) {
	if cap(*b) > maxPooledBuffer {
		return
	}
	*b = (*b)[:0]
	p.sanitized.Put(b)
}

// scratch returns the memory for reading one sanitized body, from the
// pool or new; like the sanitized buffers', the pool holds at most what the
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
