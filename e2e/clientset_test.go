//go:build e2e

package e2e

import (
	"fmt"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/dynamic"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	examplev1beta1 "github.com/clientgen/clientgen/testdata/crds/example/v1beta1"
	opsv1alpha1 "github.com/clientgen/clientgen/testdata/crds/ops/v1alpha1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

var installOnce sync.Once

// setup installs the CRDs once per test binary (with the cert context) and
// waits until the custom resources are actually served.
func setup(t *testing.T) {
	t.Helper()
	installOnce.Do(func() {
		dyn, err := dynamic.NewForConfig(configFor(t, testserver.CertContext))
		if err != nil {
			t.Fatal(err)
		}
		installCRDs(t, dyn)
		cs := clientsetFor(t, testserver.CertContext)
		ctx := testContext(t)
		// Established comes a moment before the handler serves requests.
		eventually(t, 30*time.Second, "widgets and clusterpolicies to be served", func() (bool, error) {
			if _, err := cs.ExampleV1().Widgets("default").List(ctx, metav1.ListOptions{}); err != nil {
				return false, err
			}
			if _, err := cs.ExampleV1beta1().Widgets("default").List(ctx, metav1.ListOptions{}); err != nil {
				return false, err
			}
			_, err := cs.OpsV1alpha1().ClusterPolicies().List(ctx, metav1.ListOptions{})
			return err == nil, err
		})
	})
}

var kubeContexts = []struct {
	name    string
	context string
}{
	{"with a client certificate", testserver.CertContext},
	{"with a bearer token", testserver.TokenContext},
}

func TestNamespacedKindThroughGeneratedClientset(t *testing.T) {
	setup(t)
	for _, kc := range kubeContexts {
		t.Run(kc.name, func(t *testing.T) {
			cs := clientsetFor(t, kc.context)
			dyn, err := dynamic.NewForConfig(configFor(t, kc.context))
			if err != nil {
				t.Fatal(err)
			}
			ns := freshNamespace(t, dyn)
			widgets := cs.ExampleV1().Widgets(ns)
			ctx := testContext(t)

			// Watch from the start so that every later write is observed in order.
			w, err := widgets.Watch(ctx, metav1.ListOptions{FieldSelector: "metadata.name=watched"})
			if err != nil {
				t.Fatalf("Watch: %v", err)
			}
			defer w.Stop()

			t.Log("Create, and Create again")
			created, err := widgets.Create(ctx, &examplev1.Widget{
				ObjectMeta: metav1.ObjectMeta{Name: "w1", Labels: map[string]string{"app": "demo"}},
				Spec:       examplev1.WidgetSpec{Size: 3, Color: "red"},
			}, metav1.CreateOptions{})
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			if created.Spec.Size != 3 || created.ResourceVersion == "" || created.UID == "" {
				t.Fatalf("Create returned %+v; want the spec back with a resourceVersion and UID", created)
			}
			if _, err := widgets.Create(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}, metav1.CreateOptions{}); !apierrors.IsAlreadyExists(err) {
				t.Fatalf("second Create of w1: got %v, want AlreadyExists", err)
			}

			t.Log("Get, and Get of a missing object")
			got, err := widgets.Get(ctx, "w1", metav1.GetOptions{})
			if err != nil || got.Spec.Color != "red" || got.Namespace != ns {
				t.Fatalf("Get: %+v, %v", got, err)
			}
			if _, err := widgets.Get(ctx, "missing", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				t.Fatalf("Get of a missing widget: got %v, want NotFound", err)
			}

			t.Log("List with a label selector")
			if _, err := widgets.Create(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w2", Labels: map[string]string{"app": "other"}}}, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			list, err := widgets.List(ctx, metav1.ListOptions{LabelSelector: "app=demo"})
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if len(list.Items) != 1 || list.Items[0].Name != "w1" {
				t.Fatalf("List app=demo: got %v, want [w1]", names(list.Items))
			}

			t.Log("Update, and Update with a stale resourceVersion")
			got.Spec.Size = 5
			updated, err := widgets.Update(ctx, got, metav1.UpdateOptions{})
			if err != nil || updated.Spec.Size != 5 {
				t.Fatalf("Update: %+v, %v", updated, err)
			}
			if updated.ResourceVersion == got.ResourceVersion {
				t.Fatal("Update did not change the resourceVersion")
			}
			got.Spec.Size = 6 // got still carries the old resourceVersion
			if _, err := widgets.Update(ctx, got, metav1.UpdateOptions{}); !apierrors.IsConflict(err) {
				t.Fatalf("Update with a stale resourceVersion: got %v, want Conflict", err)
			}

			t.Log("UpdateStatus changes the status and leaves the spec alone")
			statusIn := updated.DeepCopy()
			statusIn.Status = examplev1.WidgetStatus{Phase: "Ready", ObservedSize: 5}
			statusIn.Spec.Size = 99 // ignored by the status subresource
			withStatus, err := widgets.UpdateStatus(ctx, statusIn, metav1.UpdateOptions{})
			if err != nil {
				t.Fatalf("UpdateStatus: %v", err)
			}
			if withStatus.Status.Phase != "Ready" || withStatus.Spec.Size != 5 {
				t.Fatalf("UpdateStatus: status %+v spec %+v; want phase Ready and size still 5", withStatus.Status, withStatus.Spec)
			}

			t.Log("Patch, merge and JSON")
			merged, err := widgets.Patch(ctx, "w1", types.MergePatchType, []byte(`{"spec":{"color":"blue"}}`), metav1.PatchOptions{})
			if err != nil || merged.Spec.Color != "blue" || merged.Spec.Size != 5 {
				t.Fatalf("merge Patch: %+v, %v", merged, err)
			}
			jsonPatched, err := widgets.Patch(ctx, "w1", types.JSONPatchType, []byte(`[{"op":"replace","path":"/spec/size","value":7},{"op":"add","path":"/spec/tags","value":["a","b"]}]`), metav1.PatchOptions{})
			if err != nil || jsonPatched.Spec.Size != 7 || len(jsonPatched.Spec.Tags) != 2 {
				t.Fatalf("JSON Patch: %+v, %v", jsonPatched, err)
			}
			statusPatched, err := widgets.Patch(ctx, "w1", types.MergePatchType, []byte(`{"status":{"phase":"Patched"}}`), metav1.PatchOptions{}, "status")
			if err != nil || statusPatched.Status.Phase != "Patched" {
				t.Fatalf("merge Patch of the status subresource: %+v, %v", statusPatched, err)
			}

			t.Log("the same object through the v1beta1 client")
			beta, err := cs.ExampleV1beta1().Widgets(ns).Get(ctx, "w1", metav1.GetOptions{})
			if err != nil || beta.Spec.Color != "blue" || beta.APIVersion != "" && beta.APIVersion != examplev1beta1.SchemeGroupVersion.String() {
				t.Fatalf("v1beta1 Get: %+v, %v", beta, err)
			}

			t.Log("Watch sees ADDED, MODIFIED and DELETED in order")
			if _, err := widgets.Create(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "watched"}}, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := widgets.Patch(ctx, "watched", types.MergePatchType, []byte(`{"spec":{"size":1}}`), metav1.PatchOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := widgets.Delete(ctx, "watched", metav1.DeleteOptions{}); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			for _, want := range []watch.EventType{watch.Added, watch.Modified, watch.Deleted} {
				select {
				case ev, ok := <-w.ResultChan():
					if !ok {
						t.Fatalf("watch closed before %s", want)
					}
					obj, isWidget := ev.Object.(*examplev1.Widget)
					if ev.Type != want || !isWidget || obj.Name != "watched" {
						t.Fatalf("watch event: got %s %T %v, want %s of widget watched", ev.Type, ev.Object, ev.Object, want)
					}
				case <-time.After(30 * time.Second):
					t.Fatalf("no %s event within 30s", want)
				}
			}
			if _, err := widgets.Get(ctx, "watched", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				t.Fatalf("Get after Delete: got %v, want NotFound", err)
			}

			t.Log("List with Limit and Continue across pages")
			for i := range 7 {
				if _, err := widgets.Create(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("page-%d", i), Labels: map[string]string{"set": "paged"}}}, metav1.CreateOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			var paged []string
			pages := 0
			opts := metav1.ListOptions{LabelSelector: "set=paged", Limit: 3}
			for {
				page, err := widgets.List(ctx, opts)
				if err != nil {
					t.Fatalf("List page %d: %v", pages+1, err)
				}
				pages++
				if len(page.Items) > 3 {
					t.Fatalf("page %d has %d items; Limit was 3", pages, len(page.Items))
				}
				paged = append(paged, names(page.Items)...)
				if page.Continue == "" {
					break
				}
				opts.Continue = page.Continue
			}
			if pages != 3 || len(paged) != 7 {
				t.Fatalf("paged List: %d pages with %v; want 3 pages with 7 widgets", pages, paged)
			}

			t.Log("DeleteCollection deletes what the selector matches, nothing else")
			if err := widgets.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "set=paged"}); err != nil {
				t.Fatalf("DeleteCollection: %v", err)
			}
			rest, err := widgets.List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := names(rest.Items); len(got) != 2 || got[0] != "w1" || got[1] != "w2" {
				t.Fatalf("after DeleteCollection: %v; want [w1 w2]", got)
			}
		})
	}
}

func TestClusterScopedKindThroughGeneratedClientset(t *testing.T) {
	setup(t)
	cs := clientsetFor(t, testserver.TokenContext)
	policies := cs.OpsV1alpha1().ClusterPolicies()
	ctx := testContext(t)
	name := fmt.Sprintf("policy-%d", time.Now().UnixNano())

	created, err := policies.Create(ctx, &opsv1alpha1.ClusterPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       opsv1alpha1.ClusterPolicySpec{Rules: []string{"deny-all"}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if created.Namespace != "" {
		t.Fatalf("cluster-scoped object has namespace %q", created.Namespace)
	}
	got, err := policies.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	got.Spec.Enforce = true
	updated, err := policies.Update(ctx, got, metav1.UpdateOptions{})
	if err != nil || !updated.Spec.Enforce {
		t.Fatalf("Update: %+v, %v", updated, err)
	}
	list, err := policies.List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=" + name})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("List by name: %v, %v", list, err)
	}
	patched, err := policies.Patch(ctx, name, types.MergePatchType, []byte(`{"spec":{"rules":["allow-dns","deny-all"]}}`), metav1.PatchOptions{})
	if err != nil || len(patched.Spec.Rules) != 2 {
		t.Fatalf("Patch: %+v, %v", patched, err)
	}
	if err := policies.Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := policies.Get(ctx, name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("Get after Delete: got %v, want NotFound", err)
	}
}

func TestDiscoveryThroughGeneratedClientset(t *testing.T) {
	setup(t)
	cs := clientsetFor(t, testserver.CertContext)
	ctx := testContext(t)
	v, err := cs.Discovery().ServerVersionWithContext(ctx)
	if err != nil || v.GitVersion != "v1.37.2" {
		t.Fatalf("ServerVersion: %+v, %v; want v1.37.2", v, err)
	}
	resources, err := cs.Discovery().ServerResourcesForGroupVersionWithContext(ctx, "example.com/v1")
	if err != nil {
		t.Fatalf("ServerResourcesForGroupVersion: %v", err)
	}
	found := false
	for _, r := range resources.APIResources {
		found = found || r.Name == "widgets" && r.Namespaced && r.Kind == "Widget"
	}
	if !found {
		t.Fatalf("discovery of example.com/v1 lacks namespaced widgets: %+v", resources.APIResources)
	}
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	setup(t)
	cfg := configFor(t, testserver.TokenContext)
	cfg.BearerToken = "not-the-token"
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = cs.ExampleV1().Widgets("default").List(testContext(t), metav1.ListOptions{})
	if !apierrors.IsUnauthorized(err) {
		t.Fatalf("List with a wrong token: got %v, want Unauthorized", err)
	}
}

func names(items []examplev1.Widget) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Name
	}
	return out
}
