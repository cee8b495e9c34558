package pager

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

// call is what one page request asked for.
type call struct {
	RV, RVMatch, Continue string
	Limit                 int64
}

// reply is a scripted answer: a page or an error.
type reply struct {
	obj runtime.Object
	err error
}

// fakeLister answers page requests from a script and records every request.
type fakeLister struct {
	mu     sync.Mutex
	script []reply
	calls  []call
	onCall func(n int) // optional, runs before the n-th (0-based) answer
}

func (f *fakeLister) page(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.calls)
	f.calls = append(f.calls, call{RV: opts.ResourceVersion, RVMatch: string(opts.ResourceVersionMatch), Continue: opts.Continue, Limit: opts.Limit})
	if f.onCall != nil {
		f.onCall(n)
	}
	if n >= len(f.script) {
		return nil, fmt.Errorf("unexpected request %d: %+v", n, opts)
	}
	return f.script[n].obj, f.script[n].err
}

func (f *fakeLister) recorded() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// page builds a PartialObjectMetadataList with the named items.
func page(rv, next string, names ...string) *metav1.PartialObjectMetadataList {
	l := &metav1.PartialObjectMetadataList{ListMeta: metav1.ListMeta{ResourceVersion: rv, Continue: next}}
	if next != "" {
		remaining := int64(7)
		l.RemainingItemCount = &remaining
	}
	for _, n := range names {
		l.Items = append(l.Items, metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: n}})
	}
	return l
}

func expired() error {
	return apierrors.NewResourceExpired("The provided continue parameter is too old")
}

func names(t testing.TB, obj runtime.Object) []string {
	t.Helper()
	l, ok := obj.(*metav1.PartialObjectMetadataList)
	if !ok {
		t.Fatalf("result is %T, want *metav1.PartialObjectMetadataList", obj)
	}
	out := []string{}
	for _, it := range l.Items {
		out = append(out, it.Name)
	}
	return out
}

func TestList(t *testing.T) {
	tests := []struct {
		name          string
		pager         func(*fakeLister) *ListPager
		opts          metav1.ListOptions
		script        []reply
		wantCalls     []call
		wantNames     []string
		wantRV        string
		wantPaginated bool
		wantErr       func(error) bool
	}{{
		name:      "a single page is returned as the server sent it, unpaginated",
		pager:     func(f *fakeLister) *ListPager { return New(f.page) },
		opts:      metav1.ListOptions{ResourceVersion: "0"},
		script:    []reply{{obj: page("5", "", "a", "b")}},
		wantCalls: []call{{RV: "0", Limit: 500}},
		wantNames: []string{"a", "b"},
		wantRV:    "5",
	}, {
		name:  "three pages are joined into the first page's type with its resourceVersion",
		pager: func(f *fakeLister) *ListPager { return New(f.page) },
		opts:  metav1.ListOptions{ResourceVersion: "0"},
		script: []reply{
			{obj: page("5", "c1", "a", "b")},
			{obj: page("6", "c2", "c")},
			{obj: page("7", "", "d", "e")},
		},
		wantCalls:     []call{{RV: "0", Limit: 500}, {Continue: "c1", Limit: 500}, {Continue: "c2", Limit: 500}},
		wantNames:     []string{"a", "b", "c", "d", "e"},
		wantRV:        "5",
		wantPaginated: true,
	}, {
		name:  "continue requests drop resourceVersion and resourceVersionMatch",
		pager: func(f *fakeLister) *ListPager { return New(f.page) },
		opts:  metav1.ListOptions{ResourceVersion: "10", ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan},
		script: []reply{
			{obj: page("12", "c1", "a")},
			{obj: page("12", "", "b")},
		},
		wantCalls:     []call{{RV: "10", RVMatch: "NotOlderThan", Limit: 500}, {Continue: "c1", Limit: 500}},
		wantNames:     []string{"a", "b"},
		wantRV:        "12",
		wantPaginated: true,
	}, {
		name:  "an expired continue token gives one unpaginated list at the original resourceVersion",
		pager: func(f *fakeLister) *ListPager { return New(f.page) },
		opts:  metav1.ListOptions{ResourceVersion: "10", ResourceVersionMatch: metav1.ResourceVersionMatchExact},
		script: []reply{
			{obj: page("10", "c1", "a")},
			{err: expired()},
			{obj: page("10", "", "a", "b", "c")},
		},
		wantCalls: []call{
			{RV: "10", RVMatch: "Exact", Limit: 500},
			{Continue: "c1", Limit: 500},
			{RV: "10", RVMatch: "Exact", Limit: 0},
		},
		wantNames:     []string{"a", "b", "c"},
		wantRV:        "10",
		wantPaginated: true,
	}, {
		name:      "an expired first page is the error, with no fallback",
		pager:     func(f *fakeLister) *ListPager { return New(f.page) },
		opts:      metav1.ListOptions{ResourceVersion: "10"},
		script:    []reply{{err: expired()}},
		wantCalls: []call{{RV: "10", Limit: 500}},
		wantErr:   apierrors.IsResourceExpired,
	}, {
		name: "an expired continue token is the error when FullListIfExpired is off",
		pager: func(f *fakeLister) *ListPager {
			p := New(f.page)
			p.FullListIfExpired = false
			return p
		},
		opts:          metav1.ListOptions{ResourceVersion: "10"},
		script:        []reply{{obj: page("10", "c1", "a")}, {err: expired()}},
		wantCalls:     []call{{RV: "10", Limit: 500}, {Continue: "c1", Limit: 500}},
		wantErr:       apierrors.IsResourceExpired,
		wantPaginated: true,
	}, {
		name:          "another error on a continue request is returned without fallback",
		pager:         func(f *fakeLister) *ListPager { return New(f.page) },
		opts:          metav1.ListOptions{ResourceVersion: "10"},
		script:        []reply{{obj: page("10", "c1", "a")}, {err: apierrors.NewTooManyRequests("slow down", 1)}},
		wantCalls:     []call{{RV: "10", Limit: 500}, {Continue: "c1", Limit: 500}},
		wantErr:       apierrors.IsTooManyRequests,
		wantPaginated: true,
	}, {
		name: "page size 0 asks for one unpaginated list, as the reflector's relist at a known resourceVersion",
		pager: func(f *fakeLister) *ListPager {
			p := New(f.page)
			p.PageSize = RelistPageSize(0, false, "10")
			return p
		},
		opts:      metav1.ListOptions{ResourceVersion: "10"},
		script:    []reply{{obj: page("11", "", "a")}},
		wantCalls: []call{{RV: "10", Limit: 0}},
		wantNames: []string{"a"},
		wantRV:    "11",
	}, {
		name:      "a Limit in the options wins over the page size",
		pager:     func(f *fakeLister) *ListPager { return New(f.page) },
		opts:      metav1.ListOptions{Limit: 2},
		script:    []reply{{obj: page("3", "c1", "a", "b")}, {obj: page("4", "", "c")}},
		wantCalls: []call{{Limit: 2}, {Continue: "c1", Limit: 2}},
		wantNames: []string{"a", "b", "c"}, wantRV: "3", wantPaginated: true,
	}, {
		name:      "a page that is not a list is an error",
		pager:     func(f *fakeLister) *ListPager { return New(f.page) },
		script:    []reply{{obj: &metav1.PartialObjectMetadata{}}},
		wantCalls: []call{{Limit: 500}},
		wantErr:   func(err error) bool { return err != nil },
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeLister{script: tt.script}
			obj, paginated, err := tt.pager(f).List(context.Background(), tt.opts)
			if diff := cmp.Diff(tt.wantCalls, f.recorded()); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			if paginated != tt.wantPaginated {
				t.Errorf("paginated = %v, want %v", paginated, tt.wantPaginated)
			}
			if tt.wantErr != nil {
				if err == nil || !tt.wantErr(err) {
					t.Fatalf("err = %v, want a matching error", err)
				}
				if obj != nil {
					t.Errorf("result = %v, want nil with an error", obj)
				}
				return
			}
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if diff := cmp.Diff(tt.wantNames, names(t, obj)); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			l := obj.(*metav1.PartialObjectMetadataList)
			if l.ResourceVersion != tt.wantRV {
				t.Errorf("resourceVersion = %q, want %q", l.ResourceVersion, tt.wantRV)
			}
			if l.Continue != "" || l.RemainingItemCount != nil {
				t.Errorf("joined list still looks like a page: continue %q, remaining %v", l.Continue, l.RemainingItemCount)
			}
		})
	}
}

func TestListJoinsUnstructuredPages(t *testing.T) {
	mk := func(rv, next string, names ...string) *unstructured.UnstructuredList {
		l := &unstructured.UnstructuredList{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMapList"}}
		l.SetResourceVersion(rv)
		l.SetContinue(next)
		for _, n := range names {
			u := unstructured.Unstructured{}
			u.SetName(n)
			l.Items = append(l.Items, u)
		}
		return l
	}
	f := &fakeLister{script: []reply{{obj: mk("8", "c1", "a")}, {obj: mk("9", "", "b")}}}
	obj, paginated, err := New(f.page).List(context.Background(), metav1.ListOptions{})
	if err != nil || !paginated {
		t.Fatalf("List = paginated %v, err %v; want paginated, no error", paginated, err)
	}
	l := obj.(*unstructured.UnstructuredList)
	if got := []string{l.Items[0].GetName(), l.Items[1].GetName()}; len(l.Items) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("items = %v, want [a b]", l.Items)
	}
	if l.GetResourceVersion() != "8" || l.GetContinue() != "" {
		t.Errorf("resourceVersion %q continue %q, want \"8\" and none", l.GetResourceVersion(), l.GetContinue())
	}
}

func TestListStopsWhenTheContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &fakeLister{
		script: []reply{{obj: page("1", "c1", "a")}, {obj: page("1", "", "b")}},
		onCall: func(n int) { cancel() },
	}
	_, _, err := New(f.page).List(ctx, metav1.ListOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := len(f.recorded()); got != 1 {
		t.Errorf("%d requests, want 1 (none after cancellation)", got)
	}
}

func TestRelistPageSize(t *testing.T) {
	tests := []struct {
		name               string
		explicit           int64
		watchCacheDisabled bool
		rv                 string
		want               int64
	}{
		{name: "an explicit page size always wins", explicit: 42, rv: "10", want: 42},
		{name: "the first list at 0 pages by default (the watch cache ignores Limit)", rv: "0", want: 500},
		{name: "a list at the latest version pages by default", rv: "", want: 500},
		{name: "a relist at a known version is one request for the watch cache", rv: "10", want: 0},
		{name: "without a watch cache a relist at a known version still pages", watchCacheDisabled: true, rv: "10", want: 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RelistPageSize(tt.explicit, tt.watchCacheDisabled, tt.rv); got != tt.want {
				t.Errorf("RelistPageSize = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestEachListItem(t *testing.T) {
	threePages := func() []reply {
		return []reply{{obj: page("5", "c1", "a", "b")}, {obj: page("6", "c2", "c")}, {obj: page("7", "", "d")}}
	}
	tests := []struct {
		name      string
		bufSize   int32
		script    []reply
		stopAt    string // fn fails on this item
		wantNames []string
		wantErr   string
		maxCalls  int
	}{
		{name: "every item of every page is visited in order", bufSize: 10, script: threePages(), wantNames: []string{"a", "b", "c", "d"}, maxCalls: 3},
		{name: "an unbuffered pager visits the same items", bufSize: 0, script: threePages(), wantNames: []string{"a", "b", "c", "d"}, maxCalls: 3},
		{name: "an error from fn stops the listing and is returned", bufSize: 0, script: threePages(), stopAt: "b", wantNames: []string{"a", "b"}, wantErr: "stop at b", maxCalls: 2},
		{name: "a page error after some items is returned", bufSize: 1, script: []reply{{obj: page("5", "c1", "a")}, {err: expired()}}, wantNames: []string{"a"}, wantErr: "too old", maxCalls: 2},
		{name: "a negative buffer size is refused before any request", bufSize: -1, script: threePages(), wantNames: []string{}, wantErr: "PageBufferSize must be >= 0", maxCalls: 0},
	}
	for _, tt := range tests {
		for _, alloc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s (alloc %v)", tt.name, alloc), func(t *testing.T) {
				f := &fakeLister{script: tt.script}
				p := New(f.page)
				p.PageBufferSize = tt.bufSize
				got := []string{}
				fn := func(obj runtime.Object) error {
					name := obj.(*metav1.PartialObjectMetadata).Name
					got = append(got, name)
					if name == tt.stopAt {
						return errors.New("stop at " + name)
					}
					return nil
				}
				each := p.EachListItem
				if alloc {
					each = p.EachListItemWithAlloc
				}
				err := each(context.Background(), metav1.ListOptions{ResourceVersion: "0"}, fn)
				if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !contains(err.Error(), tt.wantErr)) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if diff := cmp.Diff(tt.wantNames, got); diff != "" {
					t.Errorf("visited (-want +got):\n%s", diff)
				}
				calls := f.recorded()
				if len(calls) > tt.maxCalls {
					t.Errorf("%d requests, want at most %d", len(calls), tt.maxCalls)
				}
				for i, c := range calls {
					want := call{Continue: fmt.Sprintf("c%d", i), Limit: 500}
					if i == 0 {
						want = call{RV: "0", Limit: 500}
					}
					if c != want {
						t.Errorf("request %d = %+v, want %+v", i, c, want)
					}
				}
			})
		}
	}
}

func contains(s, sub string) bool {
	return strings.Contains(s, sub)
}

func TestTypedPageFunc(t *testing.T) {
	f := &fakeLister{script: []reply{{obj: page("3", "c1", "a")}, {err: apierrors.NewTooManyRequests("slow", 1)}}}
	fn := TypedPageFunc(typedList(f))
	obj, err := fn(context.Background(), metav1.ListOptions{})
	if err != nil || names(t, obj)[0] != "a" {
		t.Fatalf("first page = %v, %v; want the list with a", obj, err)
	}
	obj, err = fn(context.Background(), metav1.ListOptions{Continue: "c1"})
	if !apierrors.IsTooManyRequests(err) || obj != nil {
		t.Fatalf("second page = %#v, %v; want an untyped nil and the 429", obj, err)
	}
}
