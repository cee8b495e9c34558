// Package observability shows how a program feeds clientgen's client
// events to Prometheus and traces its requests with OpenTelemetry, in user
// code: the runtime itself depends on neither. docs/configuration.md
// ("Metrics and tracing") shows this code; its test checks that the docs
// still match it and runs a generated clientset through both against a
// local server.
//
// It is a module of its own so that neither Prometheus nor OpenTelemetry
// enters clientgen's module graph.
package observability
