package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	articlev1 "articleservice/proto/article/v1"
)

func TestMetricsCountRPCsAndDocuments(t *testing.T) {
	es := startEdgeServer(t, nil)
	base := es.serveMetrics(t)
	before := scrape(t, base)
	client := es.client(t)

	if _, err := client.Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: corpusDoc(t, "0128.md")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: nil}}); err == nil {
		t.Fatal("an empty document was processed")
	}
	stream, err := client.ProcessStream(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := stream.Send(&articlev1.ProcessStreamRequest{Document: &articlev1.RawDocument{Content: []byte("<p onclick=x>hi<script>1</script></p>")}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := stream.Recv(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	after := scrape(t, base)

	process := map[string]string{"grpc_service": "article.v1.ArticleService", "grpc_method": "Process", "grpc_type": "unary"}
	streamLabels := map[string]string{"grpc_service": "article.v1.ArticleService", "grpc_method": "ProcessStream", "grpc_type": "bidi_stream"}
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"grpc_server_started_total", process, 2},
		{"grpc_server_handled_total", with(process, "grpc_code", "OK"), 1},
		{"grpc_server_handled_total", with(process, "grpc_code", "InvalidArgument"), 1},
		{"grpc_server_handling_seconds", process, 2},
		{"grpc_server_handled_total", with(streamLabels, "grpc_code", "OK"), 1},
		{"grpc_server_msg_received_total", streamLabels, 2},
		{"grpc_server_msg_sent_total", streamLabels, 2},
		{"articled_documents_processed_total", map[string]string{"policy": "sina"}, 1},
		{"articled_documents_processed_total", map[string]string{"policy": "article"}, 2},
		{"articled_documents_rejected_total", map[string]string{"code": "InvalidArgument"}, 1},
		{"articled_document_size_bytes", nil, 4},
		{"articled_document_processing_seconds", nil, 4},
		{"articled_sanitize_removals_total", map[string]string{"reason": "script"}, 2},
		{"articled_sanitize_removals_total", map[string]string{"reason": "event_handler"}, 2},
	}
	for _, c := range checks {
		if got := metricValue(after, c.name, c.labels) - metricValue(before, c.name, c.labels); got != c.want {
			t.Errorf("%s%v moved by %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if metricValue(after, "go_goroutines", nil) == 0 {
		t.Error("no Go runtime metrics")
	}
}

func with(labels map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for lk, lv := range labels {
		out[lk] = lv
	}
	return out
}

func TestMetricsCountLimits(t *testing.T) {
	es := startEdgeServer(t, func(c *Config) { c.Calls.ClientRate, c.Calls.ClientBurst = 0.001, 1 })
	base := es.serveMetrics(t)
	client := es.client(t)
	_ = listPolicies(t, client)
	_ = listPolicies(t, client)
	if got := metricValue(scrape(t, base), "articled_limited_total", map[string]string{"limit": "rate"}); got != 1 {
		t.Errorf("articled_limited_total{limit=rate} = %v, want 1", got)
	}
}

func TestLogMetricsHooks(t *testing.T) {
	es := startEdgeServer(t, nil)
	base := es.serveMetrics(t)
	m := es.srv.edge.metrics
	m.IngestDone(true)
	m.IngestDone(true)
	m.IngestDone(false)
	m.IngestFailed()
	m.SubscriberCount(+1)
	m.SubscriberCount(+1)
	m.SubscriberCount(-1)
	m.Delivered(5)
	m.LogEvent("reconnected")
	fams := scrape(t, base)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"articled_ingest_total", map[string]string{"outcome": "created"}, 2},
		{"articled_ingest_total", map[string]string{"outcome": "duplicate"}, 1},
		{"articled_ingest_total", map[string]string{"outcome": "failed"}, 1},
		{"articled_subscribers", nil, 1},
		{"articled_subscribe_delivered_total", nil, 5},
		{"articled_log_connection_events_total", map[string]string{"event": "reconnected"}, 1},
	} {
		if got := metricValue(fams, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	var nilMetrics *Metrics
	nilMetrics.IngestDone(true) // a nil *Metrics records nothing and does not panic
	nilMetrics.Document(1, nil, codes.OK, 0)
}

func TestMetricsEndpointProbesAndPprof(t *testing.T) {
	get := func(tb testing.TB, url string) int {
		tb.Helper()
		resp, err := http.Get(url)
		if err != nil {
			tb.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	off := startEdgeServer(t, nil)
	base := off.serveMetrics(t)
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/debug/pprof/": 404} {
		if got := get(t, base+path); got != want {
			t.Errorf("GET %s = %d, want %d", path, got, want)
		}
	}
	on := startEdgeServer(t, func(c *Config) { c.Metrics.Pprof = true })
	if got := get(t, on.serveMetrics(t)+"/debug/pprof/"); got != 200 {
		t.Errorf("GET /debug/pprof/ with pprof on = %d, want 200", got)
	}
	off.srv.health.Shutdown()
	if got := get(t, base+"/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz after shutdown began = %d, want 503", got)
	}
}

func TestRequestIDEchoedAndLogged(t *testing.T) {
	es := startEdgeServer(t, nil)
	client := es.client(t)

	ctx := metadata.AppendToOutgoingContext(callCtx(t), "x-request-id", "crawl-42-abc")
	var header metadata.MD
	if _, err := client.ListPolicies(ctx, &articlev1.ListPoliciesRequest{}, grpc.Header(&header)); err != nil {
		t.Fatal(err)
	}
	if got := header.Get("x-request-id"); len(got) != 1 || got[0] != "crawl-42-abc" {
		t.Errorf("response x-request-id = %q, want the client's", got)
	}
	if !strings.Contains(es.logs.String(), "request_id=crawl-42-abc") {
		t.Errorf("the log line lacks the request id:\n%s", es.logs.String())
	}

	// Without one, or with one unfit for a log, the server makes one; on
	// a failed call too.
	for _, sent := range []string{"", strings.Repeat("x", 200), "has space"} {
		ctx := callCtx(t)
		if sent != "" {
			ctx = metadata.AppendToOutgoingContext(ctx, "x-request-id", sent)
		}
		var header metadata.MD
		_, _ = client.Process(ctx, &articlev1.ProcessRequest{}, grpc.Header(&header))
		got := header.Get("x-request-id")
		if len(got) != 1 || !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(got[0]) {
			t.Errorf("sent %.20q: response x-request-id = %q, want a generated one", sent, got)
		}
	}

	stream, err := client.ProcessStream(metadata.AppendToOutgoingContext(callCtx(t), "x-request-id", "stream-7"))
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	h, err := stream.Header()
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Get("x-request-id"); len(got) != 1 || got[0] != "stream-7" {
		t.Errorf("stream x-request-id = %q, want stream-7", got)
	}
}

func TestTracingSpanPerRPC(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	es := startEdgeServer(t, func(c *Config) { c.Tracing.Exporter = exp })
	conn := es.conn(t)
	if err := listPolicies(t, articlev1.NewArticleServiceClient(conn)); err != nil {
		t.Fatal(err)
	}
	if _, err := healthpb.NewHealthClient(conn).Check(callCtx(t), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatal(err)
	}
	// The server ends its span after the client has its answer; wait
	// (bounded) for it to be exported rather than race it.
	for deadline := time.Now().Add(10 * time.Second); len(exp.GetSpans()) == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	var names []string
	var requestID string
	for _, s := range exp.GetSpans() {
		names = append(names, s.Name)
		for _, a := range s.Attributes {
			if a.Key == "request.id" {
				requestID = a.Value.AsString()
			}
		}
	}
	if len(names) != 1 || names[0] != "article.v1.ArticleService/ListPolicies" {
		t.Errorf("spans %q, want one for ListPolicies (health is not traced)", names)
	}
	if requestID == "" {
		t.Error("the span carries no request.id")
	}
}

// TestIngestCountsInMetrics: the ingest handlers feed the log metrics and
// the pipeline metrics, as Process does.
func TestIngestCountsInMetrics(t *testing.T) {
	es := startEdgeServer(t, nil)
	base := es.serveMetrics(t)
	client := es.client(t)
	doc := &articlev1.RawDocument{Content: corpusDoc(t, "0102.md"), Id: "ingest-metrics"}
	for range 2 { // created, then duplicate
		if _, err := client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: doc}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: &articlev1.RawDocument{}}); err == nil {
		t.Fatal("an empty document was ingested")
	}
	fams := scrape(t, base)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"articled_ingest_total", map[string]string{"outcome": "created"}, 1},
		{"articled_ingest_total", map[string]string{"outcome": "duplicate"}, 1},
		{"articled_ingest_total", map[string]string{"outcome": "failed"}, 1},
		{"articled_documents_processed_total", map[string]string{"policy": "sina"}, 2},
		{"articled_documents_charset_total", map[string]string{"charset": "utf-8"}, 2},
	} {
		if got := metricValue(fams, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

// TestPipelineStageMetrics: every stage of a processed document is timed.
func TestPipelineStageMetrics(t *testing.T) {
	es := startEdgeServer(t, nil)
	base := es.serveMetrics(t)
	if _, err := es.client(t).Process(callCtx(t), &articlev1.ProcessRequest{Document: &articlev1.RawDocument{Content: corpusDoc(t, "0128.md")}}); err != nil {
		t.Fatal(err)
	}
	fams := scrape(t, base)
	for _, stage := range []string{"decode", "front_matter", "sanitize", "extract", "normalize"} {
		if got := metricValue(fams, "articled_pipeline_stage_seconds", map[string]string{"stage": stage}); got != 1 {
			t.Errorf("stage %s timed %v times, want 1", stage, got)
		}
	}
}

// TestSubscribersGaugeFollowsSubscriptions: articled_subscribers is the
// number of Subscribe calls open, exactly: up by one as each opens, down by
// one as each is cancelled, back to zero at the end.
func TestSubscribersGaugeFollowsSubscriptions(t *testing.T) {
	es := startEdgeServer(t, nil)
	base := es.serveMetrics(t)
	client := es.client(t)
	if got := metricValue(scrape(t, base), "articled_subscribers", nil); got != 0 {
		t.Fatalf("articled_subscribers = %v before any subscription, want 0", got)
	}
	var cancels []context.CancelFunc
	for i := range 2 {
		ctx, cancel := context.WithCancel(callCtx(t))
		t.Cleanup(cancel)
		sub, err := client.Subscribe(ctx, &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_FromStart{FromStart: true}})
		if err != nil {
			t.Fatalf("subscribe %d: %v", i+1, err)
		}
		// The opening message is sent after the subscription is counted.
		if _, err := sub.Recv(); err != nil {
			t.Fatalf("opening message of subscription %d: %v", i+1, err)
		}
		cancels = append(cancels, cancel)
		if got := metricValue(scrape(t, base), "articled_subscribers", nil); got != float64(i+1) {
			t.Fatalf("articled_subscribers = %v with %d subscriptions open, want %d", got, i+1, i+1)
		}
	}
	for i, cancel := range cancels {
		cancel()
		waitForGauge(t, base, "articled_subscribers", float64(len(cancels)-i-1))
	}
}

// waitForGauge waits until the gauge reads want: a cancelled call's
// handler returns a moment after the client gives up on it. It fails if
// the gauge reads anything else after 10 seconds.
func waitForGauge(tb testing.TB, base, name string, want float64) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := metricValue(scrape(tb, base), name, nil)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s = %v, want %v", name, got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
