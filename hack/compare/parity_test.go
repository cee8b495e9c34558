package compare

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The parity tests run clientgen on real API packages and require the
// exported method sets of the generated typed interfaces (per group-version
// the <Group><Version>Interface, each <Kind>Interface and <Kind>sGetter, and
// the Clientset Interface) to equal those of the reference clientset, with
// client-go's rest, discovery and applyconfigurations packages mapped to
// clientgen's runtime and generated apply configurations.

// k8sAPIInputs are the k8s.io/api group-versions client-go's clientset is
// generated from, read from its clientset.go so the list cannot drift.
func k8sAPIInputs(t testing.TB) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "k8s.io/client-go").Output()
	if err != nil {
		t.Fatalf("go list -m k8s.io/client-go: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "kubernetes", "clientset.go"))
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, m := range regexp.MustCompile(`"k8s.io/client-go/kubernetes/typed/([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		in := "k8s.io/api/" + m[1]
		if !slices.Contains(inputs, in) {
			inputs = append(inputs, in)
		}
	}
	slices.Sort(inputs)
	return inputs
}

func TestK8sAPIClientsetHasClientGosMethodSets(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks 55 group-versions; not in -short")
	}
	inputs := k8sAPIInputs(t)
	if len(inputs) != 55 {
		t.Fatalf("client-go's clientset.go lists %d group-versions, want 55: %v", len(inputs), inputs)
	}
	bin := buildClientgen(t)
	out, outPkg := outputDir(t, "parity-k8sapi-")
	runClientgen(t, bin, out, outPkg, nil, inputs...)
	vetGenerated(t, out)

	const cg = "k8s.io/client-go"
	pkgs := loadTypes(t, cg+"/kubernetes", outPkg+"/clientset")
	want := newSide(t, "client-go", pkgs[cg+"/kubernetes"].Types, cg+"/kubernetes/typed", cg+"/applyconfigurations", cg+"/applyconfigurations/meta/v1", cg+"/rest", cg+"/discovery")
	got := newSide(t, "clientgen", pkgs[outPkg+"/clientset"].Types, outPkg+"/clientset/typed", outPkg+"/applyconfiguration",
		"github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1", "github.com/clientgen/clientgen/runtime/rest", "github.com/clientgen/clientgen/runtime/discovery")
	if len(want.accessor) != 55 || len(got.accessor) != 55 {
		t.Fatalf("group-versions: client-go %d, clientgen %d; want 55 each", len(want.accessor), len(got.accessor))
	}
	// The comparison must see the extension and apply methods, not only the
	// common verbs: check a few that only exist through tags.
	for acc, checks := range map[string][]string{
		"AppsV1": {"DeploymentInterface.GetScale(", "DeploymentInterface.ApplyScale(context.Context, string, *APPLY/AutoscalingV1.ScaleApplyConfiguration", "DeploymentInterface.ApplyStatus(", "StatefulSetInterface.UpdateScale("},
		"CoreV1": {"ServiceAccountInterface.CreateToken(", "PodInterface.UpdateEphemeralContainers(", "PodInterface.UpdateResize("},
	} {
		for _, c := range checks {
			typ, method, _ := strings.Cut(c, ".")
			var p string
			for path, a := range got.accessor {
				if a == acc {
					p = path
				}
			}
			ms := got.methods(lookupInterface(t, pkgs[p].Types, typ), true)
			if !slices.ContainsFunc(ms, func(m string) bool { return strings.HasPrefix(m, method) }) {
				t.Errorf("clientgen's %s.%s lacks %s...: %v", acc, typ, method, ms)
			}
		}
	}
	compared, diffs := parityReport(t, want, got, pkgs, pkgs)
	if len(diffs) > 0 {
		t.Fatalf("%d of the compared method sets differ from client-go's (%d differences):\n%s", compared, len(diffs), strings.Join(diffs, "\n"))
	}
	t.Logf("%d interfaces of 55 group-versions match client-go's method sets", compared)

	// client-go's own listers and informers of k8s.io/api (informer-gen's
	// --single-directory layout: the factory in informers/, as clientgen's
	// default clientset name lays it out).
	ipkgs := loadTypes(t, cg+"/listers/...", cg+"/informers/...", outPkg+"/listers/...", outPkg+"/informers/...")
	checkInformerParity(t,
		&informerTree{name: "client-go", listers: cg + "/listers", informers: cg + "/informers", clientset: cg + "/kubernetes", cache: cg + "/tools/cache", listersRT: cg + "/listers",
			// client-go's lister-gen input has one group-version more than its
			// client-gen input (the 55 above): ImageReview's, noVerbs.
			notInputs: map[string]string{"L:imagepolicy/v1alpha1": "not in client-go's clientset"}},
		&informerTree{name: "clientgen", listers: outPkg + "/listers", informers: outPkg + "/informers", clientset: outPkg + "/clientset", cache: clientgenCache, listersRT: clientgenListers},
		ipkgs)
}

// codegenExamples are clientgen's copies of k8s.io/code-generator's example
// API packages (testdata/cases/codegen-examples), each generated as one
// clientset as the examples are.
var codegenExamples = []struct {
	name   string
	inputs []string // below testdata/cases/codegen-examples/
}{
	{"crd", []string{"crd/apis/example/v1", "crd/apis/example2/v1", "crd/apis/extensions/v1"}},
	{"apiserver", []string{"apiserver/apis/core/v1", "apiserver/apis/example/v1", "apiserver/apis/example2/v1", "apiserver/apis/example3.io/v1"}},
	{"single", []string{"single/api/v1"}},
	{"MixedCase", []string{"MixedCase/apis/example/v1"}},
	{"HyphenGroup", []string{"HyphenGroup/apis/example/v1"}},
}

// codeGenerator is the code-generator v0.37.2 tools kube_codegen.sh runs.
type codeGenerator struct {
	clientGen, applyGen, listerGen, informerGen string
}

// installCodeGenerator builds client-gen, applyconfiguration-gen, lister-gen
// and informer-gen v0.37.2 from the module cache into a temporary directory.
func installCodeGenerator(t testing.TB) codeGenerator {
	t.Helper()
	bins := installCodeGeneratorTools(t, "client-gen", "applyconfiguration-gen", "lister-gen", "informer-gen")
	return codeGenerator{clientGen: bins[0], applyGen: bins[1], listerGen: bins[2], informerGen: bins[3]}
}

// installCodeGeneratorTools builds the named commands of k8s.io/code-generator
// v0.37.2 into a temporary directory and returns their paths.
func installCodeGeneratorTools(t testing.TB, tools ...string) []string {
	t.Helper()
	bin := t.TempDir()
	args := []string{"install"}
	var paths []string
	for _, tool := range tools {
		args = append(args, "k8s.io/code-generator/cmd/"+tool+"@v0.37.2")
		paths = append(paths, filepath.Join(bin, tool))
	}
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOBIN="+bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install k8s.io/code-generator v0.37.2: %v\n%s", err, out)
	}
	return paths
}

// runTool runs a code generator and fails the test with its output if it fails.
func runTool(t testing.TB, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

// emptyHeader is a --go-header-file with no licence.
func emptyHeader(t testing.TB) string {
	t.Helper()
	header := filepath.Join(t.TempDir(), "header.txt")
	if err := os.WriteFile(header, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return header
}

// runCodeGenerator generates inputs as kube_codegen.sh lays them out
// (gen_client --with-watch --with-applyconfig): applyconfiguration-gen into
// dir/applyconfiguration, client-gen into dir/clientset/versioned with Apply
// methods over those, lister-gen into dir/listers and informer-gen into
// dir/informers/externalversions over that clientset and those listers.
func runCodeGenerator(t testing.TB, cg codeGenerator, dir, pkg string, inputs ...string) {
	t.Helper()
	header := emptyHeader(t)
	runTool(t, cg.applyGen, append([]string{"--go-header-file", header, "--output-dir", filepath.Join(dir, "applyconfiguration"), "--output-pkg", pkg + "/applyconfiguration"}, inputs...)...)
	runTool(t, cg.clientGen, "--go-header-file", header, "--input-base", "", "--input", strings.Join(inputs, ","),
		"--output-dir", filepath.Join(dir, "clientset"), "--output-pkg", pkg+"/clientset", "--clientset-name", "versioned",
		"--apply-configuration-package", pkg+"/applyconfiguration")
	runListerInformerGen(t, cg, dir, pkg, pkg+"/clientset/versioned", inputs...)
}

// runListerInformerGen runs lister-gen into dir/listers and informer-gen
// into dir/informers/externalversions over the clientset at clientsetPkg.
func runListerInformerGen(t testing.TB, cg codeGenerator, dir, pkg, clientsetPkg string, inputs ...string) {
	t.Helper()
	header := emptyHeader(t)
	runTool(t, cg.listerGen, append([]string{"--go-header-file", header, "--output-dir", filepath.Join(dir, "listers"), "--output-pkg", pkg + "/listers"}, inputs...)...)
	runTool(t, cg.informerGen, append([]string{"--go-header-file", header, "--output-dir", filepath.Join(dir, "informers"), "--output-pkg", pkg + "/informers",
		"--versioned-clientset-package", clientsetPkg, "--listers-package", pkg + "/listers"}, inputs...)...)
}

func TestCodeGeneratorExamplesMatchClientGen(t *testing.T) {
	if testing.Short() {
		t.Skip("runs client-gen and clientgen on five example sets; not in -short")
	}
	tools := installCodeGenerator(t)
	bin := buildClientgen(t)
	const base = "github.com/clientgen/clientgen/testdata/cases/codegen-examples/"
	const cg = "k8s.io/client-go"
	for _, ex := range codegenExamples {
		t.Run("the "+ex.name+" example", func(t *testing.T) {
			var inputs []string
			for _, in := range ex.inputs {
				inputs = append(inputs, base+in)
			}
			refDir, refPkg := outputDir(t, "parity-clientgen-")
			runCodeGenerator(t, tools, refDir, refPkg, inputs...)

			ourDir, ourPkg := outputDir(t, "parity-ours-")
			runClientgen(t, bin, ourDir, ourPkg, []string{"--clientset-name", "versioned"}, inputs...)
			vetGenerated(t, ourDir)

			pkgs := loadTypes(t, refPkg+"/clientset/versioned", ourPkg+"/versioned")
			want := newSide(t, "client-gen", pkgs[refPkg+"/clientset/versioned"].Types, refPkg+"/clientset/versioned/typed", refPkg+"/applyconfiguration",
				cg+"/applyconfigurations/meta/v1", cg+"/rest", cg+"/discovery")
			got := newSide(t, "clientgen", pkgs[ourPkg+"/versioned"].Types, ourPkg+"/versioned/typed", ourPkg+"/applyconfiguration",
				"github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1", "github.com/clientgen/clientgen/runtime/rest", "github.com/clientgen/clientgen/runtime/discovery")
			if len(want.accessor) != len(ex.inputs) || len(got.accessor) != len(ex.inputs) {
				t.Fatalf("group-versions: client-gen %v, clientgen %v; want %d each", want.accessor, got.accessor, len(ex.inputs))
			}
			compared, diffs := parityReport(t, want, got, pkgs, pkgs)
			if len(diffs) > 0 {
				t.Fatalf("%d compared method sets; %d differences from client-gen's:\n%s", compared, len(diffs), strings.Join(diffs, "\n"))
			}
			t.Logf("%d interfaces match client-gen's method sets", compared)

			// lister-gen's and informer-gen's output for the same inputs.
			ipkgs := loadTypes(t, refPkg+"/listers/...", refPkg+"/informers/...", ourPkg+"/listers/...", ourPkg+"/informers/...")
			checkInformerParity(t,
				&informerTree{name: "lister-gen and informer-gen", listers: refPkg + "/listers", informers: refPkg + "/informers/externalversions",
					clientset: refPkg + "/clientset/versioned", cache: cg + "/tools/cache", listersRT: cg + "/listers"},
				&informerTree{name: "clientgen", listers: ourPkg + "/listers", informers: ourPkg + "/informers",
					clientset: ourPkg + "/versioned", cache: clientgenCache, listersRT: clientgenListers},
				ipkgs)
		})
	}
}
