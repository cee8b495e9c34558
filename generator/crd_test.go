package generator_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clientgen/clientgen/generator"
	"github.com/clientgen/clientgen/generator/output"
)

// crdGolden is `clientgen --crd` without --input: CRD manifests (a directory
// with several files and a file, two --crd flags) generate the Go API types
// and the clients in one run. Its report of schemas kept as raw JSON is
// crdReport.
var crdGolden = generator.Options{
	CRDs:   []string{"testdata/crd/resources/input", "testdata/crd/extensions/input/bundles.yaml"},
	Output: "testdata/cases/crd-generate/golden",
}

const crdReport = "testdata/cases/crd-generate/report.golden"

func TestCRDManifestsGenerateTheGoldenTypesAndClients(t *testing.T) {
	opts := crdGolden
	opts.Dir = repoRoot(t)
	opts.Verify = !*update
	res, err := generator.Generate(context.Background(), opts)
	if errors.Is(err, generator.ErrStale) {
		t.Fatalf("%s differs from what clientgen generates:\n%v\n%s", opts.Output, err, updateHint)
	}
	if err != nil {
		t.Fatal(err)
	}
	var apis, clients int
	for _, f := range res.Files {
		switch {
		case strings.HasPrefix(f.Path, generator.APIsDir+"/"):
			apis++
		case strings.HasPrefix(f.Path, "clientset/"):
			clients++
		}
	}
	if apis == 0 || clients == 0 {
		t.Fatalf("generated %d files under apis/ and %d under clientset/; want both", apis, clients)
	}
	if !slices.IsSortedFunc(res.Files, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("Result.Files are not sorted by path")
	}
	if res.CRDReport == nil {
		t.Fatal("Result.CRDReport is nil for a --crd run")
	}
	compareGolden(t, filepath.Join(opts.Dir, crdReport), res.CRDReport.String())
}

func TestCRDRunIsDeterministic(t *testing.T) {
	gen := func() map[string]string {
		opts := crdGolden
		opts.Dir = repoRoot(t)
		opts.Output = t.TempDir()
		opts.OutputPkg = "example.com/out"
		res, err := generator.Generate(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]string{}
		for _, f := range res.Files {
			files[f.Path] = string(f.Content)
		}
		return files
	}
	if diff := cmp.Diff(gen(), gen()); diff != "" {
		t.Fatalf("two runs on the same manifests differ (-first +second):\n%s", diff)
	}
}

// TestCRDGoldenBuildsAndRuns vets the golden tree and runs the hand-written
// tests of testdata/cases/crd-generate/exercise, which create, get, list and
// update status through its fake clientset and read through its lister.
func TestCRDGoldenBuildsAndRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet and go test on the golden tree; not in -short")
	}
	for _, args := range [][]string{
		{"vet", "./testdata/cases/crd-generate/golden/..."},
		{"test", "-count=1", "./testdata/cases/crd-generate/exercise"},
	} {
		cmd := exec.Command("go", args...)
		cmd.Dir = repoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func TestVerifyOfACRDRunReportsAStaleAPIType(t *testing.T) {
	opts := crdGolden
	opts.Dir = repoRoot(t)
	opts.Output = t.TempDir()
	opts.OutputPkg = "example.com/out"
	if _, err := generator.Generate(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	types := filepath.Join(opts.Output, "apis", "apps.example.com", "v1", "types.go")
	src, err := os.ReadFile(types)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(types, append(src, "\n// edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	opts.Verify = true
	_, err = generator.Generate(context.Background(), opts)
	if !errors.Is(err, generator.ErrStale) {
		t.Fatalf("Verify after editing a generated API type: err = %v, want ErrStale", err)
	}
	if !strings.Contains(err.Error(), "apis/apps.example.com/v1/types.go") {
		t.Fatalf("the stale report does not name the edited file:\n%v", err)
	}
	after, err := os.ReadFile(types)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(after), "// edited\n") {
		t.Fatal("Verify rewrote the edited file")
	}
}

func TestBadCRDManifestsFailWithFileAndLineAndWriteNothing(t *testing.T) {
	root := repoRoot(t)
	out := t.TempDir()
	_, err := generator.Generate(context.Background(), generator.Options{
		Dir:       root,
		CRDs:      []string{"testdata/crd/error-not-v1/input", "testdata/crd/error-malformed/input"},
		Output:    out,
		OutputPkg: "example.com/out",
	})
	if err == nil {
		t.Fatal("Generate succeeded; want the errors of both directories")
	}
	for _, want := range []string{
		"testdata/crd/error-not-v1/input/old.yaml:16:13: CustomResourceDefinition olds.errors.example.com: apiVersion apiextensions.k8s.io/v1beta1 is not supported",
		"testdata/crd/error-malformed/input/b-bad.yaml:9: malformed YAML: mapping values are not allowed in this context",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not contain %q:\n%v", want, err)
		}
	}
	assertEmptyDir(t, out)
}

func TestCRDOptionsAreValidated(t *testing.T) {
	tests := []struct {
		name string
		opts generator.Options
		want []string
	}{
		{"--crd alone is enough input", generator.Options{CRDs: []string{"x"}, Output: "out"}, nil},
		{"neither --input nor --crd names both", generator.Options{Output: "out"}, []string{"--input is required", "--crd ./config/crd"}},
		{"an empty --crd path is an error", generator.Options{CRDs: []string{" "}, Output: "out"}, []string{"--crd: empty path"}},
		{"the clientset may not take the apis directory of the generated types", generator.Options{CRDs: []string{"x"}, Output: "out", ClientsetName: "apis/clientset"}, []string{`--clientset-name "apis/clientset": with --crd and no --input, apis/ under --output holds the Go types`}},
		{"with --input the apis directory is the user's to use", generator.Options{Inputs: []string{"./x"}, CRDs: []string{"x"}, Output: "out", ClientsetName: "apis/clientset"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.opts.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v; want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate succeeded; want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestACRDDirectoryWithoutCRDsIsAnError(t *testing.T) {
	_, err := generator.Generate(context.Background(), generator.Options{
		Dir:       repoRoot(t),
		CRDs:      []string{"testdata/cases/missing-list"},
		Output:    t.TempDir(),
		OutputPkg: "example.com/out",
	})
	if err == nil || !strings.Contains(err.Error(), "--crd testdata/cases/missing-list: no CustomResourceDefinition in the manifests") {
		t.Fatalf("err = %v; want no CustomResourceDefinition in the manifests", err)
	}
}

// crdCheckErrorCases are check runs (--input and --crd) whose Go types
// disagree with their manifests: every disagreement is in error.golden,
// and nothing is written.
var crdCheckErrorCases = []struct {
	name   string
	opts   generator.Options
	golden string
}{
	{
		name: "a wrong plural, scope, status subresource, group, kind and version, a served version with no Go type and a Go kind with no CRD are all reported with both positions",
		opts: generator.Options{
			Inputs: []string{"./testdata/cases/crd-check-mismatch/input/..."},
			CRDs:   []string{"testdata/cases/crd-check-mismatch/crd"},
		},
		golden: "testdata/cases/crd-check-mismatch/error.golden",
	},
}

func TestCRDCheckReportsEveryDisagreement(t *testing.T) {
	for _, tc := range crdCheckErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			root := repoRoot(t)
			out := t.TempDir()
			opts := tc.opts
			opts.Dir = root
			opts.Output = out
			opts.OutputPkg = "example.com/out"
			_, err := generator.Generate(context.Background(), opts)
			if err == nil {
				t.Fatal("Generate succeeded; want the disagreements")
			}
			got := strings.ReplaceAll(err.Error(), root+string(filepath.Separator), "")
			compareGolden(t, filepath.Join(root, tc.golden), got+"\n")
			assertEmptyDir(t, out)
		})
	}
}

func TestCRDCheckThatAgreesGeneratesTheClients(t *testing.T) {
	root := repoRoot(t)
	out := t.TempDir()
	res, err := generator.Generate(context.Background(), generator.Options{
		Dir:       root,
		Inputs:    []string{"./testdata/cases/crd-check-agrees/input/..."},
		CRDs:      []string{"testdata/cases/crd-check-agrees/crd"},
		Output:    out,
		OutputPkg: "example.com/out",
	})
	if err != nil {
		t.Fatalf("Go types that agree with their CRDs: %v", err)
	}
	if res.CRDsChecked != 3 || res.KindsChecked != 3 {
		t.Errorf("checked %d kinds against %d CRDs; want 3 and 3", res.KindsChecked, res.CRDsChecked)
	}
	if res.CRDReport != nil {
		t.Error("a check run reports generated API types; it generates none")
	}
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, generator.APIsDir+"/") {
			t.Errorf("a check run generated API types: %s", f.Path)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "clientset", "typed", "widgets", "v1", "client.go")); err != nil {
		t.Fatalf("a check run without disagreements wrote no clientset: %v", err)
	}
}

func TestARunWithoutACRDRemovesTheTypesAndClientsGeneratedFromIt(t *testing.T) {
	opts := crdGolden
	opts.Dir = repoRoot(t)
	opts.Output = t.TempDir()
	opts.OutputPkg = "example.com/out"
	if _, err := generator.Generate(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	opts.CRDs = opts.CRDs[:1] // without testdata/crd/extensions
	res, err := generator.Generate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var removed []string
	for _, c := range res.Changes {
		if c.Kind == "remove" {
			removed = append(removed, c.Path)
		}
	}
	for _, want := range []string{"apis/extensions/v1/types.go", "clientset/typed/extensions/v1/client.go"} {
		if !slices.Contains(removed, want) {
			t.Errorf("%s was not removed; removed: %q", want, removed)
		}
	}
	if _, err := os.Stat(filepath.Join(opts.Output, "apis", "extensions", "v1", "types.go")); err == nil {
		t.Error("the API types of the CRD left out are still on disk")
	}
}

func TestACRDRunThatCannotWriteItsTypesWritesNoClientEither(t *testing.T) {
	opts := crdGolden
	opts.Dir = repoRoot(t)
	opts.Output = t.TempDir()
	opts.OutputPkg = "example.com/out"
	// A file where the API types' directory must go: the types cannot be
	// written, so nothing may be.
	if err := os.WriteFile(filepath.Join(opts.Output, "apis"), []byte("not a directory\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Generate(context.Background(), opts); err == nil {
		t.Fatal("Generate succeeded with a file in place of apis/")
	}
	entries, err := os.ReadDir(opts.Output)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"apis"}) {
		t.Fatalf("the output holds %q after a failed write; want only the file that was there", names)
	}
}
