// Command lister-clientgo lists every Widget of a namespace, page by page,
// with a client-gen clientset over client-go (hack/compare/clientgo) and
// keeps them all in memory. It is lister-clientgen line for line on the
// other stack, for the footprint and memory benchmarks.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the server (default: $KUBECONFIG or ~/.kube/config)")
	namespace := flag.String("namespace", "default", "namespace to list Widgets in")
	pageSize := flag.Int64("page-size", 500, "objects per List request")
	flag.Parse()

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fail(err)
	}
	cfg.QPS = -1 // no client-side rate limit, as for lister-clientgen
	cs, err := versioned.NewForConfig(cfg)
	if err != nil {
		fail(err)
	}
	widgets := cs.ExampleV1().Widgets(*namespace)
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
	fmt.Fprintf(os.Stderr, "lister-clientgo: %v\n", err)
	os.Exit(1)
}
