//go:build realcrds

// Package realcrds_test runs generator/crd on CRD manifests nobody here
// wrote, taken from the module zips of projects that ship them: it generates
// the Go types into a directory inside this module, builds and vets them,
// runs the round-trip property on every served kind, and feeds the types to
// clientgen's pipeline and vets the clients. It needs the module proxy (or a
// module cache holding the versions below), so it is behind the realcrds
// build tag:
//
//	go test -tags realcrds ./generator/crd/realcrds -v
package realcrds_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/generator"
	"github.com/clientgen/clientgen/generator/crd"
)

const modulePath = "github.com/clientgen/clientgen"

var sources = []struct {
	name, module, dir string
}{
	{"gatewayapi", "sigs.k8s.io/gateway-api@v1.6.3", "config/crd/standard"},
	{"gatewayapix", "sigs.k8s.io/gateway-api@v1.6.3", "config/crd/experimental"},
	{"certmanager", "github.com/cert-manager/cert-manager@v1.21.2", "deploy/crds"},
	{"kueue", "sigs.k8s.io/kueue@v0.17.0", "config/components/crd/bases"},
}

// objectsPerKind is smaller than the goldens' count: real schemas are large.
const objectsPerKind = 200

func moduleDir(t testing.TB, module string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = os.TempDir() // outside this module: nothing is added to go.sum
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v\n%s", module, err, out)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		t.Fatalf("go mod download %s: %v %s", module, err, info.Error)
	}
	return info.Dir
}

func run(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, buf.String())
	}
}

func TestRealCRDsGenerateBuildVetAndRoundTrip(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Join(root, "generator/crd/realcrds"), "out-")
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("REALCRDS_KEEP") == "" {
		t.Cleanup(func() { os.RemoveAll(tmp) })
	}
	rel, _ := filepath.Rel(root, tmp)
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			manifests := filepath.Join(moduleDir(t, src.module), src.dir)
			crds, err := crd.Load([]string{manifests})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			base := path.Join(modulePath, filepath.ToSlash(rel), src.name, "apis")
			pkgs, report, err := crd.Generate(crds, crd.Options{PkgPath: base})
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			out := filepath.Join(tmp, src.name)
			for _, f := range crd.Files(pkgs) {
				p := filepath.Join(out, "apis", filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("%s %s: %s", src.module, src.dir, strings.SplitN(report.String(), "\n", 2)[0])
			if err := os.WriteFile(filepath.Join(out, "report.txt"), []byte(report.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			writeRoundTripTest(t, out, manifests, base, crds)
			run(t, root, "vet", "./"+filepath.ToSlash(rel)+"/"+src.name+"/...")
			run(t, root, "test", "-count=1", "./"+filepath.ToSlash(rel)+"/"+src.name)

			_, err = generator.Generate(context.Background(), generator.Options{
				Dir:       root,
				Inputs:    []string{"./" + filepath.ToSlash(rel) + "/" + src.name + "/apis/..."},
				Output:    filepath.Join(out, "client"),
				OutputPkg: path.Join(modulePath, filepath.ToSlash(rel), src.name, "client"),
			})
			if err != nil {
				t.Fatalf("the pipeline rejects the generated types: %v", err)
			}
			run(t, root, "vet", "./"+filepath.ToSlash(rel)+"/"+src.name+"/client/...")
		})
	}
}

// writeRoundTripTest writes a test into out that imports every generated
// package and runs the round-trip property on each served kind.
func writeRoundTripTest(t testing.TB, out, manifests, base string, crds []crd.CRD) {
	t.Helper()
	var imports, cases []string
	aliases := map[string]string{}
	for _, c := range crds {
		for _, v := range c.Versions {
			if !v.Served {
				continue
			}
			pkgPath := ""
			for _, dir := range []string{strings.SplitN(c.Group, ".", 2)[0], c.Group} {
				if _, err := os.Stat(filepath.Join(out, "apis", dir, v.Name)); err == nil {
					pkgPath = base + "/" + dir + "/" + v.Name
					break
				}
			}
			if pkgPath == "" {
				t.Fatalf("no package for %s/%s", c.Group, v.Name)
			}
			alias, ok := aliases[pkgPath]
			if !ok {
				alias = fmt.Sprintf("p%d", len(aliases))
				aliases[pkgPath] = alias
				imports = append(imports, fmt.Sprintf("\t%s %q", alias, pkgPath))
			}
			cases = append(cases, fmt.Sprintf("\t{%q, %q, %q, func() runtime.Object { return &%s.%s{} }},", c.Group, v.Name, c.Names.Kind, alias, c.Names.Kind))
		}
	}
	slices.Sort(imports)
	src := fmt.Sprintf(`package roundtrip_test

import (
	"testing"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/generator/crd/internal/roundtrip"
%s
)

var kinds = []struct {
	group, version, kind string
	new                  func() runtime.Object
}{
%s
}

func TestRoundTrip(t *testing.T) {
	crds, err := crd.Load([]string{%q})
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range kinds {
		t.Run(k.group+"/"+k.version+" "+k.kind, func(t *testing.T) {
			for _, c := range crds {
				for _, v := range c.Versions {
					if c.Group == k.group && c.Names.Kind == k.kind && v.Name == k.version {
						if err := roundtrip.Run(v.Schema.OpenAPIV3Schema, k.group+"/"+k.version, k.kind, k.new, %d, uint64(i)); err != nil {
							t.Fatal(err)
						}
						return
					}
				}
			}
			t.Fatal("no schema")
		})
	}
}
`, strings.Join(imports, "\n"), strings.Join(cases, "\n"), manifests, objectsPerKind)
	formatted, err := format.Source([]byte(src))
	if err != nil {
		t.Fatalf("the round-trip test does not gofmt: %v\n%s", err, src)
	}
	if err := os.WriteFile(filepath.Join(out, "roundtrip_test.go"), formatted, 0o644); err != nil {
		t.Fatal(err)
	}
}
