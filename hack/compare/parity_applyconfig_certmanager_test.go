package compare

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// certManagerVersion is the cert-manager release whose API the comparison
// copies from the module cache (the release generator/crd/realcrds reads the
// CRD manifests of).
const certManagerVersion = "v1.21.2"

// certManagerModule is cert-manager's module path, under which its API
// packages import each other.
const certManagerModule = "github.com/cert-manager/cert-manager"

// certManagerModuleDir downloads cert-manager's module into the module cache
// and returns its directory. It runs outside this module so that go.mod and
// go.sum stay as they are: the copied API packages need only modules this
// module already requires.
func certManagerModuleDir(t testing.TB) string {
	t.Helper()
	mod := certManagerModule + "@" + certManagerVersion
	cmd := exec.Command("go", "mod", "download", "-json", mod)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); err != nil || jerr != nil || info.Dir == "" {
		t.Fatalf("go mod download %s: %v %v %s", mod, err, jerr, info.Error)
	}
	return info.Dir
}

// certManagerExternal is a package of types cert-manager's API uses whose
// apply configurations another project publishes: what a cert-manager-style
// project names in kube_codegen.sh's --applyconfig-externals.
type certManagerExternal struct {
	typePkg string // import path of the Go types
	// acRoot is the import path of the project's apply configuration tree,
	// rel the package's directory under it; clientgen writes the package's
	// apply configurations to the same directory of its own tree.
	acRoot, rel string
	acDir       string         // directory of acRoot/rel in the module cache
	uses        *regexp.Regexp // a use of one of its types in cert-manager's source, the name in group 1
}

func (x certManagerExternal) acPkg() string { return x.acRoot + "/" + x.rel }

// certManagerExternals are k8s.io/api's core/v1 (client-go's apply
// configurations) and gateway-api's apis/v1 (gateway-api's own), which
// cert-manager's acme/v1 uses under the aliases corev1 and gwapi.
// apiextensions/v1's JSON, which it also uses, has no apply configuration
// anywhere: both generators use the Go type.
func certManagerExternals(t testing.TB) []certManagerExternal {
	t.Helper()
	dirOf := func(mod string) string {
		cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod)
		cmd.Env = append(os.Environ(), "GOWORK=off")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -m %s: %v", mod, err)
		}
		return strings.TrimSpace(string(out))
	}
	return []certManagerExternal{
		{typePkg: "k8s.io/api/core/v1", acRoot: "k8s.io/client-go/applyconfigurations", rel: "core/v1",
			acDir: filepath.Join(dirOf("k8s.io/client-go"), "applyconfigurations", "core", "v1"), uses: regexp.MustCompile(`\bcorev1\.([A-Z][A-Za-z0-9]*)`)},
		{typePkg: "sigs.k8s.io/gateway-api/apis/v1", acRoot: "sigs.k8s.io/gateway-api/applyconfiguration", rel: "apis/v1",
			acDir: filepath.Join(dirOf("sigs.k8s.io/gateway-api"), "applyconfiguration", "apis", "v1"), uses: regexp.MustCompile(`\bgwapi\.([A-Z][A-Za-z0-9]*)`)},
	}
}

// commentLine is a line comment: a type named only in a comment (acme/v1
// mentions corev1.ResourceRequirements, which it trims to a type of its
// own) is not used.
var commentLine = regexp.MustCompile(`(?m)^\s*//.*$`)

// copyCertManagerAPI copies cert-manager's pkg/apis/{certmanager,acme,meta}
// (each group's GroupName package and its v1, unchanged but for the imports
// between them, rewritten to pkg) into dir. It returns the import paths of
// the three v1 packages in the order of cert-manager's api_inputs
// (hack/k8s-codegen.sh: certmanager/v1, acme/v1, meta/v1) and, per external
// package, the struct types the copied code uses that have a published apply
// configuration.
func copyCertManagerAPI(t testing.TB, dir, pkg string, externals []certManagerExternal) (inputs []string, used map[string][]string) {
	t.Helper()
	modDir := certManagerModuleDir(t)
	const apis = certManagerModule + "/pkg/apis/"
	seen := map[string]map[string]bool{}
	for _, group := range []string{"certmanager", "acme", "meta"} {
		for _, sub := range []string{group, group + "/v1"} {
			src := filepath.Join(modDir, "pkg", "apis", filepath.FromSlash(sub))
			entries, err := os.ReadDir(src)
			if err != nil {
				t.Fatalf("cert-manager %s has no pkg/apis/%s: %v", certManagerVersion, sub, err)
			}
			dst := filepath.Join(dir, filepath.FromSlash(sub))
			if err := os.MkdirAll(dst, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				n := e.Name()
				if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
					continue
				}
				data, err := os.ReadFile(filepath.Join(src, n))
				if err != nil {
					t.Fatal(err)
				}
				text := strings.ReplaceAll(string(data), `"`+apis, `"`+pkg+"/")
				code := commentLine.ReplaceAllString(text, "")
				for _, x := range externals {
					for _, m := range x.uses.FindAllStringSubmatch(code, -1) {
						// A file of the type's name in the published tree: a
						// struct with an apply configuration (not a string
						// type such as ServiceType).
						if _, err := os.Stat(filepath.Join(x.acDir, strings.ToLower(m[1])+".go")); err == nil {
							if seen[x.typePkg] == nil {
								seen[x.typePkg] = map[string]bool{}
							}
							seen[x.typePkg][m[1]] = true
						}
					}
				}
				if err := os.WriteFile(filepath.Join(dst, n), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		inputs = append(inputs, pkg+"/"+group+"/v1")
	}
	used = map[string][]string{}
	for p, names := range seen {
		for n := range names {
			used[p] = append(used[p], n)
		}
		slices.Sort(used[p])
	}
	return inputs, used
}

// TestCertManagerApplyConfigurationsMatchApplyconfigurationGen runs
// applyconfiguration-gen v0.37.2 on cert-manager's api_inputs, as
// cert-manager's hack/k8s-codegen.sh does (but for --openapi-schema, whose
// models-schema command is cert-manager's own, see extractWithoutSchema),
// with --external-applyconfigurations for the core/v1 and gateway-api types
// it uses, and compares the exported API of clientgen's apply configurations
// with it, for clientgen given the same inputs and for clientgen given
// cert-manager's client_inputs, which leave meta/v1 a dependency.
func TestCertManagerApplyConfigurationsMatchApplyconfigurationGen(t *testing.T) {
	if testing.Short() {
		t.Skip("runs applyconfiguration-gen and clientgen on cert-manager's API; not in -short")
	}
	dir, pkg := outputDir(t, "parity-apply-certmanager-")
	externals := certManagerExternals(t)
	inputs, used := copyCertManagerAPI(t, filepath.Join(dir, "api"), pkg+"/api", externals)
	var ext, upstreamExt, clientgenExt []string
	for _, x := range externals {
		if len(used[x.typePkg]) == 0 {
			t.Fatalf("cert-manager's API uses no struct of %s: the comparison would not cover its nested apply configurations", x.typePkg)
		}
		for _, n := range used[x.typePkg] {
			ext = append(ext, x.typePkg+"."+n+":"+x.acPkg())
		}
		upstreamExt = append(upstreamExt, x.acRoot)
		clientgenExt = append(clientgenExt, x.rel)
	}
	t.Logf("--external-applyconfigurations %s", strings.Join(ext, ","))
	gen := installCodeGeneratorTools(t, "applyconfiguration-gen")[0]
	runTool(t, gen, append([]string{"--go-header-file", emptyHeader(t), "--output-dir", filepath.Join(dir, "upstream"), "--output-pkg", pkg + "/upstream",
		"--external-applyconfigurations", strings.Join(ext, ",")}, inputs...)...)

	bin := buildClientgen(t)
	cases := []struct {
		name, out string
		inputs    []string
	}{
		// cert-manager's api_inputs: meta/v1 is an input with no +genclient
		// type, whose structs applyconfiguration-gen writes apply
		// configurations for (SecretKeySelector, IssuerReference,
		// LocalObjectReference) and the fields of the other two packages
		// take.
		{"clientgen given the same inputs as applyconfiguration-gen matches it", "clientgen-apiinputs", inputs},
		// cert-manager's client_inputs: meta/v1 is reached as a dependency.
		{"clientgen given cert-manager's clientset inputs reaches meta/v1 and matches applyconfiguration-gen", "clientgen-clientinputs", inputs[:2]},
	}
	patterns := []string{pkg + "/upstream/..."}
	for _, c := range cases {
		runClientgen(t, bin, filepath.Join(dir, c.out), pkg+"/"+c.out, []string{"--informers=false"}, c.inputs...)
		patterns = append(patterns, pkg+"/"+c.out+"/applyconfiguration/...")
	}
	pkgs := loadTypes(t, patterns...)
	upstream := &applyTree{name: "applyconfiguration-gen", root: pkg + "/upstream", meta: "k8s.io/client-go/applyconfigurations/meta/v1", ext: upstreamExt}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := checkApplyParity(t, upstream,
				&applyTree{name: "clientgen", root: pkg + "/" + c.out + "/applyconfiguration", meta: "github.com/clientgen/clientgen/runtime/applyconfigurations/meta/v1", extDirs: clientgenExt},
				pkgs, func(d string) string {
					if why := noSchema(d); why != "" {
						return why
					}
					return extractWithoutSchema(d)
				})
			if res.ext == 0 {
				t.Fatal("no compared name takes an external apply configuration: the nested apply configurations of other packages were not compared")
			}
			t.Logf("%d names take core/v1 or gateway-api apis/v1 apply configurations (upstream the published ones, clientgen's own in its tree)", res.ext)
		})
	}
}
