package compare

import (
	"context"
	"encoding/json"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	fuzzer "k8s.io/apimachinery/pkg/api/apitesting/fuzzer"
	metafuzzer "k8s.io/apimachinery/pkg/apis/meta/fuzzer"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	jsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/watch"
	kubescheme "k8s.io/client-go/kubernetes/scheme"
	kjson "sigs.k8s.io/json"

	"github.com/clientgen/clientgen/runtime/codec"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
)

// TestCodecDecodesEveryK8sAPITypeAsApimachinery fills every kind of every
// k8s.io/api group-version client-go knows with random values
// (apimachinery's own fuzzer functions for metadata, quantities and
// times), encodes it to JSON and requires runtime/codec to decode it into
// exactly what sigs.k8s.io/json and apimachinery's JSON serializer produce:
// same values, same errors, same kinds.
func TestCodecDecodesEveryK8sAPITypeAsApimachinery(t *testing.T) {
	scheme := kubescheme.Scheme
	codecs := serializer.NewCodecFactory(scheme)
	fast := codec.NewSerializer(scheme, scheme)
	reference := jsonserializer.NewSerializerWithOptions(jsonserializer.DefaultMetaFactory, scheme, scheme, jsonserializer.SerializerOptions{})
	filler := fuzzer.FuzzerFor(metafuzzer.Funcs, rand.NewSource(20260314), codecs).NumElements(1, 3)

	var kinds []schema.GroupVersionKind
	for gvk := range scheme.AllKnownTypes() {
		if gvk.Version != runtime.APIVersionInternal {
			kinds = append(kinds, gvk)
		}
	}
	slices.SortFunc(kinds, func(a, b schema.GroupVersionKind) int { return strings.Compare(a.String(), b.String()) })
	const perKind = 8
	objects := 0
	for _, gvk := range kinds {
		for i := range perKind {
			obj, err := scheme.New(gvk)
			if err != nil {
				t.Fatalf("scheme.New(%v): %v", gvk, err)
			}
			filler.Fill(obj)
			obj.GetObjectKind().SetGroupVersionKind(gvk)
			data, err := json.Marshal(obj)
			if err != nil {
				continue // the filler can make values that do not encode; nothing to compare
			}
			objects++
			newObj := func() any { o, _ := scheme.New(gvk); return o }
			got, want := newObj(), newObj()
			gotErr := codec.Unmarshal(data, got)
			wantErr := kjson.UnmarshalCaseSensitivePreserveInts(data, want)
			if errText(gotErr) != errText(wantErr) {
				t.Fatalf("%v #%d: codec.Unmarshal error %v, sigs.k8s.io/json error %v\ninput: %s", gvk, i, gotErr, wantErr, data)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%v #%d: codec.Unmarshal and sigs.k8s.io/json decoded different values (-json +codec):\n%s\ninput: %s", gvk, i, cmp.Diff(want, got), data)
			}
			gotObj, gotKind, gotErr := fast.Decode(data, nil, nil)
			wantObj, wantKind, wantErr := reference.Decode(data, nil, nil)
			if errText(gotErr) != errText(wantErr) || !reflect.DeepEqual(gotKind, wantKind) || !reflect.DeepEqual(gotObj, wantObj) {
				t.Fatalf("%v #%d: codec.Serializer decoded %v (kind %v, error %v), json.Serializer %v (kind %v, error %v)", gvk, i, gotObj, gotKind, gotErr, wantObj, wantKind, wantErr)
			}
		}
	}
	if len(kinds) < 500 || objects < len(kinds)*perKind/2 {
		t.Fatalf("compared %d objects of %d kinds; expected client-go's scheme to provide hundreds of kinds that encode", objects, len(kinds))
	}
	t.Logf("%d objects of %d kinds decode identically", objects, len(kinds))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestDecodeClientsAgree decodes the benchmark's recorded List and watch
// stream through every client and requires the same Widgets from each, so
// the benchmark compares equal work.
func TestDecodeClientsAgree(t *testing.T) {
	rt := &Replay{List: WidgetListJSON(0, 200, "next"), Watch: WidgetWatchJSON(200)}
	ctx := context.Background()
	type result struct {
		List   *examplev1.WidgetList
		Events []watch.Event
	}
	results := map[string]result{}
	for _, c := range decodeClients {
		client := c.make(t, rt)
		var r result
		list, err := client.list(ctx)
		if err != nil {
			t.Fatalf("%s: List: %v", c.name, err)
		}
		r.List = list
		w, err := client.watch(ctx)
		if err != nil {
			t.Fatalf("%s: Watch: %v", c.name, err)
		}
		for ev := range w.ResultChan() {
			r.Events = append(r.Events, ev)
		}
		if len(r.Events) != 200 {
			t.Fatalf("%s: watch delivered %d events, want 200", c.name, len(r.Events))
		}
		results[c.name] = r
	}
	want := results["client-go"]
	for name, got := range results {
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s decoded the recorded responses differently from client-go (-client-go +%s):\n%s", name, name, diff)
		}
	}
	if want.List.Continue != "next" || len(want.List.Items) != 200 {
		t.Fatalf("the decoded list has %d items and continue %q; want 200 and \"next\"", len(want.List.Items), want.List.Continue)
	}
}
