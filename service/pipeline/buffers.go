package pipeline

// maxPooledBuffer bounds the buffers kept for the next body: a few times
// a large article. One an unusually large body grew is let go.
const maxPooledBuffer = 256 << 10

// buffer returns an empty buffer from the pool, or a new one. Two serve
// each body, the one bluemonday writes it into and the one Read walks it
// in; neither is read once the article has its copy. The pool holds at
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
