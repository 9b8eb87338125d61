// Package charset turns crawled bytes in any charset into UTF-8.
//
// The charset is taken from, in order: the caller's explicit charset, the
// charset parameter of the Content-Type, a byte order mark, the bytes being
// valid UTF-8, a <meta charset> or <meta http-equiv> near the start, and
// last a detection among GB18030, Big5 and Shift_JIS that scores each
// candidate decoding by how much of it is common text in that script.
//
// Before (GBK bytes): c4 e3 ba c3 ("你好")
// After:              "你好" in UTF-8, Charset "gbk", Source "detected".
package charset
