// Package goldenrun runs the generated listers and informers of the crds
// golden tree over its generated fake clientset: the golden code must work,
// not only compile. It is a package of its own so that a stale golden tree
// never stops the generator's own tests (and -update) from building.
package goldenrun

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"

	rttesting "github.com/clientgen/clientgen/runtime/testing"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	opsv1alpha1 "github.com/clientgen/clientgen/testdata/crds/ops/v1alpha1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/fake"
	"github.com/clientgen/clientgen/testdata/golden/crds/informers"
)

func widget(ns, name string) *examplev1.Widget {
	return &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{"app": name}}}
}

func policy(name string) *opsv1alpha1.ClusterPolicy {
	return &opsv1alpha1.ClusterPolicy{ObjectMeta: metav1.ObjectMeta{Name: name}}
}

// syncedFactory starts the factory and waits (with a deadline) for its caches.
func syncedFactory(t testing.TB, ctx context.Context, f informers.SharedInformerFactory) {
	t.Helper()
	f.StartWithContext(ctx)
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := f.WaitForCacheSyncWithContext(waitCtx).AsError(); err != nil {
		t.Fatalf("caches did not sync: %v", err)
	}
}

func names[T metav1.Object](objs []T) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.GetNamespace()+"/"+o.GetName())
	}
	return out
}

func TestFactoryListersServeTheFakeClientsetsObjects(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cs := fake.NewSimpleClientset(widget("a", "w1"), widget("b", "w2"), policy("p1"))
	f := informers.NewSharedInformerFactory(cs, 0)
	defer f.Shutdown()
	defer cancel()
	widgets := f.Example().V1().Widgets()
	policies := f.Ops().V1alpha1().ClusterPolicies()
	// As with informer-gen's factories, an informer exists (and Start runs
	// it) once it is asked for.
	widgets.Informer()
	policies.Informer()
	syncedFactory(t, ctx, f)

	all, err := widgets.Lister().List(labels.Everything())
	if err != nil || len(all) != 2 {
		t.Fatalf("Widgets lister List: %v, %v; want both widgets", names(all), err)
	}
	w, err := widgets.Lister().Widgets("a").Get("w1")
	if err != nil || w.Name != "w1" {
		t.Fatalf("Widgets(a).Get(w1) = %v, %v", w, err)
	}
	_, err = widgets.Lister().Widgets("b").Get("w1")
	if !apierrors.IsNotFound(err) || !strings.Contains(err.Error(), `widget.example.com "w1" not found`) {
		t.Errorf("Get of a widget in another namespace: %v; want lister-gen's NotFound text", err)
	}
	p, err := policies.Lister().Get("p1")
	if err != nil || p.Name != "p1" {
		t.Errorf("ClusterPolicies lister Get(p1) = %v, %v", p, err)
	}
	sel, _ := labels.Parse("app=w2")
	if got, _ := widgets.Lister().List(sel); len(got) != 1 || got[0].Name != "w2" {
		t.Errorf("List(app=w2) = %v", names(got))
	}

	g, err := f.ForResource(schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"})
	if err != nil {
		t.Fatal(err)
	}
	if g.Informer() != widgets.Informer() {
		t.Error("ForResource(widgets) is not the factory's shared Widget informer")
	}
	if _, err := f.ForResource(schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "gadgets"}); err == nil {
		t.Error("ForResource of an unknown resource succeeded")
	}
}

func TestInformerOptionsForOneKindReplaceTheFactorys(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cs := fake.NewSimpleClientset(widget("a", "w1"), widget("b", "w2"), widget("b", "w3"), policy("p1"), policy("p2"))
	var transformed atomic.Int32
	f := informers.NewSharedInformerFactoryWithOptions(cs, 0,
		informers.WithNamespace("a"),
		informers.WithInformerOptionsFor(&examplev1.Widget{}, informers.KindInformerOptions{
			Namespace: "b",
			TweakListOptions: func(o *metav1.ListOptions) {
				o.LabelSelector = "app=w3"
			},
			Transform: func(obj any) (any, error) {
				if w, ok := obj.(*examplev1.Widget); ok {
					transformed.Add(1)
					w.Annotations = map[string]string{"transformed": "yes"}
				}
				return obj, nil
			},
		}),
	)
	defer f.Shutdown()
	defer cancel()
	widgets := f.Example().V1().Widgets()
	policies := f.Ops().V1alpha1().ClusterPolicies()
	// As with informer-gen's factories, an informer exists (and Start runs
	// it) once it is asked for.
	widgets.Informer()
	policies.Informer()
	syncedFactory(t, ctx, f)

	got, _ := widgets.Lister().List(labels.Everything())
	if len(got) != 1 || got[0].Namespace != "b" || got[0].Name != "w3" {
		t.Fatalf("Widget informer with its own namespace b and selector app=w3 holds %v; want only b/w3", names(got))
	}
	if got[0].Annotations["transformed"] != "yes" || transformed.Load() == 0 {
		t.Errorf("the Widget transform did not run: %v", got[0].Annotations)
	}
	// The cluster-scoped kind keeps the factory's settings (its namespace
	// does not apply to it).
	if ps, _ := policies.Lister().List(labels.Everything()); len(ps) != 2 {
		t.Errorf("ClusterPolicy informer holds %v; want both policies", names(ps))
	}
}

func TestWaitForCacheSyncReturnsTheListError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cs := fake.NewSimpleClientset(widget("a", "w1"), policy("p1"))
	forbidden := apierrors.NewForbidden(schema.GroupResource{Group: "example.com", Resource: "widgets"}, "", errors.New("no RBAC"))
	cs.PrependReactor("list", "widgets", func(rttesting.Action) (bool, runtime.Object, error) { return true, nil, forbidden })
	cs.PrependWatchReactor("widgets", func(rttesting.Action) (bool, watch.Interface, error) { return true, nil, forbidden })
	f := informers.NewSharedInformerFactory(cs, 0)
	defer f.Shutdown()
	defer cancel()
	f.Example().V1().Widgets().Informer()
	f.Ops().V1alpha1().ClusterPolicies().Informer()
	f.StartWithContext(ctx)

	waitCtx, waitCancel := context.WithTimeout(ctx, 3*time.Second)
	defer waitCancel()
	res := f.WaitForCacheSyncWithContext(waitCtx)
	if res.Err == nil {
		t.Fatalf("WaitForCacheSyncWithContext succeeded while listing widgets is forbidden: %v", res.Synced)
	}
	if !apierrors.IsForbidden(res.Err) || !strings.Contains(res.Err.Error(), "no RBAC") {
		t.Errorf("SyncResult.Err = %v; want it to hold the LIST's 403", res.Err)
	}
	for typ, synced := range res.Synced {
		if want := typ.String() != "*v1.Widget"; synced != want {
			t.Errorf("Synced[%s] = %v, want %v", typ, synced, want)
		}
	}
}
