// Command bench-informer runs ONE Widget informer (clientgen's generated
// informer over runtime/cache, or client-go's SharedIndexInformer over a
// client-gen clientset) against a kube-apiserver and measures it: the wall
// and CPU time of the initial sync, the Go heap per cached object once
// synced, the peak heap during the sync, and the heap after the driver has
// replaced every cached object once. One informer per process, so that the
// two clients' heaps never mix; BenchmarkInformer in hack/compare is the
// driver that seeds the objects, starts this program once per client and
// round, and updates the objects.
//
// Protocol on stdout, one JSON object per line:
//
//  1. {"phase":"steady",...} once the cache has synced and the heap has
//     been measured;
//  2. the program then waits for a line on stdin: "churn" is the driver's
//     signal that it is about to update every object: the program counts
//     the updates the informer delivers until it has seen one per cached
//     object, measures the heap again and prints {"phase":"done",...} with
//     every figure, then exits; "end" skips the churn ("churned": false).
//
// Heap figures are Go heap bytes after two forced GCs (runtime.MemStats
// HeapAlloc, which after a GC is the live heap). The peak during sync is the
// largest live heap any GC cycle marked while the sync ran, read after each
// cycle (a finalizer re-armed every cycle) from runtime/metrics
// "/gc/heap/live:bytes": that is the memory the sync really needed at its
// worst, independent of GOGC. The largest HeapAlloc sampled every 2 ms is
// reported next to it (it includes garbage the next GC would free, so with
// the default GOGC=100 it runs up to about twice the live heap).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// options are the flags every client's informer is built from.
type options struct {
	kubeconfig         string
	context            string
	namespace          string
	stripManagedFields bool
	// compactStorage turns on runtime/cache's compact storage.
	compactStorage bool
}

// informer is the one informer under test, whichever the client.
type informer struct {
	// run starts the informer; it returns at once.
	run func(ctx context.Context)
	// hasSynced reports the informer's HasSynced.
	hasSynced func() bool
	// cached returns how many objects its store holds.
	cached func() int
	// managedFields counts the managedFields entries over the store, to
	// check that stripping them happened (or did not).
	managedFields func() int
}

// newInformer builds the informer of one client; updates must be
// incremented once per update event whose object has a new resourceVersion.
type newInformer func(opts options, updates *atomic.Int64) (*informer, error)

// clientFor returns the constructor of the named client's informer.
func clientFor(name string) (newInformer, bool) {
	switch name {
	case "clientgen":
		return newClientgen, true
	case "client-go":
		return newClientGo, true
	}
	return nil, false
}

// result is the "done" line.
type result struct {
	Phase              string `json:"phase"`
	Client             string `json:"client"`
	StripManagedFields bool   `json:"stripManagedFields"`
	GoVersion          string `json:"goVersion"`
	GOGC               string `json:"gogc"`
	GOMAXPROCS         int    `json:"gomaxprocs"`

	Objects int `json:"objects"`
	// ManagedFieldEntries is the number of managedFields entries over the
	// cache after sync (0 when stripped).
	ManagedFieldEntries int `json:"managedFieldEntries"`

	SyncSeconds    float64 `json:"syncSeconds"`
	SyncCPUSeconds float64 `json:"syncCPUSeconds"`
	SyncUserSec    float64 `json:"syncUserSeconds"`
	SyncSysSec     float64 `json:"syncSysSeconds"`
	// SyncAllocBytes and SyncGCCycles are what the sync allocated and how
	// many GC cycles ran meanwhile.
	SyncAllocBytes uint64 `json:"syncAllocBytes"`
	SyncGCCycles   uint32 `json:"syncGCCycles"`

	// BaselineHeapBytes is the heap with the clients built and the
	// informer not started; per-object figures subtract it.
	BaselineHeapBytes uint64  `json:"baselineHeapBytes"`
	SteadyHeapBytes   uint64  `json:"steadyHeapBytes"`
	SteadyInuseBytes  uint64  `json:"steadyHeapInuseBytes"`
	SteadyPerObject   float64 `json:"steadyHeapPerObjectBytes"`
	// PeakLiveHeapBytes is the largest live heap a GC cycle marked during
	// the sync (or the steady heap, if larger: a sync can end between GCs).
	PeakLiveHeapBytes  uint64 `json:"peakLiveHeapBytes"`
	PeakHeapAllocBytes uint64 `json:"peakHeapAllocBytes"`

	Churned            bool    `json:"churned"`
	ChurnUpdates       int64   `json:"churnUpdates"`
	UpdatesBeforeChurn int64   `json:"updatesBeforeChurn"`
	ChurnSeconds       float64 `json:"churnSeconds"`
	ChurnCPUSeconds    float64 `json:"churnCPUSeconds"`
	ChurnHeapBytes     uint64  `json:"churnHeapBytes"`
	ChurnPerObject     float64 `json:"churnHeapPerObjectBytes"`
	// ChurnPeakLiveHeapBytes is the largest live heap marked while the
	// objects were being replaced.
	ChurnPeakLiveHeapBytes uint64 `json:"churnPeakLiveHeapBytes"`

	MaxRSSBytes int64 `json:"maxRSSBytes"`
}

func main() {
	var (
		client      = flag.String("client", "", "clientgen or client-go")
		opts        options
		expect      = flag.Int("expect", 0, "objects the namespace holds (0: do not check)")
		timeout     = flag.Duration("timeout", 15*time.Minute, "give up after this long")
		heapProfile = flag.String("heap-profile", "", "write heap profiles to PATH.steady and PATH.churn")
	)
	flag.StringVar(&opts.kubeconfig, "kubeconfig", "", "kubeconfig of the server")
	flag.StringVar(&opts.context, "context", "", "kubeconfig context (default: its current context)")
	flag.StringVar(&opts.namespace, "namespace", "default", "namespace whose Widgets the informer caches")
	flag.BoolVar(&opts.stripManagedFields, "strip-managed-fields", false, "drop managedFields with a transform before objects are stored")
	flag.BoolVar(&opts.compactStorage, "compact-storage", false, "keep cached objects in runtime/cache's compact form (clientgen only)")
	flag.Parse()
	if *heapProfile != "" {
		// Fine-grained sampling, so that a profile accounts for every
		// per-object allocation (the default 512 KiB rate shows only the
		// largest sites). It slows the sync: figures of a profiled run are
		// for reading the profile, not for the report.
		runtime.MemProfileRate = 1024
	}
	mk, ok := clientFor(*client)
	if !ok {
		fail(fmt.Errorf("-client must be clientgen or client-go, not %q", *client))
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res, err := measure(ctx, *client, mk, opts, *expect, *heapProfile)
	if err != nil {
		fail(err)
	}
	emit(res)
}

func measure(ctx context.Context, client string, mk newInformer, opts options, expect int, heapProfile string) (*result, error) {
	res := &result{Phase: "steady", Client: client, StripManagedFields: opts.stripManagedFields,
		GoVersion: runtime.Version(), GOGC: os.Getenv("GOGC"), GOMAXPROCS: runtime.GOMAXPROCS(0)}
	var updates atomic.Int64
	inf, err := mk(opts, &updates)
	if err != nil {
		return nil, err
	}
	res.BaselineHeapBytes = heapAfterGC().HeapAlloc

	// Sync.
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := startPeakTracking()
	ru0, t0 := rusage(), time.Now()
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	inf.run(runCtx)
	if err := poll(ctx, inf.hasSynced); err != nil {
		return nil, fmt.Errorf("waiting for the cache to sync: %w", err)
	}
	t1, ru1 := time.Now(), rusage()
	peakLive, peakAlloc := peak.stop()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	res.SyncSeconds = t1.Sub(t0).Seconds()
	res.SyncUserSec, res.SyncSysSec = ru1.user-ru0.user, ru1.sys-ru0.sys
	res.SyncCPUSeconds = res.SyncUserSec + res.SyncSysSec
	res.SyncAllocBytes = after.TotalAlloc - before.TotalAlloc
	res.SyncGCCycles = after.NumGC - before.NumGC
	res.Objects = inf.cached()
	if expect > 0 && res.Objects != expect {
		return nil, fmt.Errorf("synced with %d objects cached; the namespace holds %d", res.Objects, expect)
	}
	if res.Objects == 0 {
		return nil, fmt.Errorf("synced with no objects cached: nothing to measure")
	}
	res.ManagedFieldEntries = inf.managedFields()

	// Steady state.
	steady := heapAfterGC()
	res.SteadyHeapBytes, res.SteadyInuseBytes = steady.HeapAlloc, steady.HeapInuse
	res.SteadyPerObject = perObject(steady.HeapAlloc, res.BaselineHeapBytes, res.Objects)
	res.PeakLiveHeapBytes, res.PeakHeapAllocBytes = max(peakLive, steady.HeapAlloc), peakAlloc
	if heapProfile != "" {
		if err := writeHeapProfile(heapProfile + ".steady"); err != nil {
			return nil, err
		}
	}
	emit(res)

	// Churn: the driver replaces every object once after our signal line.
	res.UpdatesBeforeChurn = updates.Load()
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("waiting for the driver's churn signal on stdin: %w", err)
	}
	res.MaxRSSBytes = rusage().maxRSS
	res.Phase = "done"
	switch strings.TrimSpace(line) {
	case "end":
		return res, nil
	case "churn":
	default:
		return nil, fmt.Errorf("stdin: got %q, want churn or end", line)
	}
	res.Churned = true
	peak = startPeakTracking()
	ru2, t2 := rusage(), time.Now()
	want := res.UpdatesBeforeChurn + int64(res.Objects)
	if err := poll(ctx, func() bool { return updates.Load() >= want }); err != nil {
		return nil, fmt.Errorf("waiting for %d updates (seen %d): %w", res.Objects, updates.Load()-res.UpdatesBeforeChurn, err)
	}
	t3, ru3 := time.Now(), rusage()
	res.ChurnPeakLiveHeapBytes, _ = peak.stop()
	res.ChurnUpdates = updates.Load() - res.UpdatesBeforeChurn
	res.ChurnSeconds = t3.Sub(t2).Seconds()
	res.ChurnCPUSeconds = (ru3.user - ru2.user) + (ru3.sys - ru2.sys)
	if n := inf.cached(); n != res.Objects {
		return nil, fmt.Errorf("%d objects cached after the churn, %d before", n, res.Objects)
	}
	churned := heapAfterGC()
	res.ChurnHeapBytes = churned.HeapAlloc
	res.ChurnPerObject = perObject(churned.HeapAlloc, res.BaselineHeapBytes, res.Objects)
	if heapProfile != "" {
		if err := writeHeapProfile(heapProfile + ".churn"); err != nil {
			return nil, err
		}
	}
	res.MaxRSSBytes = rusage().maxRSS
	stop()
	return res, nil
}

func perObject(heap, baseline uint64, n int) float64 {
	return (float64(heap) - float64(baseline)) / float64(n)
}

// heapAfterGC collects twice (the second cycle frees what finalizers of
// the first released) and returns the memory statistics.
func heapAfterGC() runtime.MemStats {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}

// poll calls cond every millisecond until it is true. Both clients are
// polled the same way (client-go's WaitForCacheSync polls every 100 ms,
// which would round sync times up by as much).
func poll(ctx context.Context, cond func() bool) error {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// peakTracker follows the live heap of every GC cycle and samples
// HeapAlloc.
type peakTracker struct {
	done      chan struct{}
	wg        sync.WaitGroup
	live      atomic.Uint64
	heapAlloc atomic.Uint64
	stopped   atomic.Bool
}

func startPeakTracking() *peakTracker {
	p := &peakTracker{done: make(chan struct{})}
	p.armGCHook()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			raise(&p.live, samples[0].Value.Uint64())
			raise(&p.heapAlloc, samples[1].Value.Uint64())
			select {
			case <-p.done:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// armGCHook sets a finalizer on a fresh object; it runs after the next GC
// cycle, reads the live heap that cycle marked, and re-arms itself, so
// that no cycle is missed however short.
func (p *peakTracker) armGCHook() {
	sentinel := new([16]byte)
	runtime.SetFinalizer(sentinel, func(*[16]byte) {
		if p.stopped.Load() {
			return
		}
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		raise(&p.live, s[0].Value.Uint64())
		p.armGCHook()
	})
}

func (p *peakTracker) stop() (live, heapAlloc uint64) {
	// One last read: the sync may have ended right after a cycle whose
	// finalizer has not run yet.
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	raise(&p.live, s[0].Value.Uint64())
	p.stopped.Store(true)
	close(p.done)
	p.wg.Wait()
	return p.live.Load(), p.heapAlloc.Load()
}

func raise(a *atomic.Uint64, v uint64) {
	for {
		old := a.Load()
		if v <= old || a.CompareAndSwap(old, v) {
			return
		}
	}
}

type usage struct {
	user, sys float64
	maxRSS    int64
}

func rusage() usage {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		fail(err)
	}
	return usage{
		user:   time.Duration(ru.Utime.Nano()).Seconds(),
		sys:    time.Duration(ru.Stime.Nano()).Seconds(),
		maxRSS: ru.Maxrss * 1024, // kilobytes on Linux
	}
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	return pprof.Lookup("heap").WriteTo(f, 0)
}

func emit(res *result) {
	data, err := json.Marshal(res)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(data))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "bench-informer: %v\n", err)
	os.Exit(1)
}
