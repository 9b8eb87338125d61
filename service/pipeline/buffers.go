package pipeline

// maxPooledSanitized bounds the buffers kept for the next body: a few
// times a large article. One an unusually large body grew is let go.
const maxPooledSanitized = 256 << 10

// sanitizedBuffer returns a buffer for bluemonday's output, empty, from
// the pool when one is there. The pool holds at most what the documents
// in progress took, and the garbage collector empties it.
func (p *Pipeline) sanitizedBuffer() *[]byte {
	if b, ok := p.sanitized.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 4<<10)
	return &b
}

// reuseSanitized gives a buffer back once nothing reads it: Read has
// copied the HTML, the text and the links it keeps.
func (p *Pipeline) reuseSanitized(b *[]byte) {
	if cap(*b) > maxPooledSanitized {
		return
	}
	*b = (*b)[:0]
	p.sanitized.Put(b)
}
