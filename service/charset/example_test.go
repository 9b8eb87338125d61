package charset_test

import (
	"errors"
	"fmt"

	"articleservice/service/charset"
)

func ExampleDecode() {
	gbk := []byte{0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7} // "你好，世界" in GBK
	r, err := charset.Decode(gbk, "", "")
	if err != nil {
		panic(err)
	}
	fmt.Println(string(r.Text), r.Charset, r.Source)

	r, _ = charset.Decode(gbk, "", "text/html; charset=GBK")
	fmt.Println(string(r.Text), r.Charset, r.Source)

	r, _ = charset.Decode([]byte("caf\xe9"), "utf-8", "")
	fmt.Printf("%+q replaced=%d\n", r.Text, r.Replaced)

	_, err = charset.Decode(gbk, "klingon", "")
	fmt.Println(errors.Is(err, charset.ErrUnknownCharset))
	// Output:
	// 你好，世界 gb18030 detected
	// 你好，世界 gbk content-type
	// "caf\ufffd" replaced=1
	// true
}
