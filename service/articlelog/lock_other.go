//go:build !unix

package articlelog

// lockDir does not lock on this platform: run one server per data dir.
func lockDir(string) (func() error, error) { return func() error { return nil }, nil }
