package extract

// urlSet is the set of image or link URLs a body has shown so far. A body
// holds a few of each, which a scan of a small array finds without the
// map's allocation and hashing; past that many the set becomes a map.
type urlSet struct {
	few  [8]string
	n    int
	many map[string]bool
}

// add puts u in the set and reports whether it was not there yet.
func (s *urlSet) add(u string) bool {
	if s.many != nil {
		if s.many[u] {
			return false
		}
		s.many[u] = true
		return true
	}
	for _, v := range s.few[:s.n] {
		if v == u {
			return false
		}
	}
	if s.n < len(s.few) {
		s.few[s.n] = u
		s.n++
		return true
	}
	s.many = make(map[string]bool, 2*len(s.few))
	for _, v := range s.few {
		s.many[v] = true
	}
	s.many[u] = true
	return true
}
