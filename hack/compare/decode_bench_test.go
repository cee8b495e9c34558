package compare

import (
	"context"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	restclient "k8s.io/client-go/rest"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	"github.com/clientgen/clientgen/runtime/rest"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/scheme"
	typedexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/clientset/typed/example/v1"
)

// decodeObjects is how many Widgets the recorded List holds and how many
// events the recorded watch stream carries.
const decodeObjects = 5000

var (
	replayOnce sync.Once
	replay     *Replay
)

// recorded returns the shared recorded responses, built once per test binary.
func recorded() *Replay {
	replayOnce.Do(func() {
		replay = &Replay{List: WidgetListJSON(0, decodeObjects, ""), Watch: WidgetWatchJSON(decodeObjects)}
	})
	return replay
}

// widgetClient is what the decode benchmark needs from either clientset.
type widgetClient struct {
	list  func(ctx context.Context) (*examplev1.WidgetList, error)
	watch func(ctx context.Context) (watch.Interface, error)
}

func clientgenWidgets(tb testing.TB, rt http.RoundTripper) widgetClient {
	tb.Helper()
	cs, err := clientset.NewForConfigAndClient(&rest.Config{Host: ReplayHost, QPS: -1}, &http.Client{Transport: rt})
	if err != nil {
		tb.Fatalf("building the clientgen clientset on the replay transport: %v", err)
	}
	w := cs.ExampleV1().Widgets(BenchNamespace)
	return widgetClient{
		list:  func(ctx context.Context) (*examplev1.WidgetList, error) { return w.List(ctx, metav1.ListOptions{}) },
		watch: func(ctx context.Context) (watch.Interface, error) { return w.Watch(ctx, metav1.ListOptions{}) },
	}
}

// clientgenApimachineryWidgets is the generated typed client without the
// runtime/codec line of the generated NewForConfigAndClient: it decodes with
// apimachinery's serializer, as client-go does. It is the reference that
// shows what runtime/codec is worth.
func clientgenApimachineryWidgets(tb testing.TB, rt http.RoundTripper) widgetClient {
	tb.Helper()
	config := rest.ForGroupVersion(&rest.Config{Host: ReplayHost, QPS: -1}, examplev1.SchemeGroupVersion, scheme.Codecs)
	rc, err := rest.RESTClientForConfigAndClient(config, &http.Client{Transport: rt})
	if err != nil {
		tb.Fatalf("building the clientgen REST client with apimachinery's decoder on the replay transport: %v", err)
	}
	w := typedexamplev1.New(rc).Widgets(BenchNamespace)
	return widgetClient{
		list:  func(ctx context.Context) (*examplev1.WidgetList, error) { return w.List(ctx, metav1.ListOptions{}) },
		watch: func(ctx context.Context) (watch.Interface, error) { return w.Watch(ctx, metav1.ListOptions{}) },
	}
}

func clientgoWidgets(tb testing.TB, rt http.RoundTripper) widgetClient {
	tb.Helper()
	cs, err := versioned.NewForConfigAndClient(&restclient.Config{Host: ReplayHost, QPS: -1}, &http.Client{Transport: rt})
	if err != nil {
		tb.Fatalf("building the client-go clientset on the replay transport: %v", err)
	}
	w := cs.ExampleV1().Widgets(BenchNamespace)
	return widgetClient{
		list:  func(ctx context.Context) (*examplev1.WidgetList, error) { return w.List(ctx, metav1.ListOptions{}) },
		watch: func(ctx context.Context) (watch.Interface, error) { return w.Watch(ctx, metav1.ListOptions{}) },
	}
}

// decodeClients are the clients under comparison, in report order.
var decodeClients = []struct {
	name string
	make func(testing.TB, http.RoundTripper) widgetClient
}{
	{"clientgen", clientgenWidgets},
	{"clientgen-apimachinery", clientgenApimachineryWidgets},
	{"client-go", clientgoWidgets},
}

// drain reads a watch to its end and returns the number of events.
func drain(tb testing.TB, w watch.Interface) int {
	tb.Helper()
	n := 0
	for ev := range w.ResultChan() {
		if ev.Type == watch.Error {
			tb.Fatalf("watch event %d is an error: %v", n, ev.Object)
		}
		n++
	}
	return n
}

// decodeRounds is how many times BenchmarkDecode runs every client's
// sub-benchmarks, the clients interleaved, so that drift in a shared
// machine's load spreads over all of them ($BENCH_ROUNDS, default 1).
func decodeRounds() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 1
}

// BenchmarkDecode replays the recorded List of 5,000 Widgets and the watch
// stream of 5,000 events through each clientset and reports the cost per
// object: ns/object, B/object and allocs/object.
func BenchmarkDecode(b *testing.B) {
	rt := recorded()
	ctx := context.Background()
	clients := make([]widgetClient, len(decodeClients))
	for i, c := range decodeClients {
		clients[i] = c.make(b, rt)
	}
	for round := range decodeRounds() {
		for j := range decodeClients {
			i := (j + round) % len(decodeClients)
			name, client := decodeClients[i].name, clients[i]
			b.Run("list/client="+name, func(b *testing.B) {
				b.SetBytes(int64(len(rt.List)))
				perObject(b, func() {
					l, err := client.list(ctx)
					if err != nil || len(l.Items) != decodeObjects {
						b.Fatalf("List: %v, error %v; want %d items", l, err, decodeObjects)
					}
				})
			})
			b.Run("watch/client="+name, func(b *testing.B) {
				b.SetBytes(int64(len(rt.Watch)))
				perObject(b, func() {
					w, err := client.watch(ctx)
					if err != nil {
						b.Fatalf("Watch: %v", err)
					}
					if n := drain(b, w); n != decodeObjects {
						b.Fatalf("watch delivered %d events, want %d", n, decodeObjects)
					}
				})
			})
		}
		benchmarkDecodeFormats(b, round) // the protobuf and CBOR rows: decode_formats_bench_test.go
	}
}

// perObject runs op b.N times and reports its cost per decoded object.
func perObject(b *testing.B, op func()) {
	b.Helper()
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		op()
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	objects := float64(b.N) * decodeObjects
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/objects, "ns/object")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/objects, "B/object")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/objects, "allocs/object")
}
