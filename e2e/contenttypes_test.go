//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/dynamic"
	"github.com/clientgen/clientgen/runtime/rest"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// exchange is one request and response as the client's transport saw them.
type exchange struct {
	method, path, query string
	contentType, accept string // of the request
	status              int
	responseType        string // media type of the response
}

func (e exchange) String() string {
	return fmt.Sprintf("%s %s?%s [%s] accept %q -> %d %s", e.method, e.path, e.query, e.contentType, e.accept, e.status, e.responseType)
}

// exchanges records every widgets request the clientset sends; it sits
// above the runtime's own transports, so it sees what the client decodes.
type exchanges struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen []exchange
}

func (x *exchanges) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := x.next.RoundTrip(req)
	if err != nil || !strings.Contains(req.URL.Path, "/widgets") {
		return resp, err
	}
	responseType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	x.mu.Lock()
	defer x.mu.Unlock()
	x.seen = append(x.seen, exchange{
		method: req.Method, path: req.URL.Path, query: req.URL.RawQuery,
		contentType: req.Header.Get("Content-Type"), accept: req.Header.Get("Accept"),
		status: resp.StatusCode, responseType: responseType,
	})
	return resp, nil
}

// take returns the exchanges recorded since the last call.
func (x *exchanges) take() []exchange {
	x.mu.Lock()
	defer x.mu.Unlock()
	out := x.seen
	x.seen = nil
	return out
}

// recordedClientset is the generated clientset over cfg with every
// widgets exchange recorded.
func recordedClientset(t testing.TB, cfg *rest.Config) (*clientset.Clientset, *exchanges) {
	t.Helper()
	hc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	x := &exchanges{next: hc.Transport}
	hc.Transport = x
	cs, err := clientset.NewForConfigAndClient(cfg, hc)
	if err != nil {
		t.Fatal(err)
	}
	return cs, x
}

func contentTypesWidget(name string) *examplev1.Widget {
	return &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"format": "any"}},
		Spec: examplev1.WidgetSpec{Size: 7, Color: "teal", Tags: []string{"x", "y"}}}
}

// widgetRoundTrip creates, gets, lists and watches a Widget through w and
// checks what comes back.
func widgetRoundTrip(t *testing.T, ctx context.Context, cs *clientset.Clientset, ns, name string) {
	t.Helper()
	w := cs.ExampleV1().Widgets(ns)
	want := contentTypesWidget(name)
	created, err := w.Create(ctx, want, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if created.UID == "" || !cmp.Equal(created.Spec, want.Spec) {
		t.Fatalf("Create returned %+v", created)
	}
	got, err := w.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.UID != created.UID || !cmp.Equal(got.Spec, want.Spec) || got.Labels["format"] != "any" {
		t.Fatalf("Get returned %+v", got)
	}
	list, err := w.List(ctx, metav1.ListOptions{LabelSelector: "format=any"})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if !slices.ContainsFunc(list.Items, func(o examplev1.Widget) bool { return o.Name == name && cmp.Equal(o.Spec, want.Spec) }) {
		t.Fatalf("List has no %s: %+v", name, list.Items)
	}
	watcher, err := w.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion, FieldSelector: "metadata.name=" + name})
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	defer watcher.Stop()
	got.Spec.Size = 8
	if _, err := w.Update(ctx, got, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	select {
	case ev, ok := <-watcher.ResultChan():
		obj, isWidget := ev.Object.(*examplev1.Widget)
		if !ok || ev.Type != watch.Modified || !isWidget || obj.Spec.Size != 8 || obj.Spec.Color != "teal" {
			t.Fatalf("watch event %v %#v (open %t), want MODIFIED with size 8", ev.Type, ev.Object, ok)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no watch event within 30s of the update")
	}
}

// TestCustomResourcesOverCBOR runs a server of its own with the
// CBORServingAndStorage feature gate (alpha in 1.37, off by default): a
// generated custom resource client with PreferCBOR sends and receives
// CBOR, its watch arrives as a CBOR sequence, and nothing is refused.
func TestCustomResourcesOverCBOR(t *testing.T) {
	// A second server on a machine shared with other work can take longer
	// to come up than testserver's default minute.
	startCtx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cborServer, err := testserver.StartWithOptions(startCtx, testserver.Options{ServerArgs: []string{"--feature-gates=CBORServingAndStorage=true"}})
	if err != nil {
		t.Fatalf("starting a kube-apiserver with CBORServingAndStorage: %v", err)
	}
	t.Cleanup(func() {
		if err := cborServer.Stop(); err != nil {
			t.Errorf("stopping the CBOR kube-apiserver: %v", err)
		}
	})
	cfg, err := rest.ConfigFromKubeconfig(cborServer.Kubeconfig, testserver.CertContext)
	if err != nil {
		t.Fatal(err)
	}
	cfg.QPS, cfg.Burst = 200, 400
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// A server that has just become ready may still answer the admin
	// certificate with 403 for a moment on a loaded machine (seen once in
	// a full e2e run); wait for it rather than fail the CRD install.
	eventually(t, time.Minute, "the CBOR server to accept the admin certificate", func() (bool, error) {
		_, err := dyn.Resource(namespaceGVR).List(testContext(t), metav1.ListOptions{Limit: 1})
		return err == nil, err
	})
	installCRDs(t, dyn)
	ns := freshNamespace(t, dyn)
	ctx := testContext(t)

	cbor := *cfg
	cbor.PreferCBOR = true
	cs, x := recordedClientset(t, &cbor)
	eventually(t, 30*time.Second, "widgets to be served", func() (bool, error) {
		_, err := cs.ExampleV1().Widgets(ns).List(ctx, metav1.ListOptions{})
		return err == nil, err
	})
	x.take()

	widgetRoundTrip(t, ctx, cs, ns, "cbor")
	seen := x.take()
	if len(seen) != 5 {
		t.Errorf("%d widgets requests, want 5 (create, get, list, watch, update): %v", len(seen), seen)
	}
	for _, e := range seen {
		wantResponse := rest.ContentTypeCBOR
		if strings.Contains(e.query, "watch=true") {
			wantResponse = "application/cbor-seq"
		}
		if e.accept != "application/cbor, application/json" || e.responseType != wantResponse || e.status >= 300 {
			t.Errorf("%v: want Accept CBOR with a JSON fallback, a %s response", e, wantResponse)
		}
		if (e.method == http.MethodPost || e.method == http.MethodPut) && e.contentType != rest.ContentTypeCBOR {
			t.Errorf("%v: want a CBOR body", e)
		}
	}
}

// TestCustomResourcesFallBackToJSONWithoutCBOR uses the shared server,
// which has CBORServingAndStorage off: reads are answered in JSON (the
// Accept header lists it second), the first write in CBOR is refused with
// 415 and sent again in JSON, and the client stays on JSON afterwards.
func TestCustomResourcesFallBackToJSONWithoutCBOR(t *testing.T) {
	setup(t)
	dyn, err := dynamic.NewForConfig(configFor(t, testserver.CertContext))
	if err != nil {
		t.Fatal(err)
	}
	ns := freshNamespace(t, dyn)
	ctx := testContext(t)

	t.Run("a 415 to a CBOR body", func(t *testing.T) {
		cfg := configFor(t, testserver.CertContext)
		cfg.PreferCBOR = true
		cs, x := recordedClientset(t, cfg)
		if _, err := cs.ExampleV1().Widgets(ns).List(ctx, metav1.ListOptions{}); err != nil {
			t.Fatal(err)
		}
		first := x.take()
		if len(first) != 1 || first[0].accept != "application/cbor, application/json" || first[0].responseType != "application/json" {
			t.Fatalf("the first List: %v; want Accept CBOR with a JSON fallback, answered in JSON", first)
		}
		if _, err := cs.ExampleV1().Widgets(ns).Create(ctx, contentTypesWidget("fallback-415"), metav1.CreateOptions{}); err != nil {
			t.Fatalf("Create: %v", err)
		}
		create := x.take()
		if len(create) != 2 || create[0].status != http.StatusUnsupportedMediaType || create[0].contentType != rest.ContentTypeCBOR ||
			create[1].contentType != "application/json" || create[1].status != http.StatusCreated {
			t.Fatalf("Create sent %v; want a CBOR POST refused with 415, then the same POST in JSON, created", create)
		}
		widgetRoundTrip(t, ctx, cs, ns, "fallback-415-after")
		for _, e := range x.take() {
			if e.accept != "application/json" || e.responseType != "application/json" || e.status >= 300 ||
				((e.method == http.MethodPost || e.method == http.MethodPut) && e.contentType != "application/json") {
				t.Errorf("%v: after the 415 the client must send and accept JSON only, once per request", e)
			}
		}
	})
	t.Run("a 406 to an Accept of CBOR only", func(t *testing.T) {
		cfg := configFor(t, testserver.CertContext)
		cfg.ContentType, cfg.AcceptContentTypes = rest.ContentTypeCBOR, rest.ContentTypeCBOR
		cs, x := recordedClientset(t, cfg)
		if _, err := cs.ExampleV1().Widgets(ns).List(ctx, metav1.ListOptions{}); err != nil {
			t.Fatalf("List: %v", err)
		}
		list := x.take()
		if len(list) != 2 || list[0].status != http.StatusNotAcceptable || list[1].accept != "application/json" || list[1].status != http.StatusOK {
			t.Fatalf("List sent %v; want Accept CBOR refused with 406, then the same GET accepting JSON", list)
		}
		widgetRoundTrip(t, ctx, cs, ns, "fallback-406")
		for _, e := range x.take() {
			if e.accept != "application/json" || e.status >= 300 {
				t.Errorf("%v: after the 406 the client must accept JSON only, once per request", e)
			}
		}
	})
}
