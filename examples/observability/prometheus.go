package observability

import (
	"context"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/clientgen/clientgen/runtime/rest"
)

// PrometheusMetrics is a rest.Metrics that records client events as
// Prometheus metrics named like client-go's (k8s.io/component-base's
// restclient adapter), so dashboards built for client-go programs carry
// over; requests and retries also have a resource label.
type PrometheusMetrics struct {
	rest.NoMetrics // events added to rest.Metrics later are ignored, not a compile error

	requestDuration *prometheus.HistogramVec
	requests        *prometheus.CounterVec
	retries         *prometheus.CounterVec
	rateLimiter     *prometheus.HistogramVec
	execCalls       *prometheus.CounterVec
}

// NewPrometheusMetrics registers the metrics with reg.
func NewPrometheusMetrics(reg prometheus.Registerer) (*PrometheusMetrics, error) {
	buckets := []float64{0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60}
	m := &PrometheusMetrics{
		requestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rest_client_request_duration_seconds", Help: "Request latency, retries and client-side throttling included.", Buckets: buckets,
		}, []string{"verb", "host", "resource"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rest_client_requests_total", Help: "Requests by final HTTP status code (\"<error>\" when none arrived).",
		}, []string{"code", "method", "host", "resource"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rest_client_retries_total", Help: "Retries by the status code of the retried attempt and the reason.",
		}, []string{"code", "verb", "host", "reason"}),
		rateLimiter: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rest_client_rate_limiter_duration_seconds", Help: "Client-side rate limiter waits.", Buckets: buckets,
		}, []string{"verb", "host"}),
		execCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rest_client_exec_plugin_call_total", Help: "Exec credential plugin runs.",
		}, []string{"code", "call_status"}),
	}
	for _, c := range []prometheus.Collector{m.requestDuration, m.requests, m.retries, m.rateLimiter, m.execCalls} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *PrometheusMetrics) RequestDone(_ context.Context, r rest.RequestInfo) {
	code := "<error>"
	if r.StatusCode != 0 {
		code = strconv.Itoa(r.StatusCode)
	}
	m.requestDuration.WithLabelValues(r.Verb, r.Host, r.Resource).Observe(r.Duration.Seconds())
	m.requests.WithLabelValues(code, r.Verb, r.Host, r.Resource).Inc()
}

func (m *PrometheusMetrics) Retry(_ context.Context, r rest.RetryInfo) {
	m.retries.WithLabelValues(strconv.Itoa(r.StatusCode), r.Verb, r.Host, string(r.Reason)).Inc()
}

func (m *PrometheusMetrics) RateLimiterWait(_ context.Context, w rest.RateLimiterWaitInfo) {
	m.rateLimiter.WithLabelValues(w.Verb, w.Host).Observe(w.Wait.Seconds())
}

func (m *PrometheusMetrics) ExecPluginCall(_ context.Context, e rest.ExecPluginCallInfo) {
	m.execCalls.WithLabelValues(strconv.Itoa(e.ExitCode), string(e.CallStatus)).Inc()
}
