package compare

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/cbor"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/watch"
	clientfeatures "k8s.io/client-go/features"
	"k8s.io/client-go/kubernetes"
	kscheme "k8s.io/client-go/kubernetes/scheme"
	restclient "k8s.io/client-go/rest"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	"github.com/clientgen/clientgen/runtime/codec"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/runtime/typed"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/scheme"
)

// The decode benchmark's rows in the other wire formats, where both
// clients can speak them:
//
//   - protobuf: Pods (k8s.io/api), which clientgen's typed clients and
//     client-go's both request in protobuf by default. clientgen's Pod
//     client is built the way generated code builds it (ForGroupVersion,
//     runtime/codec's NegotiatedSerializer, typed.NewClientWithList) over
//     client-go's scheme of k8s.io/api, since this module has no generated
//     k8s.io/api clientset. The same Pods in JSON are rows too, for scale.
//   - CBOR: the Widgets of the JSON rows, from clientgen with
//     rest.Config.PreferCBOR and from client-go with ContentType
//     application/cbor and its ClientsAllowCBOR feature gate.
//
// The Pods carry the fixture Widgets' metadata (labels, annotations with
// kubectl's last-applied-configuration, finalizer, managedFields) with a
// one-container spec and a status; responses are encoded as kube-apiserver
// encodes them (protobuf lists and length-delimited watch events, CBOR
// objects and CBOR-sequence watch streams).

// formatReplay is Replay with the content types of another format.
type formatReplay struct {
	list, watch         []byte
	listType, watchType string
}

func (r *formatReplay) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	body, contentType := r.list, r.listType
	if req.URL.Query().Get("watch") == "true" {
		body, contentType = r.watch, r.watchType
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {contentType}, "Content-Length": {strconv.Itoa(len(body))}},
		ContentLength: int64(len(body)),
		Body:          io.NopCloser(bytes.NewReader(body)),
		Request:       req,
	}, nil
}

// benchPod returns the i-th fixture Pod, without apiVersion and kind as
// items of a built-in List come from kube-apiserver.
func benchPod(i int) *corev1.Pod {
	var meta metav1.ObjectMeta
	raw, err := json.Marshal(WidgetObject(i)["metadata"])
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		panic(err)
	}
	name := meta.Name
	return &corev1.Pod{
		ObjectMeta: meta,
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name: "app", Image: "registry.example.com/shop/widget:v1." + strconv.Itoa(i%7),
				Args:  []string{"--listen=:8080", "--instance=" + name},
				Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}},
				Env:   []corev1.EnvVar{{Name: "WIDGET", Value: name}, {Name: "SHARD", Value: strconv.Itoa(i % 16)}},
				Resources: corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")},
					Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
				},
				TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: corev1.TerminationMessageReadFile,
				ImagePullPolicy: corev1.PullIfNotPresent,
			}},
			RestartPolicy: corev1.RestartPolicyAlways, DNSPolicy: corev1.DNSClusterFirst,
			ServiceAccountName: "default", NodeName: "node-" + strconv.Itoa(i%20), SchedulerName: "default-scheduler",
		},
		Status: corev1.PodStatus{
			Phase:      corev1.PodRunning,
			Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: meta.CreationTimestamp}},
			HostIP:     "10.0.0." + strconv.Itoa(i%250), PodIP: fmt.Sprintf("10.1.%d.%d", i/250%250, i%250),
			StartTime: &meta.CreationTimestamp, QOSClass: corev1.PodQOSBurstable,
			ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Ready: true, Image: "registry.example.com/shop/widget:v1." + strconv.Itoa(i%7),
				ImageID: "registry.example.com/shop/widget@sha256:" + fmt.Sprintf("%064x", i), ContainerID: "containerd://" + fmt.Sprintf("%064x", i*7919)}},
		},
	}
}

// fixtureWidget returns the i-th fixture Widget as the typed object the
// JSON rows decode it into.
func fixtureWidget(i int) *examplev1.Widget {
	raw, err := json.Marshal(WidgetObject(i))
	if err != nil {
		panic(err)
	}
	w := &examplev1.Widget{}
	if err := json.Unmarshal(raw, w); err != nil {
		panic(err)
	}
	return w
}

// watchEventType is the fixture watch streams' event mix (WidgetWatchJSON's).
func watchEventType(i int) watch.EventType {
	switch i % 10 {
	case 0:
		return watch.Added
	case 9:
		return watch.Deleted
	}
	return watch.Modified
}

// encodeReplay encodes n objects made by object as a list (made by list)
// and a watch stream with objects, events and framer as kube-apiserver
// does, and returns them as a formatReplay.
func encodeReplay(n int, object func(int) runtime.Object, list runtime.Object, objects, events runtime.Encoder, framer runtime.Framer, listType, watchType string) *formatReplay {
	var l bytes.Buffer
	if err := objects.Encode(list, &l); err != nil {
		panic(err)
	}
	var w bytes.Buffer
	frames := framer.NewFrameWriter(&w)
	for i := range n {
		raw, err := runtime.Encode(objects, object(i))
		if err != nil {
			panic(err)
		}
		var ev bytes.Buffer
		if err := events.Encode(&metav1.WatchEvent{Type: string(watchEventType(i)), Object: runtime.RawExtension{Raw: raw}}, &ev); err != nil {
			panic(err)
		}
		if _, err := frames.Write(ev.Bytes()); err != nil {
			panic(err)
		}
	}
	return &formatReplay{list: l.Bytes(), watch: w.Bytes(), listType: listType, watchType: watchType}
}

var (
	formatReplaysOnce sync.Once
	podsProtobuf      *formatReplay
	podsJSON          *formatReplay
	widgetsCBOR       *formatReplay
	// podsFixture and widgetsFixture are what the replays encode.
	podsFixture    *corev1.PodList
	widgetsFixture *examplev1.WidgetList
)

func formatReplays() {
	formatReplaysOnce.Do(func() {
		pods := &corev1.PodList{TypeMeta: metav1.TypeMeta{Kind: "PodList", APIVersion: "v1"}, ListMeta: metav1.ListMeta{ResourceVersion: "100000"}}
		for i := range decodeObjects {
			pods.Items = append(pods.Items, *benchPod(i))
		}
		podsFixture = pods
		pod := func(i int) runtime.Object {
			p := pods.Items[i].DeepCopy()
			p.APIVersion, p.Kind = "v1", "Pod" // a watch event's object has them
			return p
		}
		pb := protobuf.NewSerializer(kscheme.Scheme, kscheme.Scheme)
		podsProtobuf = encodeReplay(decodeObjects, pod, pods, pb, protobuf.NewRawSerializer(kscheme.Scheme, kscheme.Scheme), protobuf.LengthDelimitedFramer,
			rest.ContentTypeProtobuf, rest.ContentTypeProtobuf+";stream=watch")
		podsJSON = &formatReplay{list: mustJSON(pods), listType: "application/json", watchType: "application/json"}
		var w bytes.Buffer
		for i := range decodeObjects {
			w.Write(mustJSON(map[string]any{"type": watchEventType(i), "object": pod(i)}))
			w.WriteByte('\n')
		}
		podsJSON.watch = w.Bytes()

		widgets := &examplev1.WidgetList{TypeMeta: metav1.TypeMeta{Kind: "WidgetList", APIVersion: "example.com/v1"}, ListMeta: metav1.ListMeta{ResourceVersion: "100000"}}
		for i := range decodeObjects {
			widgets.Items = append(widgets.Items, *fixtureWidget(i))
		}
		widgetsFixture = widgets
		widget := func(i int) runtime.Object { return &widgets.Items[i] }
		info := cbor.NewSerializerInfo(scheme.Scheme, scheme.Scheme)
		widgetsCBOR = encodeReplay(decodeObjects, widget, widgets, info.Serializer, info.StreamSerializer.Serializer, info.StreamSerializer.Framer,
			rest.ContentTypeCBOR, "application/cbor-seq")
	})
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

// podClient is what the format rows need from either stack: a List and a
// drained watch, each reporting how many objects it decoded.
type podClient struct {
	list  func(ctx context.Context) (runtime.Object, error)
	watch func(ctx context.Context) (watch.Interface, error)
}

func clientgenPods(tb testing.TB, rt http.RoundTripper, contentType string) podClient {
	tb.Helper()
	config := rest.ForGroupVersion(&rest.Config{Host: ReplayHost, QPS: -1, ContentConfig: rest.ContentConfig{ContentType: contentType}}, corev1.SchemeGroupVersion, kscheme.Codecs)
	config.NegotiatedSerializer = codec.NegotiatedSerializer(kscheme.Scheme, config.NegotiatedSerializer)
	rc, err := rest.RESTClientForConfigAndClient(config, &http.Client{Transport: rt})
	if err != nil {
		tb.Fatalf("building the clientgen Pod client on the replay transport: %v", err)
	}
	pods := typed.NewClientWithList("pods", rest.Interface(rc), kscheme.ParameterCodec, BenchNamespace,
		func() *corev1.Pod { return &corev1.Pod{} }, func() *corev1.PodList { return &corev1.PodList{} })
	return podClient{
		list:  func(ctx context.Context) (runtime.Object, error) { return pods.List(ctx, metav1.ListOptions{}) },
		watch: func(ctx context.Context) (watch.Interface, error) { return pods.Watch(ctx, metav1.ListOptions{}) },
	}
}

func clientgoPods(tb testing.TB, rt http.RoundTripper, contentType string) podClient {
	tb.Helper()
	cfg := &restclient.Config{Host: ReplayHost, QPS: -1}
	cfg.ContentType = contentType
	cs, err := kubernetes.NewForConfigAndClient(cfg, &http.Client{Transport: rt})
	if err != nil {
		tb.Fatalf("building the client-go clientset on the replay transport: %v", err)
	}
	pods := cs.CoreV1().Pods(BenchNamespace)
	return podClient{
		list:  func(ctx context.Context) (runtime.Object, error) { return pods.List(ctx, metav1.ListOptions{}) },
		watch: func(ctx context.Context) (watch.Interface, error) { return pods.Watch(ctx, metav1.ListOptions{}) },
	}
}

func clientgenCBORWidgets(tb testing.TB, rt http.RoundTripper, _ string) podClient {
	tb.Helper()
	cs, err := clientset.NewForConfigAndClient(&rest.Config{Host: ReplayHost, QPS: -1, ContentConfig: rest.ContentConfig{PreferCBOR: true}}, &http.Client{Transport: rt})
	if err != nil {
		tb.Fatalf("building the clientgen clientset on the replay transport: %v", err)
	}
	return widgetCounts(cs.ExampleV1().Widgets(BenchNamespace).List, cs.ExampleV1().Widgets(BenchNamespace).Watch)
}

// allowCBOR turns on client-go's ClientsAllowCBOR feature gate for this
// test binary: without it client-go rewrites a CBOR ContentType to JSON.
// client-go's gates are process-wide; the other rows are unaffected, since
// the gate only allows CBOR (ClientsPreferCBOR, left off, would choose it).
var allowCBOR sync.Once

type cborAllowed struct{ clientfeatures.Gates }

func (g cborAllowed) Enabled(key clientfeatures.Feature) bool {
	return key == clientfeatures.ClientsAllowCBOR || g.Gates.Enabled(key)
}

func clientgoCBORWidgets(tb testing.TB, rt http.RoundTripper, _ string) podClient {
	tb.Helper()
	allowCBOR.Do(func() { clientfeatures.ReplaceFeatureGates(cborAllowed{clientfeatures.FeatureGates()}) })
	cfg := &restclient.Config{Host: ReplayHost, QPS: -1}
	cfg.ContentType = rest.ContentTypeCBOR
	cs, err := versioned.NewForConfigAndClient(cfg, &http.Client{Transport: rt})
	if err != nil {
		tb.Fatalf("building the client-go clientset on the replay transport: %v", err)
	}
	return widgetCounts(cs.ExampleV1().Widgets(BenchNamespace).List, cs.ExampleV1().Widgets(BenchNamespace).Watch)
}

func widgetCounts(list func(context.Context, metav1.ListOptions) (*examplev1.WidgetList, error), w func(context.Context, metav1.ListOptions) (watch.Interface, error)) podClient {
	return podClient{
		list:  func(ctx context.Context) (runtime.Object, error) { return list(ctx, metav1.ListOptions{}) },
		watch: func(ctx context.Context) (watch.Interface, error) { return w(ctx, metav1.ListOptions{}) },
	}
}

// decodeFormats are the format rows: the sub-benchmark prefix, the replay,
// the content type the clients are configured with ("" for their
// default), and the clients.
var decodeFormats = []struct {
	prefix      string
	replay      func() *formatReplay
	contentType string
	clients     []struct {
		name string
		make func(testing.TB, http.RoundTripper, string) podClient
	}
}{
	{"pods-protobuf", func() *formatReplay { return podsProtobuf }, "", []struct {
		name string
		make func(testing.TB, http.RoundTripper, string) podClient
	}{{"clientgen", clientgenPods}, {"client-go", clientgoPods}}},
	{"pods-json", func() *formatReplay { return podsJSON }, "application/json", []struct {
		name string
		make func(testing.TB, http.RoundTripper, string) podClient
	}{{"clientgen", clientgenPods}, {"client-go", clientgoPods}}},
	{"widgets-cbor", func() *formatReplay { return widgetsCBOR }, "", []struct {
		name string
		make func(testing.TB, http.RoundTripper, string) podClient
	}{{"clientgen", clientgenCBORWidgets}, {"client-go", clientgoCBORWidgets}}},
}

// benchmarkDecodeFormats runs one round of the format rows, the clients
// rotated by round as BenchmarkDecode rotates its own.
func benchmarkDecodeFormats(b *testing.B, round int) {
	formatReplays()
	ctx := context.Background()
	for _, f := range decodeFormats {
		rt := f.replay()
		for j := range f.clients {
			c := f.clients[(j+round)%len(f.clients)]
			client := c.make(b, rt, f.contentType)
			b.Run(f.prefix+"-list/client="+c.name, func(b *testing.B) {
				b.SetBytes(int64(len(rt.list)))
				perObject(b, func() {
					l, err := client.list(ctx)
					if n := meta.LenList(l); err != nil || n != decodeObjects {
						b.Fatalf("List: %d items, error %v; want %d items", n, err, decodeObjects)
					}
				})
			})
			b.Run(f.prefix+"-watch/client="+c.name, func(b *testing.B) {
				b.SetBytes(int64(len(rt.watch)))
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
	}
}

// TestDecodeFormatClientsAgree checks that the format rows' clients ask
// for the format under test and decode the List as it was encoded.
func TestDecodeFormatClientsAgree(t *testing.T) {
	formatReplays()
	ctx := context.Background()
	for _, f := range decodeFormats {
		rt := f.replay()
		for _, c := range f.clients {
			t.Run(f.prefix+"/"+c.name, func(t *testing.T) {
				var sent []string
				client := c.make(t, roundTripFunc(func(req *http.Request) (*http.Response, error) {
					sent = append(sent, req.Header.Get("Accept"))
					return rt.RoundTrip(req)
				}), f.contentType)
				l, err := client.list(ctx)
				if err != nil {
					t.Fatalf("List: %v", err)
				}
				var equal bool
				switch l := l.(type) {
				case *corev1.PodList:
					equal = apiequality.Semantic.DeepEqual(l.Items, podsFixture.Items)
				case *examplev1.WidgetList:
					equal = apiequality.Semantic.DeepEqual(l.Items, widgetsFixture.Items)
				}
				if !equal {
					t.Fatalf("List decoded a %T whose items differ from the encoded fixture", l)
				}
				w, err := client.watch(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if n := drain(t, w); n != decodeObjects {
					t.Fatalf("watch delivered %d events, want %d", n, decodeObjects)
				}
				wantAccept := map[string]string{"pods-protobuf": "protobuf", "pods-json": "application/json", "widgets-cbor": "application/cbor"}[f.prefix]
				for _, a := range sent {
					if !bytes.Contains([]byte(a), []byte(wantAccept)) {
						t.Errorf("Accept %q does not ask for %s", a, wantAccept)
					}
				}
			})
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
