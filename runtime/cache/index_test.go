package cache

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func byLabel(key string) IndexFunc {
	return func(obj interface{}) ([]string, error) {
		f := obj.(*Foo)
		if v, ok := f.Labels[key]; ok {
			return strings.Split(v, ","), nil
		}
		return nil, nil
	}
}

func labeled(ns, name, rv, team string) *Foo {
	f := NewFoo(ns, name, rv)
	f.Labels = map[string]string{"team": team}
	return f
}

func names(objs []interface{}) []string {
	var out []string
	for _, o := range objs {
		out = append(out, name(o))
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestIndexer(t *testing.T) {
	idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{NamespaceIndex: MetaNamespaceIndexFunc, "team": byLabel("team")})
	for _, f := range []*Foo{labeled("ns1", "a", "1", "red"), labeled("ns1", "b", "2", "red,blue"), labeled("ns2", "a", "3", "blue"), NewFoo("", "cluster", "4")} {
		if err := idx.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("keys are namespace/name, or name for cluster-scoped objects", func(t *testing.T) {
		if diff := cmp.Diff([]string{"cluster", "ns1/a", "ns1/b", "ns2/a"}, sorted(idx.ListKeys())); diff != "" {
			t.Error(diff)
		}
		obj, ok, err := idx.GetByKey("ns2/a")
		if err != nil || !ok || name(obj) != "ns2/a@3" {
			t.Errorf("GetByKey(ns2/a) = %v, %v, %v", obj, ok, err)
		}
		if _, ok, _ := idx.Get(NewFoo("ns3", "a", "")); ok {
			t.Error("Get of an absent object found one")
		}
	})
	t.Run("ByIndex returns the objects with an indexed value", func(t *testing.T) {
		got, err := idx.ByIndex("team", "blue")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"ns1/b@2", "ns2/a@3"}, names(got)); diff != "" {
			t.Error(diff)
		}
		keys, _ := idx.IndexKeys("team", "red")
		if diff := cmp.Diff([]string{"ns1/a", "ns1/b"}, sorted(keys)); diff != "" {
			t.Error(diff)
		}
		if diff := cmp.Diff([]string{"blue", "red"}, sorted(idx.ListIndexFuncValues("team"))); diff != "" {
			t.Error(diff)
		}
	})
	t.Run("Index returns the objects sharing any indexed value with the given one", func(t *testing.T) {
		got, err := idx.Index("team", labeled("x", "y", "", "red,blue"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"ns1/a@1", "ns1/b@2", "ns2/a@3"}, names(got)); diff != "" {
			t.Error(diff)
		}
	})
	t.Run("the namespace index", func(t *testing.T) {
		got, _ := idx.ByIndex(NamespaceIndex, "ns1")
		if diff := cmp.Diff([]string{"ns1/a@1", "ns1/b@2"}, names(got)); diff != "" {
			t.Error(diff)
		}
		got, _ = idx.ByIndex(NamespaceIndex, "")
		if diff := cmp.Diff([]string{"/cluster@4"}, names(got)); diff != "" {
			t.Error(diff)
		}
	})
	t.Run("an update moves the object between indexed values and a delete removes it", func(t *testing.T) {
		if err := idx.Update(labeled("ns1", "a", "5", "blue")); err != nil {
			t.Fatal(err)
		}
		red, _ := idx.ByIndex("team", "red")
		if diff := cmp.Diff([]string{"ns1/b@2"}, names(red)); diff != "" {
			t.Error(diff)
		}
		if err := idx.Delete(NewFoo("ns1", "b", "")); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"blue"}, idx.ListIndexFuncValues("team")); diff != "" {
			t.Errorf("an indexed value with no objects left must go: %s", diff)
		}
	})
	t.Run("AddIndexers indexes the objects already stored", func(t *testing.T) {
		if err := idx.AddIndexers(Indexers{"name": func(obj interface{}) ([]string, error) { return []string{obj.(*Foo).Name}, nil }}); err != nil {
			t.Fatal(err)
		}
		got, _ := idx.ByIndex("name", "a")
		if diff := cmp.Diff([]string{"ns1/a@5", "ns2/a@3"}, names(got)); diff != "" {
			t.Error(diff)
		}
		if err := idx.AddIndexers(Indexers{"name": MetaNamespaceIndexFunc}); err == nil {
			t.Error("AddIndexers with a name in use succeeded")
		}
		if _, err := idx.ByIndex("nope", "a"); err == nil {
			t.Error("ByIndex of an unknown index succeeded")
		}
	})
	t.Run("Replace swaps the contents and rebuilds the indexes", func(t *testing.T) {
		if err := idx.Replace([]interface{}{labeled("ns9", "z", "9", "green")}, "9"); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"ns9/z"}, idx.ListKeys()); diff != "" {
			t.Error(diff)
		}
		if diff := cmp.Diff([]string{"green"}, idx.ListIndexFuncValues("team")); diff != "" {
			t.Error(diff)
		}
		if got := idx.LastStoreSyncResourceVersion(); got != "9" {
			t.Errorf("LastStoreSyncResourceVersion() = %q, want 9", got)
		}
	})
}

func TestKeyFunctions(t *testing.T) {
	tests := []struct {
		name string
		obj  interface{}
		want string
	}{
		{"a namespaced object is keyed namespace/name", NewFoo("ns", "a", ""), "ns/a"},
		{"a cluster-scoped object is keyed by name", NewFoo("", "a", ""), "a"},
		{"an ExplicitKey is its own key", ExplicitKey("x/y"), "x/y"},
		{"a tombstone is keyed by its key", DeletedFinalStateUnknown{Key: "ns/gone"}, "ns/gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DeletionHandlingMetaNamespaceKeyFunc(tt.obj)
			if err != nil || got != tt.want {
				t.Errorf("key = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, _, err := SplitMetaNamespaceKey("a/b/c"); err == nil {
		t.Error("SplitMetaNamespaceKey(a/b/c) succeeded")
	}
	if ns, n, err := SplitMetaNamespaceKey("ns/a"); ns != "ns" || n != "a" || err != nil {
		t.Errorf("SplitMetaNamespaceKey(ns/a) = %q, %q, %v", ns, n, err)
	}
	if _, err := MetaNamespaceKeyFunc(42); err == nil {
		t.Error("a key for an int")
	}
}

func TestTransformStripManagedFields(t *testing.T) {
	f := NewFoo("ns", "a", "1")
	f.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}
	out, err := TransformStripManagedFields()(f)
	if err != nil || out.(*Foo).ManagedFields != nil {
		t.Errorf("managedFields kept: %v, %v", out, err)
	}
	if out, err := TransformStripManagedFields()(DeletedFinalStateUnknown{Key: "k"}); err != nil || out.(DeletedFinalStateUnknown).Key != "k" {
		t.Errorf("a non-object did not pass unchanged: %v, %v", out, err)
	}
}

func TestForEachItemLetsGoOfTheListArray(t *testing.T) {
	list := fooList("3", NewFoo("ns", "a", "1"), NewFoo("ns", "b", "2"))
	array := &list.Items[0]
	var kept []runtime.Object
	if err := forEachItem(list, func(obj runtime.Object, detach func() runtime.Object) {
		if obj.(*Foo).Name == "a" {
			kept = append(kept, detach())
		}
	}); err != nil {
		t.Fatal(err)
	}
	if list.Items != nil {
		t.Error("the list still references its items array")
	}
	if len(kept) != 1 || kept[0].(*Foo) == array || kept[0].(*Foo).Name != "a" {
		t.Errorf("kept %v: want a copy of a outside the list's array", kept)
	}
	if array.Name != "" {
		t.Error("a handled slot was not zeroed")
	}
}
