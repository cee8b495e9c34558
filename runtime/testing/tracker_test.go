package testing_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

var (
	widgetKind = widgetsGVR.GroupVersion().WithKind("Widget")
	thingsGVR  = schema.GroupVersionResource{Group: "other.example.com", Version: "v1", Resource: "things"}
)

// server is a tracker with the reactor a fake clientset puts in front of it.
type server struct {
	t       testing.TB
	tracker *clienttesting.Tracker
	fake    *clienttesting.Fake
}

func newServer(t testing.TB, objects ...runtime.Object) *server {
	t.Helper()
	scheme := runtime.NewScheme()
	if err := examplev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	tr := clienttesting.NewObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDecoder(), clienttesting.Resource{
		GVR: widgetsGVR, Kind: "Widget", Namespaced: true, Subresources: []string{"scale", "status"},
	})
	for _, o := range objects {
		if err := tr.Add(o); err != nil {
			t.Fatal(err)
		}
	}
	f := &clienttesting.Fake{}
	f.AddReactor("*", "*", clienttesting.ObjectReaction(tr))
	f.AddWatchReactor("*", clienttesting.ObjectWatchReaction(tr))
	return &server{t: t, tracker: tr, fake: f}
}

func (s *server) do(a clienttesting.Action) (runtime.Object, error) {
	return s.fake.Invokes(a, nil)
}

func (s *server) must(a clienttesting.Action) runtime.Object {
	s.t.Helper()
	obj, err := s.do(a)
	if err != nil {
		s.t.Fatalf("%s %s: %v", a.GetVerb(), a.GetResource().Resource, err)
	}
	return obj
}

func thing(name string, labels map[string]any) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "other.example.com/v1", "kind": "Thing",
		"metadata": map[string]any{"name": name, "labels": labels},
		"spec":     map[string]any{"size": int64(1)},
	}}
}

func TestTrackerServesUnstructuredObjectsOfKindsTheSchemeDoesNotKnow(t *testing.T) {
	s := newServer(t)
	created := s.must(clienttesting.NewCreateAction(thingsGVR, "ns", thing("a", map[string]any{"app": "x"}))).(*unstructured.Unstructured)
	if created.GetResourceVersion() == "" || created.GetUID() == "" || created.GetNamespace() != "ns" {
		t.Fatalf("created %v; want resourceVersion, uid and namespace ns", created.Object)
	}
	s.must(clienttesting.NewCreateAction(thingsGVR, "ns", thing("b", map[string]any{"app": "y"})))

	list := s.must(clienttesting.NewListAction(thingsGVR, thingsGVR.GroupVersion().WithKind("Thing"), "ns", metav1.ListOptions{LabelSelector: "app=x"}))
	ul, ok := list.(*unstructured.UnstructuredList)
	if !ok {
		t.Fatalf("List of an unregistered kind returned %T, want *unstructured.UnstructuredList", list)
	}
	if len(ul.Items) != 1 || ul.Items[0].GetName() != "a" || ul.GetKind() != "ThingList" || ul.GetResourceVersion() == "" {
		t.Fatalf("List app=x: %v", ul.Object)
	}
	if _, err := s.do(clienttesting.NewListAction(thingsGVR, schema.GroupVersionKind{}, "", metav1.ListOptions{})); err != nil {
		t.Fatalf("List without a kind: %v", err)
	}

	patched := s.must(clienttesting.NewPatchAction(thingsGVR, "ns", "a", types.MergePatchType, []byte(`{"spec":{"size":2}}`))).(*unstructured.Unstructured)
	if size, _, _ := unstructured.NestedInt64(patched.Object, "spec", "size"); size != 2 {
		t.Fatalf("merge patch gave size %v, want the int64 2", patched.Object["spec"])
	}
	_, err := s.do(clienttesting.NewPatchAction(thingsGVR, "ns", "a", types.StrategicMergePatchType, []byte(`{}`)))
	if !apierrors.IsUnsupportedMediaType(err) {
		t.Fatalf("strategic merge patch of an Unstructured object: %v; want UnsupportedMediaType, as for custom resources", err)
	}
	applied := s.must(clienttesting.NewPatchActionWithOptions(thingsGVR, "ns", "c", types.ApplyPatchType,
		[]byte("apiVersion: other.example.com/v1\nkind: Thing\nmetadata:\n  name: c\nspec:\n  size: 3\n"), metav1.PatchOptions{FieldManager: "m"}))
	if applied.(*unstructured.Unstructured).GetName() != "c" {
		t.Fatalf("apply of a new Unstructured object returned %v", applied)
	}
	s.must(clienttesting.NewDeleteCollectionAction(thingsGVR, "ns", metav1.ListOptions{LabelSelector: "app"}))
	left := s.must(clienttesting.NewListAction(thingsGVR, schema.GroupVersionKind{}, "ns", metav1.ListOptions{})).(*unstructured.UnstructuredList)
	if len(left.Items) != 1 || left.Items[0].GetName() != "c" {
		t.Fatalf("after deleting the labelled things: %v, want only c", left.Items)
	}
}

func TestTrackerConvertsBetweenUnstructuredAndTypedObjectsOfOneResource(t *testing.T) {
	s := newServer(t)
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": "u"}, "spec": map[string]any{"size": int64(4)},
	}}
	s.must(clienttesting.NewCreateAction(widgetsGVR, "ns", u))
	s.must(clienttesting.NewCreateAction(widgetsGVR, "ns", &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "typed"}}))
	list := s.must(clienttesting.NewListAction(widgetsGVR, widgetKind, "ns", metav1.ListOptions{}))
	wl, ok := list.(*examplev1.WidgetList)
	if !ok || len(wl.Items) != 2 || wl.Items[1].Name != "u" || wl.Items[1].Spec.Size != 4 {
		t.Fatalf("typed List over an Unstructured and a typed widget: %#v", list)
	}
}

func TestAddSeedsObjectsAsGiven(t *testing.T) {
	seeded := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "kept", Namespace: "ns", ResourceVersion: "41", UID: "uid-1"}}
	list := &examplev1.WidgetList{Items: []examplev1.Widget{{ObjectMeta: metav1.ObjectMeta{Name: "from-list", Namespace: "ns"}}}}
	s := newServer(t, seeded, list)

	got := s.must(clienttesting.NewGetAction(widgetsGVR, "ns", "kept")).(*examplev1.Widget)
	if got.ResourceVersion != "41" || got.UID != "uid-1" {
		t.Fatalf("seeded object came back with resourceVersion %q and uid %q; want them as given, 41 and uid-1", got.ResourceVersion, got.UID)
	}
	item := s.must(clienttesting.NewGetAction(widgetsGVR, "ns", "from-list")).(*examplev1.Widget)
	if item.ResourceVersion == "" {
		t.Fatal("a seeded object without a resourceVersion got none")
	}
	// The counter moved past the seeded 41, so later writes order after it.
	if n, err := strconv.Atoi(item.ResourceVersion); err != nil || n <= 41 {
		t.Fatalf("resourceVersion after seeding 41 is %q, want more than 41", item.ResourceVersion)
	}
	if err := s.tracker.Add(seeded); !apierrors.IsAlreadyExists(err) {
		t.Fatalf("Add of an existing object: %v, want AlreadyExists", err)
	}
	err := s.tracker.Add(&metav1.PartialObjectMetadataList{})
	if err != nil {
		t.Fatalf("Add of an empty list of a kind the scheme does not know: %v", err)
	}
	if err := s.tracker.Add(&metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: "x"}}); err == nil || !strings.Contains(err.Error(), "scheme") {
		t.Fatalf("Add of an object of a kind the scheme does not know: %v; want an error naming the scheme", err)
	}
}

func TestTrackerPatchesTypedObjects(t *testing.T) {
	s := newServer(t, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"}, Spec: examplev1.WidgetSpec{Size: 1, Tags: []string{"a"}}})
	for _, tc := range []struct {
		name  string
		pt    types.PatchType
		patch string
		check func(w *examplev1.Widget) bool
	}{
		{"a strategic merge patch sets fields", types.StrategicMergePatchType, `{"spec":{"color":"green"}}`, func(w *examplev1.Widget) bool { return w.Spec.Color == "green" && w.Spec.Size == 1 }},
		{"a JSON patch appends to a list", types.JSONPatchType, `[{"op":"add","path":"/spec/tags/-","value":"b"}]`, func(w *examplev1.Widget) bool { return len(w.Spec.Tags) == 2 }},
		{"a merge patch with null removes a field", types.MergePatchType, `{"spec":{"color":null}}`, func(w *examplev1.Widget) bool { return w.Spec.Color == "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.must(clienttesting.NewPatchAction(widgetsGVR, "ns", "w", tc.pt, []byte(tc.patch))).(*examplev1.Widget)
			if !tc.check(got) {
				t.Fatalf("patched widget: %+v", got.Spec)
			}
		})
	}
	_, err := s.do(clienttesting.NewPatchAction(widgetsGVR, "ns", "w", "application/unknown", []byte(`{}`)))
	if !apierrors.IsUnsupportedMediaType(err) {
		t.Fatalf("a patch of an unknown type: %v, want UnsupportedMediaType", err)
	}
}

func TestSubresourcesTheTrackerDoesNotServeNameTheFix(t *testing.T) {
	s := newServer(t, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"}})
	_, err := s.do(clienttesting.NewGetSubresourceAction(widgetsGVR, "ns", "scale", "w"))
	if err == nil || !strings.Contains(err.Error(), `PrependReactor("get", "widgets/scale"`) {
		t.Fatalf("get of the scale subresource: %v; want an error saying to add a reactor for widgets/scale", err)
	}
	_, err = s.do(clienttesting.NewGetSubresourceAction(widgetsGVR, "ns", "eviction", "w"))
	if !apierrors.IsNotFound(err) {
		t.Fatalf("get of a subresource the resource does not have: %v, want NotFound", err)
	}
}

func TestWatchFromAResourceVersionTheHistoryNoLongerHasIsGone(t *testing.T) {
	s := newServer(t)
	for i := range 10001 {
		if err := s.tracker.Add(&examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("w%d", i), Namespace: "ns"}}); err != nil {
			t.Fatal(err)
		}
	}
	w, err := s.tracker.Watch(widgetsGVR, "ns", metav1.ListOptions{ResourceVersion: "1"})
	if err != nil {
		t.Fatal(err)
	}
	e, ok := <-w.ResultChan()
	if !ok || e.Type != watch.Error || !apierrors.IsResourceExpired(apierrors.FromObject(e.Object)) {
		t.Fatalf("watch from resourceVersion 1 after 10001 writes: %v %v; want an ERROR event with 410 Expired, as the server sends", e.Type, e.Object)
	}
	if _, ok := <-w.ResultChan(); ok {
		t.Fatal("the expired watch did not end after its error")
	}
	if _, err := s.tracker.Watch(widgetsGVR, "ns", metav1.ListOptions{ResourceVersion: "x"}); err == nil {
		t.Fatal("a watch from resourceVersion x did not fail")
	}
}

func TestWritersNeverWaitForAWatchThatIsNotRead(t *testing.T) {
	s := newServer(t)
	w, err := s.tracker.Watch(widgetsGVR, "ns", metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	const n = 500 // client-go's fake watcher panics after 100 unread events
	for i := range n {
		s.must(clienttesting.NewCreateAction(widgetsGVR, "ns", &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("w%03d", i)}}))
	}
	for i := range n {
		select {
		case e := <-w.ResultChan():
			if want := fmt.Sprintf("w%03d", i); e.Type != watch.Added || e.Object.(*examplev1.Widget).Name != want {
				t.Fatalf("event %d: %s %s, want ADDED %s", i, e.Type, e.Object.(*examplev1.Widget).Name, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("event %d did not arrive", i)
		}
	}
	w.Stop()
	w.Stop() // twice is fine
	if _, ok := <-w.ResultChan(); ok {
		t.Fatal("ResultChan is still open after Stop")
	}
}

func TestConcurrentPatchesAndUnconditionalUpdatesAllLand(t *testing.T) {
	s := newServer(t, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"}})
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			patch := fmt.Sprintf(`{"metadata":{"labels":{"p%d":"x"}}}`, i)
			_, err := s.do(clienttesting.NewPatchAction(widgetsGVR, "ns", "w", types.MergePatchType, []byte(patch)))
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := s.do(clienttesting.NewUpdateSubresourceAction(widgetsGVR, "status", "ns", &examplev1.Widget{
				ObjectMeta: metav1.ObjectMeta{Name: "w"}, Status: examplev1.WidgetStatus{ObservedSize: int32(i)},
			}))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a concurrent write without a resourceVersion failed: %v", err)
		}
	}
	got := s.must(clienttesting.NewGetAction(widgetsGVR, "ns", "w")).(*examplev1.Widget)
	if len(got.Labels) != n {
		t.Fatalf("after %d concurrent label patches the widget has %d labels: %v", n, len(got.Labels), got.Labels)
	}
}

func TestContinueTokensFromElsewhereAreBadRequests(t *testing.T) {
	s := newServer(t)
	_, err := s.do(clienttesting.NewListAction(widgetsGVR, widgetKind, "ns", metav1.ListOptions{Continue: "bogus"}))
	if !apierrors.IsBadRequest(err) {
		t.Fatalf("List with a bogus continue token: %v, want BadRequest", err)
	}
}

// wrapped is an ObjectTracker that is not a *Tracker: ObjectReaction must
// work through the interface alone.
type wrapped struct{ clienttesting.ObjectTracker }

func TestObjectReactionServesAnyObjectTracker(t *testing.T) {
	s := newServer(t)
	f := &clienttesting.Fake{}
	f.AddReactor("*", "*", clienttesting.ObjectReaction(wrapped{s.tracker}))
	obj, err := f.Invokes(clienttesting.NewCreateAction(widgetsGVR, "ns", &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{GenerateName: "g-"}}), nil)
	if err != nil {
		t.Fatal(err)
	}
	created := obj.(*examplev1.Widget)
	if !strings.HasPrefix(created.Name, "g-") || created.ResourceVersion == "" {
		t.Fatalf("create through a wrapped tracker: %+v", created.ObjectMeta)
	}
	created.Status.Phase = "Ready"
	created.Spec.Size = 5
	obj, err = f.Invokes(clienttesting.NewUpdateAction(widgetsGVR, "ns", created), nil)
	if err != nil || obj.(*examplev1.Widget).Status.Phase != "Ready" {
		// Without the *Tracker the reaction cannot see that widgets have a
		// status subresource, so the update replaces everything.
		t.Fatalf("update through a wrapped tracker: %v, %v", obj, err)
	}
}

func TestWatchListSendsTheObjectsThenTheInitialEventsEndBookmarkThenChanges(t *testing.T) {
	s := newServer(t,
		&examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "b", Namespace: "ns"}},
		&examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "ns"}},
		&examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "other", Namespace: "elsewhere"}},
	)
	yes := true
	w, err := s.tracker.Watch(widgetsGVR, "ns", metav1.ListOptions{
		SendInitialEvents: &yes, ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan, AllowWatchBookmarks: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	next := func() watch.Event {
		t.Helper()
		select {
		case e, ok := <-w.ResultChan():
			if !ok {
				t.Fatal("the watch-list ended early")
			}
			return e
		case <-time.After(10 * time.Second):
			t.Fatal("no event within 10s")
		}
		return watch.Event{}
	}
	for _, want := range []string{"a", "b"} {
		if e := next(); e.Type != watch.Added || e.Object.(*examplev1.Widget).Name != want {
			t.Fatalf("initial event: %s %v, want ADDED %s", e.Type, e.Object, want)
		}
	}
	e := next()
	bm, ok := e.Object.(*examplev1.Widget)
	if e.Type != watch.Bookmark || !ok {
		t.Fatalf("after the initial objects: %s %T, want a BOOKMARK carrying a *Widget as the server sends", e.Type, e.Object)
	}
	if bm.Annotations[metav1.InitialEventsAnnotationKey] != "true" || bm.ResourceVersion != "3" || bm.Name != "" {
		t.Fatalf("bookmark: annotations %v, resourceVersion %q, name %q; want the initial-events-end annotation at resourceVersion 3 and no name", bm.Annotations, bm.ResourceVersion, bm.Name)
	}
	s.must(clienttesting.NewCreateAction(widgetsGVR, "ns", &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "c"}}))
	if e := next(); e.Type != watch.Added || e.Object.(*examplev1.Widget).Name != "c" || e.Object.(*examplev1.Widget).ResourceVersion != "4" {
		t.Fatalf("after the bookmark: %s %v, want ADDED c at resourceVersion 4", e.Type, e.Object)
	}
}

func TestWatchListWithoutBookmarksSendsNoBookmark(t *testing.T) {
	s := newServer(t, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "ns"}})
	yes := true
	w, err := s.tracker.Watch(widgetsGVR, "ns", metav1.ListOptions{SendInitialEvents: &yes, ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if e := <-w.ResultChan(); e.Type != watch.Added {
		t.Fatalf("first event %s, want ADDED", e.Type)
	}
	s.must(clienttesting.NewCreateAction(widgetsGVR, "ns", &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "b"}}))
	if e := <-w.ResultChan(); e.Type != watch.Added || e.Object.(*examplev1.Widget).Name != "b" {
		t.Fatalf("second event %s %v, want ADDED b (no bookmark was asked for)", e.Type, e.Object)
	}
}

func TestWatchOptionsTheServerRejectsAreInvalid(t *testing.T) {
	yes := true
	for _, tc := range []struct {
		name string
		opts metav1.ListOptions
		want string
	}{
		{"sendInitialEvents without resourceVersionMatch", metav1.ListOptions{SendInitialEvents: &yes}, "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"},
		{"resourceVersionMatch without sendInitialEvents", metav1.ListOptions{ResourceVersion: "1", ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan}, "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"},
		{"resourceVersionMatch Exact", metav1.ListOptions{SendInitialEvents: &yes, ResourceVersion: "1", ResourceVersionMatch: metav1.ResourceVersionMatchExact}, "Unsupported value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			_, err := s.tracker.Watch(widgetsGVR, "ns", tc.opts)
			if !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("watch with %+v: %v; want 422 Invalid saying %q", tc.opts, err, tc.want)
			}
		})
	}
}
