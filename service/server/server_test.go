package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/sanitize"
	"articleservice/service/pipeline"
)

func TestProcessReturnsArticle(t *testing.T) {
	ts := startServer(t, Config{})
	resp, err := ts.client.Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{
		Content: corpusDoc(t, "0128.md"), Id: "doc-1", SourceUrl: "https://finance.sina.com.cn/a.shtml",
	}})
	if err != nil {
		t.Fatal(err)
	}
	a := resp.GetArticle()
	checks := map[string][2]string{
		"id":             {a.GetId(), "doc-1"},
		"title":          {a.GetTitle(), "9分钟被美国主持人打断23次，秦刚：请让我说完！"},
		"original_title": {a.GetOriginalTitle(), "9分钟被美国主持人打断23次，秦刚：请让我说完！"},
		"editor":         {a.GetEditor(), "蒋晓桐"},
		"site":           {a.GetSite(), "新浪财经"},
		"published_at":   {a.GetPublishedAt().AsTime().Format("2006-01-02T15:04:05Z07:00"), "2022-03-21T02:48:26Z"},
		"policy":         {a.GetPolicy().GetName(), "sina"}, // selected by the site, 新浪财经
		"language":       {a.GetLanguage(), "zh-Hans"},
		"source_url":     {a.GetSourceUrl(), "https://finance.sina.com.cn/a.shtml"},
	}
	for field, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", field, c[0], c[1])
		}
	}
	if strings.Contains(a.GetBodyHtml(), "<script") || a.GetBodyText() == "" || a.GetContentHash() == "" {
		t.Errorf("body not processed: html %d bytes, text %d bytes", len(a.GetBodyHtml()), len(a.GetBodyText()))
	}
}

// badRequest asserts a status code and a BadRequest naming field.
func badRequest(tb testing.TB, err error, code codes.Code, field, mentions string) {
	tb.Helper()
	st, ok := status.FromError(err)
	if !ok || st.Code() != code {
		tb.Fatalf("err = %v, want code %v", err, code)
	}
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				if v.GetField() == field && strings.Contains(v.GetDescription(), mentions) {
					return
				}
			}
			tb.Fatalf("violations %v do not name %s with %q", br.GetFieldViolations(), field, mentions)
		}
	}
	tb.Fatalf("status %v carries no BadRequest", st)
}

func TestProcessBadInputMapsToStatus(t *testing.T) {
	lim := pipeline.DefaultLimits()
	lim.MaxDocumentBytes = 2048
	ts := startServer(t, Config{Pipeline: pipeline.Config{Limits: lim}})
	tests := []struct {
		name, reason string
		doc          *articlev1.RawDocument
		code         codes.Code
		field        string
		mentions     string
	}{
		{"missing_document_is_invalid", "a request without a document", nil, codes.InvalidArgument, "document", "required"},
		{"empty_content_is_invalid", "nothing to process", &articlev1.RawDocument{}, codes.InvalidArgument, "document.content", "empty"},
		{"oversized_is_resource_exhausted", "over max_document_bytes", &articlev1.RawDocument{Content: []byte(strings.Repeat("x", 4096))}, codes.ResourceExhausted, "document.content", "2048 bytes"},
		{"bad_yaml_is_invalid", "malformed front matter", &articlev1.RawDocument{Content: []byte("---\ntitle: [\n---\n<p>x</p>")}, codes.InvalidArgument, "document.content", "not valid YAML"},
		{"unknown_policy_is_invalid", "typo in policy", &articlev1.RawDocument{Content: []byte("<p>x</p>"), Policy: "nope"}, codes.InvalidArgument, "document.policy", "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ts.client.Process(callCtx(t), &articlev1.ProcessRequest{Document: tt.doc})
			badRequest(t, err, tt.code, tt.field, tt.mentions)
		})
	}
}

// TestProcessOverMessageLimit: a message over the transport limit is
// refused by gRPC itself, before any of it is held by a handler.
func TestProcessOverMessageLimit(t *testing.T) {
	ts := startServer(t, Config{MaxMessageBytes: 1024})
	_, err := ts.client.Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: []byte(strings.Repeat("x", 4096))}})
	if status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("err = %v, want ResourceExhausted", err)
	}
}

func TestProcessStreamKeepsOrderAndGoesOnAfterErrors(t *testing.T) {
	ts := startServer(t, Config{})
	stream, err := ts.client.ProcessStream(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	docs := []*articlev1.RawDocument{
		{Content: corpusDoc(t, "0002.md"), Id: "a"},
		{Id: "bad"}, // empty content
		{Content: corpusDoc(t, "0102.md"), Id: "c"},
		{Content: []byte("---\ntitle: [\n---\n"), Id: "bad-yaml"},
		{Content: corpusDoc(t, "0164.md"), Id: "e"},
	}
	go func() {
		for _, d := range docs {
			if err := stream.Send(&articlev1.ProcessStreamRequest{Document: d}); err != nil {
				return
			}
		}
		stream.CloseSend()
	}()
	for i, d := range docs {
		resp, err := stream.Recv()
		if err != nil {
			t.Fatalf("recv %d: %v", i, err)
		}
		if resp.GetIndex() != int64(i) || resp.GetId() != d.GetId() {
			t.Errorf("response %d is index %d id %q, want %d %q", i, resp.GetIndex(), resp.GetId(), i, d.GetId())
		}
		isBad := strings.HasPrefix(d.GetId(), "bad")
		if isBad != (resp.GetError() != nil) {
			t.Errorf("response %d: error = %v, want error %v", i, resp.GetError(), isBad)
		}
		if isBad && (resp.GetError().GetCode() != "INVALID_ARGUMENT" || len(resp.GetError().GetFieldViolations()) == 0 ||
			resp.GetError().GetFieldViolations()[0].GetField() != "document.content") {
			t.Errorf("response %d: error %v, want INVALID_ARGUMENT on document.content", i, resp.GetError())
		}
		if !isBad && resp.GetArticle().GetTitle() == "" {
			t.Errorf("response %d: no article title", i)
		}
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		t.Errorf("after last response: %v, want EOF", err)
	}
}

func TestSanitizeReportsRemovals(t *testing.T) {
	ts := startServer(t, Config{})
	resp, err := ts.client.Sanitize(callCtx(t), &articlev1.SanitizeRequest{
		Html: `<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(1)">there</a></p><!-- x -->`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := `<p>Hi there</p>`; resp.GetHtml() != want {
		t.Errorf("html = %q, want %q", resp.GetHtml(), want)
	}
	got := map[string]int32{}
	for _, r := range resp.GetRemovals() {
		got[r.GetReason()] = r.GetCount()
	}
	for reason, n := range map[string]int32{"event_handler": 1, "script": 1, "unsafe_url": 1, "comment": 1} {
		if got[reason] != n {
			t.Errorf("removals[%s] = %d, want %d (all: %v)", reason, got[reason], n, got)
		}
	}
	if resp.GetPolicy().GetName() != "article" || resp.GetPolicy().GetVersion() == "" {
		t.Errorf("policy = %v", resp.GetPolicy())
	}
	_, err = ts.client.Sanitize(callCtx(t), &articlev1.SanitizeRequest{Html: "x", Policy: "nope"})
	badRequest(t, err, codes.InvalidArgument, "policy", "nope")
	_, err = ts.client.Sanitize(callCtx(t), &articlev1.SanitizeRequest{Html: strings.Repeat("<b>", 1000)})
	badRequest(t, err, codes.ResourceExhausted, "html", "levels")
}

func TestListPolicies(t *testing.T) {
	ts := startServer(t, Config{})
	resp, err := ts.client.ListPolicies(callCtx(t), &articlev1.ListPoliciesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	defaults := 0
	for _, p := range resp.GetPolicies() {
		names = append(names, p.GetPolicy().GetName())
		if p.GetDefault() {
			defaults++
			if p.GetPolicy().GetName() != "article" {
				t.Errorf("default policy is %q, want article", p.GetPolicy().GetName())
			}
		}
	}
	if strings.Join(names, ",") != "article,huxiu,ithome,juejin,sina,sspai,text,zhihu" || defaults != 1 {
		t.Errorf("policies = %v with %d defaults, want the eight shipped ones with one", names, defaults)
	}
}

func TestHealthAndReflection(t *testing.T) {
	ts := startServer(t, Config{})
	hc := healthpb.NewHealthClient(ts.conn)
	for _, svc := range []string{"", "article.v1.ArticleService"} {
		resp, err := hc.Check(callCtx(t), &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health %q = %v, %v; want SERVING", svc, resp.GetStatus(), err)
		}
	}
	rc, err := reflectionpb.NewServerReflectionClient(ts.conn).ServerReflectionInfo(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	resp, err := rc.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, s := range resp.GetListServicesResponse().GetService() {
		found = found || s.GetName() == "article.v1.ArticleService"
	}
	if !found {
		t.Errorf("reflection lists %v, want article.v1.ArticleService", resp.GetListServicesResponse().GetService())
	}
}

func TestSanitizeListsRemovedItems(t *testing.T) {
	ts := startServer(t, Config{})
	resp, err := ts.client.Sanitize(callCtx(t), &articlev1.SanitizeRequest{Html: `<img src=x onerror=alert(1)>` + strings.Repeat(`<b onclick=x>b</b>`, 150)})
	if err != nil {
		t.Fatal(err)
	}
	first := resp.GetRemoved()[0]
	if first.GetReason() != "event_handler" || first.GetElement() != "img" || first.GetAttribute() != "onerror" || first.GetValue() != "alert(1)" {
		t.Errorf("first removed item = %v", first)
	}
	if len(resp.GetRemoved()) != 100 || !resp.GetRemovedTruncated() {
		t.Errorf("%d items, truncated %v; want 100 and truncated", len(resp.GetRemoved()), resp.GetRemovedTruncated())
	}
}

func TestInvalidPolicyDirRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "open.yaml"), []byte("name: open\nelements:\n  a: [href, onclick]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := mergeDefaults(Config{PolicyDir: dir})
	cfg.Log.DataDir = t.TempDir()
	_, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var le *sanitize.LoadError
	if !errors.As(err, &le) || le.Line != 3 || !strings.Contains(le.Msg, "onclick") {
		t.Fatalf("New = %v, want a LoadError at line 3 about onclick", err)
	}
}
