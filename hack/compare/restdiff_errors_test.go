package compare

// TestRESTDiffErrorBodiesClassifyLikeClientGo serves the same responses
// (gateway JSON, real Status bodies, HTML, empty and truncated bodies,
// redirects) to a typed Get of both clients and compares the error class:
// apierrors.ReasonForError, the status code, that a message is there, and
// how many requests reached the server.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	restclient "k8s.io/client-go/rest"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

type rdRespCase struct {
	name        string
	code        int
	contentType string
	body        string
	header      map[string]string
}

const rdWidgetJSON = `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"default"}}`

func rdStatusJSON(code int, reason, message string) string {
	return fmt.Sprintf(`{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":%q,"reason":%q,"code":%d}`, message, reason, code)
}

func rdRespCases() []rdRespCase {
	const j, h, p = "application/json", "text/html", "text/plain"
	return []rdRespCase{
		{"a 502 from a gateway whose JSON says code 404", 502, j, `{"status":"error","code":404,"message":"no healthy upstream"}`, nil},
		{"a 404 whose JSON says status ok code 200", 404, j, `{"status":"ok","code":200}`, nil},
		{"a 500 whose JSON says only status down", 500, j, `{"status":"down"}`, nil},
		{"a 503 whose JSON has status and message but no kind", 503, j, `{"status":"error","message":"upstream connect error"}`, nil},
		{"a 403 with a gateway JSON error", 403, j, `{"error":"forbidden by policy"}`, nil},
		{"a 500 with a JSON array", 500, j, `[1,2,3]`, nil},
		{"a 404 Status NotFound", 404, j, rdStatusJSON(404, "NotFound", `widgets.example.com "w1" not found`), nil},
		{"a 409 Status AlreadyExists", 409, j, rdStatusJSON(409, "AlreadyExists", "exists"), nil},
		{"a 403 Status Forbidden", 403, j, rdStatusJSON(403, "Forbidden", "no"), nil},
		{"a 401 Status Unauthorized", 401, j, rdStatusJSON(401, "Unauthorized", "Unauthorized"), nil},
		{"a 410 Status Expired", 410, j, rdStatusJSON(410, "Expired", "too old"), nil},
		{"a 422 Status Invalid", 422, j, rdStatusJSON(422, "Invalid", "spec.x: Invalid value"), nil},
		{"a 429 Status TooManyRequests without Retry-After", 429, j, rdStatusJSON(429, "TooManyRequests", "slow down"), nil},
		{"a 500 Status InternalError", 500, j, rdStatusJSON(500, "InternalError", "boom"), nil},
		{"a 504 Status Timeout", 504, j, rdStatusJSON(504, "Timeout", "slow"), nil},
		{"a 404 Status with code 0", 404, j, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","message":"gone"}`, nil},
		{"a 400 Status without kind but with status Failure", 400, j, `{"status":"Failure","reason":"BadRequest","code":400,"message":"bad"}`, nil},
		{"a 500 Status Success", 500, j, `{"kind":"Status","apiVersion":"v1","status":"Success","code":200}`, nil},
		{"a 404 with kind Pod and status Failure", 404, j, `{"kind":"Pod","apiVersion":"v1","status":"Failure","code":404,"reason":"NotFound","message":"x"}`, nil},
		{"a 404 Status served as text/plain", 404, p, rdStatusJSON(404, "NotFound", "gone"), nil},
		{"a 500 with truncated Status JSON", 500, j, `{"kind":"Status","apiVersion":"v1","status":"Fail`, nil},
		{"a 502 HTML page", 502, h, `<html><body><h1>502 Bad Gateway</h1></body></html>`, nil},
		{"a 504 HTML page", 504, h, `<html><body>Gateway Timeout</body></html>`, nil},
		{"a 404 HTML page", 404, h, `<html><body>Not Found</body></html>`, nil},
		{"a 401 HTML page", 401, h, `<html><body>Login required</body></html>`, nil},
		{"a 403 HTML page", 403, h, `<html><body>Forbidden</body></html>`, nil},
		{"a 500 HTML page served as JSON", 500, j, `<html><body>oops</body></html>`, nil},
		{"a 404 plain text", 404, p, "404 page not found\n", nil},
		{"a 503 with an empty body", 503, j, "", nil},
		{"a 500 with an empty body", 500, "", "", nil},
		{"a 404 with an empty body", 404, j, "", nil},
		{"a 418 with an empty body", 418, "", "", nil},
		{"a 200 Status Failure NotFound", 200, j, rdStatusJSON(404, "NotFound", "gone"), nil},
		{"a 200 with the object", 200, j, rdWidgetJSON, nil},
		{"a 200 with an empty body", 200, j, "", nil},
		{"a 200 with truncated JSON", 200, j, `{"apiVersion":"example.com/v1","kind":"Wid`, nil},
		{"a 200 HTML page", 200, h, `<html><body>Welcome to nginx</body></html>`, nil},
		{"a 200 HTML page served as JSON", 200, j, `<html><body>Welcome to nginx</body></html>`, nil},
		{"a 204 with no body", 204, "", "", nil},
		{"a 201 with the object", 201, j, rdWidgetJSON, nil},
		{"a 302 without Location", 302, h, `<html>moved</html>`, nil},
		{"a 301 without Location and a Status body", 301, j, rdStatusJSON(301, "", "moved"), nil},
		{"a 304 Not Modified", 304, "", "", nil},
		{"a 307 redirect loop", 307, "", "", map[string]string{"Location": "LOOP"}},
	}
}

// rdRespObs is how a typed Get ended.
type rdRespObs struct {
	Err          bool
	Reason       metav1.StatusReason
	Code         int32
	EmptyMessage bool
	Requests     int
	Message      string `cmp:"-"`
}

func rdRespObservation(err error, requests int) rdRespObs {
	o := rdRespObs{Requests: requests}
	if err == nil {
		return o
	}
	o.Err = true
	o.Reason = apierrors.ReasonForError(err)
	var st apierrors.APIStatus
	if errors.As(err, &st) {
		o.Code = st.Status().Code
	}
	o.Message = err.Error()
	o.EmptyMessage = strings.TrimSpace(err.Error()) == ""
	return o
}

type rdRespDiff struct {
	c             rdRespCase
	goObs, genObs rdRespObs
	fields        []string
}

func (d *rdRespDiff) only(allowed ...string) bool {
	for _, f := range d.fields {
		found := false
		for _, a := range allowed {
			found = found || f == a
		}
		if !found {
			return false
		}
	}
	return len(d.fields) > 0
}

func rdCompareResp(a, b rdRespObs) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("err", a.Err != b.Err)
	add("reason", a.Reason != b.Reason)
	add("code", a.Code != b.Code)
	add("emptyMessage", a.EmptyMessage != b.EmptyMessage)
	add("requests", a.Requests != b.Requests)
	return out
}

// rdRespServer serves rdRespCases by object name ("r<index>") and counts
// the requests for each.
type rdRespServer struct {
	cases []rdRespCase
	mu    sync.Mutex
	count map[string]int
}

func (s *rdRespServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	s.mu.Lock()
	s.count[name]++
	s.mu.Unlock()
	var i int
	if _, err := fmt.Sscanf(name, "r%d", &i); err != nil || i < 0 || i >= len(s.cases) {
		http.NotFound(w, r)
		return
	}
	c := s.cases[i]
	for k, v := range c.header {
		if v == "LOOP" {
			v = r.URL.Path
		}
		w.Header().Set(k, v)
	}
	if c.contentType != "" {
		w.Header().Set("Content-Type", c.contentType)
	} else {
		w.Header()["Content-Type"] = nil
	}
	w.WriteHeader(c.code)
	_, _ = w.Write([]byte(c.body))
}

func (s *rdRespServer) take(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.count[name]
	delete(s.count, name)
	return n
}

func TestRESTDiffErrorBodiesClassifyLikeClientGo(t *testing.T) {
	cases := rdRespCases()
	srv := &rdRespServer{cases: cases, count: map[string]int{}}
	hs := rdStartPlain(t, srv)

	goCfg := &restclient.Config{Host: hs.URL, QPS: -1}
	goCS, err := versioned.NewForConfig(goCfg)
	if err != nil {
		t.Fatal(err)
	}
	// clientgen retries reads on 429/5xx (a deliberate difference); a tiny
	// backoff keeps that fast while still counting the attempts.
	genCfg := &rest.Config{Host: hs.URL, QPS: -1, RetryPolicy: &rest.RetryPolicy{MaxRetries: 2, InitialBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}}
	genCS, err := clientset.NewForConfig(genCfg)
	if err != nil {
		t.Fatal(err)
	}
	tally := &rdTally{byRow: map[string]int{}, undeclared: map[string]int{}}
	for i, c := range cases {
		name := fmt.Sprintf("r%d", i)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		_, goErr := goCS.ExampleV1().Widgets("default").Get(ctx, name, metav1.GetOptions{})
		goObs := rdRespObservation(goErr, srv.take(name))
		_, genErr := genCS.ExampleV1().Widgets("default").Get(ctx, name, metav1.GetOptions{})
		genObs := rdRespObservation(genErr, srv.take(name))
		cancel()
		if genObs.Err && genObs.EmptyMessage {
			t.Errorf("%s: clientgen's error has an empty message (reason %q, code %d)", c.name, genObs.Reason, genObs.Code)
		}
		d := &rdRespDiff{c: c, goObs: goObs, genObs: genObs, fields: rdCompareResp(goObs, genObs)}
		verdict := tally.add(rdDiff{Resp: d}, len(d.fields) == 0)
		t.Logf("%-60s client-go %-28s clientgen %-28s %s", c.name+":", rdRespSummary(goObs), rdRespSummary(genObs), verdict)
		if verdict != rdUndeclared {
			continue
		}
		tally.undeclared[strings.Join(d.fields, ",")]++
		t.Errorf("%s (HTTP %d %s %q) differs in %v (not a deliberate difference):\n  client-go: %+v\n  clientgen: %+v",
			c.name, c.code, c.contentType, c.body, d.fields, goObs, genObs)
	}
	t.Logf("error-body differential: %s", tally)
	tally.checkRowsUsed(t, "response")
}

func rdRespSummary(o rdRespObs) string {
	if !o.Err {
		return fmt.Sprintf("ok (%d req)", o.Requests)
	}
	return fmt.Sprintf("%s %d (%d req)", o.Reason, o.Code, o.Requests)
}
