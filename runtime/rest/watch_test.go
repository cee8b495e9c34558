package rest_test

import (
	"context"
	"net/http"
	"runtime"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

// writeEvents streams newline-delimited watch events, flushing each one so
// the client sees them as they are "produced".
func writeEvents(tb testing.TB, w http.ResponseWriter, events ...string) {
	tb.Helper()
	for _, e := range events {
		if _, err := w.Write([]byte(e + "\n")); err != nil {
			return
		}
		w.(http.Flusher).Flush()
	}
}

// nextEvent receives one event or fails after testTimeout.
func nextEvent(tb testing.TB, w watch.Interface) (watch.Event, bool) {
	tb.Helper()
	select {
	case ev, ok := <-w.ResultChan():
		return ev, ok
	case <-time.After(testTimeout):
		tb.Fatal("timed out waiting for a watch event")
		return watch.Event{}, false
	}
}

// requireClosed fails unless the result channel closes before the deadline,
// which proves the watch goroutine has exited.
func requireClosed(tb testing.TB, w watch.Interface) {
	tb.Helper()
	deadline := time.After(testTimeout)
	for {
		select {
		case _, ok := <-w.ResultChan():
			if !ok {
				return
			}
		case <-deadline:
			tb.Fatal("watch result channel was not closed")
		}
	}
}

func TestWatchDecodesEventsAndServerErrors(t *testing.T) {
	queries := make(chan string, 1)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries <- r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		writeEvents(t, w,
			`{"type":"ADDED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w1","resourceVersion":"1"},"spec":"a"}}`,
			`{"type":"MODIFIED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w1","resourceVersion":"2"},"spec":"b"}}`,
			`{"type":"DELETED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w1","resourceVersion":"3"},"spec":"b"}}`,
			`{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (3)","reason":"Expired","code":410}}`,
		)
	}))
	c := newTestClient(t, srv.URL, widgetGV)
	w, err := c.Get().Namespace("ns").Resource("widgets").
		VersionedParams(&metav1.ListOptions{Watch: true, ResourceVersion: "0"}, newGroupParams(t)).
		Watch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if q := <-queries; q != "resourceVersion=0&watch=true" {
		t.Errorf("query = %q", q)
	}

	for _, want := range []struct {
		typ  watch.EventType
		rv   string
		spec string
	}{{watch.Added, "1", "a"}, {watch.Modified, "2", "b"}, {watch.Deleted, "3", "b"}} {
		ev, ok := nextEvent(t, w)
		if !ok {
			t.Fatalf("channel closed before %s", want.typ)
		}
		obj, isWidget := ev.Object.(*Widget)
		if ev.Type != want.typ || !isWidget || obj.ResourceVersion != want.rv || obj.Spec != want.spec {
			t.Errorf("event = %s %#v, want %s Widget rv=%s spec=%s", ev.Type, ev.Object, want.typ, want.rv, want.spec)
		}
	}
	ev, ok := nextEvent(t, w)
	if !ok || ev.Type != watch.Error {
		t.Fatalf("event = %v %v, want ERROR", ev.Type, ok)
	}
	st, isStatus := ev.Object.(*metav1.Status)
	if !isStatus || st.Code != 410 || st.Reason != metav1.StatusReasonExpired {
		t.Fatalf("ERROR object = %#v, want a 410 Expired Status", ev.Object)
	}
	if err := apierrors.FromObject(st); !apierrors.IsResourceExpired(err) {
		t.Errorf("FromObject(%v) is not ResourceExpired", err)
	}
	requireClosed(t, w) // the server ended the stream
}

func TestWatchEndsCleanlyWhenTheContextIsCancelled(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		writeEvents(t, w, `{"type":"ADDED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w1"}}}`)
		<-r.Context().Done() // keep the stream open until the client goes away
	}))
	c := newTestClient(t, srv.URL, widgetGV)
	baseline := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(t.Context())
	w, err := c.Get().Resource("widgets").Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ev, ok := nextEvent(t, w); !ok || ev.Type != watch.Added {
		t.Fatalf("first event = %v", ev)
	}
	cancel()
	// A cancelled watch closes its channel without a spurious ERROR event.
	select {
	case ev, ok := <-w.ResultChan():
		if ok {
			t.Errorf("got event %v after cancel, want the channel closed", ev)
		}
	case <-time.After(testTimeout):
		t.Fatal("watch did not stop after context cancellation")
	}
	// The decoder goroutine, the connection's goroutines and the server's
	// handler must all be gone; poll because they exit asynchronously.
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.After(testTimeout)
	for runtime.NumGoroutine() > baseline {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d goroutines still running, %d before the watch", runtime.NumGoroutine(), baseline)
		}
	}
}

func TestWatchStopClosesTheChannel(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	c := newTestClient(t, srv.URL, widgetGV)
	w, err := c.Get().Resource("widgets").Watch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	w.Stop()
	requireClosed(t, w)
}

func TestWatchReportsAnHTTPErrorAsStatusError(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","message":"no watching for you","code":403}`))
	}))
	c := newTestClient(t, srv.URL, widgetGV)
	_, err := c.Get().Resource("widgets").Watch(t.Context())
	if !apierrors.IsForbidden(err) {
		t.Errorf("Watch error = %v, want Forbidden", err)
	}
}

func TestConfigTimeoutDoesNotCutAWatch(t *testing.T) {
	const timeout = 50 * time.Millisecond
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		writeEvents(t, w, `{"type":"ADDED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"early"}}}`)
		// Simulate a quiet watch that outlives Config.Timeout several times.
		quiet := time.NewTimer(6 * timeout)
		defer quiet.Stop()
		select {
		case <-quiet.C:
		case <-r.Context().Done():
			return
		}
		writeEvents(t, w, `{"type":"ADDED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"late"}}}`)
	}))
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) { c.Timeout = timeout })
	w, err := c.Get().Resource("widgets").Watch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	for _, name := range []string{"early", "late"} {
		ev, ok := nextEvent(t, w)
		if !ok {
			t.Fatalf("watch ended before %q; Config.Timeout must not apply to watches", name)
		}
		if obj, isWidget := ev.Object.(*Widget); !isWidget || obj.Name != name {
			t.Fatalf("event = %v %#v, want %q", ev.Type, ev.Object, name)
		}
	}
}
