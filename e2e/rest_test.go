//go:build e2e

package e2e

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// TestClientSideRateLimitIsSharedByAllGroupsOfAClientset sends 200 list
// requests, spread over the three group clients of one clientset, at QPS
// 50 and Burst 10: one shared bucket means (200-10)/50 = 3.8 s at least;
// one bucket per group would finish in about a third of that.
func TestClientSideRateLimitIsSharedByAllGroupsOfAClientset(t *testing.T) {
	setup(t)
	cfg := configFor(t, testserver.TokenContext)
	cfg.QPS, cfg.Burst = 50, 10
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	lists := []func() error{
		func() error { _, err := cs.ExampleV1().Widgets("default").List(ctx, metav1.ListOptions{}); return err },
		func() error {
			_, err := cs.ExampleV1beta1().Widgets("default").List(ctx, metav1.ListOptions{})
			return err
		},
		func() error { _, err := cs.OpsV1alpha1().ClusterPolicies().List(ctx, metav1.ListOptions{}); return err },
	}
	const requests, workers = 200, 20
	jobs := make(chan int)
	errs := make(chan error, requests)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				if err := lists[i%len(lists)](); err != nil {
					errs <- fmt.Errorf("request %d: %w", i, err)
				}
			}
		})
	}
	for i := range requests {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d requests at QPS 50/Burst 10 took %s", requests, elapsed.Round(time.Millisecond))
	if elapsed < 3800*time.Millisecond {
		t.Errorf("%d requests took %s, want >= 3.8s: the clientset's groups do not share one rate limiter", requests, elapsed)
	}
	if elapsed > 15*time.Second {
		t.Errorf("%d requests took %s: far slower than QPS 50 allows", requests, elapsed)
	}
}

func TestTokenAndCertificateContextsAuthenticate(t *testing.T) {
	for _, kc := range kubeContexts {
		t.Run(kc.name, func(t *testing.T) {
			cs := clientsetFor(t, kc.context)
			v, err := cs.Discovery().ServerVersionWithContext(testContext(t))
			if err != nil {
				t.Fatal(err)
			}
			if v.GitVersion != testserver.KubeVersion {
				t.Errorf("server version %q, want %s", v.GitVersion, testserver.KubeVersion)
			}
		})
	}
}

func TestAWrongTokenIsUnauthorized(t *testing.T) {
	cfg := configFor(t, testserver.TokenContext)
	cfg.BearerToken = "not-the-token"
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = cs.ExampleV1().Widgets("default").List(testContext(t), metav1.ListOptions{})
	if !apierrors.IsUnauthorized(err) {
		t.Fatalf("error = %v, want apierrors.IsUnauthorized", err)
	}
	if strings.Contains(err.Error(), "not-the-token") {
		t.Errorf("error %q shows the token", err)
	}
}

// TestAnExecPluginUserAuthenticates writes a kubeconfig whose user is an
// exec plugin printing the static token of the server's token user (handed
// to it through the exec env), and uses it through the generated clientset.
func TestAnExecPluginUserAuthenticates(t *testing.T) {
	setup(t)
	token := configFor(t, testserver.TokenContext)
	caData := token.TLSClientConfig.CAData
	if len(caData) == 0 && token.TLSClientConfig.CAFile != "" {
		b, err := os.ReadFile(token.TLSClientConfig.CAFile)
		if err != nil {
			t.Fatal(err)
		}
		caData = b
	}
	dir := t.TempDir()
	plugin := filepath.Join(dir, "token-plugin.sh")
	script := `#!/bin/sh
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$STATIC_TOKEN"
`
	if err := os.WriteFile(plugin, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	kubeconfig := filepath.Join(dir, "config")
	if err := os.WriteFile(kubeconfig, []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
current-context: exec
clusters:
- name: e2e
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./token-plugin.sh
      env: [{name: STATIC_TOKEN, value: %q}]
      installHint: the plugin is written by the test
      interactiveMode: Never
contexts:
- name: exec
  context: {cluster: e2e, user: exec-user, namespace: exec-ns}
`, token.Host, base64.StdEncoding.EncodeToString(caData), token.BearerToken)), 0o600); err != nil {
		t.Fatal(err)
	}
	loaded, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: kubeconfig})
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Namespace != "exec-ns" || loaded.Config.ExecProvider == nil {
		t.Fatalf("loaded namespace %q exec %v, want exec-ns and the plugin", loaded.Namespace, loaded.Config.ExecProvider)
	}
	t.Logf("explain:\n%s", loaded.Explain())
	if strings.Contains(loaded.Explain()+loaded.Config.String(), token.BearerToken) {
		t.Fatal("Explain or String shows the token handed to the plugin")
	}
	cs, err := clientset.NewForConfig(loaded.Config)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.ExampleV1().Widgets("default").List(testContext(t), metav1.ListOptions{}); err != nil {
		t.Fatalf("listing with the exec plugin's token: %v", err)
	}
}

// TestProtobufAgainstTheRealServer asks the real server for protobuf: a list
// of namespaces as meta.k8s.io PartialObjectMetadataList (a built-in
// protobuf type available without k8s.io/api) and a NotFound Status.
func TestProtobufAgainstTheRealServer(t *testing.T) {
	scheme := runtime.NewScheme()
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	metav1.AddMetaToScheme(scheme)
	cfg := configFor(t, testserver.CertContext)
	cfg.ContentType = rest.ContentTypeProtobuf
	cfg.NegotiatedSerializer = serializer.NewCodecFactory(scheme).WithoutConversion()
	h, err := rest.HTTPClientFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := rest.UnversionedRESTClientForConfigAndClient(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	const asMetadata = rest.ContentTypeProtobuf + ";as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"

	var contentType string
	list := &metav1.PartialObjectMetadataList{}
	res := c.Get().AbsPath("/api/v1/namespaces").SetHeader("Accept", asMetadata).Do(ctx)
	if err := res.Into(list); err != nil {
		t.Fatal(err)
	}
	raw, _ := res.Raw()
	contentType = http.DetectContentType(raw)
	found := false
	for _, ns := range list.Items {
		found = found || ns.Name == "kube-system"
	}
	if !found || len(raw) < 4 || string(raw[:4]) != "k8s\x00" {
		t.Errorf("namespaces = %d items (kube-system found: %t), body starts %q (%s); want a protobuf list", len(list.Items), found, raw[:min(4, len(raw))], contentType)
	}

	err = c.Get().AbsPath("/api/v1/namespaces/no-such-namespace").Do(ctx).Into(&metav1.PartialObjectMetadata{})
	if !apierrors.IsNotFound(err) {
		t.Errorf("error = %v, want NotFound decoded from a protobuf Status", err)
	}
}

// TestATokenFileIsReReadOnChangeAndOnUnauthorized uses a BearerTokenFile
// against the real server. The client is built while the file holds a
// wrong token; the file is then given the right token of the same length
// with its modification time put back, so the client cannot see the change
// and only its refresh on 401 can pick the token up. A rotation in place
// (a new modification time, as the kubelet rotates a projected token) is
// picked up before the request is sent.
func TestATokenFileIsReReadOnChangeAndOnUnauthorized(t *testing.T) {
	setup(t)
	good := configFor(t, testserver.TokenContext)
	token := good.BearerToken
	if token == "" {
		t.Fatalf("the %s context of %s has no token", testserver.TokenContext, server.Kubeconfig)
	}
	wrong := strings.Repeat("x", len(token))
	file := filepath.Join(t.TempDir(), "token")
	write := func(content string, keepModTime bool) {
		t.Helper()
		before, statErr := os.Stat(file)
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if keepModTime {
			if statErr != nil {
				t.Fatal(statErr)
			}
			if err := os.Chtimes(file, before.ModTime(), before.ModTime()); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(wrong, false)

	cfg := configFor(t, testserver.TokenContext)
	cfg.BearerToken, cfg.BearerTokenFile = "", file
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	list := func() error {
		_, err := cs.ExampleV1().Widgets("default").List(ctx, metav1.ListOptions{})
		return err
	}
	if err := list(); !apierrors.IsUnauthorized(err) {
		t.Fatalf("with the wrong token in the file: error = %v, want apierrors.IsUnauthorized", err)
	}

	write(token, true)
	if err := list(); err != nil {
		t.Fatalf("after the right token was written with the old modification time (only a re-read on 401 finds it): %v", err)
	}

	// Rotations in place, with new modification times (an hour apart, so
	// that a coarse file-system clock cannot hide them).
	rotate := func(content string, at time.Time) {
		t.Helper()
		write(content, false)
		if err := os.Chtimes(file, at, at); err != nil {
			t.Fatal(err)
		}
	}
	rotate(wrong, time.Now().Add(time.Hour))
	if err := list(); !apierrors.IsUnauthorized(err) {
		t.Fatalf("after rotating the file to a wrong token: error = %v, want apierrors.IsUnauthorized", err)
	}
	rotate(token, time.Now().Add(2*time.Hour))
	if err := list(); err != nil {
		t.Fatalf("after rotating the file back to the right token: %v", err)
	}
}
