// Command bench-memory measures the peak RSS of listing 50,000 Widgets with
// pagination through each lister program (cmd/lister-clientgen,
// cmd/lister-clientgo), every one a separate process that keeps all the
// objects, as an informer's initial list does. The pages come from a replay
// server in this process on 127.0.0.1 that serves the same recorded
// responses (bench_fixtures.go) to every lister, so only client memory is
// measured. Peak RSS is the child's ru_maxrss from wait4. Results are JSON
// for cmd/bench-report.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/clientgen/clientgen/hack/compare"
)

func main() {
	var (
		objects  = flag.Int("objects", 50000, "Widgets to list")
		pageSize = flag.Int("page-size", 500, "objects per page (the listers' --page-size)")
		runs     = flag.Int("runs", 3, "runs per lister (the median is reported)")
		out      = flag.String("out", "", "write the results as JSON to this file (default: stdout)")
	)
	var listers listerFlag
	flag.Var(&listers, "lister", "name=path[,flag...] of a lister binary; repeatable")
	flag.Parse()
	if len(listers) == 0 {
		fmt.Fprintln(os.Stderr, "bench-memory: give at least one -lister name=path (hack/bench.sh does)")
		os.Exit(2)
	}
	res, err := run(*objects, *pageSize, *runs, listers)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench-memory: %v\n", err)
		os.Exit(1)
	}
	data, _ := json.MarshalIndent(res, "", "  ")
	if *out == "" {
		fmt.Println(string(data))
		return
	}
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "bench-memory: %v\n", err)
		os.Exit(1)
	}
}

type lister struct {
	Name string
	Path string
	Args []string
}

type listerFlag []lister

func (l *listerFlag) String() string { return fmt.Sprint(*l) }
func (l *listerFlag) Set(v string) error {
	name, rest, ok := strings.Cut(v, "=")
	if !ok {
		return errors.New("want name=path[,flag...]")
	}
	parts := strings.Split(rest, ",")
	*l = append(*l, lister{Name: name, Path: parts[0], Args: parts[1:]})
	return nil
}

// Results is the JSON document bench-report reads.
type Results struct {
	Objects   int       `json:"objects"`
	PageSize  int       `json:"pageSize"`
	PageBytes int       `json:"pageBytes"` // size of one full page
	Server    string    `json:"server"`
	LoadAvg   [2]string `json:"loadavg"`
	Listers   []Lister  `json:"listers"`
}

// Lister is one program's runs.
type Lister struct {
	Name string `json:"name"`
	Runs []Run  `json:"runs"`
}

// Run is one process.
type Run struct {
	MaxRSSKB        int64   `json:"maxRSSKB"`
	WallSeconds     float64 `json:"wallSeconds"`
	CPUSeconds      float64 `json:"cpuSeconds"`
	Items           int     `json:"items"`
	Pages           int     `json:"pages"`
	HeapInuseBytes  int64   `json:"heapInuseBytes"`
	TotalAllocBytes int64   `json:"totalAllocBytes"`
	Mallocs         int64   `json:"mallocs"`
}

func run(objects, pageSize, runs int, listers []lister) (*Results, error) {
	res := &Results{Objects: objects, PageSize: pageSize, LoadAvg: [2]string{loadavg(), ""},
		Server: "replay server in the benchmark process (recorded responses, 127.0.0.1, HTTP/1.1)"}
	pages := map[string][]byte{}
	for first, n := 0, 0; first < objects; first, n = first+pageSize, n+1 {
		count := min(pageSize, objects-first)
		token := ""
		if first+count < objects {
			token = "page-" + strconv.Itoa(n+1)
		}
		key := ""
		if n > 0 {
			key = "page-" + strconv.Itoa(n)
		}
		pages[key] = compare.WidgetListJSON(first, count, token)
		if n == 0 {
			res.PageBytes = len(pages[key])
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: replay(pages, pageSize, compare.BenchNamespace)}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	dir, err := os.MkdirTemp("", "bench-memory-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(fmt.Sprintf(kubeconfigTemplate, ln.Addr().String())), 0o600); err != nil {
		return nil, err
	}
	res.Listers = make([]Lister, len(listers))
	for i, l := range listers {
		res.Listers[i].Name = l.Name
	}
	for r := range runs {
		for j := range listers {
			i := (j + r) % len(listers)
			l := listers[i]
			fmt.Fprintf(os.Stderr, "bench-memory: run %d, %s\n", r+1, l.Name)
			got, err := runLister(l, kubeconfig, pageSize)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", l.Name, err)
			}
			if got.Items != objects {
				return nil, fmt.Errorf("%s listed %d Widgets, want %d", l.Name, got.Items, objects)
			}
			res.Listers[i].Runs = append(res.Listers[i].Runs, got)
		}
	}
	res.LoadAvg[1] = loadavg()
	return res, nil
}

const kubeconfigTemplate = `apiVersion: v1
kind: Config
clusters:
- name: replay
  cluster:
    server: http://%s
users:
- name: replay
  user:
    token: replay-token
contexts:
- name: replay
  context:
    cluster: replay
    user: replay
current-context: replay
`

// replay serves the pages of the Widget list by continue token.
func replay(pages map[string][]byte, pageSize int, namespace string) http.Handler {
	want := "/apis/example.com/v1/namespaces/" + namespace + "/widgets"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Query().Get("continue")]
		if r.URL.Path != want || r.URL.Query().Get("limit") != strconv.Itoa(pageSize) || !ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"the replay server has no response for %s"}`, r.URL)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	})
}

func runLister(l lister, kubeconfig string, pageSize int) (Run, error) {
	args := append([]string{"--kubeconfig", kubeconfig, "--namespace", compare.BenchNamespace, "--page-size", strconv.Itoa(pageSize)}, l.Args...)
	cmd := exec.Command(l.Path, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return Run{}, fmt.Errorf("%v\n%s", err, stderr.String())
	}
	wall := time.Since(start)
	var got Run
	if err := json.Unmarshal([]byte(stdout.String()), &got); err != nil {
		return Run{}, fmt.Errorf("unexpected output %q: %v", stdout.String(), err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return Run{}, errors.New("no rusage for the child process")
	}
	got.MaxRSSKB = ru.Maxrss
	got.WallSeconds = wall.Seconds()
	got.CPUSeconds = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	return got, nil
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
