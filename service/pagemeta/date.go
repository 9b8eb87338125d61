package pagemeta

import (
	"fmt"
	"net/url"
)

// urlDate finds a date in an address's path — "/2019/05/31/" or
// "/2019-05-31-title" — and returns it as "2019-05-31"; "" when there is
// none. Years before 1990 or after 2099, month 13 and day 32 are not dates.
func urlDate(u *url.URL) string {
	if u == nil {
		return ""
	}
	p := u.Path
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		y, ok := digits(p, i+1, 4, 4)
		if !ok || y.val < 1990 || y.val > 2099 {
			continue
		}
		j := i + 5
		if j >= len(p) || (p[j] != '/' && p[j] != '-' && p[j] != '_') {
			continue
		}
		sep := p[j]
		m, ok := digits(p, j+1, 1, 2)
		if !ok || m.val < 1 || m.val > 12 {
			continue
		}
		k := j + 1 + m.n
		if k >= len(p) || p[k] != sep {
			continue
		}
		d, ok := digits(p, k+1, 1, 2)
		if !ok || d.val < 1 || d.val > 31 {
			continue
		}
		if end := k + 1 + d.n; end < len(p) && p[end] >= '0' && p[end] <= '9' {
			continue
		}
		return fmt.Sprintf("%04d-%02d-%02d", y.val, m.val, d.val)
	}
	return ""
}

type number struct{ val, n int }

// digits reads between lo and hi decimal digits of s at i, and no more.
func digits(s string, i, lo, hi int) (number, bool) {
	var num number
	for i+num.n < len(s) && num.n <= hi {
		c := s[i+num.n]
		if c < '0' || c > '9' {
			break
		}
		num.val = num.val*10 + int(c-'0')
		num.n++
	}
	return num, num.n >= lo && num.n <= hi
}
