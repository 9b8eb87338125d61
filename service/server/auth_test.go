package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	articlev1 "articleservice/proto/article/v1"
)

// rpc is one method of ArticleService, called with an empty request: an
// empty message decodes as the zero value of any request type, so that
// every method can be called the same way. Only the code matters here.
type rpc struct {
	method string
	scope  Scope
	stream bool
}

var articleRPCs = []rpc{
	{"/article.v1.ArticleService/Process", ScopeProcess, false},
	{"/article.v1.ArticleService/ProcessStream", ScopeProcess, true},
	{"/article.v1.ArticleService/Sanitize", ScopeProcess, false},
	{"/article.v1.ArticleService/ListPolicies", ScopeProcess, false},
	{"/article.v1.ArticleService/Ingest", ScopeIngest, false},
	{"/article.v1.ArticleService/IngestStream", ScopeIngest, true},
	{"/article.v1.ArticleService/Subscribe", ScopeRead, true},
	{"/article.v1.ArticleService/GetArticle", ScopeRead, false},
	{"/article.v1.ArticleService/ListArticles", ScopeRead, false},
}

// call invokes r with an empty request and returns the status of the call
// or, for a stream, of its first response.
func call(tb testing.TB, conn *grpc.ClientConn, r rpc, token string) error {
	tb.Helper()
	ctx, cancel := context.WithCancel(callCtx(tb))
	defer cancel()
	if token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	}
	if !r.stream {
		return conn.Invoke(ctx, r.method, &emptypb.Empty{}, &emptypb.Empty{})
	}
	cs, err := conn.NewStream(ctx, &grpc.StreamDesc{ClientStreams: true, ServerStreams: true}, r.method)
	if err != nil {
		return err
	}
	if err := cs.SendMsg(&emptypb.Empty{}); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if err := cs.CloseSend(); err != nil {
		return err
	}
	err = cs.RecvMsg(&emptypb.Empty{})
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func TestAuthMatrix(t *testing.T) {
	creds := map[Scope]string{
		ScopeProcess: "process-token-0123456789",
		ScopeIngest:  "ingest-token-0123456789",
		ScopeRead:    "read-token-0123456789",
		ScopeAdmin:   "admin-token-0123456789",
	}
	path := writeTokenFile(t, "",
		credential{name: "processor", token: creds[ScopeProcess], scopes: []Scope{ScopeProcess}},
		credential{name: "ingester", token: creds[ScopeIngest], scopes: []Scope{ScopeIngest}},
		credential{name: "reader", token: creds[ScopeRead], scopes: []Scope{ScopeRead}},
		credential{name: "operator", token: creds[ScopeAdmin], scopes: []Scope{ScopeAdmin}},
	)
	es := startEdgeServer(t, func(c *Config) { c.Access.TokenFile = path })
	conn := es.conn(t)
	for _, r := range articleRPCs {
		name := r.method[strings.LastIndex(r.method, "/")+1:]
		t.Run(name, func(t *testing.T) {
			if code := status.Code(call(t, conn, r, "")); code != codes.Unauthenticated {
				t.Errorf("no token: %v, want Unauthenticated", code)
			}
			if code := status.Code(call(t, conn, r, "not-a-token")); code != codes.Unauthenticated {
				t.Errorf("unknown token: %v, want Unauthenticated", code)
			}
			for scope, token := range creds {
				err := call(t, conn, r, token)
				code := status.Code(err)
				allowed := scope == r.scope || scope == ScopeAdmin
				switch {
				case allowed && (code == codes.Unauthenticated || code == codes.PermissionDenied || code == codes.Unimplemented):
					t.Errorf("scope %s: %v, want the call to reach its handler", scope, err)
				case !allowed && code != codes.PermissionDenied:
					t.Errorf("scope %s: %v, want PermissionDenied", scope, code)
				}
			}
		})
	}
	logs := es.logs.String()
	for _, token := range creds {
		if strings.Contains(logs, token) {
			t.Errorf("the log holds a token:\n%s", logs)
		}
	}
	if !strings.Contains(logs, "client=reader") {
		t.Errorf("the log does not name the client:\n%s", logs)
	}
}

// TestAuthHealthOpenReflectionForAnyCredential: with authentication on,
// health answers without credentials (probes, load balancers) and
// reflection is on by default for any valid credential, so grpcurl works
// against a secured server; --reflection off still removes it.
func TestAuthHealthOpenReflectionForAnyCredential(t *testing.T) {
	path := writeTokenFile(t, "", credential{name: "processor", token: "tok-process", scopes: []Scope{ScopeProcess}})
	for name, mode := range map[string]string{"default": "", "on": ReflectionOn, "auto_the_former_default": ReflectionAuto} {
		t.Run(name, func(t *testing.T) {
			es := startEdgeServer(t, func(c *Config) { c.Access.TokenFile = path; c.Access.Reflection = mode })
			conn := es.conn(t)
			resp, err := healthpb.NewHealthClient(conn).Check(callCtx(t), &healthpb.HealthCheckRequest{})
			if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				t.Fatalf("health without credentials: %v %v, want SERVING", resp, err)
			}
			if code := reflectionCode(t, conn, ""); code != codes.Unauthenticated {
				t.Errorf("reflection, no token: %v, want Unauthenticated", code)
			}
			if code := reflectionCode(t, conn, "not-a-token"); code != codes.Unauthenticated {
				t.Errorf("reflection, unknown token: %v, want Unauthenticated", code)
			}
			if code := reflectionCode(t, conn, "tok-process"); code != codes.OK {
				t.Errorf("reflection, a valid token of any scope: %v, want OK", code)
			}
		})
	}

	off := startEdgeServer(t, func(c *Config) { c.Access.TokenFile = path; c.Access.Reflection = ReflectionOff })
	if code := reflectionCode(t, off.conn(t), "tok-process"); code != codes.Unimplemented {
		t.Errorf("reflection off, valid token: %v, want Unimplemented (not registered)", code)
	}

	noHealth := startEdgeServer(t, func(c *Config) { c.Access.DisableHealth = true })
	_, err := healthpb.NewHealthClient(noHealth.conn(t)).Check(callCtx(t), &healthpb.HealthCheckRequest{})
	if status.Code(err) != codes.Unimplemented {
		t.Errorf("health disabled: %v, want Unimplemented", err)
	}
}

// reflectionCode lists the services through reflection.
func reflectionCode(tb testing.TB, conn *grpc.ClientConn, token string) codes.Code {
	tb.Helper()
	ctx := callCtx(tb)
	if token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	}
	st, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return status.Code(err)
	}
	if err := st.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil && !errors.Is(err, io.EOF) {
		return status.Code(err)
	}
	_, err = st.Recv()
	return status.Code(err)
}

func TestAuthOffByDefault(t *testing.T) {
	es := startEdgeServer(t, nil)
	if _, err := es.client(t).ListPolicies(callCtx(t), &articlev1.ListPoliciesRequest{}); err != nil {
		t.Fatalf("without a token file or client CA: %v, want OK", err)
	}
	if code := reflectionCode(t, es.conn(t), ""); code != codes.OK {
		t.Errorf("reflection with auth off: %v, want OK", code)
	}
}

func TestTokenFileReload(t *testing.T) {
	path := writeTokenFile(t, "", credential{name: "crawler", token: "first-token", scopes: []Scope{ScopeProcess}})
	es := startEdgeServer(t, func(c *Config) { c.Access.TokenFile = path })
	conn := es.conn(t)
	listPolicies := rpc{"/article.v1.ArticleService/ListPolicies", ScopeProcess, false}
	if err := call(t, conn, listPolicies, "first-token"); err != nil {
		t.Fatalf("first token: %v", err)
	}
	writeTokenFile(t, path, credential{name: "crawler", token: "second-token", scopes: []Scope{ScopeProcess}})
	if code := status.Code(call(t, conn, listPolicies, "first-token")); code != codes.Unauthenticated {
		t.Errorf("first token after rotation: %v, want Unauthenticated", code)
	}
	if err := call(t, conn, listPolicies, "second-token"); err != nil {
		t.Errorf("second token after rotation: %v", err)
	}
	// A broken file is refused and the previous version kept.
	writeChanged(t, path, "clients: [{name: x, scopes: [everything]}]\n")
	if err := call(t, conn, listPolicies, "second-token"); err != nil {
		t.Errorf("after a broken rewrite: %v, want the previous file still in force", err)
	}
	if !strings.Contains(es.logs.String(), "reload failed") {
		t.Errorf("the failed reload was not logged:\n%s", es.logs.String())
	}
}

func TestEveryArticleMethodHasAScope(t *testing.T) {
	desc := articlev1.ArticleService_ServiceDesc
	var names []string
	for _, m := range desc.Methods {
		names = append(names, m.MethodName)
	}
	for _, s := range desc.Streams {
		names = append(names, s.StreamName)
	}
	for _, n := range names {
		full := "/" + desc.ServiceName + "/" + n
		if scope, public := requiredScope(full); public || scope == ScopeAdmin {
			t.Errorf("%s falls through to the default (scope %q, public %v): add it to requiredScope", full, scope, public)
		}
	}
}

func TestParseCredentialsRefusesBadFiles(t *testing.T) {
	good := "0000000000000000000000000000000000000000000000000000000000000000"
	tests := map[string]struct{ file, mentions string }{
		"unknown_scope":    {"clients: [{name: a, token_sha256: " + good + ", scopes: [write]}]", `unknown scope "write"`},
		"short_hash":       {"clients: [{name: a, token_sha256: abc, scopes: [read]}]", "64 hex digits"},
		"no_credential":    {"clients: [{name: a, scopes: [read]}]", "needs token_sha256 or cert_names"},
		"no_scopes":        {"clients: [{name: a, token_sha256: " + good + "}]", "scopes are required"},
		"duplicate_name":   {"clients: [{name: a, cert_names: [x], scopes: [read]}, {name: a, cert_names: [y], scopes: [read]}]", "name used twice"},
		"duplicate_token":  {"clients: [{name: a, token_sha256: " + good + ", scopes: [read]}, {name: b, token_sha256: " + good + ", scopes: [read]}]", "used twice"},
		"unknown_field":    {"clients: [{name: a, token: secret, scopes: [read]}]", "field token not found"},
		"not_yaml":         {"clients: [", "yaml"},
		"empty":            {"", "no clients"},
		"clear_text_token": {"clients: [{name: a, token_sha256: hunter2hunter2, scopes: [read]}]", "SHA-256"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseCredentials([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.mentions) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.mentions)
			}
		})
	}
}

func TestNewRefusesBadAccessConfig(t *testing.T) {
	tests := map[string]struct {
		edit     func(*Config)
		mentions string
	}{
		"missing_token_file": {func(c *Config) { c.Access.TokenFile = "/nonexistent/tokens.yaml" }, "/nonexistent/tokens.yaml"},
		"bad_token_file": {func(c *Config) {
			c.Access.TokenFile = writeTokenFile(t, "", credential{name: "a", token: "t", scopes: []Scope{"write"}})
		}, "unknown scope"},
		"bad_reflection": {func(c *Config) { c.Access.Reflection = "maybe" }, "reflection"},
		"negative_limit": {func(c *Config) { c.Calls.ClientRate = -1 }, "negative"},
		"bad_sample":     {func(c *Config) { c.Tracing.OTLPEndpoint = "127.0.0.1:4317"; c.Tracing.SampleRatio = 2 }, "sample ratio"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Log.DataDir = t.TempDir()
			tt.edit(&cfg)
			s, err := New(context.Background(), cfg, discardLog())
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

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
