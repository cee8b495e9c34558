package typed_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"

	applymetav1 "github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/runtime/typed"
)

// objApply stands in for a generated apply configuration.
type objApply struct {
	applymetav1.TypeMetaApplyConfiguration    `json:",inline"`
	*applymetav1.ObjectMetaApplyConfiguration `json:"metadata,omitempty"`
	Replicas                                  *int32 `json:"replicas,omitempty"`
}

type contentRecorder struct {
	*server
	contentType string
}

func newApplyClient(t testing.TB, namespace string) (*typed.ClientWithListAndApply[*obj, *list, *objApply], *contentRecorder) {
	t.Helper()
	return newApplyClientWithConfig(t, namespace, rest.Config{})
}

// newApplyClientWithConfig is newApplyClient over a Config with the given
// settings (its Host is the test server's).
func newApplyClientWithConfig(t testing.TB, namespace string, base rest.Config) (*typed.ClientWithListAndApply[*obj, *list, *objApply], *contentRecorder) {
	t.Helper()
	rec := &contentRecorder{}
	rec.server = &server{reply: okObject}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.contentType = r.Header.Get("Content-Type")
		rec.server.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	scheme := runtime.NewScheme()
	scheme.AddKnownTypes(gv, &obj{}, &list{})
	metav1.AddToGroupVersion(scheme, gv)
	base.Host = ts.URL
	cfg := rest.ForGroupVersion(&base, gv, serializer.NewCodecFactory(scheme))
	rc, err := rest.RESTClientFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := typed.NewClientWithListAndApply[*obj, *list, *objApply]("widgets", rc, runtime.NewParameterCodec(scheme), namespace,
		func() *obj { return &obj{} }, func() *list { return &list{} })
	return c, rec
}

func TestApplySendsAnApplyPatchWithOnlyTheFieldsSet(t *testing.T) {
	ctx := context.Background()
	replicas := int32(3)
	cfg := &objApply{ObjectMetaApplyConfiguration: applymetav1.ObjectMeta().WithName("w1").WithNamespace("ns"), Replicas: &replicas}
	cfg.WithKind("Widget").WithAPIVersion("example.com/v1")
	tests := []struct {
		name     string
		call     func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) (*obj, error)
		wantPath string
	}{
		{"Apply patches the named object", func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) (*obj, error) {
			return c.Apply(ctx, cfg, metav1.ApplyOptions{FieldManager: "me", Force: true})
		}, "/apis/example.com/v1/namespaces/ns/widgets/w1"},
		{"ApplyStatus patches the status subresource", func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) (*obj, error) {
			return c.ApplyStatus(ctx, cfg, metav1.ApplyOptions{FieldManager: "me", Force: true})
		}, "/apis/example.com/v1/namespaces/ns/widgets/w1/status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newApplyClient(t, "ns")
			got, err := tc.call(c)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "w1" {
				t.Fatalf("result %+v not decoded", got.ObjectMeta)
			}
			sent := rec.last(t)
			if sent.method != "PATCH" || sent.path != tc.wantPath {
				t.Fatalf("sent %s %s, want PATCH %s", sent.method, sent.path, tc.wantPath)
			}
			if rec.contentType != string(types.ApplyPatchType) {
				t.Fatalf("Content-Type %q, want %q", rec.contentType, types.ApplyPatchType)
			}
			if !strings.Contains(sent.query, "fieldManager=me") || !strings.Contains(sent.query, "force=true") {
				t.Fatalf("query %q lacks the field manager and force", sent.query)
			}
			var body map[string]any
			if err := json.Unmarshal([]byte(sent.body), &body); err != nil {
				t.Fatalf("body %q is not JSON: %v", sent.body, err)
			}
			want := map[string]any{"kind": "Widget", "apiVersion": "example.com/v1", "metadata": map[string]any{"name": "w1", "namespace": "ns"}, "replicas": float64(3)}
			if !equalJSON(body, want) {
				t.Fatalf("body %s, want only the fields set: %v", sent.body, want)
			}
		})
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestApplyRefusesAConfigurationWithoutNameOrNil(t *testing.T) {
	c, _ := newApplyClient(t, "ns")
	if _, err := c.Apply(context.Background(), nil, metav1.ApplyOptions{FieldManager: "me"}); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Fatalf("Apply(nil) = %v; want an error saying it is nil", err)
	}
	if _, err := c.Apply(context.Background(), &objApply{}, metav1.ApplyOptions{FieldManager: "me"}); err == nil || !strings.Contains(err.Error(), "WithName") {
		t.Fatalf("Apply without a name = %v; want an error naming WithName", err)
	}
}

func TestApplyWithoutAFieldManagerFailsBeforeAnyRequestUnlessTheConfigHasOne(t *testing.T) {
	cfg := &objApply{ObjectMetaApplyConfiguration: applymetav1.ObjectMeta().WithName("w1").WithNamespace("ns")}
	tests := []struct {
		name        string
		config      rest.Config
		opts        metav1.ApplyOptions
		wantManager string // "" when the apply must fail without a request
	}{
		{"no field manager anywhere fails", rest.Config{}, metav1.ApplyOptions{}, ""},
		{"the Config's field manager is sent", rest.Config{FieldManager: "widget-controller"}, metav1.ApplyOptions{}, "widget-controller"},
		{"the options' field manager wins over the Config's", rest.Config{FieldManager: "widget-controller"}, metav1.ApplyOptions{FieldManager: "me"}, "me"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newApplyClientWithConfig(t, "ns", tc.config)
			_, err := c.Apply(context.Background(), cfg, tc.opts)
			if tc.wantManager == "" {
				if !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), "no field manager") || !strings.Contains(err.Error(), "rest.Config.FieldManager") {
					t.Fatalf("Apply = %v; want an Invalid error, as the server's, saying there is no field manager and how to set one", err)
				}
				rec.mu.Lock()
				n := len(rec.seen)
				rec.mu.Unlock()
				if n != 0 {
					t.Fatalf("%d requests sent; want none", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q := rec.last(t).query; !strings.Contains(q, "fieldManager="+tc.wantManager) {
				t.Fatalf("query %q; want fieldManager=%s", q, tc.wantManager)
			}
		})
	}
}

func TestExtensionHelpersAddressTheSubresource(t *testing.T) {
	ctx := context.Background()
	body := &obj{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}
	tests := []struct {
		name string
		call func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) error
		want recorded
	}{
		{"GetInto gets a subresource", func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) error {
			return c.GetInto(ctx, "w1", metav1.GetOptions{}, &obj{}, "scale")
		}, recorded{"GET", "/apis/example.com/v1/namespaces/ns/widgets/w1/scale", "", ""}},
		{"ListInto without a name lists the collection", func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) error {
			return c.ListInto(ctx, "", metav1.ListOptions{LabelSelector: "a=b"}, &list{})
		}, recorded{"GET", "/apis/example.com/v1/namespaces/ns/widgets", "labelSelector=a%3Db", ""}},
		{"CreateInto posts to a subresource", func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) error {
			return c.CreateInto(ctx, "w1", body, metav1.CreateOptions{}, &obj{}, "eviction")
		}, recorded{"POST", "/apis/example.com/v1/namespaces/ns/widgets/w1/eviction", "", `"name":"w1"`}},
		{"UpdateInto puts to a subresource", func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) error {
			return c.UpdateInto(ctx, "w1", body, metav1.UpdateOptions{}, &obj{}, "scale")
		}, recorded{"PUT", "/apis/example.com/v1/namespaces/ns/widgets/w1/scale", "", `"name":"w1"`}},
		{"PatchInto patches a subresource", func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) error {
			return c.PatchInto(ctx, "w1", types.MergePatchType, []byte(`{"a":1}`), metav1.PatchOptions{}, &obj{}, "scale")
		}, recorded{"PATCH", "/apis/example.com/v1/namespaces/ns/widgets/w1/scale", "", `{"a":1}`}},
		{"ApplyInto applies to a subresource", func(c *typed.ClientWithListAndApply[*obj, *list, *objApply]) error {
			return c.ApplyInto(ctx, "w1", map[string]any{"spec": 1}, metav1.ApplyOptions{FieldManager: "m"}, &obj{}, "scale")
		}, recorded{"PATCH", "/apis/example.com/v1/namespaces/ns/widgets/w1/scale", "fieldManager=m&force=false", `{"spec":1}`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newApplyClient(t, "ns")
			if strings.HasPrefix(tc.name, "ListInto") {
				rec.server.reply = func(*http.Request) (int, string) {
					return 200, `{"apiVersion":"example.com/v1","kind":"PartialObjectMetadataList","metadata":{},"items":[]}`
				}
			}
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			got := rec.last(t)
			if got.method != tc.want.method || got.path != tc.want.path || got.query != tc.want.query || !strings.Contains(got.body, tc.want.body) {
				t.Fatalf("sent %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestObjectNameReadsObjectsAndApplyConfigurations(t *testing.T) {
	tests := []struct {
		name    string
		obj     any
		want    string
		wantErr string
	}{
		{"an object's metadata.name", &obj{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}, "w1", ""},
		{"an apply configuration's name", &objApply{ObjectMetaApplyConfiguration: applymetav1.ObjectMeta().WithName("w2")}, "w2", ""},
		{"an empty name is an error", &obj{}, "", "empty name"},
		{"a type without GetName is an error naming the fix", struct{}{}, "", "has no GetName method"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := typed.ObjectName(tc.obj)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ObjectName = %q, %v; want an error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ObjectName = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
