package scenario_test

import (
	"context"
	"fmt"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	clienttesting "github.com/clientgen/clientgen/runtime/testing"
	featuresfake "github.com/clientgen/clientgen/testdata/cases/features/golden/clientset/versioned/fake"
	featuresappsv1 "github.com/clientgen/clientgen/testdata/cases/features/input/apps/v1"
	featuresappsv2beta1 "github.com/clientgen/clientgen/testdata/cases/features/input/apps/v2beta1"
	featurestags "github.com/clientgen/clientgen/testdata/cases/features/input/tags/v1alpha1"
	applynamedv1 "github.com/clientgen/clientgen/testdata/cases/named-types/golden/applyconfiguration/shapes/v1"
	applynamedv1beta1 "github.com/clientgen/clientgen/testdata/cases/named-types/golden/applyconfiguration/shapes/v1beta1"
	namedfake "github.com/clientgen/clientgen/testdata/cases/named-types/golden/clientset/fake"
	namedv1beta1 "github.com/clientgen/clientgen/testdata/cases/named-types/input/shapes/v1beta1"
	tagsfake "github.com/clientgen/clientgen/testdata/cases/tags/golden/clientset/fake"
	tagsappsv1 "github.com/clientgen/clientgen/testdata/cases/tags/input/apps/v1"
	tagsbatchv1 "github.com/clientgen/clientgen/testdata/cases/tags/input/kubebuilder/v1"
	tagsnames "github.com/clientgen/clientgen/testdata/cases/tags/input/names/v2beta3"
	tagsregisterconst "github.com/clientgen/clientgen/testdata/cases/tags/input/registerconst/v1"
)

// These tests run the features and tags goldens, not only compile them:
// every kind's typed client, through the golden's own fake clientset,
// creates, gets and lists an object, and the recorded actions must carry the
// resource and scope the tags asked for (plurals, +resourceName, kubebuilder
// markers, +genclient:nonNamespaced).

// crud is the part of a generated typed client these tests call.
type crud[T runtime.Object, L runtime.Object] interface {
	Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error)
	Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error)
	List(ctx context.Context, opts metav1.ListOptions) (L, error)
}

// recorder is what the fake clientsets share: their recorded actions.
type recorder interface {
	Actions() []clienttesting.Action
	ClearActions()
}

// kindCase is one kind: a function that exercises its client (made with
// roundTrip), the resource it must be served as, and its namespace ("" for
// a cluster-scoped kind).
type kindCase struct {
	kind, resource, namespace string
	run                       func(t *testing.T, ctx context.Context) error
}

// roundTrip creates obj (named "o1" in namespace), gets it back and lists it
// through c.
func roundTrip[T interface {
	runtime.Object
	metav1.Object
}, L runtime.Object](c crud[T, L], obj T) func(*testing.T, context.Context) error {
	return func(t *testing.T, ctx context.Context) error {
		obj.SetName("o1")
		if _, err := c.Create(ctx, obj, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("create: %w", err)
		}
		got, err := c.Get(ctx, "o1", metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("get: %w", err)
		}
		if got.GetName() != "o1" || got.GetNamespace() != obj.GetNamespace() {
			return fmt.Errorf("get returned %s/%s, want %s/o1", got.GetNamespace(), got.GetName(), obj.GetNamespace())
		}
		list, err := c.List(ctx, metav1.ListOptions{})
		if err != nil {
			return fmt.Errorf("list: %w", err)
		}
		if n := meta.LenList(list); n != 1 {
			return fmt.Errorf("list returned %d items, want 1", n)
		}
		return nil
	}
}

func checkKinds(t *testing.T, cs recorder, cases []kindCase) {
	t.Helper()
	for _, kc := range cases {
		t.Run(kc.kind, func(t *testing.T) {
			cs.ClearActions()
			if err := kc.run(t, context.Background()); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range cs.Actions() {
				got = append(got, fmt.Sprintf("%s %s ns=%q", a.GetVerb(), a.GetResource().Resource, a.GetNamespace()))
			}
			for i, verb := range []string{"create", "get", "list"} {
				want := fmt.Sprintf("%s %s ns=%q", verb, kc.resource, kc.namespace)
				if i >= len(got) || got[i] != want {
					t.Fatalf("actions %q, want %q at %d", got, want, i)
				}
			}
		})
	}
}

func inNS[T interface{ SetNamespace(string) }](obj T, ns string) T {
	obj.SetNamespace(ns)
	return obj
}

func TestTagsGoldenServesEveryKindUnderItsResourceAndScope(t *testing.T) {
	cs := tagsfake.NewSimpleClientset()
	names, batch := cs.NamesV2beta3(), cs.BatchV1()
	checkKinds(t, cs, []kindCase{
		{"Chef", "chefs", "ns", roundTrip(names.Chefs("ns"), inNS(&tagsnames.Chef{}, "ns"))},
		{"Safe", "safes", "", roundTrip(names.Safes(), &tagsnames.Safe{})},
		{"Quiz", "quizzes", "ns", roundTrip(names.Quizzes("ns"), inNS(&tagsnames.Quiz{}, "ns"))},
		{"Status", "statuses", "ns", roundTrip(names.Statuses("ns"), inNS(&tagsnames.Status{}, "ns"))},
		{"Policy", "policies", "ns", roundTrip(names.Policies("ns"), inNS(&tagsnames.Policy{}, "ns"))},
		{"Gateway", "gateways", "ns", roundTrip(names.Gateways("ns"), inNS(&tagsnames.Gateway{}, "ns"))},
		{"HTTPRoute", "httproutes", "ns", roundTrip(names.HTTPRoutes("ns"), inNS(&tagsnames.HTTPRoute{}, "ns"))},
		{"Gadget (+resourceName=gizmos)", "gizmos", "ns", roundTrip(names.Gadgets("ns"), inNS(&tagsnames.Gadget{}, "ns"))},
		{"Cactus (--plural-exceptions Cactus:cacti)", "cacti", "ns", roundTrip(names.Cacti("ns"), inNS(&tagsnames.Cactus{}, "ns"))},
		{"CronJob (kubebuilder path=cronjobs)", "cronjobs", "ns", roundTrip(batch.CronJobs("ns"), inNS(&tagsbatchv1.CronJob{}, "ns"))},
		{"ClusterQueue (kubebuilder scope=Cluster)", "clusterqueues", "", roundTrip(batch.ClusterQueues(), &tagsbatchv1.ClusterQueue{})},
		{"Archive (kubebuilder path=archivedjobs)", "archivedjobs", "", roundTrip(batch.Archivedjobs(), &tagsbatchv1.Archive{})},
		{"Thing (group from a register.go constant)", "things", "ns", roundTrip(cs.RegisterconstV1().Things("ns"), inNS(&tagsregisterconst.Thing{}, "ns"))},
	})
}

// TestTagsGoldenExtensionMethodsActOnTheirResource: +genclient:method
// without a subresource acts on the kind's own resource (the tracker serves
// it), with one on that subresource (a reactor serves it, as in client-go
// tests).
func TestTagsGoldenExtensionMethodsActOnTheirResource(t *testing.T) {
	cs := tagsfake.NewSimpleClientset()
	ctx := context.Background()
	apps := cs.AppsV1()

	ext := apps.Extendeds("ns")
	if _, err := ext.CreateExtended(ctx, &tagsappsv1.Extended{ObjectMeta: metav1.ObjectMeta{Name: "e1", Namespace: "ns"}}, metav1.CreateOptions{}); err != nil {
		t.Fatalf("CreateExtended: %v", err)
	}
	if got, err := ext.GetExtended(ctx, "e1", metav1.GetOptions{}); err != nil || got.Name != "e1" {
		t.Fatalf("GetExtended = %v, %v; want e1", got, err)
	}
	if list, err := ext.ListExtended(ctx, metav1.ListOptions{}); err != nil || len(list.Items) != 1 {
		t.Fatalf("ListExtended = %v, %v; want one item", list, err)
	}

	cs.PrependReactor("create", "deployments/rollback", func(a clienttesting.Action) (bool, runtime.Object, error) {
		return true, &tagsappsv1.Rollback{Name: "r1"}, nil
	})
	cs.PrependReactor("list", "deployments/revisions", func(a clienttesting.Action) (bool, runtime.Object, error) {
		return true, &tagsappsv1.RevisionList{Items: []tagsappsv1.Revision{{Number: 7}}}, nil
	})
	deploy := apps.Deployments("ns")
	if rb, err := deploy.CreateRollback(ctx, "d1", &tagsappsv1.Rollback{Name: "r1"}, metav1.CreateOptions{}); err != nil || rb.Name != "r1" {
		t.Fatalf("CreateRollback = %v, %v", rb, err)
	}
	if revs, err := deploy.ListRevisions(ctx, "d1", metav1.ListOptions{}); err != nil || len(revs.Items) != 1 || revs.Items[0].Number != 7 {
		t.Fatalf("ListRevisions = %v, %v", revs, err)
	}
	var got []string
	for _, a := range cs.Actions() {
		got = append(got, a.GetVerb()+" "+a.GetResource().Resource+"/"+a.GetSubresource())
	}
	want := []string{"create extendeds/", "get extendeds/", "list extendeds/", "create deployments/rollback", "list deployments/revisions"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("actions %q, want %q", got, want)
	}
}

func TestFeaturesGoldenServesEveryKindUnderItsResourceAndScope(t *testing.T) {
	cs := featuresfake.NewSimpleClientset()
	checkKinds(t, cs, []kindCase{
		{"apps/v1 Policy", "policies", "ns", roundTrip(cs.AppsV1().Policies("ns"), inNS(&featuresappsv1.Policy{}, "ns"))},
		{"apps/v1 Box (nonNamespaced)", "boxes", "", roundTrip(cs.AppsV1().Boxes(), &featuresappsv1.Box{})},
		{"apps/v1 Endpoints", "endpoints", "ns", roundTrip(cs.AppsV1().Endpoints("ns"), inNS(&featuresappsv1.Endpoints{}, "ns"))},
		{"apps/v2beta1 Policy", "policies", "ns", roundTrip(cs.AppsV2beta1().Policies("ns"), inNS(&featuresappsv2beta1.Policy{}, "ns"))},
		{"hyphen-tags Func", "funcs", "ns", roundTrip(cs.HyphenTagsV1alpha1().Funcs("ns"), inNS(&featurestags.Func{}, "ns"))},
	})
}

// TestNamedTypesGoldenServesAKindDeclaredAsAnotherVersionsStruct: v1beta1's
// Shape is `type Shape v1.Shape`; its client has the status verbs of v1's
// struct, and its apply configuration takes v1's spec configuration, as
// applyconfiguration-gen would make it.
func TestNamedTypesGoldenServesAKindDeclaredAsAnotherVersionsStruct(t *testing.T) {
	cs := namedfake.NewSimpleClientset()
	ctx := context.Background()
	shapes := cs.ShapesV1beta1().Shapes("ns")
	checkKinds(t, cs, []kindCase{
		{"v1beta1 Shape", "shapes", "ns", roundTrip(shapes, inNS(&namedv1beta1.Shape{}, "ns"))},
		{"v1beta1 Stencil", "stencils", "ns", roundTrip(cs.ShapesV1beta1().Stencils("ns"), inNS(&namedv1beta1.Stencil{}, "ns"))},
	})

	s, err := shapes.Get(ctx, "o1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Status.Area = "12"
	if _, err := shapes.UpdateStatus(ctx, s, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("UpdateStatus: %v", err)
	}
	applied, err := shapes.Apply(ctx, applynamedv1beta1.Shape("o2", "ns").WithSpec(applynamedv1.ShapeSpec().WithSides(5).WithColor("red")), metav1.ApplyOptions{FieldManager: "test"})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if applied.Spec.Sides != 5 || applied.Spec.Color != "red" {
		t.Fatalf("Apply stored spec %+v, want 5 red sides", applied.Spec)
	}
	got, err := shapes.Get(ctx, "o1", metav1.GetOptions{})
	if err != nil || got.Status.Area != "12" {
		t.Fatalf("after UpdateStatus: %+v, %v; want area 12", got, err)
	}
}
