package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// transport are the flags of how articlectl reaches a server: TLS, the
// CA that signed the server's certificate, a client certificate for
// mutual TLS, and a bearer token.
type transport struct {
	tls        bool
	ca         string
	cert, key  string
	serverName string
	token      string
}

func (t *transport) register(set *flag.FlagSet) {
	set.BoolVar(&t.tls, "tls", false, "remote: connect with TLS (implied by --ca, --cert)")
	set.StringVar(&t.ca, "ca", "", "remote: PEM CA certificates to verify the server with (default: the system's)")
	set.StringVar(&t.cert, "cert", "", "remote: PEM client certificate, for mutual TLS (with --key)")
	set.StringVar(&t.key, "key", "", "remote: PEM private key of --cert")
	set.StringVar(&t.serverName, "server-name", "", "remote: name to verify the server certificate against (default: the host of --addr)")
	set.StringVar(&t.token, "token", "", "remote: bearer token (default $ARTICLECTL_TOKEN); needs TLS")
}

// dialOptions turns the flags into credentials. The token comes from the
// environment when the flag is not given, so that it stays out of shell
// history and process listings.
func (t *transport) dialOptions(getenv func(string) string) ([]grpc.DialOption, error) {
	token := t.token
	if token == "" {
		token = getenv("ARTICLECTL_TOKEN")
	}
	useTLS := t.tls || t.ca != "" || t.cert != "" || t.key != ""
	if !useTLS {
		if token != "" {
			return nil, usageError{"--token (or ARTICLECTL_TOKEN) needs --tls: a bearer token is not sent in plaintext"}
		}
		return []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: t.serverName}
	if t.ca != "" {
		b, err := os.ReadFile(t.ca)
		if err != nil {
			return nil, fmt.Errorf("--ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(b) {
			return nil, fmt.Errorf("--ca %s: no PEM certificate found", t.ca)
		}
		cfg.RootCAs = pool
	}
	if t.cert != "" || t.key != "" {
		if t.cert == "" || t.key == "" {
			return nil, usageError{"--cert and --key go together"}
		}
		kp, err := tls.LoadX509KeyPair(t.cert, t.key)
		if err != nil {
			return nil, fmt.Errorf("--cert/--key: %w", err)
		}
		cfg.Certificates = []tls.Certificate{kp}
	}
	opts := []grpc.DialOption{grpc.WithTransportCredentials(credentials.NewTLS(cfg))}
	if token != "" {
		opts = append(opts, grpc.WithPerRPCCredentials(bearerToken(token)))
	}
	return opts, nil
}

// bearerToken sends "authorization: Bearer TOKEN" with every call, over TLS
// only.
type bearerToken string

func (b bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (bearerToken) RequireTransportSecurity() bool { return true }
