package observability_test

import (
	"context"
	"fmt"
	"log"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/examples/observability"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// Example wires Prometheus metrics and OpenTelemetry tracing into a
// generated clientset, as docs/configuration.md shows. (It has no Output
// comment, so it is compiled but not run: it needs a cluster.)
func Example() {
	cfg, err := rest.BuildConfigFromFlags("", "")
	if err != nil {
		log.Fatal(err)
	}
	metrics, err := observability.NewPrometheusMetrics(prometheus.DefaultRegisterer)
	if err != nil {
		log.Fatal(err)
	}
	cfg.Metrics = metrics
	observability.WithTracing(cfg, otel.GetTracerProvider())
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		log.Fatal(err)
	}
	w, err := cs.ExampleV1().Widgets("default").Get(context.TODO(), "w1", metav1.GetOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.Name)
}
