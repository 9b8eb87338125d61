package htmltok_test

import (
	"fmt"

	"golang.org/x/net/html"

	"articleservice/sanitize/htmltok"
)

func Example() {
	z := htmltok.New([]byte(`<P Class=lead>Fish &amp; chips<br/><!-- ad --></P>`))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			fmt.Print(tt, " ", z.Name())
			for more := true; more; {
				var k, v []byte
				if k, v, more = z.TagAttr(); k != nil {
					fmt.Printf(" %s=%q", k, v)
				}
			}
			fmt.Println()
		case html.EndTagToken:
			fmt.Println(tt, z.Name())
		default:
			fmt.Printf("%v %q\n", tt, z.Text())
		}
	}
	fmt.Println(z.Err())
	// Output:
	// StartTag p class="lead"
	// Text "Fish & chips"
	// SelfClosingTag br
	// Comment " ad "
	// EndTag p
	// EOF
}
