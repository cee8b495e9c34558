package compare

import (
	"context"
	"fmt"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	godiscovery "k8s.io/client-go/discovery"
	godisk "k8s.io/client-go/discovery/cached/disk"
	gomemory "k8s.io/client-go/discovery/cached/memory"
	gorest "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/runtime/dynamic"
	"github.com/clientgen/clientgen/runtime/rest"
)

// The shape of the installed CRDs: benchCRDs kinds in benchCRDs/2 groups,
// each served in two versions (v1 and v1beta1), as operators with a few
// kinds per group and an older version kept around install them.
const benchCRDs = 200

// BenchmarkDiscovery measures ServerGroupsAndResources against the real
// kube-apiserver v1.37.2 with 200 CRDs installed, clientgen's
// runtime/discovery side by side with client-go v0.37.2's discovery:
//
//   - cold: a new client and a new TLS connection per operation, nothing
//     cached (a kubectl or controller start);
//   - cold-reused-connection: one client, nothing cached, the connection
//     kept (client-side work plus the server's answer);
//   - warm-disk: a new client per operation over a disk cache filled
//     within its TTL (no request reaches the server);
//   - memory: one warmed memory-cached client.
//
// Run: go test -run '^$' -bench BenchmarkDiscovery -benchmem (in hack/compare, GOWORK=off).
func BenchmarkDiscovery(b *testing.B) {
	kubeconfig, serverPID := startAPIServer(b)
	// measure reports the CPU that the benchmark's loop cost the server
	// and this process per operation: unlike ns/op, it does not grow when
	// other work competes for the machine's cores.
	measure := func(b *testing.B, loop func()) {
		b.Helper()
		s0, err := processCPU(serverPID)
		if err != nil {
			b.Fatal(err)
		}
		c0 := selfCPU()
		loop()
		s1, err := processCPU(serverPID)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64((s1-s0).Nanoseconds())/float64(b.N), "server-cpu-ns/op")
		b.ReportMetric(float64((selfCPU()-c0).Nanoseconds())/float64(b.N), "client-cpu-ns/op")
	}
	cgCfg, err := rest.ConfigFromKubeconfig(kubeconfig, certContext)
	if err != nil {
		b.Fatal(err)
	}
	cgCfg.QPS = -1
	goCfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		b.Fatal(err)
	}
	goCfg.QPS = -1
	installBenchCRDs(b, cgCfg)

	ctx := context.Background()
	want := countResources(b, cgServerGroupsAndResources(b, ctx, cgCfg))
	if got := countResources(b, goServerGroupsAndResources(b, goCfg)); got != want {
		b.Fatalf("client-go sees %d resources, clientgen %d", got, want)
	}

	// Cold operations must each open a connection: count the dials.
	var dials atomic.Int64
	traced := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{ConnectStart: func(string, string) { dials.Add(1) }})
	reportDials := func(b *testing.B) {
		b.ReportMetric(float64(dials.Swap(0))/float64(b.N), "dials/op")
	}

	b.Run("cold/clientgen", func(b *testing.B) {
		defer reportDials(b)
		dials.Store(0)
		b.ReportAllocs()
		measure(b, func() {
			for b.Loop() {
				h, err := rest.HTTPClientFor(cgCfg)
				if err != nil {
					b.Fatal(err)
				}
				d, err := discovery.NewDiscoveryClientForConfigAndClient(cgCfg, h)
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := d.ServerGroupsAndResourcesWithContext(traced); err != nil {
					b.Fatal(err)
				}
				h.CloseIdleConnections()
			}
		})
	})
	b.Run("cold/client-go", func(b *testing.B) {
		defer reportDials(b)
		dials.Store(0)
		b.ReportAllocs()
		measure(b, func() {
			for b.Loop() {
				h, err := gorest.HTTPClientFor(goCfg)
				if err != nil {
					b.Fatal(err)
				}
				d, err := godiscovery.NewDiscoveryClientForConfigAndClient(goCfg, h)
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := d.ServerGroupsAndResourcesWithContext(traced); err != nil {
					b.Fatal(err)
				}
				// client-go caches transports by TLS config and its wrapping
				// round trippers hide CloseIdleConnections: close the
				// connection through them so that the next operation dials
				// and handshakes too.
				utilnet.CloseIdleConnectionsFor(h.Transport)
			}
		})
	})

	b.Run("cold-reused-connection/clientgen", func(b *testing.B) {
		d, err := discovery.NewDiscoveryClientForConfig(cgCfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		measure(b, func() {
			for b.Loop() {
				if _, _, err := d.ServerGroupsAndResourcesWithContext(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("cold-reused-connection/client-go", func(b *testing.B) {
		d, err := godiscovery.NewDiscoveryClientForConfig(goCfg)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		measure(b, func() {
			for b.Loop() {
				if _, _, err := d.ServerGroupsAndResources(); err != nil {
					b.Fatal(err)
				}
			}
		})
	})

	b.Run("warm-disk/clientgen", func(b *testing.B) {
		dir := b.TempDir()
		opts := discovery.DiskCacheOptions{Dir: dir, OnError: func(err error) { b.Fatal(err) }}
		fill, err := discovery.NewCachedDiscoveryClientForConfig(cgCfg, opts)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := fill.ServerGroupsAndResourcesWithContext(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		measure(b, func() {
			for b.Loop() {
				c, err := discovery.NewCachedDiscoveryClientForConfig(cgCfg, opts)
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := c.ServerGroupsAndResourcesWithContext(ctx); err != nil {
					b.Fatal(err)
				}
				if c.Fresh() {
					b.Fatal("the disk cache was not used")
				}
			}
		})
	})
	b.Run("warm-disk/client-go", func(b *testing.B) {
		dir := b.TempDir()
		newClient := func() *godisk.CachedDiscoveryClient {
			c, err := godisk.NewCachedDiscoveryClientForConfig(goCfg, dir+"/discovery", dir+"/http", 6*time.Hour)
			if err != nil {
				b.Fatal(err)
			}
			return c
		}
		if _, _, err := newClient().ServerGroupsAndResources(); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		measure(b, func() {
			for b.Loop() {
				c := newClient()
				if _, _, err := c.ServerGroupsAndResources(); err != nil {
					b.Fatal(err)
				}
				if c.Fresh() {
					b.Fatal("the disk cache was not used")
				}
			}
		})
	})

	b.Run("memory/clientgen", func(b *testing.B) {
		d, err := discovery.NewDiscoveryClientForConfig(cgCfg)
		if err != nil {
			b.Fatal(err)
		}
		c := discovery.NewMemCacheClient(d)
		if _, _, err := c.ServerGroupsAndResourcesWithContext(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		measure(b, func() {
			for b.Loop() {
				if _, _, err := c.ServerGroupsAndResourcesWithContext(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("memory/client-go", func(b *testing.B) {
		d, err := godiscovery.NewDiscoveryClientForConfig(goCfg)
		if err != nil {
			b.Fatal(err)
		}
		c := gomemory.NewMemCacheClient(d)
		if _, _, err := c.ServerGroupsAndResources(); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		measure(b, func() {
			for b.Loop() {
				if _, _, err := c.ServerGroupsAndResources(); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

func cgServerGroupsAndResources(tb testing.TB, ctx context.Context, cfg *rest.Config) []*metav1.APIResourceList {
	tb.Helper()
	d, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	_, lists, err := d.ServerGroupsAndResourcesWithContext(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return lists
}

func goServerGroupsAndResources(tb testing.TB, cfg *gorest.Config) []*metav1.APIResourceList {
	tb.Helper()
	d, err := godiscovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	_, lists, err := d.ServerGroupsAndResources()
	if err != nil {
		tb.Fatal(err)
	}
	return lists
}

func countResources(tb testing.TB, lists []*metav1.APIResourceList) int {
	tb.Helper()
	n := 0
	for _, l := range lists {
		n += len(l.APIResources)
	}
	return n
}

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// installBenchCRDs creates the CRDs and waits until discovery serves all
// of them.
func installBenchCRDs(tb testing.TB, cfg *rest.Config) {
	tb.Helper()
	ctx := context.Background()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, benchCRDs)
	sem := make(chan struct{}, 8)
	for i := range benchCRDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if _, err := dyn.Resource(crdGVR).Create(ctx, benchCRD(i), metav1.CreateOptions{}); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatalf("creating a CRD: %v", err)
	}
	d, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for {
		_, lists, err := d.ServerGroupsAndResourcesWithContext(ctx)
		n := 0
		for _, l := range lists {
			gv, _ := schema.ParseGroupVersion(l.GroupVersion)
			if len(gv.Group) > len(".bench.example.com") && gv.Group[len(gv.Group)-len(".bench.example.com"):] == ".bench.example.com" {
				n += len(l.APIResources)
			}
		}
		// Two versions per CRD, each with its resource and status.
		if err == nil && n == benchCRDs*2*2 {
			break
		}
		if time.Now().After(deadline) {
			tb.Fatalf("discovery serves %d of the %d bench resources after 3 minutes (last error %v)", n, benchCRDs*4, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	tb.Logf("%d CRDs installed and discovered in %s", benchCRDs, time.Since(start).Round(time.Millisecond))
}

func benchCRD(i int) *unstructured.Unstructured {
	group := fmt.Sprintf("g%03d.bench.example.com", i/2)
	kind := fmt.Sprintf("Thing%03d", i)
	plural := fmt.Sprintf("thing%03ds", i)
	schemaProps := map[string]any{"openAPIV3Schema": map[string]any{
		"type": "object", "x-kubernetes-preserve-unknown-fields": true,
	}}
	version := func(name string, storage bool) map[string]any {
		return map[string]any{
			"name": name, "served": true, "storage": storage, "schema": schemaProps,
			"subresources": map[string]any{"status": map[string]any{}},
		}
	}
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
		"metadata": map[string]any{"name": plural + "." + group},
		"spec": map[string]any{
			"group": group, "scope": "Namespaced",
			"names": map[string]any{
				"plural": plural, "singular": fmt.Sprintf("thing%03d", i), "kind": kind,
				"shortNames": []any{fmt.Sprintf("t%03d", i)}, "categories": []any{"bench"},
			},
			"versions": []any{version("v1", true), version("v1beta1", false)},
		},
	}}
}
