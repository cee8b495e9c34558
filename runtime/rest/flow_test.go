package rest_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

// logBuffer is a concurrency-safe slog destination.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func logTo(b *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// recordedWarnings is a WarningHandler that keeps what it is given.
type recordedWarnings struct {
	mu  sync.Mutex
	got []string
}

func (r *recordedWarnings) HandleWarningHeader(code int, agent, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, strings.Join([]string{string(rune('0' + code/100)), agent, text}, "|"))
}

func warningServer(tb testing.TB) string {
	tb.Helper()
	srv := newServer(tb, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Warning", `299 - "widgets/v1 is deprecated"`)
		if r.URL.Query().Get("extra") != "" {
			w.Header().Add("Warning", `299 - "field spec.size is unknown"`)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, widgetJSON)
	}))
	return srv.URL
}

func TestWarningsReachTheConfiguredHandlerAndTheResult(t *testing.T) {
	handler := &recordedWarnings{}
	c := newTestClient(t, warningServer(t), widgetGV, func(c *rest.Config) { c.WarningHandler = handler })
	res := c.Get().Resource("widgets").Param("extra", "1").Do(t.Context())
	if err := res.Error(); err != nil {
		t.Fatal(err)
	}
	want := []string{"2|-|widgets/v1 is deprecated", "2|-|field spec.size is unknown"}
	if strings.Join(handler.got, ";") != strings.Join(want, ";") {
		t.Errorf("handler got %q, want %q", handler.got, want)
	}
	if got := res.Warnings(); strings.Join(got, ";") != "widgets/v1 is deprecated;field spec.size is unknown" {
		t.Errorf("Result.Warnings() = %q", got)
	}
}

func TestDefaultWarningHandlerLogsEachDistinctWarningOncePerClientset(t *testing.T) {
	var logs logBuffer
	host := warningServer(t)
	// What a generated clientset does: share once, then one client per group.
	shared := mustShare(t, &rest.Config{Host: host, QPS: -1, Logger: logTo(&logs)})
	for _, gv := range []schema.GroupVersion{widgetGV, coreV1} {
		c, err := rest.RESTClientFor(rest.ForGroupVersion(shared, gv, testCodecs(t)))
		if err != nil {
			t.Fatal(err)
		}
		for _, extra := range []string{"", "1", "1"} {
			if err := c.Get().AbsPath("/").Param("extra", extra).Do(t.Context()).Error(); err != nil {
				t.Fatal(err)
			}
		}
	}
	out := logs.String()
	for _, text := range []string{"widgets/v1 is deprecated", "field spec.size is unknown"} {
		if n := strings.Count(out, text); n != 1 {
			t.Errorf("warning %q logged %d times, want once:\n%s", text, n, out)
		}
	}
	if !strings.Contains(out, "level=WARN") {
		t.Errorf("warnings are not logged at warn level:\n%s", out)
	}
}

func TestAThrottlingWaitOverOneSecondIsLoggedWithTheRequest(t *testing.T) {
	var logs logBuffer
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	// One token, refilled after ~1.1s: the second request waits that long.
	c := newTestClient(t, srv.URL, coreV1, func(c *rest.Config) {
		c.QPS, c.Burst, c.Logger = 0.9, 1, logTo(&logs)
	})
	for _, name := range []string{"first", "second"} {
		if err := c.Get().Resource("pods").Name(name).Do(t.Context()).Error(); err != nil {
			t.Fatal(err)
		}
	}
	out := logs.String()
	if !strings.Contains(out, "client-side throttling") || !strings.Contains(out, "url="+srv.URL+"/api/v1/pods/second") || !strings.Contains(out, "verb=GET") {
		t.Errorf("log does not report the delayed request:\n%s", out)
	}
	if strings.Contains(out, "/pods/first") {
		t.Errorf("the undelayed request was reported:\n%s", out)
	}
}

// protobufScheme has only apimachinery's meta.k8s.io/v1 types, which (like
// every built-in k8s.io/api type) implement protobuf marshalling.
func protobufCodecs(tb testing.TB) serializer.CodecFactory {
	tb.Helper()
	scheme := runtime.NewScheme()
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	metav1.AddMetaToScheme(scheme)
	scheme.AddKnownTypes(widgetGV, &Widget{}, &WidgetList{})
	return serializer.NewCodecFactory(scheme)
}

func protobufEncoder(tb testing.TB, codecs serializer.CodecFactory) (runtime.Encoder, runtime.SerializerInfo) {
	tb.Helper()
	info, ok := runtime.SerializerInfoForMediaType(codecs.SupportedMediaTypes(), rest.ContentTypeProtobuf)
	if !ok {
		tb.Fatal("the codec factory has no protobuf serializer")
	}
	return codecs.WithoutConversion().EncoderForVersion(info.Serializer, nil), info
}

func TestProtobufIsNegotiatedForTypesThatSupportIt(t *testing.T) {
	codecs := protobufCodecs(t)
	enc, info := protobufEncoder(t, codecs)
	type seen struct{ accept, contentType string }
	requests := make(chan seen, 10)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests <- seen{r.Header.Get("Accept"), r.Header.Get("Content-Type")}
		w.Header().Set("Content-Type", rest.ContentTypeProtobuf)
		switch r.URL.Path {
		case "/api/v1/namespaces/missing":
			w.WriteHeader(http.StatusNotFound)
			st := &metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: 404, Message: `namespaces "missing" not found`}
			_ = enc.Encode(st, w)
		case "/api/v1/namespaces":
			if r.URL.Query().Get("watch") == "true" {
				frames := info.StreamSerializer.Framer.NewFrameWriter(w)
				obj, _ := runtime.Encode(enc, &metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{Kind: "PartialObjectMetadata", APIVersion: "meta.k8s.io/v1"}, ObjectMeta: metav1.ObjectMeta{Name: "watched"}})
				ev, _ := runtime.Encode(info.StreamSerializer.Serializer, &metav1.WatchEvent{Type: string(watch.Added), Object: runtime.RawExtension{Raw: obj}})
				_, _ = frames.Write(ev)
				return
			}
			list := &metav1.PartialObjectMetadataList{TypeMeta: metav1.TypeMeta{Kind: "PartialObjectMetadataList", APIVersion: "meta.k8s.io/v1"},
				Items: []metav1.PartialObjectMetadata{{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, {ObjectMeta: metav1.ObjectMeta{Name: "kube-system"}}}}
			_ = enc.Encode(list, w)
		default:
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, widgetJSON)
		}
	}))
	cfg := &rest.Config{Host: srv.URL, QPS: -1, Logger: quietLogger, ContentConfig: rest.ContentConfig{
		ContentType: rest.ContentTypeProtobuf, NegotiatedSerializer: codecs.WithoutConversion(),
	}}
	c, err := rest.UnversionedRESTClientForConfigAndClient(cfg, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("a protobuf list is decoded", func(t *testing.T) {
		list := &metav1.PartialObjectMetadataList{}
		if err := c.Get().AbsPath("/api/v1/namespaces").Do(t.Context()).Into(list); err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != 2 || list.Items[1].Name != "kube-system" {
			t.Errorf("decoded %+v", list)
		}
		if got := <-requests; got.accept != "application/vnd.kubernetes.protobuf, application/json" {
			t.Errorf("Accept = %q, want protobuf with a JSON fallback for custom resources", got.accept)
		}
	})
	t.Run("a protobuf Status is a typed error", func(t *testing.T) {
		err := c.Get().AbsPath("/api/v1/namespaces/missing").Do(t.Context()).Into(&metav1.PartialObjectMetadata{})
		if !apierrors.IsNotFound(err) || !strings.Contains(err.Error(), `namespaces "missing" not found`) {
			t.Errorf("error = %v, want the server's NotFound", err)
		}
		<-requests
	})
	t.Run("a protobuf watch stream is decoded", func(t *testing.T) {
		w, err := c.Get().AbsPath("/api/v1/namespaces").Param("watch", "true").Watch(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer w.Stop()
		ev, ok := nextEvent(t, w)
		if obj, isMeta := ev.Object.(*metav1.PartialObjectMetadata); !ok || ev.Type != watch.Added || !isMeta || obj.Name != "watched" {
			t.Errorf("event = %v %#v", ev.Type, ev.Object)
		}
		<-requests
	})
	t.Run("a body with a protobuf form is sent as protobuf", func(t *testing.T) {
		body := &metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusSuccess}
		_ = c.Post().AbsPath("/apis/example.com/v1/widgets").Body(body).Do(t.Context())
		if got := <-requests; got.contentType != rest.ContentTypeProtobuf {
			t.Errorf("Content-Type = %q, want protobuf", got.contentType)
		}
	})
	t.Run("a custom resource without a protobuf form falls back to JSON", func(t *testing.T) {
		body := &Widget{TypeMeta: metav1.TypeMeta{Kind: "Widget", APIVersion: "example.com/v1"}, Spec: "x"}
		if err := c.Post().AbsPath("/apis/example.com/v1/widgets").Body(body).Do(t.Context()).Into(&Widget{}); err != nil {
			t.Fatal(err)
		}
		if got := <-requests; got.contentType != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", got.contentType)
		}
	})
}
