package readme

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/runtime/cache"
	"github.com/clientgen/clientgen/runtime/workqueue"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/fake"
	"github.com/clientgen/clientgen/testdata/golden/crds/informers"
)

// runController is the README's controller snippet (between the markers),
// compiled against the golden tree: a shared informer factory, an event
// handler feeding a rate-limited workqueue, and a worker reading the lister.
func runController(ctx context.Context, cs clientset.Interface, reconcile func(context.Context, *examplev1.Widget) error) error {
	// README-controller:begin
	factory := informers.NewSharedInformerFactory(cs, 10*time.Hour)
	widgets := factory.Example().V1().Widgets()
	queue := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[cache.ObjectName]())
	defer queue.ShutDown()
	enqueue := func(obj any) { queue.Add(cache.MetaObjectToName(obj.(*examplev1.Widget))) }
	widgets.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
	})
	factory.StartWithContext(ctx)
	defer factory.Shutdown()
	if err := factory.WaitForCacheSyncWithContext(ctx).AsError(); err != nil {
		return err // the LIST/WATCH error (a 403, an unknown resource), not only "timed out"
	}
	go func() { <-ctx.Done(); queue.ShutDown() }()
	for {
		key, shutdown := queue.Get()
		if shutdown {
			return nil
		}
		w, err := widgets.Lister().Widgets(key.Namespace).Get(key.Name)
		if err == nil {
			err = reconcile(ctx, w)
		}
		if err != nil {
			queue.AddRateLimited(key) // retried with backoff
		} else {
			queue.Forget(key)
		}
		queue.Done(key)
	}
	// README-controller:end
}

func TestREADMEControllerReconcilesWidgetsFromTheCache(t *testing.T) {
	cs := fake.NewSimpleClientset(&examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1", Namespace: "default"}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	seen := make(chan string, 10)
	done := make(chan error, 1)
	go func() {
		done <- runController(ctx, cs, func(_ context.Context, w *examplev1.Widget) error {
			seen <- w.Namespace + "/" + w.Name
			return nil
		})
	}()
	if got := <-seen; got != "default/w1" {
		t.Fatalf("first reconcile: %s, want default/w1 (the object the fake started with)", got)
	}
	if _, err := cs.ExampleV1().Widgets("ns2").Create(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w2"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-seen:
		if got != "ns2/w2" {
			t.Fatalf("after a create: reconciled %s, want ns2/w2", got)
		}
	case <-ctx.Done():
		t.Fatal("the widget created after the sync was never reconciled")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("the controller returned %v after its context ended, want nil", err)
	}
}
