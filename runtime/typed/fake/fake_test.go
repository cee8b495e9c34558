package fake_test

import (
	"context"
	"errors"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
	typedfake "github.com/clientgen/clientgen/runtime/typed/fake"
)

var (
	gvr = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
	gvk = gvr.GroupVersion().WithKind("Widget")
)

func newClient(f *clienttesting.Fake, ns string) *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList] {
	return typedfake.NewClientWithList(f, ns, gvr, gvk,
		func() *examplev1.Widget { return &examplev1.Widget{} },
		func() *examplev1.WidgetList { return &examplev1.WidgetList{} })
}

func TestEachVerbRecordsClientGosAction(t *testing.T) {
	ctx := context.Background()
	w := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}
	tests := []struct {
		name        string
		call        func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error
		verb, sub   string
		wantActName string
	}{
		{"Get", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			_, err := c.Get(ctx, "w1", metav1.GetOptions{})
			return err
		}, "get", "", "w1"},
		{"List", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			_, err := c.List(ctx, metav1.ListOptions{})
			return err
		}, "list", "", ""},
		{"Create", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			_, err := c.Create(ctx, w, metav1.CreateOptions{})
			return err
		}, "create", "", ""},
		{"Update", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			_, err := c.Update(ctx, w, metav1.UpdateOptions{})
			return err
		}, "update", "", ""},
		{"UpdateStatus", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			_, err := c.UpdateStatus(ctx, w, metav1.UpdateOptions{})
			return err
		}, "update", "status", ""},
		{"Delete", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			return c.Delete(ctx, "w1", metav1.DeleteOptions{})
		}, "delete", "", "w1"},
		{"DeleteCollection", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			return c.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{})
		}, "delete-collection", "", ""},
		{"Patch", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			_, err := c.Patch(ctx, "w1", types.MergePatchType, []byte(`{}`), metav1.PatchOptions{}, "status")
			return err
		}, "patch", "status", "w1"},
		{"GetInto of a subresource", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			return c.GetInto(ctx, "w1", metav1.GetOptions{}, &examplev1.Widget{}, "scale")
		}, "get", "scale", "w1"},
		{"UpdateInto of a subresource", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			return c.UpdateInto(ctx, "w1", w, metav1.UpdateOptions{}, &examplev1.Widget{}, "scale")
		}, "update", "scale", ""},
		{"CreateInto of a subresource", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			return c.CreateInto(ctx, "w1", w, metav1.CreateOptions{}, &examplev1.Widget{}, "eviction")
		}, "create", "eviction", ""},
		{"ApplyInto", func(c *typedfake.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) error {
			return c.ApplyInto(ctx, "w1", map[string]any{"metadata": map[string]any{"name": "w1"}}, metav1.ApplyOptions{FieldManager: "m"}, &examplev1.Widget{})
		}, "patch", "", "w1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &clienttesting.Fake{}
			if err := tc.call(newClient(f, "ns")); err != nil {
				t.Fatalf("with no reactor: %v", err)
			}
			actions := f.Actions()
			if len(actions) != 1 {
				t.Fatalf("recorded %d actions, want 1", len(actions))
			}
			a := actions[0]
			if a.GetVerb() != tc.verb || a.GetSubresource() != tc.sub || a.GetNamespace() != "ns" || a.GetResource() != gvr {
				t.Fatalf("recorded %s %v/%s in %q; want %s %v/%s in ns", a.GetVerb(), a.GetResource(), a.GetSubresource(), a.GetNamespace(), tc.verb, gvr, tc.sub)
			}
			if named, ok := a.(interface{ GetName() string }); ok && named.GetName() != tc.wantActName {
				t.Fatalf("recorded name %q, want %q", named.GetName(), tc.wantActName)
			}
		})
	}
}

func TestAnswersAreConvertedToTheClientsType(t *testing.T) {
	f := &clienttesting.Fake{}
	f.AddReactor("get", "widgets", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "example.com/v1", "kind": "Widget",
			"metadata": map[string]any{"name": "w1"}, "spec": map[string]any{"size": int64(3)},
		}}, nil
	})
	got, err := newClient(f, "ns").Get(context.Background(), "w1", metav1.GetOptions{})
	if err != nil || got.Name != "w1" || got.Spec.Size != 3 {
		t.Fatalf("Get answered with an Unstructured widget: %+v, %v; want the typed widget w1 of size 3", got, err)
	}
	into := &examplev1.Widget{}
	if err := newClient(f, "ns").GetInto(context.Background(), "w1", metav1.GetOptions{}, into); err != nil || into.Spec.Size != 3 {
		t.Fatalf("GetInto: %+v, %v", into, err)
	}
}

func TestErrorsGiveNil(t *testing.T) {
	f := &clienttesting.Fake{}
	boom := errors.New("boom")
	f.AddReactor("*", "*", func(clienttesting.Action) (bool, runtime.Object, error) { return true, nil, boom })
	got, err := newClient(f, "ns").Get(context.Background(), "w1", metav1.GetOptions{})
	if !errors.Is(err, boom) || got != nil {
		t.Fatalf("Get with a failing reactor: %v, %v; want nil and the reactor's error, as the real client", got, err)
	}
	list, err := newClient(f, "ns").List(context.Background(), metav1.ListOptions{})
	if !errors.Is(err, boom) || list != nil {
		t.Fatalf("List with a failing reactor: %v, %v", list, err)
	}
}

func TestListAppliesTheLabelSelectorToAReactorsAnswer(t *testing.T) {
	f := &clienttesting.Fake{}
	f.AddReactor("list", "widgets", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, &examplev1.WidgetList{Items: []examplev1.Widget{
			{ObjectMeta: metav1.ObjectMeta{Name: "a", Labels: map[string]string{"app": "x"}}},
			{ObjectMeta: metav1.ObjectMeta{Name: "b", Labels: map[string]string{"app": "y"}}},
		}}, nil
	})
	list, err := newClient(f, "ns").List(context.Background(), metav1.ListOptions{LabelSelector: "app=x"})
	if err != nil || len(list.Items) != 1 || list.Items[0].Name != "a" {
		t.Fatalf("List app=x over a reactor answering a and b: %+v, %v; want only a", list, err)
	}
}

func TestWatchStopsWhenTheContextIsDone(t *testing.T) {
	f := &clienttesting.Fake{}
	fw := watch.NewFake()
	f.AddWatchReactor("widgets", clienttesting.DefaultWatchReactor(fw, nil))
	ctx, cancel := context.WithCancel(context.Background())
	w, err := newClient(f, "ns").Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a := f.Actions()[0].(clienttesting.WatchActionImpl); !a.ListOptions.Watch {
		t.Fatal("the recorded watch action has ListOptions.Watch false")
	}
	cancel()
	select {
	case _, ok := <-w.ResultChan():
		if ok {
			t.Fatal("got an event, want the watch to end")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the watch did not end within 10s of its context being cancelled")
	}
}

func TestApplyNeedsAConfigurationWithAName(t *testing.T) {
	f := &clienttesting.Fake{}
	c := typedfake.NewClientWithApply[*examplev1.Widget, *named](f, "ns", gvr, gvk, func() *examplev1.Widget { return &examplev1.Widget{} })
	if _, err := c.Apply(context.Background(), nil, metav1.ApplyOptions{}); err == nil {
		t.Fatal("Apply of a nil configuration did not fail")
	}
	if _, err := c.Apply(context.Background(), &named{}, metav1.ApplyOptions{}); err == nil {
		t.Fatal("Apply of a configuration without a name did not fail")
	}
	name := "w1"
	if _, err := c.ApplyStatus(context.Background(), &named{Name: &name}, metav1.ApplyOptions{FieldManager: "m"}); err != nil {
		t.Fatal(err)
	}
	a := f.Actions()[0].(clienttesting.PatchActionImpl)
	if a.PatchType != types.ApplyPatchType || a.Subresource != "status" || a.Name != "w1" || a.PatchOptions.FieldManager != "m" || string(a.Patch) != `{"name":"w1"}` {
		t.Fatalf("ApplyStatus recorded %+v", a)
	}
}

// named is the smallest apply configuration.
type named struct {
	Name *string `json:"name,omitempty"`
}

func (n *named) GetName() *string { return n.Name }
