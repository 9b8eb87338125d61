package articlelog

import (
	"bytes"
	"fmt"
	"os"

	"github.com/nats-io/nats.go"
)

// credsOption reads a NATS credentials file in either of the two forms a
// NATS server accepts: a user JWT with its NKey seed (the .creds file nsc
// writes, for servers in operator mode), or an NKey seed alone (for servers
// that list the user's public NKey in their authorization block, which
// needs no operator setup).
func credsOption(path string) (nats.Option, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("nats credentials: %w", err)
	}
	if bytes.Contains(b, []byte("BEGIN NATS USER JWT")) {
		return nats.UserCredentials(path), nil
	}
	opt, err := nats.NkeyOptionFromSeed(path)
	if err != nil {
		return nil, fmt.Errorf("nats credentials %s: neither a user JWT nor an NKey seed: %w", path, err)
	}
	return opt, nil
}
