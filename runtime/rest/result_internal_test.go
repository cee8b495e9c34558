package rest

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestParseWarningsKeepsOnly299TextsInOrder(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   []string
	}{
		{"a single API server warning", []string{`299 - "v1beta1 is deprecated"`}, []string{"v1beta1 is deprecated"}},
		{"several warnings in one header with a date", []string{`299 - "a", 299 kube "b" "Sat, 01 Jan 2000 00:00:00 GMT"`}, []string{"a", "b"}},
		{"escaped quotes are unescaped", []string{`299 - "say \"hi\""`}, []string{`say "hi"`}},
		{"duplicates across headers are dropped", []string{`299 - "x"`, `299 - "x"`}, []string{"x"}},
		{"other warn-codes are ignored", []string{`110 - "stale"`, `299 - "kept"`}, []string{"kept"}},
		{"a malformed value stops parsing that header only", []string{`299 - unquoted`, `299 - "ok"`}, []string{"ok"}},
		{"no headers means no warnings", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := warningTexts(parseWarnings(tt.values)); !slices.Equal(got, tt.want) {
				t.Errorf("parseWarnings(%q) = %q, want %q", tt.values, got, tt.want)
			}
		})
	}
}

func TestRetryPolicyDecisions(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	resp := func(code int, retryAfter string) *http.Response {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return &http.Response{StatusCode: code, Header: h}
	}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	// Jitter-free bounds: backoff n is in [Initial*2^n/2, Initial*2^n].
	p := RetryPolicy{MaxRetries: 3, InitialBackoff: 100 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, MaxRetryAfter: 30 * time.Second}
	tests := []struct {
		name     string
		a        attempt
		retries  int
		want     bool
		min, max time.Duration
	}{
		{"a GET 429 with Retry-After seconds waits that long", attempt{verb: "GET", replayable: true, resp: resp(429, "2")}, 0, true, 2 * time.Second, 2 * time.Second},
		{"a GET 429 with an HTTP-date Retry-After waits until then", attempt{verb: "GET", replayable: true, resp: resp(429, now.Add(3*time.Second).Format(http.TimeFormat))}, 0, true, 3 * time.Second, 3 * time.Second},
		{"an HTTP-date in the past means retry now", attempt{verb: "GET", replayable: true, resp: resp(429, now.Add(-time.Hour).Format(http.TimeFormat))}, 0, true, 0, 0},
		{"a huge Retry-After is capped", attempt{verb: "GET", replayable: true, resp: resp(429, "3600")}, 0, true, 30 * time.Second, 30 * time.Second},
		{"a POST 429 with Retry-After is retried: it was rejected before any handler", attempt{verb: "POST", replayable: true, resp: resp(429, "1"), reached: true}, 0, true, time.Second, time.Second},
		{"a POST 429 without Retry-After backs off: it was rejected, not run", attempt{verb: "POST", replayable: true, resp: resp(429, ""), reached: true}, 0, true, 50 * time.Millisecond, 100 * time.Millisecond},
		{"a GET 429 without Retry-After backs off", attempt{verb: "GET", replayable: true, resp: resp(429, "")}, 0, true, 50 * time.Millisecond, 100 * time.Millisecond},
		{"a GET 503 with Retry-After waits that long", attempt{verb: "GET", replayable: true, resp: resp(503, "1")}, 0, true, time.Second, time.Second},
		{"a GET 500 backs off exponentially", attempt{verb: "GET", replayable: true, resp: resp(500, "")}, 1, true, 100 * time.Millisecond, 200 * time.Millisecond},
		{"the backoff is capped", attempt{verb: "GET", replayable: true, resp: resp(504, "")}, 2, true, 200 * time.Millisecond, 400 * time.Millisecond},
		{"a PUT 503 with Retry-After is retried: the server did not handle it", attempt{verb: "PUT", replayable: true, resp: resp(503, "1"), reached: true}, 0, true, time.Second, time.Second},
		{"a DELETE 503 with a huge Retry-After waits the capped delay", attempt{verb: "DELETE", replayable: true, resp: resp(503, "3600"), reached: true}, 0, true, 30 * time.Second, 30 * time.Second},
		{"a POST 503 without Retry-After is not retried: it may have been applied", attempt{verb: "POST", replayable: true, resp: resp(503, ""), reached: true}, 0, false, 0, 0},
		{"a POST 500 with Retry-After is not retried: it may have been applied", attempt{verb: "POST", replayable: true, resp: resp(500, "1"), reached: true}, 0, false, 0, 0},
		{"a PATCH 504 with Retry-After is not retried: the handler may still run", attempt{verb: "PATCH", replayable: true, resp: resp(504, "1"), reached: true}, 0, false, 0, 0},
		{"a POST 502 is not retried", attempt{verb: "POST", replayable: true, resp: resp(502, ""), reached: true}, 0, false, 0, 0},
		{"a non-replayable POST 503 with Retry-After is not retried", attempt{verb: "POST", replayable: false, resp: resp(503, "1"), reached: true}, 0, false, 0, 0},
		{"a 501 is not retried", attempt{verb: "GET", replayable: true, resp: resp(501, "")}, 0, false, 0, 0},
		{"a 404 is not retried", attempt{verb: "GET", replayable: true, resp: resp(404, "1")}, 0, false, 0, 0},
		{"retries stop after the maximum", attempt{verb: "GET", replayable: true, resp: resp(429, "1")}, 3, false, 0, 0},
		{"a non-replayable body is not retried", attempt{verb: "GET", replayable: false, resp: resp(429, "1")}, 0, false, 0, 0},
		{"an unparseable Retry-After on a POST 503 is no Retry-After: not retried", attempt{verb: "POST", replayable: true, resp: resp(503, "soon"), reached: true}, 0, false, 0, 0},
		{"a GET whose connection was reset is retried", attempt{verb: "GET", replayable: true, err: reset, reached: true}, 0, true, 50 * time.Millisecond, 100 * time.Millisecond},
		{"a POST whose connection was reset after sending is not retried", attempt{verb: "POST", replayable: true, err: reset, reached: true}, 0, false, 0, 0},
		{"a POST whose connection was refused is retried: it never reached the server", attempt{verb: "POST", replayable: true, err: refused}, 0, true, 50 * time.Millisecond, 100 * time.Millisecond},
		{"a cancelled context is never retried", attempt{verb: "GET", replayable: true, err: context.Canceled}, 0, false, 0, 0},
		{"a certificate error is never retried", attempt{verb: "GET", replayable: true, err: x509.UnknownAuthorityError{}}, 0, false, 0, 0},
		{"a TLS alert from the server is never retried", attempt{verb: "GET", replayable: true, err: errors.New("remote error: tls: certificate required"), reached: true}, 0, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 20 { // jitter: every draw must be within bounds
				d, ok, reason := p.decide(tt.a, tt.retries, now)
				if ok != tt.want || d < tt.min || d > tt.max {
					t.Fatalf("decide() = %s, %t (%s); want %t with a delay in [%s, %s]", d, ok, reason, tt.want, tt.min, tt.max)
				}
				if ok && reason == "" {
					t.Fatal("a retry without a reason for the log")
				}
			}
		})
	}
}

func TestRetryPolicyForValidatesAndDefaults(t *testing.T) {
	if _, err := retryPolicyFor(&Config{RetryPolicy: &RetryPolicy{MaxRetries: -1}}); err == nil || !strings.Contains(err.Error(), "use MaxRetries 0 to disable retries") {
		t.Errorf("negative MaxRetries: error = %v", err)
	}
	got, err := retryPolicyFor(&Config{RetryPolicy: &RetryPolicy{MaxRetries: 2}})
	want := RetryPolicy{MaxRetries: 2, InitialBackoff: DefaultInitialBackoff, MaxBackoff: DefaultMaxBackoff, MaxRetryAfter: DefaultMaxRetryAfter}
	if err != nil || got != want {
		t.Errorf("retryPolicyFor = %v, %v; want %v", got, err, want)
	}
	if got, _ := retryPolicyFor(&Config{}); got != *DefaultRetryPolicy() {
		t.Errorf("nil RetryPolicy = %v, want the default", got)
	}
}
