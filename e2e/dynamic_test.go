//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/runtime/discovery/restmapper"
	"github.com/clientgen/clientgen/runtime/dynamic"
	dynamicfake "github.com/clientgen/clientgen/runtime/dynamic/fake"
)

var configMapGVR = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}

// resourceUnderTest describes a resource for dynamicScenario: objects keep
// a string field "color" and a number-like field "size" under root ("spec"
// for the CRD, "data" for ConfigMaps, whose values are strings).
type resourceUnderTest struct {
	gvr        schema.GroupVersionResource
	apiVersion string
	kind       string
	root       string
	hasStatus  bool
}

func (r resourceUnderTest) object(name, namespace, scenario, color string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": r.apiVersion, "kind": r.kind,
		"metadata": map[string]any{"name": name, "namespace": namespace, "labels": map[string]any{"scenario": scenario}},
		r.root:     map[string]any{"color": color},
	}}
}

func (r resourceUnderTest) color(tb testing.TB, u *unstructured.Unstructured) string {
	tb.Helper()
	c, _, err := unstructured.NestedString(u.Object, r.root, "color")
	if err != nil {
		tb.Fatalf("%s.color of %s: %v", r.root, u.GetName(), err)
	}
	return c
}

// dynamicScenario drives every verb of the dynamic client on one resource
// in namespace ns. It runs unchanged against the real server and the fake.
func dynamicScenario(t *testing.T, dyn dynamic.Interface, r resourceUnderTest, ns string) {
	ctx := testContext(t)
	scenario := "s" + randomSuffix(t)
	rc := dyn.Resource(r.gvr).Namespace(ns)
	selector := metav1.ListOptions{LabelSelector: "scenario=" + scenario}

	w, err := rc.Watch(ctx, selector)
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	defer w.Stop()

	t.Log("Create, then Create again")
	created, err := rc.Create(ctx, r.object("a", ns, scenario, "red"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if r.color(t, created) != "red" || created.GetResourceVersion() == "" || created.GetUID() == "" {
		t.Errorf("Create returned %v", created.Object)
	}
	if _, err := rc.Create(ctx, r.object("a", ns, scenario, "red"), metav1.CreateOptions{}); !apierrors.IsAlreadyExists(err) {
		t.Errorf("second Create: error %v, want AlreadyExists", err)
	}

	t.Log("Get, and Get of a missing object")
	got, err := rc.Get(ctx, "a", metav1.GetOptions{})
	if err != nil || r.color(t, got) != "red" {
		t.Fatalf("Get: %v, %v", got, err)
	}
	if _, err := rc.Get(ctx, "missing", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("Get of a missing object: error %v, want NotFound", err)
	}

	t.Log("Update, and Update with a stale resourceVersion")
	if err := unstructured.SetNestedField(got.Object, "blue", r.root, "color"); err != nil {
		t.Fatal(err)
	}
	updated, err := rc.Update(ctx, got, metav1.UpdateOptions{})
	if err != nil || r.color(t, updated) != "blue" || updated.GetResourceVersion() == got.GetResourceVersion() {
		t.Fatalf("Update: %v, %v", updated, err)
	}
	if _, err := rc.Update(ctx, got, metav1.UpdateOptions{}); !apierrors.IsConflict(err) {
		t.Errorf("Update with the stale resourceVersion %s: error %v, want Conflict", got.GetResourceVersion(), err)
	}

	t.Log("Patch: merge and JSON patch")
	patched, err := rc.Patch(ctx, "a", types.MergePatchType, []byte(`{"`+r.root+`":{"color":"green"}}`), metav1.PatchOptions{})
	if err != nil || r.color(t, patched) != "green" {
		t.Fatalf("merge Patch: %v, %v", patched, err)
	}
	patched, err = rc.Patch(ctx, "a", types.JSONPatchType, []byte(`[{"op":"replace","path":"/`+r.root+`/color","value":"yellow"}]`), metav1.PatchOptions{})
	if err != nil || r.color(t, patched) != "yellow" {
		t.Fatalf("JSON Patch: %v, %v", patched, err)
	}

	t.Log("server-side Apply: create, conflict between managers, force")
	if _, err := rc.Apply(ctx, "b", r.object("b", ns, scenario, "purple"), metav1.ApplyOptions{FieldManager: "alpha"}); err != nil {
		t.Fatalf("Apply by alpha: %v", err)
	}
	_, err = rc.Apply(ctx, "b", r.object("b", ns, scenario, "orange"), metav1.ApplyOptions{FieldManager: "beta"})
	if !apierrors.IsConflict(err) || !strings.Contains(err.Error(), "alpha") {
		t.Fatalf("Apply by beta of a field alpha owns, without force: error %v, want a Conflict naming alpha", err)
	}
	forced, err := rc.Apply(ctx, "b", r.object("b", ns, scenario, "orange"), metav1.ApplyOptions{FieldManager: "beta", Force: true})
	if err != nil || r.color(t, forced) != "orange" {
		t.Fatalf("Apply by beta with force: %v, %v", forced, err)
	}
	if !managedBy(forced, "beta") {
		t.Errorf("after the forced Apply, managedFields = %v, want beta among the managers", forced.GetManagedFields())
	}
	if _, err := rc.Apply(ctx, "b", r.object("b", ns, scenario, "purple"), metav1.ApplyOptions{FieldManager: "alpha"}); !apierrors.IsConflict(err) {
		t.Errorf("Apply by alpha of the field beta took over: error %v, want Conflict", err)
	}

	if r.hasStatus {
		t.Log("status subresource: UpdateStatus, ApplyStatus, Get and Patch of status")
		cur, err := rc.Get(ctx, "a", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := unstructured.SetNestedField(cur.Object, "Ready", "status", "phase"); err != nil {
			t.Fatal(err)
		}
		if err := unstructured.SetNestedField(cur.Object, "ignored-by-status", r.root, "color"); err != nil {
			t.Fatal(err)
		}
		st, err := rc.UpdateStatus(ctx, cur, metav1.UpdateOptions{})
		if err != nil {
			t.Fatalf("UpdateStatus: %v", err)
		}
		if phase, _, _ := unstructured.NestedString(st.Object, "status", "phase"); phase != "Ready" || r.color(t, st) != "yellow" {
			t.Errorf("UpdateStatus: phase %q, color %q; want Ready and the spec untouched (yellow)", phase, r.color(t, st))
		}
		applyStatus := r.object("b", ns, scenario, "")
		delete(applyStatus.Object, r.root)
		applyStatus.Object["status"] = map[string]any{"phase": "Applied"}
		if _, err := rc.ApplyStatus(ctx, "b", applyStatus, metav1.ApplyOptions{FieldManager: "alpha"}); err != nil {
			t.Fatalf("ApplyStatus: %v", err)
		}
		viaSub, err := rc.Get(ctx, "b", metav1.GetOptions{}, "status")
		if phase, _, _ := unstructured.NestedString(viaSub.Object, "status", "phase"); err != nil || phase != "Applied" {
			t.Errorf("Get of status: phase %q, %v", phase, err)
		}
		sp, err := rc.Patch(ctx, "b", types.MergePatchType, []byte(`{"status":{"phase":"Patched"}}`), metav1.PatchOptions{}, "status")
		if phase, _, _ := unstructured.NestedString(sp.Object, "status", "phase"); err != nil || phase != "Patched" {
			t.Errorf("Patch of status: phase %q, %v", phase, err)
		}
	}

	t.Log("List in the namespace and across namespaces")
	list, err := rc.List(ctx, selector)
	if err != nil || len(list.Items) != 2 {
		t.Fatalf("List: %v items, %v; want a and b", lenItems(list), err)
	}
	all, err := dyn.Resource(r.gvr).List(ctx, selector)
	if err != nil || len(all.Items) != 2 || list.GetResourceVersion() == "" {
		t.Errorf("List across namespaces: %v items, %v", lenItems(all), err)
	}

	t.Log("Delete, then DeleteCollection")
	if err := rc.Delete(ctx, "a", metav1.DeleteOptions{}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := rc.Delete(ctx, "a", metav1.DeleteOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("second Delete: error %v, want NotFound", err)
	}
	if err := rc.DeleteCollection(ctx, metav1.DeleteOptions{}, selector); err != nil {
		t.Fatalf("DeleteCollection: %v", err)
	}
	if list, err := rc.List(ctx, selector); err != nil || len(list.Items) != 0 {
		t.Errorf("List after DeleteCollection: %v items, %v", lenItems(list), err)
	}

	t.Log("Watch saw every object from ADDED to DELETED")
	events := map[string][]watch.EventType{}
	deleted := 0
	timeout := time.After(30 * time.Second)
	for deleted < 2 {
		select {
		case ev, ok := <-w.ResultChan():
			if !ok {
				t.Fatalf("watch closed early; events so far: %v", events)
			}
			u, isU := ev.Object.(*unstructured.Unstructured)
			if !isU {
				t.Fatalf("watch event %s holds %T", ev.Type, ev.Object)
			}
			events[u.GetName()] = append(events[u.GetName()], ev.Type)
			if ev.Type == watch.Deleted {
				deleted++
			}
		case <-timeout:
			t.Fatalf("timed out waiting for both DELETED events; events so far: %v", events)
		}
	}
	for _, name := range []string{"a", "b"} {
		evs := events[name]
		if len(evs) < 2 || evs[0] != watch.Added || evs[len(evs)-1] != watch.Deleted {
			t.Errorf("events of %s = %v, want ADDED, MODIFIED..., DELETED", name, evs)
		}
	}
	want, why := 5, "ADDED, 3 MODIFIED (Update, 2 Patches), DELETED"
	if r.hasStatus {
		want, why = 6, "ADDED, 4 MODIFIED (Update, 2 Patches, UpdateStatus), DELETED"
	}
	if n := len(events["a"]); n != want {
		t.Errorf("%d events for a (%v), want %d: %s", n, events["a"], want, why)
	}
}

func managedBy(u *unstructured.Unstructured, manager string) bool {
	for _, f := range u.GetManagedFields() {
		if f.Manager == manager {
			return true
		}
	}
	return false
}

func lenItems(l *unstructured.UnstructuredList) any {
	if l == nil {
		return "no list"
	}
	return len(l.Items)
}

var gizmoResource = func(group string) resourceUnderTest {
	return resourceUnderTest{
		gvr:        schema.GroupVersionResource{Group: group, Version: "v1", Resource: "gizmos"},
		apiVersion: group + "/v1", kind: "Gizmo", root: "spec", hasStatus: true,
	}
}

var configMapResource = resourceUnderTest{gvr: configMapGVR, apiVersion: "v1", kind: "ConfigMap", root: "data"}

func TestDynamicClientDrivesEveryVerbOnTheRealServer(t *testing.T) {
	setup(t)
	dyn, err := dynamic.NewForConfig(configFor(t, testserver.TokenContext))
	if err != nil {
		t.Fatal(err)
	}
	group := "dyn-" + randomSuffix(t) + ".example.com"
	createCRD(t, dyn, gizmoCRD(group))
	gizmos := gizmoResource(group)
	ns := freshNamespace(t, dyn)
	// Established comes a moment before the handler serves requests.
	eventually(t, 30*time.Second, "gizmos to be served", func() (bool, error) {
		_, err := dyn.Resource(gizmos.gvr).Namespace(ns).List(context.Background(), metav1.ListOptions{})
		return err == nil, err
	})

	for _, r := range []resourceUnderTest{gizmos, configMapResource} {
		t.Run(fmt.Sprintf("on %s", r.gvr.GroupResource()), func(t *testing.T) {
			dynamicScenario(t, dyn, r, ns)
		})
	}
}

func TestAManifestIsAppliedThroughTheRESTMapper(t *testing.T) {
	setup(t)
	ctx := testContext(t)
	cfg := configFor(t, testserver.CertContext)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	d, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mapper := restmapper.New(discovery.NewMemCacheClient(d), restmapper.Options{})
	ns := freshNamespace(t, dyn)
	policy := "p-" + randomSuffix(t)
	objs, err := dynamic.ReadManifests(strings.NewReader(`
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {color: red}
---
apiVersion: example.com/v1beta1
kind: Widget
metadata: {name: w1}
spec: {size: 3}
---
apiVersion: ops.example.com/v1alpha1
kind: ClusterPolicy
metadata: {name: ` + policy + `}
`))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = dyn.Resource(schema.GroupVersionResource{Group: "ops.example.com", Version: "v1alpha1", Resource: "clusterpolicies"}).Delete(context.Background(), policy, metav1.DeleteOptions{})
	})
	for _, obj := range objs {
		rc, mapping, err := dynamic.ForObject(ctx, dyn, mapper, obj, ns)
		if err != nil {
			t.Fatal(err)
		}
		applied, err := rc.Apply(ctx, obj.GetName(), obj, metav1.ApplyOptions{FieldManager: "e2e-manifest"})
		if err != nil {
			t.Fatalf("applying %s %s: %v", obj.GetKind(), obj.GetName(), err)
		}
		wantNS := ns
		if mapping.Scope.Name() == "root" {
			wantNS = ""
		}
		if applied.GetNamespace() != wantNS || applied.GetAPIVersion() != obj.GetAPIVersion() {
			t.Errorf("%s %s applied as %s in namespace %q, want %s in %q", obj.GetKind(), obj.GetName(), applied.GetAPIVersion(), applied.GetNamespace(), obj.GetAPIVersion(), wantNS)
		}
	}
}

// TestTheSameDynamicScenarioPassesAgainstTheFake runs dynamicScenario, as
// the test above runs it on the real server, on the fake dynamic client.
func TestTheSameDynamicScenarioPassesAgainstTheFake(t *testing.T) {
	for _, r := range []resourceUnderTest{gizmoResource("fake.example.com"), configMapResource} {
		t.Run(fmt.Sprintf("on %s", r.gvr.GroupResource()), func(t *testing.T) {
			dynamicScenario(t, dynamicfake.NewSimpleDynamicClient(nil), r, "default")
		})
	}
}
