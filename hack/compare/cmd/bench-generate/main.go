// Command bench-generate times clientgen against k8s.io/code-generator's
// client-gen, applyconfiguration-gen, lister-gen and informer-gen (the four
// tools kube_codegen.sh runs for what one clientgen run writes: clientset,
// apply configurations, listers, informers) on the same inputs, in one run,
// and writes the measurements as JSON for cmd/bench-report.
//
// Inputs, built in a scratch module that requires k8s.io/api from the module
// cache:
//
//	small    one CRD-style group, 1 version, 2 kinds
//	synth    20 groups x 2 versions x 5 kinds
//	k8sapi   the 55 k8s.io/api group-versions client-go's clientset is made from
//
// For every input and tool: one cold run (GOCACHE pointed at a new, empty
// directory; the module cache and the OS page cache stay warm), one untimed
// warm-up, then -runs warm runs, the tools interleaved. Each run writes into
// an empty directory. Measured: wall time, CPU time (user+system), peak RSS
// (the largest of the tool and the processes it waited for, e.g. go list,
// from wait4's rusage), files and lines written.
//
// Run it through hack/bench-generate.sh, which builds and installs the tools.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	var (
		out       = flag.String("out", "", "write the results as JSON to this file (default: stdout)")
		runs      = flag.Int("runs", 5, "warm runs per tool and input (the median is reported)")
		cases     = flag.String("cases", "small,synth,k8sapi", "inputs to run, comma-separated")
		clientgen = flag.String("clientgen", "", "path of the clientgen binary (required)")
		clientGen = flag.String("client-gen", "", "path of k8s.io/code-generator's client-gen (required)")
		applyGen  = flag.String("applyconfiguration-gen", "", "path of k8s.io/code-generator's applyconfiguration-gen (required)")
		listerGen = flag.String("lister-gen", "", "path of k8s.io/code-generator's lister-gen (required)")
		infGen    = flag.String("informer-gen", "", "path of k8s.io/code-generator's informer-gen (required)")
		goSum     = flag.String("go-sum", "go.sum", "a go.sum that covers k8s.io/api v0.37.2 (hack/compare's)")
		keep      = flag.Bool("keep", false, "keep the scratch module (its path is printed)")
	)
	flag.Parse()
	if *clientgen == "" || *clientGen == "" || *applyGen == "" || *listerGen == "" || *infGen == "" {
		fmt.Fprintln(os.Stderr, "bench-generate: -clientgen, -client-gen, -applyconfiguration-gen, -lister-gen and -informer-gen are required (hack/bench-generate.sh passes them)")
		os.Exit(2)
	}
	res, err := run(*runs, strings.Split(*cases, ","), tools{clientgen: *clientgen, clientGen: *clientGen, applyGen: *applyGen, listerGen: *listerGen, informerGen: *infGen}, *goSum, *keep)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench-generate: %v\n", err)
		os.Exit(1)
	}
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench-generate: %v\n", err)
		os.Exit(1)
	}
	if *out == "" {
		fmt.Println(string(data))
		return
	}
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "bench-generate: %v\n", err)
		os.Exit(1)
	}
}

type tools struct{ clientgen, clientGen, applyGen, listerGen, informerGen string }

// Results is the JSON document bench-report reads.
type Results struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	LoadAvg  [2]string `json:"loadavg"` // /proc/loadavg at start and end
	WarmRuns int       `json:"warmRuns"`
	Cases    []Case    `json:"cases"`
}

// Case is one input and every tool's measurements on it.
type Case struct {
	Name          string `json:"name"`
	Description   string `json:"description"`
	GroupVersions int    `json:"groupVersions"`
	Tools         []Tool `json:"tools"`
}

// Tool is one tool's runs on one input.
type Tool struct {
	Name  string `json:"name"`
	Cold  *Run   `json:"cold,omitempty"`
	Warm  []Run  `json:"warm,omitempty"`
	Files int    `json:"files"`
	Lines int    `json:"lines"`
	Error string `json:"error,omitempty"`
}

// Run is one timed run.
type Run struct {
	WallSeconds float64 `json:"wallSeconds"`
	CPUSeconds  float64 `json:"cpuSeconds"` // user + system
	SysSeconds  float64 `json:"sysSeconds"` // system alone: file creation, process start
	MaxRSSKB    int64   `json:"maxRSSKB"`
}

func run(warmRuns int, caseNames []string, t tools, goSum string, keep bool) (*Results, error) {
	res := &Results{Started: time.Now().UTC(), WarmRuns: warmRuns, LoadAvg: [2]string{loadavg(), ""}}
	work, err := os.MkdirTemp("", "bench-generate-")
	if err != nil {
		return nil, err
	}
	if keep {
		fmt.Fprintf(os.Stderr, "bench-generate: scratch module in %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	mod := filepath.Join(work, "mod")
	if err := writeModule(mod, goSum); err != nil {
		return nil, err
	}
	for _, name := range caseNames {
		c, inputs, err := prepareCase(mod, name)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "bench-generate: %s (%d group-versions)\n", c.Name, c.GroupVersions)
		c.Tools = measure(mod, work, name, inputs, warmRuns, t)
		res.Cases = append(res.Cases, *c)
	}
	res.Finished = time.Now().UTC()
	res.LoadAvg[1] = loadavg()
	return res, nil
}

const modulePath = "bench.example/gen"

// writeModule creates the scratch module every input lives in (or, for
// k8s.io/api, is resolved from).
func writeModule(dir, goSum string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gomod := "module " + modulePath + "\n\ngo 1.26.0\n\nrequire (\n\tk8s.io/api v0.37.2\n\tk8s.io/apimachinery v0.37.2\n)\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(goSum)
	if err != nil {
		return fmt.Errorf("reading %s (pass hack/compare's go.sum with -go-sum): %w", goSum, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return err
	}
	// A package that imports the API packages keeps k8s.io/api in the
	// module graph for go mod tidy.
	if err := os.MkdirAll(filepath.Join(dir, "keep"), 0o755); err != nil {
		return err
	}
	keep := "package keep\n\nimport (\n\t_ \"k8s.io/api/core/v1\"\n\t_ \"k8s.io/apimachinery/pkg/apis/meta/v1\"\n)\n"
	if err := os.WriteFile(filepath.Join(dir, "keep", "keep.go"), []byte(keep), 0o644); err != nil {
		return err
	}
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	// GOSUMDB=off: tidy may need the go.mod of a module version that
	// hack/compare's go.sum no longer lists (its own tidy pruned it); the
	// file is in the module cache (GOPROXY=off), and this throwaway module
	// only times code generators, so checking it against sum.golang.org,
	// which this machine may not reach, buys nothing.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go mod tidy in the scratch module (needs k8s.io/api v0.37.2 in the module cache: run go mod download in hack/compare): %v\n%s", err, out)
	}
	return nil
}

// prepareCase writes the input packages of a case and returns their import
// paths.
func prepareCase(mod, name string) (*Case, []string, error) {
	switch name {
	case "small":
		in, err := writeGroup(mod, "small", "small.example.com", "v1", []string{"Widget", "Gadget"})
		if err != nil {
			return nil, nil, err
		}
		return &Case{Name: name, Description: "one CRD group: 1 version, 2 kinds", GroupVersions: 1}, []string{in}, nil
	case "synth":
		var inputs []string
		for g := range 20 {
			for _, v := range []string{"v1", "v1beta1"} {
				var kinds []string
				for k := range 5 {
					kinds = append(kinds, fmt.Sprintf("Thing%c%02d", 'A'+k, g))
				}
				in, err := writeGroup(mod, fmt.Sprintf("g%02d", g), fmt.Sprintf("g%02d.bench.example.com", g), v, kinds)
				if err != nil {
					return nil, nil, err
				}
				inputs = append(inputs, in)
			}
		}
		return &Case{Name: name, Description: "synthetic: 20 groups x 2 versions x 5 kinds", GroupVersions: len(inputs)}, inputs, nil
	case "k8sapi":
		inputs, err := k8sAPIInputs(mod)
		if err != nil {
			return nil, nil, err
		}
		return &Case{Name: name, Description: fmt.Sprintf("k8s.io/api v0.37.2: the %d group-versions of client-go's clientset", len(inputs)), GroupVersions: len(inputs)}, inputs, nil
	}
	return nil, nil, fmt.Errorf("unknown case %q (want small, synth or k8sapi)", name)
}

// k8sAPIInputs reads the group-versions client-go's clientset imports.
func k8sAPIInputs(mod string) ([]string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", "k8s.io/client-go@v0.37.2")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("locating k8s.io/client-go v0.37.2 in the module cache: %v", err)
	}
	var dl struct{ Dir string }
	if err := json.Unmarshal(out, &dl); err != nil {
		return nil, err
	}
	src, err := os.ReadFile(filepath.Join(dl.Dir, "kubernetes", "clientset.go"))
	if err != nil {
		return nil, err
	}
	var inputs []string
	for _, line := range strings.Split(string(src), "\n") {
		_, rest, ok := strings.Cut(line, `"k8s.io/client-go/kubernetes/typed/`)
		if !ok {
			continue
		}
		gv, _, _ := strings.Cut(rest, `"`)
		if in := "k8s.io/api/" + gv; !slices.Contains(inputs, in) {
			inputs = append(inputs, in)
		}
	}
	slices.Sort(inputs)
	if len(inputs) != 55 {
		return nil, fmt.Errorf("client-go's clientset.go lists %d group-versions, want 55", len(inputs))
	}
	return inputs, nil
}

// measure runs every tool on the inputs: cold, warm-up, then warm runs.
func measure(mod, work, caseName string, inputs []string, warmRuns int, t tools) []Tool {
	type tool struct {
		name string
		cmd  func(out string) [][]string // the commands of one run, given its output directory
	}
	header := filepath.Join(work, "header.txt")
	_ = os.WriteFile(header, nil, 0o644)
	outPkg := func(out string) string {
		return modulePath + "/" + filepath.Base(filepath.Dir(out)) + "/" + filepath.Base(out)
	}
	all := []tool{
		{"clientgen", func(out string) [][]string {
			return [][]string{{t.clientgen, "--input", strings.Join(inputs, ","), "--output", out, "--output-pkg", outPkg(out), "--clientset-name", "versioned", "--quiet"}}
		}},
		{"client-gen", func(out string) [][]string {
			return [][]string{{t.clientGen, "--go-header-file", header, "--input-base", "", "--input", strings.Join(inputs, ","),
				"--output-dir", out, "--output-pkg", outPkg(out), "--clientset-name", "versioned",
				"--apply-configuration-package", outPkg(out) + "/applyconfiguration"}}
		}},
		{"applyconfiguration-gen", func(out string) [][]string {
			return [][]string{append([]string{t.applyGen, "--go-header-file", header, "--output-dir", filepath.Join(out, "applyconfiguration"), "--output-pkg", outPkg(out) + "/applyconfiguration"}, inputs...)}
		}},
		{"lister-gen", func(out string) [][]string {
			return [][]string{append([]string{t.listerGen, "--go-header-file", header, "--output-dir", filepath.Join(out, "listers"), "--output-pkg", outPkg(out) + "/listers"}, inputs...)}
		}},
		{"informer-gen", func(out string) [][]string {
			return [][]string{append([]string{t.informerGen, "--go-header-file", header, "--output-dir", filepath.Join(out, "informers"), "--output-pkg", outPkg(out) + "/informers",
				"--versioned-clientset-package", outPkg(out) + "/versioned", "--listers-package", outPkg(out) + "/listers"}, inputs...)}
		}},
	}
	results := make([]Tool, len(all))
	outRoot := filepath.Join(mod, "out-"+caseName)
	n := 0
	outDir := func() string {
		n++
		return filepath.Join(outRoot, fmt.Sprintf("r%03d", n))
	}
	once := func(i int, env []string) (Run, error) {
		out := outDir()
		defer os.RemoveAll(out)
		var total Run
		for _, argv := range all[i].cmd(out) {
			r, err := timed(mod, env, argv)
			if err != nil {
				return total, err
			}
			total.WallSeconds += r.WallSeconds
			total.CPUSeconds += r.CPUSeconds
			total.SysSeconds += r.SysSeconds
			total.MaxRSSKB = max(total.MaxRSSKB, r.MaxRSSKB)
		}
		if results[i].Files == 0 {
			results[i].Files, results[i].Lines = countOutput(out)
		}
		return total, nil
	}
	for i := range all {
		results[i].Name = all[i].name
		cache, err := os.MkdirTemp(work, "gocache-")
		if err != nil {
			results[i].Error = err.Error()
			continue
		}
		cold, err := once(i, []string{"GOCACHE=" + cache})
		os.RemoveAll(cache)
		if err != nil {
			results[i].Error = err.Error()
			continue
		}
		results[i].Cold = &cold
		if _, err := once(i, nil); err != nil { // warm-up
			results[i].Error = err.Error()
		}
	}
	for r := range warmRuns {
		for j := range all {
			i := (j + r) % len(all) // rotate the order between runs
			if results[i].Error != "" {
				continue
			}
			w, err := once(i, nil)
			if err != nil {
				results[i].Error = err.Error()
				continue
			}
			results[i].Warm = append(results[i].Warm, w)
		}
	}
	os.RemoveAll(outRoot)
	return results
}

// timed runs argv in dir and returns its wall time and rusage.
func timed(dir string, env, argv []string) (Run, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off"), env...)
	var stderr strings.Builder
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if lines := strings.Split(msg, "\n"); len(lines) > 8 {
			msg = strings.Join(lines[:8], "\n") + fmt.Sprintf("\n... (%d more lines)", len(lines)-8)
		}
		return Run{}, fmt.Errorf("%s failed: %v\n%s", filepath.Base(argv[0]), err, msg)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return Run{}, errors.New("no rusage for the child process")
	}
	return Run{
		WallSeconds: wall.Seconds(),
		CPUSeconds:  time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds(),
		SysSeconds:  time.Duration(ru.Stime.Nano()).Seconds(),
		MaxRSSKB:    ru.Maxrss,
	}, nil
}

// countOutput counts the Go files and their lines under dir.
func countOutput(dir string) (files, lines int) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		files++
		lines += strings.Count(string(data), "\n")
		return nil
	})
	return files, lines
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return runtime.GOOS
	}
	return strings.TrimSpace(string(b))
}
