package server

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"google.golang.org/grpc/credentials"
)

// TLSConfig configures transport security. With no certificate the server
// speaks plaintext gRPC, and says so in a warning unless Plaintext asks for
// it explicitly.
type TLSConfig struct {
	// CertFile and KeyFile hold the server's PEM certificate (chain) and
	// key. Both are read again on the next handshake after either changes.
	CertFile string
	KeyFile  string
	// ClientCAFile holds the PEM certificates of the CAs that sign client
	// certificates. Setting it turns on mutual TLS and authentication;
	// it is read again when it changes.
	ClientCAFile string
	// ClientAuth is "require" (the default with a client CA: every client
	// presents a certificate) or "optional" (a client without one may use a
	// bearer token instead).
	ClientAuth string
	// Plaintext asks for plaintext explicitly; it is an error with a
	// certificate.
	Plaintext bool
}

// Client certificate modes of TLSConfig.ClientAuth.
const (
	ClientAuthRequire  = "require"
	ClientAuthOptional = "optional"
)

func (c TLSConfig) enabled() bool { return c.CertFile != "" || c.KeyFile != "" }

func (c TLSConfig) validate() error {
	switch {
	case c.Plaintext && (c.enabled() || c.ClientCAFile != ""):
		return errors.New("tls: plaintext was asked for together with a certificate or client CA")
	case c.CertFile == "" && c.KeyFile != "", c.CertFile != "" && c.KeyFile == "":
		return errors.New("tls: a certificate needs both a certificate file and a key file")
	case c.ClientCAFile != "" && !c.enabled():
		return errors.New("tls: a client CA (mutual TLS) needs a server certificate and key")
	}
	switch c.ClientAuth {
	case "", ClientAuthRequire, ClientAuthOptional:
	default:
		return fmt.Errorf("tls: client auth %q: want %s or %s", c.ClientAuth, ClientAuthRequire, ClientAuthOptional)
	}
	return nil
}

// serverTLS builds the transport credentials, or nil for plaintext. The
// certificate and the client CA are loaded now, so that a bad file stops
// the server from starting, and then on the first handshake after they
// change.
func serverTLS(c TLSConfig, log *slog.Logger) (credentials.TransportCredentials, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	if !c.enabled() {
		if !c.Plaintext {
			log.Warn("serving plaintext gRPC: no TLS certificate is configured (set --tls-cert and --tls-key, or --plaintext to say plaintext is intended)")
		}
		return nil, nil
	}
	cert, err := newReloading("tls certificate", []string{c.CertFile, c.KeyFile}, func() (*tls.Certificate, error) {
		kp, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls certificate %s, key %s: %w", c.CertFile, c.KeyFile, err)
		}
		return &kp, nil
	}, log)
	if err != nil {
		return nil, fmt.Errorf("tls certificate: %w", err)
	}
	base := &tls.Config{
		MinVersion: tls.VersionTLS12,
		// gRPC clients insist on ALPN h2; set here too, since the config
		// returned for each client below is a clone of this one.
		NextProtos: []string{"h2"},
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return cert.get(), nil
		},
	}
	if c.ClientCAFile == "" {
		return credentials.NewTLS(base), nil
	}
	pool, err := newReloading("tls client ca", []string{c.ClientCAFile}, func() (*x509.CertPool, error) {
		return loadCertPool(c.ClientCAFile)
	}, log)
	if err != nil {
		return nil, fmt.Errorf("tls client ca: %w", err)
	}
	mode := tls.RequireAndVerifyClientCert
	if c.ClientAuth == ClientAuthOptional {
		mode = tls.VerifyClientCertIfGiven
	}
	base.ClientAuth = mode
	base.ClientCAs = pool.get()
	base.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		cfg := base.Clone()
		cfg.ClientCAs = pool.get()
		cfg.GetConfigForClient = nil
		return cfg, nil
	}
	return credentials.NewTLS(base), nil
}

// loadCertPool reads a PEM file of CA certificates.
func loadCertPool(path string) (*x509.CertPool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("%s: no PEM certificate found", path)
	}
	return pool, nil
}

// certNames are the identities a verified client certificate proves: its
// subject common name, DNS names, URIs and e-mail addresses.
func certNames(leaf *x509.Certificate) []string {
	var names []string
	if leaf.Subject.CommonName != "" {
		names = append(names, leaf.Subject.CommonName)
	}
	names = append(names, leaf.DNSNames...)
	for _, u := range leaf.URIs {
		names = append(names, u.String())
	}
	return append(names, leaf.EmailAddresses...)
}
