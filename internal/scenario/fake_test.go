package scenario_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	clienttesting "github.com/clientgen/clientgen/runtime/testing"
	gizmosfake "github.com/clientgen/clientgen/testdata/cases/fake-verbs/golden/clientset/fake"
	gizmosv1 "github.com/clientgen/clientgen/testdata/cases/fake-verbs/input/gizmos/v1"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	opsv1alpha1 "github.com/clientgen/clientgen/testdata/crds/ops/v1alpha1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/fake"
)

// These tests are written the way tests against client-go's fake clientset
// are, to show they port over: seed with NewSimpleClientset, intercept with
// PrependReactor, inspect Actions.

func TestFakeClientsetServesSeededObjects(t *testing.T) {
	cs := fake.NewSimpleClientset(
		&examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1", Namespace: "ns"}, Spec: examplev1.WidgetSpec{Size: 2}},
		&opsv1alpha1.ClusterPolicyList{Items: []opsv1alpha1.ClusterPolicy{{ObjectMeta: metav1.ObjectMeta{Name: "p1"}}}},
	)
	ctx := context.Background()
	w, err := cs.ExampleV1().Widgets("ns").Get(ctx, "w1", metav1.GetOptions{})
	if err != nil || w.Spec.Size != 2 {
		t.Fatalf("Get of a seeded widget: %+v, %v", w, err)
	}
	if _, err := cs.OpsV1alpha1().ClusterPolicies().Get(ctx, "p1", metav1.GetOptions{}); err != nil {
		t.Fatalf("Get of a cluster policy seeded in a list: %v", err)
	}
	// The versions of a group are separate resources here (no conversion):
	// the v1 widget is not a v1beta1 one.
	if _, err := cs.ExampleV1beta1().Widgets("ns").Get(ctx, "w1", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("v1beta1 Get of a v1 widget: %v, want NotFound", err)
	}
}

func TestFakeClientsetRecordsActionsAndTakesReactors(t *testing.T) {
	cs := fake.NewSimpleClientset()
	ctx := context.Background()
	cs.PrependReactor("create", "widgets", func(a clienttesting.Action) (bool, runtime.Object, error) {
		w := a.(clienttesting.CreateAction).GetObject().(*examplev1.Widget)
		if w.Name == "forbidden" {
			return true, nil, apierrors.NewForbidden(schema.GroupResource{Group: "example.com", Resource: "widgets"}, w.Name, errors.New("not in this test"))
		}
		return false, nil, nil // on to the tracker
	})
	if _, err := cs.ExampleV1().Widgets("ns").Create(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "forbidden"}}, metav1.CreateOptions{}); !apierrors.IsForbidden(err) {
		t.Fatalf("Create answered by the prepended reactor: %v, want Forbidden", err)
	}
	if _, err := cs.ExampleV1().Widgets("ns").Create(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "allowed"}}, metav1.CreateOptions{}); err != nil {
		t.Fatalf("Create passed on to the tracker: %v", err)
	}
	if _, err := cs.ExampleV1().Widgets("ns").UpdateStatus(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "allowed"}}, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("UpdateStatus: %v", err)
	}
	actions := cs.Actions()
	if len(actions) != 3 {
		t.Fatalf("recorded %d actions, want 3: %v", len(actions), actions)
	}
	for i, want := range []struct{ verb, resource string }{{"create", "widgets"}, {"create", "widgets"}, {"update", "widgets/status"}} {
		if !actions[i].Matches(want.verb, want.resource) || actions[i].GetNamespace() != "ns" {
			t.Errorf("action %d is %s %s/%s in %q, want %s %s in ns", i, actions[i].GetVerb(), actions[i].GetResource().Resource, actions[i].GetSubresource(), actions[i].GetNamespace(), want.verb, want.resource)
		}
	}
	if got, err := cs.Tracker().Get(schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}, "ns", "allowed"); err != nil || got.(*examplev1.Widget).Name != "allowed" {
		t.Fatalf("Tracker().Get: %v, %v", got, err)
	}
}

func TestFakeClientsetDiscoveryListsItsResources(t *testing.T) {
	cs := fake.NewSimpleClientset()
	ctx := context.Background()
	widgets, err := cs.Discovery().ServerResourcesForGroupVersionWithContext(ctx, "example.com/v1")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range widgets.APIResources {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "widgets,widgets/status" {
		t.Fatalf("example.com/v1 resources %v, want widgets and widgets/status", names)
	}
	policies, err := cs.Discovery().ServerResourcesForGroupVersionWithContext(ctx, "ops.example.com/v1alpha1")
	if err != nil || len(policies.APIResources) != 1 || policies.APIResources[0].Namespaced {
		t.Fatalf("ops.example.com/v1alpha1: %+v, %v; want clusterpolicies, cluster-scoped and without status", policies, err)
	}
	groups, err := cs.Discovery().ServerGroupsWithContext(ctx)
	if err != nil || len(groups.Groups) != 2 || groups.Groups[0].PreferredVersion.Version != "v1" {
		t.Fatalf("groups %+v, %v; want example.com (preferring v1) and ops.example.com", groups, err)
	}
}

func TestFakeClientsetPanicsOnObjectsItCannotServe(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(error).Error(), "scheme") {
			t.Fatalf("NewSimpleClientset with an object of an unknown kind panicked with %v; want an error naming the scheme", r)
		}
	}()
	fake.NewSimpleClientset(&metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: "x"}})
}

func TestFakeClientsOfKindsWithFewerVerbsAndExtensionMethods(t *testing.T) {
	cs := gizmosfake.NewSimpleClientset(&gizmosv1.Gizmo{ObjectMeta: metav1.ObjectMeta{Name: "g1", Namespace: "ns"}})
	ctx := context.Background()
	gizmos := cs.GizmosV1().Gizmos("ns")

	// Exists is a hand-written expansion method (gizmo_expansion.go in the
	// golden's typed package, fake_gizmo_expansion.go in its fake).
	for name, want := range map[string]bool{"g1": true, "nope": false} {
		if got, err := gizmos.Exists(ctx, name); err != nil || got != want {
			t.Fatalf("Exists(%q) = %v, %v; want %v, nil", name, got, err, want)
		}
	}
	cs.ClearActions()

	// The tracker does not serve the scale subresource: a reactor does, as
	// in client-go tests of GetScale.
	cs.PrependReactor("get", "gizmos/scale", func(a clienttesting.Action) (bool, runtime.Object, error) {
		return true, &gizmosv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: a.(clienttesting.GetAction).GetName()}, Replicas: 3}, nil
	})
	scale, err := gizmos.GetScale(ctx, "g1", metav1.GetOptions{})
	if err != nil || scale.Name != "g1" || scale.Replicas != 3 {
		t.Fatalf("GetScale answered by a reactor: %+v, %v", scale, err)
	}
	if _, err := gizmos.UpdateScale(ctx, "g1", &gizmosv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: "g1"}}, metav1.UpdateOptions{}); err == nil || !strings.Contains(err.Error(), `PrependReactor("update", "gizmos/scale"`) {
		t.Fatalf("UpdateScale without a reactor: %v; want an error saying which reactor to add", err)
	}
	if _, err := gizmos.CreateToken(ctx, "g1", &gizmosv1.Token{}, metav1.CreateOptions{}); err == nil {
		t.Fatal("CreateToken without a reactor did not fail")
	}
	actions := cs.Actions()
	want := []string{"get gizmos/scale g1", "update gizmos/scale g1", "create gizmos/token g1"}
	for i, a := range actions {
		name := ""
		// Switch on the implementations: CreateAction and UpdateAction
		// are the same interface.
		switch a := a.(type) {
		case clienttesting.GetActionImpl:
			name = a.GetName()
		case clienttesting.UpdateActionImpl:
			name = a.GetObject().(*gizmosv1.Scale).Name
		case clienttesting.CreateActionImpl:
			name = a.Name
		}
		if got := a.GetVerb() + " " + a.GetResource().Resource + "/" + a.GetSubresource() + " " + name; i >= len(want) || got != want[i] {
			t.Errorf("action %d: %q, want %q", i, got, want)
		}
	}

	// A kind with Get and DeleteCollection but no List type still has a
	// working DeleteCollection.
	if err := cs.Tracker().Add(&gizmosv1.Lonely{ObjectMeta: metav1.ObjectMeta{Name: "l1", Namespace: "ns"}}); err != nil {
		t.Fatal(err)
	}
	lonelies := cs.GizmosV1().Lonelies("ns")
	if err := lonelies.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{}); err != nil {
		t.Fatalf("DeleteCollection of a kind without a List type: %v", err)
	}
	if _, err := lonelies.Get(ctx, "l1", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("Get after DeleteCollection: %v, want NotFound", err)
	}
	if _, err := cs.GizmosV1().Readers().List(ctx, metav1.ListOptions{}); err != nil {
		t.Fatalf("List of a read-only cluster-scoped kind: %v", err)
	}
}
