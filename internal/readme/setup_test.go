package readme

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

const (
	generatorModule = "github.com/clientgen/clientgen"
	runtimeModule   = "github.com/clientgen/clientgen/runtime"
	// floorAPIMachinery is what the scratch module starts with, as a project
	// on an older Kubernetes release would: the README's steps must leave it.
	floorAPIMachinery = "v0.34.0"
)

// TestREADMESetupWorksInAFreshModule follows the README's setup section
// literally in a new module outside the repository: the shell commands of
// its setup block, one by one, and its //go:generate line. The two clientgen
// modules are served from a file GOPROXY holding this checkout (packed as
// the go command packs a tagged release: the generator's go.mod requiring
// the runtime at the same version, without the replace that only this
// repository uses), so `go get ...@latest` resolves as it would for a
// user. Then the module must build, vet, run a program over the generated
// fake clientset, still have the k8s.io/apimachinery it started with, and
// need no `go mod tidy`.
func TestREADMESetupWorksInAFreshModule(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("the go command is needed to follow the README: %v", err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	commands, generateLine := setupSteps(t, string(readme))

	// A pre-release version unique to this run: @latest picks it (there is
	// no release), and no module cache entry of an earlier run can stand in
	// for this checkout.
	version := fmt.Sprintf("v0.1.0-setuptest.%d", time.Now().UnixNano())
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	publish(t, proxy, runtimeModule, version, "../../runtime", nil)
	publish(t, proxy, generatorModule, version, "../..", func(f *modfile.File) error {
		for _, r := range f.Replace {
			if err := f.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return err
			}
		}
		return f.AddRequire(runtimeModule, version)
	})
	t.Cleanup(func() { forgetVersion(t, version) })

	orig, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+strings.TrimSpace(string(orig)),
		"GONOSUMDB="+generatorModule, // not in the checksum database: never published
		"GOWORK=off",
		"GOFLAGS=-buildvcs=false",
	)
	dir := filepath.Join(tmp, "scratch")
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("in the scratch module: %s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	// The user's module before clientgen: API types on an older apimachinery.
	types := filepath.Join(dir, "apis", "widgets", "v1")
	if err := os.MkdirAll(types, 0o755); err != nil {
		t.Fatal(err)
	}
	copyDir(t, "../../testdata/crds/example/v1", types)
	run("go", "mod", "init", "example.com/scratch")
	run("go", "get", "k8s.io/apimachinery@"+floorAPIMachinery)
	if err := os.WriteFile(filepath.Join(dir, "apis", "generate.go"), []byte("package apis\n\n"+generateLine+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, c := range commands {
		t.Logf("README: %s", c)
		run("sh", "-c", c)
	}

	for _, f := range []string{"pkg/client/clientset/clientset.go", "pkg/client/clientset/fake/clientset.go", "pkg/client/informers/factory.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("after the README's steps: %v", err)
		}
	}
	run("go", "vet", "./...")
	demo := filepath.Join(dir, "cmd", "demo")
	if err := os.MkdirAll(demo, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(demo, "main.go"), []byte(demoProgram), 0o644); err != nil {
		t.Fatal(err)
	}
	out := run("go", "run", "./cmd/demo")
	if !strings.Contains(out, "w1 size 3") {
		t.Errorf("the demo over the generated fake clientset printed %q, want w1 size 3", out)
	}
	if !strings.Contains(out, "clientgen/"+version+" ") {
		t.Errorf("the demo's default user agent is not of the runtime version it links (%s): %q", version, out)
	}
	// The tool directive records the generator's requirements in go.mod, as
	// for any tool, but nothing of the generator is built into the module.
	for _, pkg := range strings.Fields(run("go", "list", "-deps", "./...")) {
		if strings.HasPrefix(pkg, "golang.org/x/tools/") || strings.HasPrefix(pkg, "github.com/dave/jennifer") || strings.HasPrefix(pkg, "k8s.io/client-go/") ||
			(strings.HasPrefix(pkg, generatorModule+"/") && !strings.HasPrefix(pkg, runtimeModule+"/")) {
			t.Errorf("the module's packages depend on %s; generated code must need only the runtime module", pkg)
		}
	}
	if got := strings.TrimSpace(run("go", "list", "-m", "-f", "{{.Version}}", "k8s.io/apimachinery")); got != floorAPIMachinery {
		t.Errorf("k8s.io/apimachinery is %s after the README's steps; the module had %s and clientgen must not raise it", got, floorAPIMachinery)
	}
	// go mod tidy must find nothing to add, drop or change. It may only mark
	// requirements direct that the generated code now imports (a comment),
	// and add go.sum lines that testing every dependency's packages (go test
	// all) would need, which building the module's own packages never does.
	before := requirements(t, filepath.Join(dir, "go.mod"))
	run("go", "mod", "tidy")
	if after := requirements(t, filepath.Join(dir, "go.mod")); !maps.Equal(before, after) {
		t.Errorf("after the README's steps go mod tidy changes the module's requirements (a step the README does not have):\nbefore: %v\nafter:  %v", before, after)
	}
}

// requirements reads the module path -> version requirements of a go.mod.
func requirements(t testing.TB, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(path, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := map[string]string{}
	for _, r := range f.Require {
		reqs[r.Mod.Path] = r.Mod.Version
	}
	return reqs
}

// The program a user writes next: the generated fake clientset at work.
const demoProgram = `package main

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/runtime/rest"

	widgetsv1 "example.com/scratch/apis/widgets/v1"
	"example.com/scratch/pkg/client/clientset/fake"
)

func main() {
	ctx := context.Background()
	cs := fake.NewSimpleClientset()
	w := &widgetsv1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1", Namespace: "default"}, Spec: widgetsv1.WidgetSpec{Size: 3}}
	if _, err := cs.ExampleV1().Widgets("default").Create(ctx, w, metav1.CreateOptions{}); err != nil {
		panic(err)
	}
	got, err := cs.ExampleV1().Widgets("default").Get(ctx, "w1", metav1.GetOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s size %d\n", got.Name, got.Spec.Size)
	fmt.Println(rest.DefaultUserAgent())
}
`

// setupSteps returns the shell commands of the README's setup block and its
// //go:generate line (in the block's go fence).
func setupSteps(t testing.TB, readme string) (commands []string, generateLine string) {
	t.Helper()
	m := regexp.MustCompile("(?s)<!-- setup:begin -->(.*?)<!-- setup:end -->").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no <!-- setup:begin --> ... <!-- setup:end --> section")
	}
	for _, fence := range regexp.MustCompile("(?s)```(sh|go)\n(.*?)```").FindAllStringSubmatch(m[1], -1) {
		for _, line := range strings.Split(fence[2], "\n") {
			if fence[1] == "go" {
				if strings.HasPrefix(line, "//go:generate ") {
					generateLine = line
				}
				continue
			}
			if i := strings.Index(line, "#"); i >= 0 {
				line = line[:i]
			}
			if line = strings.TrimSpace(line); line != "" {
				commands = append(commands, line)
			}
		}
	}
	if len(commands) == 0 || generateLine == "" {
		t.Fatalf("README.md's setup section needs a sh block of commands and a go block with a //go:generate line; found %d commands and %q", len(commands), generateLine)
	}
	return commands, generateLine
}

// publish writes module path at version into a file GOPROXY, from the files
// git tracks under dir (what a tag would hold), with edit applied to its
// go.mod. Nested modules are left out as the go command leaves them out.
func publish(t testing.TB, proxy, path, version, dir string, edit func(*modfile.File) error) {
	t.Helper()
	out, err := exec.Command("git", "-C", dir, "ls-files", "-z", ".").Output()
	if err != nil {
		t.Fatalf("listing %s's files with git: %v", dir, err)
	}
	goMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		f, err := modfile.Parse("go.mod", goMod, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := edit(f); err != nil {
			t.Fatal(err)
		}
		f.Cleanup()
		if goMod, err = f.Format(); err != nil {
			t.Fatal(err)
		}
	}
	var files []modzip.File
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if name == "go.mod" {
			files = append(files, memFile{name: name, data: goMod})
		} else if _, err := os.Lstat(filepath.Join(dir, name)); err == nil { // deleted but not yet committed
			files = append(files, diskFile{name: name, path: filepath.Join(dir, name)})
		}
	}
	escaped, err := module.EscapePath(path)
	if err != nil {
		t.Fatal(err)
	}
	at := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	if err := modzip.Create(&zipped, module.Version{Path: path, Version: version}, files); err != nil {
		t.Fatalf("packing %s as a module: %v", path, err)
	}
	info, _ := json.Marshal(map[string]string{"Version": version, "Time": time.Now().UTC().Format(time.RFC3339)})
	for name, data := range map[string][]byte{
		"list": []byte(version + "\n"), version + ".info": info, version + ".mod": goMod, version + ".zip": zipped.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// forgetVersion removes this run's versions from the module cache, so that
// runs do not pile up copies of the repository there.
func forgetVersion(t testing.TB, version string) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Error(err)
		return
	}
	cache := strings.TrimSpace(string(out))
	for _, p := range []string{
		filepath.Join(cache, "github.com", "clientgen", "clientgen@"+version),
		filepath.Join(cache, "github.com", "clientgen", "clientgen", "runtime@"+version),
	} {
		_ = filepath.WalkDir(p, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(p, 0o755) // the go command makes extracted modules read-only
			}
			return nil
		})
		if err := os.RemoveAll(p); err != nil {
			t.Errorf("removing %s: %v", p, err)
		}
	}
	for _, m := range []string{"clientgen", filepath.Join("clientgen", "runtime")} {
		dl := filepath.Join(cache, "cache", "download", "github.com", "clientgen", m, "@v")
		matches, _ := filepath.Glob(filepath.Join(dl, version+".*"))
		for _, p := range matches {
			_ = os.Remove(p)
		}
	}
}

func copyDir(t testing.TB, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type diskFile struct{ name, path string }

func (f diskFile) Path() string                 { return f.name }
func (f diskFile) Lstat() (os.FileInfo, error)  { return os.Lstat(f.path) }
func (f diskFile) Open() (io.ReadCloser, error) { return os.Open(f.path) }

type memFile struct {
	name string
	data []byte
}

func (f memFile) Path() string                 { return f.name }
func (f memFile) Lstat() (os.FileInfo, error)  { return memInfo{f}, nil }
func (f memFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

type memInfo struct{ f memFile }

func (i memInfo) Name() string       { return filepath.Base(i.f.name) }
func (i memInfo) Size() int64        { return int64(len(i.f.data)) }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
