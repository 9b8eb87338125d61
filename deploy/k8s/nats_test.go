package k8stest

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"articleservice/service/articlelog"
)

// checkNATSCredentials: articled reads its NATS credentials from a Secret
// it mounts, the NATS nodes get the matching public key from the same
// Secret, and nats.conf, loaded by the NATS server's own parser and served,
// admits a client with that seed and refuses one without.
func checkNATSCredentials(t *testing.T, d *appsv1.Deployment, c corev1.Container, nats *appsv1.StatefulSet, conf string) {
	t.Helper()
	creds, _ := env(c, "ARTICLED_NATS_CREDS")
	var secret, seedKey string
	for _, v := range d.Spec.Template.Spec.Volumes {
		if v.Secret == nil || mountOf(c, v.Name) != path.Dir(creds) {
			continue
		}
		secret = v.Secret.SecretName
		for _, it := range v.Secret.Items {
			if it.Path == path.Base(creds) {
				seedKey = it.Key
			}
		}
	}
	if creds == "" || secret == "" || seedKey == "" {
		t.Fatalf("ARTICLED_NATS_CREDS = %q: want a file of a mounted Secret (found Secret %q, key %q)", creds, secret, seedKey)
	}
	var pubVar string
	for _, nc := range nats.Spec.Template.Spec.Containers {
		for _, e := range nc.Env {
			if ref := e.ValueFrom; ref != nil && ref.SecretKeyRef != nil && ref.SecretKeyRef.Name == secret && ref.SecretKeyRef.Key != seedKey {
				pubVar = e.Name
			}
		}
	}
	if pubVar == "" {
		t.Fatalf("no NATS container variable takes a public key from Secret %s (other than the seed %s)", secret, seedKey)
	}

	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := user.PublicKey()
	seed, _ := user.Seed()
	t.Setenv(pubVar, pub)
	t.Setenv("POD_NAME", "nats-0")
	dir := t.TempDir()
	confFile := filepath.Join(dir, "nats.conf")
	if err := os.WriteFile(confFile, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := natsserver.ProcessConfigFile(confFile)
	if err != nil {
		t.Fatalf("nats.conf does not load: %v", err)
	}
	if len(opts.Nkeys) != 1 || opts.Nkeys[0].Nkey != pub || len(opts.Users) != 0 || opts.NoAuthUser != "" || opts.Authorization != "" {
		t.Fatalf("nats.conf admits nkeys %v, users %v, no_auth_user %q, token %t: want only the key of $%s",
			opts.Nkeys, opts.Users, opts.NoAuthUser, opts.Authorization != "", pubVar)
	}

	// Served on loopback, alone, without its routes and volumes.
	opts.Host, opts.Port, opts.HTTPPort, opts.PidFile = "127.0.0.1", -1, 0, ""
	opts.Cluster = natsserver.ClusterOpts{}
	opts.Routes = nil
	opts.StoreDir = t.TempDir()
	opts.NoSigs, opts.NoLog = true, true
	ns, err := natsserver.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	t.Cleanup(ns.Shutdown)
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("NATS from nats.conf not ready")
	}
	seedFile := filepath.Join(dir, path.Base(creds))
	if err := os.WriteFile(seedFile, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	open := func(creds string) error {
		cfg := articlelog.DefaultConfig()
		cfg.URL, cfg.CredsFile, cfg.StartTimeout = ns.ClientURL(), creds, 10*time.Second
		l, err := articlelog.Open(t.Context(), cfg)
		if err == nil {
			l.Close()
		}
		return err
	}
	if err := open(seedFile); err != nil {
		t.Errorf("articled with the seed of %s: %v, want the log opened", secret, err)
	}
	if err := open(""); err == nil {
		t.Error("a client without credentials reached the log")
	}
}

// checkNATSNetworkPolicy: the NATS pods admit on their client port only
// articled's pods, on their route port only each other, and nothing else
// from other pods.
func checkNATSNetworkPolicy(t *testing.T, b *built, nats *appsv1.StatefulSet) {
	t.Helper()
	natsPod := labels.Set(nats.Spec.Template.Labels)
	articledPod := labels.Set(b.deployments[0].Spec.Template.Labels)
	var ports []corev1.ContainerPort
	for _, c := range nats.Spec.Template.Spec.Containers {
		ports = append(ports, c.Ports...)
	}
	portOf := func(name string) int32 {
		for _, p := range ports {
			if p.Name == name {
				return p.ContainerPort
			}
		}
		return 0
	}
	allowed := map[int32][]string{} // container port: who may reach it
	var policies int
	for _, np := range b.netpols {
		sel, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
		if err != nil || !sel.Matches(natsPod) {
			continue
		}
		policies++
		if !slices.Contains(np.Spec.PolicyTypes, "Ingress") {
			t.Errorf("NetworkPolicy %s does not restrict ingress", np.Name)
		}
		for i, rule := range np.Spec.Ingress {
			if len(rule.From) == 0 || len(rule.Ports) == 0 {
				t.Errorf("NetworkPolicy %s rule %d admits every source or every port", np.Name, i)
				continue
			}
			var who []string
			for _, peer := range rule.From {
				if peer.NamespaceSelector != nil || peer.IPBlock != nil || peer.PodSelector == nil {
					t.Errorf("NetworkPolicy %s rule %d admits more than pods of this namespace: %+v", np.Name, i, peer)
					continue
				}
				ps, err := metav1.LabelSelectorAsSelector(peer.PodSelector)
				switch {
				case err != nil || ps.Empty():
					t.Errorf("NetworkPolicy %s rule %d admits every pod", np.Name, i)
				case ps.Matches(articledPod) && !ps.Matches(natsPod):
					who = append(who, "articled")
				case ps.Matches(natsPod) && !ps.Matches(articledPod):
					who = append(who, "nats")
				default:
					t.Errorf("NetworkPolicy %s rule %d admits pods other than articled's or the nodes': %v", np.Name, i, peer.PodSelector)
				}
			}
			for _, p := range rule.Ports {
				n := p.Port.IntVal
				if p.Port.StrVal != "" {
					n = portOf(p.Port.StrVal)
				}
				allowed[n] = append(allowed[n], who...)
			}
		}
	}
	if policies == 0 {
		t.Fatal("no NetworkPolicy selects the NATS pods: anything in the namespace can write to the log")
	}
	want := map[int32][]string{portOf("client"): {"articled"}, portOf("cluster"): {"nats"}}
	for port, who := range allowed {
		if w, ok := want[port]; !ok || !slices.Equal(slices.Compact(slices.Sorted(slices.Values(who))), w) {
			t.Errorf("NATS port %d admits %v, want %v", port, who, want[port])
		}
	}
	if len(allowed[portOf("client")]) == 0 {
		t.Error("articled may not reach the NATS client port")
	}
}
