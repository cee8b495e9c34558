package observability_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/examples/observability"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// TestAGeneratedClientsetIsMeasuredAndTraced sends one Get through a
// generated clientset wired as docs/configuration.md shows, against a
// server that answers 429 once: Prometheus sees one request done with 200
// and one retry, and OpenTelemetry records a client span per attempt that
// carries the trace context to the server.
func TestAGeneratedClientsetIsMeasuredAndTraced(t *testing.T) {
	var hits atomic.Int32
	traceparents := make(chan string, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		traceparents <- r.Header.Get("Traceparent")
		if hits.Add(1) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"default"}}`))
	}))
	t.Cleanup(srv.Close)

	reg := prometheus.NewPedanticRegistry()
	metrics, err := observability.NewPrometheusMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })

	cfg := &rest.Config{Host: srv.URL, Metrics: metrics, RetryPolicy: &rest.RetryPolicy{MaxRetries: 1, InitialBackoff: 1}}
	observability.WithTracing(cfg, tp)
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, parent := tp.Tracer("test").Start(t.Context(), "reconcile")
	w, err := cs.ExampleV1().Widgets("default").Get(ctx, "w1", metav1.GetOptions{})
	parent.End()
	if err != nil {
		t.Fatal(err)
	}
	if w.Name != "w1" {
		t.Fatalf("got widget %q", w.Name)
	}

	host := strings.TrimPrefix(srv.URL, "http://")
	want := `
		# HELP rest_client_requests_total Requests by final HTTP status code ("<error>" when none arrived).
		# TYPE rest_client_requests_total counter
		rest_client_requests_total{code="200",host="` + host + `",method="GET",resource="widgets"} 1
		# HELP rest_client_retries_total Retries by the status code of the retried attempt and the reason.
		# TYPE rest_client_retries_total counter
		rest_client_retries_total{code="429",host="` + host + `",reason="too_many_requests",verb="GET"} 1
	`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "rest_client_requests_total", "rest_client_retries_total"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "rest_client_request_duration_seconds"); n != 1 {
		t.Errorf("rest_client_request_duration_seconds has %d series, want 1", n)
	}

	got := spans.GetSpans()
	if len(got) != 3 {
		t.Fatalf("%d spans recorded, want 3 (the 429, the retry, the parent)", len(got))
	}
	traceID := parent.SpanContext().TraceID()
	for i, want := range []int64{429, 200} {
		s := got[i]
		if s.SpanKind != trace.SpanKindClient || statusCode(s.Attributes) != want {
			t.Errorf("span %d: kind %s, status %d; want a client span with %d", i, s.SpanKind, statusCode(s.Attributes), want)
		}
		if s.Parent.SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("span %d is not a child of the caller's span", i)
		}
		// traceparent: version-traceid-spanid-flags, the span of this attempt.
		if tp, want := <-traceparents, "00-"+traceID.String()+"-"+s.SpanContext.SpanID().String()+"-01"; tp != want {
			t.Errorf("request %d carried traceparent %q, want %q", i, tp, want)
		}
	}
}

func statusCode(attrs []attribute.KeyValue) int64 {
	for _, a := range attrs {
		if a.Key == "http.response.status_code" || a.Key == "http.status_code" {
			return a.Value.AsInt64()
		}
	}
	return 0
}

// TestTheDocsShowThisCode keeps docs/configuration.md honest: every Go
// block of its "Metrics and tracing" section is a piece of this package's
// source, so the docs compile as long as this package does.
func TestTheDocsShowThisCode(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n## Metrics and tracing\n")
	if !ok {
		t.Fatal(`docs/configuration.md has no "## Metrics and tracing" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var source strings.Builder
	for _, f := range []string{"prometheus.go", "tracing.go", "example_test.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		source.Write(b)
	}
	// Indentation differs between a file and a snippet; compare without it.
	unindent := func(s string) string { return regexp.MustCompile(`(?m)^[ \t]+`).ReplaceAllString(s, "") }
	code := unindent(source.String())
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(section, -1)
	if len(blocks) < 3 {
		t.Fatalf("the section has %d Go blocks, want the Prometheus adapter, the tracing wrapper and the wiring", len(blocks))
	}
	for _, b := range blocks {
		// A "// ..." line stands for code the docs leave out.
		for _, part := range regexp.MustCompile(`(?m)^[ \t]*// \.\.\.\n`).Split(b[1], -1) {
			if !strings.Contains(code, unindent(part)) {
				t.Errorf("docs/configuration.md shows code that is not in examples/observability (fix the docs or the example):\n%s", part)
			}
		}
	}
}
