package rest

import (
	"net/http"
	"slices"
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
			if got := parseWarnings(tt.values); !slices.Equal(got, tt.want) {
				t.Errorf("parseWarnings(%q) = %q, want %q", tt.values, got, tt.want)
			}
		})
	}
}

func TestRetryPolicyDecisions(t *testing.T) {
	resp := func(code int, retryAfter string) *http.Response {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return &http.Response{StatusCode: code, Header: h}
	}
	p := defaultRetryPolicy()
	tests := []struct {
		name       string
		verb       string
		resp       *http.Response
		attempt    int
		replayable bool
		wantRetry  bool
		wantDelay  time.Duration
	}{
		{"GET 429 with Retry-After is retried after that delay", http.MethodGet, resp(429, "2"), 0, true, true, 2 * time.Second},
		{"a huge Retry-After is capped", http.MethodGet, resp(429, "3600"), 0, true, true, p.maxDelay},
		{"retries stop after the maximum", http.MethodGet, resp(429, "1"), p.maxRetries, true, false, 0},
		{"a non-replayable body is not retried", http.MethodGet, resp(429, "1"), 0, false, false, 0},
		{"a 500 is not retried yet", http.MethodGet, resp(500, "1"), 0, true, false, 0},
		{"an HTTP-date Retry-After is not understood yet", http.MethodGet, resp(429, "Wed, 21 Oct 2015 07:28:00 GMT"), 0, true, false, 0},
		{"PUT is not retried", http.MethodPut, resp(429, "1"), 0, true, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := p.next(tt.verb, tt.resp, tt.attempt, tt.replayable)
			if ok != tt.wantRetry || d != tt.wantDelay {
				t.Errorf("next() = %s, %t; want %s, %t", d, ok, tt.wantDelay, tt.wantRetry)
			}
		})
	}
}
