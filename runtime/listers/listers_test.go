package listers_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/cache"
	"github.com/clientgen/clientgen/runtime/listers"
)

func object(ns, name, team string) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{"team": team}}}
}

func keys(objs []*metav1.PartialObjectMetadata) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.Namespace+"/"+o.Name)
	}
	slices.Sort(out)
	return out
}

// fooResource is what lister-gen passes: the group and the singular
// lower-case kind.
var fooResource = schema.GroupResource{Group: "example.com", Resource: "foo"}

func TestResourceIndexer(t *testing.T) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, o := range []*metav1.PartialObjectMetadata{object("ns1", "a", "red"), object("ns1", "b", "blue"), object("ns2", "a", "red")} {
		if err := indexer.Add(o); err != nil {
			t.Fatal(err)
		}
	}
	all := listers.New[*metav1.PartialObjectMetadata](indexer, fooResource)
	red, err := labels.Parse("team=red")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		lister   listers.ResourceIndexer[*metav1.PartialObjectMetadata]
		selector labels.Selector
		want     []string
	}{
		{"List across namespaces with everything", all, labels.Everything(), []string{"ns1/a", "ns1/b", "ns2/a"}},
		{"List across namespaces with a selector", all, red, []string{"ns1/a", "ns2/a"}},
		{"List in one namespace", listers.NewNamespaced(all, "ns1"), labels.Everything(), []string{"ns1/a", "ns1/b"}},
		{"List in one namespace with a selector", listers.NewNamespaced(all, "ns1"), red, []string{"ns1/a"}},
		{"List with a selector that matches nothing", all, labels.Nothing(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.lister.List(tt.selector)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, keys(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("Get in a namespace returns the cached object", func(t *testing.T) {
		got, err := listers.NewNamespaced(all, "ns2").Get("a")
		if err != nil || got.Namespace != "ns2" {
			t.Errorf("Get(a) = %v, %v", got, err)
		}
	})
	t.Run("Get of a missing object is client-go's NotFound", func(t *testing.T) {
		_, err := listers.NewNamespaced(all, "ns2").Get("x")
		if !apierrors.IsNotFound(err) {
			t.Fatalf("err = %v, want NotFound", err)
		}
		// client-go's listers.ResourceIndexer gives the same text for the
		// same resource and name.
		if got, want := err.Error(), `foo.example.com "x" not found`; got != want {
			t.Errorf("err = %q, want %q", got, want)
		}
	})
}

func TestResourceIndexerClusterScoped(t *testing.T) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	if err := indexer.Add(object("", "c", "red")); err != nil {
		t.Fatal(err)
	}
	l := listers.New[*metav1.PartialObjectMetadata](indexer, schema.GroupResource{Resource: "node"})
	if got, err := l.Get("c"); err != nil || got.Name != "c" {
		t.Errorf("Get(c) = %v, %v", got, err)
	}
	if _, err := l.Get("d"); err == nil || err.Error() != `node "d" not found` {
		t.Errorf("Get(d) = %v, want client-go's `node \"d\" not found`", err)
	}
}

func TestGenericLister(t *testing.T) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, o := range []*metav1.PartialObjectMetadata{object("ns1", "a", "red"), object("ns2", "a", "red")} {
		if err := indexer.Add(o); err != nil {
			t.Fatal(err)
		}
	}
	g := cache.NewGenericLister(indexer, fooResource)
	objs, err := g.ByNamespace("ns1").List(labels.Everything())
	if err != nil || len(objs) != 1 {
		t.Errorf("ByNamespace(ns1).List = %v, %v", objs, err)
	}
	if _, err := g.ByNamespace("ns1").Get("zz"); err == nil || err.Error() != `foo.example.com "zz" not found` {
		t.Errorf("Get(zz) = %v", err)
	}
	if all, _ := g.List(labels.Everything()); len(all) != 2 {
		t.Errorf("List = %d objects, want 2", len(all))
	}
}

func TestListAllByNamespaceWithoutANamespaceIndexScans(t *testing.T) {
	store := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for _, o := range []*metav1.PartialObjectMetadata{object("ns1", "a", "red"), object("ns2", "b", "red")} {
		if err := store.Add(o); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	if err := cache.ListAllByNamespace(store, "ns2", labels.Everything(), func(o interface{}) {
		got = append(got, o.(*metav1.PartialObjectMetadata).Name)
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b"}, got); diff != "" {
		t.Error(diff)
	}
}
