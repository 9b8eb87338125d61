package server

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	articlev1 "articleservice/proto/article/v1"
)

// clusterConf is the configuration of one node of the test cluster, the
// one docs/article-log.md shows: JetStream on file storage, every node routing to
// all three, messages up to 8 MB. The client port is any free one; the
// cluster ports are reserved free ports.
const clusterConf = `server_name: %s
listen: 127.0.0.1:-1
max_payload: 8MB
jetstream {
  store_dir: %q
}
cluster {
  name: articles
  listen: 127.0.0.1:%d
  routes: [%s]
}
`

// natsCluster is a JetStream cluster of in-process nats-servers on
// loopback, shut down when the test ends.
type natsCluster struct {
	nodes []*natsserver.Server
	urls  []string
}

func startNATSCluster(tb testing.TB, n int) *natsCluster {
	tb.Helper()
	ports := freePorts(tb, n)
	var routes []string
	for _, p := range ports {
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", p))
	}
	c := &natsCluster{}
	dir := tb.TempDir()
	for i := range n {
		name := fmt.Sprintf("n%d", i+1)
		conf := filepath.Join(dir, name+".conf")
		text := fmt.Appendf(nil, clusterConf, name, filepath.Join(dir, name), ports[i], strings.Join(routes, ", "))
		if err := os.WriteFile(conf, text, 0o600); err != nil {
			tb.Fatal(err)
		}
		opts, err := natsserver.ProcessConfigFile(conf)
		if err != nil {
			tb.Fatalf("nats config %s: %v", name, err)
		}
		opts.NoSigs = true
		ns, err := natsserver.NewServer(opts)
		if err != nil {
			tb.Fatalf("nats server %s: %v", name, err)
		}
		go ns.Start()
		if !ns.ReadyForConnections(30 * time.Second) {
			tb.Fatalf("nats server %s did not start", name)
		}
		tb.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
		c.nodes = append(c.nodes, ns)
		c.urls = append(c.urls, ns.ClientURL())
	}
	return c
}

// freePorts reserves n loopback ports by listening on them together, then
// frees them for the servers to take.
func freePorts(tb testing.TB, n int) []int {
	tb.Helper()
	var ports []int
	var liss []net.Listener
	for range n {
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatal(err)
		}
		liss = append(liss, lis)
		ports = append(ports, lis.Addr().(*net.TCPAddr).Port)
	}
	for _, lis := range liss {
		lis.Close()
	}
	return ports
}

// leader is the node leading the stream.
func (c *natsCluster) leader(tb testing.TB, stream string) *natsserver.Server {
	tb.Helper()
	s, err := c.jetStream(tb).Stream(callCtx(tb), stream)
	if err != nil {
		tb.Fatal(err)
	}
	info, err := s.Info(callCtx(tb))
	if err != nil || info.Cluster == nil {
		tb.Fatalf("stream info: %v", err)
	}
	return c.node(tb, info.Cluster.Leader)
}

// jetStream is a JetStream client of the cluster, closed with the test.
func (c *natsCluster) jetStream(tb testing.TB) jetstream.JetStream {
	tb.Helper()
	nc, err := nats.Connect(strings.Join(c.urls, ","))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	return js
}

// node is the cluster's node of this name.
func (c *natsCluster) node(tb testing.TB, name string) *natsserver.Server {
	tb.Helper()
	for _, ns := range c.nodes {
		if ns.Name() == name {
			return ns
		}
	}
	tb.Fatalf("no node named %q", name)
	return nil
}

// sharedLog is the configuration of servers sharing one log, with three
// replicas, on the cluster.
func (c *natsCluster) sharedLog() Config {
	cfg := DefaultConfig()
	cfg.Log.URL = strings.Join(c.urls, ",")
	cfg.Log.Replicas = 3
	cfg.Log.DataDir = ""
	return mergeDefaults(cfg)
}

// TestScaleOut: two servers share one log on a three-node JetStream
// cluster. Articles ingested through one are delivered through the other,
// and stopping the node that leads the stream (it has three replicas) in
// the middle of ingestion loses nothing that was acknowledged.
func TestScaleOut(t *testing.T) {
	if testing.Short() {
		t.Skip("a cluster test: go test without -short runs it")
	}
	cluster := startNATSCluster(t, 3)
	cfg := cluster.sharedLog()
	ingester := startServer(t, cfg)
	reader := startServer(t, cfg)

	sub, err := reader.client.Subscribe(callCtx(t), &articlev1.SubscribeRequest{Start: &articlev1.SubscribeRequest_FromStart{FromStart: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sub.Recv(); err != nil {
		t.Fatal(err)
	}
	docs := corpus(t)
	half := len(docs) / 2
	acks := ingestAll(t, ingester.client, docs[:half])
	leader := cluster.leader(t, cfg.Log.Stream)
	leader.Shutdown()
	leader.WaitForShutdown()
	acks = append(acks, ingestAll(t, ingester.client, docs[half:])...)
	for i, a := range acks {
		if a.GetError() != nil || a.GetOutcome() != created {
			t.Fatalf("ack %d = %v, want created", i, a)
		}
	}

	var entries []*articlev1.LogEntry
	for len(entries) < len(docs) {
		m, err := sub.Recv()
		if err != nil {
			t.Fatalf("subscription through the other server after %d entries: %v", len(entries), err)
		}
		entries = append(entries, m.GetEntry())
	}
	checkLogOrder(t, entries, docIDs(docs))
	for i, d := range docs {
		resp, err := reader.client.GetArticle(callCtx(t), &articlev1.GetArticleRequest{Id: d.GetId()})
		if err != nil || resp.GetEntry().GetCursor() != acks[i].GetCursor() {
			t.Fatalf("get %s through the other server = %v, %v; want cursor %d", d.GetId(), resp.GetEntry().GetCursor(), err, acks[i].GetCursor())
		}
	}
	again, err := reader.client.Ingest(callCtx(t), &articlev1.IngestRequest{Document: docs[0]})
	if err != nil || again.GetOutcome() != duplicate || again.GetCursor() != acks[0].GetCursor() {
		t.Fatalf("ingest again through the other server = %v, %v; want a duplicate at %d", again, err, acks[0].GetCursor())
	}
}
