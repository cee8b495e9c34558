//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/clientgen/clientgen/runtime/dynamic"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

var (
	crdGVR       = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	namespaceGVR = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
)

// configFor loads the server's kubeconfig through the runtime's loader, in
// the given context (testserver.CertContext or testserver.TokenContext).
func configFor(t testing.TB, kubeContext string) *rest.Config {
	t.Helper()
	cfg, err := rest.ConfigFromKubeconfig(server.Kubeconfig, kubeContext)
	if err != nil {
		t.Fatalf("loading %s context of %s: %v", kubeContext, server.Kubeconfig, err)
	}
	cfg.QPS, cfg.Burst = 200, 400 // the tests, not the limiter, are under test here
	return cfg
}

func clientsetFor(t testing.TB, kubeContext string) *clientset.Clientset {
	t.Helper()
	cs, err := clientset.NewForConfig(configFor(t, kubeContext))
	if err != nil {
		t.Fatalf("clientset.NewForConfig: %v", err)
	}
	return cs
}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// eventually polls cond every 50ms until it returns true or the deadline
// passes; then it fails with the last error cond reported.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for {
		ok, err := cond()
		if ok {
			return
		}
		last = err
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s (last error: %v)", timeout, what, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// freshNamespace creates a namespace with a random name. It is deleted at the
// end of the test but not waited for: no namespace controller runs, so it
// stays Terminating.
func freshNamespace(t testing.TB, dyn dynamic.Interface) string {
	t.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "e2e-" + hex.EncodeToString(b[:])
	ns := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": name},
	}}
	ctx := testContext(t)
	if _, err := dyn.Resource(namespaceGVR).Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = dyn.Resource(namespaceGVR).Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return name
}

// installCRDs creates every CRD under testdata/crds/manifests and waits until
// each is Established and its resource is served.
func installCRDs(t testing.TB, dyn dynamic.Interface) {
	t.Helper()
	ctx := testContext(t)
	files, err := filepath.Glob("../testdata/crds/manifests/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no CRD manifests found under testdata/crds/manifests (%v)", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		obj := &unstructured.Unstructured{}
		if err := yaml.Unmarshal(data, &obj.Object); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		_, err = dyn.Resource(crdGVR).Create(ctx, obj, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatalf("installing %s: %v", f, err)
		}
		name := obj.GetName()
		waitEstablished(t, ctx, dyn, name)
	}
}

// waitEstablished waits until the CRD called name is Established.
func waitEstablished(t testing.TB, ctx context.Context, dyn dynamic.Interface, name string) {
	t.Helper()
	eventually(t, 30*time.Second, "CRD "+name+" to be Established", func() (bool, error) {
		got, err := dyn.Resource(crdGVR).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		conds, _, _ := unstructured.NestedSlice(got.Object, "status", "conditions")
		for _, c := range conds {
			if m, _ := c.(map[string]any); m["type"] == "Established" && m["status"] == "True" {
				return true, nil
			}
		}
		return false, nil
	})
}
