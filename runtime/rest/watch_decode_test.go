package rest_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

const goodEvent = `{"type":"ADDED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w1","resourceVersion":"1"}}}` + "\n"

// Issue 14 #3: over HTTP/1.1, io.EOF arrives with the last bytes of a body
// that has a Content-Length, or whose last chunk comes with the data; the
// watch took that for a lost connection and dropped the decode error.
// client-go delivers an ERROR event, then closes; so must we, whatever the
// protocol and framing.
func TestWatchReportsUndecodableDataAtTheEndOfTheBody(t *testing.T) {
	framings := []struct {
		name string
		// serve writes body with this framing.
		serve func(w http.ResponseWriter, body string)
		start func(srv *httptest.Server)
	}{
		{
			name: "HTTP/1.1 with a Content-Length",
			serve: func(w http.ResponseWriter, body string) {
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
				_, _ = w.Write([]byte(body))
			},
			start: func(srv *httptest.Server) { srv.StartTLS() },
		},
		{
			name: "HTTP/1.1 chunked with the last chunk right after the data",
			serve: func(w http.ResponseWriter, body string) {
				w.WriteHeader(http.StatusOK)
				w.(http.Flusher).Flush() // headers now, so the body is chunked
				_, _ = w.Write([]byte(body))
			},
			start: func(srv *httptest.Server) { srv.StartTLS() },
		},
		{
			name: "HTTP/2",
			serve: func(w http.ResponseWriter, body string) {
				_, _ = w.Write([]byte(body))
			},
			start: func(srv *httptest.Server) {
				srv.EnableHTTP2 = true
				srv.StartTLS()
			},
		},
	}
	bodies := []struct {
		name string
		body string
		// before are the event types expected before the ERROR event.
		before  []watch.EventType
		wantMsg string
	}{
		{name: "an HTML page served with 200", body: "<html>Service temporarily unavailable</html>", wantMsg: "invalid character '<'"},
		{name: "a malformed event after a good one", body: goodEvent + `{"type":"MODIFIED","object":{"kind":"Widget",}}` + "\n", before: []watch.EventType{watch.Added}, wantMsg: "invalid character '}'"},
		{name: "an event of the wrong shape after a good one", body: goodEvent + `{"type":5}` + "\n", before: []watch.EventType{watch.Added}, wantMsg: "cannot unmarshal number"},
	}
	for _, fr := range framings {
		for _, b := range bodies {
			t.Run(fr.name+": "+b.name, func(t *testing.T) {
				srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					fr.serve(w, b.body)
				}))
				fr.start(srv)
				t.Cleanup(srv.Close)
				c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
					c.TLSClientConfig.CAData = serverCAPEM(t, srv)
				})
				w, err := c.Get().Resource("widgets").
					VersionedParams(&metav1.ListOptions{Watch: true}, newGroupParams(t)).Watch(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				defer w.Stop()
				for _, want := range b.before {
					if ev, ok := nextEvent(t, w); !ok || ev.Type != want {
						t.Fatalf("event = %v (open %t), want %s", ev.Type, ok, want)
					}
				}
				ev, ok := nextEvent(t, w)
				if !ok {
					t.Fatal("the watch closed without an ERROR event")
				}
				st, isStatus := ev.Object.(*metav1.Status)
				if ev.Type != watch.Error || !isStatus || !strings.Contains(st.Message, b.wantMsg) {
					t.Fatalf("event = %s %#v, want ERROR with a Status saying %q", ev.Type, ev.Object, b.wantMsg)
				}
				requireClosed(t, w)
			})
		}
	}
}

// A body cut off mid-event is the stream ending, not bad data: the watch
// closes without an ERROR event and the caller watches again.
func TestWatchEndsQuietlyWhenTheBodyIsCutMidEvent(t *testing.T) {
	body := goodEvent + `{"type":"MODIFIED","object":{"kind":"Wid`
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write([]byte(body))
	}))
	c := newTestClient(t, srv.URL, widgetGV)
	w, err := c.Get().Resource("widgets").
		VersionedParams(&metav1.ListOptions{Watch: true}, newGroupParams(t)).Watch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if ev, ok := nextEvent(t, w); !ok || ev.Type != watch.Added {
		t.Fatalf("event = %v (open %t), want ADDED", ev.Type, ok)
	}
	if ev, ok := nextEvent(t, w); ok {
		t.Fatalf("event = %s %#v, want the channel closed", ev.Type, ev.Object)
	}
}
