package rest

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// retryPolicy is the single place that decides whether a response is
// retried. It is deliberately conservative for now: only GETs with a
// replayable body are retried, and only when the server explicitly asked
// with 429 Too Many Requests and a Retry-After header (API priority and
// fairness does this). A later change can add 5xx or connection-reset
// handling here without touching the request code.
type retryPolicy struct {
	maxRetries int
	maxDelay   time.Duration
}

func defaultRetryPolicy() retryPolicy {
	return retryPolicy{maxRetries: 3, maxDelay: 10 * time.Second}
}

// next reports whether the request should be retried and after what delay.
// attempt counts retries already made.
func (p retryPolicy) next(verb string, resp *http.Response, attempt int, replayable bool) (time.Duration, bool) {
	if verb != http.MethodGet || !replayable || attempt >= p.maxRetries || resp.StatusCode != http.StatusTooManyRequests {
		return 0, false
	}
	secs, ok := retryAfterSeconds(resp)
	if !ok {
		return 0, false
	}
	return min(time.Duration(secs)*time.Second, p.maxDelay), true
}

// retryAfterSeconds parses the delay-seconds form of Retry-After, the only
// form the API server sends.
func retryAfterSeconds(resp *http.Response) (int, bool) {
	h := resp.Header.Get("Retry-After")
	if h == "" {
		return 0, false
	}
	secs, err := strconv.Atoi(h)
	if err != nil || secs < 0 {
		return 0, false
	}
	return secs, true
}

// waitFor waits for d or until ctx is done.
func waitFor(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
