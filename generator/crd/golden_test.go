package crd_test

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/generator/output"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/crd")

const (
	updateHint = "if the change is intended, run: go test ./generator/crd -update"
	modulePath = "github.com/clientgen/clientgen"
)

func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", dir, err)
	}
	return dir
}

// goldenCases are the cases whose CRDs generate packages; each has
// testdata/crd/<dir>/input (manifests), golden/ (the packages) and
// report.golden.
var goldenCases = []struct {
	name, dir string
}{
	{"scalars become Go-cased fields, pointers when optional, typed string constants when enumerated", "scalars"},
	{"nested objects, arrays and maps become named structs, slices and maps with collision-free names", "nesting"},
	{"Kubernetes schema extensions become IntOrString, RawExtension, metav1.Time and list and map markers", "extensions"},
	{"oneOf, anyOf, allOf and not keep a typed value typed and make an untyped one raw JSON, all reported", "junctors"},
	{"scope, subresources, short names, served versions and several CRDs and files become tags and packages", "resources"},
}

// errorCases are bad manifests; the error of each is its error.golden.
var errorCases = []struct {
	name, dir string
}{
	{"a CRD that is not apiextensions.k8s.io/v1 and one missing what Go types need are errors with file and line", "error-not-v1"},
	{"malformed YAML and JSON are errors with file and line, and the other files are still read", "error-malformed"},
	{"two CRDs with one group and kind, or one group and plural, are errors naming both positions", "error-duplicate-kind"},
}

func generate(t testing.TB, root, dir string) (map[string][]output.File, *crd.Report) {
	t.Helper()
	crds, err := crd.Load([]string{filepath.Join(root, "testdata/crd", dir, "input")})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	pkgs, report, err := crd.Generate(crds, crd.Options{PkgPath: modulePath + "/testdata/crd/" + dir + "/golden"})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return pkgs, report
}

func compareGolden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, updateHint)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Fatalf("%s differs (-golden +got):\n%s\n%s", path, diff, updateHint)
	}
}

func TestGenerateMatchesGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			root := repoRoot(t)
			pkgs, report := generate(t, root, tc.dir)
			goldenDir := filepath.Join(root, "testdata/crd", tc.dir, "golden")
			files := crd.Files(pkgs)
			if *update {
				if err := os.RemoveAll(goldenDir); err != nil {
					t.Fatal(err)
				}
			}
			var want []string
			for _, f := range files {
				want = append(want, f.Path)
				compareGolden(t, filepath.Join(goldenDir, filepath.FromSlash(f.Path)), f.Content)
			}
			var have []string
			err := filepath.WalkDir(goldenDir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(goldenDir, p)
					have = append(have, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(have)
			if diff := cmp.Diff(have, want); diff != "" {
				t.Fatalf("golden files differ from the generated list (-golden +generated):\n%s\n%s", diff, updateHint)
			}
			text := strings.ReplaceAll(report.String(), root+string(filepath.Separator), "")
			compareGolden(t, filepath.Join(root, "testdata/crd", tc.dir, "report.golden"), []byte(text))
		})
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	root := repoRoot(t)
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			first, firstReport := generate(t, root, tc.dir)
			second, secondReport := generate(t, root, tc.dir)
			if diff := cmp.Diff(crd.Files(first), crd.Files(second)); diff != "" {
				t.Fatalf("two runs differ (-first +second):\n%s", diff)
			}
			if diff := cmp.Diff(firstReport.String(), secondReport.String()); diff != "" {
				t.Fatalf("two reports differ (-first +second):\n%s", diff)
			}
		})
	}
}

func TestBadManifestsAreErrorsWithFileAndLine(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			root := repoRoot(t)
			crds, err := crd.Load([]string{filepath.Join(root, "testdata/crd", tc.dir, "input")})
			if err == nil {
				_, _, err = crd.Generate(crds, crd.Options{PkgPath: "example.com/apis"})
			}
			if err == nil {
				t.Fatal("Load and Generate succeeded; want an error")
			}
			got := strings.ReplaceAll(err.Error(), root+string(filepath.Separator), "")
			compareGolden(t, filepath.Join(root, "testdata/crd", tc.dir, "error.golden"), []byte(got+"\n"))
		})
	}
}

func TestLoadOfAMissingPathIsAnError(t *testing.T) {
	_, err := crd.Load([]string{"does-not-exist"})
	if err == nil || !strings.Contains(err.Error(), "does-not-exist") {
		t.Fatalf("Load of a missing path: err = %v, want an error naming it", err)
	}
}

// TestGoldenPackagesCompileAndVet builds the golden packages (the round-trip
// test imports them too, but vet checks more).
func TestGoldenPackagesCompileAndVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet; not in -short")
	}
	root := repoRoot(t)
	cmd := exec.Command("go", "vet", "./testdata/crd/...")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet ./testdata/crd/... failed: %v\n%s", err, out)
	}
}

func TestBoilerplateIsWrittenAboveTheBannerOfEveryFile(t *testing.T) {
	root := repoRoot(t)
	crds, err := crd.Load([]string{filepath.Join(root, "testdata/crd/resources/input")})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, _, err := crd.Generate(crds, crd.Options{PkgPath: "example.com/apis", Boilerplate: []byte("Copyright The Authors.\nLicensed under Apache-2.0.")})
	if err != nil {
		t.Fatal(err)
	}
	const want = "// Copyright The Authors.\n// Licensed under Apache-2.0.\n\n// Code generated by clientgen. DO NOT EDIT.\n"
	files := crd.Files(pkgs)
	if len(files) != 12 {
		t.Fatalf("got %d files, want 12 (4 in each of 3 packages)", len(files))
	}
	for _, f := range files {
		if !strings.HasPrefix(string(f.Content), want) {
			t.Errorf("%s starts with %q, want %q", f.Path, string(f.Content)[:min(len(f.Content), len(want))], want)
		}
	}
}

func TestGenerateWithoutAPackagePathIsAnError(t *testing.T) {
	if _, _, err := crd.Generate(nil, crd.Options{}); err == nil || !strings.Contains(err.Error(), "PkgPath") {
		t.Fatalf("err = %v, want one naming Options.PkgPath", err)
	}
}
