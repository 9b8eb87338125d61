package server

import (
	"crypto/tls"
	"crypto/x509"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/server/servertest"
)

// tlsDial is a connection option trusting roots, presenting certificates.
func tlsDial(roots *x509.CertPool, certs ...tls.Certificate) grpc.DialOption {
	return grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: roots, Certificates: certs, MinVersion: tls.VersionTLS12}))
}

// clientPair issues a client certificate of ca for cn.
func clientPair(tb testing.TB, ca *servertest.CA, cn string) tls.Certificate {
	tb.Helper()
	kp, err := tls.LoadX509KeyPair(ca.Client(tb, cn))
	if err != nil {
		tb.Fatal(err)
	}
	return kp
}

func listPolicies(tb testing.TB, c articlev1.ArticleServiceClient, opts ...grpc.CallOption) error {
	tb.Helper()
	_, err := c.ListPolicies(callCtx(tb), &articlev1.ListPoliciesRequest{}, opts...)
	return err
}

func TestTLSHandshake(t *testing.T) {
	ca := servertest.NewCA(t, "server-ca")
	cert, key := ca.Server(t, "articled")
	es := startEdgeServer(t, func(c *Config) { c.TLS = TLSConfig{CertFile: cert, KeyFile: key} })
	if err := listPolicies(t, es.client(t, tlsDial(ca.Pool()))); err != nil {
		t.Fatalf("TLS client trusting the CA: %v", err)
	}
	if code := status.Code(listPolicies(t, es.client(t))); code != codes.Unavailable {
		t.Errorf("plaintext client against TLS: %v, want Unavailable", code)
	}
	other := servertest.NewCA(t, "other-ca")
	if code := status.Code(listPolicies(t, es.client(t, tlsDial(other.Pool())))); code != codes.Unavailable {
		t.Errorf("client trusting another CA: %v, want Unavailable", code)
	}
}

func TestMutualTLS(t *testing.T) {
	ca := servertest.NewCA(t, "pki")
	cert, key := ca.Server(t, "articled")
	reader := clientPair(t, ca, "reader-client")
	processor := clientPair(t, ca, "processor-client")
	stranger := clientPair(t, ca, "stranger")
	foreign := clientPair(t, servertest.NewCA(t, "foreign"), "processor-client")
	tokens := writeTokenFile(t, "",
		credential{name: "reader", certNames: []string{"reader-client"}, scopes: []Scope{ScopeRead}},
		credential{name: "processor", certNames: []string{"processor-client"}, scopes: []Scope{ScopeProcess}},
		credential{name: "crawler", token: "crawler-token", scopes: []Scope{ScopeProcess}},
	)

	t.Run("require", func(t *testing.T) {
		es := startEdgeServer(t, func(c *Config) {
			c.TLS = TLSConfig{CertFile: cert, KeyFile: key, ClientCAFile: ca.CAFile}
			c.Access.TokenFile = tokens
		})
		if err := listPolicies(t, es.client(t, tlsDial(ca.Pool(), processor))); err != nil {
			t.Errorf("processor certificate: %v", err)
		}
		if code := status.Code(listPolicies(t, es.client(t, tlsDial(ca.Pool(), reader)))); code != codes.PermissionDenied {
			t.Errorf("reader certificate calling a process method: %v, want PermissionDenied", code)
		}
		if code := status.Code(listPolicies(t, es.client(t, tlsDial(ca.Pool(), stranger)))); code != codes.Unauthenticated {
			t.Errorf("certificate not in the token file: %v, want Unauthenticated", code)
		}
		if code := status.Code(listPolicies(t, es.client(t, tlsDial(ca.Pool())))); code != codes.Unavailable {
			t.Errorf("no client certificate: %v, want Unavailable (handshake refused)", code)
		}
		if code := status.Code(listPolicies(t, es.client(t, tlsDial(ca.Pool(), foreign)))); code != codes.Unavailable {
			t.Errorf("certificate of another CA: %v, want Unavailable (handshake refused)", code)
		}
	})

	t.Run("optional_allows_tokens", func(t *testing.T) {
		es := startEdgeServer(t, func(c *Config) {
			c.TLS = TLSConfig{CertFile: cert, KeyFile: key, ClientCAFile: ca.CAFile, ClientAuth: ClientAuthOptional}
			c.Access.TokenFile = tokens
		})
		conn := es.conn(t, tlsDial(ca.Pool()))
		if code := status.Code(call(t, conn, rpc{"/article.v1.ArticleService/ListPolicies", ScopeProcess, false}, "")); code != codes.Unauthenticated {
			t.Errorf("no certificate, no token: %v, want Unauthenticated", code)
		}
		if err := call(t, conn, rpc{"/article.v1.ArticleService/ListPolicies", ScopeProcess, false}, "crawler-token"); err != nil {
			t.Errorf("no certificate, a token: %v", err)
		}
		if err := listPolicies(t, es.client(t, tlsDial(ca.Pool(), processor))); err != nil {
			t.Errorf("processor certificate: %v", err)
		}
	})

	t.Run("client_ca_alone_grants_every_scope", func(t *testing.T) {
		es := startEdgeServer(t, func(c *Config) { c.TLS = TLSConfig{CertFile: cert, KeyFile: key, ClientCAFile: ca.CAFile} })
		if err := listPolicies(t, es.client(t, tlsDial(ca.Pool(), stranger))); err != nil {
			t.Errorf("any certificate of the CA: %v", err)
		}
	})
}

func TestTLSCertificateReloads(t *testing.T) {
	ca := servertest.NewCA(t, "pki")
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	ca.WriteServer(t, "first", cert, key)
	es := startEdgeServer(t, func(c *Config) { c.TLS = TLSConfig{CertFile: cert, KeyFile: key} })
	servedCN := func() string {
		t.Helper()
		var p peer.Peer
		if err := listPolicies(t, es.client(t, tlsDial(ca.Pool())), grpc.Peer(&p)); err != nil {
			t.Fatal(err)
		}
		ti, ok := p.AuthInfo.(credentials.TLSInfo)
		if !ok || len(ti.State.PeerCertificates) == 0 {
			t.Fatalf("no server certificate in %+v", p.AuthInfo)
		}
		return ti.State.PeerCertificates[0].Subject.CommonName
	}
	if cn := servedCN(); cn != "first" {
		t.Fatalf("served %q, want first", cn)
	}
	ca.WriteServer(t, "second", cert, key)
	bumpModTime(t, cert, key)
	if cn := servedCN(); cn != "second" {
		t.Errorf("after the files changed, served %q, want second", cn)
	}
	// A half-written pair is not loaded: the last good one stays.
	writeChanged(t, key, "not a key")
	if cn := servedCN(); cn != "second" {
		t.Errorf("after a broken key, served %q, want second", cn)
	}
	if !strings.Contains(es.logs.String(), "reload failed") {
		t.Errorf("the failed reload was not logged")
	}
}

func TestNewRefusesBadTLSConfig(t *testing.T) {
	ca := servertest.NewCA(t, "pki")
	cert, key := ca.Server(t, "articled")
	tests := map[string]struct {
		tls      TLSConfig
		mentions string
	}{
		"missing_cert":      {TLSConfig{CertFile: "/nonexistent/tls.crt", KeyFile: key}, "/nonexistent/tls.crt"},
		"cert_without_key":  {TLSConfig{CertFile: cert}, "both a certificate file and a key file"},
		"key_not_matching":  {TLSConfig{CertFile: cert, KeyFile: ca.CAFile}, "tls certificate"},
		"ca_without_cert":   {TLSConfig{ClientCAFile: ca.CAFile}, "needs a server certificate"},
		"ca_not_pem":        {TLSConfig{CertFile: cert, KeyFile: key, ClientCAFile: key}, "no PEM certificate"},
		"plaintext_and_tls": {TLSConfig{CertFile: cert, KeyFile: key, Plaintext: true}, "plaintext"},
		"bad_client_auth":   {TLSConfig{CertFile: cert, KeyFile: key, ClientCAFile: ca.CAFile, ClientAuth: "sometimes"}, "sometimes"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Log.DataDir = t.TempDir()
			cfg.TLS = tt.tls
			s, err := New(t.Context(), cfg, discardLog())
			if err == nil {
				s.Close()
				t.Fatal("New accepted the configuration")
			}
			if !strings.Contains(err.Error(), tt.mentions) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.mentions)
			}
		})
	}
}

func TestPlaintextWarnsUnlessAsked(t *testing.T) {
	warned := startEdgeServer(t, func(c *Config) { c.TLS.Plaintext = false })
	if !strings.Contains(warned.logs.String(), "serving plaintext gRPC") {
		t.Errorf("no warning without a certificate:\n%s", warned.logs.String())
	}
	asked := startEdgeServer(t, func(c *Config) { c.TLS.Plaintext = true })
	if strings.Contains(asked.logs.String(), "serving plaintext gRPC") {
		t.Errorf("a warning although plaintext was asked for:\n%s", asked.logs.String())
	}
}
