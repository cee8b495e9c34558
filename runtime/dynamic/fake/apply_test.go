package fake_test

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"sigs.k8s.io/structured-merge-diff/v6/typed"

	dynamicfake "github.com/clientgen/clientgen/runtime/dynamic/fake"
	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

// gadgetSchema types toys.example.com/v1 Gadget, a kind no Go type has:
// spec.ports is a list keyed by name.
const gadgetSchema typed.YAMLObject = `types:
- name: gadget
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
        map:
          fields:
          - name: color
            type:
              scalar: string
          - name: size
            type:
              scalar: numeric
          - name: ports
            type:
              list:
                elementType:
                  map:
                    fields:
                    - name: name
                      type:
                        scalar: string
                    - name: port
                      type:
                        scalar: numeric
                elementRelationship: associative
                keys:
                - name
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
`

// gadgetConverter is a managedfields.TypeConverter of unstructured Gadgets
// only, the way a test would write one for a kind without Go types; the
// tracker keeps the deduced converter for every other kind.
type gadgetConverter struct{ parser *typed.Parser }

func (c gadgetConverter) ObjectToTyped(obj runtime.Object, opts ...typed.ValidationOptions) (*typed.TypedValue, error) {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok || u.GetKind() != "Gadget" {
		return nil, fmt.Errorf("gadgetConverter: %T %s is not a Gadget", obj, obj.GetObjectKind().GroupVersionKind())
	}
	return c.parser.Type("gadget").FromUnstructured(u.Object, opts...)
}

func (c gadgetConverter) TypedToObject(v *typed.TypedValue) (runtime.Object, error) {
	m, ok := v.AsValue().Unstructured().(map[string]any)
	if !ok {
		return nil, errors.New("gadgetConverter: not an object")
	}
	return &unstructured.Unstructured{Object: m}, nil
}

var _ managedfields.TypeConverter = gadgetConverter{}

// gadgetWith returns gadget g with the given spec (none if nil).
func gadgetWith(spec map[string]any) *unstructured.Unstructured {
	g := gadget("g", "ns", "")
	if spec == nil {
		delete(g.Object, "spec")
	} else {
		g.Object["spec"] = spec
	}
	return g
}

// managers returns "manager operation" of each managedFields entry, sorted.
func managers(obj *unstructured.Unstructured) []string {
	var out []string
	for _, e := range obj.GetManagedFields() {
		out = append(out, e.Manager+" "+string(e.Operation))
	}
	sort.Strings(out)
	return out
}

func TestDynamicApplyTracksFieldOwnershipWithTheTrackersApply(t *testing.T) {
	type call struct {
		manager string
		force   bool
		spec    map[string]any
		wantErr string // a substring of the Conflict's message; "" for success
	}
	tests := []struct {
		name         string
		withSchema   bool
		calls        []call
		wantSpec     map[string]any
		wantManagers []string
	}{{
		name: "a second manager changing the first's field is a Conflict naming it",
		calls: []call{
			{manager: "alpha", spec: map[string]any{"color": "red"}},
			{manager: "beta", spec: map[string]any{"color": "blue"}, wantErr: `conflict with "alpha": .spec.color`},
		},
		wantSpec:     map[string]any{"color": "red"},
		wantManagers: []string{"alpha Apply"},
	}, {
		name: "force moves the field and the first manager's apply without it keeps it",
		calls: []call{
			{manager: "alpha", spec: map[string]any{"color": "red", "size": int64(1)}},
			{manager: "beta", force: true, spec: map[string]any{"color": "blue"}},
			{manager: "alpha", spec: map[string]any{"size": int64(2)}},
		},
		wantSpec:     map[string]any{"color": "blue", "size": int64(2)},
		wantManagers: []string{"alpha Apply", "beta Apply"},
	}, {
		name: "a field its only manager stops applying is removed, one shared with another manager stays",
		calls: []call{
			{manager: "alpha", spec: map[string]any{"color": "red", "size": int64(1)}},
			{manager: "beta", spec: map[string]any{"size": int64(1)}},
			{manager: "alpha"},
		},
		wantSpec:     map[string]any{"size": int64(1)},
		wantManagers: []string{"beta Apply"},
	}, {
		name:       "a keyed list merges by key with the tracker's type converter",
		withSchema: true,
		calls: []call{
			{manager: "alpha", spec: map[string]any{"ports": []any{map[string]any{"name": "http", "port": int64(80)}}}},
			{manager: "beta", spec: map[string]any{"ports": []any{map[string]any{"name": "metrics", "port": int64(9090)}}}},
		},
		wantSpec: map[string]any{"ports": []any{
			map[string]any{"name": "http", "port": int64(80)},
			map[string]any{"name": "metrics", "port": int64(9090)},
		}},
		wantManagers: []string{"alpha Apply", "beta Apply"},
	}, {
		name: "a list is atomic with the deduced converter",
		calls: []call{
			{manager: "alpha", spec: map[string]any{"ports": []any{map[string]any{"name": "http", "port": int64(80)}}}},
			{manager: "beta", spec: map[string]any{"ports": []any{map[string]any{"name": "metrics", "port": int64(9090)}}}, wantErr: `conflict with "alpha": .spec.ports`},
		},
		wantSpec:     map[string]any{"ports": []any{map[string]any{"name": "http", "port": int64(80)}}},
		wantManagers: []string{"alpha Apply"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dyn := dynamicfake.NewSimpleDynamicClient(nil)
			if tt.withSchema {
				parser, err := typed.NewParser(gadgetSchema)
				if err != nil {
					t.Fatal(err)
				}
				dyn.Tracker().(*clienttesting.Tracker).SetTypeConverter(gadgetConverter{parser})
			}
			r := dyn.Resource(gadgets).Namespace("ns")
			for i, c := range tt.calls {
				_, err := r.Apply(t.Context(), "g", gadgetWith(c.spec), metav1.ApplyOptions{FieldManager: c.manager, Force: c.force})
				switch {
				case c.wantErr == "" && err != nil:
					t.Fatalf("apply %d by %s: %v", i, c.manager, err)
				case c.wantErr != "" && (!apierrors.IsConflict(err) || !strings.Contains(err.Error(), c.wantErr)):
					t.Fatalf("apply %d by %s: error %v, want a Conflict saying %q", i, c.manager, err, c.wantErr)
				}
			}
			got, err := r.Get(t.Context(), "g", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if spec, _, _ := unstructured.NestedMap(got.Object, "spec"); fmt.Sprint(spec) != fmt.Sprint(tt.wantSpec) {
				t.Errorf("spec = %v, want %v", spec, tt.wantSpec)
			}
			if m := managers(got); !slices.Equal(m, tt.wantManagers) {
				t.Errorf("managers = %q, want %q", m, tt.wantManagers)
			}
		})
	}
}

func TestDynamicAndTypedClientsShareOneApply(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := examplev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	tracker := clienttesting.NewObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDecoder(), clienttesting.Resource{
		GVR: widgets, Kind: "Widget", Namespaced: true, Subresources: []string{"status"},
	})
	// A typed client's apply goes through the tracker's reactor too.
	typedFake := &clienttesting.Fake{}
	typedFake.AddReactor("*", "*", clienttesting.ObjectReaction(tracker))
	cfg := `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"ns"},"spec":{"color":"red"}}`
	if _, err := typedFake.Invokes(clienttesting.NewPatchActionWithOptions(widgets, "ns", "w", "application/apply-patch+yaml", []byte(cfg), metav1.PatchOptions{FieldManager: "typed"}), nil); err != nil {
		t.Fatal(err)
	}
	stored, err := tracker.Get(widgets, "ns", "w")
	if err != nil {
		t.Fatal(err)
	}
	if w := stored.(*examplev1.Widget); w.Spec.Color != "red" || len(w.ManagedFields) != 1 || w.ManagedFields[0].Manager != "typed" {
		t.Fatalf("the typed apply stored %+v with managedFields %+v", w.Spec, w.ManagedFields)
	}

	dyn := dynamicfake.NewDynamicClientForTracker(tracker, scheme)
	r := dyn.Resource(widgets).Namespace("ns")
	blue := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": "w", "namespace": "ns"},
		"spec":     map[string]any{"color": "blue"},
	}}
	if _, err := r.Apply(t.Context(), "w", blue, metav1.ApplyOptions{FieldManager: "dynamic"}); !apierrors.IsConflict(err) || !strings.Contains(err.Error(), `conflict with "typed"`) {
		t.Fatalf("a dynamic apply of the typed manager's field: %v, want a Conflict naming \"typed\"", err)
	}
	got, err := r.Apply(t.Context(), "w", blue, metav1.ApplyOptions{FieldManager: "dynamic", Force: true})
	if err != nil {
		t.Fatal(err)
	}
	// The deduced schema records the spec map itself as owned too, so
	// the typed manager keeps an entry, without the color.
	for _, e := range got.GetManagedFields() {
		owns := strings.Contains(string(e.FieldsV1.Raw), `"f:color"`)
		if owns != (e.Manager == "dynamic") {
			t.Errorf("after the forced dynamic apply %s owns %s; want the color moved to dynamic", e.Manager, e.FieldsV1.Raw)
		}
	}
	stored, err = tracker.Get(widgets, "ns", "w")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := stored.(*examplev1.Widget); !ok {
		t.Errorf("the tracker stores a %T after the dynamic apply, want the typed *Widget it stored", stored)
	}
}
