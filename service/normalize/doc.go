// Package normalize turns raw metadata values into the article's canonical
// forms; every function is pure and keeps nothing between calls.
//
// Each function's Example (example_test.go) shows a value before and
// after; go test checks their output.
package normalize
