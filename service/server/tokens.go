package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Scope is a permission a credential carries.
type Scope string

// The scopes. requiredScope maps each method to one.
const (
	// ScopeProcess allows Process, ProcessStream, Sanitize and ListPolicies.
	ScopeProcess Scope = "process"
	// ScopeIngest allows Ingest and IngestStream.
	ScopeIngest Scope = "ingest"
	// ScopeRead allows Subscribe, GetArticle and ListArticles, and of
	// ConsumerGroupService Consume, GetConsumerGroup and ListConsumerGroups.
	ScopeRead Scope = "read"
	// ScopeAdmin allows every method, among them CreateConsumerGroup and
	// DeleteConsumerGroup, which only it allows.
	ScopeAdmin Scope = "admin"
)

func (s Scope) known() bool {
	switch s {
	case ScopeProcess, ScopeIngest, ScopeRead, ScopeAdmin:
		return true
	}
	return false
}

// tokenFile is the credentials file: who may call, proved by a bearer
// token (stored as its SHA-256, never in clear) or by a client certificate
// name, with which scopes.
//
//	clients:
//	  - name: crawler
//	    token_sha256: 5e88489...   # printf %s "$TOKEN" | sha256sum
//	    scopes: [process, ingest]
//	  - name: reader
//	    cert_names: [reader.example.internal]   # client certificate CN or SAN
//	    scopes: [read]
type tokenFile struct {
	Clients []tokenEntry `yaml:"clients"`
}

type tokenEntry struct {
	Name        string   `yaml:"name"`
	TokenSHA256 string   `yaml:"token_sha256"`
	CertNames   []string `yaml:"cert_names"`
	Scopes      []Scope  `yaml:"scopes"`
}

// identity is a caller the credentials file knows.
type identity struct {
	name   string
	scopes []Scope
}

func (id *identity) allows(s Scope) bool {
	for _, have := range id.scopes {
		if have == s || have == ScopeAdmin {
			return true
		}
	}
	return false
}

// credentialSet is a parsed credentials file, indexed for look-ups.
type credentialSet struct {
	byTokenHash map[[sha256.Size]byte]*identity
	byCertName  map[string]*identity
}

// tokenHash is how a bearer token is stored and looked up.
func tokenHash(token string) [sha256.Size]byte { return sha256.Sum256([]byte(token)) }

// byToken finds the identity of a bearer token. The token is hashed first,
// so the look-up compares hashes, which tell an observer nothing of the
// token.
func (c *credentialSet) byToken(token string) *identity { return c.byTokenHash[tokenHash(token)] }

// byCert finds the identity one of a certificate's names maps to.
func (c *credentialSet) byCert(names []string) *identity {
	for _, n := range names {
		if id := c.byCertName[n]; id != nil {
			return id
		}
	}
	return nil
}

// loadCredentials reads and checks a credentials file (YAML, or JSON,
// which YAML reads too). Errors name the file, and the line where the YAML
// decoder knows it.
func loadCredentials(path string) (*credentialSet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := parseCredentials(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

func parseCredentials(b []byte) (*credentialSet, error) {
	var f tokenFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	set := &credentialSet{byTokenHash: map[[sha256.Size]byte]*identity{}, byCertName: map[string]*identity{}}
	names := map[string]bool{}
	for i, e := range f.Clients {
		where := fmt.Sprintf("clients[%d]", i)
		if e.Name == "" {
			return nil, fmt.Errorf("%s: name is required", where)
		}
		where = fmt.Sprintf("%s (%s)", where, e.Name)
		if names[e.Name] {
			return nil, fmt.Errorf("%s: name used twice", where)
		}
		names[e.Name] = true
		if e.TokenSHA256 == "" && len(e.CertNames) == 0 {
			return nil, fmt.Errorf("%s: needs token_sha256 or cert_names", where)
		}
		if len(e.Scopes) == 0 {
			return nil, fmt.Errorf("%s: scopes are required (%s, %s, %s, %s)", where, ScopeProcess, ScopeIngest, ScopeRead, ScopeAdmin)
		}
		for _, s := range e.Scopes {
			if !s.known() {
				return nil, fmt.Errorf("%s: unknown scope %q (want %s, %s, %s or %s)", where, s, ScopeProcess, ScopeIngest, ScopeRead, ScopeAdmin)
			}
		}
		id := &identity{name: e.Name, scopes: e.Scopes}
		if e.TokenSHA256 != "" {
			raw, err := hex.DecodeString(strings.ToLower(e.TokenSHA256))
			if err != nil || len(raw) != sha256.Size {
				return nil, fmt.Errorf("%s: token_sha256 must be 64 hex digits, the SHA-256 of the token", where)
			}
			h := [sha256.Size]byte(raw)
			if set.byTokenHash[h] != nil {
				return nil, fmt.Errorf("%s: token_sha256 used twice", where)
			}
			set.byTokenHash[h] = id
		}
		for _, n := range e.CertNames {
			if n == "" || set.byCertName[n] != nil {
				return nil, fmt.Errorf("%s: cert name %q empty or used twice", where, n)
			}
			set.byCertName[n] = id
		}
	}
	if len(set.byTokenHash) == 0 && len(set.byCertName) == 0 {
		return nil, errors.New("no clients: a credentials file needs at least one entry under clients")
	}
	return set, nil
}
