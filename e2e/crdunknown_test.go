//go:build e2e

package e2e

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/internal/testserver"
	extensionsv1 "github.com/clientgen/clientgen/testdata/cases/crd-generate/golden/apis/extensions/v1"
	crdclientset "github.com/clientgen/clientgen/testdata/cases/crd-generate/golden/clientset"
)

// TestUnknownTopLevelFieldsOfAPreservingCRDSurviveTheServer: the Blob CRD
// of testdata/crd/extensions preserves unknown fields at its root, so the
// API server keeps top-level fields its schema does not name. The Go type
// `clientgen --crd` wrote for it keeps them in UnknownFields; through the
// generated typed client they reach the server (the dynamic client sees
// them as top-level fields) and come back from create, get, list and
// update, including "Data", which is not the schema's "data" to the
// server's case-sensitive decoder.
func TestUnknownTopLevelFieldsOfAPreservingCRDSurviveTheServer(t *testing.T) {
	setup(t)
	ctx := testContext(t)
	dyn := dynamicFor(t)
	installCRDFiles(t, dyn, []string{"../testdata/crd/extensions/input/bundles.yaml"})
	ns := freshNamespace(t, dyn)
	cs, err := crdclientset.NewForConfig(configFor(t, testserver.CertContext))
	if err != nil {
		t.Fatal(err)
	}
	blobs := cs.ExtensionsV1().Blobs(ns)

	raw := func(s string) runtime.RawExtension { return runtime.RawExtension{Raw: []byte(s)} }
	sent := map[string]runtime.RawExtension{
		"color":  raw(`"teal"`),
		"Data":   raw(`[1,2.5,"x"]`),
		"nested": raw(`{"x":{"y":[true,null,{"z":-3}]}}`),
	}
	// asJSON compares raw values as parsed JSON: the server may respace them.
	asJSON := func(t *testing.T, what string, m map[string]runtime.RawExtension) map[string]any {
		t.Helper()
		out := map[string]any{}
		for k, v := range m {
			var x any
			if err := json.Unmarshal(v.Raw, &x); err != nil {
				t.Fatalf("%s: %s=%s is not JSON: %v", what, k, v.Raw, err)
			}
			out[k] = x
		}
		return out
	}
	check := func(t *testing.T, what string, got *extensionsv1.Blob, want map[string]runtime.RawExtension) {
		t.Helper()
		if diff := cmp.Diff(asJSON(t, "sent", want), asJSON(t, what, got.UnknownFields)); diff != "" {
			t.Errorf("%s: unknown fields (-sent +got):\n%s", what, diff)
		}
		if diff := cmp.Diff(map[string]string{"a": "1"}, got.Data); diff != "" {
			t.Errorf("%s: data (-sent +got):\n%s", what, diff)
		}
	}

	created, err := blobs.Create(ctx, &extensionsv1.Blob{
		ObjectMeta:    metav1.ObjectMeta{Name: "b1"},
		Data:          map[string]string{"a": "1"},
		UnknownFields: sent,
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	check(t, "Create", created, sent)

	got, err := blobs.Get(ctx, "b1", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	check(t, "Get", got, sent)

	gvr := schema.GroupVersionResource{Group: "extensions.example.com", Version: "v1", Resource: "blobs"}
	u, err := dyn.Resource(gvr).Namespace(ns).Get(ctx, "b1", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("dynamic Get: %v", err)
	}
	if u.Object["color"] != "teal" || u.Object["Data"] == nil || u.Object["nested"] == nil {
		t.Errorf("the server does not hold the unknown fields at the top level: %v", u.Object)
	}

	list, err := blobs.List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if len(list.Items) != 1 {
		t.Fatalf("List: %d items, want 1", len(list.Items))
	}
	check(t, "List", &list.Items[0], sent)

	changed := map[string]runtime.RawExtension{"color": raw(`"red"`), "Data": sent["Data"], "size": raw(`7`)}
	got.UnknownFields = changed
	updated, err := blobs.Update(ctx, got, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	check(t, "Update", updated, changed)
	again, err := blobs.Get(ctx, "b1", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get after Update: %v", err)
	}
	check(t, "Get after Update", again, changed)
}
