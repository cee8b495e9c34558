package testing_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

var widgetsGVR = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}

func TestActionsHaveClientGosAccessors(t *testing.T) {
	obj := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}
	listOpts := metav1.ListOptions{LabelSelector: "app=x", FieldSelector: "metadata.name=w1", ResourceVersion: "7"}
	tests := []struct {
		name        string
		action      clienttesting.Action
		verb        string
		namespace   string
		subresource string
		check       func(t *testing.T, a clienttesting.Action)
	}{
		{"a get names its object", clienttesting.NewGetAction(widgetsGVR, "ns", "w1"), "get", "ns", "", func(t *testing.T, a clienttesting.Action) {
			if got := a.(clienttesting.GetAction).GetName(); got != "w1" {
				t.Errorf("GetName() = %q, want w1", got)
			}
		}},
		{"a cluster-scoped get has no namespace", clienttesting.NewRootGetAction(widgetsGVR, "w1"), "get", "", "", nil},
		{"a list carries parsed selectors", clienttesting.NewListActionWithOptions(widgetsGVR, widgetsGVR.GroupVersion().WithKind("Widget"), "ns", listOpts), "list", "ns", "", func(t *testing.T, a clienttesting.Action) {
			r := a.(clienttesting.ListAction).GetListRestrictions()
			if !r.Labels.Matches(labels.Set{"app": "x"}) || r.Labels.Matches(labels.Set{"app": "y"}) || !r.Fields.Matches(fields.Set{"metadata.name": "w1"}) {
				t.Errorf("restrictions %v / %v do not select app=x, metadata.name=w1", r.Labels, r.Fields)
			}
		}},
		{"a create carries its object", clienttesting.NewCreateAction(widgetsGVR, "ns", obj), "create", "ns", "", func(t *testing.T, a clienttesting.Action) {
			if got := a.(clienttesting.CreateAction).GetObject(); !reflect.DeepEqual(got, obj) {
				t.Errorf("GetObject() = %v, want %v", got, obj)
			}
		}},
		{"an update of the status names the subresource", clienttesting.NewUpdateSubresourceAction(widgetsGVR, "status", "ns", obj), "update", "ns", "status", func(t *testing.T, a clienttesting.Action) {
			if got := a.(clienttesting.UpdateAction).GetObject(); !reflect.DeepEqual(got, obj) {
				t.Errorf("GetObject() = %v, want %v", got, obj)
			}
		}},
		{"a patch carries its type and bytes", clienttesting.NewPatchSubresourceAction(widgetsGVR, "ns", "w1", types.MergePatchType, []byte(`{}`), "status"), "patch", "ns", "status", func(t *testing.T, a clienttesting.Action) {
			p := a.(clienttesting.PatchAction)
			if p.GetName() != "w1" || p.GetPatchType() != types.MergePatchType || string(p.GetPatch()) != `{}` {
				t.Errorf("patch action %+v", p)
			}
		}},
		{"a delete carries its options", clienttesting.NewDeleteActionWithOptions(widgetsGVR, "ns", "w1", metav1.DeleteOptions{DryRun: []string{"All"}}), "delete", "ns", "", func(t *testing.T, a clienttesting.Action) {
			d := a.(clienttesting.DeleteAction)
			if d.GetName() != "w1" || len(d.GetDeleteOptions().DryRun) != 1 {
				t.Errorf("delete action %+v", d)
			}
		}},
		{"a delete-collection carries its selectors", clienttesting.NewDeleteCollectionAction(widgetsGVR, "ns", listOpts), "delete-collection", "ns", "", func(t *testing.T, a clienttesting.Action) {
			if r := a.(clienttesting.DeleteCollectionAction).GetListRestrictions(); !r.Labels.Matches(labels.Set{"app": "x"}) {
				t.Errorf("restrictions %v", r.Labels)
			}
		}},
		{"a watch carries its selectors and resourceVersion", clienttesting.NewWatchAction(widgetsGVR, "ns", listOpts), "watch", "ns", "", func(t *testing.T, a clienttesting.Action) {
			r := a.(clienttesting.WatchAction).GetWatchRestrictions()
			if r.ResourceVersion != "7" || !r.Fields.Matches(fields.Set{"metadata.name": "w1"}) {
				t.Errorf("restrictions %+v", r)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.action
			if a.GetVerb() != tc.verb || a.GetNamespace() != tc.namespace || a.GetSubresource() != tc.subresource || a.GetResource() != widgetsGVR {
				t.Fatalf("verb %q namespace %q subresource %q resource %v; want %q %q %q %v",
					a.GetVerb(), a.GetNamespace(), a.GetSubresource(), a.GetResource(), tc.verb, tc.namespace, tc.subresource, widgetsGVR)
			}
			if !a.Matches(tc.verb, "widgets") || a.Matches("other", "widgets") || a.Matches(tc.verb, "gadgets") {
				t.Fatalf("Matches(%q, widgets) is wrong", tc.verb)
			}
			if tc.subresource != "" && (!a.Matches(tc.verb, "widgets/"+tc.subresource) || a.Matches(tc.verb, "widgets/scale")) {
				t.Fatalf("Matches(%q, widgets/%s) is wrong", tc.verb, tc.subresource)
			}
			if !reflect.DeepEqual(a.DeepCopy(), a) {
				t.Fatalf("DeepCopy differs from the action: %+v", a.DeepCopy())
			}
			if tc.check != nil {
				tc.check(t, a)
			}
		})
	}
}

func TestExtractFromListOptionsDoesNotPanicOnBadSelectors(t *testing.T) {
	l, f, rv := clienttesting.ExtractFromListOptions(metav1.ListOptions{LabelSelector: "a in (b", FieldSelector: "x", ResourceVersion: "3"})
	if l.Matches(labels.Set{"a": "b"}) || f.Matches(fields.Set{"x": ""}) || rv != "3" {
		t.Fatalf("bad selectors gave %v, %v, %q; want selectors that select nothing and rv 3", l, f, rv)
	}
	l, f, _ = clienttesting.ExtractFromListOptions("not options")
	if !l.Empty() || !f.Empty() {
		t.Fatalf("non-ListOptions gave %v, %v; want empty selectors", l, f)
	}
}

func answer(obj runtime.Object) clienttesting.ReactionFunc {
	return func(clienttesting.Action) (bool, runtime.Object, error) { return true, obj, nil }
}

func TestReactorChain(t *testing.T) {
	first := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "first"}}
	second := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "second"}}
	passOn := func(clienttesting.Action) (bool, runtime.Object, error) { return false, nil, errors.New("ignored") }
	tests := []struct {
		name   string
		setup  func(f *clienttesting.Fake)
		action clienttesting.Action
		want   string // name of the answer, "" for the default
	}{
		{"a prepended reactor runs before an added one", func(f *clienttesting.Fake) {
			f.AddReactor("get", "widgets", answer(second))
			f.PrependReactor("get", "widgets", answer(first))
		}, clienttesting.NewGetAction(widgetsGVR, "ns", "x"), "first"},
		{"a reactor that does not handle passes the action on", func(f *clienttesting.Fake) {
			f.AddReactor("*", "*", passOn)
			f.AddReactor("*", "*", answer(second))
		}, clienttesting.NewGetAction(widgetsGVR, "ns", "x"), "second"},
		{"a reactor for another verb is skipped", func(f *clienttesting.Fake) {
			f.AddReactor("create", "widgets", answer(first))
			f.AddReactor("get", "*", answer(second))
		}, clienttesting.NewGetAction(widgetsGVR, "ns", "x"), "second"},
		{"a reactor for resource/subresource handles only that subresource", func(f *clienttesting.Fake) {
			f.AddReactor("update", "widgets/status", answer(first))
			f.AddReactor("update", "widgets", answer(second))
		}, clienttesting.NewUpdateSubresourceAction(widgetsGVR, "status", "ns", first), "first"},
		{"a reactor for the resource also handles its subresources", func(f *clienttesting.Fake) {
			f.AddReactor("update", "widgets/scale", answer(first))
			f.AddReactor("update", "widgets", answer(second))
		}, clienttesting.NewUpdateSubresourceAction(widgetsGVR, "status", "ns", first), "second"},
		{"without a handling reactor the default object is returned", func(f *clienttesting.Fake) {
			f.AddReactor("get", "gadgets", answer(first))
		}, clienttesting.NewGetAction(widgetsGVR, "ns", "x"), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &clienttesting.Fake{}
			tc.setup(f)
			def := &examplev1.Widget{}
			got, err := f.Invokes(tc.action, def)
			if err != nil {
				t.Fatal(err)
			}
			if name := got.(*examplev1.Widget).Name; name != tc.want {
				t.Fatalf("answered by %q, want %q", name, tc.want)
			}
		})
	}
}

func TestActionsAreRecordedInOrderAsCopies(t *testing.T) {
	f := &clienttesting.Fake{}
	obj := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}
	_, _ = f.Invokes(clienttesting.NewCreateAction(widgetsGVR, "ns", obj), nil)
	_, _ = f.Invokes(clienttesting.NewGetAction(widgetsGVR, "ns", "w1"), nil)
	obj.Name = "changed after the call"
	actions := f.Actions()
	if len(actions) != 2 || !actions[0].Matches("create", "widgets") || !actions[1].Matches("get", "widgets") {
		t.Fatalf("recorded %v, want create then get of widgets", actions)
	}
	if got := actions[0].(clienttesting.CreateAction).GetObject().(*examplev1.Widget).Name; got != "w1" {
		t.Fatalf("recorded object named %q; want the object as it was at the call, w1", got)
	}
	f.ClearActions()
	if len(f.Actions()) != 0 {
		t.Fatalf("after ClearActions: %v", f.Actions())
	}
}

func TestReactorMayCallTheFakeAgain(t *testing.T) {
	f := &clienttesting.Fake{}
	f.AddReactor("get", "widgets", func(a clienttesting.Action) (bool, runtime.Object, error) {
		// client-go's Fake holds its lock here and deadlocks.
		_, err := f.Invokes(clienttesting.NewListAction(widgetsGVR, schema.GroupVersionKind{}, "ns", metav1.ListOptions{}), nil)
		return true, &examplev1.Widget{}, err
	})
	if _, err := f.Invokes(clienttesting.NewGetAction(widgetsGVR, "ns", "w1"), nil); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Actions()); n != 2 {
		t.Fatalf("recorded %d actions, want the get and the list", n)
	}
}

func TestWatchReactors(t *testing.T) {
	f := &clienttesting.Fake{}
	_, err := f.InvokesWatch(clienttesting.NewWatchAction(widgetsGVR, "ns", metav1.ListOptions{}))
	if err == nil || !strings.Contains(err.Error(), "AddWatchReactor") {
		t.Fatalf("a watch without reactors: %v; want an error naming AddWatchReactor", err)
	}
	added, prepended := watch.NewFake(), watch.NewFake()
	f.AddWatchReactor("*", clienttesting.DefaultWatchReactor(added, nil))
	f.PrependWatchReactor("widgets", clienttesting.DefaultWatchReactor(prepended, nil))
	if w, _ := f.InvokesWatch(clienttesting.NewWatchAction(widgetsGVR, "ns", metav1.ListOptions{})); w != prepended {
		t.Fatal("the prepended watch reactor did not answer a watch of widgets")
	}
	gadgets := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "gadgets"}
	if w, _ := f.InvokesWatch(clienttesting.NewWatchAction(gadgets, "ns", metav1.ListOptions{})); w != added {
		t.Fatal("the catch-all watch reactor did not answer a watch of gadgets")
	}
}
