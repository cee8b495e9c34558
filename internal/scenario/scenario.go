// Package scenario is one suite of client scenarios run against both the
// generated fake clientset (scenario_test.go, a unit test) and the real
// kube-apiserver (e2e/fake_parity_test.go): the same calls with the same
// assertions, so the fake is shown to behave like the server on everything
// here. The scenarios drive the clientset generated from testdata/crds
// (Widget: namespaced, with a status subresource; ClusterPolicy:
// cluster-scoped, without one) and compare observable results only: errors
// by apierrors.IsX, resourceVersions by order, watch events by type and
// object, managedFields by manager, operation and owned fields (apply.go),
// never server-specific values such as uids or times.
package scenario

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	opsv1alpha1 "github.com/clientgen/clientgen/testdata/crds/ops/v1alpha1"
	applyexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/applyconfiguration/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
	typedexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/clientset/typed/example/v1"
)

// Env is what the scenarios run against.
type Env struct {
	// Clientset is the fake or a real clientset.
	Clientset clientset.Interface
	// Namespace returns a new, empty namespace for one scenario. Cluster-
	// scoped objects are named and labelled after it, so scenarios on a
	// shared server do not see each other's.
	Namespace func(t testing.TB) string
}

// Run runs every scenario as a subtest of t.
func Run(t *testing.T, env Env) {
	for _, s := range slices.Concat(scenarios, applyScenarios) {
		t.Run(s.name, func(t *testing.T) {
			s.run(t, &suite{Env: env, t: t, ctx: testContext(t)})
		})
	}
}

// suite is one running scenario.
type suite struct {
	Env
	t   *testing.T
	ctx context.Context
}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func (s *suite) widgets() (typedexamplev1.WidgetInterface, string) {
	ns := s.Namespace(s.t)
	return s.Clientset.ExampleV1().Widgets(ns), ns
}

func widget(name string, labels map[string]string, size int32) *examplev1.Widget {
	return &examplev1.Widget{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec:       examplev1.WidgetSpec{Size: size, Color: "red"},
	}
}

func (s *suite) create(c typedexamplev1.WidgetInterface, w *examplev1.Widget) *examplev1.Widget {
	s.t.Helper()
	got, err := c.Create(s.ctx, w, metav1.CreateOptions{})
	if err != nil {
		s.t.Fatalf("Create of widget %q: %v", w.Name+w.GenerateName, err)
	}
	return got
}

// wantErr fails unless err satisfies is (an apierrors.IsX).
func (s *suite) wantErr(what string, err error, is func(error) bool, want string) {
	s.t.Helper()
	if err == nil || !is(err) {
		s.t.Fatalf("%s: got error %v (reason %q), want %s", what, err, apierrors.ReasonForError(err), want)
	}
}

func (s *suite) wantCode(what string, err error, code int32) {
	s.t.Helper()
	status, ok := err.(apierrors.APIStatus)
	if !ok || status.Status().Code != code {
		s.t.Fatalf("%s: got error %v, want a status error with code %d", what, err, code)
	}
}

// rv parses a resourceVersion: both the server's (etcd revisions) and the
// fake's are integers that grow with every write.
func (s *suite) rv(obj metav1.Object) int64 {
	s.t.Helper()
	return s.parseRV(obj.GetResourceVersion())
}

func (s *suite) parseRV(v string) int64 {
	s.t.Helper()
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		s.t.Fatalf("resourceVersion %q is not an integer: %v", v, err)
	}
	return n
}

func names(items []examplev1.Widget) []string {
	var out []string
	for _, w := range items {
		out = append(out, w.Namespace+"/"+w.Name)
	}
	slices.Sort(out)
	return out
}

func qualified(ns string, names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, ns+"/"+n)
	}
	slices.Sort(out)
	return out
}

// next returns the next event of w, failing if none comes within the
// deadline or the watch ends.
func (s *suite) next(w watch.Interface) watch.Event {
	s.t.Helper()
	select {
	case e, ok := <-w.ResultChan():
		if !ok {
			s.t.Fatal("the watch ended; want another event")
		}
		return e
	case <-time.After(30 * time.Second):
		s.t.Fatal("no watch event within 30s")
	}
	return watch.Event{}
}

// event is what the scenarios compare of a watch event.
type event struct {
	Type watch.EventType
	Name string
	Size int32
}

func (s *suite) nextWidget(w watch.Interface) event {
	s.t.Helper()
	e := s.next(w)
	obj, ok := e.Object.(*examplev1.Widget)
	if !ok {
		s.t.Fatalf("watch event %s carries %T, want *v1.Widget: %v", e.Type, e.Object, e.Object)
	}
	return event{Type: e.Type, Name: obj.Name, Size: obj.Spec.Size}
}

func (s *suite) wantEvents(w watch.Interface, want ...event) {
	s.t.Helper()
	for i, we := range want {
		if got := s.nextWidget(w); got != we {
			s.t.Fatalf("watch event %d: got %+v, want %+v (all wanted: %+v)", i, got, we, want)
		}
	}
}

func (s *suite) watch(c typedexamplev1.WidgetInterface, opts metav1.ListOptions) watch.Interface {
	s.t.Helper()
	w, err := c.Watch(s.ctx, opts)
	if err != nil {
		s.t.Fatalf("Watch %+v: %v", opts, err)
	}
	s.t.Cleanup(w.Stop)
	return w
}

// scenario is one named scenario of the suite.
type scenario struct {
	name string
	run  func(t *testing.T, s *suite)
}

var scenarios = []scenario{
	{"Create sets resourceVersion, uid and creationTimestamp, and Get returns the stored object", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		created := s.create(c, widget("w1", map[string]string{"app": "demo"}, 3))
		if created.ResourceVersion == "" || created.UID == "" || created.CreationTimestamp.IsZero() {
			t.Fatalf("Create returned resourceVersion %q, uid %q, creationTimestamp %v; want all three set", created.ResourceVersion, created.UID, created.CreationTimestamp)
		}
		if created.Namespace != ns || created.Spec.Size != 3 || created.Labels["app"] != "demo" {
			t.Fatalf("Create returned %+v; want namespace %s, size 3 and label app=demo", created, ns)
		}
		got, err := c.Get(s.ctx, "w1", metav1.GetOptions{})
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got.ResourceVersion != created.ResourceVersion || got.UID != created.UID || !got.CreationTimestamp.Equal(&created.CreationTimestamp) || got.Spec.Size != created.Spec.Size || got.Spec.Color != created.Spec.Color {
			t.Fatalf("Get returned %+v; want what Create returned, %+v", got, created)
		}
	}},
	{"Create of an existing name is AlreadyExists", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		s.create(c, widget("w1", nil, 1))
		_, err := c.Create(s.ctx, widget("w1", nil, 2), metav1.CreateOptions{})
		s.wantErr("second Create of w1", err, apierrors.IsAlreadyExists, "AlreadyExists")
	}},
	{"Get, Update, Patch and Delete of a missing object are NotFound", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		_, err := c.Get(s.ctx, "missing", metav1.GetOptions{})
		s.wantErr("Get", err, apierrors.IsNotFound, "NotFound")
		_, err = c.Update(s.ctx, widget("missing", nil, 1), metav1.UpdateOptions{})
		s.wantErr("Update", err, apierrors.IsNotFound, "NotFound")
		_, err = c.UpdateStatus(s.ctx, widget("missing", nil, 1), metav1.UpdateOptions{})
		s.wantErr("UpdateStatus", err, apierrors.IsNotFound, "NotFound")
		_, err = c.Patch(s.ctx, "missing", types.MergePatchType, []byte(`{"spec":{"size":2}}`), metav1.PatchOptions{})
		s.wantErr("Patch", err, apierrors.IsNotFound, "NotFound")
		err = c.Delete(s.ctx, "missing", metav1.DeleteOptions{})
		s.wantErr("Delete", err, apierrors.IsNotFound, "NotFound")
	}},
	{"Create with generateName gets the prefix and five random characters", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		in := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{GenerateName: "gen-"}}
		a, b := s.create(c, in.DeepCopy()), s.create(c, in.DeepCopy())
		for _, w := range []*examplev1.Widget{a, b} {
			if !strings.HasPrefix(w.Name, "gen-") || len(w.Name) != len("gen-")+5 || w.GenerateName != "gen-" {
				t.Fatalf("Create with generateName gen- named the object %q (generateName %q); want gen- and five characters", w.Name, w.GenerateName)
			}
		}
		if a.Name == b.Name {
			t.Fatalf("two Creates with generateName both got %q", a.Name)
		}
		if _, err := c.Get(s.ctx, a.Name, metav1.GetOptions{}); err != nil {
			t.Fatalf("Get of the generated name %q: %v", a.Name, err)
		}
	}},
	{"Create without a name, with a resourceVersion or in another namespace fails as on the server", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		_, err := c.Create(s.ctx, &examplev1.Widget{}, metav1.CreateOptions{})
		s.wantErr("Create without name or generateName", err, apierrors.IsInvalid, "Invalid")
		_, err = c.Create(s.ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "rv", ResourceVersion: "5"}}, metav1.CreateOptions{})
		s.wantCode("Create with a resourceVersion", err, 500)
		_, err = c.Create(s.ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "elsewhere", Namespace: "other"}}, metav1.CreateOptions{})
		s.wantErr("Create of an object naming another namespace", err, apierrors.IsBadRequest, "BadRequest")
	}},
	{"every write gets a higher resourceVersion, and an update that changes nothing keeps it", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		created := s.create(c, widget("w1", nil, 1))
		last := s.rv(created)
		step := func(what string, obj metav1.Object, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if got := s.rv(obj); got <= last {
				t.Fatalf("%s: resourceVersion %d, want more than the previous write's %d", what, got, last)
			}
			last = s.rv(obj)
		}
		created.Spec.Size = 2
		updated, err := c.Update(s.ctx, created, metav1.UpdateOptions{})
		step("Update", updated, err)
		updated.Status.Phase = "Ready"
		withStatus, err := c.UpdateStatus(s.ctx, updated, metav1.UpdateOptions{})
		step("UpdateStatus", withStatus, err)
		patched, err := c.Patch(s.ctx, "w1", types.MergePatchType, []byte(`{"spec":{"size":3}}`), metav1.PatchOptions{})
		step("Patch", patched, err)

		same, err := c.Update(s.ctx, patched, metav1.UpdateOptions{})
		if err != nil || same.ResourceVersion != patched.ResourceVersion {
			t.Fatalf("an Update that changes nothing: resourceVersion %q, %v; want it unchanged at %q", same.ResourceVersion, err, patched.ResourceVersion)
		}
		list, err := c.List(s.ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.parseRV(list.ResourceVersion); got < last {
			t.Fatalf("List resourceVersion %d is older than the last write's %d", got, last)
		}
	}},
	{"Update with a stale resourceVersion or another uid is a Conflict, and keeps uid and creationTimestamp", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		created := s.create(c, widget("w1", nil, 1))
		fresh := created.DeepCopy()
		fresh.Spec.Size = 2
		fresh.CreationTimestamp = metav1.NewTime(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
		updated, err := c.Update(s.ctx, fresh, metav1.UpdateOptions{})
		if err != nil {
			t.Fatalf("Update with the current resourceVersion: %v", err)
		}
		if updated.Spec.Size != 2 || updated.UID != created.UID || !updated.CreationTimestamp.Equal(&created.CreationTimestamp) {
			t.Fatalf("Update returned size %d, uid %q, creationTimestamp %v; want 2 and the created %q, %v", updated.Spec.Size, updated.UID, updated.CreationTimestamp, created.UID, created.CreationTimestamp)
		}
		stale := created.DeepCopy() // still carries the first resourceVersion
		stale.Spec.Size = 3
		_, err = c.Update(s.ctx, stale, metav1.UpdateOptions{})
		s.wantErr("Update with a stale resourceVersion", err, apierrors.IsConflict, "Conflict")
		_, err = c.UpdateStatus(s.ctx, stale, metav1.UpdateOptions{})
		s.wantErr("UpdateStatus with a stale resourceVersion", err, apierrors.IsConflict, "Conflict")
		other := updated.DeepCopy()
		other.UID = "00000000-0000-0000-0000-000000000000"
		other.Spec.Size = 4
		_, err = c.Update(s.ctx, other, metav1.UpdateOptions{})
		s.wantErr("Update with another uid", err, apierrors.IsConflict, "Conflict")
	}},
	{"Update leaves the status alone and UpdateStatus changes only the status", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		created := s.create(c, widget("w1", map[string]string{"app": "demo"}, 1))
		in := created.DeepCopy()
		in.Spec.Size = 2
		in.Status = examplev1.WidgetStatus{Phase: "Ignored"}
		updated, err := c.Update(s.ctx, in, metav1.UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if updated.Spec.Size != 2 || updated.Status.Phase != "" {
			t.Fatalf("Update returned size %d and phase %q; want 2 and the status unchanged (empty)", updated.Spec.Size, updated.Status.Phase)
		}
		in = updated.DeepCopy()
		in.Spec.Size = 99
		in.Labels["app"] = "changed"
		in.Status = examplev1.WidgetStatus{Phase: "Ready", ObservedSize: 2}
		withStatus, err := c.UpdateStatus(s.ctx, in, metav1.UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if withStatus.Status.Phase != "Ready" || withStatus.Status.ObservedSize != 2 || withStatus.Spec.Size != 2 || withStatus.Labels["app"] != "demo" {
			t.Fatalf("UpdateStatus returned status %+v, size %d, labels %v; want phase Ready, observedSize 2, and size 2 and app=demo unchanged", withStatus.Status, withStatus.Spec.Size, withStatus.Labels)
		}
		got, err := c.Get(s.ctx, "w1", metav1.GetOptions{})
		if err != nil || got.Status.Phase != "Ready" || got.Spec.Size != 2 {
			t.Fatalf("Get after UpdateStatus: %+v, %v", got, err)
		}
	}},
	{"Patch merges, applies JSON patches and, on the status subresource, changes only the status", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		created := s.create(c, widget("w1", nil, 1))
		merged, err := c.Patch(s.ctx, "w1", types.MergePatchType, []byte(`{"spec":{"color":"blue"},"status":{"phase":"Ignored"}}`), metav1.PatchOptions{})
		if err != nil || merged.Spec.Color != "blue" || merged.Spec.Size != 1 || merged.Status.Phase != "" {
			t.Fatalf("merge Patch returned %+v, %v; want color blue, size 1 and no status", merged, err)
		}
		jsonPatched, err := c.Patch(s.ctx, "w1", types.JSONPatchType, []byte(`[{"op":"replace","path":"/spec/size","value":7},{"op":"add","path":"/spec/tags","value":["a","b"]}]`), metav1.PatchOptions{})
		if err != nil || jsonPatched.Spec.Size != 7 || !slices.Equal(jsonPatched.Spec.Tags, []string{"a", "b"}) {
			t.Fatalf("JSON Patch returned %+v, %v; want size 7 and tags [a b]", jsonPatched, err)
		}
		status, err := c.Patch(s.ctx, "w1", types.MergePatchType, []byte(`{"spec":{"size":99},"status":{"phase":"Patched"}}`), metav1.PatchOptions{}, "status")
		if err != nil || status.Status.Phase != "Patched" || status.Spec.Size != 7 {
			t.Fatalf("merge Patch of the status returned %+v, %v; want phase Patched and size still 7", status, err)
		}
		_, err = c.Patch(s.ctx, "w1", types.MergePatchType, []byte(fmt.Sprintf(`{"metadata":{"resourceVersion":%q},"spec":{"size":8}}`, created.ResourceVersion)), metav1.PatchOptions{})
		s.wantErr("Patch with a stale resourceVersion", err, apierrors.IsConflict, "Conflict")
		_, err = c.Patch(s.ctx, "w1", types.JSONPatchType, []byte(`[{"op":"test","path":"/spec/size","value":99}]`), metav1.PatchOptions{})
		s.wantErr("JSON Patch whose test fails", err, apierrors.IsInvalid, "Invalid")
		_, err = c.Patch(s.ctx, "w1", types.MergePatchType, []byte(`{"metadata":{"name":"renamed"}}`), metav1.PatchOptions{})
		s.wantErr("Patch that renames", err, apierrors.IsBadRequest, "BadRequest")
		_, err = c.Patch(s.ctx, "w1", types.MergePatchType, []byte(`{}`), metav1.PatchOptions{}, "scale")
		s.wantErr("Patch of a subresource the resource does not have", err, apierrors.IsNotFound, "NotFound")
	}},
	{"Apply creates the object, then merges in another manager's fields, and needs a field manager", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		first, err := c.Apply(s.ctx, applyexamplev1.Widget("w1", ns).WithSpec(applyexamplev1.WidgetSpec().WithColor("green")), metav1.ApplyOptions{FieldManager: "one"})
		if err != nil || first.Spec.Color != "green" || first.ResourceVersion == "" {
			t.Fatalf("Apply of a new object returned %+v, %v; want it created with color green", first, err)
		}
		second, err := c.Apply(s.ctx, applyexamplev1.Widget("w1", ns).WithSpec(applyexamplev1.WidgetSpec().WithSize(4)), metav1.ApplyOptions{FieldManager: "two"})
		if err != nil || second.Spec.Color != "green" || second.Spec.Size != 4 {
			t.Fatalf("Apply by a second manager returned %+v, %v; want color green kept and size 4", second, err)
		}
		_, err = c.Apply(s.ctx, applyexamplev1.Widget("w1", ns).WithSpec(applyexamplev1.WidgetSpec().WithSize(5)), metav1.ApplyOptions{})
		s.wantErr("Apply without a field manager", err, apierrors.IsInvalid, "Invalid")
	}},
	{"List selects by label: equality, inequality, sets and existence", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		s.create(c, widget("a", map[string]string{"tier": "web", "env": "prod"}, 1))
		s.create(c, widget("b", map[string]string{"tier": "db", "env": "prod"}, 1))
		s.create(c, widget("c", map[string]string{"tier": "web"}, 1))
		for _, tc := range []struct {
			selector string
			want     []string
		}{
			{"", []string{"a", "b", "c"}},
			{"tier=web", []string{"a", "c"}},
			{"tier!=web", []string{"b"}},
			{"tier in (db,cache)", []string{"b"}},
			{"tier notin (db)", []string{"a", "c"}},
			{"env", []string{"a", "b"}},
			{"!env", []string{"c"}},
			{"tier=web,env=prod", []string{"a"}},
			{"tier=none", nil},
		} {
			list, err := c.List(s.ctx, metav1.ListOptions{LabelSelector: tc.selector})
			if err != nil {
				t.Fatalf("List %q: %v", tc.selector, err)
			}
			if got, want := names(list.Items), qualified(ns, tc.want...); !slices.Equal(got, want) {
				t.Errorf("List with label selector %q: got %v, want %v", tc.selector, got, want)
			}
		}
		_, err := c.List(s.ctx, metav1.ListOptions{LabelSelector: "tier in (web"})
		s.wantErr("List with an unparsable label selector", err, apierrors.IsBadRequest, "BadRequest")
	}},
	{"List selects by the metadata.name and metadata.namespace fields, across namespaces, and with labels", func(t *testing.T, s *suite) {
		c1, ns1 := s.widgets()
		c2, ns2 := s.widgets()
		s.create(c1, widget("a", map[string]string{"app": "x"}, 1))
		s.create(c1, widget("b", map[string]string{"app": "y"}, 1))
		s.create(c2, widget("a", map[string]string{"app": "x"}, 1))
		all := s.Clientset.ExampleV1().Widgets(metav1.NamespaceAll)
		for _, tc := range []struct {
			client typedexamplev1.WidgetInterface
			field  string
			label  string
			want   []string
		}{
			{c1, "metadata.name=a", "", qualified(ns1, "a")},
			{c1, "metadata.name!=a", "", qualified(ns1, "b")},
			{all, "metadata.namespace=" + ns2, "", qualified(ns2, "a")},
			{all, "metadata.namespace=" + ns1 + ",metadata.name=b", "", qualified(ns1, "b")},
			{all, "metadata.namespace=" + ns1, "app=x", qualified(ns1, "a")},
			{all, "metadata.namespace!=" + ns1 + ",metadata.namespace!=" + ns2 + ",metadata.name=a", "app=x", nil},
		} {
			list, err := tc.client.List(s.ctx, metav1.ListOptions{FieldSelector: tc.field, LabelSelector: tc.label})
			if err != nil {
				t.Fatalf("List fields %q labels %q: %v", tc.field, tc.label, err)
			}
			if got := names(list.Items); !slices.Equal(got, tc.want) {
				t.Errorf("List with field selector %q and label selector %q: got %v, want %v", tc.field, tc.label, got, tc.want)
			}
		}
	}},
	{"List pages with Limit and Continue", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		for _, n := range []string{"a", "b", "c"} {
			s.create(c, widget(n, nil, 1))
		}
		first, err := c.List(s.ctx, metav1.ListOptions{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(first.Items); !slices.Equal(got, qualified(ns, "a", "b")) || first.Continue == "" {
			t.Fatalf("first page: %v, continue %q; want [a b] and a continue token", got, first.Continue)
		}
		if first.RemainingItemCount == nil || *first.RemainingItemCount != 1 {
			t.Fatalf("first page: remainingItemCount %v, want 1", first.RemainingItemCount)
		}
		second, err := c.List(s.ctx, metav1.ListOptions{Limit: 2, Continue: first.Continue})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(second.Items); !slices.Equal(got, qualified(ns, "c")) || second.Continue != "" {
			t.Fatalf("second page: %v, continue %q; want [c] and no continue token", got, second.Continue)
		}
	}},
	{"DeleteCollection deletes what its selector matches and nothing else", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		s.create(c, widget("a", map[string]string{"doomed": "yes"}, 1))
		s.create(c, widget("b", map[string]string{"doomed": "yes"}, 1))
		s.create(c, widget("c", map[string]string{"doomed": "no"}, 1))
		if err := c.DeleteCollection(s.ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "doomed=yes"}); err != nil {
			t.Fatalf("DeleteCollection: %v", err)
		}
		list, err := c.List(s.ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(list.Items); !slices.Equal(got, qualified(ns, "c")) {
			t.Fatalf("after DeleteCollection doomed=yes: %v, want [c]", got)
		}
		_, err = c.Get(s.ctx, "a", metav1.GetOptions{})
		s.wantErr("Get of a deleted widget", err, apierrors.IsNotFound, "NotFound")
	}},
	{"Delete checks its preconditions", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		created := s.create(c, widget("w1", nil, 1))
		uid, rv := types.UID("00000000-0000-0000-0000-000000000000"), "1"
		err := c.Delete(s.ctx, "w1", metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid}})
		s.wantErr("Delete with another uid", err, apierrors.IsConflict, "Conflict")
		err = c.Delete(s.ctx, "w1", metav1.DeleteOptions{Preconditions: &metav1.Preconditions{ResourceVersion: &rv}})
		s.wantErr("Delete with a stale resourceVersion", err, apierrors.IsConflict, "Conflict")
		if err := c.Delete(s.ctx, "w1", metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &created.UID, ResourceVersion: &created.ResourceVersion}}); err != nil {
			t.Fatalf("Delete with matching preconditions: %v", err)
		}
	}},
	{"Delete of an object with finalizers marks it, and removing the last finalizer deletes it", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		in := widget("w1", nil, 1)
		in.Finalizers = []string{"example.com/cleanup"}
		created := s.create(c, in)
		w := s.watch(c, metav1.ListOptions{ResourceVersion: created.ResourceVersion})
		if err := c.Delete(s.ctx, "w1", metav1.DeleteOptions{}); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		marked, err := c.Get(s.ctx, "w1", metav1.GetOptions{})
		if err != nil {
			t.Fatalf("Get after Delete of an object with a finalizer: %v; want the object, still there", err)
		}
		if marked.DeletionTimestamp == nil || s.rv(marked) <= s.rv(created) {
			t.Fatalf("after Delete: deletionTimestamp %v, resourceVersion %s; want a deletionTimestamp and a new resourceVersion", marked.DeletionTimestamp, marked.ResourceVersion)
		}
		marked.Finalizers = nil
		if _, err := c.Update(s.ctx, marked, metav1.UpdateOptions{}); err != nil {
			t.Fatalf("Update removing the finalizer: %v", err)
		}
		_, err = c.Get(s.ctx, "w1", metav1.GetOptions{})
		s.wantErr("Get after the last finalizer is gone", err, apierrors.IsNotFound, "NotFound")
		s.wantEvents(w, event{watch.Modified, "w1", 1}, event{watch.Deleted, "w1", 1})
	}},
	{"Watch sees ADDED, MODIFIED and DELETED in order, only for objects matching its field selector", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		w := s.watch(c, metav1.ListOptions{FieldSelector: "metadata.name=watched"})
		s.create(c, widget("other", nil, 1))
		created := s.create(c, widget("watched", nil, 1))
		created.Spec.Size = 2
		if _, err := c.Update(s.ctx, created, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Patch(s.ctx, "other", types.MergePatchType, []byte(`{"spec":{"size":5}}`), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Patch(s.ctx, "watched", types.MergePatchType, []byte(`{"spec":{"size":3}}`), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := c.Delete(s.ctx, "watched", metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		s.wantEvents(w,
			event{watch.Added, "watched", 1},
			event{watch.Modified, "watched", 2},
			event{watch.Modified, "watched", 3},
			event{watch.Deleted, "watched", 3},
		)
	}},
	{"Watch without a resourceVersion starts with the existing objects; from a List's resourceVersion it replays only later changes", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		s.create(c, widget("a", nil, 1))
		s.create(c, widget("b", nil, 1))
		list, err := c.List(s.ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s.create(c, widget("c", nil, 1))
		if _, err := c.Patch(s.ctx, "a", types.MergePatchType, []byte(`{"spec":{"size":2}}`), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := c.Delete(s.ctx, "b", metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		fromList := s.watch(c, metav1.ListOptions{ResourceVersion: list.ResourceVersion})
		s.wantEvents(fromList, event{watch.Added, "c", 1}, event{watch.Modified, "a", 2}, event{watch.Deleted, "b", 1})

		fromNow := s.watch(c, metav1.ListOptions{})
		var initial []string
		for range 2 {
			e := s.nextWidget(fromNow)
			if e.Type != watch.Added {
				t.Fatalf("watch without a resourceVersion: got %+v, want ADDED events for the existing objects", e)
			}
			initial = append(initial, e.Name)
		}
		slices.Sort(initial)
		if !slices.Equal(initial, []string{"a", "c"}) {
			t.Fatalf("watch without a resourceVersion started with %v, want [a c]", initial)
		}
		s.create(c, widget("d", nil, 1))
		s.wantEvents(fromNow, event{watch.Added, "d", 1})
	}},
	{"Watch with a label selector sees an object enter as ADDED and leave as DELETED", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		created := s.create(c, widget("w1", map[string]string{"app": "other"}, 1))
		w := s.watch(c, metav1.ListOptions{LabelSelector: "app=watched", ResourceVersion: created.ResourceVersion})
		steps := []string{"watched", "other", "watched"}
		cur := created
		for i, label := range steps {
			cur.Labels["app"] = label
			cur.Spec.Size = int32(i + 2)
			next, err := c.Update(s.ctx, cur, metav1.UpdateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			cur = next
		}
		// Leaving the selector, the object is reported as it was before
		// the change that took it out (size 2, not 3).
		s.wantEvents(w, event{watch.Added, "w1", 2}, event{watch.Deleted, "w1", 2}, event{watch.Added, "w1", 4})
	}},
	{"Watch of one namespace does not see another's, and a watch of all namespaces sees both", func(t *testing.T, s *suite) {
		c1, ns1 := s.widgets()
		c2, ns2 := s.widgets()
		w1 := s.watch(c1, metav1.ListOptions{})
		all := s.watch(s.Clientset.ExampleV1().Widgets(metav1.NamespaceAll), metav1.ListOptions{FieldSelector: "metadata.namespace!=default"})
		s.create(c2, widget("in-two", nil, 1))
		s.create(c1, widget("in-one", nil, 1))
		s.wantEvents(w1, event{watch.Added, "in-one", 1})
		seen := map[string]bool{}
		for len(seen) < 2 {
			e := s.next(all)
			obj, ok := e.Object.(*examplev1.Widget)
			if !ok {
				t.Fatalf("all-namespace watch: event %s with %T", e.Type, e.Object)
			}
			if obj.Namespace == ns1 || obj.Namespace == ns2 {
				seen[obj.Namespace+"/"+obj.Name] = true
			}
		}
		if !seen[ns1+"/in-one"] || !seen[ns2+"/in-two"] {
			t.Fatalf("all-namespace watch saw %v, want both widgets", seen)
		}
	}},
	{"Watch with timeoutSeconds ends by itself", func(t *testing.T, s *suite) {
		c, _ := s.widgets()
		timeout := int64(1)
		w := s.watch(c, metav1.ListOptions{TimeoutSeconds: &timeout})
		deadline := time.After(30 * time.Second)
		for {
			select {
			case _, ok := <-w.ResultChan():
				if !ok {
					return
				}
			case <-deadline:
				t.Fatal("a watch with timeoutSeconds 1 was still open after 30s")
			}
		}
	}},
	{"cluster-scoped objects have no namespace and are selected by label", func(t *testing.T, s *suite) {
		token := s.Namespace(t) // unique per run, so parallel runs on a server do not collide
		c := s.Clientset.OpsV1alpha1().ClusterPolicies()
		mk := func(name string, enforce bool) {
			t.Helper()
			p := &opsv1alpha1.ClusterPolicy{
				ObjectMeta: metav1.ObjectMeta{Name: token + "-" + name, Namespace: "ignored", Labels: map[string]string{"run": token}},
				Spec:       opsv1alpha1.ClusterPolicySpec{Enforce: enforce},
			}
			got, err := c.Create(s.ctx, p, metav1.CreateOptions{})
			if err != nil {
				t.Fatalf("Create of cluster policy %s: %v", p.Name, err)
			}
			if got.Namespace != "" {
				t.Fatalf("Create of a cluster-scoped object kept namespace %q; want none", got.Namespace)
			}
			t.Cleanup(func() { _ = c.Delete(context.Background(), p.Name, metav1.DeleteOptions{}) })
		}
		mk("a", true)
		mk("b", false)
		list, err := c.List(s.ctx, metav1.ListOptions{LabelSelector: "run=" + token, FieldSelector: "metadata.name=" + token + "-b"})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != 1 || list.Items[0].Name != token+"-b" {
			t.Fatalf("List of cluster policies by label and name: %d items, want %s-b", len(list.Items), token)
		}
		got, err := c.Get(s.ctx, token+"-a", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got.Spec.Rules = []string{"deny"}
		updated, err := c.Update(s.ctx, got, metav1.UpdateOptions{})
		if err != nil || !slices.Equal(updated.Spec.Rules, []string{"deny"}) || !updated.Spec.Enforce {
			t.Fatalf("Update of a cluster policy: %+v, %v", updated, err)
		}
		_, err = c.Patch(s.ctx, token+"-a", types.MergePatchType, []byte(`{"status":{}}`), metav1.PatchOptions{}, "status")
		s.wantErr("Patch of the status of a resource without a status subresource", err, apierrors.IsNotFound, "NotFound")
		if err := c.DeleteCollection(s.ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "run=" + token}); err != nil {
			t.Fatalf("DeleteCollection of cluster policies: %v", err)
		}
		list, err = c.List(s.ctx, metav1.ListOptions{LabelSelector: "run=" + token})
		if err != nil || len(list.Items) != 0 {
			t.Fatalf("after DeleteCollection: %d cluster policies, %v; want none", len(list.Items), err)
		}
	}},
}
