package rest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy is the single place that decides whether a failed request is
// sent again and after what delay. Every request kind (Do, DoRaw, Stream,
// Watch) goes through it; the caller's context and MaxRetries always win.
// A retry waits for the client-side rate limiter like any request.
//
// The rules:
//   - Nothing is retried when the body cannot be replayed (an io.Reader
//     body; []byte and runtime.Object bodies are kept as bytes and sent
//     again), when the context is done or its deadline would pass while
//     waiting, or on a TLS or certificate error (a wrong CA or client
//     certificate does not fix itself).
//   - 429 Too Many Requests and 503 Service Unavailable with a
//     Retry-After header (delay-seconds or HTTP-date) are retried after
//     that delay (capped at MaxRetryAfter) for every verb. A 503 with
//     Retry-After says the server did not handle the request and when
//     to come back (RFC 9110 15.6.4, 10.2.3); the API server's
//     priority-and-fairness, max-in-flight and shutdown filters answer
//     429 before any handler runs. Either way the write was not applied.
//   - 429 without Retry-After is retried after a backoff for every verb:
//     the server rejected the request, it did not run it.
//   - Reads (GET, HEAD: get, list, discovery) are also retried on 500,
//     502, 503 and 504 (after Retry-After if given, else after a
//     backoff), and on connection errors before or after the response
//     headers (a reset, an unexpected EOF, a dropped HTTP/2 connection).
//   - Writes (POST, PUT, PATCH, DELETE) are otherwise retried only when
//     the request never reached the server: the connection could not be
//     made, the request was not completely written, or it went out on a
//     reused keep-alive connection that the server had already closed as
//     idle (EOF before any byte of a response). A write that got a 500,
//     502, 504 or a 503 without Retry-After, or lost its connection
//     afterwards, may have been applied (the API server's timeout filter
//     answers 504 while the handler still runs; a 500 ServerTimeout
//     comes after etcd timed out on a write that may yet commit), so
//     retrying could apply it twice. Retry-After does not change that.
//   - Backoff without Retry-After is exponential from InitialBackoff,
//     capped at MaxBackoff, with jitter (between half and all of it).
//
// Deliberate differences from client-go v0.37.2 (rest/with_retry.go
// checkWait, rest/request.go): client-go retries every verb on a 429 or
// any 5xx that carries Retry-After, and nothing without it except GETs
// that lost their connection. Here writes are not retried on 500, 502
// and 504 even with Retry-After (see above), reads are retried on 5xx
// and 429 without Retry-After (after a backoff), writes on a 429 without
// Retry-After, and writes that never reached the server; Retry-After may
// be an HTTP-date and is capped.
type RetryPolicy struct {
	// MaxRetries bounds the retries after the first attempt; 0 disables
	// retrying.
	MaxRetries int
	// InitialBackoff is the first backoff; 0 means 200ms.
	InitialBackoff time.Duration
	// MaxBackoff caps the exponential backoff; 0 means 10s.
	MaxBackoff time.Duration
	// MaxRetryAfter caps a server's Retry-After; 0 means 1m.
	MaxRetryAfter time.Duration
}

// Defaults of the RetryPolicy fields.
const (
	DefaultMaxRetries     = 5
	DefaultInitialBackoff = 200 * time.Millisecond
	DefaultMaxBackoff     = 10 * time.Second
	DefaultMaxRetryAfter  = time.Minute
)

// DefaultRetryPolicy is used when Config.RetryPolicy is nil.
func DefaultRetryPolicy() *RetryPolicy {
	return &RetryPolicy{
		MaxRetries:     DefaultMaxRetries,
		InitialBackoff: DefaultInitialBackoff,
		MaxBackoff:     DefaultMaxBackoff,
		MaxRetryAfter:  DefaultMaxRetryAfter,
	}
}

// String describes the policy.
func (p RetryPolicy) String() string {
	return fmt.Sprintf("rest.RetryPolicy{MaxRetries:%d, InitialBackoff:%s, MaxBackoff:%s, MaxRetryAfter:%s}",
		p.MaxRetries, p.InitialBackoff, p.MaxBackoff, p.MaxRetryAfter)
}

// retryPolicyFor resolves Config.RetryPolicy with its defaults.
func retryPolicyFor(c *Config) (RetryPolicy, error) {
	if c.RetryPolicy == nil {
		return *DefaultRetryPolicy(), nil
	}
	p := *c.RetryPolicy
	if p.MaxRetries < 0 || p.InitialBackoff < 0 || p.MaxBackoff < 0 || p.MaxRetryAfter < 0 {
		return RetryPolicy{}, fmt.Errorf("rest: Config.RetryPolicy: negative values are not allowed (%s); use MaxRetries 0 to disable retries", p)
	}
	if p.InitialBackoff == 0 {
		p.InitialBackoff = DefaultInitialBackoff
	}
	if p.MaxBackoff == 0 {
		p.MaxBackoff = DefaultMaxBackoff
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return p, nil
}

// attempt is the outcome of one round trip as the policy sees it.
type attempt struct {
	verb       string
	replayable bool
	// resp is nil when no response headers arrived.
	resp *http.Response
	// err is the transport error, or the error reading the body.
	err error
	// reached reports whether the request was completely written to the
	// server.
	reached bool
}

// decide reports whether to retry after retries earlier retries, after what
// delay, and why (for the log).
func (p RetryPolicy) decide(a attempt, retries int, now time.Time) (delay time.Duration, retry bool, reason string) {
	if retries >= p.MaxRetries || !a.replayable {
		return 0, false, ""
	}
	read := a.verb == http.MethodGet || a.verb == http.MethodHead
	if a.err != nil {
		switch {
		case errors.Is(a.err, context.Canceled), errors.Is(a.err, context.DeadlineExceeded), permanentError(a.err):
			return 0, false, ""
		case !a.reached:
			return p.backoff(retries), true, "the request did not reach the server: " + a.err.Error()
		case read:
			return p.backoff(retries), true, "connection error: " + a.err.Error()
		}
		return 0, false, ""
	}
	code := a.resp.StatusCode
	if code != http.StatusTooManyRequests && code < http.StatusInternalServerError {
		return 0, false, ""
	}
	retryAfter, hasRetryAfter := retryAfter(a.resp.Header, now)
	reason = fmt.Sprintf("%d %s", code, http.StatusText(code))
	switch {
	case (code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable) && hasRetryAfter:
		// The server did not handle the request: safe for writes too.
		return min(retryAfter, p.MaxRetryAfter), true, reason + " with Retry-After"
	case code == http.StatusTooManyRequests:
		// Rejected before any handler ran: safe for writes too.
		return p.backoff(retries), true, reason
	case !read:
		return 0, false, ""
	case code == http.StatusInternalServerError, code == http.StatusBadGateway,
		code == http.StatusServiceUnavailable, code == http.StatusGatewayTimeout:
		if hasRetryAfter {
			return min(retryAfter, p.MaxRetryAfter), true, reason + " with Retry-After"
		}
		return p.backoff(retries), true, reason
	}
	return 0, false, ""
}

// backoff is InitialBackoff * 2^retries, capped at MaxBackoff, with equal
// jitter: between half and all of it, so concurrent clients spread out.
func (p RetryPolicy) backoff(retries int) time.Duration {
	d := p.InitialBackoff
	for i := 0; i < retries && d < p.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, p.MaxBackoff)
	half := d / 2
	return half + rand.N(half+1)
}

// redirectPolicyError is a request stopped by the client's redirect policy
// (a redirect loop, too many redirects): retrying follows the same path.
type redirectPolicyError struct{ err error }

func (e *redirectPolicyError) Error() string {
	var ue *url.Error
	if errors.As(e.err, &ue) {
		// *url.Error repeats the URL (possibly with userinfo); keep the cause.
		return ue.Err.Error()
	}
	return e.err.Error()
}

func (e *redirectPolicyError) Unwrap() error { return e.err }

// permanentError reports errors that no retry can fix: certificate
// verification and TLS handshake failures, redirect policy failures, and
// an exec plugin its policy does not let run.
func permanentError(err error) bool {
	var (
		redirect *redirectPolicyError
		policy   *execPolicyError
	)
	if errors.As(err, &redirect) || errors.As(err, &policy) {
		return true
	}
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
		recordHeader     tls.RecordHeaderError
		alert            tls.AlertError
	)
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verification) || errors.As(err, &recordHeader) || errors.As(err, &alert) {
		return true
	}
	// A TLS alert from the peer (e.g. "remote error: tls: certificate
	// required") has an unexported type.
	return strings.Contains(err.Error(), "remote error: tls:")
}

// retryAfter parses Retry-After in both forms of RFC 9110: delay-seconds
// and HTTP-date (a date in the past means now).
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// retryAfterSeconds is Retry-After in whole seconds (rounded up), for
// apimachinery's generic StatusError.
func retryAfterSeconds(resp *http.Response) (int, bool) {
	d, ok := retryAfter(resp.Header, time.Now())
	if !ok {
		return 0, false
	}
	return int((d + time.Second - 1) / time.Second), true
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
