package htmltok

// SlowBytes returns how many bytes of the body x/net/html has read.
func SlowBytes(t *Tokenizer) int { return t.slowBytes }
