package generator_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clientgen/clientgen/generator"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

const updateHint = "if the change is intended, run: go test ./generator/... -update"

// repoRoot is where input patterns and golden paths are relative to, so that
// positions in error goldens read as a user in the repository would see them.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// goldenCases generate a tree that must match the checked-in golden tree.
var goldenCases = []struct {
	name     string
	opts     generator.Options
	warnings string // golden file of the warnings; "" when the case must have none
}{
	{
		name: "the example CRD types generate the golden clientset",
		opts: generator.Options{Inputs: []string{"./testdata/crds/..."}, Output: "testdata/golden/crds"},
	},
	{
		name: "every tag, plural rule, clientset name (a path, as kube_codegen.sh lays it out) and boilerplate generate the features golden",
		opts: generator.Options{
			Inputs:        []string{"./testdata/cases/features/input/..."},
			Output:        "testdata/cases/features/golden",
			ClientsetName: "clientset/versioned",
			Boilerplate:   "testdata/cases/features/boilerplate.go.txt",
		},
	},
	{
		name: "every client-gen tag, kubebuilder marker, extension method, name rule and former client-gen miscompile generate the tags golden",
		opts: generator.Options{
			Inputs:           []string{"./testdata/cases/tags/input/..."},
			Output:           "testdata/cases/tags/golden",
			PluralExceptions: map[string]string{"Cactus": "cacti"},
		},
	},
	{
		name: "a kind declared as another version's struct and an alias of its spec generate as client-gen reads them",
		opts: generator.Options{Inputs: []string{"./testdata/cases/named-types/input/..."}, Output: "testdata/cases/named-types/golden"},
	},
	{
		name: "kinds with fewer verbs and extension methods generate fakes that satisfy their interfaces",
		opts: generator.Options{Inputs: []string{"./testdata/cases/fake-verbs/input/..."}, Output: "testdata/cases/fake-verbs/golden"},
	},
	{
		name: "hand-written lister expansions are kept and not declared again, and kinds get listers and informers by their verbs",
		opts: generator.Options{Inputs: []string{"./testdata/cases/lister-expansion/input/..."}, Output: "testdata/cases/lister-expansion/golden"},
	},
	{
		name:     "kubebuilder paths name the getters (People, Media, BackupRepoes), a +genclient on no type gets its group client with no kinds, and a Status without the status marker is a positioned warning",
		opts:     generator.Options{Inputs: []string{"./testdata/cases/kubebuilder-plurals/input/..."}, Output: "testdata/cases/kubebuilder-plurals/golden"},
		warnings: "testdata/cases/kubebuilder-plurals/warnings.golden",
	},
	{
		name: "informers=false leaves the listers and informers out",
		opts: generator.Options{Inputs: []string{"./testdata/cases/lister-expansion/input/..."}, Output: "testdata/cases/no-informers/golden", NoInformers: true},
	},
	{
		name: "structs of packages that are not inputs get nested apply configurations in the tree (no client), an apply method may take one, and the apply configuration directory is an option",
		opts: generator.Options{Inputs: []string{"./testdata/cases/apply-external/input/..."}, Output: "testdata/cases/apply-external/golden", ApplyConfigurationDir: "applyconfigurations"},
	},
	{
		name: "an input package without +genclient gets no client, and apply configurations for the structs kinds reach, as applyconfiguration-gen writes them for every input (cert-manager's meta/v1)",
		opts: generator.Options{Inputs: []string{"./testdata/cases/apply-external/input/...", "./testdata/cases/apply-external/thirdparty/autoscaling/..."}, Output: "testdata/cases/apply-input-noclient/golden"},
	},
}

func TestGenerateMatchesGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.Dir = repoRoot(t)
			if opts.Boilerplate != "" {
				opts.Boilerplate = filepath.Join(opts.Dir, opts.Boilerplate)
			}
			opts.Verify = !*update
			res, err := generator.Generate(context.Background(), opts)
			if errors.Is(err, generator.ErrStale) {
				t.Fatalf("%s differs from what clientgen generates:\n%v\n%s", opts.Output, err, updateHint)
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) == 0 {
				t.Fatal("generated no files")
			}
			if tc.warnings == "" {
				if len(res.Warnings) > 0 {
					t.Fatalf("unexpected warnings:\n%v", res.Warnings)
				}
				return
			}
			compareGolden(t, filepath.Join(opts.Dir, tc.warnings), strings.ReplaceAll(res.Warnings.Error(), opts.Dir+string(filepath.Separator), "")+"\n")
		})
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			gen := func() map[string][]byte {
				opts := tc.opts
				opts.Dir = repoRoot(t)
				opts.Output = t.TempDir()
				opts.OutputPkg = "example.com/out"
				if opts.Boilerplate != "" {
					opts.Boilerplate = filepath.Join(opts.Dir, opts.Boilerplate)
				}
				res, err := generator.Generate(context.Background(), opts)
				if err != nil {
					t.Fatal(err)
				}
				files := map[string][]byte{}
				for _, f := range res.Files {
					files[f.Path] = f.Content
				}
				return files
			}
			first, second := gen(), gen()
			if diff := cmp.Diff(first, second); diff != "" {
				t.Fatalf("two runs on the same input differ (-first +second):\n%s", diff)
			}
		})
	}
}

func TestGoldenTreesCompileAndVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on the golden trees; not in -short")
	}
	cmd := exec.Command("go", "vet", "./testdata/golden/...", "./testdata/cases/features/golden/...", "./testdata/cases/tags/golden/...", "./testdata/cases/fake-verbs/golden/...", "./testdata/cases/named-types/golden/...",
		"./testdata/cases/lister-expansion/golden/...", "./testdata/cases/no-informers/golden/...", "./testdata/cases/kubebuilder-plurals/golden/...", "./testdata/cases/apply-external/golden/...", "./testdata/cases/apply-input-noclient/golden/...")
	cmd.Dir = repoRoot(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet of the golden trees failed: %v\n%s", err, out)
	}
}

// errorCases are bad inputs: each must fail with the error in its golden
// file and write nothing.
var errorCases = []struct {
	name   string
	opts   generator.Options
	golden string
}{
	{
		name:   "a +genclient type without its List type is a positioned error",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/missing-list/input/..."}},
		golden: "testdata/cases/missing-list/error.golden",
	},
	{
		name:   "an unknown +genclient: tag and a value on a flag tag are positioned errors listing what is allowed",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/unknown-tag/input/..."}},
		golden: "testdata/cases/unknown-tag/error.golden",
	},
	{
		name:   "a package without +groupName is an error naming the file and the fix",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/no-group-name/input/..."}},
		golden: "testdata/cases/no-group-name/error.golden",
	},
	{
		name:   "every kind of tag mistake is reported in one run, sorted, with position, type, tag and what is allowed",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/bad-tags/input/..."}},
		golden: "testdata/cases/bad-tags/error.golden",
	},
	{
		name:   "two groups sharing their first DNS label without +groupGoName are a positioned error naming the fix",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/shared-dns-label/input/..."}},
		golden: "testdata/cases/shared-dns-label/error.golden",
	},
	{
		name:   "an input whose only package has +k8s:client-gen=false is an error naming the tag",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/opted-out/input/..."}},
		golden: "testdata/cases/opted-out/error.golden",
	},
	{
		name:   "a kind declared as the struct of a package that is not an input is an error naming the package to add",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/named-types/input/shapes/v1beta1"}},
		golden: "testdata/cases/named-types/unloaded.error.golden",
	},
	{
		name:   "kinds whose lister or informer names collide (Thing and ThingIndex, Thing and TypedThing) are positioned errors naming both",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/informer-names/input/..."}},
		golden: "testdata/cases/informer-names/error.golden",
	},
	{
		name:   "a +genclient on an unexported type is a positioned error, not a client that does not compile",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/unexported/input/..."}},
		golden: "testdata/cases/unexported/error.golden",
	},
	{
		name:   "an input directory that does not exist is an error naming it",
		opts:   generator.Options{Inputs: []string{"./testdata/cases/does-not-exist/..."}},
		golden: "testdata/cases/does-not-exist.error.golden",
	},
	{
		name:   "an input without any +genclient type says how to tag one",
		opts:   generator.Options{Inputs: []string{"./generator/diag"}},
		golden: "testdata/cases/no-genclient.error.golden",
	},
}

func TestGenerateRejectsBadInput(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			root := repoRoot(t)
			out := t.TempDir()
			opts := tc.opts
			opts.Dir = root
			opts.Output = out
			opts.OutputPkg = "example.com/out"
			_, err := generator.Generate(context.Background(), opts)
			if err == nil {
				t.Fatal("Generate succeeded; want an error")
			}
			got := strings.ReplaceAll(err.Error(), root+string(filepath.Separator), "")
			compareGolden(t, filepath.Join(root, tc.golden), got+"\n")
			assertEmptyDir(t, out)
		})
	}
}

func TestGenerateLeavesNothingWhenOutputIsUnwritable(t *testing.T) {
	root := repoRoot(t)
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := generator.Generate(context.Background(), generator.Options{
		Dir: root, Inputs: []string{"./testdata/crds/..."},
		Output: filepath.Join(blocker, "client"), OutputPkg: "example.com/out",
	})
	if err == nil {
		t.Fatal("Generate succeeded writing under a regular file; want an error")
	}
	if !strings.Contains(err.Error(), "--output "+filepath.Join(blocker, "client")) || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("error does not name the output and the cause: %v", err)
	}
	if data, _ := os.ReadFile(blocker); string(data) != "not a directory" {
		t.Fatalf("the file in the way was changed: %q", data)
	}
}

func TestVerifyReportsStaleAndRemovedFiles(t *testing.T) {
	root := repoRoot(t)
	out := t.TempDir()
	opts := generator.Options{Dir: root, Inputs: []string{"./testdata/crds/..."}, Output: out, OutputPkg: "example.com/out"}
	if _, err := generator.Generate(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	widget := filepath.Join(out, "clientset/typed/example/v1/client.go")
	if err := os.WriteFile(widget, []byte("// Code generated by clientgen. DO NOT EDIT.\n\npackage v1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "clientset/typed/example/v1/gone.go")
	if err := os.WriteFile(stale, []byte("// Code generated by clientgen. DO NOT EDIT.\n\npackage v1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	handWritten := filepath.Join(out, "clientset/typed/example/v1/widget_expansion.go")
	if err := os.WriteFile(handWritten, []byte("package v1\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	opts.Verify = true
	_, err := generator.Generate(context.Background(), opts)
	if !errors.Is(err, generator.ErrStale) {
		t.Fatalf("Verify on a stale tree: got %v, want ErrStale", err)
	}
	for _, want := range []string{"update clientset/typed/example/v1/client.go", "remove clientset/typed/example/v1/gone.go", "WidgetInterface"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("verify report lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "widget_expansion.go") {
		t.Errorf("verify report mentions a hand-written file:\n%v", err)
	}

	opts.Verify = false
	if _, err := generator.Generate(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale generated file survived a regeneration: %v", err)
	}
	if _, err := os.Stat(handWritten); err != nil {
		t.Errorf("hand-written file was removed: %v", err)
	}
	opts.Verify = true
	if _, err := generator.Generate(context.Background(), opts); err != nil {
		t.Fatalf("Verify right after generating: %v", err)
	}
}

func TestOptionsValidateReportsEveryProblem(t *testing.T) {
	err := generator.Options{ClientsetName: "My-Clientset", OutputPkg: "./rel"}.Validate()
	if err == nil {
		t.Fatal("Validate accepted empty inputs and output")
	}
	for _, want := range []string{"--input is required", "--output is required", `--clientset-name "My-Clientset"`, `--output-pkg "./rel"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
}

func TestClientsetNameMayBeAPathUnderTheOutput(t *testing.T) {
	base := generator.Options{Inputs: []string{"./apis/..."}, Output: "out"}
	for _, name := range []string{"clientset", "versioned", "clientset/versioned", "generated/clientset/versioned"} {
		opts := base
		opts.ClientsetName = name
		if err := opts.Validate(); err != nil {
			t.Errorf("--clientset-name %q: %v", name, err)
		}
	}
	for name, want := range map[string]string{
		"../versioned":                 "optionally under directories of --output",
		"/abs/versioned":               "optionally under directories of --output",
		"clientset//versioned":         "optionally under directories of --output",
		"clientset/Versioned":          "lower-case Go package name",
		"clientset/my-set":             "lower-case Go package name",
		"applyconfiguration/versioned": "holds the apply configurations",
	} {
		opts := base
		opts.ClientsetName = name
		err := opts.Validate()
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `--clientset-name "`+name+`"`) {
			t.Errorf("--clientset-name %q: error %v, want one naming the flag and saying %q", name, err, want)
		}
	}
}

func TestApplyConfigurationDirIsARelativePackagePathApartFromTheOtherTrees(t *testing.T) {
	base := generator.Options{Inputs: []string{"./apis/..."}, Output: "out", ClientsetName: "clientset/versioned"}
	for _, dir := range []string{"applyconfiguration", "applyconfigurations", "generated/applyconfigurations"} {
		opts := base
		opts.ApplyConfigurationDir = dir
		if err := opts.Validate(); err != nil {
			t.Errorf("--apply-configuration-dir %q: %v", dir, err)
		}
	}
	for dir, want := range map[string]string{
		"../applyconfigurations":         "relative directory of lower-case Go package names",
		"/abs":                           "relative directory of lower-case Go package names",
		"Apply":                          "relative directory of lower-case Go package names",
		"applyconfigurations/internal":   "relative directory of lower-case Go package names",
		"listers/apply":                  "holds the listers",
		"clientset":                      "overlaps the clientset's directory",
		"clientset/versioned/applyconfs": "overlaps the clientset's directory",
	} {
		opts := base
		opts.ApplyConfigurationDir = dir
		err := opts.Validate()
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `--apply-configuration-dir "`+dir+`"`) {
			t.Errorf("--apply-configuration-dir %q: error %v, want one naming the flag and saying %q", dir, err, want)
		}
	}
}

func compareGolden(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, updateHint)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Fatalf("%s differs (-golden +got):\n%s\n%s", path, diff, updateHint)
	}
}

func assertEmptyDir(t testing.TB, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		var names bytes.Buffer
		for _, e := range entries {
			names.WriteString(e.Name() + " ")
		}
		t.Fatalf("a failed run wrote into --output: %s", names.String())
	}
}

func TestHandWrittenExpansionFileReplacesTheGeneratedInterface(t *testing.T) {
	root := repoRoot(t)
	out := t.TempDir()
	opts := generator.Options{Dir: root, Inputs: []string{"./testdata/crds/..."}, Output: out, OutputPkg: "example.com/out"}
	client := func() string {
		t.Helper()
		if _, err := generator.Generate(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(out, "clientset/typed/example/v1/client.go"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if src := client(); !strings.Contains(src, "type WidgetExpansion interface{}") {
		t.Fatalf("without widget_expansion.go the empty WidgetExpansion is not generated:\n%s", src)
	}
	expansion := filepath.Join(out, "clientset/typed/example/v1/widget_expansion.go")
	if err := os.WriteFile(expansion, []byte("package v1\n\ntype WidgetExpansion interface{ Hello() string }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := client()
	if strings.Contains(src, "type WidgetExpansion ") {
		t.Errorf("client.go still declares WidgetExpansion next to widget_expansion.go:\n%s", src)
	}
	if !strings.Contains(src, "\tWidgetExpansion\n") {
		t.Errorf("WidgetInterface no longer embeds WidgetExpansion:\n%s", src)
	}
	if data, err := os.ReadFile(expansion); err != nil || !strings.Contains(string(data), "Hello()") {
		t.Errorf("the hand-written widget_expansion.go was changed: %q, %v", data, err)
	}
}

func TestInformersFalseRemovesTheListersAndInformersClientgenWrote(t *testing.T) {
	root := repoRoot(t)
	out := t.TempDir()
	opts := generator.Options{Dir: root, Inputs: []string{"./testdata/crds/..."}, Output: out, OutputPkg: "example.com/out"}
	if _, err := generator.Generate(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"listers/example/v1/lister.go", "informers/factory.go", "informers/internalinterfaces/factory_interfaces.go", "informers/ops/v1alpha1/informer.go"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Fatalf("a default run did not write %s: %v", p, err)
		}
	}
	handWritten := filepath.Join(out, "listers/example/v1/widget_expansion.go")
	if err := os.WriteFile(handWritten, []byte("package v1\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	opts.NoInformers = true
	res, err := generator.Generate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "listers/") || strings.HasPrefix(f.Path, "informers/") {
			t.Errorf("NoInformers generated %s", f.Path)
		}
	}
	for _, p := range []string{"listers/example/v1/lister.go", "informers/factory.go", "informers/ops/v1alpha1/informer.go"} {
		if _, err := os.Stat(filepath.Join(out, p)); !os.IsNotExist(err) {
			t.Errorf("%s survived a run with NoInformers: %v", p, err)
		}
	}
	if _, err := os.Stat(handWritten); err != nil {
		t.Errorf("the hand-written lister expansion was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "clientset/clientset.go")); err != nil {
		t.Errorf("the clientset is gone: %v", err)
	}
}
