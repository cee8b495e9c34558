package testing_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"sigs.k8s.io/structured-merge-diff/v6/typed"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

// widgetSchema is the structured-merge schema of runtime/internal/example/v1's
// Widget as clientgen generates it from the markers (spec.ports is
// +listType=map keyed by name), under the OpenAPI names the scheme gives the
// Go types; metadata is left to deduction, which is all these tests need.
const widgetSchema typed.YAMLObject = `types:
- name: __untyped_atomic_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
- name: __untyped_deduced_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_deduced_
    elementRelationship: separable
- name: com.github.clientgen.clientgen.runtime.internal.example.v1.Widget
  map:
    fields:
    - name: apiVersion
      type:
        scalar: string
    - name: kind
      type:
        scalar: string
    - name: metadata
      type:
        namedType: __untyped_deduced_
    - name: spec
      type:
        namedType: com.github.clientgen.clientgen.runtime.internal.example.v1.WidgetSpec
    - name: status
      type:
        namedType: com.github.clientgen.clientgen.runtime.internal.example.v1.WidgetStatus
- name: com.github.clientgen.clientgen.runtime.internal.example.v1.WidgetPort
  map:
    fields:
    - name: name
      type:
        scalar: string
    - name: port
      type:
        scalar: numeric
- name: com.github.clientgen.clientgen.runtime.internal.example.v1.WidgetSpec
  map:
    fields:
    - name: color
      type:
        scalar: string
    - name: ports
      type:
        list:
          elementType:
            namedType: com.github.clientgen.clientgen.runtime.internal.example.v1.WidgetPort
          elementRelationship: associative
          keys:
          - name
    - name: size
      type:
        scalar: numeric
    - name: tags
      type:
        list:
          elementType:
            scalar: string
          elementRelationship: atomic
- name: com.github.clientgen.clientgen.runtime.internal.example.v1.WidgetStatus
  map:
    fields:
    - name: observedSize
      type:
        scalar: numeric
    - name: phase
      type:
        scalar: string
`

// schemaConverter is what a generated fake clientset passes to
// SetTypeConverter: the scheme's kinds typed by the schema.
func schemaConverter(t testing.TB) managedfields.TypeConverter {
	t.Helper()
	parser, err := typed.NewParser(widgetSchema)
	if err != nil {
		t.Fatal(err)
	}
	scheme := runtime.NewScheme()
	if err := examplev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	return managedfields.NewSchemeTypeConverter(scheme, parser)
}

// applyCall is one request of an apply test: an apply (cfg is the spec, or
// with status set the status, as JSON) or, with verb set, a create, update
// or merge patch of the spec.
type applyCall struct {
	verb    string // "" (apply), "apply-status", "create", "update", "patch"
	manager string
	force   bool
	spec    string // JSON of the spec (of the status for apply-status)
	// wantErr, when set, is what the call must fail with; errHas are
	// strings its message must contain.
	wantErr func(error) bool
	errHas  []string
}

func (c applyCall) action(t testing.TB, s *server) clienttesting.Action {
	t.Helper()
	switch c.verb {
	case "", "apply-status":
		part := "spec"
		if c.verb == "apply-status" {
			part = "status"
		}
		cfg := fmt.Sprintf(`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"ns"},%q:%s}`, part, c.spec)
		opts := metav1.PatchOptions{FieldManager: c.manager}
		if c.force {
			opts.Force = &c.force
		}
		if part == "status" {
			return clienttesting.NewPatchSubresourceActionWithOptions(widgetsGVR, "ns", "w", types.ApplyPatchType, []byte(cfg), opts, "status")
		}
		return clienttesting.NewPatchActionWithOptions(widgetsGVR, "ns", "w", types.ApplyPatchType, []byte(cfg), opts)
	case "patch":
		return clienttesting.NewPatchActionWithOptions(widgetsGVR, "ns", "w", types.MergePatchType,
			[]byte(`{"spec":`+c.spec+`}`), metav1.PatchOptions{FieldManager: c.manager})
	}
	w := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"}}
	if c.verb == "update" {
		cur, err := s.tracker.Get(widgetsGVR, "ns", "w")
		if err != nil {
			t.Fatal(err)
		}
		w = cur.(*examplev1.Widget)
		w.Spec = examplev1.WidgetSpec{}
	}
	if err := json.Unmarshal([]byte(c.spec), &w.Spec); err != nil {
		t.Fatal(err)
	}
	if c.verb == "create" {
		return clienttesting.NewCreateActionWithOptions(widgetsGVR, "ns", w, metav1.CreateOptions{FieldManager: c.manager})
	}
	return clienttesting.NewUpdateActionWithOptions(widgetsGVR, "ns", w, metav1.UpdateOptions{FieldManager: c.manager})
}

// ownedFields returns each managedFields entry as "manager operation
// [subresource]" -> the paths it owns ("f:" prefixes dropped, "."
// entries left out), sorted.
func ownedFields(t testing.TB, obj runtime.Object) map[string][]string {
	t.Helper()
	m, err := meta.Accessor(obj)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, e := range m.GetManagedFields() {
		key := strings.TrimSpace(e.Manager + " " + string(e.Operation) + " " + e.Subresource)
		var tree map[string]any
		if e.FieldsV1 != nil {
			if err := json.Unmarshal(e.FieldsV1.Raw, &tree); err != nil {
				t.Fatal(err)
			}
		}
		var paths []string
		var walk func(map[string]any, string)
		walk = func(tree map[string]any, prefix string) {
			for k, v := range tree {
				if k == "." {
					continue
				}
				p := strings.TrimPrefix(prefix+"."+strings.TrimPrefix(k, "f:"), ".")
				paths = append(paths, p)
				if sub, ok := v.(map[string]any); ok {
					walk(sub, p)
				}
			}
		}
		walk(tree, "")
		sort.Strings(paths)
		out[key] = paths
	}
	return out
}

func TestServerSideApplyKeepsFieldOwnershipAsTheServerDoes(t *testing.T) {
	port := func(name string) string { return `spec.ports.k:{"name":"` + name + `"}` }
	tests := []struct {
		name string
		// deduced leaves the tracker with its default converter.
		deduced bool
		calls   []applyCall
		// wantSpec is the final spec as JSON; wantOwners the final
		// owners, each with (at least) the fields listed; notOwned
		// fields the manager must not own.
		wantSpec   string
		wantStatus string
		wantOwners map[string][]string
		notOwned   map[string][]string
	}{{
		name: "two managers applying disjoint fields each own theirs",
		calls: []applyCall{
			{manager: "one", spec: `{"color":"red"}`},
			{manager: "two", spec: `{"size":3}`},
		},
		wantSpec:   `{"size":3,"color":"red"}`,
		wantOwners: map[string][]string{"one Apply": {"spec.color"}, "two Apply": {"spec.size"}},
		notOwned:   map[string][]string{"one Apply": {"spec.size"}, "two Apply": {"spec.color"}},
	}, {
		name: "a second manager applying another value of a field is a Conflict naming the first manager and the field",
		calls: []applyCall{
			{manager: "one", spec: `{"color":"red"}`},
			{manager: "two", spec: `{"color":"blue"}`, wantErr: apierrors.IsConflict,
				errHas: []string{`Apply failed with 1 conflict: conflict with "one": .spec.color`}},
		},
		wantSpec:   `{"color":"red"}`,
		wantOwners: map[string][]string{"one Apply": {"spec.color"}},
	}, {
		name: "a second manager applying the same value shares the field",
		calls: []applyCall{
			{manager: "one", spec: `{"color":"red"}`},
			{manager: "two", spec: `{"color":"red"}`},
		},
		wantSpec:   `{"color":"red"}`,
		wantOwners: map[string][]string{"one Apply": {"spec.color"}, "two Apply": {"spec.color"}},
	}, {
		name: "force moves the field to the forcing manager, and the first manager's apply without it keeps it",
		calls: []applyCall{
			{manager: "one", spec: `{"color":"red","size":1}`},
			{manager: "two", spec: `{"color":"blue"}`, force: true},
			{manager: "one", spec: `{"size":2}`},
		},
		wantSpec:   `{"size":2,"color":"blue"}`,
		wantOwners: map[string][]string{"one Apply": {"spec.size"}, "two Apply": {"spec.color"}},
		notOwned:   map[string][]string{"one Apply": {"spec.color"}},
	}, {
		name: "a field its only manager stops applying is removed",
		calls: []applyCall{
			{manager: "one", spec: `{"color":"red","size":1}`},
			{manager: "one", spec: `{"size":1}`},
		},
		wantSpec:   `{"size":1}`,
		wantOwners: map[string][]string{"one Apply": {"spec.size"}},
		notOwned:   map[string][]string{"one Apply": {"spec.color"}},
	}, {
		name: "a field another manager also applies stays when one manager stops applying it",
		calls: []applyCall{
			{manager: "one", spec: `{"color":"red","size":1}`},
			{manager: "two", spec: `{"color":"red"}`},
			{manager: "one", spec: `{"size":1}`},
		},
		wantSpec:   `{"size":1,"color":"red"}`,
		wantOwners: map[string][]string{"one Apply": {"spec.size"}, "two Apply": {"spec.color"}},
		notOwned:   map[string][]string{"one Apply": {"spec.color"}},
	}, {
		name: "a list keyed by name merges the managers' items with the schema converter, and an item its manager drops goes",
		calls: []applyCall{
			{manager: "one", spec: `{"ports":[{"name":"http","port":80}]}`},
			{manager: "two", spec: `{"ports":[{"name":"metrics","port":9090}]}`},
			{manager: "two", spec: `{"ports":[{"name":"http","port":8080}]}`, wantErr: apierrors.IsConflict,
				errHas: []string{`conflict with "one"`, `.spec.ports[name="http"].port`}},
			{manager: "one", spec: `{"size":1}`},
		},
		wantSpec:   `{"size":1,"ports":[{"name":"metrics","port":9090}]}`,
		wantOwners: map[string][]string{"one Apply": {"spec.size"}, "two Apply": {port("metrics"), port("metrics") + ".port"}},
		notOwned:   map[string][]string{"one Apply": {port("http")}},
	}, {
		name:    "a list is atomic with the deduced converter: a second manager's items conflict",
		deduced: true,
		calls: []applyCall{
			{manager: "one", spec: `{"ports":[{"name":"http","port":80}]}`},
			{manager: "two", spec: `{"ports":[{"name":"metrics","port":9090}]}`, wantErr: apierrors.IsConflict,
				errHas: []string{`conflict with "one": .spec.ports`}},
		},
		wantSpec:   `{"ports":[{"name":"http","port":80}]}`,
		wantOwners: map[string][]string{"one Apply": {"spec.ports"}},
	}, {
		name: "create, update and patch with a field manager record it with operation Update, and apply conflicts with it",
		calls: []applyCall{
			{verb: "create", manager: "creator", spec: `{"color":"red","size":1}`},
			{verb: "update", manager: "editor", spec: `{"color":"red","size":5}`},
			{verb: "patch", manager: "patcher", spec: `{"tags":["x"]}`},
			{manager: "applier", spec: `{"size":7}`, wantErr: apierrors.IsConflict, errHas: []string{`conflict with "editor" using example.com/v1`}},
		},
		wantSpec: `{"size":5,"color":"red","tags":["x"]}`,
		wantOwners: map[string][]string{
			"creator Update": {"spec.color"}, "editor Update": {"spec.size"}, "patcher Update": {"spec.tags"},
		},
		notOwned: map[string][]string{"creator Update": {"spec.size"}},
	}, {
		name: "an update without a field manager keeps the stored managedFields",
		calls: []applyCall{
			{manager: "one", spec: `{"color":"red"}`},
			{verb: "update", spec: `{"color":"red","size":2}`},
		},
		wantSpec:   `{"size":2,"color":"red"}`,
		wantOwners: map[string][]string{"one Apply": {"spec.color"}},
	}, {
		name: "apply of the status subresource changes only the status and records the subresource",
		calls: []applyCall{
			{manager: "one", spec: `{"color":"red"}`},
			{verb: "apply-status", manager: "controller", spec: `{"phase":"Ready"}`},
		},
		wantSpec:   `{"color":"red"}`,
		wantStatus: `{"phase":"Ready"}`,
		wantOwners: map[string][]string{"one Apply": {"spec.color"}, "controller Apply status": {"status.phase"}},
		notOwned:   map[string][]string{"controller Apply status": {"spec.color"}},
	}, {
		name: "apply without a field manager is Invalid and creates nothing",
		calls: []applyCall{
			{spec: `{"color":"red"}`, wantErr: apierrors.IsInvalid, errHas: []string{"fieldManager"}},
			{manager: "one", spec: `{"size":1}`},
		},
		wantSpec:   `{"size":1}`,
		wantOwners: map[string][]string{"one Apply": {"spec.size"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			if !tt.deduced {
				s.tracker.SetTypeConverter(schemaConverter(t))
			}
			for i, c := range tt.calls {
				_, err := s.do(c.action(t, s))
				switch {
				case c.wantErr == nil && err != nil:
					t.Fatalf("call %d (%s by %q): %v", i, c.verb, c.manager, err)
				case c.wantErr != nil && (err == nil || !c.wantErr(err)):
					t.Fatalf("call %d (%s by %q): error %v (reason %q), want another", i, c.verb, c.manager, err, apierrors.ReasonForError(err))
				}
				for _, want := range c.errHas {
					if !strings.Contains(err.Error(), want) {
						t.Fatalf("call %d: error %q, want it to say %q", i, err, want)
					}
				}
			}
			got, err := s.tracker.Get(widgetsGVR, "ns", "w")
			if err != nil {
				t.Fatal(err)
			}
			w := got.(*examplev1.Widget)
			var wantSpec examplev1.WidgetSpec
			if err := json.Unmarshal([]byte(tt.wantSpec), &wantSpec); err != nil {
				t.Fatal(err)
			}
			gotSpec, _ := json.Marshal(w.Spec)
			wantSpecJSON, _ := json.Marshal(wantSpec)
			if string(gotSpec) != string(wantSpecJSON) {
				t.Errorf("spec = %s, want %s", gotSpec, wantSpecJSON)
			}
			var wantStatus examplev1.WidgetStatus
			if tt.wantStatus != "" {
				if err := json.Unmarshal([]byte(tt.wantStatus), &wantStatus); err != nil {
					t.Fatal(err)
				}
			}
			if w.Status != wantStatus {
				t.Errorf("status = %+v, want %+v", w.Status, wantStatus)
			}
			owned := ownedFields(t, w)
			var managers, wantManagers []string
			for k := range owned {
				managers = append(managers, k)
			}
			for k := range tt.wantOwners {
				wantManagers = append(wantManagers, k)
			}
			sort.Strings(managers)
			sort.Strings(wantManagers)
			if !slices.Equal(managers, wantManagers) {
				t.Fatalf("managers %q, want %q (owned: %v)", managers, wantManagers, owned)
			}
			for k, fields := range tt.wantOwners {
				for _, f := range fields {
					if !slices.Contains(owned[k], f) {
						t.Errorf("%s owns %q, want it to own %s", k, owned[k], f)
					}
				}
			}
			for k, fields := range tt.notOwned {
				for _, f := range fields {
					if slices.Contains(owned[k], f) {
						t.Errorf("%s owns %q, want it not to own %s", k, owned[k], f)
					}
				}
			}
		})
	}
}

func TestAConflictCarriesTheManagersAndFieldsInItsStatusCauses(t *testing.T) {
	s := newServer(t)
	s.tracker.SetTypeConverter(schemaConverter(t))
	for _, c := range []applyCall{
		{manager: "one", spec: `{"color":"red"}`},
		{manager: "two", spec: `{"size":1}`},
	} {
		s.must(c.action(t, s))
	}
	_, err := s.do(applyCall{manager: "three", spec: `{"color":"blue","size":2}`}.action(t, s))
	if !apierrors.IsConflict(err) {
		t.Fatalf("apply of two managers' fields: %v, want Conflict", err)
	}
	status := err.(apierrors.APIStatus).Status()
	var causes []string
	for _, c := range status.Details.Causes {
		causes = append(causes, fmt.Sprintf("%s %s %s", c.Type, c.Field, c.Message))
	}
	sort.Strings(causes)
	want := []string{
		`FieldManagerConflict .spec.color conflict with "one"`,
		`FieldManagerConflict .spec.size conflict with "two"`,
	}
	if status.Code != 409 || !slices.Equal(causes, want) {
		t.Errorf("status %d with causes %q, want 409 with %q", status.Code, causes, want)
	}
}

func TestTrackerApplyIsTheSameApply(t *testing.T) {
	s := newServer(t)
	cfg := &examplev1.Widget{
		TypeMeta:   metav1.TypeMeta{APIVersion: "example.com/v1", Kind: "Widget"},
		ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns"},
		Spec:       examplev1.WidgetSpec{Color: "red"},
	}
	if err := s.tracker.Apply(widgetsGVR, cfg, "ns", metav1.PatchOptions{FieldManager: "one"}); err != nil {
		t.Fatal(err)
	}
	cfg.Spec.Color = "blue"
	if err := s.tracker.Apply(widgetsGVR, cfg, "ns", metav1.PatchOptions{FieldManager: "two"}); !apierrors.IsConflict(err) {
		t.Fatalf("Tracker.Apply of one's field by two: %v, want Conflict", err)
	}
	if err := s.tracker.Apply(widgetsGVR, cfg, "ns"); !apierrors.IsInvalid(err) {
		t.Fatalf("Tracker.Apply without a field manager: %v, want Invalid", err)
	}
	got, err := s.tracker.Get(widgetsGVR, "ns", "w")
	if err != nil {
		t.Fatal(err)
	}
	if owned := ownedFields(t, got); !slices.Equal(owned["one Apply"], []string{"spec", "spec.color"}) || len(owned) != 1 {
		t.Errorf("owned fields %v, want one's spec.color only", owned)
	}
}
