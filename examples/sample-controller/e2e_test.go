//go:build e2e

// The end-to-end tests run the ported controller, in this process, against
// the real kube-apiserver that internal/testserver starts (built by
// hack/build-apiserver.sh; $CLIENTGEN_KUBE_APISERVER names the binary). No
// controller-manager runs there: no garbage collector, no deployment
// controller (a Deployment's status stays as the test writes it), and
// deleted namespaces stay Terminating, so every test has its own random
// namespace and never waits for one to go.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/cache"
	"github.com/clientgen/clientgen/runtime/dynamic"
	"github.com/clientgen/clientgen/runtime/rest"

	samplev1alpha1 "github.com/clientgen/clientgen/examples/sample-controller/pkg/apis/samplecontroller/v1alpha1"
	clientset "github.com/clientgen/clientgen/examples/sample-controller/pkg/generated/clientset/versioned"
	informers "github.com/clientgen/clientgen/examples/sample-controller/pkg/generated/informers/externalversions"
	kubeinformers "github.com/clientgen/clientgen/examples/sample-controller/pkg/kube/informers"
	"github.com/clientgen/clientgen/examples/sample-controller/pkg/kube/kubernetes"
)

// server is the one kube-apiserver of this test binary; set by TestMain.
var server *testserver.Server

func TestMain(m *testing.M) {
	os.Exit(testserver.RunTests(m, "sample-controller e2e", func(s *testserver.Server) { server = s }))
}

// TestControllerReconcilesFoosOnTheRealServer drives sample-controller's
// whole loop: a Foo becomes an owned Deployment that follows spec.replicas,
// comes back when deleted and reports its available replicas in the Foo's
// status; a Deployment the Foo does not own is left alone with a warning.
func TestControllerReconcilesFoosOnTheRealServer(t *testing.T) {
	cfg := adminConfig(t)
	ns := freshNamespace(t, cfg)
	installFooCRD(t, cfg, ns)
	kubeClient, exampleClient := clientsets(t, cfg, nil)
	ctx := testContext(t)
	runController(t, kubeClient, exampleClient, ns)

	t.Run("a Foo gets a Deployment it controls", func(t *testing.T) {
		foo := createFoo(t, ctx, exampleClient, ns, "example-foo", "example-foo", 1)
		d := waitForDeployment(t, ctx, kubeClient, ns, "example-foo", "owned by the Foo with 1 replica", func(d *appsv1.Deployment) bool {
			return ownedBy(d, foo) && replicas(d) == 1
		})
		ref := metav1.GetControllerOf(d)
		if ref.APIVersion != "samplecontroller.k8s.io/v1alpha1" || ref.Kind != "Foo" || ref.Name != foo.Name ||
			ref.BlockOwnerDeletion == nil || !*ref.BlockOwnerDeletion {
			t.Errorf("controller reference = %+v, want samplecontroller.k8s.io/v1alpha1 Foo %s blocking owner deletion", *ref, foo.Name)
		}
		if d.Spec.Template.Labels["controller"] != foo.Name {
			t.Errorf("pod template labels = %v, want controller=%s", d.Spec.Template.Labels, foo.Name)
		}
	})

	t.Run("the Deployment follows spec.replicas", func(t *testing.T) {
		foo := updateFoo(t, ctx, exampleClient, ns, "example-foo", func(f *samplev1alpha1.Foo) { f.Spec.Replicas = ptr.To[int32](3) })
		waitForDeployment(t, ctx, kubeClient, ns, "example-foo", "3 replicas", func(d *appsv1.Deployment) bool {
			return ownedBy(d, foo) && replicas(d) == 3
		})
	})

	t.Run("a deleted Deployment is recreated", func(t *testing.T) {
		old, err := kubeClient.AppsV1().Deployments(ns).Get(ctx, "example-foo", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := kubeClient.AppsV1().Deployments(ns).Delete(ctx, "example-foo", metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		foo, err := exampleClient.SamplecontrollerV1alpha1().Foos(ns).Get(ctx, "example-foo", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		waitForDeployment(t, ctx, kubeClient, ns, "example-foo", "a new Deployment owned by the Foo with 3 replicas", func(d *appsv1.Deployment) bool {
			return d.UID != old.UID && ownedBy(d, foo) && replicas(d) == 3
		})
	})

	t.Run("the Foo's status copies the Deployment's available replicas", func(t *testing.T) {
		// No deployment controller runs: write the status it would write.
		eventually(t, 30*time.Second, "the Deployment's status to be updated", func() (bool, error) {
			d, err := kubeClient.AppsV1().Deployments(ns).Get(ctx, "example-foo", metav1.GetOptions{})
			if err != nil {
				return false, err
			}
			d.Status.Replicas, d.Status.UpdatedReplicas, d.Status.ReadyReplicas, d.Status.AvailableReplicas = 3, 3, 2, 2
			_, err = kubeClient.AppsV1().Deployments(ns).UpdateStatus(ctx, d, metav1.UpdateOptions{})
			return err == nil, err
		})
		eventually(t, 30*time.Second, "Foo status.availableReplicas to be 2", func() (bool, error) {
			foo, err := exampleClient.SamplecontrollerV1alpha1().Foos(ns).Get(ctx, "example-foo", metav1.GetOptions{})
			if err != nil {
				return false, err
			}
			return foo.Status.AvailableReplicas == 2, fmt.Errorf("status.availableReplicas = %d", foo.Status.AvailableReplicas)
		})
		waitForEvent(t, ctx, kubeClient, ns, "example-foo", corev1.EventTypeNormal, SuccessSynced)
	})

	t.Run("a Deployment the Foo does not own is left alone, with a warning", func(t *testing.T) {
		other := newDeployment(&samplev1alpha1.Foo{
			ObjectMeta: metav1.ObjectMeta{Name: "not-the-owner", Namespace: ns},
			Spec:       samplev1alpha1.FooSpec{DeploymentName: "taken", Replicas: ptr.To[int32](1)},
		})
		other.OwnerReferences = nil
		if _, err := kubeClient.AppsV1().Deployments(ns).Create(ctx, other, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		createFoo(t, ctx, exampleClient, ns, "wants-taken", "taken", 2)
		waitForEvent(t, ctx, kubeClient, ns, "wants-taken", corev1.EventTypeWarning, ErrResourceExists)
		d, err := kubeClient.AppsV1().Deployments(ns).Get(ctx, "taken", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.OwnerReferences) != 0 || replicas(d) != 1 {
			t.Errorf("the unowned Deployment was changed: ownerReferences %v, replicas %d", d.OwnerReferences, replicas(d))
		}
	})
}

// TestInformerRewatchesServerClosedWatchesWithoutRelisting makes the server
// end every watch after two seconds (timeoutSeconds) and counts the requests
// the informer sends: after the initial sync it only re-watches, from the
// last resourceVersion, and never lists again, and it still sees changes.
func TestInformerRewatchesServerClosedWatchesWithoutRelisting(t *testing.T) {
	cfg := adminConfig(t)
	ns := freshNamespace(t, cfg)
	installFooCRD(t, cfg, ns)
	counter := &requestCounter{path: "/apis/samplecontroller.k8s.io/v1alpha1/namespaces/" + ns + "/foos"}
	_, exampleClient := clientsets(t, cfg, counter.wrap)
	ctx := testContext(t)
	createFoo(t, ctx, exampleClient, ns, "before-sync", "before-sync", 1)

	// Two seconds, not one: a watch that ends within a second with no
	// event is a "very short watch", which client-go's reflector (and
	// runtime/cache's) answers with a relist.
	factory := informers.NewSharedInformerFactoryWithOptions(exampleClient, 0, informers.WithNamespace(ns),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.TimeoutSeconds = ptr.To[int64](2) }))
	foos := factory.Samplecontroller().V1alpha1().Foos()
	foos.Informer() // registers the informer before Start
	informerCtx, stopInformers := context.WithCancel(ctx)
	factory.Start(informerCtx.Done())
	t.Cleanup(func() {
		stopInformers()
		factory.Shutdown()
	})
	if err := factory.WaitForCacheSyncWithContext(ctx).AsError(); err != nil {
		t.Fatal(err)
	}
	synced := counter.snapshot()
	t.Logf("initial sync: %s", synced)

	eventually(t, 30*time.Second, "three watches after the sync, each closed by the server", func() (bool, error) {
		after := counter.snapshot()[len(synced):]
		return len(after) >= 3, fmt.Errorf("requests since the sync: %s", after)
	})
	createFoo(t, ctx, exampleClient, ns, "after-rewatches", "after-rewatches", 1)
	eventually(t, 30*time.Second, "the informer to see a Foo created after the re-watches", func() (bool, error) {
		_, err := foos.Lister().Foos(ns).Get("after-rewatches")
		return err == nil, err
	})

	all := counter.snapshot()
	lists := 0
	for _, r := range all {
		if !r.watch {
			lists++
		}
	}
	if lists > 1 {
		t.Errorf("the informer listed %d times, want at most the initial LIST; requests: %s", lists, all)
	}
	for _, r := range all[len(synced):] {
		if !r.watch || r.sendInitialEvents || r.resourceVersion == "" || r.resourceVersion == "0" {
			t.Errorf("after the sync the informer sent %s, want only WATCHes from its last resourceVersion; requests: %s", r, all)
		}
	}
	if items, err := foos.Lister().List(labels.Everything()); err != nil || len(items) != 2 {
		t.Errorf("lister holds %d Foos (%v), want 2", len(items), err)
	}
	t.Logf("requests for Foos: %s", all)
}

// TestWaitForCacheSyncReportsForbidden waits for the caches of a user with
// no RBAC role (the admin impersonates it): the wait ends with the server's
// 403, not only with a timeout.
func TestWaitForCacheSyncReportsForbidden(t *testing.T) {
	cfg := adminConfig(t)
	ns := freshNamespace(t, cfg)
	installFooCRD(t, cfg, ns)
	impersonate := func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			req = req.Clone(req.Context())
			req.Header.Set("Impersonate-User", "sample-controller-e2e-nobody")
			return rt.RoundTrip(req)
		})
	}
	kubeClient, exampleClient := clientsets(t, cfg, impersonate)

	// Without the informer, a direct LIST says what the informer should.
	if _, err := exampleClient.SamplecontrollerV1alpha1().Foos(ns).List(testContext(t), metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Fatalf("LIST as the impersonated user: got %v, want 403 Forbidden", err)
	}

	tests := []struct {
		name  string
		start func(ctx context.Context) cache.SyncResult
	}{
		{"the Foo informer of the generated factory", func(ctx context.Context) cache.SyncResult {
			f := informers.NewSharedInformerFactoryWithOptions(exampleClient, 0, informers.WithNamespace(ns))
			f.Samplecontroller().V1alpha1().Foos().Informer()
			f.Start(ctx.Done())
			t.Cleanup(f.Shutdown)
			return f.WaitForCacheSyncWithContext(ctx)
		}},
		{"the Deployment informer of the generated k8s.io/api factory", func(ctx context.Context) cache.SyncResult {
			f := kubeinformers.NewSharedInformerFactoryWithOptions(kubeClient, 0, kubeinformers.WithNamespace(ns))
			f.Apps().V1().Deployments().Informer()
			f.Start(ctx.Done())
			t.Cleanup(f.Shutdown)
			return f.WaitForCacheSyncWithContext(ctx)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The informer never syncs, so the wait lasts until this
			// deadline; its result must carry the 403 all the same.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			res := tt.start(ctx)
			err := res.AsError()
			if !apierrors.IsForbidden(err) {
				t.Fatalf("WaitForCacheSyncWithContext: got %v, want an error wrapping 403 Forbidden", err)
			}
			var status apierrors.APIStatus
			if !errors.As(err, &status) || status.Status().Code != http.StatusForbidden {
				t.Errorf("errors.As finds no APIStatus with code 403 in %v", err)
			}
			if len(res.Synced) != 1 || slices.Contains(mapValues(res.Synced), true) {
				t.Errorf("Synced = %v, want one informer, not synced", res.Synced)
			}
			t.Logf("WaitForCacheSyncWithContext: %v", err)
		})
	}
}

// runController starts sample-controller as main does, with factories
// limited to ns, and stops it at the end of the test.
func runController(t *testing.T, kubeClient kubernetes.Interface, exampleClient clientset.Interface, ns string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	kubeInformerFactory := kubeinformers.NewSharedInformerFactoryWithOptions(kubeClient, time.Second*30, kubeinformers.WithNamespace(ns))
	exampleInformerFactory := informers.NewSharedInformerFactoryWithOptions(exampleClient, time.Second*30, informers.WithNamespace(ns))
	controller := NewController(ctx, kubeClient, exampleClient,
		kubeInformerFactory.Apps().V1().Deployments(),
		exampleInformerFactory.Samplecontroller().V1alpha1().Foos())
	kubeInformerFactory.Start(ctx.Done())
	exampleInformerFactory.Start(ctx.Done())
	done := make(chan error, 1)
	go func() { done <- controller.Run(ctx, 2) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("controller.Run: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("controller.Run did not return within 30s of its context's end")
		}
		kubeInformerFactory.Shutdown()
		exampleInformerFactory.Shutdown()
	})
}

func adminConfig(t testing.TB) *rest.Config {
	t.Helper()
	cfg, err := rest.BuildConfigFromFlags("", server.Kubeconfig)
	if err != nil {
		t.Fatalf("loading %s: %v", server.Kubeconfig, err)
	}
	// The controller's behaviour, not client-side throttling, is under test.
	cfg.QPS, cfg.Burst = 200, 400
	return cfg
}

// clientsets returns the generated kube and sample clientsets over one HTTP
// client, whose transport wrap (if not nil) wraps.
func clientsets(t testing.TB, cfg *rest.Config, wrap func(http.RoundTripper) http.RoundTripper) (*kubernetes.Clientset, *clientset.Clientset) {
	t.Helper()
	hc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hc.CloseIdleConnections)
	if wrap != nil {
		base := hc.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		hc.Transport = wrap(base)
	}
	kubeClient, err := kubernetes.NewForConfigAndClient(cfg, hc)
	if err != nil {
		t.Fatal(err)
	}
	exampleClient, err := clientset.NewForConfigAndClient(cfg, hc)
	if err != nil {
		t.Fatal(err)
	}
	return kubeClient, exampleClient
}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// eventually polls cond every 50ms until it returns true or timeout passes;
// then it fails with the last error cond reported.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s (last: %v)", timeout, what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var (
	crdGVR       = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	namespaceGVR = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
)

// freshNamespace creates a namespace with a random name, deleted (not
// waited for) at the end of the test.
func freshNamespace(t testing.TB, cfg *rest.Config) string {
	t.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "sample-" + hex.EncodeToString(b[:])
	ns := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": name},
	}}
	if _, err := dyn.Resource(namespaceGVR).Create(testContext(t), ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = dyn.Resource(namespaceGVR).Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return name
}

// installFooCRD installs sample-controller's CRD (with the status
// subresource) unless it is there, waits until it is Established and then
// until Foos are served in ns: the first requests after Established can
// still 404 while the handler is being installed.
func installFooCRD(t testing.TB, cfg *rest.Config, ns string) {
	t.Helper()
	ctx := testContext(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("artifacts/examples/crd-status-subresource.yaml")
	if err != nil {
		t.Fatal(err)
	}
	crd := &unstructured.Unstructured{}
	if err := yaml.Unmarshal(data, &crd.Object); err != nil {
		t.Fatal(err)
	}
	if _, err := dyn.Resource(crdGVR).Create(ctx, crd, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatalf("installing the Foo CRD: %v", err)
	}
	eventually(t, 30*time.Second, "the Foo CRD to be Established", func() (bool, error) {
		got, err := dyn.Resource(crdGVR).Get(ctx, crd.GetName(), metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		conds, _, _ := unstructured.NestedSlice(got.Object, "status", "conditions")
		for _, c := range conds {
			if m, _ := c.(map[string]any); m["type"] == "Established" && m["status"] == "True" {
				return true, nil
			}
		}
		return false, fmt.Errorf("conditions %v", conds)
	})
	_, exampleClient := clientsets(t, cfg, nil)
	eventually(t, 30*time.Second, "Foos to be served", func() (bool, error) {
		_, err := exampleClient.SamplecontrollerV1alpha1().Foos(ns).List(ctx, metav1.ListOptions{})
		return err == nil, err
	})
}

func createFoo(t testing.TB, ctx context.Context, c clientset.Interface, ns, name, deploymentName string, replicas int32) *samplev1alpha1.Foo {
	t.Helper()
	foo, err := c.SamplecontrollerV1alpha1().Foos(ns).Create(ctx, &samplev1alpha1.Foo{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       samplev1alpha1.FooSpec{DeploymentName: deploymentName, Replicas: ptr.To(replicas)},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating Foo %s/%s: %v", ns, name, err)
	}
	return foo
}

// updateFoo applies change to the current Foo, again on a conflict (the
// controller writes the Foo's status concurrently).
func updateFoo(t testing.TB, ctx context.Context, c clientset.Interface, ns, name string, change func(*samplev1alpha1.Foo)) *samplev1alpha1.Foo {
	t.Helper()
	var updated *samplev1alpha1.Foo
	eventually(t, 30*time.Second, "Foo "+name+" to be updated", func() (bool, error) {
		foo, err := c.SamplecontrollerV1alpha1().Foos(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		change(foo)
		updated, err = c.SamplecontrollerV1alpha1().Foos(ns).Update(ctx, foo, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			return false, err
		}
		if err != nil {
			t.Fatalf("updating Foo %s/%s: %v", ns, name, err)
		}
		return true, nil
	})
	return updated
}

func waitForDeployment(t testing.TB, ctx context.Context, c kubernetes.Interface, ns, name, what string, ok func(*appsv1.Deployment) bool) *appsv1.Deployment {
	t.Helper()
	var got *appsv1.Deployment
	eventually(t, 30*time.Second, "Deployment "+name+": "+what, func() (bool, error) {
		d, err := c.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		got = d
		return ok(d), fmt.Errorf("replicas %d, ownerReferences %v, uid %s", replicas(d), d.OwnerReferences, d.UID)
	})
	return got
}

// waitForEvent waits for a core/v1 Event about the Foo name that the
// controller's recorder wrote through the generated clientset.
func waitForEvent(t testing.TB, ctx context.Context, c kubernetes.Interface, ns, name, eventType, reason string) {
	t.Helper()
	eventually(t, 30*time.Second, fmt.Sprintf("a %s event %s about Foo %s", eventType, reason, name), func() (bool, error) {
		events, err := c.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err
		}
		var seen []string
		for _, e := range events.Items {
			o := e.InvolvedObject
			if o.Kind == "Foo" && o.APIVersion == "samplecontroller.k8s.io/v1alpha1" && o.Name == name &&
				e.Type == eventType && e.Reason == reason && e.Source.Component == controllerAgentName {
				return true, nil
			}
			seen = append(seen, fmt.Sprintf("%s %s %s/%s", e.Type, e.Reason, o.Kind, o.Name))
		}
		return false, fmt.Errorf("events: %v", seen)
	})
}

func ownedBy(d *appsv1.Deployment, foo *samplev1alpha1.Foo) bool {
	ref := metav1.GetControllerOf(d)
	return ref != nil && ref.UID == foo.UID
}

func replicas(d *appsv1.Deployment) int32 {
	if d.Spec.Replicas == nil {
		return -1
	}
	return *d.Spec.Replicas
}

func mapValues[K comparable, V any](m map[K]V) []V {
	var vs []V
	for _, v := range m {
		vs = append(vs, v)
	}
	return vs
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// requestCounter records the GET requests for one collection path: LISTs
// and WATCHes with the query parameters that tell a relist from a re-watch.
type requestCounter struct {
	path string

	mu       sync.Mutex
	requests []request
}

type request struct {
	watch             bool
	sendInitialEvents bool
	resourceVersion   string
}

func (r request) String() string {
	verb := "LIST"
	if r.watch {
		verb = "WATCH"
	}
	s := fmt.Sprintf("%s rv=%q", verb, r.resourceVersion)
	if r.sendInitialEvents {
		s += " sendInitialEvents"
	}
	return s
}

func (c *requestCounter) wrap(rt http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		if req.Method == http.MethodGet && req.URL.Path == c.path {
			q := req.URL.Query()
			c.mu.Lock()
			c.requests = append(c.requests, request{
				watch:             q.Get("watch") == "true" || q.Get("watch") == "1",
				sendInitialEvents: q.Get("sendInitialEvents") == "true",
				resourceVersion:   q.Get("resourceVersion"),
			})
			c.mu.Unlock()
		}
		return rt.RoundTrip(req)
	})
}

type requests []request

func (rs requests) String() string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.String()
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func (c *requestCounter) snapshot() requests {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.requests)
}
