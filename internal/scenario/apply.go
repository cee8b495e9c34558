package scenario

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	applyexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/applyconfiguration/example/v1"
	typedexamplev1 "github.com/clientgen/clientgen/testdata/golden/crds/clientset/typed/example/v1"
)

// The server-side apply scenarios: field ownership as managedFields show it
// (manager, operation and owned fields; never times), conflicts, force, a
// list merged by key (Widget's spec.ports, +listType=map by name) and the
// removal of a field its manager stops applying.

// owned returns each manager's operation and the fields it owns, as
// "manager operation" -> sorted paths such as "spec.color" and
// `spec.ports.k:{"name":"http"}.port`.
func (s *suite) owned(w *examplev1.Widget) map[string][]string {
	s.t.Helper()
	out := map[string][]string{}
	for _, e := range w.ManagedFields {
		key := e.Manager + " " + string(e.Operation)
		if e.Subresource != "" {
			key += " " + e.Subresource
		}
		if _, dup := out[key]; dup {
			s.t.Fatalf("managedFields of %s list %q twice: %+v", w.Name, key, w.ManagedFields)
		}
		var tree map[string]any
		if e.FieldsV1 != nil {
			if err := json.Unmarshal(e.FieldsV1.Raw, &tree); err != nil {
				s.t.Fatalf("managedFields entry %q of %s: fieldsV1 %s: %v", key, w.Name, e.FieldsV1.Raw, err)
			}
		}
		var paths []string
		walkFields(tree, "", &paths)
		sort.Strings(paths)
		out[key] = paths
	}
	return out
}

// walkFields lists the paths of a fieldsV1 tree: "f:spec" -> "spec", a list
// item "k:{...}" as it is, "." (the item itself) left out.
func walkFields(tree map[string]any, prefix string, paths *[]string) {
	for k, v := range tree {
		if k == "." {
			continue
		}
		name := strings.TrimPrefix(k, "f:")
		if prefix != "" {
			name = prefix + "." + name
		}
		*paths = append(*paths, name)
		if sub, ok := v.(map[string]any); ok {
			walkFields(sub, name, paths)
		}
	}
}

// wantOwners fails unless the managers of w are exactly want (keys
// "manager operation") and each owns at least the given fields, and none
// owns a field listed under "!"+key.
func (s *suite) wantOwners(what string, w *examplev1.Widget, want map[string][]string, notOwned map[string][]string) {
	s.t.Helper()
	got := s.owned(w)
	var gotKeys, wantKeys []string
	for k := range got {
		gotKeys = append(gotKeys, k)
	}
	for k := range want {
		wantKeys = append(wantKeys, k)
	}
	sort.Strings(gotKeys)
	sort.Strings(wantKeys)
	if !slices.Equal(gotKeys, wantKeys) {
		s.t.Fatalf("%s: managers %q, want %q (owned fields %v)", what, gotKeys, wantKeys, got)
	}
	for k, fields := range want {
		for _, f := range fields {
			if !slices.Contains(got[k], f) {
				s.t.Fatalf("%s: %s owns %q, want it to own %s", what, k, got[k], f)
			}
		}
	}
	for k, fields := range notOwned {
		for _, f := range fields {
			if slices.Contains(got[k], f) {
				s.t.Fatalf("%s: %s owns %q, want it not to own %s", what, k, got[k], f)
			}
		}
	}
}

func (s *suite) apply(c typedexamplev1.WidgetInterface, cfg *applyexamplev1.WidgetApplyConfiguration, manager string, force bool) (*examplev1.Widget, error) {
	s.t.Helper()
	return c.Apply(s.ctx, cfg, metav1.ApplyOptions{FieldManager: manager, Force: force})
}

func (s *suite) mustApply(c typedexamplev1.WidgetInterface, cfg *applyexamplev1.WidgetApplyConfiguration, manager string, force bool) *examplev1.Widget {
	s.t.Helper()
	w, err := s.apply(c, cfg, manager, force)
	if err != nil {
		s.t.Fatalf("Apply by %q: %v", manager, err)
	}
	return w
}

func spec(ns string) (*applyexamplev1.WidgetApplyConfiguration, *applyexamplev1.WidgetSpecApplyConfiguration) {
	sp := applyexamplev1.WidgetSpec()
	return applyexamplev1.Widget("w", ns).WithSpec(sp), sp
}

// ports returns the widget's ports as "name=port", sorted by name.
func ports(w *examplev1.Widget) []string {
	var out []string
	for _, p := range w.Spec.Ports {
		out = append(out, fmt.Sprintf("%s=%d", p.Name, p.Port))
	}
	sort.Strings(out)
	return out
}

const (
	colorField = "spec.color"
	sizeField  = "spec.size"
)

var applyScenarios = []scenario{
	{"Apply by two managers of disjoint fields: each owns its own, managedFields list both", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		cfg, sp := spec(ns)
		sp.WithColor("red")
		s.mustApply(c, cfg, "one", false)
		cfg, sp = spec(ns)
		sp.WithSize(3)
		got := s.mustApply(c, cfg, "two", false)
		if got.Spec.Color != "red" || got.Spec.Size != 3 {
			t.Fatalf("after both applies: spec %+v, want color red (one's) and size 3 (two's)", got.Spec)
		}
		s.wantOwners("after both applies", got,
			map[string][]string{"one Apply": {colorField}, "two Apply": {sizeField}},
			map[string][]string{"one Apply": {sizeField}, "two Apply": {colorField}})
		// Get shows the same ownership as the apply's answer.
		stored, err := c.Get(s.ctx, "w", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s.wantOwners("Get after both applies", stored,
			map[string][]string{"one Apply": {colorField}, "two Apply": {sizeField}}, nil)
	}},
	{"Apply of another manager's field with another value is a Conflict naming the manager and the field", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		cfg, sp := spec(ns)
		sp.WithColor("red")
		s.mustApply(c, cfg, "one", false)
		cfg, sp = spec(ns)
		sp.WithColor("blue")
		_, err := s.apply(c, cfg, "two", false)
		s.wantErr("Apply of one's color by two", err, apierrors.IsConflict, "Conflict")
		if !strings.Contains(err.Error(), `conflict with "one"`) || !strings.Contains(err.Error(), ".spec.color") {
			t.Fatalf("the conflict says %q; want it to name manager \"one\" and .spec.color", err)
		}
		status, _ := err.(apierrors.APIStatus)
		var causes []string
		if d := status.Status().Details; d != nil {
			for _, cause := range d.Causes {
				causes = append(causes, string(cause.Type)+" "+cause.Field+" "+cause.Message)
			}
		}
		want := []string{string(metav1.CauseTypeFieldManagerConflict) + ` .spec.color conflict with "one"`}
		if !slices.Equal(causes, want) {
			t.Fatalf("the conflict's causes are %q, want %q", causes, want)
		}
		// Applying the value already there is no conflict: both own it.
		cfg, sp = spec(ns)
		sp.WithColor("red")
		got := s.mustApply(c, cfg, "three", false)
		s.wantOwners("after a third manager applied the same color", got,
			map[string][]string{"one Apply": {colorField}, "three Apply": {colorField}}, nil)
	}},
	{"Apply with force takes the field over; the first manager's apply without it then leaves it", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		cfg, sp := spec(ns)
		sp.WithColor("red").WithSize(1)
		s.mustApply(c, cfg, "one", false)
		cfg, sp = spec(ns)
		sp.WithColor("blue")
		forced := s.mustApply(c, cfg, "two", true)
		if forced.Spec.Color != "blue" {
			t.Fatalf("after the forced apply: color %q, want blue", forced.Spec.Color)
		}
		s.wantOwners("after the forced apply", forced,
			map[string][]string{"one Apply": {sizeField}, "two Apply": {colorField}},
			map[string][]string{"one Apply": {colorField}})
		cfg, sp = spec(ns)
		sp.WithSize(2)
		got := s.mustApply(c, cfg, "one", false)
		if got.Spec.Color != "blue" || got.Spec.Size != 2 {
			t.Fatalf("after one's apply without color: spec %+v, want color blue (two's now) and size 2", got.Spec)
		}
	}},
	{"Apply of a list merged by key: each manager owns its items, and an item its manager stops applying goes", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		http := `spec.ports.k:{"name":"http"}`
		metrics := `spec.ports.k:{"name":"metrics"}`
		cfg, sp := spec(ns)
		sp.WithPorts(applyexamplev1.WidgetPort().WithName("http").WithPort(80))
		s.mustApply(c, cfg, "one", false)
		cfg, sp = spec(ns)
		sp.WithPorts(applyexamplev1.WidgetPort().WithName("metrics").WithPort(9090))
		got := s.mustApply(c, cfg, "two", false)
		if p := ports(got); !slices.Equal(p, []string{"http=80", "metrics=9090"}) {
			t.Fatalf("after two managers applied a port each: ports %q, want both (merged by name, not replaced)", p)
		}
		s.wantOwners("after two managers applied a port each", got,
			map[string][]string{"one Apply": {http, http + ".port"}, "two Apply": {metrics, metrics + ".port"}},
			map[string][]string{"one Apply": {metrics}, "two Apply": {http}})
		// A port of another manager's with another number is a conflict on
		// that item's field.
		cfg, sp = spec(ns)
		sp.WithPorts(applyexamplev1.WidgetPort().WithName("http").WithPort(8080))
		_, err := s.apply(c, cfg, "two", false)
		s.wantErr("Apply of one's port by two", err, apierrors.IsConflict, "Conflict")
		if !strings.Contains(err.Error(), `conflict with "one"`) || !strings.Contains(err.Error(), `.spec.ports[name="http"].port`) {
			t.Fatalf("the conflict says %q; want it to name \"one\" and .spec.ports[name=\"http\"].port", err)
		}
		// one stops applying its port: it goes, two's stays.
		cfg, sp = spec(ns)
		sp.WithSize(1)
		got = s.mustApply(c, cfg, "one", false)
		if p := ports(got); !slices.Equal(p, []string{"metrics=9090"}) {
			t.Fatalf("after one stopped applying its port: ports %q, want only two's metrics=9090", p)
		}
	}},
	{"A field its only manager stops applying is removed; one another manager also applies stays", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		cfg, sp := spec(ns)
		sp.WithColor("red").WithSize(2).WithTags("a", "b")
		s.mustApply(c, cfg, "one", false)
		cfg, sp = spec(ns)
		sp.WithSize(2)
		s.mustApply(c, cfg, "two", false) // two owns size too
		cfg, sp = spec(ns)
		sp.WithTags("a", "b")
		got := s.mustApply(c, cfg, "one", false)
		if got.Spec.Color != "" {
			t.Fatalf("after one stopped applying color: color %q, want it removed", got.Spec.Color)
		}
		if got.Spec.Size != 2 {
			t.Fatalf("after one stopped applying size, which two applies too: size %d, want 2 kept", got.Spec.Size)
		}
		if !slices.Equal(got.Spec.Tags, []string{"a", "b"}) {
			t.Fatalf("tags %q, want one's [a b] kept", got.Spec.Tags)
		}
		s.wantOwners("after one stopped applying color and size", got,
			map[string][]string{"one Apply": {"spec.tags"}, "two Apply": {sizeField}},
			map[string][]string{"one Apply": {colorField, sizeField}})
	}},
	{"Create, Update and Patch with a field manager record it (operation Update), and apply conflicts with it", func(t *testing.T, s *suite) {
		c, ns := s.widgets()
		w := widget("w", nil, 1) // color red, size 1
		if _, err := c.Create(s.ctx, w, metav1.CreateOptions{FieldManager: "creator"}); err != nil {
			t.Fatal(err)
		}
		got, err := c.Get(s.ctx, "w", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s.wantOwners("after Create by creator", got, map[string][]string{"creator Update": {colorField, sizeField}}, nil)
		got.Spec.Size = 5
		if got, err = c.Update(s.ctx, got, metav1.UpdateOptions{FieldManager: "editor"}); err != nil {
			t.Fatal(err)
		}
		s.wantOwners("after Update of size by editor", got,
			map[string][]string{"creator Update": {colorField}, "editor Update": {sizeField}},
			map[string][]string{"creator Update": {sizeField}})
		got, err = c.Patch(s.ctx, "w", types.MergePatchType, []byte(`{"spec":{"tags":["x"]}}`), metav1.PatchOptions{FieldManager: "patcher"})
		if err != nil {
			t.Fatal(err)
		}
		s.wantOwners("after a merge patch of tags by patcher", got,
			map[string][]string{"creator Update": {colorField}, "editor Update": {sizeField}, "patcher Update": {"spec.tags"}}, nil)
		cfg, sp := spec(ns)
		sp.WithSize(7)
		_, err = s.apply(c, cfg, "applier", false)
		s.wantErr("Apply of editor's size", err, apierrors.IsConflict, "Conflict")
		if !strings.Contains(err.Error(), `conflict with "editor"`) {
			t.Fatalf("the conflict says %q; want it to name \"editor\"", err)
		}
	}},
}
