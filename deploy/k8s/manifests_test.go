// Package k8stest checks the Kubernetes manifests offline: every file
// decodes strictly into the Kubernetes API types (an unknown or misspelt
// field fails), every kustomization builds, and what the builds produce
// hangs together: selectors select, probes and Services name ports that
// exist, mounts name volumes, ConfigMaps, claims and Secrets exist, every
// ARTICLED_* variable is a flag of articled, policies in ConfigMaps load,
// every build is one article log (never pods with private logs behind one
// Service), and the overlays are what deploy/README.md says they are: the
// scaled one's NATS cluster admits only articled's NKey and only articled's
// pods on its client port.
package k8stest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/kustomize/api/krusty"
	kusttypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	"articleservice/sanitize"
)

// externalSecret tells the Secrets the operator creates (deploy/README.md).
func externalSecret(name string) bool {
	return name == "articled-tls" || name == "articled-tokens" || name == "articled-nats"
}

// newObject returns an empty object of a kind the manifests may hold.
func newObject(kind string) (any, bool) {
	switch kind {
	case "Deployment":
		return &appsv1.Deployment{}, true
	case "StatefulSet":
		return &appsv1.StatefulSet{}, true
	case "Service":
		return &corev1.Service{}, true
	case "ConfigMap":
		return &corev1.ConfigMap{}, true
	case "PersistentVolumeClaim":
		return &corev1.PersistentVolumeClaim{}, true
	case "HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, true
	case "PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	case "NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, true
	case "Kustomization", "Component":
		return &kusttypes.Kustomization{}, true
	}
	return nil, false
}

// decodeStrict decodes one YAML document into the type its kind names.
func decodeStrict(doc []byte) (any, error) {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		return nil, err
	}
	obj, ok := newObject(tm.Kind)
	if !ok {
		return nil, fmt.Errorf("kind %q (apiVersion %q) is not one these tests know", tm.Kind, tm.APIVersion)
	}
	// As the API server decodes: field names are case-sensitive, and an
	// unknown or repeated field is an error.
	j, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tm.Kind, err)
	}
	if j, err = withoutDeleteDirective(j); err != nil {
		return nil, fmt.Errorf("%s: %w", tm.Kind, err)
	}
	strictErrs, err := sigsjson.UnmarshalStrict(j, obj)
	if err == nil && len(strictErrs) > 0 {
		err = errors.Join(strictErrs...)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tm.Kind, err)
	}
	return obj, nil
}

// withoutDeleteDirective drops a patch's top-level "$patch": "delete",
// kustomize's directive to remove the object the patch names, which is no
// field of the object.
func withoutDeleteDirective(j []byte) ([]byte, error) {
	if !bytes.Contains(j, []byte(`"$patch"`)) {
		return j, nil
	}
	var m map[string]any
	if err := json.Unmarshal(j, &m); err != nil {
		return nil, err
	}
	if m["$patch"] != "delete" {
		return nil, fmt.Errorf("$patch %v: only delete is expected", m["$patch"])
	}
	delete(m, "$patch")
	return json.Marshal(m)
}

func splitDocs(b []byte) [][]byte {
	var docs [][]byte
	for _, d := range bytes.Split(b, []byte("\n---")) {
		if len(bytes.TrimSpace(d)) > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

// TestManifestFilesDecodeStrictly reads every YAML file under deploy/k8s:
// manifests, patches and kustomizations decode strictly; files without a
// kind are generator inputs, and must be policies that load.
func TestManifestFilesDecodeStrictly(t *testing.T) {
	var n int
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal(b, &tm); err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if tm.Kind == "" {
			// A generator's input: policy files are all this tree has.
			if _, err := sanitize.Load(fstest.MapFS{path.Base(p): {Data: b}}); err != nil {
				t.Errorf("%s: not a manifest, and not a valid policy: %v", p, err)
			}
			return nil
		}
		for _, doc := range splitDocs(b) {
			n++
			if _, err := decodeStrict(doc); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("only %d manifests found; is the test running in deploy/k8s?", n)
	}
}

// built is the output of one kustomize build, decoded.
type built struct {
	root         string
	deployments  []*appsv1.Deployment
	statefulSets []*appsv1.StatefulSet
	services     []*corev1.Service
	configMaps   []*corev1.ConfigMap
	claims       []*corev1.PersistentVolumeClaim
	hpas         []*autoscalingv2.HorizontalPodAutoscaler
	pdbs         []*policyv1.PodDisruptionBudget
	netpols      []*networkingv1.NetworkPolicy
}

func build(tb testing.TB, root string) *built {
	tb.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	rm, err := k.Run(filesys.MakeFsOnDisk(), root)
	if err != nil {
		tb.Fatalf("kustomize build %s: %v", root, err)
	}
	out := &built{root: root}
	for _, r := range rm.Resources() {
		y, err := r.AsYAML()
		if err != nil {
			tb.Fatal(err)
		}
		obj, err := decodeStrict(y)
		if err != nil {
			tb.Fatalf("kustomize build %s: %v", root, err)
		}
		switch o := obj.(type) {
		case *appsv1.Deployment:
			out.deployments = append(out.deployments, o)
		case *appsv1.StatefulSet:
			out.statefulSets = append(out.statefulSets, o)
		case *corev1.Service:
			out.services = append(out.services, o)
		case *corev1.ConfigMap:
			out.configMaps = append(out.configMaps, o)
		case *corev1.PersistentVolumeClaim:
			out.claims = append(out.claims, o)
		case *autoscalingv2.HorizontalPodAutoscaler:
			out.hpas = append(out.hpas, o)
		case *policyv1.PodDisruptionBudget:
			out.pdbs = append(out.pdbs, o)
		case *networkingv1.NetworkPolicy:
			out.netpols = append(out.netpols, o)
		default:
			tb.Fatalf("kustomize build %s: unexpected %T", root, obj)
		}
	}
	return out
}

// workload is a pod template with where it came from.
type workload struct {
	name     string
	selector *metav1.LabelSelector
	pod      corev1.PodTemplateSpec
	claims   []string // volumeClaimTemplates
}

func (b *built) workloads() []workload {
	var ws []workload
	for _, d := range b.deployments {
		ws = append(ws, workload{name: "Deployment/" + d.Name, selector: d.Spec.Selector, pod: d.Spec.Template})
	}
	for _, s := range b.statefulSets {
		w := workload{name: "StatefulSet/" + s.Name, selector: s.Spec.Selector, pod: s.Spec.Template}
		for _, c := range s.Spec.VolumeClaimTemplates {
			w.claims = append(w.claims, c.Name)
		}
		ws = append(ws, w)
	}
	return ws
}

func (b *built) hasConfigMap(name string) bool {
	return slices.ContainsFunc(b.configMaps, func(c *corev1.ConfigMap) bool { return c.Name == name })
}

func (b *built) hasClaim(name string) bool {
	return slices.ContainsFunc(b.claims, func(c *corev1.PersistentVolumeClaim) bool { return c.Name == name })
}

// articledFlags are the flag names of cmd/articled, read from its source.
func articledFlags(tb testing.TB) map[string]bool {
	tb.Helper()
	fset := token.NewFileSet()
	dir := filepath.Join("..", "..", "cmd", "articled")
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defining := map[string]bool{"StringVar": true, "IntVar": true, "Int64Var": true, "UintVar": true, "Uint64Var": true,
		"BoolVar": true, "Float64Var": true, "DurationVar": true, "TextVar": true, "Var": true, "Func": true, "BoolFunc": true}
	flags := map[string]bool{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			tb.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !defining[sel.Sel.Name] {
				return true
			}
			for _, a := range call.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if name, err := strconv.Unquote(lit.Value); err == nil {
						flags[name] = true
					}
					break
				}
			}
			return true
		})
	}
	if !flags["addr"] || !flags["tls-cert"] {
		tb.Fatalf("flags read from %s: %v; the parser missed them", dir, flags)
	}
	return flags
}

func containerPort(c corev1.Container, port intOrName) bool {
	for _, p := range c.Ports {
		if (port.name != "" && p.Name == port.name) || (port.name == "" && p.ContainerPort == port.num) {
			return true
		}
	}
	return false
}

type intOrName struct {
	name string
	num  int32
}

func probePorts(p *corev1.Probe) []intOrName {
	if p == nil {
		return nil
	}
	switch {
	case p.HTTPGet != nil:
		return []intOrName{{name: p.HTTPGet.Port.StrVal, num: p.HTTPGet.Port.IntVal}}
	case p.GRPC != nil:
		return []intOrName{{num: p.GRPC.Port}}
	case p.TCPSocket != nil:
		return []intOrName{{name: p.TCPSocket.Port.StrVal, num: p.TCPSocket.Port.IntVal}}
	}
	return nil
}

// TestBuildsHangTogether builds every root and checks the references
// between what it produces.
func TestBuildsHangTogether(t *testing.T) {
	flags := articledFlags(t)
	// The kustomizations a user applies.
	for _, root := range []string{".", "base", "overlays/single", "overlays/scaled"} {
		t.Run(strings.ReplaceAll(root, "/", "_"), func(t *testing.T) {
			b := build(t, root)
			if len(b.deployments) != 1 || b.deployments[0].Name != "articleservice" {
				t.Fatalf("want the Deployment articleservice, got %d deployments", len(b.deployments))
			}
			for _, w := range b.workloads() {
				checkWorkload(t, b, w, flags)
			}
			for _, s := range b.services {
				checkService(t, b, s)
			}
			for _, h := range b.hpas {
				ref := h.Spec.ScaleTargetRef
				if ref.Kind != "Deployment" || !slices.ContainsFunc(b.deployments, func(d *appsv1.Deployment) bool { return d.Name == ref.Name }) {
					t.Errorf("HPA %s scales %s/%s, which this build lacks", h.Name, ref.Kind, ref.Name)
				}
				if h.Spec.MinReplicas == nil || *h.Spec.MinReplicas < 2 || h.Spec.MaxReplicas < *h.Spec.MinReplicas {
					t.Errorf("HPA %s: replicas %v..%d", h.Name, h.Spec.MinReplicas, h.Spec.MaxReplicas)
				}
			}
			for _, p := range b.pdbs {
				if !selectsSome(b, p.Spec.Selector) {
					t.Errorf("PodDisruptionBudget %s selects no pods of this build", p.Name)
				}
			}
			for _, np := range b.netpols {
				if !selectsSome(b, &np.Spec.PodSelector) {
					t.Errorf("NetworkPolicy %s selects no pods of this build", np.Name)
				}
			}
			checkOneLog(t, b)
			for _, c := range b.configMaps {
				if strings.HasPrefix(c.Name, "articled-policies") {
					files := fstest.MapFS{}
					for k, v := range c.Data {
						files[k] = &fstest.MapFile{Data: []byte(v)}
					}
					if _, err := sanitize.Load(files); err != nil {
						t.Errorf("ConfigMap %s: policies do not load: %v", c.Name, err)
					}
				}
			}
		})
	}
}

func selectsSome(b *built, sel *metav1.LabelSelector) bool {
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil || s.Empty() {
		return false
	}
	for _, w := range b.workloads() {
		if s.Matches(labels.Set(w.pod.Labels)) {
			return true
		}
	}
	return false
}

func checkWorkload(t *testing.T, b *built, w workload, flags map[string]bool) {
	t.Helper()
	sel, err := metav1.LabelSelectorAsSelector(w.selector)
	if err != nil || sel.Empty() || !sel.Matches(labels.Set(w.pod.Labels)) {
		t.Errorf("%s: selector %v does not select its pod template labels %v", w.name, w.selector, w.pod.Labels)
	}
	spec := w.pod.Spec
	if spec.SecurityContext == nil || spec.SecurityContext.RunAsNonRoot == nil || !*spec.SecurityContext.RunAsNonRoot {
		t.Errorf("%s: pods must run as non-root", w.name)
	}
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		t.Errorf("%s: mounts a service account token it does not need", w.name)
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = v
		switch {
		case v.ConfigMap != nil && !b.hasConfigMap(v.ConfigMap.Name):
			t.Errorf("%s: volume %s names ConfigMap %s, which this build lacks", w.name, v.Name, v.ConfigMap.Name)
		case v.Secret != nil && !externalSecret(v.Secret.SecretName):
			t.Errorf("%s: volume %s names Secret %s, which neither this build nor deploy/README.md provides", w.name, v.Name, v.Secret.SecretName)
		case v.PersistentVolumeClaim != nil && !b.hasClaim(v.PersistentVolumeClaim.ClaimName):
			t.Errorf("%s: volume %s names claim %s, which this build lacks", w.name, v.Name, v.PersistentVolumeClaim.ClaimName)
		}
	}
	for _, c := range spec.Containers {
		where := w.name + " container " + c.Name
		if c.Resources.Limits.Memory().IsZero() || c.Resources.Requests.Cpu().IsZero() {
			t.Errorf("%s: needs a memory limit and a CPU request", where)
		}
		sc := c.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
			sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
			t.Errorf("%s: needs a read-only root, no privilege escalation, all capabilities dropped", where)
		}
		for _, p := range slices.Concat(probePorts(c.ReadinessProbe), probePorts(c.LivenessProbe), probePorts(c.StartupProbe)) {
			if !containerPort(c, p) {
				t.Errorf("%s: a probe uses port %+v, which the container does not declare", where, p)
			}
		}
		if c.ReadinessProbe == nil || c.LivenessProbe == nil {
			t.Errorf("%s: needs readiness and liveness probes", where)
		}
		for _, m := range c.VolumeMounts {
			if _, ok := volumes[m.Name]; !ok && !slices.Contains(w.claims, m.Name) {
				t.Errorf("%s: mounts %s, which is no volume of the pod", where, m.Name)
			}
		}
		seen := map[string]bool{}
		for _, e := range c.Env {
			if ref := e.ValueFrom; ref != nil && ref.SecretKeyRef != nil && !externalSecret(ref.SecretKeyRef.Name) {
				t.Errorf("%s: %s comes from Secret %s, which neither this build nor deploy/README.md provides", where, e.Name, ref.SecretKeyRef.Name)
			}
			if seen[e.Name] {
				t.Errorf("%s: %s set twice", where, e.Name)
			}
			seen[e.Name] = true
			if strings.HasPrefix(e.Name, "ARTICLED_") {
				name := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(e.Name, "ARTICLED_"), "_", "-"))
				if !flags[name] {
					t.Errorf("%s: %s is the variable of no articled flag", where, e.Name)
				}
			}
		}
	}
}

func checkService(t *testing.T, b *built, s *corev1.Service) {
	t.Helper()
	sel := labels.SelectorFromSet(s.Spec.Selector)
	var pods []corev1.PodSpec
	for _, w := range b.workloads() {
		if len(s.Spec.Selector) > 0 && sel.Matches(labels.Set(w.pod.Labels)) {
			pods = append(pods, w.pod.Spec)
		}
	}
	if len(pods) == 0 {
		t.Errorf("Service %s selects no pods of this build", s.Name)
		return
	}
	for _, p := range s.Spec.Ports {
		target := intOrName{name: p.TargetPort.StrVal, num: p.TargetPort.IntVal}
		if target == (intOrName{}) {
			target.num = p.Port
		}
		for _, pod := range pods {
			if !slices.ContainsFunc(pod.Containers, func(c corev1.Container) bool { return containerPort(c, target) }) {
				t.Errorf("Service %s port %s targets %+v, which the selected pods do not declare", s.Name, p.Name, target)
			}
		}
	}
}

func env(c corev1.Container, name string) (string, bool) {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value, true
		}
	}
	return "", false
}

func mountOf(c corev1.Container, volume string) string {
	for _, m := range c.VolumeMounts {
		if m.Name == volume {
			return m.MountPath
		}
	}
	return ""
}

func articled(tb testing.TB, b *built) (*appsv1.Deployment, corev1.Container) {
	tb.Helper()
	d := b.deployments[0]
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == "articled" {
			return d, c
		}
	}
	tb.Fatal("no articled container")
	return nil, corev1.Container{}
}

// checkSecured: TLS and the token file are on, their variables pointing
// into the mounted Secrets.
func checkSecured(t *testing.T, c corev1.Container) {
	t.Helper()
	for variable, volume := range map[string]string{
		"ARTICLED_TLS_CERT": "tls", "ARTICLED_TLS_KEY": "tls", "ARTICLED_TLS_CLIENT_CA": "tls", "ARTICLED_TOKEN_FILE": "tokens",
	} {
		v, ok := env(c, variable)
		dir := mountOf(c, volume)
		if !ok || dir == "" || path.Dir(v) != dir {
			t.Errorf("%s = %q, want a file in the mount of volume %s (%q)", variable, v, volume, dir)
		}
	}
	if v, ok := env(c, "ARTICLED_DATA_DIR"); !ok || v != mountOf(c, "data") {
		t.Errorf("ARTICLED_DATA_DIR = %q, want the data volume's mount %q", v, mountOf(c, "data"))
	}
}

func TestSingleOverlay(t *testing.T) {
	b := build(t, "overlays/single")
	d, c := articled(t, b)
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		t.Errorf("replicas = %v, want 1", d.Spec.Replicas)
	}
	if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType || d.Spec.Strategy.RollingUpdate != nil {
		t.Errorf("strategy = %+v, want Recreate: the log's volume is ReadWriteOnce and locked", d.Spec.Strategy)
	}
	var data *corev1.Volume
	for i, v := range d.Spec.Template.Spec.Volumes {
		if v.Name == "data" {
			data = &d.Spec.Template.Spec.Volumes[i]
		}
	}
	if data == nil || data.PersistentVolumeClaim == nil || data.EmptyDir != nil {
		t.Fatalf("data volume = %+v, want only the PersistentVolumeClaim", data)
	}
	if _, ok := env(c, "ARTICLED_NATS_URL"); ok {
		t.Error("the single overlay embeds its NATS server: no ARTICLED_NATS_URL")
	}
	checkSecured(t, c)
}

func TestScaledOverlay(t *testing.T) {
	b := build(t, "overlays/scaled")
	d, c := articled(t, b)
	if d.Spec.Replicas != nil {
		t.Errorf("replicas = %d, want none: the HPA owns the count", *d.Spec.Replicas)
	}
	if len(b.hpas) != 1 || len(b.pdbs) != 2 {
		t.Errorf("%d HPAs and %d PodDisruptionBudgets, want 1 and 2 (articled, nats)", len(b.hpas), len(b.pdbs))
	}
	var headless bool
	for _, s := range b.services {
		if s.Spec.ClusterIP == corev1.ClusterIPNone && s.Spec.Selector["app.kubernetes.io/name"] == "articleservice" {
			headless = true
		}
	}
	if !headless {
		t.Error("no headless Service for client-side round-robin over articled")
	}
	if len(b.statefulSets) != 1 {
		t.Fatalf("%d StatefulSets, want the NATS one", len(b.statefulSets))
	}
	nats := b.statefulSets[0]
	replicas := int(*nats.Spec.Replicas)
	if replicas != 3 {
		t.Errorf("NATS replicas = %d, want 3", replicas)
	}
	var svc *corev1.Service
	for _, s := range b.services {
		if s.Name == nats.Spec.ServiceName {
			svc = s
		}
	}
	if svc == nil || svc.Spec.ClusterIP != corev1.ClusterIPNone || !svc.Spec.PublishNotReadyAddresses {
		t.Fatalf("NATS service %q: %+v, want headless, publishing not-ready addresses", nats.Spec.ServiceName, svc)
	}
	url, _ := env(c, "ARTICLED_NATS_URL")
	hosts := strings.Split(url, ",")
	if len(hosts) != replicas {
		t.Errorf("ARTICLED_NATS_URL %q names %d servers, want %d", url, len(hosts), replicas)
	}
	for i, h := range hosts {
		if want := fmt.Sprintf("nats://%s-%d.%s:4222", nats.Name, i, svc.Name); h != want {
			t.Errorf("ARTICLED_NATS_URL server %d = %q, want %q", i, h, want)
		}
	}
	if r, _ := env(c, "ARTICLED_NATS_REPLICAS"); r != strconv.Itoa(replicas) {
		t.Errorf("ARTICLED_NATS_REPLICAS = %q, want %d", r, replicas)
	}
	var conf string
	for _, cm := range b.configMaps {
		if strings.HasPrefix(cm.Name, "nats-config") {
			conf = cm.Data["nats.conf"]
		}
	}
	for i := range replicas {
		if route := fmt.Sprintf("nats://%s-%d.%s:6222", nats.Name, i, svc.Name); !strings.Contains(conf, route) {
			t.Errorf("nats.conf lacks the route %s", route)
		}
	}
	if !strings.Contains(conf, "jetstream") {
		t.Error("nats.conf does not enable JetStream")
	}
	if len(b.claims) != 0 {
		t.Errorf("%d PersistentVolumeClaims, want none: the log is in the NATS cluster", len(b.claims))
	}
	checkSecured(t, c)
	checkNATSCredentials(t, d, c, nats, conf)
	checkNATSNetworkPolicy(t, b, nats)
}

// checkOneLog: a Deployment whose articled embeds its article log runs one
// pod, replaced (not rolled) and keeping the log on a claim; only a
// Deployment on an external NATS cluster may run several. Otherwise
// Ingest, Subscribe and GetArticle through one Service reach different
// logs.
func checkOneLog(t *testing.T, b *built) {
	t.Helper()
	for _, d := range b.deployments {
		for _, c := range d.Spec.Template.Spec.Containers {
			if c.Name != "articled" {
				continue
			}
			if url, _ := env(c, "ARTICLED_NATS_URL"); url != "" {
				continue
			}
			if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
				t.Errorf("Deployment %s embeds its article log with replicas %s: want exactly 1", d.Name, replicasOf(d))
			}
			for _, h := range b.hpas {
				if h.Spec.ScaleTargetRef.Name == d.Name {
					t.Errorf("HPA %s scales Deployment %s, whose pods each embed a private log", h.Name, d.Name)
				}
			}
			if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
				t.Errorf("Deployment %s embeds its log with strategy %q: a rollout would run two logs (want Recreate)", d.Name, d.Spec.Strategy.Type)
			}
			dir, _ := env(c, "ARTICLED_DATA_DIR")
			var onClaim bool
			for _, v := range d.Spec.Template.Spec.Volumes {
				if v.PersistentVolumeClaim != nil && mountOf(c, v.Name) == dir && dir != "" {
					onClaim = true
				}
			}
			if !onClaim {
				t.Errorf("Deployment %s: ARTICLED_DATA_DIR %q is not on a PersistentVolumeClaim: the log would be lost with the pod", d.Name, dir)
			}
		}
	}
}

func replicasOf(d *appsv1.Deployment) string {
	if d.Spec.Replicas == nil {
		return "unset"
	}
	return strconv.Itoa(int(*d.Spec.Replicas))
}

func TestDefaultIsOneReplicaWithItsClaim(t *testing.T) {
	b := build(t, ".")
	d, c := articled(t, b)
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		t.Errorf("replicas = %s, want 1", replicasOf(d))
	}
	if _, ok := env(c, "ARTICLED_NATS_URL"); ok {
		t.Error("the default deployment embeds its log: no ARTICLED_NATS_URL")
	}
	if len(b.claims) != 1 || len(b.hpas) != 0 {
		t.Errorf("%d claims and %d HPAs, want the log's claim and no autoscaler", len(b.claims), len(b.hpas))
	}
	checkOneLog(t, b)
}
