package compare

// TestRESTDiffWatchStreamsMatchClientGo serves the same watch bodies to a
// typed Watch of both clients over HTTP/1.1 (Content-Length, chunked per
// event, chunked with the last chunk in the same write as the data) and
// HTTP/2 (one DATA frame per event, or all at once), and compares the event
// sequences: type plus object kind and name, or Status code and reason.

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	restclient "k8s.io/client-go/rest"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

type rdWatchScenario struct {
	name string
	// code is the HTTP status (200 unless set); events are written in
	// order, each as its own piece in the modes that flush per event.
	code        int
	contentType string
	events      []string
	// abort drops the connection after the events (a reset over
	// HTTP/2, a closed connection over HTTP/1.1) instead of ending the
	// body.
	abort bool
}

func rdEvent(typ, name string) string {
	return fmt.Sprintf(`{"type":%q,"object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":%q,"namespace":"default","resourceVersion":"7"}}}`+"\n", typ, name)
}

func rdWatchScenarios() []rdWatchScenario {
	added, modified, deleted := rdEvent("ADDED", "w1"), rdEvent("MODIFIED", "w1"), rdEvent("DELETED", "w1")
	errEvent := func(status string) string { return `{"type":"ERROR","object":` + status + "}\n" }
	return []rdWatchScenario{
		{name: "three good events", events: []string{added, modified, deleted}},
		{name: "an empty body"},
		{name: "an HTML page on 200", events: []string{"<html>Service temporarily unavailable</html>"}},
		{name: "an HTML page on 200 with a newline", events: []string{"<html>Service temporarily unavailable</html>\n"}},
		{name: "an HTML page on 200 as text/html", contentType: "text/html", events: []string{"<html>Service temporarily unavailable</html>\n"}},
		{name: "a body truncated inside the second event", events: []string{added, modified[:40]}},
		{name: "a malformed event after good ones", events: []string{added, modified, `{"type":"MODIFIED","object":"oops"}` + "\n"}},
		{name: "garbage after a good event", events: []string{added, "not json at all\n"}},
		{name: "a truncated event after good ones with no newline", events: []string{added, `{"type":"MODIFIED","object":{"kind":`}},
		{name: "an ERROR 410 Expired after a good event", events: []string{added, errEvent(rdStatusJSON(410, "Expired", "too old resource version"))}},
		{name: "an ERROR 500 Status", events: []string{errEvent(rdStatusJSON(500, "InternalError", "etcd down"))}},
		{name: "a BOOKMARK", events: []string{added, rdEvent("BOOKMARK", "")}},
		{name: "an unknown event type", events: []string{rdEvent("FOO", "w1"), added}},
		{name: "a lowercase event type", events: []string{rdEvent("added", "w1"), added}},
		{name: "an event without a type", events: []string{`{"object":` + strings.TrimSuffix(strings.TrimPrefix(added, `{"type":"ADDED","object":`), "}\n") + "}\n", added}},
		{name: "an event without an object", events: []string{`{"type":"ADDED"}` + "\n", added}},
		{name: "an event with a null object", events: []string{`{"type":"ADDED","object":null}` + "\n", added}},
		{name: "an event whose object is of an unknown kind", events: []string{`{"type":"ADDED","object":{"apiVersion":"v1","kind":"Gadget","metadata":{"name":"g"}}}` + "\n", added}},
		{name: "an ERROR whose Status has no kind", events: []string{errEvent(`{"status":"Failure","code":410,"reason":"Expired","message":"old"}`)}},
		{name: "an ERROR whose object is a Widget", events: []string{errEvent(`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w9"}}`)}},
		{name: "a connection dropped after a good event", events: []string{added}, abort: true},
		{name: "a connection dropped inside an event", events: []string{added, modified[:40]}, abort: true},
		{name: "a 500 HTML page instead of a stream", code: 500, contentType: "text/html", events: []string{"<html>oops</html>"}},
		{name: "a 410 Status instead of a stream", code: 410, contentType: "application/json", events: []string{rdStatusJSON(410, "Expired", "too old")}},
		{name: "a 502 gateway JSON instead of a stream", code: 502, contentType: "application/json", events: []string{`{"status":"error","code":404,"message":"no healthy upstream"}`}},
	}
}

// rdWatchModes are the ways a body is put on the wire.
func rdWatchModes() []string {
	return []string{"h1-content-length", "h1-chunked-per-event", "h1-chunked-one-write", "h2-per-event", "h2-one-write"}
}

// rdWatchHandler serves scenario i in mode m for the namespace "s<i>-<m>",
// or, for "split<k>-<m>", the split scenario's body in two writes split at
// byte k.
type rdWatchHandler struct {
	scenarios []rdWatchScenario
	split     string
}

func (h *rdWatchHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, after, _ := strings.Cut(r.URL.Path, "/namespaces/")
	ns, _, _ := strings.Cut(after, "/")
	key, mode, _ := strings.Cut(ns, "-")
	var sc rdWatchScenario
	var pieces []string
	var i, k int
	switch {
	case strings.HasPrefix(key, "split"):
		if _, err := fmt.Sscanf(key, "split%d", &k); err != nil {
			http.NotFound(w, r)
			return
		}
		sc = rdWatchScenario{code: 200}
		pieces = []string{h.split[:k], h.split[k:]}
	default:
		if _, err := fmt.Sscanf(key, "s%d", &i); err != nil || i >= len(h.scenarios) {
			http.NotFound(w, r)
			return
		}
		sc = h.scenarios[i]
		pieces = sc.events
	}
	code, ct := sc.code, sc.contentType
	if code == 0 {
		code = 200
	}
	if ct == "" {
		ct = "application/json"
	}
	body := strings.Join(pieces, "")
	switch mode {
	case "h1length", "h1onewrite":
		// Written raw so that the framing is exactly what the mode says.
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		head := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nConnection: close\r\n", code, http.StatusText(code), ct)
		if mode == "h1length" {
			// Each piece is its own write, so that a split lands in the
			// reads the client makes.
			length := len(body)
			if sc.abort {
				length += 100
			}
			fmt.Fprintf(buf, "%sContent-Length: %d\r\n\r\n", head, length)
			for _, p := range pieces {
				_, _ = buf.WriteString(p)
				_ = buf.Flush()
			}
		} else {
			fmt.Fprintf(buf, "%sTransfer-Encoding: chunked\r\n\r\n", head)
			if body != "" {
				fmt.Fprintf(buf, "%x\r\n%s\r\n", len(body), body)
			}
			if !sc.abort {
				buf.WriteString("0\r\n\r\n")
			}
		}
		_ = buf.Flush()
	default: // "h1chunked", "h2perevent", "h2onewrite"
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(code)
		rc := http.NewResponseController(w)
		_ = rc.Flush()
		if mode == "h2onewrite" {
			_, _ = w.Write([]byte(body))
		} else {
			for _, p := range pieces {
				_, _ = w.Write([]byte(p))
				_ = rc.Flush()
			}
		}
		if sc.abort {
			_ = rc.Flush()
			// net/http resets the stream (HTTP/2) or closes the
			// connection (HTTP/1.1) without ending the body.
			panic(http.ErrAbortHandler)
		}
	}
}

// rdModeKey drops the dashes of a mode for the namespace.
func rdModeKey(mode string) string {
	switch mode {
	case "h1-content-length":
		return "h1length"
	case "h1-chunked-one-write":
		return "h1onewrite"
	}
	return strings.ReplaceAll(mode, "-", "")
}

// rdDescribeEvent is an event as compared.
func rdDescribeEvent(ev watch.Event) string {
	switch o := ev.Object.(type) {
	case *metav1.Status:
		return fmt.Sprintf("%s Status %d %s", ev.Type, o.Code, o.Reason)
	case nil:
		return fmt.Sprintf("%s <nil>", ev.Type)
	case metav1.Object:
		return fmt.Sprintf("%s %s/%s", ev.Type, reflect.TypeOf(o).Elem().Name(), o.GetName())
	default:
		return fmt.Sprintf("%s %T", ev.Type, o)
	}
}

// rdCollect reads events until the channel closes; a watch that stays
// open past the deadline is reported as such.
func rdCollect(w watch.Interface, err error) []string {
	if err != nil {
		return []string{fmt.Sprintf("watch failed: %s %d", apierrors.ReasonForError(err), rdCode(err))}
	}
	defer w.Stop()
	var out []string
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		select {
		case ev, ok := <-w.ResultChan():
			if !ok {
				return out
			}
			out = append(out, rdDescribeEvent(ev))
		case <-deadline.C:
			return append(out, "still open after 10s")
		}
	}
}

func rdCode(err error) int32 {
	if st, ok := err.(apierrors.APIStatus); ok {
		return st.Status().Code
	}
	return 0
}

type rdWatchDiff struct {
	scenario    string
	mode        string
	abort       bool
	goEv, genEv []string
}

func TestRESTDiffWatchStreamsMatchClientGo(t *testing.T) {
	scenarios := rdWatchScenarios()
	split := rdEvent("ADDED", "w1") + "not json at all\n"
	pki := rdNewPKI(t)
	h := &rdWatchHandler{scenarios: scenarios, split: split}
	h1 := rdStartTLS(t, pki, h, false)
	h2 := rdStartTLS(t, pki, h, true)
	clients := func(url string) (*versioned.Clientset, *clientset.Clientset) {
		goCS, err := versioned.NewForConfig(&restclient.Config{Host: url, QPS: -1, TLSClientConfig: restclient.TLSClientConfig{CAData: pki.caPEM}})
		if err != nil {
			t.Fatal(err)
		}
		genCS, err := clientset.NewForConfig(&rest.Config{Host: url, QPS: -1, TLSClientConfig: rest.TLSClientConfig{CAData: pki.caPEM},
			RetryPolicy: &rest.RetryPolicy{MaxRetries: 0}})
		if err != nil {
			t.Fatal(err)
		}
		return goCS, genCS
	}
	goH1, genH1 := clients(h1.URL)
	goH2, genH2 := clients(h2.URL)
	run := func(ns string, http2 bool) ([]string, []string) {
		goCS, genCS := goH1, genH1
		if http2 {
			goCS, genCS = goH2, genH2
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		goEv := rdCollect(goCS.ExampleV1().Widgets(ns).Watch(ctx, metav1.ListOptions{}))
		genEv := rdCollect(genCS.ExampleV1().Widgets(ns).Watch(ctx, metav1.ListOptions{}))
		return goEv, genEv
	}
	tally := &rdTally{byRow: map[string]int{}, undeclared: map[string]int{}}
	check := func(scenario, mode string, abort bool, goEv, genEv []string) {
		d := &rdWatchDiff{scenario: scenario, mode: mode, abort: abort, goEv: goEv, genEv: genEv}
		if tally.add(rdDiff{Watch: d}, reflect.DeepEqual(goEv, genEv)) != rdUndeclared {
			return
		}
		tally.undeclared[scenario]++
		t.Errorf("watch %q over %s differs (not a deliberate difference):\n  client-go: %q\n  clientgen: %q", scenario, mode, goEv, genEv)
	}
	for i, sc := range scenarios {
		for _, mode := range rdWatchModes() {
			goEv, genEv := run(fmt.Sprintf("s%d-%s", i, rdModeKey(mode)), strings.HasPrefix(mode, "h2"))
			check(sc.name, mode, sc.abort, goEv, genEv)
		}
	}
	// The garbage-after-a-good-event body split at every byte boundary: two
	// writes of a Content-Length body, two chunks, two HTTP/2 DATA frames.
	splits := 0
	for k := 1; k < len(split); k++ {
		for _, mode := range []string{"h1-content-length", "h1-chunked-per-event", "h2-per-event"} {
			goEv, genEv := run(fmt.Sprintf("split%d-%s", k, rdModeKey(mode)), strings.HasPrefix(mode, "h2"))
			check(fmt.Sprintf("garbage after a good event, split at byte %d", k), mode, false, goEv, genEv)
			splits++
		}
	}
	t.Logf("watch differential (%d scenarios x %d modes, %d splits): %s", len(scenarios), len(rdWatchModes()), splits, tally)
	tally.checkRowsUsed(t, "watch")
}
