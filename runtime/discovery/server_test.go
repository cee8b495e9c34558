package discovery_test

import (
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/runtime/rest"
)

// fixtures are the discovery documents of the real kube-apiserver v1.37.2
// (with the CRDs of testdata/crds installed), captured with curl:
// aggregated/{api,apis}.{json,pb} with the aggregated Accept types and
// legacy/... with Accept: application/json.
const fixtures = "testdata/apiserver-v1.37.2"

// serverMode says which discovery formats the replay server offers.
type serverMode struct {
	name            string
	aggregatedJSON  bool
	aggregatedProto bool
}

var (
	protoAndJSON = serverMode{name: "a server with aggregated discovery in protobuf and JSON", aggregatedJSON: true, aggregatedProto: true}
	jsonOnly     = serverMode{name: "a server with aggregated discovery in JSON only", aggregatedJSON: true}
	legacyOnly   = serverMode{name: "a server without aggregated discovery"}
)

// replayServer serves the captured documents with the real server's
// content negotiation and ETag handling, and counts what it is asked.
type replayServer struct {
	*httptest.Server
	mode serverMode

	mu       sync.Mutex
	requests []string // "GET /apis accept=..."
	// override answers a path with a status instead of the document.
	override              map[string]int
	inFlight, maxInFlight atomic.Int32
	notModified           atomic.Int32
	// hook runs before every response (for barriers in concurrency tests).
	hook func(r *http.Request)
}

func newReplayServer(tb testing.TB, mode serverMode) *replayServer {
	tb.Helper()
	s := &replayServer{mode: mode, override: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

func (s *replayServer) setStatus(path string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.override[path] = code
}

func (s *replayServer) requestLog() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (s *replayServer) resetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func (s *replayServer) serve(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxInFlight.Load()
		if n <= m || s.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}
	if s.hook != nil {
		s.hook(r)
	}
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.Path)
	code, overridden := s.override[r.URL.Path]
	s.mu.Unlock()
	if overridden {
		writeStatus(w, code, r.URL.Path)
		return
	}
	if r.URL.Path == "/version" {
		serveFile(w, r, filepath.Join(fixtures, "version.json"), "application/json", false, nil)
		return
	}
	if r.URL.Path == "/api" || r.URL.Path == "/apis" {
		base := strings.TrimPrefix(r.URL.Path, "/")
		for _, accept := range strings.Split(r.Header.Get("Accept"), ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(accept))
			if err != nil {
				continue
			}
			aggregated := params["g"] == "apidiscovery.k8s.io" && params["v"] == "v2" && params["as"] == "APIGroupDiscoveryList"
			switch {
			case aggregated && mt == "application/vnd.kubernetes.protobuf" && s.mode.aggregatedProto:
				serveFile(w, r, filepath.Join(fixtures, "aggregated", base+".pb"), strings.TrimSpace(accept), true, &s.notModified)
				return
			case aggregated && mt == "application/json" && s.mode.aggregatedJSON:
				serveFile(w, r, filepath.Join(fixtures, "aggregated", base+".json"), strings.TrimSpace(accept), true, &s.notModified)
				return
			case !aggregated && (mt == "application/json" || mt == "*/*"):
				serveFile(w, r, filepath.Join(fixtures, "legacy", base+".json"), "application/json", false, nil)
				return
			}
		}
		writeStatus(w, http.StatusNotAcceptable, r.URL.Path)
		return
	}
	path := filepath.Join(fixtures, "legacy", filepath.FromSlash(r.URL.Path)+".json")
	if _, err := os.Stat(path); err != nil {
		writeStatus(w, http.StatusNotFound, r.URL.Path)
		return
	}
	serveFile(w, r, path, "application/json", false, nil)
}

// serveFile answers with the file; with etag, the ETag is the hash of the
// file (the real server hashes the object, so JSON and protobuf share one)
// and a matching If-None-Match gets 304.
func serveFile(w http.ResponseWriter, r *http.Request, path, contentType string, etag bool, notModified *atomic.Int32) {
	body, err := os.ReadFile(path)
	if err != nil {
		writeStatus(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", contentType)
	if etag {
		sum := sha256.Sum256([]byte(strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".pb"), ".json")))
		tag := `"` + strings.ToUpper(hex.EncodeToString(sum[:])) + `"`
		w.Header().Set("ETag", tag)
		w.Header().Set("Vary", "Accept")
		if r.Header.Get("If-None-Match") == tag {
			w.WriteHeader(http.StatusNotModified)
			notModified.Add(1)
			return
		}
	}
	_, _ = w.Write(body)
}

func writeStatus(w http.ResponseWriter, code int, what string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	reason := map[int]string{404: "NotFound", 403: "Forbidden", 503: "ServiceUnavailable", 500: "InternalError", 406: "NotAcceptable"}[code]
	_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"` + reason + `","code":` + strconv.Itoa(code) + `,"message":"replay server: ` + what + `"}`))
}

func newClient(tb testing.TB, srv *replayServer) *discovery.DiscoveryClient {
	tb.Helper()
	d, err := discovery.NewDiscoveryClientForConfig(testConfig(srv.URL))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// testConfig disables rate limiting and retries: the replay server's
// failures are deliberate.
func testConfig(host string) *rest.Config {
	return &rest.Config{Host: host, QPS: -1, RetryPolicy: &rest.RetryPolicy{}}
}
