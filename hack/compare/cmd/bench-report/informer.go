package main

import (
	"fmt"
	"math"
	"strings"
)

// ---- informers

// informerResults is informer.json, written by BenchmarkInformer
// (hack/compare/informer_bench_linux_test.go) through $BENCH_INFORMER_OUT.
type informerResults struct {
	Server  string    `json:"server"`
	Rounds  int       `json:"rounds"`
	LoadAvg [2]string `json:"loadavg"`
	Sizes   []struct {
		Objects                int           `json:"objects"`
		SeedSeconds            float64       `json:"seedSeconds"`
		ObjectJSONBytes        int           `json:"objectJSONBytes"`
		ManagedFieldsJSONBytes int           `json:"managedFieldsJSONBytes"`
		Runs                   []informerRun `json:"runs"`
	} `json:"sizes"`
}

// informerRun is one bench-informer process: its "done" line plus the
// driver's fields.
type informerRun struct {
	Config              string  `json:"config"`
	Round               int     `json:"round"`
	Objects             int     `json:"objects"`
	ManagedFieldEntries int     `json:"managedFieldEntries"`
	SyncSeconds         float64 `json:"syncSeconds"`
	SyncCPUSeconds      float64 `json:"syncCPUSeconds"`
	SyncAllocBytes      float64 `json:"syncAllocBytes"`
	SteadyHeapBytes     float64 `json:"steadyHeapBytes"`
	SteadyPerObject     float64 `json:"steadyHeapPerObjectBytes"`
	PeakLiveHeapBytes   float64 `json:"peakLiveHeapBytes"`
	PeakHeapAllocBytes  float64 `json:"peakHeapAllocBytes"`
	Churned             bool    `json:"churned"`
	ChurnHeapBytes      float64 `json:"churnHeapBytes"`
	MaxRSSBytes         float64 `json:"maxRSSBytes"`
	InitialLists        float64 `json:"initialLists"`
	InitialWatchLists   float64 `json:"initialWatchLists"`
}

// informerConfigs are the four processes of every round, in table order.
var informerConfigs = []struct{ name, managedFields string }{
	{"clientgen", "kept"},
	{"client-go", "kept"},
	{"clientgen+strip", "dropped"},
	{"client-go+strip", "dropped"},
	{"clientgen+strip+compact", "dropped; compact storage"},
}

func (r *report) informer() {
	r.p("## Runtime: informers against kube-apiserver")
	r.p("")
	var res informerResults
	if !r.readJSON("informer.json", &res) {
		r.p("No results: run the informer benchmark (below; needs the kube-apiserver test binary, `make apiserver`).")
		r.p("")
		return
	}
	r.loads = append(r.loads, res.LoadAvg[:]...)
	r.p("clientgen's generated Widget informer (runtime/cache) against client-go's `SharedIndexInformer` as")
	r.p("informer-gen v0.37.2 builds it, both over the %s test server (hack/kube-apiserver, on the same", res.Server)
	r.p("machine), same resync (0), same namespace index, same event handler, client-side rate limit off on both.")
	r.p("client-go runs with its default feature gates (WatchListClient is on since 1.35), as its users get it.")
	r.p("Each namespace holds that many Widgets of realistic size (labels, annotations with kubectl's")
	r.p("last-applied-configuration, a finalizer, spec, status), with managedFields from two field managers")
	r.p("(kubectl's client-side apply creates them, a controller writes the status). Every configuration runs as its own process")
	r.p("(hack/compare/cmd/bench-informer), one at a time, %d rounds in a rotating order; `+strip` adds the", res.Rounds)
	r.p("transform that drops managedFields (runtime/cache's `TransformStripManagedFields` on clientgen,")
	r.p("controller-runtime's identical `TransformStripManagedFields` on client-go).")
	r.p("")
	r.p("- **sync**: from starting the informer until `HasSynced` (polled every millisecond on both), wall and the")
	r.p("  process's user+system CPU (getrusage). The path is what the apiserver's metrics counted for the process:")
	r.p("  LIST requests, or watch-list requests that reached their initial-events-end bookmark.")
	r.p("- **heap/object**: Go heap after two forced GCs (`HeapAlloc`) once synced, minus the heap before the")
	r.p("  informer started, divided by the objects cached.")
	r.p("- **peak / steady**: the largest live heap any GC cycle marked during the sync (runtime/metrics")
	r.p("  `/gc/heap/live:bytes`, read after every cycle) over the steady heap. This is what the sync needed at its")
	r.p("  worst regardless of GOGC; the sampled `HeapAlloc` peak, which also counts garbage not yet collected,")
	r.p("  is in brackets.")
	r.p("- **churn / steady**: the heap after the driver replaced every cached object once (a status update by the")
	r.p("  controller that owns the status, so objects keep their size) and the informer delivered every update,")
	r.p("  over the steady heap; in the first round only (`BENCH_INFORMER_CHURN_ROUNDS`, default 1): it measures the")
	r.p("  heap's layout, which the machine's load does not change, and a 50,000-object churn takes minutes here.")
	r.p("")
	r.p("Cross-client ratios are medians of the per-round paired ratios (round i of one client against round i")
	r.p("of the other), as in the throughput section.")
	r.p("")
	r.p("Reproduce: `cd hack/compare && BENCH_INFORMER_ROUNDS=3 BENCH_INFORMER_SIZES=10000,50000 CLIENTGEN_KUBE_APISERVER=$(../../hack/build-apiserver.sh) GOWORK=off go test -run '^$' -bench '^BenchmarkInformer$' -benchtime 1x -timeout 180m .` (`BENCH_INFORMER_OUT=file` keeps the raw JSON; `BENCH_INFORMER_PROFILE_DIR=dir` writes a heap profile of every process at steady state and after the churn).")
	r.p("")
	for _, size := range res.Sizes {
		runs := map[string][]informerRun{}
		for _, run := range size.Runs {
			runs[run.Config] = append(runs[run.Config], run)
		}
		med := func(config string, f func(informerRun) float64) float64 {
			var v []float64
			for _, run := range runs[config] {
				v = append(v, f(run))
			}
			return median(v)
		}
		// medChurn is med over the runs that churned.
		medChurn := func(config string, f func(informerRun) float64) float64 {
			var v []float64
			for _, run := range runs[config] {
				if run.Churned {
					v = append(v, f(run))
				}
			}
			return median(v)
		}
		// paired is the median over rounds of f(a's run)/f(b's run).
		paired := func(a, b string, f func(informerRun) float64) (float64, []float64) {
			byRound := map[int]informerRun{}
			for _, run := range runs[b] {
				byRound[run.Round] = run
			}
			var rs []float64
			for _, run := range runs[a] {
				if ref, ok := byRound[run.Round]; ok && f(ref) != 0 {
					rs = append(rs, f(run)/f(ref))
				}
			}
			return median(rs), rs
		}
		sync := func(run informerRun) float64 { return run.SyncSeconds }
		perObject := func(run informerRun) float64 { return run.SteadyPerObject }
		peak := func(run informerRun) float64 { return run.PeakLiveHeapBytes / run.SteadyHeapBytes }
		churn := func(run informerRun) float64 { return run.ChurnHeapBytes / run.SteadyHeapBytes }

		r.p("### %s Widgets", thousands(size.Objects))
		r.p("")
		r.p("One Widget is %s of JSON as the server sends it, %s of it managedFields (two entries); seeding took %s.",
			kib(float64(size.ObjectJSONBytes)), kib(float64(size.ManagedFieldsJSONBytes)), seconds(size.SeedSeconds))
		r.p("")
		r.p("| client | managedFields | sync path | sync wall | sync CPU | allocated in sync | heap/object | peak / steady | churn / steady | peak RSS |")
		r.p("|---|---|---|---|---|---|---|---|---|---|")
		for _, c := range informerConfigs {
			if len(runs[c.name]) == 0 {
				continue
			}
			client, _, _ := strings.Cut(c.name, "+")
			r.p("| %s | %s | %s | %s | %s | %.0f MB | %s | %.2fx (%.2fx) | %.2fx | %s |", client, c.managedFields,
				syncPaths(runs[c.name]),
				seconds(med(c.name, sync)), seconds(med(c.name, func(run informerRun) float64 { return run.SyncCPUSeconds })),
				med(c.name, func(run informerRun) float64 { return run.SyncAllocBytes })/1e6,
				kib(med(c.name, perObject)),
				med(c.name, peak), med(c.name, func(run informerRun) float64 { return run.PeakHeapAllocBytes / run.SteadyHeapBytes }),
				medChurn(c.name, churn),
				mib(med(c.name, func(run informerRun) float64 { return run.MaxRSSBytes })/1024))
		}
		r.p("")
		if len(runs["clientgen"]) == 0 || len(runs["client-go"]) == 0 {
			continue
		}
		n := thousands(size.Objects)
		syncRatio, syncRounds := paired("clientgen", "client-go", sync)
		cpuRatio, _ := paired("clientgen", "client-go", func(run informerRun) float64 { return run.SyncCPUSeconds })
		r.targets = append(r.targets, target{
			what: "informer, " + n + " objects: initial sync", goal: "wall <= 0.8x client-go's",
			measured: fmt.Sprintf("%.2fx (rounds %s); CPU %.2fx", syncRatio, ratios(syncRounds), cpuRatio), met: met(syncRatio <= 0.8),
		})
		heapRatio, _ := paired("clientgen", "client-go", perObject)
		r.targets = append(r.targets, target{
			what: "informer, " + n + " objects: heap per object, equal options", goal: "<= 0.7x client-go's",
			measured: fmt.Sprintf("%.2fx (%s vs %s)", heapRatio, kib(med("clientgen", perObject)), kib(med("client-go", perObject))), met: met(heapRatio <= 0.7),
		})
		if len(runs["clientgen+strip"]) > 0 {
			vsDefault, _ := paired("clientgen+strip", "client-go", perObject)
			measured := fmt.Sprintf("%.2fx (%s vs %s)", vsDefault, kib(med("clientgen+strip", perObject)), kib(med("client-go", perObject)))
			if len(runs["client-go+strip"]) > 0 {
				same, _ := paired("clientgen+strip", "client-go+strip", perObject)
				measured += fmt.Sprintf("; %.2fx of client-go with the same transform (%s)", same, kib(med("client-go+strip", perObject)))
			}
			best := vsDefault
			if len(runs["clientgen+strip+compact"]) > 0 {
				compact, _ := paired("clientgen+strip+compact", "client-go", perObject)
				measured = fmt.Sprintf("%.2fx with compact storage (%s); Go values: %s", compact, kib(med("clientgen+strip+compact", perObject)), measured)
				best = min(best, compact)
			}
			r.targets = append(r.targets, target{
				what: "informer, " + n + " objects: heap per object, managedFields dropped", goal: "<= 0.5x client-go's (as its users get it, keeping them)",
				measured: measured, met: met(best <= 0.5),
			})
		}
		p := med("clientgen", peak)
		r.targets = append(r.targets, target{
			what: "informer, " + n + " objects: peak heap during sync", goal: "<= 1.3x the steady heap",
			measured: fmt.Sprintf("%.2fx (client-go: %.2fx)", p, med("client-go", peak)), met: met(p <= 1.3),
		})
		ch := medChurn("clientgen", churn)
		r.targets = append(r.targets, target{
			what: "informer, " + n + " objects: heap after 100% churn", goal: "<= 1.1x the steady heap",
			measured: fmt.Sprintf("%.2fx (client-go: %.2fx)", ch, medChurn("client-go", churn)), met: met(ch <= 1.1),
		})
	}
	r.p("**Which reading of the managedFields target.** The issue asks for \"<= 0.7x client-go's with equal")
	r.p("options, <= 0.5x with managedFields dropped\". The first clause names equal options; the second, set against")
	r.p("it, is read as clientgen with its ready-made transform against client-go as its users get it (keeping")
	r.p("managedFields), and that is the target row. Both clients dropping managedFields with the same transform")
	r.p("is the like-for-like comparison and is shown in the same row and in the table: there both hold the same Go")
	r.p("values, so the ratio can only come from how they are stored (strings that recur across objects held once,")
	r.p("equal managedFields trees and timestamps shared between cached objects).")
	r.p("")
	r.p("**Why the 0.5x target needs compact storage.** A Widget without managedFields is, as Go values, about")
	r.p("4.4 KB that no storage of the same values can shrink: its two maps of 11 and 9 entries (1.3 KB of map")
	r.p("groups), the 1.8 KB last-applied annotation and the other unique strings (0.8 KB), the struct (352 B) and")
	r.p("the tags slice (240 B): 0.63x of client-go's 6.9 KB, which is what clientgen holds. Below that only another")
	r.p("representation goes: runtime/cache's compact storage (`UseCompactStorage`, opt-in) keeps each object as")
	r.p("its JSON deflated against the first object cached, and decodes it on every read, at about 50 µs per")
	r.p("lister Get of a Widget (0.13 µs as a Go value) and 60 µs of CPU per stored event (BenchmarkCachedWidget;")
	r.p("the sync CPU in the tables). The target row counts it; Go values are shown beside it. Its heap after a")
	r.p("churn grows more than the 1.1x the default storage is held to, and with the number of objects: not yet")
	r.p("explained.")
	r.p("")
}

// syncPaths names the initial-sync path the runs took, e.g. "watch-list"
// or "LIST (1 request)".
func syncPaths(runs []informerRun) string {
	seen := map[string]bool{}
	var out []string
	for _, run := range runs {
		var p string
		switch {
		case run.InitialWatchLists > 0 && run.InitialLists == 0:
			p = "watch-list"
		case run.InitialLists > 0 && run.InitialWatchLists == 0:
			p = fmt.Sprintf("LIST (%.0f requests)", run.InitialLists)
			if run.InitialLists == 1 {
				p = "LIST (1 request)"
			}
		default:
			p = fmt.Sprintf("%.0f LIST + %.0f watch-list", run.InitialLists, run.InitialWatchLists)
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

func kib(b float64) string {
	if math.IsNaN(b) {
		return "-"
	}
	return fmt.Sprintf("%.1f KiB", b/1024)
}
