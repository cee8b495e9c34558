package pager

import (
	"context"
	"fmt"
	"iter"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// All iterates over every item of a paged list, one page in memory at a time:
//
//	for w, err := range pager.All[examplev1.Widget](ctx, cs.ExampleV1().Widgets("ns").List, metav1.ListOptions{}) {
//		if err != nil {
//			return err
//		}
//		use(w)
//	}
//
// list is a generated client's List method (any func returning a list type
// whose Items is a []T); T is the item type, L is inferred. opts.Limit is the
// page size, DefaultPageSize when 0. Items are yielded as pointers into their
// page's Items array: no copies, and a kept pointer keeps its page alive (copy
// the item to avoid that).
//
// An error is yielded once, as (nil, err), and ends the iteration: a failed
// page, a list whose Items is not a []T, or the context's error. An expired
// continue token (410) is yielded as the error rather than restarted as a
// full list (ListPager.List's fallback), because the items already yielded
// cannot be taken back; restart the iteration with a fresh resourceVersion.
// Breaking out of the loop stops before the next page is requested.
func All[T any, L runtime.Object](ctx context.Context, list func(context.Context, metav1.ListOptions) (L, error), opts metav1.ListOptions) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		if opts.Limit == 0 {
			opts.Limit = DefaultPageSize
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			page, err := list(ctx, opts)
			if err != nil {
				yield(nil, err)
				return
			}
			items, next, err := pageItems[T](page)
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range items {
				if !yield(&items[i], nil) {
					return
				}
			}
			if next == "" {
				return
			}
			opts.Continue = next
			opts.ResourceVersion = ""
			opts.ResourceVersionMatch = ""
		}
	}
}

// pageItems returns a page's Items as a []T without copying, and its continue
// token.
func pageItems[T any](page runtime.Object) ([]T, string, error) {
	m, err := meta.ListAccessor(page)
	if err != nil {
		return nil, "", fmt.Errorf("pager: returned object must be a list: %w", err)
	}
	ptr, err := meta.GetItemsPtr(page)
	if err != nil {
		return nil, "", fmt.Errorf("pager: %T has no Items: %w", page, err)
	}
	items, ok := ptr.(*[]T)
	if !ok {
		var zero T
		return nil, "", fmt.Errorf("pager: %T has Items of type %T, not []%T", page, ptr, zero)
	}
	return *items, m.GetContinue(), nil
}
