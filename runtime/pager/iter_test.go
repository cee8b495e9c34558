package pager

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// typedList adapts the fake to the shape of a generated client's List method.
func typedList(f *fakeLister) func(context.Context, metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) {
	return func(ctx context.Context, opts metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) {
		obj, err := f.page(ctx, opts)
		if err != nil {
			return nil, err
		}
		return obj.(*metav1.PartialObjectMetadataList), nil
	}
}

func TestAll(t *testing.T) {
	tests := []struct {
		name      string
		opts      metav1.ListOptions
		script    []reply
		breakAt   string
		wantNames []string
		wantErr   func(error) bool
		wantCalls []call
	}{{
		name:      "items of every page are yielded in order",
		opts:      metav1.ListOptions{ResourceVersion: "0"},
		script:    []reply{{obj: page("5", "c1", "a", "b")}, {obj: page("6", "", "c")}},
		wantNames: []string{"a", "b", "c"},
		wantCalls: []call{{RV: "0", Limit: 500}, {Continue: "c1", Limit: 500}},
	}, {
		name:      "the options' Limit is the page size",
		opts:      metav1.ListOptions{Limit: 1, ResourceVersion: "4", ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan},
		script:    []reply{{obj: page("5", "c1", "a")}, {obj: page("5", "", "b")}},
		wantNames: []string{"a", "b"},
		wantCalls: []call{{RV: "4", RVMatch: "NotOlderThan", Limit: 1}, {Continue: "c1", Limit: 1}},
	}, {
		name:      "breaking out stops before the next page is requested",
		script:    []reply{{obj: page("5", "c1", "a", "b")}, {obj: page("6", "", "c")}},
		breakAt:   "b",
		wantNames: []string{"a", "b"},
		wantCalls: []call{{Limit: 500}},
	}, {
		name:      "an expired continue token is yielded as the error, not restarted",
		script:    []reply{{obj: page("5", "c1", "a")}, {err: expired()}},
		wantNames: []string{"a"},
		wantErr:   apierrors.IsResourceExpired,
		wantCalls: []call{{Limit: 500}, {Continue: "c1", Limit: 500}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeLister{script: tt.script}
			got := []string{}
			var gotErr error
			errs := 0
			for item, err := range All[metav1.PartialObjectMetadata](context.Background(), typedList(f), tt.opts) {
				if err != nil {
					gotErr = err
					errs++
					if item != nil {
						t.Errorf("item %v yielded with an error", item)
					}
					continue
				}
				got = append(got, item.Name)
				if item.Name == tt.breakAt {
					break
				}
			}
			if diff := cmp.Diff(tt.wantNames, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantCalls, f.recorded()); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			switch {
			case tt.wantErr == nil && gotErr != nil:
				t.Errorf("err = %v, want none", gotErr)
			case tt.wantErr != nil && (errs != 1 || !tt.wantErr(gotErr)):
				t.Errorf("%d errors, last %v; want exactly one matching error", errs, gotErr)
			}
		})
	}
}

func TestAllYieldsPointersIntoThePage(t *testing.T) {
	p := page("5", "", "a")
	list := func(context.Context, metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) { return p, nil }
	for item, err := range All[metav1.PartialObjectMetadata](context.Background(), list, metav1.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if item != &p.Items[0] {
			t.Errorf("item %p is a copy, want &page.Items[0] %p", item, &p.Items[0])
		}
	}
}

func TestAllRefusesAListOfAnotherItemType(t *testing.T) {
	f := &fakeLister{script: []reply{{obj: page("5", "", "a")}}}
	var errs []error
	for item, err := range All[metav1.ObjectMeta](context.Background(), typedList(f), metav1.ListOptions{}) {
		if item != nil {
			t.Errorf("yielded %v, want nothing but the error", item)
		}
		errs = append(errs, err)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "not []v1.ObjectMeta") {
		t.Fatalf("errors = %v, want one naming the item type", errs)
	}
}

func TestAllStopsWhenTheContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fakeLister{script: []reply{{obj: page("5", "c1", "a")}, {obj: page("5", "", "b")}}}
	var got []error
	for item, err := range All[metav1.PartialObjectMetadata](ctx, typedList(f), metav1.ListOptions{}) {
		if err != nil {
			got = append(got, err)
			continue
		}
		if item.Name == "a" {
			cancel()
		}
	}
	if len(got) != 1 || !errors.Is(got[0], context.Canceled) {
		t.Fatalf("errors = %v, want [context.Canceled]", got)
	}
	if n := len(f.recorded()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}
