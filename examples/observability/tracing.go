package observability

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/clientgen/clientgen/runtime/rest"
)

// WithTracing makes every request of clients built from cfg a client span
// of tp, a child of the span in the request's context (one per attempt: a
// retried request has a span per try), and sends the W3C trace context to
// the API server, which continues the trace when its APIServerTracing
// feature is on.
func WithTracing(cfg *rest.Config, tp trace.TracerProvider) {
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return otelhttp.NewTransport(rt,
			otelhttp.WithTracerProvider(tp),
			otelhttp.WithPropagators(propagation.TraceContext{}))
	}
}
