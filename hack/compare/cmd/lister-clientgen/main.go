// Command lister-clientgen lists every Widget of a namespace, page by page,
// with clientgen's generated clientset (testdata/golden/crds/clientset) and
// keeps them all in memory, as an informer's initial list does. It is the
// clientgen side of the footprint and memory benchmarks; lister-clientgo is
// the same program on client-gen + client-go.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/runtime/rest"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/scheme"
	typedexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/clientset/typed/example/v1"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the server (default: $KUBECONFIG or ~/.kube/config)")
	namespace := flag.String("namespace", "default", "namespace to list Widgets in")
	pageSize := flag.Int64("page-size", 500, "objects per List request")
	apimachinery := flag.Bool("apimachinery", false, "decode with apimachinery's serializer instead of runtime/codec (the reference the benchmark compares with)")
	flag.Parse()

	cfg, err := rest.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fail(err)
	}
	cfg.QPS = -1 // no client-side rate limit, as for lister-clientgo
	var widgets typedexamplev1.WidgetInterface
	if *apimachinery {
		config := rest.ForGroupVersion(cfg, examplev1.SchemeGroupVersion, scheme.Codecs)
		rc, err := rest.RESTClientFor(config)
		if err != nil {
			fail(err)
		}
		widgets = typedexamplev1.New(rc).Widgets(*namespace)
	} else {
		cs, err := clientset.NewForConfig(cfg)
		if err != nil {
			fail(err)
		}
		widgets = cs.ExampleV1().Widgets(*namespace)
	}
	var items []examplev1.Widget
	opts := metav1.ListOptions{Limit: *pageSize}
	pages := 0
	for {
		list, err := widgets.List(context.Background(), opts)
		if err != nil {
			fail(err)
		}
		pages++
		items = append(items, list.Items...)
		if list.Continue == "" {
			break
		}
		opts.Continue = list.Continue
	}
	report(len(items), pages)
	runtime.KeepAlive(items)
}

// report prints the count and the Go heap in use with everything listed
// still referenced.
func report(items, pages int) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("{\"items\":%d,\"pages\":%d,\"heapInuseBytes\":%d,\"totalAllocBytes\":%d,\"mallocs\":%d}\n", items, pages, m.HeapInuse, m.TotalAlloc, m.Mallocs)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "lister-clientgen: %v\n", err)
	os.Exit(1)
}
