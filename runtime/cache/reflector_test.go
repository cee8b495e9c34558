package cache

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
)

var (
	errExpired     = apierrors.NewResourceExpired("too old resource version: 5 (10)")
	errTooMany     = apierrors.NewTooManyRequests("slow down", 1)
	errInternal    = apierrors.NewInternalError(errors.New("etcd hiccup"))
	errConnRefused = &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	errForbidden   = apierrors.NewForbidden(schema.GroupResource{Group: "example.com", Resource: "foos"}, "", errors.New(`User "u" cannot list resource "foos"`))
)

// decodeErrorStatus is what runtime/rest's watch reports when it cannot
// decode a frame of the stream (apimachinery's StreamWatcher with a
// ClientErrorReporter of 500).
func decodeErrorStatus() *metav1.Status {
	obj := apierrors.NewClientErrorReporter(500, "WATCH", "ClientWatchDecoding").AsObject(errors.New("invalid character 'x' looking for beginning of value"))
	return obj.(*metav1.Status)
}

func statusOf(err error) *metav1.Status {
	var s apierrors.APIStatus
	if !errors.As(err, &s) {
		panic(err)
	}
	st := s.Status()
	return &st
}

func quietOptions() SharedIndexInformerOptions {
	useWatchList := false
	return SharedIndexInformerOptions{UseWatchList: &useWatchList, Logger: slog.New(slog.DiscardHandler)}
}

func TestReflectorFaultMatrix(t *testing.T) {
	a9, b10 := NewFoo("ns", "a", "9"), NewFoo("ns", "b", "10")
	initial := listResponse{list: fooList("10", a9, b10)}
	relisted := listResponse{list: fooList("12", a9, NewFoo("ns", "b", "12"))}
	page1 := fooList("10", a9)
	page1.Continue = "c1"
	tests := []struct {
		name    string
		lists   []listResponse
		watches []watchScript
		want    []string
		sleeps  int
	}{
		{
			name:    "a clean watch close re-watches from the last resourceVersion without a list",
			lists:   []listResponse{initial},
			watches: []watchScript{{events: []watch.Event{modified(NewFoo("ns", "a", "11"))}}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "WATCH rv=11"},
		},
		{
			name:    "a watch that times out without events re-watches from the same resourceVersion",
			lists:   []listResponse{initial},
			watches: []watchScript{{advance: 5 * time.Minute}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "WATCH rv=10"},
		},
		{
			name:    "410 on the watch relists at the last resourceVersion, unpaged (the watch cache serves it)",
			lists:   []listResponse{initial, relisted},
			watches: []watchScript{{events: []watch.Event{errorEvent(statusOf(errExpired))}}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "LIST rv=10 limit=0", "WATCH rv=12"},
			sleeps:  1,
		},
		{
			name:    "410 on the watch and again on the relist lists the latest state",
			lists:   []listResponse{initial, {err: errExpired}, {list: fooList("15", a9)}},
			watches: []watchScript{{events: []watch.Event{errorEvent(statusOf(errExpired))}}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "LIST rv=10 limit=0", "LIST rv= limit=500", "WATCH rv=15"},
			sleeps:  1,
		},
		{
			name:  "an expired continue token gives one full list at the first page's resourceVersion",
			lists: []listResponse{{list: page1}, {err: errExpired}, initial},
			want:  []string{"LIST rv=0 limit=500", "LIST rv= limit=500 continue=c1", "LIST rv=0 limit=0", "WATCH rv=10"},
		},
		{
			name:    "429 when opening the watch backs off and re-watches without a list",
			lists:   []listResponse{initial},
			watches: []watchScript{{err: errTooMany}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "WATCH rv=10"},
			sleeps:  1,
		},
		{
			name:    "429 in the stream backs off and re-watches without a list",
			lists:   []listResponse{initial},
			watches: []watchScript{{events: []watch.Event{errorEvent(statusOf(errTooMany))}}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "WATCH rv=10"},
			sleeps:  1,
		},
		{
			name:    "connection refused backs off and re-watches without a list",
			lists:   []listResponse{initial},
			watches: []watchScript{{err: errConnRefused}, {err: errConnRefused}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "WATCH rv=10", "WATCH rv=10"},
			sleeps:  2,
		},
		{
			name:    "500 in the stream relists, as client-go without MaxInternalErrorRetryDuration",
			lists:   []listResponse{initial, relisted},
			watches: []watchScript{{events: []watch.Event{errorEvent(statusOf(errInternal))}}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "LIST rv=10 limit=0", "WATCH rv=12"},
			sleeps:  1,
		},
		{
			name:    "a bookmark then a close re-watches from the bookmark's resourceVersion",
			lists:   []listResponse{initial},
			watches: []watchScript{{events: []watch.Event{bookmark("20", false)}}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "WATCH rv=20"},
		},
		{
			name:    "a very short watch relists after a backoff",
			lists:   []listResponse{initial, relisted},
			watches: []watchScript{{}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "LIST rv=10 limit=0", "WATCH rv=12"},
			sleeps:  1,
		},
		{
			name:    "a decode error in the stream relists",
			lists:   []listResponse{initial, relisted},
			watches: []watchScript{{events: []watch.Event{modified(NewFoo("ns", "a", "11")), errorEvent(decodeErrorStatus())}}},
			want:    []string{"LIST rv=0 limit=500", "WATCH rv=10", "LIST rv=11 limit=0", "WATCH rv=12"},
			sleeps:  1,
		},
		{
			name:    "a failed first list is retried at 0 after a backoff",
			lists:   []listResponse{{err: errInternal}, initial},
			watches: nil,
			want:    []string{"LIST rv=0 limit=500", "LIST rv=0 limit=500", "WATCH rv=10"},
			sleeps:  1,
		},
		{
			name:  "a first list at 0 that comes back paged makes relists page too (no watch cache)",
			lists: []listResponse{{list: page1}, {list: fooList("10", b10)}, relisted},
			watches: []watchScript{
				{events: []watch.Event{errorEvent(statusOf(errExpired))}},
			},
			want:   []string{"LIST rv=0 limit=500", "LIST rv= limit=500 continue=c1", "WATCH rv=10", "LIST rv=10 limit=500", "WATCH rv=12"},
			sleeps: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lw := &scriptedLW{lists: tt.lists, watches: tt.watches}
			h := newHarness(t, lw, quietOptions())
			h.start()
			lw.waitBlocked(t)
			h.stop()
			if diff := cmp.Diff(tt.want, lw.log()); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if got := len(h.sleepLog()); got != tt.sleeps {
				t.Errorf("%d backoff sleeps, want %d", got, tt.sleeps)
			}
			if !h.informer.HasSynced() {
				t.Error("informer not synced")
			}
		})
	}
}

func TestReflectorBackoffDoublesToThirtySecondsAndResetsAfterTwoHealthyMinutes(t *testing.T) {
	b := newBackoff()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var got []time.Duration
	for range 8 {
		got = append(got, b.next(now, 0))
		now = now.Add(time.Second)
	}
	want := []time.Duration{800 * time.Millisecond, 1600 * time.Millisecond, 3200 * time.Millisecond, 6400 * time.Millisecond,
		12800 * time.Millisecond, 25600 * time.Millisecond, 30 * time.Second, 30 * time.Second}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("delays (-want +got):\n%s", diff)
	}
	if d := b.next(now, 0.5); d != 45*time.Second {
		t.Errorf("jitter 0.5 on 30s gave %v, want 45s (jitter factor 1.0)", d)
	}
	if d := b.next(now.Add(2*time.Minute+time.Second), 0); d != 800*time.Millisecond {
		t.Errorf("after two healthy minutes the delay is %v, want 800ms", d)
	}
}

func TestReflectorWatchesWithBookmarksAndASpreadTimeout(t *testing.T) {
	lw := &scriptedLW{lists: []listResponse{{list: fooList("10")}}}
	var opts []metav1.ListOptions
	rec := &recordingLW{scriptedLW: lw, opts: &opts}
	h := newHarness(t, lw, quietOptions())
	h.informer.lw = rec
	h.start()
	lw.waitBlocked(t)
	h.stop()
	if len(opts) != 2 {
		t.Fatalf("%d calls, want a list and a watch", len(opts))
	}
	w := opts[1]
	if !w.AllowWatchBookmarks || w.TimeoutSeconds == nil || *w.TimeoutSeconds < 300 || *w.TimeoutSeconds > 600 {
		t.Errorf("watch options %+v: want allowWatchBookmarks and a timeout in [300s, 600s]", w)
	}
}

// recordingLW keeps the options of every call.
type recordingLW struct {
	*scriptedLW
	opts *[]metav1.ListOptions
}

func (r *recordingLW) ListWithContext(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
	r.mu.Lock()
	*r.opts = append(*r.opts, o)
	r.mu.Unlock()
	return r.scriptedLW.ListWithContext(ctx, o)
}

func (r *recordingLW) WatchWithContext(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	r.mu.Lock()
	*r.opts = append(*r.opts, o)
	r.mu.Unlock()
	return r.scriptedLW.WatchWithContext(ctx, o)
}
