package cache

import (
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/watch"
)

const watchListCall = "WATCH-LIST sendInitialEvents=true match=NotOlderThan"

func watchListOptions() SharedIndexInformerOptions {
	return SharedIndexInformerOptions{Logger: slog.New(slog.DiscardHandler)}
}

// errWatchListGateOff is what a server with the WatchList gate off says to
// sendInitialEvents (apimachinery's validateWatchOptions).
var errWatchListGateOff = apierrors.NewInvalid(schema.GroupKind{Group: "meta.k8s.io", Kind: "ListOptions"}, "",
	field.ErrorList{field.Forbidden(field.NewPath("sendInitialEvents"), "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled")})

func TestWatchList(t *testing.T) {
	a5, b6 := NewFoo("ns", "a", "5"), NewFoo("ns", "b", "6")
	initial := listResponse{list: fooList("10", a5, b6)}
	relisted := listResponse{list: fooList("12", a5)}
	tests := []struct {
		name    string
		lists   []listResponse
		watches []watchScript
		want    []string
		// stepInitialEventsTimeout fires the bounded wait once the
		// reflector has armed it this many times.
		stepInitialEventsTimeout int
		wantWatchList            bool
		wantKeys                 []string
	}{
		{
			name: "the initial events end at the annotated bookmark and the stream goes on as the watch; reconnects ask for no initial events",
			watches: []watchScript{
				{events: []watch.Event{added(a5), added(b6), bookmark("6", false), bookmark("7", true), modified(NewFoo("ns", "a", "8"))}},
				{events: []watch.Event{bookmark("9", false)}},
			},
			want:          []string{watchListCall + " rv=", "WATCH rv=8", "WATCH rv=9"},
			wantWatchList: true,
			wantKeys:      []string{"ns/a@8", "ns/b@6"},
		},
		{
			name:                     "without the bookmark the wait is bounded, the LIST fallback follows and is remembered",
			lists:                    []listResponse{initial, relisted},
			watches:                  []watchScript{{events: []watch.Event{added(a5)}, hang: true}, {events: []watch.Event{errorEvent(statusOf(errExpired))}}},
			stepInitialEventsTimeout: 2,
			want:                     []string{watchListCall + " rv=", "LIST rv=0 limit=500", "WATCH rv=10", "LIST rv=10 limit=0", "WATCH rv=12"},
			wantKeys:                 []string{"ns/a@5"},
		},
		{
			name:     "a server with the WatchList gate off (422) is listed from then on",
			lists:    []listResponse{initial, relisted},
			watches:  []watchScript{{err: errWatchListGateOff}, {events: []watch.Event{errorEvent(statusOf(errExpired))}}},
			want:     []string{watchListCall + " rv=", "LIST rv=0 limit=500", "WATCH rv=10", "LIST rv=10 limit=0", "WATCH rv=12"},
			wantKeys: []string{"ns/a@5"},
		},
		{
			name:          "a 403 on the watch-list falls back to LIST for that attempt only",
			lists:         []listResponse{initial},
			watches:       []watchScript{{err: errForbidden}, {events: []watch.Event{errorEvent(statusOf(errExpired))}}},
			want:          []string{watchListCall + " rv=", "LIST rv=0 limit=500", "WATCH rv=10", watchListCall + " rv=10"},
			wantWatchList: true,
			wantKeys:      []string{"ns/a@5", "ns/b@6"},
		},
		{
			name: "a resync by watch-list at a compacted resourceVersion asks at once for the latest state",
			watches: []watchScript{
				{events: []watch.Event{added(a5), bookmark("10", true), errorEvent(statusOf(errExpired))}},
				{err: errExpired},
				{events: []watch.Event{added(b6), bookmark("12", true)}, advance: time.Minute},
			},
			want:          []string{watchListCall + " rv=", watchListCall + " rv=10", watchListCall + " rv=", "WATCH rv=12"},
			wantWatchList: true,
			wantKeys:      []string{"ns/b@6"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lw := &scriptedLW{lists: tt.lists, watches: tt.watches}
			h := newHarness(t, lw, watchListOptions())
			h.start()
			if n := tt.stepInitialEventsTimeout; n > 0 {
				waitFor(t, "the initial-events timer", func() bool { return h.clock.timersCreated(DefaultInitialEventsTimeout) >= n })
				h.clock.Step(DefaultInitialEventsTimeout)
			}
			lw.waitBlocked(t)
			h.stop()
			if diff := cmp.Diff(tt.want, lw.log()); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if got := h.informer.reflector.UsesWatchList(); got != tt.wantWatchList {
				t.Errorf("UsesWatchList() = %v, want %v", got, tt.wantWatchList)
			}
			if diff := cmp.Diff(tt.wantKeys, cachedVersions(h.informer)); diff != "" {
				t.Errorf("cache (-want +got):\n%s", diff)
			}
		})
	}
}

func cachedVersions(s *sharedIndexInformer) []string {
	var out []string
	for _, obj := range s.GetStore().List() {
		out = append(out, name(obj))
	}
	sortStrings(out)
	return out
}

func TestWatchListIsNotSyncedBeforeTheAnnotatedBookmark(t *testing.T) {
	lw := &scriptedLW{watches: []watchScript{{events: []watch.Event{added(NewFoo("ns", "a", "5")), bookmark("6", false)}, hang: true}}}
	h := newHarness(t, lw, watchListOptions())
	h.start()
	waitFor(t, "two events delivered", func() bool {
		lw.mu.Lock()
		defer lw.mu.Unlock()
		return lw.delivered == 2
	})
	if h.informer.HasSynced() {
		t.Error("synced on a bookmark without the initial-events-end annotation")
	}
	h.stop()
}

func TestWatchListOptOut(t *testing.T) {
	t.Run("a ListerWatcher whose client does not support watch-list lists", func(t *testing.T) {
		lw := &scriptedLW{lists: []listResponse{{list: fooList("10")}}, unsupported: true}
		h := newHarness(t, lw, watchListOptions())
		h.start()
		lw.waitBlocked(t)
		h.stop()
		if diff := cmp.Diff([]string{"LIST rv=0 limit=500", "WATCH rv=10"}, lw.log()); diff != "" {
			t.Errorf("calls (-want +got):\n%s", diff)
		}
	})
	t.Run("ToListWatcherWithWatchListSemantics asks the client", func(t *testing.T) {
		lw := &ListWatch{}
		if got := ToListWatcherWithWatchListSemantics(lw, &scriptedLW{unsupported: true}).(watchListSemantics).IsWatchListSemanticsUnSupported(); !got {
			t.Error("a client that says unsupported was not remembered")
		}
		if got := ToListWatcherWithWatchListSemantics(lw, struct{}{}).(watchListSemantics).IsWatchListSemanticsUnSupported(); got {
			t.Error("a client that says nothing opted out")
		}
	})
	t.Run("UseWatchList false lists", func(t *testing.T) {
		lw := &scriptedLW{lists: []listResponse{{list: fooList("10")}}}
		h := newHarness(t, lw, quietOptions())
		h.start()
		lw.waitBlocked(t)
		h.stop()
		if got := lw.log()[0]; got != "LIST rv=0 limit=500" {
			t.Errorf("first call %q, want a LIST", got)
		}
	})
}

func TestWatchListQueryParameters(t *testing.T) {
	lw := &scriptedLW{}
	var opts []metav1.ListOptions
	h := newHarness(t, lw, watchListOptions())
	h.informer.lw = &recordingLW{scriptedLW: lw, opts: &opts}
	h.start()
	lw.waitBlocked(t)
	h.stop()
	o := opts[0]
	if o.SendInitialEvents == nil || !*o.SendInitialEvents || o.ResourceVersionMatch != metav1.ResourceVersionMatchNotOlderThan ||
		!o.AllowWatchBookmarks || o.ResourceVersion != "" || o.TimeoutSeconds == nil {
		t.Errorf("watch-list options %+v: want sendInitialEvents=true, resourceVersionMatch=NotOlderThan, allowWatchBookmarks, resourceVersion \"\" and a timeout", o)
	}
}
