package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
)

// AccessConfig says who may call what, and which services beside
// ArticleService are exposed.
type AccessConfig struct {
	// TokenFile is the credentials file: clients, each with the SHA-256 of
	// its bearer token and/or its client certificate names, and its scopes.
	// It is read again when it changes. Setting it, or TLS.ClientCAFile,
	// turns authentication on.
	TokenFile string
	// Reflection is "on" (or empty, or "auto", its former default) or
	// "off". With authentication on, reflection needs valid credentials of
	// any scope: an engineer debugging a secured server with grpcurl has
	// one, and the schema is no secret from a client allowed to call it.
	Reflection string
	// DisableHealth leaves the gRPC health service out. When registered it
	// answers without credentials, for load balancers and probes.
	DisableHealth bool
}

// Reflection modes of AccessConfig.Reflection. ReflectionAuto once meant
// "off once authentication is on"; it is kept so that configurations
// naming it still start, and now means on.
const (
	ReflectionAuto = "auto"
	ReflectionOn   = "on"
	ReflectionOff  = "off"
)

// The errors of authentication and authorization; errors.go maps them to
// UNAUTHENTICATED and PERMISSION_DENIED.
var (
	errUnauthenticated  = errors.New("unauthenticated")
	errPermissionDenied = errors.New("permission denied")
)

// requiredScope is the one place a method is mapped to what it needs: the
// scope, or public (no credentials: health), or neither (any valid
// credentials: reflection). A method not listed needs admin: so do
// CreateConsumerGroup and DeleteConsumerGroup, since a group is durable
// state on the log's servers. The names are
// written out so that methods not yet generated are covered too.
func requiredScope(fullMethod string) (scope Scope, public bool) {
	switch fullMethod {
	case "/article.v1.ArticleService/Process",
		"/article.v1.ArticleService/ProcessStream",
		"/article.v1.ArticleService/Sanitize",
		"/article.v1.ArticleService/ListPolicies":
		return ScopeProcess, false
	case "/article.v1.ArticleService/Ingest",
		"/article.v1.ArticleService/IngestStream":
		return ScopeIngest, false
	case "/article.v1.ArticleService/Subscribe",
		"/article.v1.ArticleService/GetArticle",
		"/article.v1.ArticleService/ListArticles",
		"/article.v1.ConsumerGroupService/Consume",
		"/article.v1.ConsumerGroupService/GetConsumerGroup",
		"/article.v1.ConsumerGroupService/ListConsumerGroups":
		return ScopeRead, false
	}
	switch {
	case strings.HasPrefix(fullMethod, "/grpc.health.v1.Health/"):
		return "", true
	case strings.HasPrefix(fullMethod, "/grpc.reflection."):
		return "", false
	}
	return ScopeAdmin, false
}

// authenticator finds who is calling: a bearer token from the credentials
// file, else a verified client certificate.
type authenticator struct {
	// creds is the credentials file; nil when only a client CA is set, and
	// then every certificate the CA verified has every scope.
	creds *reloading[*credentialSet]
}

// newAuthenticator returns nil when authentication is off: no token file
// and no client CA.
func newAuthenticator(cfg Config, log *slog.Logger) (*authenticator, error) {
	if cfg.Access.TokenFile == "" && cfg.TLS.ClientCAFile == "" {
		return nil, nil
	}
	a := &authenticator{}
	if cfg.Access.TokenFile != "" {
		path := cfg.Access.TokenFile
		creds, err := newReloading("token file", []string{path}, func() (*credentialSet, error) {
			return loadCredentials(path)
		}, log)
		if err != nil {
			return nil, fmt.Errorf("token file: %w", err)
		}
		a.creds = creds
	}
	return a, nil
}

// authenticate never puts a token in an error: errors reach the log.
func (a *authenticator) authenticate(ctx context.Context) (*identity, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if vals := md.Get("authorization"); len(vals) > 0 {
		scheme, token, ok := strings.Cut(vals[0], " ")
		if !ok || !strings.EqualFold(scheme, "bearer") || token == "" {
			return nil, fmt.Errorf("%w: authorization metadata must be \"Bearer TOKEN\"", errUnauthenticated)
		}
		if a.creds != nil {
			if id := a.creds.get().byToken(strings.TrimSpace(token)); id != nil {
				return id, nil
			}
		}
		return nil, fmt.Errorf("%w: invalid bearer token", errUnauthenticated)
	}
	if names := verifiedCertNames(ctx); len(names) > 0 {
		if a.creds == nil {
			return &identity{name: names[0], scopes: []Scope{ScopeAdmin}}, nil
		}
		if id := a.creds.get().byCert(names); id != nil {
			return id, nil
		}
		return nil, fmt.Errorf("%w: client certificate %q names no client of the token file", errUnauthenticated, names[0])
	}
	return nil, fmt.Errorf("%w: send \"authorization: Bearer TOKEN\" metadata or a client certificate", errUnauthenticated)
}

// verifiedCertNames are the names of the client certificate the TLS
// handshake verified; none without mutual TLS.
func verifiedCertNames(ctx context.Context) []string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return nil
	}
	ti, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(ti.State.VerifiedChains) == 0 || len(ti.State.VerifiedChains[0]) == 0 {
		return nil
	}
	return certNames(ti.State.VerifiedChains[0][0])
}

// authorize checks the caller of method and records its name for the log
// and the per-client limits.
func (a *authenticator) authorize(ctx context.Context, method string) error {
	scope, public := requiredScope(method)
	if public {
		return nil
	}
	id, err := a.authenticate(ctx)
	if err != nil {
		return err
	}
	if ci := callInfoFrom(ctx); ci != nil {
		ci.client = id.name
	}
	if scope != "" && !id.allows(scope) {
		return fmt.Errorf("%w: client %q lacks scope %q for %s", errPermissionDenied, id.name, scope, method)
	}
	return nil
}

// refuse answers a call that failed authentication or authorization. The
// call is charged to its client's rate, the peer's address when it has no
// credential, so that a client trying tokens is slowed down as one making
// calls is: past its rate the answer is the rate limit's.
func refuse(ctx context.Context, log *slog.Logger, limits *limiter, err error) error {
	if ci := callInfoFrom(ctx); ci != nil {
		ci.refused = true
	}
	if lerr := limits.admit(clientKey(ctx)); lerr != nil {
		return limits.rejected(ctx, log, lerr)
	}
	return toStatus(ctx, log, err).Err()
}

func (a *authenticator) unary(log *slog.Logger, limits *limiter) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		if err := a.authorize(ctx, info.FullMethod); err != nil {
			return nil, refuse(ctx, log, limits, err)
		}
		return next(ctx, req)
	}
}

func (a *authenticator) stream(log *slog.Logger, limits *limiter) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		if err := a.authorize(ss.Context(), info.FullMethod); err != nil {
			return refuse(ss.Context(), log, limits, err)
		}
		return next(srv, ss)
	}
}
