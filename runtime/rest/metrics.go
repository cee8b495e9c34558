package rest

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os/exec"
	"time"
)

// Metrics receives the events of clients built from one Config: requests,
// retries, client-side rate-limiter waits and exec credential plugin runs.
// It is how a program feeds Prometheus, OpenTelemetry metrics or anything
// else without the runtime depending on them (docs/configuration.md,
// "Metrics and tracing", has adapters for both).
//
// The events are client-go's tools/metrics, per Config rather than
// process-wide: client-go keeps its metrics in package-level variables
// that a program sets once (metrics.Register), so two clients in one
// process cannot report to two registries and a test cannot observe one
// client without swapping globals. Here the hooks travel with the Config
// (copied into every client built from it, shared by the clients of one
// clientset), and the runtime keeps no package-level mutable state.
//
//	client-go (tools/metrics)                    clientgen (Metrics)
//	RequestLatency, RequestResult                RequestDone: Verb, Host, StatusCode, Duration
//	RequestRetry                                 Retry: Verb, Host, StatusCode, Reason
//	RateLimiterLatency                           RateLimiterWait: Verb, Host, Wait
//	ExecPluginCalls                              ExecPluginCall: ExitCode, CallStatus
//
// The methods are called on the goroutine of the request (or plugin run)
// and must be safe for concurrent use and not block: a slow method slows
// every request. Implementations should embed NoMetrics, so that an event
// added to this interface later has a default instead of breaking them.
type Metrics interface {
	// RequestDone is called once per request (Do, DoRaw, Stream, Watch)
	// when its outcome is known: after the last attempt's response (its
	// headers, for streams and watches) or the error that ended it.
	// Requests that fail while being built (a builder error) are not
	// reported.
	RequestDone(ctx context.Context, info RequestInfo)
	// Retry is called each time the retry policy decides to send a
	// request again, before the delay.
	Retry(ctx context.Context, info RetryInfo)
	// RateLimiterWait is called after every wait for the client-side rate
	// limiter (watches are not rate limited), including waits of zero and
	// waits that ended because the context was done.
	RateLimiterWait(ctx context.Context, info RateLimiterWaitInfo)
	// ExecPluginCall is called after every run of an exec credential
	// plugin (kubeconfig users[].user.exec).
	ExecPluginCall(ctx context.Context, info ExecPluginCallInfo)
}

// NoMetrics discards every event. It is the default when Config.Metrics is
// nil; embed it in an implementation of Metrics to get a no-op for events
// you do not record.
type NoMetrics struct{}

var _ Metrics = NoMetrics{}

func (NoMetrics) RequestDone(context.Context, RequestInfo)             {}
func (NoMetrics) Retry(context.Context, RetryInfo)                     {}
func (NoMetrics) RateLimiterWait(context.Context, RateLimiterWaitInfo) {}
func (NoMetrics) ExecPluginCall(context.Context, ExecPluginCallInfo)   {}

// RequestTarget says which request an event is about. Its fields are
// meant as metric labels: none holds a name of an object, a query or
// anything secret.
type RequestTarget struct {
	// Verb is the HTTP method (GET, POST, PUT, PATCH, DELETE), as
	// client-go's metrics report it.
	Verb string
	// Host is the host:port of Config.Host.
	Host string
	// Resource, Subresource and Namespace are the request's, "" when it
	// has none (discovery, a cluster-scoped resource, an AbsPath request).
	Resource, Subresource, Namespace string
}

// RequestInfo is one finished request.
type RequestInfo struct {
	RequestTarget
	// StatusCode is the final response's HTTP status code, 0 when no
	// response arrived (Err says why).
	StatusCode int
	// Err is the error that ended the request without a response (a
	// connection error, the context, the rate limiter); nil when a
	// response arrived, whatever its status code.
	Err error
	// Duration is what the caller waited: from the call to the final
	// response, rate-limiter waits, every attempt and the delays between
	// them included. (client-go's request latency is per attempt and
	// without the rate limiter; RateLimiterWait and Retry carry those
	// parts here.)
	Duration time.Duration
	// Retries is how many times the request was sent again (0 when the
	// first attempt was the last).
	Retries int
}

// RetryReason is why a request is sent again; a small fixed set, usable as
// a metric label.
type RetryReason string

const (
	// RetryReasonRetryAfter: a 429, or a 5xx with Retry-After.
	RetryReasonRetryAfter RetryReason = "retry_after"
	// RetryReasonTooManyRequests: a 429 without Retry-After.
	RetryReasonTooManyRequests RetryReason = "too_many_requests"
	// RetryReasonServerError: a read's 500, 502, 503 or 504 without
	// Retry-After.
	RetryReasonServerError RetryReason = "server_error"
	// RetryReasonNotSent: the request did not reach the server (the
	// connection could not be made, or was closed before the request was
	// written).
	RetryReasonNotSent RetryReason = "not_sent"
	// RetryReasonConnection: a read's connection was lost after it was
	// sent.
	RetryReasonConnection RetryReason = "connection_error"
)

// RetryInfo is one decision to send a request again.
type RetryInfo struct {
	RequestTarget
	// Attempt is the number of the retry about to be made: 1 for the
	// first.
	Attempt int
	// StatusCode is the status code of the attempt being retried, 0 when
	// it got no response.
	StatusCode int
	Reason     RetryReason
	// Delay is the wait before the retry (Retry-After or the backoff).
	Delay time.Duration
}

// RateLimiterWaitInfo is one wait for the client-side rate limiter.
type RateLimiterWaitInfo struct {
	RequestTarget
	// Wait is how long Wait blocked.
	Wait time.Duration
	// Err is the limiter's error (the context was done), or nil.
	Err error
}

// ExecCallStatus classifies an exec plugin run with client-go's values.
type ExecCallStatus string

const (
	// ExecCallNoError: the plugin ran and exited 0.
	ExecCallNoError ExecCallStatus = "no_error"
	// ExecCallPluginExecutionError: the plugin ran and exited non-zero.
	ExecCallPluginExecutionError ExecCallStatus = "plugin_execution_error"
	// ExecCallPluginNotFound: the plugin's command could not be found.
	ExecCallPluginNotFound ExecCallStatus = "plugin_not_found_error"
	// ExecCallClientInternalError: the plugin could not be started or
	// waited for for another reason (the context was done, for example).
	ExecCallClientInternalError ExecCallStatus = "client_internal_error"
)

// ExecPluginCallInfo is one run of an exec credential plugin.
type ExecPluginCallInfo struct {
	// Command is the plugin's command as configured (never its arguments
	// or environment, which may hold secrets).
	Command string
	// ExitCode is the plugin's exit code; 1 when it did not run to an exit
	// (not found, not startable), as client-go reports it.
	ExitCode   int
	CallStatus ExecCallStatus
	// Duration is how long the plugin ran.
	Duration time.Duration
}

// metricsFor resolves Config.Metrics.
func metricsFor(c *Config) Metrics {
	if c.Metrics != nil {
		return c.Metrics
	}
	return NoMetrics{}
}

// target describes r for metrics.
func (r *Request) target() RequestTarget {
	return RequestTarget{Verb: r.verb, Host: r.c.base.Host, Resource: r.resource, Subresource: r.subresource, Namespace: r.namespace}
}

// send is sendAttempts, reported to Config.Metrics as one RequestDone.
func (r *Request) send(ctx context.Context, kind requestKind) (*http.Response, []byte, error) {
	if r.err != nil {
		return nil, nil, r.err
	}
	start := time.Now()
	retries := 0
	resp, body, err := r.sendAttempts(ctx, kind, &retries)
	info := RequestInfo{RequestTarget: r.target(), Err: err, Duration: time.Since(start), Retries: retries}
	if resp != nil {
		info.StatusCode = resp.StatusCode
	}
	r.c.metrics.RequestDone(ctx, info)
	return resp, body, err
}

// reportRetry reports the policy's decision to send the request again
// after a (the attempt-th retry, after delay).
func (r *Request) reportRetry(ctx context.Context, a attempt, attempt int, delay time.Duration) {
	info := RetryInfo{RequestTarget: r.target(), Attempt: attempt, Reason: retryReasonOf(a), Delay: delay}
	if a.resp != nil {
		info.StatusCode = a.resp.StatusCode
	}
	r.c.metrics.Retry(ctx, info)
}

// retryReasonOf classifies an attempt the policy decided to retry
// (RetryPolicy.decide has the rules).
func retryReasonOf(a attempt) RetryReason {
	switch {
	case a.err != nil && !a.reached:
		return RetryReasonNotSent
	case a.err != nil || a.resp == nil:
		return RetryReasonConnection
	}
	if _, ok := retryAfter(a.resp.Header, time.Now()); ok {
		return RetryReasonRetryAfter
	}
	if a.resp.StatusCode == http.StatusTooManyRequests {
		return RetryReasonTooManyRequests
	}
	return RetryReasonServerError
}

// execCallOf classifies the error of exec.Cmd.Run as client-go does
// (plugin/pkg/client/auth/exec/metrics.go).
func execCallOf(err error) (exitCode int, status ExecCallStatus) {
	var exitErr *exec.ExitError
	var execErr *exec.Error
	var pathErr *fs.PathError
	switch {
	case err == nil:
		return 0, ExecCallNoError
	case errors.As(err, &exitErr):
		return exitErr.ExitCode(), ExecCallPluginExecutionError
	case errors.As(err, &execErr), errors.As(err, &pathErr):
		return 1, ExecCallPluginNotFound
	}
	return 1, ExecCallClientInternalError
}
