package codec

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	kjson "sigs.k8s.io/json"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
)

// everything has a field of every kind the decoder treats differently.
type everything struct {
	S     string            `json:"s"`
	B     bool              `json:"b"`
	I     int               `json:"i"`
	I8    int8              `json:"i8"`
	I16   int16             `json:"i16"`
	I32   int32             `json:"i32"`
	I64   int64             `json:"i64"`
	U     uint              `json:"u"`
	U8    uint8             `json:"u8"`
	U16   uint16            `json:"u16"`
	U32   uint32            `json:"u32"`
	U64   uint64            `json:"u64"`
	F32   float32           `json:"f32"`
	F64   float64           `json:"f64"`
	PS    *string           `json:"ps"`
	PPI   **int             `json:"ppi"`
	SS    []string          `json:"ss"`
	Bytes []byte            `json:"bytes"`
	M     map[string]string `json:"m"`
	MI    map[string]int    `json:"mi"`
	MP    map[string]*inner `json:"mp"`
	MK    map[int]string    `json:"mk"`
	Any   any               `json:"any"`
	PAny  *any              `json:"pany"`
	Arr   [2]int            `json:"arr"`
	In    inner             `json:"in"`
	PIn   *inner            `json:"pin"`
	Ins   []inner           `json:"ins"`
	PIns  []*inner          `json:"pins"`
	Num   json.Number       `json:"num"`
	Raw   json.RawMessage   `json:"raw"`
	T     metav1.Time       `json:"t"`
	PT    *metav1.Time      `json:"pt"`
	MT    metav1.MicroTime  `json:"mt"`
	FV    *metav1.FieldsV1  `json:"fv"`
	Q     resource.Quantity `json:"q"`
	IOS   intstr.IntOrString
	Ext   runtime.RawExtension   `json:"ext"`
	Text  textual                `json:"text"`
	PText *textual               `json:"ptext"`
	VM    valueMethod            `json:"vm"`
	Anon  struct{ metav1.Time }  `json:"anon"`
	PAnon *struct{ metav1.Time } `json:"panon"`
	Tree  *tree                  `json:"tree"`
	NoTag string
	Dash  string `json:"-"`
	DashC string `json:"-,"`
	Quot  int    `json:"quot,omitempty"`
	skip  string //nolint:unused // unexported fields are ignored
}

type inner struct {
	Name  string `json:"name"`
	Count int    `json:"count,omitempty"`
}

type tree struct {
	Value    int     `json:"value"`
	Children []*tree `json:"children"`
}

// textual decodes itself from a string.
type textual struct{ upper string }

func (t *textual) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("textual: bad")
	}
	t.upper = strings.ToUpper(string(b))
	return nil
}

// valueMethod has UnmarshalJSON on its value type.
type valueMethod map[string]string

func (v valueMethod) UnmarshalJSON(b []byte) error {
	if v == nil {
		return nil
	}
	v["raw"] = string(b)
	return nil
}

// quoted uses the ,string option, which the fast path leaves to the
// reference decoder.
type quoted struct {
	N int  `json:"n,string"`
	B bool `json:"b,string"`
}

// promoted reaches fields through an embedded pointer.
type promoted struct {
	*inner
	Other string `json:"other"`
}

// conflict has two embedded fields of the same name at the same depth: the
// name is dropped.
type conflict struct {
	A
	B
	Own string `json:"own"`
}
type A struct{ Name string }
type B struct{ Name string }

// tagWins has a tagged and an untagged field of the same name.
type tagWins struct {
	A
	C
}
type C struct {
	Other string `json:"Name"`
}

// unmarshalCase is one input decoded into a fresh value made by newTarget.
type unmarshalCase struct {
	name      string
	newTarget func() any
	input     string
}

func target[T any](init func(*T)) func() any {
	return func() any {
		v := new(T)
		if init != nil {
			init(v)
		}
		return v
	}
}

func everythingTarget() any { return new(everything) }

// prefilled has values that null must leave alone or clear.
func prefilled() any {
	s, n := "keep", 7
	pn := &n
	return &everything{
		S: "keep", B: true, I: 1, F64: 1.5, PS: &s, PPI: &pn, SS: []string{"a", "b", "c"},
		M: map[string]string{"old": "1"}, In: inner{Name: "keep"}, PIn: &inner{Name: "keep"},
		Ins: []inner{{Name: "x", Count: 1}, {Name: "y", Count: 2}, {Name: "z", Count: 3}},
		T:   metav1.NewTime(time.Unix(100, 0)), PT: &metav1.Time{Time: time.Unix(5, 0)},
		FV: &metav1.FieldsV1{Raw: []byte(`{"f:a":{}}`)}, Any: "keep", Text: textual{upper: "KEEP"},
	}
}

var unmarshalCases = []unmarshalCase{
	// Field names.
	{"fields match their json tag case-sensitively", everythingTarget, `{"S":"upper","s":"lower","NoTag":"n","notag":"x","Dash":"d","-":"dash"}`},
	{"unknown fields of every shape are skipped", everythingTarget, `{"zz":{"a":[1,2,{"b":"\"}"}],"c":null},"yy":[[],{}],"xx":"\u00e9\\","ww":-1.5e-3,"vv":true,"s":"after"}`},
	{"duplicate keys: the last scalar wins and objects merge", everythingTarget, `{"s":"one","s":"two","in":{"name":"a"},"in":{"count":3}}`},
	{"whitespace everywhere is allowed", everythingTarget, " \t\n{ \"s\" : \"x\" ,\r\n \"ss\" : [ \"a\" , \"b\" ] , \"m\" : { } } \n"},
	{"embedded fields with the same name at one depth cancel out", target[conflict](nil), `{"Name":"x","own":"y"}`},
	{"a tagged field beats an untagged one of the same name", target[tagWins](nil), `{"Name":"x"}`},
	{"fields promoted through an embedded pointer are allocated", target[promoted](nil), `{"name":"n","count":2,"other":"o"}`},
	{"the string option quotes numbers and bools", target[quoted](nil), `{"n":"42","b":"true"}`},
	{"the string option rejects unquoted numbers", target[quoted](nil), `{"n":42}`},

	// Numbers.
	{"integers at the limits of their types", everythingTarget, `{"i8":-128,"i16":32767,"i32":-2147483648,"i64":9223372036854775807,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"i":-9223372036854775808,"u":0}`},
	{"int64 overflow is an error", everythingTarget, `{"i64":9223372036854775808}`},
	{"int8 overflow is an error", everythingTarget, `{"i8":128}`},
	{"a negative number into an unsigned field is an error", everythingTarget, `{"u8":-1}`},
	{"minus zero into an unsigned field is an error", everythingTarget, `{"u":-0}`},
	{"a fraction into an integer field is an error", everythingTarget, `{"i":1.5}`},
	{"an exponent into an integer field is an error", everythingTarget, `{"i":1e3}`},
	{"floats with fractions and exponents", everythingTarget, `{"f32":3.4028235e38,"f64":-1.7976931348623157e308,"i":0}`},
	{"float32 overflow is an error", everythingTarget, `{"f32":3.5e38}`},
	{"a string into a number field is an error", everythingTarget, `{"i":"1"}`},
	{"numbers in interface values keep int64 when integral", everythingTarget, `{"any":{"a":1,"b":-2,"c":1.0,"d":1e2,"e":9223372036854775808,"f":[1,2.5]}}`},
	{"json.Number keeps the literal", everythingTarget, `{"num":1.50}`},
	{"leading zeros are a syntax error", everythingTarget, `{"i":01}`},
	{"a bare minus is a syntax error", everythingTarget, `{"i":-}`},
	{"a trailing dot is a syntax error", everythingTarget, `{"f64":1.}`},
	{"a leading plus is a syntax error", everythingTarget, `{"i":+1}`},

	// Null.
	{"null leaves scalars, structs and times alone and clears pointers, maps and slices", prefilled, `{"s":null,"b":null,"i":null,"f64":null,"ps":null,"ppi":null,"ss":null,"m":null,"in":null,"pin":null,"t":null,"pt":null,"fv":null,"any":null,"text":null,"ins":null}`},
	{"null into map values and slice elements", everythingTarget, `{"m":{"a":null},"mi":{"a":null},"mp":{"a":null},"ss":[null,"x"],"pins":[null,{"name":"n"}]}`},
	{"a top-level null leaves the target alone", prefilled, `null`},

	// Strings.
	{"escapes are resolved", everythingTarget, `{"s":"q\"b\\s\/n\nt\tr\rb\bf\fu\u00e9\u4e2d"}`},
	{"surrogate pairs decode and lone surrogates become U+FFFD", everythingTarget, `{"s":"\ud83d\ude00 \ud800 \udc00x \ud800\u0041"}`},
	{"invalid UTF-8 becomes U+FFFD", everythingTarget, "{\"s\":\"a\xffb\xc3\"}"},
	{"valid UTF-8 is kept", everythingTarget, `{"s":"héllo wörld ✓"}`},
	{"a raw control character is a syntax error", everythingTarget, "{\"s\":\"a\nb\"}"},
	{"an unknown escape is a syntax error", everythingTarget, `{"s":"\x"}`},
	{"an escaped single quote is a syntax error", everythingTarget, `{"s":"\'"}`},
	{"a short unicode escape is a syntax error", everythingTarget, `{"s":"\u12"}`},
	{"escaped keys match fields", everythingTarget, `{"\u0073":"via escape","m":{"\u00e9":"v"}}`},
	{"a number into a string field is an error", everythingTarget, `{"s":1}`},

	// Slices, maps, arrays.
	{"an empty array gives an empty, non-nil slice", everythingTarget, `{"ss":[],"ins":[],"bytes":[]}`},
	{"arrays decode into existing slices element by element", prefilled, `{"ins":[{"count":9},{"name":"w"}]}`},
	{"a longer array grows an existing slice", prefilled, `{"ss":["1","2","3","4","5"]}`},
	{"base64 strings decode into byte slices", everythingTarget, `{"bytes":"aGVsbG8="}`},
	{"arrays of numbers decode into byte slices", everythingTarget, `{"bytes":[104,105]}`},
	{"invalid base64 is an error", everythingTarget, `{"bytes":"!!"}`},
	{"maps merge into existing maps", prefilled, `{"m":{"new":"2","old":"3"}}`},
	{"maps with struct pointer values and integer keys", everythingTarget, `{"mp":{"a":{"name":"n"}},"mk":{"1":"one","-2":"two"},"mi":{"x":3}}`},
	{"an invalid integer map key is an error", everythingTarget, `{"mk":{"x":"one"}}`},
	{"fixed-size arrays take what fits", everythingTarget, `{"arr":[1,2,3]}`},
	{"nested arrays of structs and pointers", everythingTarget, `{"ins":[{"name":"a","count":1},{"name":"b"}],"pins":[{"name":"c"}],"tree":{"value":1,"children":[{"value":2,"children":[{"value":3}]},null]}}`},
	{"an array longer than the counting budget, small elements first", everythingTarget, `{"ins":[` + repeatJoin(`{"name":"a"}`, 400) + `,` + repeatJoin(`{"name":"`+strings.Repeat("b", 200)+`","count":2}`, 300) + `]}`},
	{"an array longer than the counting budget, large elements first", everythingTarget, `{"ss":[` + repeatJoin(`"`+strings.Repeat("c", 3000)+`"`, 3) + `,` + repeatJoin(`"d"`, 5000) + `]}`},
	{"a long array with a trailing comma is a syntax error", everythingTarget, `{"ss":[` + repeatJoin(`"e"`, 3000) + `,]}`},
	{"an object into a slice is an error", everythingTarget, `{"ss":{}}`},
	{"an array into a struct is an error", everythingTarget, `{"in":[]}`},
	{"a trailing comma in an array is a syntax error", everythingTarget, `{"ss":["a",]}`},
	{"a trailing comma in an object is a syntax error", everythingTarget, `{"s":"a",}`},
	{"a missing colon is a syntax error", everythingTarget, `{"s" "a"}`},
	{"a missing comma is a syntax error", everythingTarget, `{"ss":["a" "b"]}`},
	{"unbalanced brackets are a syntax error", everythingTarget, `{"ss":["a"}`},
	{"an unterminated document is a syntax error", everythingTarget, `{"s":"a"`},
	{"trailing data is a syntax error", everythingTarget, `{"s":"a"} {}`},
	{"an empty document is a syntax error", everythingTarget, ``},
	{"whitespace alone is a syntax error", everythingTarget, "  \n"},
	{"a misspelled literal is a syntax error", everythingTarget, `{"b":tru}`},
	{"deep nesting beyond the fast path's limit decodes", everythingTarget, `{"any":` + strings.Repeat("[", 1500) + strings.Repeat("]", 1500) + `}`},
	{"nesting beyond encoding/json's limit is an error", everythingTarget, `{"any":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`},

	// Types that decode themselves.
	{"metav1.Time parses RFC 3339 into local time", everythingTarget, `{"t":"2026-03-14T09:26:53Z","pt":"2026-03-14T11:26:53+02:00","anon":"2026-01-01T00:00:00Z"}`},
	{"metav1.Time accepts fractional seconds", everythingTarget, `{"t":"2026-03-14T09:26:53.123456789Z"}`},
	{"metav1.Time with an escape goes through UnmarshalJSON", everythingTarget, `{"t":"\u0032026-03-14T09:26:53Z"}`},
	{"metav1.Time without a zone is an error", everythingTarget, `{"t":"2026-03-14T09:26:53"}`},
	{"metav1.Time from a number is an error", everythingTarget, `{"t":1}`},
	{"metav1.Time from an empty string is an error", everythingTarget, `{"t":""}`},
	{"metav1.MicroTime keeps microseconds", everythingTarget, `{"mt":"2026-03-14T09:26:53.123456Z"}`},
	{"FieldsV1 keeps the raw object", everythingTarget, `{"fv":{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}`},
	{"FieldsV1 keeps non-object values too", everythingTarget, `{"fv":"str"}`},
	{"Quantity, IntOrString and RawExtension decode themselves", everythingTarget, `{"q":"1500m","IOS":"50%","ext":{"apiVersion":"v1","kind":"Pod"}}`},
	{"IntOrString from a number", everythingTarget, `{"IOS":8080}`},
	{"an invalid Quantity is an error", everythingTarget, `{"q":"1.5.5"}`},
	{"json.RawMessage keeps the value", everythingTarget, `{"raw":[1, {"a" : 2}]}`},
	{"UnmarshalText types decode from strings", everythingTarget, `{"text":"abc","ptext":"\u0064ef"}`},
	{"UnmarshalText errors are errors", everythingTarget, `{"text":"bad"}`},
	{"UnmarshalText types reject numbers", everythingTarget, `{"text":1}`},
	{"UnmarshalJSON on a value receiver is used", target[everything](func(e *everything) { e.VM = valueMethod{} }), `{"vm":{"a":"b"}}`},
	{"an unnamed struct embedding Time decodes as a struct unless behind a pointer", everythingTarget, `{"anon":{"Time":"x"},"panon":"2026-01-01T00:00:00Z"}`},
	{"interface values decode as apimachinery expects", everythingTarget, `{"any":{"s":"x","l":[true,null,{"n":1}]},"pany":[1]}`},

	// Kubernetes objects.
	{"a Widget with metadata of every kind", target[examplev1.Widget](nil), widgetJSON},
	{"a WidgetList", target[examplev1.WidgetList](nil), `{"apiVersion":"example.com/v1","kind":"WidgetList","metadata":{"resourceVersion":"9","continue":"c","remainingItemCount":3},"items":[` + widgetJSON + `,` + widgetJSON + `]}`},
	{"a Status", target[metav1.Status](nil), `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"widgets \"w\" not found","reason":"NotFound","details":{"name":"w","group":"example.com","kind":"widgets","causes":[{"reason":"FieldValueInvalid","field":"spec"}],"retryAfterSeconds":2},"code":404}`},
	{"a WatchEvent keeps its object raw", target[metav1.WatchEvent](nil), `{"type":"ADDED","object":` + widgetJSON + `}`},
	{"a Widget field of the wrong type is an error", target[examplev1.Widget](nil), `{"spec":{"size":"big"}}`},
}

const widgetJSON = `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","generateName":"w-","namespace":"ns","uid":"4a9f","resourceVersion":"12","generation":3,` +
	`"creationTimestamp":"2026-03-14T09:26:53Z","deletionTimestamp":null,"deletionGracePeriodSeconds":30,"labels":{"app":"w","tier":"a"},"annotations":{"note":"{\"a\":1}\n"},` +
	`"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"cm","uid":"u1","controller":true,"blockOwnerDeletion":false}],"finalizers":["example.com/x"],` +
	`"managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"example.com/v1","time":"2026-03-14T09:26:53Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:size":{}}}},` +
	`{"manager":"ctl","operation":"Apply","apiVersion":"example.com/v1","time":"2026-03-14T10:00:00+01:00","fieldsType":"FieldsV1","fieldsV1":{"f:status":{}},"subresource":"status"}]},` +
	`"spec":{"size":3,"color":"blue","tags":["a","b"]},"status":{"phase":"Ready","observedSize":3}}`

// TestUnmarshalMatchesSigsK8sIOJSON decodes every case with Unmarshal and
// with sigs.k8s.io/json.UnmarshalCaseSensitivePreserveInts (what
// apimachinery's serializer uses) and requires identical values and errors.
func TestUnmarshalMatchesSigsK8sIOJSON(t *testing.T) {
	for _, tc := range unmarshalCases {
		t.Run(tc.name, func(t *testing.T) {
			assertSameAsReference(t, tc.newTarget, []byte(tc.input))
		})
	}
}

// assertSameAsReference decodes data into two fresh targets, one with each
// decoder, and fails on any difference in value or error.
func assertSameAsReference(t testing.TB, newTarget func() any, data []byte) {
	t.Helper()
	got, want := newTarget(), newTarget()
	gotErr := Unmarshal(data, got)
	wantErr := kjson.UnmarshalCaseSensitivePreserveInts(data, want)
	if errString(gotErr) != errString(wantErr) {
		t.Fatalf("input %.200q: Unmarshal error = %v, sigs.k8s.io/json error = %v; they must agree", data, gotErr, wantErr)
	}
	if wantErr != nil && reflect.TypeOf(gotErr) != reflect.TypeOf(wantErr) {
		t.Fatalf("input %.200q: error types differ: Unmarshal %T, sigs.k8s.io/json %T", data, gotErr, wantErr)
	}
	if wantErr != nil {
		// Like encoding/json, Unmarshal may have written part of the input
		// into the target before it found the error; only the error counts.
		return
	}
	if reflect.DeepEqual(want, got) {
		return
	}
	if diff := cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("input %.200q: Unmarshal decoded a different value than sigs.k8s.io/json (-reference +Unmarshal):\n%s", data, diff)
	}
	t.Fatalf("input %.200q: Unmarshal decoded a value that is not reflect.DeepEqual to sigs.k8s.io/json's, though cmp sees no difference: %#v vs %#v", data, got, want)
}

// repeatJoin is n copies of s separated by commas.
func repeatJoin(s string, n int) string {
	return strings.TrimSuffix(strings.Repeat(s+",", n), ",")
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestUnmarshalRejectsWhatEncodingJSONRejects(t *testing.T) {
	var w examplev1.Widget
	tests := []struct {
		name   string
		target any
	}{
		{"a nil pointer", (*examplev1.Widget)(nil)},
		{"a non-pointer", w},
		{"nil", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Unmarshal([]byte(`{}`), tc.target)
			want := kjson.UnmarshalCaseSensitivePreserveInts([]byte(`{}`), tc.target)
			if got == nil || got.Error() != want.Error() {
				t.Fatalf("Unmarshal into %s = %v, want the reference error %v", tc.name, got, want)
			}
		})
	}
}

func TestUnmarshalStringsSurviveLaterDecodes(t *testing.T) {
	// Strings are carved from shared blocks: a later decode must never
	// overwrite an earlier result, even when blocks are reused.
	var first examplev1.Widget
	if err := Unmarshal([]byte(widgetJSON), &first); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	want := first.DeepCopy()
	for i := range 2000 {
		var w examplev1.Widget
		data := strings.ReplaceAll(widgetJSON, `"w1"`, fmt.Sprintf(`"other-%d-%s"`, i, strings.Repeat("x", i%300)))
		if err := Unmarshal([]byte(data), &w); err != nil {
			t.Fatalf("Unmarshal #%d: %v", i, err)
		}
	}
	if diff := cmp.Diff(want, &first); diff != "" {
		t.Fatalf("a Widget changed after later decodes (-before +after):\n%s", diff)
	}
}

func TestUnmarshalDecodedBytesAreOwnedByTheCaller(t *testing.T) {
	var a, b examplev1.Widget
	if err := Unmarshal([]byte(widgetJSON), &a); err != nil {
		t.Fatal(err)
	}
	if err := Unmarshal([]byte(widgetJSON), &b); err != nil {
		t.Fatal(err)
	}
	raw := a.ManagedFields[0].FieldsV1.Raw
	want := string(b.ManagedFields[0].FieldsV1.Raw)
	_ = append(raw, "garbage"...) // must not run into the next value
	raw[0] = '['
	if got := string(b.ManagedFields[0].FieldsV1.Raw); got != want {
		t.Fatalf("changing one object's FieldsV1 changed another's: %q, want %q", got, want)
	}
	if got, want := string(a.ManagedFields[1].FieldsV1.Raw), `{"f:status":{}}`; got != want {
		t.Fatalf("appending to one FieldsV1 overwrote the next: %q, want %q", got, want)
	}
}
