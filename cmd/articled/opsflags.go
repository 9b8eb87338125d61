package main

import (
	"flag"
	"strconv"

	"articleservice/service/server"
)

// opsFlags binds the flags of transport security, access, limits and
// observability to s. server.New checks the values, so that a bad
// certificate or token file is refused at start with the file named.
func opsFlags(fs *flag.FlagSet, s *server.Config) {
	t, a, c := &s.TLS, &s.Access, &s.Calls
	fs.StringVar(&t.CertFile, "tls-cert", t.CertFile, "PEM certificate (chain) of the server; with --tls-key turns TLS on, re-read when it changes")
	fs.StringVar(&t.KeyFile, "tls-key", t.KeyFile, "PEM private key of --tls-cert")
	fs.StringVar(&t.ClientCAFile, "tls-client-ca", t.ClientCAFile, "PEM CA certificates of client certificates: turns on mutual TLS and authentication")
	fs.StringVar(&t.ClientAuth, "tls-client-auth", server.ClientAuthRequire, "with --tls-client-ca: require (every client presents a certificate) or optional (bearer tokens suffice)")
	fs.BoolVar(&t.Plaintext, "plaintext", t.Plaintext, "serve plaintext gRPC on purpose (no warning); an error with --tls-cert")
	fs.StringVar(&a.TokenFile, "token-file", a.TokenFile, "credentials file (clients, token SHA-256s, certificate names, scopes): turns on authentication, re-read when it changes")
	fs.StringVar(&a.Reflection, "reflection", server.ReflectionOn, "server reflection: on (with authentication on, for any valid credential) or off")
	fs.Var(invertedBool{&a.DisableHealth}, "health", "register the gRPC health service, answered without credentials (default true)")
	fs.Float64Var(&c.ClientRate, "client-rate", c.ClientRate, "RPCs a second one client (credential name, else IP) may start (0: no limit)")
	fs.IntVar(&c.ClientBurst, "client-burst", c.ClientBurst, "RPCs a client may start at once above --client-rate (0: twice the rate)")
	fs.IntVar(&c.ClientStreams, "client-max-streams", c.ClientStreams, "RPCs one client may have open at once, streams and unary calls (0: no cap)")
	fs.DurationVar(&c.UnaryTimeout, "unary-timeout", c.UnaryTimeout, "longest deadline of a unary RPC, applied when the client sets none or a later one (0: the client's)")
	fs.Int64Var(&c.MaxStreamMessages, "max-stream-documents", c.MaxStreamMessages, "documents one stream may carry (0: no cap)")
	fs.DurationVar(&c.StreamIdleTimeout, "stream-idle-timeout", c.StreamIdleTimeout, "end a client stream that sent nothing for this long (0: never)")
	fs.DurationVar(&c.MaxConnectionIdle, "max-connection-idle", c.MaxConnectionIdle, "close a connection with no RPC for this long (0: never)")
	fs.StringVar(&s.Metrics.Addr, "metrics-addr", s.Metrics.Addr, "HTTP address of /metrics, /healthz and /readyz (empty: not served)")
	fs.BoolVar(&s.Metrics.Pprof, "pprof", s.Metrics.Pprof, "serve net/http/pprof under /debug/pprof/ on --metrics-addr")
	fs.StringVar(&s.Tracing.OTLPEndpoint, "otlp-endpoint", s.Tracing.OTLPEndpoint, "HOST:PORT of an OTLP/gRPC trace collector (empty: no tracing)")
	fs.BoolVar(&s.Tracing.OTLPInsecure, "otlp-insecure", s.Tracing.OTLPInsecure, "send traces to --otlp-endpoint without TLS")
	fs.Float64Var(&s.Tracing.SampleRatio, "trace-sample-ratio", s.Tracing.SampleRatio, "fraction of new traces recorded (a caller's sampled trace always is)")
}

// invertedBool is a boolean flag stored as its negation: --health=false
// sets DisableHealth.
type invertedBool struct{ p *bool }

func (f invertedBool) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	*f.p = !b
	return nil
}

func (f invertedBool) String() string {
	if f.p == nil {
		return "true"
	}
	return strconv.FormatBool(!*f.p)
}

func (f invertedBool) IsBoolFlag() bool { return true }
