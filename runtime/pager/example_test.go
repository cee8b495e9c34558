package pager_test

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/runtime/pager"
)

// listWidgets stands for a generated client's List method: two pages.
func listWidgets(_ context.Context, opts metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) {
	l := &metav1.PartialObjectMetadataList{}
	names := []string{"a", "b"}
	if opts.Continue == "page2" {
		names = []string{"c"}
	} else {
		l.Continue = "page2"
	}
	for _, n := range names {
		l.Items = append(l.Items, metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: n}})
	}
	return l, nil
}

func ExampleAll() {
	ctx := context.Background()
	// With a clientset: pager.All[examplev1.Widget](ctx, cs.ExampleV1().Widgets("ns").List, opts)
	for w, err := range pager.All[metav1.PartialObjectMetadata](ctx, listWidgets, metav1.ListOptions{Limit: 2}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(w.Name)
	}
	// Output:
	// a
	// b
	// c
}

func ExampleListPager_List() {
	p := pager.New(pager.TypedPageFunc(listWidgets))
	list, paginated, err := p.List(context.Background(), metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	widgets := list.(*metav1.PartialObjectMetadataList) // the first page's own type
	fmt.Println(len(widgets.Items), "items, paginated:", paginated)
	// Output:
	// 3 items, paginated: true
}
