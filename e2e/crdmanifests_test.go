//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/generator"
	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/dynamic"
)

const modulePath = "github.com/clientgen/clientgen"

// manifestSources are CRD manifests nobody here wrote, read from the module
// zips of the projects that ship them: gateway-api's standard channel,
// cert-manager's CRDs and a Knative Serving CRD.
var manifestSources = []struct {
	module string
	files  []string
}{
	{"sigs.k8s.io/gateway-api@v1.6.3", []string{
		"config/crd/standard/gateway.networking.k8s.io_gatewayclasses.yaml",
		"config/crd/standard/gateway.networking.k8s.io_gateways.yaml",
		"config/crd/standard/gateway.networking.k8s.io_httproutes.yaml",
	}},
	{"github.com/cert-manager/cert-manager@v1.21.2", []string{
		"deploy/crds/cert-manager.io_certificates.yaml",
		"deploy/crds/cert-manager.io_issuers.yaml",
	}},
	// Knative Serving's CRDs of v0.20 have a root schema that preserves
	// unknown fields and names none: everything but metadata goes through
	// the generated kind's UnknownFields.
	{"knative.dev/serving@v0.20.0", []string{
		"config/core/300-resources/route.yaml",
	}},
}

const (
	// crdDriverKubeconfig and crdDriverNamespace tell the driver test (a
	// subprocess, testdata/crddriver/driver_test.go) where the server is.
	crdDriverKubeconfig = "CLIENTGEN_CRDMANIFESTS_KUBECONFIG"
	crdDriverContext    = "CLIENTGEN_CRDMANIFESTS_CONTEXT"
	crdDriverNamespace  = "CLIENTGEN_CRDMANIFESTS_NAMESPACE"
	// crdManifestsKeep keeps the generated tree for a look after the run.
	crdManifestsKeep = "CLIENTGEN_CRDMANIFESTS_KEEP"
)

// TestCRDsFromManifestsWorkThroughGeneratedClients generates Go types from
// real CRD manifests with generator/crd, the clientset and apply
// configurations from those types with clientgen's pipeline (as
// generator/crd/pipeline does), installs the same manifests into the real
// kube-apiserver, and drives the generated typed clients: create, get, list,
// update, update status and apply on every kind, each object read back equal
// to what was sent. The generated code must be compiled, so the driver is a
// test written into the generated tree and run as a subprocess.
func TestCRDsFromManifestsWorkThroughGeneratedClients(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// Under a testdata directory: the go command's ./... patterns do not
	// match it, so a tree left behind by a killed run breaks no build.
	parent := filepath.Join(root, "e2e", "testdata")
	if err := os.MkdirAll(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(parent, "crdmanifests-")
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv(crdManifestsKeep) == "" {
		t.Cleanup(func() { os.RemoveAll(tmp) })
	} else {
		t.Logf("keeping %s", tmp)
	}
	rel, _ := filepath.Rel(root, tmp)
	rel = filepath.ToSlash(rel)
	pkgBase := path.Join(modulePath, rel)

	var manifests []string
	for _, src := range manifestSources {
		dir := moduleDir(t, src.module)
		for _, f := range src.files {
			manifests = append(manifests, filepath.Join(dir, filepath.FromSlash(f)))
		}
	}
	crds, err := crd.Load(manifests)
	if err != nil {
		t.Fatalf("crd.Load: %v", err)
	}
	if len(crds) != 6 {
		t.Fatalf("crd.Load read %d CRDs from %d manifests, want 6", len(crds), len(manifests))
	}
	pkgs, report, err := crd.Generate(crds, crd.Options{PkgPath: pkgBase + "/apis"})
	if err != nil {
		t.Fatalf("crd.Generate: %v", err)
	}
	t.Logf("generator/crd: %s", strings.SplitN(report.String(), "\n", 2)[0])
	for _, f := range crd.Files(pkgs) {
		writeFile(t, filepath.Join(tmp, "apis", filepath.FromSlash(f.Path)), f.Content)
	}
	start := time.Now()
	if _, err := generator.Generate(context.Background(), generator.Options{
		Dir:         root,
		Inputs:      []string{"./" + rel + "/apis/..."},
		Output:      filepath.Join(tmp, "client"),
		OutputPkg:   pkgBase + "/client",
		NoInformers: true, // not under test here; less to compile
	}); err != nil {
		t.Fatalf("the pipeline rejects the types generated from the manifests: %v", err)
	}
	t.Logf("types and clients generated in %s", time.Since(start).Round(time.Millisecond))

	driver, err := os.ReadFile("testdata/crddriver/driver_test.go")
	if err != nil {
		t.Fatal(err)
	}
	driver = bytes.ReplaceAll(driver, []byte("CLIENTGEN_GENERATED"), []byte(pkgBase))
	writeFile(t, filepath.Join(tmp, "driver", "driver_test.go"), driver)

	dyn := dynamicFor(t)
	installCRDFiles(t, dyn, manifests)
	ns := freshNamespace(t, dyn)

	start = time.Now()
	cmd := exec.Command("go", "test", "-count=1", "-v", "./"+rel+"/driver")
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		crdDriverKubeconfig+"="+server.Kubeconfig,
		crdDriverContext+"="+testserver.CertContext,
		crdDriverNamespace+"="+ns,
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the driver of the generated clients failed (%v) after %s:\n%s", err, time.Since(start).Round(time.Second), out)
	}
	// The driver's subtests log one line per kind and verb; at least one
	// per kind must have passed, so a driver that ran nothing fails here.
	for _, kind := range []string{"GatewayClass", "Gateway", "HTTPRoute", "Certificate", "Issuer", "Route"} {
		if !bytes.Contains(out, []byte("--- PASS: TestGeneratedClientsOnTheRealServer/"+kind+" ")) {
			t.Errorf("the driver reported no passing subtest for %s:\n%s", kind, out)
		}
	}
	t.Logf("driver (compile and run) took %s:\n%s", time.Since(start).Round(time.Second), out)
}

func writeFile(t testing.TB, p string, content []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

// moduleDir returns the module cache directory of module@version, asking the
// go command outside this module so nothing is added to go.sum.
func moduleDir(t testing.TB, module string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = os.TempDir()
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); err != nil || jerr != nil || info.Dir == "" {
		t.Fatalf("go mod download %s: %v %v %s (the module proxy or a module cache holding it is needed)", module, err, jerr, info.Error)
	}
	return info.Dir
}

// dynamicFor returns a dynamic client of the shared server.
func dynamicFor(t testing.TB) dynamic.Interface {
	t.Helper()
	dyn, err := dynamic.NewForConfig(configFor(t, testserver.CertContext))
	if err != nil {
		t.Fatalf("dynamic.NewForConfig: %v", err)
	}
	return dyn
}

// installCRDFiles creates the CRDs of every manifest file and waits until
// each is Established and its resource is served.
func installCRDFiles(t testing.TB, dyn dynamic.Interface, files []string) {
	t.Helper()
	ctx := testContext(t)
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		objs, err := dynamic.ReadManifests(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(objs) == 0 {
			t.Fatalf("%s: no objects", f)
		}
		for _, obj := range objs {
			if obj.GetKind() != "CustomResourceDefinition" {
				t.Fatalf("%s: a %s among the CustomResourceDefinitions", f, obj.GetKind())
			}
			installCRD(t, ctx, dyn, obj)
		}
	}
}

// installCRD creates a CRD and waits until it is Established and every
// served version answers a list.
func installCRD(t testing.TB, ctx context.Context, dyn dynamic.Interface, obj *unstructured.Unstructured) {
	t.Helper()
	if _, err := dyn.Resource(crdGVR).Create(ctx, obj, metav1.CreateOptions{}); err != nil {
		t.Fatalf("installing %s: %v", obj.GetName(), err)
	}
	waitEstablished(t, ctx, dyn, obj.GetName())
	// Established comes a moment before the handler serves requests:
	// wait until a list of the resource answers.
	plural, _, _ := unstructured.NestedString(obj.Object, "spec", "names", "plural")
	group, _, _ := unstructured.NestedString(obj.Object, "spec", "group")
	versions, _, _ := unstructured.NestedSlice(obj.Object, "spec", "versions")
	for _, v := range versions {
		m, _ := v.(map[string]any)
		if served, _ := m["served"].(bool); !served {
			continue
		}
		gvr := schema.GroupVersionResource{Group: group, Version: m["name"].(string), Resource: plural}
		eventually(t, 30*time.Second, gvr.String()+" to be served", func() (bool, error) {
			_, err := dyn.Resource(gvr).List(ctx, metav1.ListOptions{Limit: 1})
			return err == nil, err
		})
	}
}
