package compare

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/client-go/dynamic"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/yaml"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	"github.com/clientgen/clientgen/runtime/codec"
	"github.com/clientgen/clientgen/runtime/rest"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/scheme"
	typedexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/clientset/typed/example/v1"
)

// The throughput benchmark drives the real kube-apiserver (the test binary
// of hack/build-apiserver.sh, started by startAPIServer) with each client at
// the same settings: the admin client-certificate context, no client-side
// rate limit (QPS < 0 for both), one request at a time. The server does
// almost all the work, so the clients should come out even; a client below
// 0.9 of client-go is a bug.

// throughputRounds is how many times each client's sub-benchmarks run,
// interleaved with the other clients', so that drift in a shared machine's
// load spreads over all of them. $BENCH_ROUNDS overrides it.
func throughputRounds() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 3
}

// widgetVerbs is what the throughput benchmark calls on either clientset.
type widgetVerbs struct {
	create func(ctx context.Context, w *examplev1.Widget) error
	get    func(ctx context.Context, name string) error
	list   func(ctx context.Context) (int, error)
}

type throughputClient struct {
	name string
	make func(tb testing.TB, kubeconfig, namespace string) widgetVerbs
}

var throughputClients = []throughputClient{
	{"clientgen", func(tb testing.TB, kubeconfig, ns string) widgetVerbs {
		cfg := clientgenConfig(tb, kubeconfig)
		cs, err := clientset.NewForConfig(cfg)
		if err != nil {
			tb.Fatalf("clientgen clientset: %v", err)
		}
		return clientgenVerbs(cs.ExampleV1().Widgets(ns))
	}},
	// The generated typed client without runtime/codec (apimachinery's decoder), for reference.
	{"clientgen-apimachinery", func(tb testing.TB, kubeconfig, ns string) widgetVerbs {
		config := rest.ForGroupVersion(clientgenConfig(tb, kubeconfig), examplev1.SchemeGroupVersion, scheme.Codecs)
		rc, err := rest.RESTClientFor(config)
		if err != nil {
			tb.Fatalf("clientgen REST client with apimachinery's decoder: %v", err)
		}
		return clientgenVerbs(typedexamplev1.New(rc).Widgets(ns))
	}},
	{"client-go", func(tb testing.TB, kubeconfig, ns string) widgetVerbs {
		cs, err := versioned.NewForConfig(clientgoConfig(tb, kubeconfig))
		if err != nil {
			tb.Fatalf("client-go clientset: %v", err)
		}
		w := cs.ExampleV1().Widgets(ns)
		return widgetVerbs{
			create: func(ctx context.Context, obj *examplev1.Widget) error {
				_, err := w.Create(ctx, obj, metav1.CreateOptions{})
				return err
			},
			get: func(ctx context.Context, name string) error {
				_, err := w.Get(ctx, name, metav1.GetOptions{})
				return err
			},
			list: func(ctx context.Context) (int, error) {
				l, err := w.List(ctx, metav1.ListOptions{})
				if err != nil {
					return 0, err
				}
				return len(l.Items), nil
			},
		}
	}},
}

func clientgenVerbs(w typedexamplev1.WidgetInterface) widgetVerbs {
	return widgetVerbs{
		create: func(ctx context.Context, obj *examplev1.Widget) error {
			_, err := w.Create(ctx, obj, metav1.CreateOptions{})
			return err
		},
		get: func(ctx context.Context, name string) error {
			_, err := w.Get(ctx, name, metav1.GetOptions{})
			return err
		},
		list: func(ctx context.Context) (int, error) {
			l, err := w.List(ctx, metav1.ListOptions{})
			if err != nil {
				return 0, err
			}
			return len(l.Items), nil
		},
	}
}

func clientgenConfig(tb testing.TB, kubeconfig string) *rest.Config {
	tb.Helper()
	cfg, err := rest.ConfigFromKubeconfig(kubeconfig, certContext)
	if err != nil {
		tb.Fatalf("loading %s with clientgen's runtime/rest: %v", kubeconfig, err)
	}
	cfg.QPS = -1
	return cfg
}

func clientgoConfig(tb testing.TB, kubeconfig string) *restclient.Config {
	tb.Helper()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig},
		&clientcmd.ConfigOverrides{CurrentContext: certContext}).ClientConfig()
	if err != nil {
		tb.Fatalf("loading %s with client-go's clientcmd: %v", kubeconfig, err)
	}
	cfg.QPS = -1
	return cfg
}

// throughputWidget is a Widget of realistic size for Create.
func throughputWidget(name string, i int) *examplev1.Widget {
	return &examplev1.Widget{
		ObjectMeta: metav1.ObjectMeta{
			Name: name,
			Labels: map[string]string{
				"app.kubernetes.io/name": "widget", "app.kubernetes.io/instance": name, "app.kubernetes.io/part-of": "shop",
				"app.kubernetes.io/managed-by": "bench", "example.com/team": "team-" + strconv.Itoa(i%12), "example.com/shard": strconv.Itoa(i % 16),
			},
			Annotations: map[string]string{"example.com/owner": "team-" + strconv.Itoa(i%12), "example.com/revision": strconv.Itoa(i)},
			Finalizers:  []string{"example.com/cleanup"},
		},
		Spec: examplev1.WidgetSpec{Size: int32(1 + i%9), Color: "blue", Tags: []string{"shop", "tier-1", "zone-a"}},
	}
}

// serverFixture is the apiserver the benchmark and the decode test share.
type serverFixture struct {
	kubeconfig string
	pid        int
}

// startWidgetServer starts the apiserver, installs the Widget CRD and waits
// until Widgets can be created.
func startWidgetServer(tb testing.TB) serverFixture {
	tb.Helper()
	kubeconfig, pid := startAPIServer(tb)
	cfg := clientgoConfig(tb, kubeconfig)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile("../../testdata/crds/manifests/example.com_widgets.yaml")
	if err != nil {
		tb.Fatalf("reading the Widget CRD manifest: %v", err)
	}
	crd := &unstructured.Unstructured{}
	if err := yaml.Unmarshal(data, &crd.Object); err != nil {
		tb.Fatalf("parsing the Widget CRD manifest: %v", err)
	}
	ctx := context.Background()
	if _, err := dyn.Resource(crdGVR).Create(ctx, crd, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		tb.Fatalf("installing the Widget CRD: %v", err)
	}
	// A custom resource can 404 for a moment after its CRD is Established:
	// wait until a Widget can actually be created.
	cs, err := versioned.NewForConfig(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	createNamespace(tb, cfg, "probe")
	deadline := time.Now().Add(time.Minute)
	for {
		_, err := cs.ExampleV1().Widgets("probe").Create(ctx, throughputWidget("probe", 0), metav1.CreateOptions{})
		if err == nil || apierrors.IsAlreadyExists(err) {
			break
		}
		if time.Now().After(deadline) {
			tb.Fatalf("Widgets still cannot be created a minute after installing the CRD: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return serverFixture{kubeconfig: kubeconfig, pid: pid}
}

func createNamespace(tb testing.TB, cfg *restclient.Config, name string) {
	tb.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ns := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": name}}}
	nsGVR := crdGVR.GroupResource().WithVersion("v1")
	nsGVR.Group, nsGVR.Resource = "", "namespaces"
	if _, err := dyn.Resource(nsGVR).Create(context.Background(), ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		tb.Fatalf("creating namespace %s: %v", name, err)
	}
}

// listSize is how many Widgets the List sub-benchmark gets per call.
const listSize = 100

// BenchmarkThroughput measures create, get and list of Widgets against the
// real kube-apiserver for every client, interleaved over several rounds.
// Besides ns/op it reports ops/s, the client process's CPU per operation
// (client-cpu-ns/op) and the apiserver's (server-cpu-ns/op).
func BenchmarkThroughput(b *testing.B) {
	srv := startWidgetServer(b)
	cfg := clientgoConfig(b, srv.kubeconfig)
	ctx := context.Background()

	// One namespace per client for creates and gets, one shared list of
	// listSize Widgets.
	seed, err := versioned.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	createNamespace(b, cfg, "throughput-list")
	for i := range listSize {
		if _, err := seed.ExampleV1().Widgets("throughput-list").Create(ctx, throughputWidget(fmt.Sprintf("w-%03d", i), i), metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			b.Fatalf("seeding the list namespace: %v", err)
		}
	}
	verbs := map[string]widgetVerbs{}
	lists := map[string]widgetVerbs{}
	for _, c := range throughputClients {
		ns := "throughput-" + c.name
		if c.name == "clientgen-apimachinery" {
			ns = "throughput-clientgen-apimachinery"
		}
		createNamespace(b, cfg, ns)
		verbs[c.name] = c.make(b, srv.kubeconfig, ns)
		lists[c.name] = c.make(b, srv.kubeconfig, "throughput-list")
		if err := verbs[c.name].create(ctx, throughputWidget("target", 0)); err != nil && !apierrors.IsAlreadyExists(err) {
			b.Fatalf("%s: creating the Get target: %v", c.name, err)
		}
	}
	created := map[string]int{}
	for round := range throughputRounds() {
		for j := range throughputClients {
			c := throughputClients[(j+round)%len(throughputClients)]
			v, l := verbs[c.name], lists[c.name]
			b.Run("create/client="+c.name, func(b *testing.B) {
				measureOps(b, srv.pid, func() {
					created[c.name]++
					if err := v.create(ctx, throughputWidget(fmt.Sprintf("w-%06d", created[c.name]), created[c.name])); err != nil {
						b.Fatalf("%s: Create: %v", c.name, err)
					}
				})
			})
			b.Run("get/client="+c.name, func(b *testing.B) {
				measureOps(b, srv.pid, func() {
					if err := v.get(ctx, "target"); err != nil {
						b.Fatalf("%s: Get: %v", c.name, err)
					}
				})
			})
			b.Run(fmt.Sprintf("list%d/client=%s", listSize, c.name), func(b *testing.B) {
				measureOps(b, srv.pid, func() {
					if n, err := l.list(ctx); err != nil || n != listSize {
						b.Fatalf("%s: List: %d items, %v; want %d", c.name, n, err, listSize)
					}
				})
			})
		}
	}
}

// measureOps runs op b.N times and reports throughput and CPU per op of
// this process and of the apiserver.
func measureOps(b *testing.B, serverPID int, op func()) {
	b.Helper()
	serverBefore, err := processCPU(serverPID)
	if err != nil {
		b.Fatal(err)
	}
	clientBefore := selfCPU()
	b.ResetTimer()
	for b.Loop() {
		op()
	}
	b.StopTimer()
	serverAfter, err := processCPU(serverPID)
	if err != nil {
		b.Fatal(err)
	}
	n := float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(float64((selfCPU()-clientBefore).Nanoseconds())/n, "client-cpu-ns/op")
	b.ReportMetric(float64((serverAfter-serverBefore).Nanoseconds())/n, "server-cpu-ns/op")
}

// TestCodecDecodesRealServerResponsesAsApimachinery fetches a List and a
// watch stream of Widgets from the real kube-apiserver (objects it stored,
// with the managedFields and timestamps it wrote) and requires runtime/codec
// to decode the exact bytes into what apimachinery's codecs produce.
func TestCodecDecodesRealServerResponsesAsApimachinery(t *testing.T) {
	srv := startWidgetServer(t)
	cfg := clientgoConfig(t, srv.kubeconfig)
	ctx := context.Background()
	createNamespace(t, cfg, "decode")
	cs, err := versioned.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		w := throughputWidget(fmt.Sprintf("w-%02d", i), i)
		created, err := cs.ExampleV1().Widgets("decode").Create(ctx, w, metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		created.Status = examplev1.WidgetStatus{Phase: "Ready", ObservedSize: created.Spec.Size}
		if _, err := cs.ExampleV1().Widgets("decode").UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
			t.Fatalf("UpdateStatus: %v", err)
		}
	}
	httpClient, err := restclient.HTTPClientFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fetch := func(query string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Host+"/apis/example.com/v1/namespaces/decode/widgets"+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept", "application/json")
		resp, err := httpClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s: %s", query, resp.Status, body)
		}
		return body
	}
	list := fetch("")
	// A watch from resourceVersion 0 replays every object as ADDED; the
	// server ends it after timeoutSeconds.
	events := fetch("?watch=true&resourceVersion=0&timeoutSeconds=1")

	// The generated clientset's scheme and codecs, as typed clients use them.
	reference := scheme.Codecs.WithoutConversion()
	fast := codec.NegotiatedSerializer(scheme.Scheme, reference)
	decodeAll := func(ns runtime.NegotiatedSerializer) []any {
		info, _ := runtime.SerializerInfoForMediaType(ns.SupportedMediaTypes(), runtime.ContentTypeJSON)
		dec := ns.DecoderToVersion(info.Serializer, examplev1.SchemeGroupVersion)
		var out []any
		into := &examplev1.WidgetList{}
		obj, _, err := dec.Decode(list, nil, into)
		out = append(out, obj, errText(err))
		frames := streaming.NewDecoder(info.StreamSerializer.Framer.NewFrameReader(io.NopCloser(bytes.NewReader(events))), info.StreamSerializer.Serializer)
		for {
			var ev metav1.WatchEvent
			if _, _, err := frames.Decode(nil, &ev); err != nil {
				out = append(out, errText(err))
				break
			}
			obj, _, err := dec.Decode(ev.Object.Raw, nil, nil)
			out = append(out, ev.Type, obj, errText(err))
		}
		return out
	}
	want, got := decodeAll(reference), decodeAll(fast)
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("runtime/codec decoded the apiserver's responses differently (-apimachinery +codec):\n%s", cmp.Diff(want, got))
	}
	if n := len(want); n < 2+3*20 {
		t.Fatalf("decoded %d values from the list and the watch; want the list and 20 ADDED events", n)
	}
	if l := want[0].(*examplev1.WidgetList); len(l.Items) != 20 || len(l.Items[0].ManagedFields) == 0 {
		t.Fatalf("the list has %d Widgets (managedFields of the first: %d); want 20 with the server's managedFields", len(l.Items), len(l.Items[0].ManagedFields))
	}
}
