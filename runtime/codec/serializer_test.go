package codec

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
)

// testScheme is built like a generated clientset's scheme.
func testScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	metav1.AddToGroupVersion(s, schema.GroupVersion{Version: "v1"})
	utilruntime.Must(examplev1.AddToScheme(s))
	return s
}

var widgetGVK = examplev1.SchemeGroupVersion.WithKind("Widget")

type decodeCase struct {
	name     string
	data     string
	defaults *schema.GroupVersionKind
	into     func() runtime.Object // nil: decode into nothing
}

func freshWidget() runtime.Object { return &examplev1.Widget{} }

var decodeCases = []decodeCase{
	{"a Widget into an empty Widget", widgetJSON, nil, freshWidget},
	{"a WidgetList into an empty WidgetList", `{"apiVersion":"example.com/v1","kind":"WidgetList","metadata":{"resourceVersion":"3"},"items":[` + widgetJSON + `]}`, nil, func() runtime.Object { return &examplev1.WidgetList{} }},
	{"a Status into a Widget returns the Status and leaves the Widget empty", `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"nope","reason":"Conflict","code":409}`, nil, freshWidget},
	{"another registered kind into a Widget returns that kind", `{"apiVersion":"example.com/v1","kind":"WidgetList","items":[]}`, nil, freshWidget},
	{"an unregistered kind into a Widget is an error", `{"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g"}}`, nil, freshWidget},
	{"an unregistered version into a Widget is an error", `{"apiVersion":"example.com/v9","kind":"Widget"}`, nil, freshWidget},
	{"missing apiVersion and kind are taken from the target", `{"metadata":{"name":"w"},"spec":{"size":1}}`, nil, freshWidget},
	{"a missing kind is taken from the target", `{"apiVersion":"example.com/v1","metadata":{"name":"w"}}`, nil, freshWidget},
	{"a core apiVersion without a kind into a Widget", `{"apiVersion":"v1","metadata":{"name":"w"}}`, nil, freshWidget},
	{"defaults fill in what the data leaves out", `{"metadata":{"name":"w"}}`, &widgetGVK, freshWidget},
	{"defaults do not override the data", `{"kind":"Status","apiVersion":"v1","status":"Failure"}`, &widgetGVK, freshWidget},
	{"an apiVersion with two slashes is an error", `{"apiVersion":"a/b/c","kind":"Widget"}`, nil, freshWidget},
	{"kind is matched case-insensitively, as encoding/json does", `{"apiVersion":"v1","KIND":"Status","status":"Failure","message":"m"}`, nil, freshWidget},
	{"apiVersion is matched with Unicode folding", `{"apiVerſion":"v1","kind":"Status","status":"Failure"}`, nil, freshWidget},
	{"the last of duplicate kind members counts", `{"apiVersion":"v1","kind":"Widget","metadata":{"name":"x"},"kind":"Status","status":"Failure"}`, nil, freshWidget},
	{"a non-string kind is an error", `{"apiVersion":"example.com/v1","kind":7}`, nil, freshWidget},
	{"a null kind is ignored", `{"apiVersion":"example.com/v1","kind":null,"metadata":{"name":"w"}}`, nil, freshWidget},
	{"an escaped kind is unescaped", `{"apiVersion":"example.com/v1","kind":"Wid\u0067et","metadata":{"name":"w"}}`, nil, freshWidget},
	{"a field of the wrong type is an error", `{"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":"L"}}`, nil, freshWidget},
	{"malformed JSON is an error", `{"apiVersion":"example.com/v1","kind":"Widget",}`, nil, freshWidget},
	{"an array is an error", `[]`, nil, freshWidget},
	{"null into a Widget", `null`, nil, freshWidget},
	{"a string is an error", `"Widget"`, nil, freshWidget},
	{"into a Widget that is not empty", `{"apiVersion":"example.com/v1","kind":"Widget","spec":{"color":"red"}}`, nil, func() runtime.Object {
		return &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "kept"}, Spec: examplev1.WidgetSpec{Size: 2}}
	}},
	{"into unstructured", widgetJSON, nil, func() runtime.Object { return &unstructured.Unstructured{} }},
	{"into runtime.Unknown", widgetJSON, nil, func() runtime.Object { return &runtime.Unknown{} }},
	{"into a type the scheme does not know", `{"kind":"APIGroup","apiVersion":"v1","name":"g","versions":[{"groupVersion":"g/v1","version":"v1"}]}`, nil, func() runtime.Object { return &metav1.APIGroup{} }},
	{"a watch event frame", `{"type":"MODIFIED","object":` + widgetJSON + `}`, nil, func() runtime.Object { return &metav1.WatchEvent{} }},

	{"a Widget into nothing", widgetJSON, nil, nil},
	{"a Status into nothing", `{"kind":"Status","apiVersion":"v1","status":"Failure","code":500}`, nil, nil},
	{"kind before apiVersion into nothing", `{"kind":"Widget","spec":{"size":4},"apiVersion":"example.com/v1"}`, nil, nil},
	{"a duplicate kind after the first pair into nothing", `{"apiVersion":"example.com/v1","kind":"Widget","spec":{},"kind":"WidgetList"}`, nil, nil},
	{"an unregistered kind into nothing is an error", `{"apiVersion":"example.com/v1","kind":"Gadget"}`, nil, nil},
	{"no kind into nothing is an error", `{"apiVersion":"example.com/v1","metadata":{}}`, nil, nil},
	{"no apiVersion into nothing is an error", `{"kind":"Widget","metadata":{}}`, nil, nil},
	{"defaults name the kind into nothing", `{"metadata":{"name":"d"}}`, &widgetGVK, nil},
	{"malformed JSON into nothing is an error", `{"apiVersion":"example.com/v1","kind":"Widget","spec":{]}`, nil, nil},
	{"a wrong field type into nothing is an error", `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"labels":[]}}`, nil, nil},
	{"an empty object into nothing is an error", `{}`, nil, nil},
}

// TestSerializerDecodeMatchesJSONSerializer runs every case through the
// fast Serializer and through apimachinery's json.Serializer and requires
// the same object, kind, error and effect on the target.
func TestSerializerDecodeMatchesJSONSerializer(t *testing.T) {
	scheme := testScheme()
	fast := NewSerializer(scheme, scheme)
	reference := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme, json.SerializerOptions{})
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			var gotInto, wantInto runtime.Object
			if tc.into != nil {
				gotInto, wantInto = tc.into(), tc.into()
			}
			got, gotKind, gotErr := fast.Decode([]byte(tc.data), tc.defaults, gotInto)
			want, wantKind, wantErr := reference.Decode([]byte(tc.data), tc.defaults, wantInto)
			if errString(gotErr) != errString(wantErr) {
				t.Fatalf("error = %v, json.Serializer's = %v; they must agree", gotErr, wantErr)
			}
			if diff := cmp.Diff(wantKind, gotKind); diff != "" {
				t.Errorf("decoded kind differs from json.Serializer's (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("decoded object differs from json.Serializer's (-want +got):\n%s", diff)
			}
			if tc.into != nil {
				if (got == gotInto) != (want == wantInto) {
					t.Errorf("returned the target: %t, json.Serializer: %t", got == gotInto, want == wantInto)
				}
				if diff := cmp.Diff(wantInto, gotInto); diff != "" {
					t.Errorf("target after Decode differs from json.Serializer's (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestSerializerEncodesAsJSONSerializer(t *testing.T) {
	scheme := testScheme()
	fast := NewSerializer(scheme, scheme)
	reference := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme, json.SerializerOptions{})
	w := &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Labels: map[string]string{"a": "b"}}, Spec: examplev1.WidgetSpec{Size: 3}}
	var got, want strings.Builder
	if err := fast.Encode(w, &got); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	if err := reference.Encode(w, &want); err != nil {
		t.Fatalf("json.Serializer.Encode: %v", err)
	}
	if got.String() != want.String() || fast.Identifier() != reference.Identifier() {
		t.Fatalf("Encode wrote %q (identifier %s), json.Serializer %q (identifier %s)", got.String(), fast.Identifier(), want.String(), reference.Identifier())
	}
	gotOK, gotUnknown, gotErr := fast.RecognizesData([]byte(widgetJSON))
	wantOK, wantUnknown, wantErr := reference.RecognizesData([]byte(widgetJSON))
	if gotOK != wantOK || gotUnknown != wantUnknown || errString(gotErr) != errString(wantErr) {
		t.Fatalf("RecognizesData = %t, %t, %v; json.Serializer: %t, %t, %v", gotOK, gotUnknown, gotErr, wantOK, wantUnknown, wantErr)
	}
}

// TestSerializerDecodeDoesNotKeepTheInput checks that nothing decoded
// points into the input buffer, which the streaming decoder reuses.
func TestSerializerDecodeDoesNotKeepTheInput(t *testing.T) {
	scheme := testScheme()
	fast := NewSerializer(scheme, scheme)
	data := []byte(widgetJSON)
	obj, kind, err := fast.Decode(data, nil, nil)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	want := obj.DeepCopyObject()
	wantKind := *kind
	for i := range data {
		data[i] = 'x'
	}
	if diff := cmp.Diff(want, obj); diff != "" {
		t.Fatalf("overwriting the input changed the decoded object (-before +after):\n%s", diff)
	}
	if !reflect.DeepEqual(wantKind, *kind) {
		t.Fatalf("overwriting the input changed the decoded kind: %v, was %v", *kind, wantKind)
	}
}

// TestSerializerTakesTheFastPathForClientResponses guards the performance
// claim: the responses typed clients see must not fall back to
// json.Serializer.
func TestSerializerTakesTheFastPathForClientResponses(t *testing.T) {
	scheme := testScheme()
	fast := NewSerializer(scheme, scheme)
	tests := []struct {
		name string
		data string
		into runtime.Object
	}{
		{"a Widget from Get", widgetJSON, &examplev1.Widget{}},
		{"a WidgetList from List", `{"apiVersion":"example.com/v1","items":[` + widgetJSON + `],"kind":"WidgetList","metadata":{"resourceVersion":"5"}}`, &examplev1.WidgetList{}},
		{"a watch event frame", `{"type":"ADDED","object":` + widgetJSON + "}\n", &metav1.WatchEvent{}},
		{"a watch event's object", widgetJSON, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, ok := fast.decode([]byte(tc.data), nil, tc.into); !ok {
				t.Fatalf("the fast path declined %s and left it to json.Serializer", tc.name)
			}
		})
	}
}
