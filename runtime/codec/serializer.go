package codec

import (
	"bytes"
	"io"
	"reflect"
	"unsafe"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
)

// Serializer is apimachinery's non-strict JSON serializer with a faster
// Decode: typed objects are decoded in one pass by Unmarshal, and the
// object's apiVersion and kind are read during that pass instead of by a
// separate parse of the whole document. Encode, Identifier and every case
// the fast path does not take (unstructured and *runtime.Unknown targets,
// types the scheme does not know, a target that is not empty, an object
// whose kind differs from the target's, malformed input) are handled by the
// wrapped serializer, so results and errors are the same as with it.
type Serializer struct {
	base    *json.Serializer
	creater runtime.ObjectCreater
	typer   runtime.ObjectTyper
}

var _ runtime.Serializer = (*Serializer)(nil)

// NewSerializer returns a Serializer over
// json.NewSerializerWithOptions(json.DefaultMetaFactory, creater, typer,
// json.SerializerOptions{}), the serializer serializer.NewCodecFactory
// registers for application/json.
func NewSerializer(creater runtime.ObjectCreater, typer runtime.ObjectTyper) *Serializer {
	return &Serializer{
		base:    json.NewSerializerWithOptions(json.DefaultMetaFactory, creater, typer, json.SerializerOptions{}),
		creater: creater,
		typer:   typer,
	}
}

// Decode implements runtime.Decoder with the semantics of json.Serializer.
func (s *Serializer) Decode(data []byte, gvk *schema.GroupVersionKind, into runtime.Object) (runtime.Object, *schema.GroupVersionKind, error) {
	if obj, actual, ok := s.decode(data, gvk, into); ok {
		return obj, actual, nil
	}
	return s.base.Decode(data, gvk, into)
}

// Encode implements runtime.Encoder; it is json.Serializer's.
func (s *Serializer) Encode(obj runtime.Object, w io.Writer) error { return s.base.Encode(obj, w) }

// Identifier implements runtime.Encoder; it is json.Serializer's, since the
// encoding is the same.
func (s *Serializer) Identifier() runtime.Identifier { return s.base.Identifier() }

// RecognizesData implements recognizer.RecognizingDecoder.
func (s *Serializer) RecognizesData(data []byte) (ok, unknown bool, err error) {
	return s.base.RecognizesData(data)
}

// decode is the fast path; ok is false when the wrapped serializer must
// decode instead (which then also produces any error).
func (s *Serializer) decode(data []byte, defaults *schema.GroupVersionKind, into runtime.Object) (_ runtime.Object, _ *schema.GroupVersionKind, ok bool) {
	i := 0
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	if i == len(data) || data[i] != '{' {
		return nil, nil, false
	}
	switch into.(type) {
	case *runtime.Unknown, runtime.Unstructured:
		return nil, nil, false
	case nil:
		return s.decodeNew(data, defaults)
	}
	// Decoding into a caller's object: only an empty one, so that when the
	// data turns out to be of another kind (a Status, say) the object can be
	// reset to exactly what it was before the wrapped serializer takes over.
	target := reflect.ValueOf(into)
	if target.Kind() != reflect.Pointer || target.IsNil() || target.Elem().Kind() != reflect.Struct || !target.Elem().IsZero() {
		return nil, nil, false
	}
	kinds, _, err := s.typer.ObjectKinds(into)
	if err != nil {
		return nil, nil, false
	}
	d := getState(data)
	defer putState(d)
	d.capture = true
	if err := d.decodeTop(pointeePlan(target.Type().Elem()), target.UnsafePointer()); err != nil || d.odd {
		target.Elem().SetZero()
		return nil, nil, false
	}
	actual, ok := actualKind(d, defaults)
	var result *schema.GroupVersionKind
	if ok {
		result, ok = canonical(kinds, gvkWithDefaults(actual, kinds[0]))
	}
	if !ok {
		target.Elem().SetZero()
		return nil, nil, false
	}
	return into, result, true
}

// decodeNew decodes into a new object of the kind the data names, found by
// a scan of the leading members (apiVersion and kind normally come first)
// and confirmed against the last occurrence once the object is decoded.
func (s *Serializer) decodeNew(data []byte, defaults *schema.GroupVersionKind) (runtime.Object, *schema.GroupVersionKind, bool) {
	d := getState(data)
	defer putState(d)
	if !d.scanKind() || d.odd {
		return nil, nil, false
	}
	apiVersion, kind := d.apiVersion, d.kind
	actual, ok := actualKind(d, defaults)
	if !ok || actual.Kind == "" || actual.Version == "" {
		return nil, nil, false
	}
	obj, err := s.creater.New(actual)
	if err != nil {
		return nil, nil, false
	}
	if _, unstructured := obj.(runtime.Unstructured); unstructured {
		return nil, nil, false
	}
	target := reflect.ValueOf(obj)
	if target.Kind() != reflect.Pointer || target.IsNil() {
		return nil, nil, false
	}
	d.off, d.depth, d.capture, d.apiVersion, d.kind, d.sawAPIVersionKind = 0, 0, true, nil, nil, [2]bool{}
	if err := d.decodeTop(pointeePlan(target.Type().Elem()), target.UnsafePointer()); err != nil || d.odd {
		return nil, nil, false
	}
	if !bytes.Equal(d.apiVersion, apiVersion) || !bytes.Equal(d.kind, kind) {
		return nil, nil, false // a later duplicate member changed the kind
	}
	kinds, _, err := s.typer.ObjectKinds(obj)
	if err != nil {
		return nil, nil, false
	}
	result, ok := canonical(kinds, actual)
	if !ok {
		return nil, nil, false
	}
	return obj, result, true
}

// scanKind walks the top-level members of the object at the start of the
// input until it has seen both apiVersion and kind, recording them as the
// decode does. It reports false for input it cannot walk.
func (d *decodeState) scanKind() bool {
	d.skipSpace()
	d.off++ // {
	d.skipSpace()
	if d.peek() == '}' {
		return true
	}
	for !(d.sawAPIVersionKind[0] && d.sawAPIVersionKind[1]) {
		if d.peek() != '"' {
			return false
		}
		raw, complex, err := d.scanString()
		if err != nil {
			return false
		}
		which := topLevelMember(d.stringBytes(raw, complex))
		if d.colon() != nil {
			return false
		}
		start := d.off
		if d.skipValue() != nil {
			return false
		}
		if which > 0 {
			d.recordTopLevel(which, d.data[start:d.off])
		}
		more, err := d.next('}')
		if err != nil {
			return false
		}
		if !more {
			break
		}
	}
	return true
}

// actualKind is the GroupVersionKind the JSON serializer's MetaFactory
// reads from the recorded members, with the caller's defaults applied. Its
// strings may point into the input: callers return a kind from the scheme
// (see canonical) instead of it.
func actualKind(d *decodeState, defaults *schema.GroupVersionKind) (schema.GroupVersionKind, bool) {
	gv, err := schema.ParseGroupVersion(unsafe.String(unsafe.SliceData(d.apiVersion), len(d.apiVersion)))
	if err != nil {
		return schema.GroupVersionKind{}, false
	}
	actual := schema.GroupVersionKind{Group: gv.Group, Version: gv.Version, Kind: unsafe.String(unsafe.SliceData(d.kind), len(d.kind))}
	if defaults != nil {
		actual = gvkWithDefaults(actual, *defaults)
	}
	return actual, true
}

// canonical returns the entry of kinds equal to actual, whose strings belong
// to the scheme rather than to the input.
func canonical(kinds []schema.GroupVersionKind, actual schema.GroupVersionKind) (*schema.GroupVersionKind, bool) {
	for _, k := range kinds {
		if k == actual {
			return &k, true
		}
	}
	return nil, false
}

// gvkWithDefaults is json.Serializer's rule for filling in what the data
// leaves out.
func gvkWithDefaults(actual, defaultGVK schema.GroupVersionKind) schema.GroupVersionKind {
	if len(actual.Kind) == 0 {
		actual.Kind = defaultGVK.Kind
	}
	if len(actual.Version) == 0 && len(actual.Group) == 0 {
		actual.Group = defaultGVK.Group
		actual.Version = defaultGVK.Version
	}
	if len(actual.Version) == 0 && actual.Group == defaultGVK.Group {
		actual.Version = defaultGVK.Version
	}
	return actual
}
