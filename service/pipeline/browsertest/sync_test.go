package browsertest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestHarnessIsSanitizeHarness: the harness files are copies of
// sanitize/browsertest's, byte for byte, so that both suites check outputs
// the same way. A change there must be copied here.
func TestHarnessIsSanitizeHarness(t *testing.T) {
	for _, name := range []string{"harness_test.go", "js_test.go", "run_test.go"} {
		ours, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := os.ReadFile(filepath.Join("..", "..", "..", "sanitize", "browsertest", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, theirs) {
			t.Errorf("%s differs from sanitize/browsertest/%s: copy it again", name, name)
		}
	}
}
