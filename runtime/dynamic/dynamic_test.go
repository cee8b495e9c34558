package dynamic_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/dynamic"
	"github.com/clientgen/clientgen/runtime/rest"
)

const testTimeout = 10 * time.Second

var (
	pods    = schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	widgets = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
)

// seenRequest is what the fake server observed.
type seenRequest struct {
	Method, Path, Query, ContentType, Body string
}

// fakeServer records each request and answers with respond's status and
// body.
func fakeServer(tb testing.TB, respond func(r *http.Request) (int, string)) (*dynamic.DynamicClient, <-chan seenRequest) {
	tb.Helper()
	seen := make(chan seenRequest, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen <- seenRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), string(b)}
		code, body := respond(r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}))
	tb.Cleanup(srv.Close)
	c, err := dynamic.NewForConfig(&rest.Config{Host: srv.URL, QPS: -1})
	if err != nil {
		tb.Fatal(err)
	}
	return c, seen
}

func ok(body string) func(*http.Request) (int, string) {
	return func(*http.Request) (int, string) { return http.StatusOK, body }
}

const podJSON = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"ns","resourceVersion":"7"},"spec":{"nodeName":"n1"}}`

func TestGetAddressesTheResourceAndDecodesUnstructured(t *testing.T) {
	tests := []struct {
		name      string
		get       func(context.Context, *dynamic.DynamicClient) (*unstructured.Unstructured, error)
		wantPath  string
		wantQuery string
	}{
		{
			name: "a namespaced core resource lives under /api/v1/namespaces/<ns>",
			get: func(ctx context.Context, c *dynamic.DynamicClient) (*unstructured.Unstructured, error) {
				return c.Resource(pods).Namespace("ns").Get(ctx, "p1", metav1.GetOptions{ResourceVersion: "5"})
			},
			wantPath:  "/api/v1/namespaces/ns/pods/p1",
			wantQuery: "resourceVersion=5",
		},
		{
			name: "a cluster-scoped group resource lives under /apis/<group>/<version>",
			get: func(ctx context.Context, c *dynamic.DynamicClient) (*unstructured.Unstructured, error) {
				return c.Resource(widgets).Get(ctx, "p1", metav1.GetOptions{})
			},
			wantPath: "/apis/example.com/v1/widgets/p1",
		},
		{
			name: "subresources follow the name",
			get: func(ctx context.Context, c *dynamic.DynamicClient) (*unstructured.Unstructured, error) {
				return c.Resource(widgets).Namespace("ns").Get(ctx, "p1", metav1.GetOptions{}, "status")
			},
			wantPath: "/apis/example.com/v1/namespaces/ns/widgets/p1/status",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := fakeServer(t, ok(podJSON))
			got, err := tt.get(t.Context(), c)
			if err != nil {
				t.Fatal(err)
			}
			req := <-seen
			if req.Method != http.MethodGet || req.Path != tt.wantPath || req.Query != tt.wantQuery {
				t.Errorf("request = %s %s?%s, want GET %s?%s", req.Method, req.Path, req.Query, tt.wantPath, tt.wantQuery)
			}
			if got.GetName() != "p1" || got.GetKind() != "Pod" || got.GetResourceVersion() != "7" {
				t.Errorf("decoded %v", got.Object)
			}
			if node, _, _ := unstructured.NestedString(got.Object, "spec", "nodeName"); node != "n1" {
				t.Errorf("spec.nodeName = %q", node)
			}
		})
	}
}

func TestListDecodesItemsAndSendsListOptions(t *testing.T) {
	c, seen := fakeServer(t, ok(`{"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"42","continue":"next"},"items":[`+podJSON+`,{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p2"}}]}`))
	list, err := c.Resource(pods).Namespace("ns").List(t.Context(), metav1.ListOptions{LabelSelector: "app=web", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	req := <-seen
	if req.Path != "/api/v1/namespaces/ns/pods" || req.Query != "labelSelector=app%3Dweb&limit=2" {
		t.Errorf("request = %s?%s", req.Path, req.Query)
	}
	if list.GetResourceVersion() != "42" || list.GetContinue() != "next" || len(list.Items) != 2 || list.Items[1].GetName() != "p2" {
		t.Errorf("list = %+v", list)
	}
}

func TestCreateEncodesTheObjectAndDecodesTheResult(t *testing.T) {
	c, seen := fakeServer(t, func(*http.Request) (int, string) {
		return http.StatusCreated, `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","uid":"abc"}}`
	})
	in := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": "w1"}, "spec": map[string]any{"size": int64(3)},
	}}
	out, err := c.Resource(widgets).Namespace("ns").Create(t.Context(), in, metav1.CreateOptions{DryRun: []string{"All"}, FieldManager: "test"})
	if err != nil {
		t.Fatal(err)
	}
	req := <-seen
	if req.Method != http.MethodPost || req.Path != "/apis/example.com/v1/namespaces/ns/widgets" || req.Query != "dryRun=All&fieldManager=test" {
		t.Errorf("request = %s %s?%s", req.Method, req.Path, req.Query)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(req.Body), &body); err != nil || body["kind"] != "Widget" || body["spec"].(map[string]any)["size"] != float64(3) {
		t.Errorf("body = %s (%v)", req.Body, err)
	}
	if req.ContentType != "application/json" {
		t.Errorf("Content-Type = %q", req.ContentType)
	}
	if string(out.GetUID()) != "abc" {
		t.Errorf("result = %v", out.Object)
	}
}

func TestUpdatePatchAndDeleteUseTheRightVerbsAndBodies(t *testing.T) {
	c, seen := fakeServer(t, ok(`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"}}`))
	w := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": map[string]any{"name": "w1"}}}
	ctx := t.Context()
	r := c.Resource(widgets).Namespace("ns")

	if _, err := r.UpdateStatus(ctx, w, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if req := <-seen; req.Method != http.MethodPut || req.Path != "/apis/example.com/v1/namespaces/ns/widgets/w1/status" {
		t.Errorf("UpdateStatus sent %s %s", req.Method, req.Path)
	}

	if _, err := r.Patch(ctx, "w1", types.MergePatchType, []byte(`{"spec":{}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if req := <-seen; req.Method != http.MethodPatch || req.ContentType != string(types.MergePatchType) || req.Body != `{"spec":{}}` {
		t.Errorf("Patch sent %+v", req)
	}

	if err := r.Delete(ctx, "w1", metav1.DeleteOptions{PropagationPolicy: ptr(metav1.DeletePropagationForeground)}); err != nil {
		t.Fatal(err)
	}
	req := <-seen
	if req.Method != http.MethodDelete || req.Path != "/apis/example.com/v1/namespaces/ns/widgets/w1" ||
		!strings.Contains(req.Body, `"kind":"DeleteOptions"`) || !strings.Contains(req.Body, `"propagationPolicy":"Foreground"`) {
		t.Errorf("Delete sent %+v", req)
	}

	if err := r.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "a=b"}); err != nil {
		t.Fatal(err)
	}
	if req := <-seen; req.Method != http.MethodDelete || req.Path != "/apis/example.com/v1/namespaces/ns/widgets" || req.Query != "labelSelector=a%3Db" {
		t.Errorf("DeleteCollection sent %+v", req)
	}
}

func ptr[T any](v T) *T { return &v }

func TestServerErrorsAreStatusErrors(t *testing.T) {
	c, _ := fakeServer(t, func(*http.Request) (int, string) {
		return http.StatusNotFound, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","message":"pods \"p1\" not found","code":404}`
	})
	_, err := c.Resource(pods).Namespace("ns").Get(t.Context(), "p1", metav1.GetOptions{})
	if !apierrors.IsNotFound(err) || err.Error() != `pods "p1" not found` {
		t.Errorf("error = %v, want NotFound", err)
	}
	if err := c.Resource(pods).Namespace("ns").Delete(t.Context(), "p1", metav1.DeleteOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("Delete error = %v, want NotFound", err)
	}
}

func TestInvalidNamesAreRejectedBeforeSending(t *testing.T) {
	c, seen := fakeServer(t, ok(podJSON))
	ctx := t.Context()
	checks := map[string]error{}
	_, checks["empty name"] = c.Resource(pods).Namespace("ns").Get(ctx, "", metav1.GetOptions{})
	_, checks["dot-dot name"] = c.Resource(pods).Namespace("ns").Get(ctx, "..", metav1.GetOptions{})
	_, checks["slash in namespace"] = c.Resource(pods).Namespace("a/b").List(ctx, metav1.ListOptions{})
	checks["empty delete name"] = c.Resource(pods).Delete(ctx, "", metav1.DeleteOptions{})
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	select {
	case req := <-seen:
		t.Errorf("server received %+v", req)
	default:
	}
}

func TestWatchStreamsUnstructuredEvents(t *testing.T) {
	queries := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries <- r.URL.Path + "?" + r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		for _, e := range []string{
			`{"type":"ADDED","object":` + podJSON + `}`,
			`{"type":"DELETED","object":` + podJSON + `}`,
			`{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}}`,
		} {
			_, _ = w.Write([]byte(e + "\n"))
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	c, err := dynamic.NewForConfigAndClient(&rest.Config{Host: srv.URL, QPS: -1}, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.Resource(pods).Namespace("ns").Watch(t.Context(), metav1.ListOptions{ResourceVersion: "7"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if q := <-queries; q != "/api/v1/namespaces/ns/pods?resourceVersion=7&watch=true" {
		t.Errorf("request = %s", q)
	}
	var got []string
	deadline := time.After(testTimeout)
	for done := false; !done; {
		select {
		case ev, open := <-w.ResultChan():
			if !open {
				done = true
				break
			}
			switch o := ev.Object.(type) {
			case *unstructured.Unstructured:
				got = append(got, string(ev.Type)+":"+o.GetKind()+"/"+o.GetName())
			case *metav1.Status:
				got = append(got, string(ev.Type)+":"+string(o.Reason))
			default:
				t.Errorf("unexpected object %T", o)
			}
		case <-deadline:
			t.Fatal("watch did not finish")
		}
	}
	want := []string{string(watch.Added) + ":Pod/p1", string(watch.Deleted) + ":Pod/p1", string(watch.Error) + ":Expired"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("events = %q, want %q", got, want)
	}
}
