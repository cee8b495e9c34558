package pager

import (
	"context"
	"fmt"
	"reflect"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

const (
	// DefaultPageSize is client-go's page size: big enough that most lists are
	// one request, small enough that etcd is not asked for everything at once.
	DefaultPageSize = 500
	// DefaultPageBufferSize is how many pages EachListItem fetches ahead of
	// the callback, as client-go.
	DefaultPageBufferSize = 10
)

// ListPageFunc returns one page of a list for the given options.
type ListPageFunc func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error)

// SimplePageFunc adapts a list function without a context.
func SimplePageFunc(fn func(opts metav1.ListOptions) (runtime.Object, error)) ListPageFunc {
	return func(_ context.Context, opts metav1.ListOptions) (runtime.Object, error) {
		return fn(opts)
	}
}

// ListPager breaks a list into requests of at most PageSize items. It does not
// alter label or field selectors.
type ListPager struct {
	// PageSize is the Limit of each request when the options carry none;
	// 0 lists everything in one request.
	PageSize int64
	// PageFn lists one page.
	PageFn ListPageFunc
	// FullListIfExpired falls back to one unpaginated list at the original
	// resourceVersion when a continue token has expired (410), so that a list
	// slower than etcd's compaction still completes.
	FullListIfExpired bool
	// PageBufferSize is how many pages EachListItem fetches ahead; it must
	// not be negative.
	PageBufferSize int32
}

// New returns a pager with client-go's defaults: pages of 500, a full list as
// the last resort when a continue token expires, and 10 pages buffered.
func New(fn ListPageFunc) *ListPager {
	return &ListPager{
		PageSize:          DefaultPageSize,
		PageFn:            fn,
		FullListIfExpired: true,
		PageBufferSize:    DefaultPageBufferSize,
	}
}

// RelistPageSize is the page size client-go's reflector uses for a list at
// resourceVersion rv: explicit when the user set one; the default when an
// earlier list at "0" came back paginated (the watch cache is off, so pages
// spare etcd); 0 (one request, served by the watch cache) for any other
// resourceVersion but "" and "0", so that a relist after a restart does not
// send a herd of paginated lists to etcd; the default otherwise (the watch
// cache ignores Limit at "0").
func RelistPageSize(explicit int64, watchCacheDisabled bool, rv string) int64 {
	switch {
	case explicit != 0:
		return explicit
	case watchCacheDisabled:
		return DefaultPageSize
	case rv != "" && rv != "0":
		return 0
	}
	return DefaultPageSize
}

// List returns one list object holding the items of every page, whether the
// result was paginated (the first page carried a continue token: for a list at
// resourceVersion "0" that means the server has no watch cache for the
// resource), and the error. A single page is returned as the server sent it;
// several pages are joined into the first page's list type, with the first
// page's resourceVersion. Limit, if unset, defaults to PageSize.
func (p *ListPager) List(ctx context.Context, options metav1.ListOptions) (runtime.Object, bool, error) {
	if options.Limit == 0 {
		options.Limit = p.PageSize
	}
	requestedRV := options.ResourceVersion
	requestedRVMatch := options.ResourceVersionMatch
	var (
		list      runtime.Object // the first page, growing
		items     reflect.Value  // list's Items field
		paginated bool
	)
	for {
		if err := ctx.Err(); err != nil {
			return nil, paginated, err
		}
		obj, err := p.PageFn(ctx, options)
		if err != nil {
			// Only a continue token that expired between pages is worth a full
			// list: the resourceVersion the first page established fell out of
			// compaction while we were paging. An expired first page means the
			// caller's resourceVersion is too old, which a full list at the
			// same version cannot fix.
			if !apierrors.IsResourceExpired(err) || !p.FullListIfExpired || options.Continue == "" {
				return nil, paginated, err
			}
			options.Limit = 0
			options.Continue = ""
			options.ResourceVersion = requestedRV
			options.ResourceVersionMatch = requestedRVMatch
			result, err := p.PageFn(ctx, options)
			return result, paginated, err
		}
		m, err := meta.ListAccessor(obj)
		if err != nil {
			return nil, paginated, fmt.Errorf("pager: returned object must be a list: %w", err)
		}
		next := m.GetContinue()
		if list == nil {
			if next == "" {
				return obj, false, nil
			}
			ptr, err := meta.GetItemsPtr(obj)
			if err != nil {
				return nil, paginated, fmt.Errorf("pager: %T has no Items: %w", obj, err)
			}
			list, items = obj, reflect.ValueOf(ptr).Elem()
		} else {
			ptr, err := meta.GetItemsPtr(obj)
			if err != nil {
				return nil, paginated, fmt.Errorf("pager: %T has no Items: %w", obj, err)
			}
			page := reflect.ValueOf(ptr).Elem()
			if page.Type() != items.Type() {
				return nil, paginated, fmt.Errorf("pager: page of type %T has Items %s, the first page %s", obj, page.Type(), items.Type())
			}
			items.Set(reflect.AppendSlice(items, page))
		}
		if next == "" {
			// The joined list is complete: it must not look like a page.
			m, _ := meta.ListAccessor(list)
			m.SetContinue("")
			m.SetRemainingItemCount(nil)
			return list, paginated, nil
		}
		options.Continue = next
		// The server refuses a resourceVersion next to a continue token; the
		// token carries the first page's version.
		options.ResourceVersion = ""
		options.ResourceVersionMatch = ""
		paginated = true
	}
}

// ListWithAlloc is List, kept for client-go's callers. client-go's variant
// copies items so that the result does not pin the pages' arrays; List already
// copies every page after the first into a new array, and a caller who keeps
// single items should extract them with meta.ExtractListWithAlloc.
func (p *ListPager) ListWithAlloc(ctx context.Context, options metav1.ListOptions) (runtime.Object, bool, error) {
	return p.List(ctx, options)
}

// EachListItem calls fn on every item of every page, fetching up to
// PageBufferSize pages ahead in the background. fn's error stops the listing
// and is returned; otherwise the listing's error is. There is no fallback to a
// full list here (items already handed to fn cannot be taken back), so an
// expired continue token is returned as the 410 error.
func (p *ListPager) EachListItem(ctx context.Context, options metav1.ListOptions, fn func(obj runtime.Object) error) error {
	return p.eachListChunkBuffered(ctx, options, func(obj runtime.Object) error {
		return meta.EachListItem(obj, fn)
	})
}

// EachListItemWithAlloc is EachListItem with each non-pointer item copied
// into its own allocation, so that an item fn keeps does not pin its page.
func (p *ListPager) EachListItemWithAlloc(ctx context.Context, options metav1.ListOptions, fn func(obj runtime.Object) error) error {
	return p.eachListChunkBuffered(ctx, options, func(obj runtime.Object) error {
		return meta.EachListItemWithAlloc(obj, fn)
	})
}

// eachListChunkBuffered fetches pages on one goroutine and hands them to fn on
// the caller's, so the network and fn overlap.
func (p *ListPager) eachListChunkBuffered(ctx context.Context, options metav1.ListOptions, fn func(obj runtime.Object) error) error {
	if p.PageBufferSize < 0 {
		return fmt.Errorf("pager: PageBufferSize must be >= 0, got %d", p.PageBufferSize)
	}
	// Cancelling stops the fetcher when fn fails or the caller returns early;
	// that cancellation error is never the one returned.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	chunks := make(chan runtime.Object, p.PageBufferSize)
	result := make(chan error, 1)
	go func() {
		var err error
		defer func() {
			close(chunks)
			result <- err
		}()
		err = p.eachListChunk(ctx, options, func(chunk runtime.Object) error {
			select {
			case chunks <- chunk:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for chunk := range chunks {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(chunk); err != nil {
			return err
		}
	}
	return <-result
}

func (p *ListPager) eachListChunk(ctx context.Context, options metav1.ListOptions, fn func(obj runtime.Object) error) error {
	if options.Limit == 0 {
		options.Limit = p.PageSize
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		obj, err := p.PageFn(ctx, options)
		if err != nil {
			return err
		}
		m, err := meta.ListAccessor(obj)
		if err != nil {
			return fmt.Errorf("pager: returned object must be a list: %w", err)
		}
		if err := fn(obj); err != nil {
			return err
		}
		if m.GetContinue() == "" {
			return nil
		}
		// Unlike client-go, continue requests drop resourceVersion(Match) here
		// as List does: the server refuses them next to a continue token.
		options.Continue = m.GetContinue()
		options.ResourceVersion = ""
		options.ResourceVersionMatch = ""
	}
}

// TypedPageFunc adapts a generated client's List method (which returns its own
// list type, such as *v1.WidgetList) into a ListPageFunc.
func TypedPageFunc[L runtime.Object](fn func(context.Context, metav1.ListOptions) (L, error)) ListPageFunc {
	return func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
		l, err := fn(ctx, opts)
		if err != nil {
			// A typed nil in a non-nil interface would pass for a page.
			return nil, err
		}
		return l, nil
	}
}
