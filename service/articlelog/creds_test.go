package articlelog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// nkeyServer starts a NATS server with JetStream that admits only the
// user whose public NKey it returns the seed of.
func nkeyServer(tb testing.TB) (url string, seed []byte) {
	tb.Helper()
	user, err := nkeys.CreateUser()
	if err != nil {
		tb.Fatal(err)
	}
	pub, _ := user.PublicKey()
	seed, _ = user.Seed()
	ns, err := natsserver.NewServer(&natsserver.Options{
		Host: "127.0.0.1", Port: -1, NoSigs: true, NoLog: true,
		JetStream: true, StoreDir: tb.TempDir(),
		Nkeys: []*natsserver.NkeyUser{{Nkey: pub}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	go ns.Start()
	tb.Cleanup(ns.Shutdown)
	if !ns.ReadyForConnections(10 * time.Second) {
		tb.Fatal("nats server not ready")
	}
	return ns.ClientURL(), seed
}

// TestCredsFile: a cluster that admits only an NKey user is reached with
// --nats-creds naming the user's seed, and refused without it or with a
// file that holds no credentials.
func TestCredsFile(t *testing.T) {
	url, seed := nkeyServer(t)
	dir := t.TempDir()
	seedFile := filepath.Join(dir, "articled.nk")
	if err := os.WriteFile(seedFile, append(seed, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.creds")
	if err := os.WriteFile(junk, []byte("not a credential\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	open := func(creds string) error {
		cfg := DefaultConfig()
		cfg.URL, cfg.CredsFile, cfg.StartTimeout = url, creds, 5*time.Second
		l, err := Open(testCtx(t), cfg)
		if err == nil {
			l.Close()
		}
		return err
	}
	t.Run("seed_file_connects", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.URL, cfg.CredsFile = url, seedFile
		l, err := Open(testCtx(t), cfg)
		if err != nil {
			t.Fatalf("open with the seed file: %v", err)
		}
		defer l.Close()
		mustAppend(t, l, art("a", "site", "en", "body"), DedupByID)
	})
	t.Run("no_credentials_are_refused", func(t *testing.T) {
		if err := open(""); err == nil || !strings.Contains(strings.ToLower(err.Error()), "authorization") {
			t.Errorf("open without credentials: %v, want an authorization error", err)
		}
	})
	t.Run("a_file_without_credentials_is_named", func(t *testing.T) {
		if err := open(junk); err == nil || !strings.Contains(err.Error(), junk) {
			t.Errorf("open with %s: %v, want an error naming the file", junk, err)
		}
	})
}
