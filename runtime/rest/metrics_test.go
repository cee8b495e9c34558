package rest_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clientgen/clientgen/runtime/rest"
)

// recordedMetrics keeps every event. It embeds NoMetrics as the Metrics
// documentation asks implementations to.
type recordedMetrics struct {
	rest.NoMetrics
	mu      sync.Mutex
	done    []rest.RequestInfo
	retries []rest.RetryInfo
	waits   []rest.RateLimiterWaitInfo
	execs   []rest.ExecPluginCallInfo
}

func (m *recordedMetrics) RequestDone(_ context.Context, info rest.RequestInfo) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done = append(m.done, info)
}

func (m *recordedMetrics) Retry(_ context.Context, info rest.RetryInfo) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.retries = append(m.retries, info)
}

func (m *recordedMetrics) RateLimiterWait(_ context.Context, info rest.RateLimiterWaitInfo) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.waits = append(m.waits, info)
}

func (m *recordedMetrics) ExecPluginCall(_ context.Context, info rest.ExecPluginCallInfo) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.execs = append(m.execs, info)
}

// ignoreTimes leaves durations and delays out of comparisons; tests check
// them separately against bounds.
var ignoreTimes = cmpopts.IgnoreFields(rest.RequestInfo{}, "Duration", "Err")

// scriptedServer answers the i-th request with responses[i] (the last one
// for every later request) and counts requests.
func scriptedServer(tb testing.TB, responses ...func(w http.ResponseWriter)) (*url.URL, *atomic.Int32) {
	tb.Helper()
	var n atomic.Int32
	srv := newServer(tb, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		responses[min(i, len(responses)-1)](w)
	}))
	u, err := url.Parse(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	return u, &n
}

func respond(code int, header ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		if code < 300 {
			_, _ = w.Write([]byte(`{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w1"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","code":` + strconv.Itoa(code) + `}`))
	}
}

func TestMetricsReportEachRequestOnceWithItsRetries(t *testing.T) {
	tests := []struct {
		name        string
		verb        string
		responses   []func(http.ResponseWriter)
		wantDone    int // status code of the RequestDone event
		wantRetries []rest.RetryReason
		wantCodes   []int // status codes of the retried attempts
	}{
		{
			name: "a 429 without Retry-After then a 200 is one retry for too many requests and one request done with 200",
			verb: http.MethodGet, responses: []func(http.ResponseWriter){respond(429), respond(200)},
			wantDone: 200, wantRetries: []rest.RetryReason{rest.RetryReasonTooManyRequests}, wantCodes: []int{429},
		},
		{
			name: "a write's 503 with Retry-After then a 201 is one retry for Retry-After",
			verb: http.MethodPost, responses: []func(http.ResponseWriter){respond(503, "Retry-After", "0"), respond(201)},
			wantDone: 201, wantRetries: []rest.RetryReason{rest.RetryReasonRetryAfter}, wantCodes: []int{503},
		},
		{
			name: "a read's 500 and 502 then a 200 are two retries for server errors",
			verb: http.MethodGet, responses: []func(http.ResponseWriter){respond(500), respond(502), respond(200)},
			wantDone: 200, wantRetries: []rest.RetryReason{rest.RetryReasonServerError, rest.RetryReasonServerError}, wantCodes: []int{500, 502},
		},
		{
			name: "a write's 500 is not retried and is one request done with 500",
			verb: http.MethodPut, responses: []func(http.ResponseWriter){respond(500), respond(200)},
			wantDone: 500,
		},
		{
			name: "a 404 is one request done with 404",
			verb: http.MethodGet, responses: []func(http.ResponseWriter){respond(404)},
			wantDone: 404,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _ := scriptedServer(t, tt.responses...)
			m := &recordedMetrics{}
			c := newTestClient(t, u.String(), widgetGV, func(c *rest.Config) { c.Metrics = m })
			req := c.Verb(tt.verb).Namespace("ns1").Resource("widgets").Name("w1").SubResource("status")
			if tt.verb != http.MethodGet {
				req = req.Body([]byte(`{}`))
			}
			start := time.Now()
			_ = req.Do(t.Context()).Error()
			elapsed := time.Since(start)

			target := rest.RequestTarget{Verb: tt.verb, Host: u.Host, Resource: "widgets", Subresource: "status", Namespace: "ns1"}
			wantDone := []rest.RequestInfo{{RequestTarget: target, StatusCode: tt.wantDone, Retries: len(tt.wantRetries)}}
			if diff := cmp.Diff(wantDone, m.done, ignoreTimes); diff != "" {
				t.Errorf("RequestDone events (-want +got):\n%s", diff)
			}
			if len(m.done) == 1 {
				if d := m.done[0]; d.Err != nil || d.Duration <= 0 || d.Duration > elapsed {
					t.Errorf("RequestDone: Err %v, Duration %s; want nil and in (0, %s]", d.Err, d.Duration, elapsed)
				}
			}
			var wantRetries []rest.RetryInfo
			for i, reason := range tt.wantRetries {
				wantRetries = append(wantRetries, rest.RetryInfo{RequestTarget: target, Attempt: i + 1, StatusCode: tt.wantCodes[i], Reason: reason})
			}
			if diff := cmp.Diff(wantRetries, m.retries, cmpopts.IgnoreFields(rest.RetryInfo{}, "Delay"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Retry events (-want +got):\n%s", diff)
			}
			for _, r := range m.retries {
				if r.Delay < 0 || r.Delay > fastRetries().MaxBackoff {
					t.Errorf("retry %d: delay %s, want within [0, %s]", r.Attempt, r.Delay, fastRetries().MaxBackoff)
				}
			}
		})
	}
}

func TestMetricsReportARequestThatNeverReachedTheServer(t *testing.T) {
	// A port nothing listens on: the listener is closed before the request.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	m := &recordedMetrics{}
	c := newTestClient(t, "http://"+addr, widgetGV, func(c *rest.Config) { c.Metrics = m })
	if err := c.Get().Resource("widgets").Do(t.Context()).Error(); err == nil {
		t.Fatal("a request to a closed port succeeded")
	}
	maxRetries := fastRetries().MaxRetries
	if len(m.done) != 1 || m.done[0].StatusCode != 0 || m.done[0].Err == nil || m.done[0].Retries != maxRetries {
		t.Fatalf("RequestDone events %+v; want one with status 0, an error and %d retries", m.done, maxRetries)
	}
	if len(m.retries) != maxRetries {
		t.Fatalf("%d Retry events, want %d", len(m.retries), maxRetries)
	}
	for _, r := range m.retries {
		if r.Reason != rest.RetryReasonNotSent || r.StatusCode != 0 {
			t.Errorf("retry %d: reason %q, status %d; want %q and 0", r.Attempt, r.Reason, r.StatusCode, rest.RetryReasonNotSent)
		}
	}
}

func TestMetricsReportRateLimiterWaits(t *testing.T) {
	u, _ := scriptedServer(t, respond(200))
	m := &recordedMetrics{}
	// One token, refilled every 50ms: the second request waits for it.
	c := newTestClient(t, u.String(), coreV1, func(c *rest.Config) { c.QPS, c.Burst, c.Metrics = 20, 1, m })
	for _, name := range []string{"first", "second"} {
		if err := c.Get().Namespace("ns1").Resource("pods").Name(name).Do(t.Context()).Error(); err != nil {
			t.Fatal(err)
		}
	}
	// A watch is not rate limited, so it reports no wait.
	w, err := c.Get().Resource("pods").Param("watch", "true").Watch(t.Context())
	if err == nil {
		w.Stop()
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := c.Get().Resource("pods").Do(ctx).Error(); err == nil {
		t.Fatal("a request with a cancelled context succeeded")
	}

	if len(m.waits) != 3 {
		t.Fatalf("%d RateLimiterWait events, want 3 (two requests and the cancelled one): %+v", len(m.waits), m.waits)
	}
	want := rest.RequestTarget{Verb: http.MethodGet, Host: u.Host, Resource: "pods", Namespace: "ns1"}
	for i, w := range m.waits[:2] {
		if w.RequestTarget != want || w.Err != nil {
			t.Errorf("wait %d: %+v; want %+v without an error", i, w, want)
		}
	}
	// The bucket refills in 50ms; the first request took some of that.
	if w := m.waits[1].Wait; w < 10*time.Millisecond || w > testTimeout {
		t.Errorf("the second request waited %s for the limiter, want about 50ms", w)
	}
	if w := m.waits[0].Wait; w > m.waits[1].Wait {
		t.Errorf("the first request waited %s, longer than the second (%s)", w, m.waits[1].Wait)
	}
	if m.waits[2].Err == nil {
		t.Errorf("the cancelled request's wait has no error: %+v", m.waits[2])
	}
	// Every request is also done once: first, second, the watch, the cancelled one.
	if len(m.done) != 4 {
		t.Errorf("%d RequestDone events, want 4", len(m.done))
	}
	if last := m.done[len(m.done)-1]; !errors.Is(last.Err, context.Canceled) || last.StatusCode != 0 {
		t.Errorf("the cancelled request is done with %+v; want status 0 and context.Canceled", last)
	}
}

func TestMetricsReportExecPluginCalls(t *testing.T) {
	failing := func(t *testing.T) string {
		p := writeFile(t, t.TempDir(), "fail.sh", []byte("#!/bin/sh\necho 'no credential' >&2\nexit 3\n"))
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name       string
		command    func(t *testing.T, p *execPlugin) string
		wantCode   int
		wantStatus rest.ExecCallStatus
	}{
		{"a plugin that prints a credential is a call without error",
			func(t *testing.T, p *execPlugin) string { return filepath.Join(p.dir, "plugin.sh") }, 0, rest.ExecCallNoError},
		{"a plugin that exits 3 is an execution error with exit code 3",
			func(t *testing.T, p *execPlugin) string { return failing(t) }, 3, rest.ExecCallPluginExecutionError},
		{"a plugin that does not exist is a not-found error with exit code 1",
			func(t *testing.T, p *execPlugin) string { return filepath.Join(p.dir, "missing") }, 1, rest.ExecCallPluginNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newExecPlugin(t)
			p.willReturn(t, 0, "tok", time.Time{})
			s := &tokenServer{}
			s.accept("tok")
			srv := newTLSServer(t, s) // credentials go to https servers only
			m := &recordedMetrics{}
			command := tt.command(t, p)
			c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
				c.ExecProvider = p.config()
				c.ExecProvider.Command = command
				c.ExecProvider.Stderr = &strings.Builder{}
				c.TLSClientConfig.CAData = serverCAPEM(t, srv)
				c.RetryPolicy = &rest.RetryPolicy{}
				c.Metrics = m
			})
			err := c.Get().Resource("widgets").Do(t.Context()).Error()
			if (err == nil) != (tt.wantStatus == rest.ExecCallNoError) {
				t.Fatalf("request error %v with a plugin that should give %s", err, tt.wantStatus)
			}
			if len(m.execs) != 1 {
				t.Fatalf("%d ExecPluginCall events, want 1: %+v", len(m.execs), m.execs)
			}
			got := m.execs[0]
			if got.Command != command || got.ExitCode != tt.wantCode || got.CallStatus != tt.wantStatus {
				t.Errorf("ExecPluginCall = %+v; want command %s, exit code %d, status %s", got, command, tt.wantCode, tt.wantStatus)
			}
			if tt.wantStatus == rest.ExecCallNoError && got.Duration <= 0 {
				t.Errorf("a plugin run took %s", got.Duration)
			}
		})
	}
}

// wrapRecorder is a WrapTransport that records what each request looked
// like when it reached the connection-level transport.
type wrapRecorder struct {
	mu   sync.Mutex
	seen []string
	next http.RoundTripper
}

func (h *wrapRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.seen = append(h.seen, req.Method+" "+req.URL.Path+" auth="+req.Header.Get("Authorization")+" as="+req.Header.Get("Impersonate-User")+" ua="+req.Header.Get("User-Agent"))
	h.mu.Unlock()
	return h.next.RoundTrip(req)
}

func TestWrapTransportSeesEveryAttemptBelowAuthentication(t *testing.T) {
	s := &tokenServer{}
	s.accept("tok")
	var n atomic.Int32
	srv := newTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		s.ServeHTTP(w, r)
	}))
	var wrapped int
	rec := &wrapRecorder{}
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) {
		c.BearerToken = "tok"
		c.Impersonate = rest.ImpersonationConfig{UserName: "jane"}
		c.UserAgent = "metrics-test"
		c.TLSClientConfig.CAData = serverCAPEM(t, srv)
		c.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
			wrapped++
			rec.next = rt
			return rec
		}
	})
	if err := c.Get().Resource("widgets").Name("w1").Do(t.Context()).Error(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"GET /apis/example.com/v1/widgets/w1 auth=Bearer tok as=jane ua=metrics-test",
		"GET /apis/example.com/v1/widgets/w1 auth=Bearer tok as=jane ua=metrics-test",
	}
	if diff := cmp.Diff(want, rec.seen); diff != "" {
		t.Errorf("requests seen by the wrapper (-want +got):\n%s", diff)
	}
	if wrapped != 1 {
		t.Errorf("WrapTransport called %d times for one client, want 1", wrapped)
	}
}

// idleCounter is a transport wrapper that counts CloseIdleConnections.
type idleCounter struct {
	http.RoundTripper
	closed atomic.Int32
}

func (c *idleCounter) CloseIdleConnections() { c.closed.Add(1) }

func TestCloseIdleConnectionsReachesTheTransportUnderAWrapper(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	for _, tt := range []struct {
		name string
		wrap func(rt http.RoundTripper) http.RoundTripper
	}{
		{"a wrapper without CloseIdleConnections", func(rt http.RoundTripper) http.RoundTripper { return struct{ http.RoundTripper }{rt} }},
		{"a wrapper with its own CloseIdleConnections", func(rt http.RoundTripper) http.RoundTripper { return &idleCounter{RoundTripper: rt} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var outer http.RoundTripper
			cfg := &rest.Config{Host: srv.URL, WrapTransport: func(rt http.RoundTripper) http.RoundTripper {
				outer = tt.wrap(rt)
				return outer
			}}
			hc, err := rest.HTTPClientFor(cfg)
			if err != nil {
				t.Fatal(err)
			}
			get := func() {
				resp, err := hc.Get(srv.URL)
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
			}
			before := conns.Load()
			get()
			get() // reuses the idle connection
			if got := conns.Load() - before; got != 1 {
				t.Fatalf("two requests opened %d connections, want 1", got)
			}
			hc.CloseIdleConnections()
			get() // needs a new connection
			if got := conns.Load() - before; got != 2 {
				t.Errorf("after CloseIdleConnections the next request opened no new connection (%d in all)", got)
			}
			if ic, ok := outer.(*idleCounter); ok && ic.closed.Load() != 1 {
				t.Errorf("the wrapper's CloseIdleConnections ran %d times, want 1", ic.closed.Load())
			}
		})
	}
}
