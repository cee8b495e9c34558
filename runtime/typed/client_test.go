package typed_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/runtime/typed"
)

// PartialObjectMetadata stands in for a generated kind: it is a runtime.Object
// with ObjectMeta, and its List type exists.
type (
	obj  = metav1.PartialObjectMetadata
	list = metav1.PartialObjectMetadataList
)

var gv = schema.GroupVersion{Group: "example.com", Version: "v1"}

type recorded struct {
	method, path, query, body string
}

// server answers every request with reply and records what it was sent.
type server struct {
	mu    sync.Mutex
	seen  []recorded
	reply func(r *http.Request) (int, string)
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.seen = append(s.seen, recorded{r.Method, r.URL.Path, r.URL.RawQuery, string(body)})
	s.mu.Unlock()
	code, out := s.reply(r)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, out)
}

func (s *server) last(t testing.TB) recorded {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seen) == 0 {
		t.Fatal("no request reached the server")
	}
	return s.seen[len(s.seen)-1]
}

func newClient(t testing.TB, namespace string, reply func(*http.Request) (int, string)) (*typed.ClientWithList[*obj, *list], *server) {
	t.Helper()
	srv := &server{reply: reply}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	scheme := runtime.NewScheme()
	scheme.AddKnownTypes(gv, &obj{}, &list{})
	metav1.AddToGroupVersion(scheme, gv)
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	cfg := rest.ForGroupVersion(&rest.Config{Host: ts.URL}, gv, serializer.NewCodecFactory(scheme))
	rc, err := rest.RESTClientFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := typed.NewClientWithList("widgets", rc, runtime.NewParameterCodec(scheme), namespace,
		func() *obj { return &obj{} }, func() *list { return &list{} })
	return c, srv
}

const objJSON = `{"apiVersion":"example.com/v1","kind":"PartialObjectMetadata","metadata":{"name":"w1","namespace":"ns","resourceVersion":"7"}}`

func okObject(*http.Request) (int, string) { return 200, objJSON }

func TestEachVerbSendsTheRequestClientGenWould(t *testing.T) {
	ctx := context.Background()
	w1 := &obj{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}
	tests := []struct {
		name      string
		namespace string
		call      func(c *typed.ClientWithList[*obj, *list]) error
		want      recorded // body is matched as a substring
	}{
		{"Get addresses the named object with its options", "ns", func(c *typed.ClientWithList[*obj, *list]) error {
			_, err := c.Get(ctx, "w1", metav1.GetOptions{ResourceVersion: "5"})
			return err
		}, recorded{"GET", "/apis/example.com/v1/namespaces/ns/widgets/w1", "resourceVersion=5", ""}},
		{"Get on a cluster-scoped client has no namespace segment", "", func(c *typed.ClientWithList[*obj, *list]) error {
			_, err := c.Get(ctx, "w1", metav1.GetOptions{})
			return err
		}, recorded{"GET", "/apis/example.com/v1/widgets/w1", "", ""}},
		{"Create posts the object to the collection", "ns", func(c *typed.ClientWithList[*obj, *list]) error {
			_, err := c.Create(ctx, w1, metav1.CreateOptions{FieldManager: "me"})
			return err
		}, recorded{"POST", "/apis/example.com/v1/namespaces/ns/widgets", "fieldManager=me", `"name":"w1"`}},
		{"Update puts the object to its name", "ns", func(c *typed.ClientWithList[*obj, *list]) error {
			_, err := c.Update(ctx, w1, metav1.UpdateOptions{})
			return err
		}, recorded{"PUT", "/apis/example.com/v1/namespaces/ns/widgets/w1", "", `"name":"w1"`}},
		{"UpdateStatus puts to the status subresource", "ns", func(c *typed.ClientWithList[*obj, *list]) error {
			_, err := c.UpdateStatus(ctx, w1, metav1.UpdateOptions{})
			return err
		}, recorded{"PUT", "/apis/example.com/v1/namespaces/ns/widgets/w1/status", "", `"name":"w1"`}},
		{"Delete sends DeleteOptions as the body", "ns", func(c *typed.ClientWithList[*obj, *list]) error {
			return c.Delete(ctx, "w1", metav1.DeleteOptions{DryRun: []string{"All"}})
		}, recorded{"DELETE", "/apis/example.com/v1/namespaces/ns/widgets/w1", "", `"dryRun":["All"]`}},
		{"Patch sends the patch to a subresource", "ns", func(c *typed.ClientWithList[*obj, *list]) error {
			_, err := c.Patch(ctx, "w1", types.MergePatchType, []byte(`{"x":1}`), metav1.PatchOptions{}, "status")
			return err
		}, recorded{"PATCH", "/apis/example.com/v1/namespaces/ns/widgets/w1/status", "", `{"x":1}`}},
		{"List sends the selectors and paging", "ns", func(c *typed.ClientWithList[*obj, *list]) error {
			_, err := c.List(ctx, metav1.ListOptions{LabelSelector: "a=b", Limit: 3, Continue: "tok"})
			return err
		}, recorded{"GET", "/apis/example.com/v1/namespaces/ns/widgets", "continue=tok&labelSelector=a%3Db&limit=3", ""}},
		{"DeleteCollection sends list options as query and DeleteOptions as body", "ns", func(c *typed.ClientWithList[*obj, *list]) error {
			return c.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "a=b"})
		}, recorded{"DELETE", "/apis/example.com/v1/namespaces/ns/widgets", "labelSelector=a%3Db", `"kind":"DeleteOptions"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, srv := newClient(t, tc.namespace, func(r *http.Request) (int, string) {
				if r.Method == "GET" && !strings.HasSuffix(r.URL.Path, "/w1") {
					return 200, `{"apiVersion":"example.com/v1","kind":"PartialObjectMetadataList","metadata":{},"items":[]}`
				}
				if r.Method == "DELETE" {
					return 200, `{"apiVersion":"v1","kind":"Status","status":"Success"}`
				}
				return okObject(r)
			})
			if err := tc.call(c); err != nil {
				t.Fatalf("call failed: %v", err)
			}
			got := srv.last(t)
			if got.method != tc.want.method || got.path != tc.want.path || got.query != tc.want.query {
				t.Fatalf("sent %s %s?%s, want %s %s?%s", got.method, got.path, got.query, tc.want.method, tc.want.path, tc.want.query)
			}
			if !strings.Contains(got.body, tc.want.body) {
				t.Fatalf("body %q lacks %q", got.body, tc.want.body)
			}
		})
	}
}

func TestResultsAreDecodedIntoTheKind(t *testing.T) {
	c, _ := newClient(t, "ns", okObject)
	got, err := c.Get(context.Background(), "w1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "w1" || got.Namespace != "ns" || got.ResourceVersion != "7" {
		t.Fatalf("decoded %+v", got.ObjectMeta)
	}
}

func TestAServerErrorReturnsNilAndAStatusError(t *testing.T) {
	c, _ := newClient(t, "ns", func(*http.Request) (int, string) {
		st := metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: "Failure", Reason: metav1.StatusReasonNotFound, Code: 404, Message: `widgets "w1" not found`}
		b, _ := json.Marshal(st)
		return 404, string(b)
	})
	got, err := c.Get(context.Background(), "w1", metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		t.Fatalf("got %v, want NotFound", err)
	}
	if got != nil {
		t.Fatalf("got object %+v with an error; want nil", got)
	}
	l, err := c.List(context.Background(), metav1.ListOptions{})
	if !apierrors.IsNotFound(err) || l != nil {
		t.Fatalf("List: %v, %v; want nil and NotFound", l, err)
	}
}

func TestWatchAsksForAWatchAndDecodesEvents(t *testing.T) {
	c, srv := newClient(t, "ns", func(*http.Request) (int, string) {
		return 200, `{"type":"ADDED","object":` + objJSON + "}\n"
	})
	w, err := c.Watch(context.Background(), metav1.ListOptions{FieldSelector: "metadata.name=w1"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	ev, ok := <-w.ResultChan()
	if !ok || ev.Type != watch.Added {
		t.Fatalf("first event %v %v; want ADDED", ev.Type, ok)
	}
	if o, isObj := ev.Object.(*obj); !isObj || o.Name != "w1" {
		t.Fatalf("event object %T %v", ev.Object, ev.Object)
	}
	if q := srv.last(t).query; !strings.Contains(q, "watch=true") || !strings.Contains(q, "fieldSelector=metadata.name%3Dw1") {
		t.Fatalf("watch query %q lacks watch=true and the field selector", q)
	}
}
