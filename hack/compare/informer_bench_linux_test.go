package compare

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	restclient "k8s.io/client-go/rest"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
)

// BenchmarkInformer compares clientgen's generated Widget informer (over
// runtime/cache) with client-go's SharedIndexInformer on the real
// kube-apiserver: for each size it seeds one namespace with that many
// Widgets of about 5 KB of JSON each (managedFields from two field
// managers), then runs cmd/bench-informer once per client and
// configuration (managedFields kept or stripped by a transform) and round,
// one process at a time, rounds interleaved in a rotating order. Each
// process syncs and reports its steady heap; in the first
// $BENCH_INFORMER_CHURN_ROUNDS rounds (default 1: the heap after a churn
// depends on how the heap is laid out, not on the machine's load, and a
// churn of 50,000 objects takes minutes here) the driver then replaces
// every object once (a status update by the controller that owns the
// status, so objects keep their size) while the process waits to see
// every update.
//
// It runs the rounds once whatever b.N is: run it with -benchtime 1x.
// $BENCH_INFORMER_SIZES (default "10000,50000"), $BENCH_INFORMER_ROUNDS
// (default 3), $BENCH_INFORMER_OUT (write the raw results there as JSON,
// for cmd/bench-report), $BENCH_INFORMER_PROFILE_DIR (heap profiles of
// every run), $BENCH_INFORMER_CONFIGS (default all four, e.g.
// "clientgen,client-go,clientgen+strip,client-go+strip,clientgen+strip+compact";
// +compact is runtime/cache's compact storage).
func BenchmarkInformer(b *testing.B) {
	sizes, err := informerSizes()
	if err != nil {
		b.Fatal(err)
	}
	configs, err := informerConfigs()
	if err != nil {
		b.Fatal(err)
	}
	bin := buildBenchInformer(b)
	srv := startWidgetServer(b)
	cfg := clientgoConfig(b, srv.kubeconfig)
	cs, err := versioned.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	results := informerResults{Server: "kube-apiserver " + apiserverVersion, Rounds: informerRounds(), LoadAvg: [2]string{loadavg()}}
	profiles := os.Getenv("BENCH_INFORMER_PROFILE_DIR")
	for _, n := range sizes {
		ns := fmt.Sprintf("informer-%d", n)
		createNamespace(b, cfg, ns)
		size := informerSize{Objects: n, Namespace: ns}
		start := time.Now()
		seedInformerWidgets(b, cs, ns, n)
		size.SeedSeconds = time.Since(start).Seconds()
		size.ObjectJSONBytes, size.ManagedFieldsJSONBytes = widgetJSONSize(b, cfg, ns, informerWidgetName(n/2))
		seeded := fmt.Sprintf("%d Widgets in %s seeded in %.0f s; one is %d bytes of JSON, %d of them managedFields",
			n, ns, size.SeedSeconds, size.ObjectJSONBytes, size.ManagedFieldsJSONBytes)
		b.Log(seeded)
		fmt.Fprintln(os.Stderr, "BenchmarkInformer:", seeded)
		rev := 0
		for round := range results.Rounds {
			for j := range configs {
				c := configs[(j+round)%len(configs)]
				rev++
				run := runBenchInformer(b, bin, srv.kubeconfig, cfg, cs, ns, n, c, rev, round, round < churnRounds(), profiles)
				size.Runs = append(size.Runs, run)
			}
		}
		results.Sizes = append(results.Sizes, size)
		reportInformerRatios(b, size)
	}
	results.LoadAvg[1] = loadavg()
	if out := os.Getenv("BENCH_INFORMER_OUT"); out != "" {
		data, err := json.MarshalIndent(results, "", "  ")
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(out, append(data, '\n'), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// informerResults is what $BENCH_INFORMER_OUT receives (informer.json of
// hack/bench.sh).
type informerResults struct {
	Server  string         `json:"server"`
	Rounds  int            `json:"rounds"`
	LoadAvg [2]string      `json:"loadavg"`
	Sizes   []informerSize `json:"sizes"`
}

type informerSize struct {
	Objects                int     `json:"objects"`
	Namespace              string  `json:"namespace"`
	SeedSeconds            float64 `json:"seedSeconds"`
	ObjectJSONBytes        int     `json:"objectJSONBytes"`
	ManagedFieldsJSONBytes int     `json:"managedFieldsJSONBytes"`
	// Runs holds, per process, bench-informer's "done" line plus the
	// driver's fields (round, initial-sync path, churn time).
	Runs []map[string]any `json:"runs"`
}

// informerConfig is one process configuration.
type informerConfig struct {
	client string
	strip  bool
	// compact turns on runtime/cache's compact storage (clientgen only).
	compact bool
}

func (c informerConfig) String() string {
	s := c.client
	if c.strip {
		s += "+strip"
	}
	if c.compact {
		s += "+compact"
	}
	return s
}

func informerConfigs() ([]informerConfig, error) {
	spec := os.Getenv("BENCH_INFORMER_CONFIGS")
	if spec == "" {
		spec = "clientgen,client-go,clientgen+strip,client-go+strip,clientgen+strip+compact"
	}
	var out []informerConfig
	for _, s := range strings.Split(spec, ",") {
		client, compact := strings.CutSuffix(strings.TrimSpace(s), "+compact")
		client, strip := strings.CutSuffix(client, "+strip")
		if (client != "clientgen" && client != "client-go") || (compact && client != "clientgen") {
			return nil, fmt.Errorf("$BENCH_INFORMER_CONFIGS: %q: want clientgen or client-go, optionally with +strip, then (clientgen only) +compact", s)
		}
		out = append(out, informerConfig{client: client, strip: strip, compact: compact})
	}
	return out, nil
}

func informerSizes() ([]int, error) {
	spec := os.Getenv("BENCH_INFORMER_SIZES")
	if spec == "" {
		spec = "10000,50000"
	}
	var out []int
	for _, s := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("$BENCH_INFORMER_SIZES: %q is not a positive number", s)
		}
		out = append(out, n)
	}
	return out, nil
}

func churnRounds() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_INFORMER_CHURN_ROUNDS")); err == nil && n >= 0 {
		return n
	}
	return 1
}

func informerRounds() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_INFORMER_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 3
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

// buildBenchInformer builds cmd/bench-informer into a temporary directory.
func buildBenchInformer(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "bench-informer")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/bench-informer")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("building cmd/bench-informer: %v\n%s", err, out)
	}
	return bin
}

// Field managers of the seeded Widgets: kubectl's client-side apply
// creates them (labels, annotations with the last-applied configuration,
// finalizer, spec); a controller writes the status, and is who the churn
// goes through. (A third manager, server-side applying some annotations,
// made seeding half as fast again on this 2-core machine for a few hundred
// bytes of managedFields.)
const (
	creatorManager    = "kubectl-client-side-apply"
	controllerManager = "widget-controller"
)

func informerWidgetName(i int) string { return fmt.Sprintf("widget-%06d", i) }

// informerWidget is the i-th Widget as kubectl creates it.
func informerWidget(ns string, i int) *examplev1.Widget {
	name := informerWidgetName(i)
	team := fmt.Sprintf("team-%02d", i%12)
	labels := map[string]string{
		"app.kubernetes.io/name":       "widget",
		"app.kubernetes.io/instance":   name,
		"app.kubernetes.io/part-of":    "storefront",
		"app.kubernetes.io/component":  "inventory",
		"app.kubernetes.io/managed-by": "kubectl",
		"example.com/team":             team,
		"example.com/shard":            strconv.Itoa(i % 16),
		"example.com/environment":      "production",
		"topology.example.com/region":  "eu-west-1",
		"example.com/cost-center":      "cc-" + strconv.Itoa(4100+i%25),
		"app.kubernetes.io/version":    "v3.14.2",
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", ns, i)))
	annotations := map[string]string{
		"example.com/owner":        team + "@example.com",
		"example.com/contact":      "#storefront-inventory on chat, pager rotation storefront-primary",
		"example.com/description":  fmt.Sprintf("Widget %d of the storefront inventory: stock levels for one warehouse aisle, reconciled every few minutes by the widget controller, audited nightly against the warehouse system and archived weekly.", i),
		"example.com/runbook":      "https://runbooks.example.com/storefront/inventory/widgets#" + name,
		"example.com/dependencies": `[{"kind":"Service","name":"inventory-api","port":8443},{"kind":"Service","name":"warehouse-sync","port":9090},{"kind":"ConfigMap","name":"widget-defaults"},{"kind":"Secret","name":"warehouse-credentials"},{"kind":"Service","name":"audit-log","port":514}]`,
		"example.com/revision":     "rev-000001",
		"example.com/checksum":     hex.EncodeToString(sum[:]),
		"example.com/config-hash":  hex.EncodeToString(sum[:8]),
	}
	spec := examplev1.WidgetSpec{
		Size:  widgetSize(i),
		Color: []string{"red", "green", "blue", "amber", "violet", "teal"}[i%6],
		Tags: []string{"storefront", "inventory", "tier-" + strconv.Itoa(i%3), "zone-" + string(rune('a'+i%4)),
			"aisle-" + strconv.Itoa(i%40), "warehouse-" + strconv.Itoa(i%7), "audited", "reconciled", "eu-west-1", "production",
			"team-" + strconv.Itoa(i%12), "shard-" + strconv.Itoa(i%16), "backed-up", "monitored"},
	}
	applied := map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": name, "namespace": ns, "labels": labels, "annotations": annotations},
		"spec":     spec,
	}
	last, err := json.Marshal(applied)
	if err != nil {
		panic(err) // strings and numbers always marshal
	}
	withLast := map[string]string{"kubectl.kubernetes.io/last-applied-configuration": string(last) + "\n"}
	for k, v := range annotations {
		withLast[k] = v
	}
	return &examplev1.Widget{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: labels, Annotations: withLast, Finalizers: []string{"example.com/cleanup"}},
		Spec:       spec,
	}
}

func widgetSize(i int) int32 { return int32(1 + i%9) }

// widgetStatus is the controller's status of a Widget at revision rev:
// a new phase every revision (so that every churn changes every object),
// of the same length (so that objects keep their size).
func widgetStatus(size int32, rev int) []byte {
	return []byte(fmt.Sprintf(`{"status":{"phase":"Ready-%06d","observedSize":%d}}`, rev, size))
}

// forEachWidget calls f for 0..n-1 on 16 goroutines (the apiserver is on
// the same 2-core machine; more only queue) and returns the first error.
func forEachWidget(n int, f func(i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					once.Do(func() { first = err })
					next.Store(int64(n)) // stop the others
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// seedInformerWidgets creates n Widgets in ns with three field managers.
func seedInformerWidgets(tb testing.TB, cs *versioned.Clientset, ns string, n int) {
	tb.Helper()
	ctx := context.Background()
	w := cs.ExampleV1().Widgets(ns)
	err := forEachWidget(n, func(i int) error {
		obj := informerWidget(ns, i)
		if _, err := w.Create(ctx, obj, metav1.CreateOptions{FieldManager: creatorManager}); err != nil {
			return fmt.Errorf("creating %s: %w", obj.Name, err)
		}
		if _, err := w.Patch(ctx, obj.Name, types.MergePatchType, widgetStatus(obj.Spec.Size, 0), metav1.PatchOptions{FieldManager: controllerManager}, "status"); err != nil {
			return fmt.Errorf("updating the status of %s as %s: %w", obj.Name, controllerManager, err)
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("seeding %d Widgets in %s: %v", n, ns, err)
	}
}

// churnWidgets replaces every Widget of ns once: the controller writes
// status revision rev.
func churnWidgets(cs *versioned.Clientset, ns string, n, rev int) error {
	ctx := context.Background()
	w := cs.ExampleV1().Widgets(ns)
	return forEachWidget(n, func(i int) error {
		if _, err := w.Patch(ctx, informerWidgetName(i), types.MergePatchType, widgetStatus(widgetSize(i), rev), metav1.PatchOptions{FieldManager: controllerManager}, "status"); err != nil {
			return fmt.Errorf("churn: updating the status of %s: %w", informerWidgetName(i), err)
		}
		return nil
	})
}

// widgetJSONSize GETs one Widget as the server encodes it and returns its
// size and the size of its managedFields.
func widgetJSONSize(tb testing.TB, cfg *restclient.Config, ns, name string) (total, managedFields int) {
	tb.Helper()
	body := getRaw(tb, cfg, "/apis/example.com/v1/namespaces/"+ns+"/widgets/"+name)
	var obj struct {
		Metadata struct {
			ManagedFields json.RawMessage `json:"managedFields"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(body, &obj); err != nil {
		tb.Fatalf("decoding %s: %v", name, err)
	}
	if len(obj.Metadata.ManagedFields) == 0 {
		tb.Fatalf("%s has no managedFields: the seeded objects are not what the benchmark wants", name)
	}
	return len(body), len(obj.Metadata.ManagedFields)
}

func getRaw(tb testing.TB, cfg *restclient.Config, path string) []byte {
	tb.Helper()
	hc, err := restclient.HTTPClientFor(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.Host+path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		tb.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: %s: %s", path, resp.Status, body)
	}
	return body
}

// syncPath counts the Widget LIST requests and the watch-list requests
// that reached their initial-events-end bookmark, from the apiserver's
// metrics: the difference over one process tells which initial-sync path
// its informer took.
type syncPath struct{ lists, watchLists float64 }

func scrapeSyncPath(tb testing.TB, cfg *restclient.Config) syncPath {
	tb.Helper()
	var p syncPath
	for _, line := range strings.Split(string(getRaw(tb, cfg, "/metrics")), "\n") {
		if !strings.Contains(line, `resource="widgets"`) || !strings.Contains(line, `group="example.com"`) {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		switch {
		case strings.HasPrefix(line, "apiserver_request_total{") && strings.Contains(line, `verb="LIST"`):
			p.lists += v
		case strings.HasPrefix(line, "apiserver_watch_list_duration_seconds_count{"):
			p.watchLists += v
		}
	}
	return p
}

// runBenchInformer runs one bench-informer process through sync and churn
// and returns its results with the driver's.
func runBenchInformer(tb testing.TB, bin, kubeconfig string, cfg *restclient.Config, cs *versioned.Clientset, ns string, n int, c informerConfig, rev, round int, churn bool, profiles string) map[string]any {
	tb.Helper()
	args := []string{"-client=" + c.client, "-kubeconfig=" + kubeconfig, "-context=" + certContext, "-namespace=" + ns, "-expect=" + strconv.Itoa(n)}
	if c.strip {
		args = append(args, "-strip-managed-fields")
	}
	if c.compact {
		args = append(args, "-compact-storage")
	}
	if profiles != "" {
		args = append(args, "-heap-profile="+filepath.Join(profiles, fmt.Sprintf("%d-%s-r%d", n, c, round)))
	}
	before := scrapeSyncPath(tb, cfg)
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	lines := make(chan map[string]any)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lines <- m
			}
		}
	}()
	next := func(phase string) map[string]any {
		tb.Helper()
		select {
		case m, ok := <-lines:
			if !ok {
				_ = cmd.Wait()
				tb.Fatalf("%s (%d objects): bench-informer exited before its %q line:\n%s", c, n, phase, tail(stderr.String()))
			}
			if m["phase"] != phase {
				tb.Fatalf("%s: bench-informer printed phase %v, want %q", c, m["phase"], phase)
			}
			return m
		case <-time.After(20 * time.Minute):
			tb.Fatalf("%s (%d objects): no %q line from bench-informer after 20 minutes:\n%s", c, n, phase, tail(stderr.String()))
			return nil
		}
	}
	steady := next("steady")
	after := scrapeSyncPath(tb, cfg)
	var churnDriver float64
	if churn {
		if _, err := io.WriteString(stdin, "churn\n"); err != nil {
			tb.Fatal(err)
		}
		start := time.Now()
		if err := churnWidgets(cs, ns, n, rev); err != nil {
			tb.Fatal(err)
		}
		churnDriver = time.Since(start).Seconds()
	} else if _, err := io.WriteString(stdin, "end\n"); err != nil {
		tb.Fatal(err)
	}
	done := next("done")
	if err := cmd.Wait(); err != nil {
		tb.Fatalf("%s: bench-informer: %v\n%s", c, err, tail(stderr.String()))
	}
	done["round"] = round
	done["config"] = c.String()
	done["initialLists"] = after.lists - before.lists
	done["initialWatchLists"] = after.watchLists - before.watchLists
	done["churnDriverSeconds"] = churnDriver
	line := fmt.Sprintf("%d objects, round %d, %s: sync %.2fs (CPU %.2fs, %v LIST, %v watch-list), steady %.0f B/object, peak %.2fx steady, after churn %.2fx steady (0: no churn)",
		n, round, c, done["syncSeconds"], done["syncCPUSeconds"], done["initialLists"], done["initialWatchLists"],
		done["steadyHeapPerObjectBytes"], num(done["peakLiveHeapBytes"])/num(steady["steadyHeapBytes"]), num(done["churnHeapBytes"])/num(done["steadyHeapBytes"]))
	tb.Log(line)
	// Progress while the benchmark runs (tb.Log shows only at its end).
	fmt.Fprintln(os.Stderr, "BenchmarkInformer:", line)
	return done
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

// reportInformerRatios reports the medians' ratios of clientgen to
// client-go as benchmark metrics.
func reportInformerRatios(b *testing.B, size informerSize) {
	b.Helper()
	med := func(config, field string) float64 {
		var v []float64
		for _, r := range size.Runs {
			if r["config"] == config {
				v = append(v, num(r[field]))
			}
		}
		return medianOf(v)
	}
	n := strconv.Itoa(size.Objects)
	b.ReportMetric(med("clientgen", "syncSeconds")/med("client-go", "syncSeconds"), "sync-ratio-"+n)
	b.ReportMetric(med("clientgen", "steadyHeapPerObjectBytes")/med("client-go", "steadyHeapPerObjectBytes"), "heap-ratio-"+n)
	b.ReportMetric(med("clientgen+strip", "steadyHeapPerObjectBytes")/med("client-go+strip", "steadyHeapPerObjectBytes"), "heap-strip-ratio-"+n)
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
