package codec

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strconv"
	"sync"
	"time"
	"unsafe"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kjson "sigs.k8s.io/json"
)

// Unmarshal decodes the JSON document data into v, which must be a non-nil
// pointer, with exactly the semantics of
// sigs.k8s.io/json.UnmarshalCaseSensitivePreserveInts, the function
// apimachinery's JSON serializer decodes typed objects with: keys match
// field names case-sensitively, unknown keys are ignored, null leaves
// scalars and structs alone and clears pointers, maps and slices, numbers
// in interface{} values become int64 when they are integers, and types
// with UnmarshalJSON or UnmarshalText methods decode themselves.
//
// It decodes in one pass over the input, with a decoding plan compiled
// once per Go type. Whatever the plan does not handle natively (interface
// values, fixed-size arrays, maps with non-string keys, ",string" fields,
// embedded pointers), and every input that is invalid or does not fit the
// target type, is handed to sigs.k8s.io/json, so results and error values
// are the reference decoder's. When it returns an error, v may hold part
// of the input, as with encoding/json.
//
// Decoded strings are copied into shared blocks of up to 8 KiB instead of
// one allocation each: holding on to one string keeps its block alive.
// Slices decoded into a nil slice have a capacity equal to their length.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Name() != "" {
		return kjson.UnmarshalCaseSensitivePreserveInts(data, v)
	}
	d := getState(data)
	err := d.decodeTop(pointeePlan(rv.Type().Elem()), rv.UnsafePointer())
	putState(d)
	if err != nil {
		return kjson.UnmarshalCaseSensitivePreserveInts(data, v)
	}
	return nil
}

// decodeState is the cursor over one input plus reusable scratch space.
type decodeState struct {
	data  []byte
	off   int
	depth int

	arena arena
	// managedFields is where the strings and FieldsV1 of managedFields
	// entries go while one is decoded (see managedFieldsPlan).
	managedFields arena
	// interned holds strings that recur across objects (intern.go);
	// internAll is set while every string decoded is interned.
	interned  interner
	internAll bool
	scratch   []byte

	// capture records the top-level "apiVersion" and "kind" members (the
	// last of each, matched case-insensitively as encoding/json does) for
	// the serializer; odd is set when one of them is not a plain string.
	capture           bool
	apiVersion, kind  []byte
	sawAPIVersionKind [2]bool
	odd               bool
}

var statePool = sync.Pool{New: func() any { return new(decodeState) }}

func getState(data []byte) *decodeState {
	d := statePool.Get().(*decodeState)
	d.data, d.off, d.depth = data, 0, 0
	d.capture, d.apiVersion, d.kind, d.sawAPIVersionKind, d.odd = false, nil, nil, [2]bool{}, false
	return d
}

func putState(d *decodeState) {
	d.data, d.apiVersion, d.kind = nil, nil, nil
	if cap(d.scratch) > 64<<10 {
		d.scratch = nil
	}
	statePool.Put(d)
}

// decodeTop decodes the single value that must make up the whole input.
func (d *decodeState) decodeTop(plan *typeDecoder, p unsafe.Pointer) error {
	d.skipSpace()
	if d.off >= len(d.data) {
		return errFallback
	}
	if err := plan.fn(d, p); err != nil {
		return err
	}
	d.skipSpace()
	if d.off != len(d.data) {
		return errFallback
	}
	return nil
}

// decodeFunc decodes the value at the cursor into the Go value at p.
type decodeFunc func(d *decodeState, p unsafe.Pointer) error

// typeDecoder is the compiled plan of one Go type. fn is set once, before
// the plan is published; plans of recursive types call each other through
// the pointer.
type typeDecoder struct {
	fn decodeFunc
}

var (
	planMu      sync.Mutex
	directPlans sync.Map // reflect.Type -> *typeDecoder: the type as a struct field, element or map value
	deferPlans  sync.Map // reflect.Type -> *typeDecoder: the type reached through a pointer
)

var (
	unmarshalerType        = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType    = reflect.TypeFor[encoding.TextUnmarshaler]()
	numberType             = reflect.TypeFor[json.Number]()
	timeType               = reflect.TypeFor[metav1.Time]()
	fieldsV1Type           = reflect.TypeFor[metav1.FieldsV1]()
	managedFieldsEntryType = reflect.TypeFor[metav1.ManagedFieldsEntry]()
	stringType             = reflect.TypeFor[string]()
	// fieldsV1IsBytes: FieldsV1 is struct{ Raw []byte } unless apimachinery
	// was built with the fieldsv1string tag.
	fieldsV1IsBytes = fieldsV1Type.NumField() == 1 && fieldsV1Type.Field(0).Name == "Raw" && fieldsV1Type.Field(0).Type == reflect.TypeFor[[]byte]()
)

// directPlan returns the plan for a value of type t that is addressable but
// not reached through a pointer (struct field, slice element, map value).
// encoding/json looks for UnmarshalJSON on such a value's address only when
// t is a named type.
func directPlan(t reflect.Type) *typeDecoder {
	if td, ok := directPlans.Load(t); ok {
		return td.(*typeDecoder)
	}
	return compile(func(c *compiler) *typeDecoder { return c.direct(t) })
}

// pointeePlan returns the plan for the target of a pointer to t, where
// encoding/json consults the method set of *t whatever t's name.
func pointeePlan(t reflect.Type) *typeDecoder {
	if td, ok := deferPlans.Load(t); ok {
		return td.(*typeDecoder)
	}
	return compile(func(c *compiler) *typeDecoder { return c.pointee(t) })
}

// compile runs build under planMu and publishes every plan it made once
// all of them are complete, so no reader ever sees a plan without its fn.
func compile(build func(*compiler) *typeDecoder) *typeDecoder {
	planMu.Lock()
	defer planMu.Unlock()
	c := &compiler{direct_: map[reflect.Type]*typeDecoder{}, pointee_: map[reflect.Type]*typeDecoder{}}
	td := build(c)
	for t, td := range c.direct_ {
		directPlans.Store(t, td)
	}
	for t, td := range c.pointee_ {
		deferPlans.Store(t, td)
	}
	return td
}

// compiler builds plans under planMu. Plans under construction are found in
// its maps before their fn is set, which is how recursive types resolve;
// nothing calls fn until compilation has finished and the plans are
// published.
type compiler struct {
	direct_, pointee_ map[reflect.Type]*typeDecoder
}

func (c *compiler) pointee(t reflect.Type) *typeDecoder {
	if td, ok := deferPlans.Load(t); ok {
		return td.(*typeDecoder)
	}
	if td, ok := c.pointee_[t]; ok {
		return td
	}
	td := &typeDecoder{}
	c.pointee_[t] = td
	pt := reflect.PointerTo(t)
	switch special := c.special(t); {
	case special != nil:
		td.fn = special.fn
	case t.Kind() == reflect.Interface:
		td.fn = fallbackPlan(t)
	case pt.Implements(unmarshalerType):
		td.fn = unmarshalerPlan(t)
	case pt.Implements(textUnmarshalerType):
		td.fn = textUnmarshalerPlan(t)
	default:
		direct := c.direct(t)
		td.fn = func(d *decodeState, p unsafe.Pointer) error { return direct.fn(d, p) }
	}
	return td
}

func (c *compiler) direct(t reflect.Type) *typeDecoder {
	if td, ok := directPlans.Load(t); ok {
		return td.(*typeDecoder)
	}
	if td, ok := c.direct_[t]; ok {
		return td
	}
	td := &typeDecoder{}
	c.direct_[t] = td
	td.fn = c.build(t)
	if t == managedFieldsEntryType {
		td.fn = managedFieldsPlan(td.fn)
	}
	return td
}

// managedFieldsPlan decodes a managedFields entry into blocks of its own:
// informers commonly drop managedFields with a transform right after
// decoding (they are often the largest part of an object and controllers
// rarely read them), and bytes that shared a block with the object's other
// strings would stay pinned by them after the drop.
func managedFieldsPlan(entry decodeFunc) decodeFunc {
	return func(d *decodeState, p unsafe.Pointer) error {
		d.arena, d.managedFields = d.managedFields, d.arena
		d.internAll = true
		err := entry(d, p)
		d.internAll = false
		d.arena, d.managedFields = d.managedFields, d.arena
		return err
	}
}

// special returns the hand-written plans for apimachinery types that every
// object carries, or nil.
func (c *compiler) special(t reflect.Type) *typeDecoder {
	switch {
	case t == timeType:
		return &typeDecoder{fn: decodeTime}
	case t == fieldsV1Type && fieldsV1IsBytes:
		return &typeDecoder{fn: decodeFieldsV1}
	}
	return nil
}

func (c *compiler) build(t reflect.Type) decodeFunc {
	if special := c.special(t); special != nil {
		return special.fn
	}
	if t.Kind() != reflect.Pointer && t.Name() != "" {
		pt := reflect.PointerTo(t)
		if t.Kind() == reflect.Interface {
			return fallbackPlan(t)
		}
		if pt.Implements(unmarshalerType) {
			return unmarshalerPlan(t)
		}
		if pt.Implements(textUnmarshalerType) {
			return textUnmarshalerPlan(t)
		}
	}
	switch t.Kind() {
	case reflect.Bool:
		return decodeBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intPlan(t)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintPlan(t)
	case reflect.Float32, reflect.Float64:
		return floatPlan(t)
	case reflect.String:
		if t == numberType {
			return fallbackPlan(t)
		}
		return decodeString
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Interface {
			return fallbackPlan(t)
		}
		return c.pointerPlan(t)
	case reflect.Slice:
		return c.slicePlan(t)
	case reflect.Map:
		return c.mapPlan(t)
	case reflect.Struct:
		return c.structPlan(t)
	}
	// Interfaces, fixed-size arrays, and kinds JSON cannot hold.
	return fallbackPlan(t)
}

// fallbackPlan hands the value to the reference decoder.
func fallbackPlan(t reflect.Type) decodeFunc {
	return func(d *decodeState, p unsafe.Pointer) error {
		start := d.off
		if err := d.skipValue(); err != nil {
			return err
		}
		if err := kjson.UnmarshalCaseSensitivePreserveInts(d.data[start:d.off], reflect.NewAt(t, p).Interface()); err != nil {
			return errFallback
		}
		return nil
	}
}

func unmarshalerPlan(t reflect.Type) decodeFunc {
	return func(d *decodeState, p unsafe.Pointer) error {
		start := d.off
		if err := d.skipValue(); err != nil {
			return err
		}
		if err := reflect.NewAt(t, p).Interface().(json.Unmarshaler).UnmarshalJSON(d.data[start:d.off]); err != nil {
			return errFallback
		}
		return nil
	}
}

func textUnmarshalerPlan(t reflect.Type) decodeFunc {
	return func(d *decodeState, p unsafe.Pointer) error {
		switch d.peek() {
		case '"':
			raw, complex, err := d.scanString()
			if err != nil {
				return err
			}
			if err := reflect.NewAt(t, p).Interface().(encoding.TextUnmarshaler).UnmarshalText(d.stringBytes(raw, complex)); err != nil {
				return errFallback
			}
			return nil
		case 'n':
			if err := d.literal("null"); err != nil {
				return err
			}
			switch t.Kind() {
			case reflect.Map, reflect.Slice:
				reflect.NewAt(t, p).Elem().SetZero()
			}
			return nil
		}
		return errFallback
	}
}

func decodeTime(d *decodeState, p unsafe.Pointer) error {
	t := (*metav1.Time)(p)
	start := d.off
	switch d.peek() {
	case 'n':
		if err := d.literal("null"); err != nil {
			return err
		}
		t.Time = time.Time{}
		return nil
	case '"':
		raw, complex, err := d.scanString()
		if err != nil {
			return err
		}
		if !complex {
			pt, err := time.Parse(time.RFC3339, unsafe.String(unsafe.SliceData(raw), len(raw)))
			if err != nil {
				return errFallback
			}
			t.Time = pt.Local()
			return nil
		}
	default:
		if err := d.skipValue(); err != nil {
			return err
		}
	}
	if err := t.UnmarshalJSON(d.data[start:d.off]); err != nil {
		return errFallback
	}
	return nil
}

func decodeFieldsV1(d *decodeState, p unsafe.Pointer) error {
	f := (*metav1.FieldsV1)(p)
	if d.peek() == 'n' {
		return d.literal("null") // UnmarshalJSON ignores null
	}
	start := d.off
	if err := d.skipValue(); err != nil {
		return err
	}
	f.Raw = d.arena.bytes(d.data[start:d.off])
	return nil
}

func decodeBool(d *decodeState, p unsafe.Pointer) error {
	switch d.peek() {
	case 't':
		*(*bool)(p) = true
		return d.literal("true")
	case 'f':
		*(*bool)(p) = false
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	return errFallback
}

func decodeString(d *decodeState, p unsafe.Pointer) error {
	switch d.peek() {
	case '"':
		raw, complex, err := d.scanString()
		if err != nil {
			return err
		}
		*(*string)(p) = d.string(d.stringBytes(raw, complex), d.internAll)
		return nil
	case 'n':
		return d.literal("null")
	}
	return errFallback
}

// stringElement reports whether t decodes as a plain string: a string kind
// with no unmarshaler of its own.
func stringElement(t reflect.Type) bool {
	if t.Kind() != reflect.String || t == numberType {
		return false
	}
	pt := reflect.PointerTo(t)
	return !pt.Implements(unmarshalerType) && !pt.Implements(textUnmarshalerType)
}

// decodeStringValue is decodeString for values that often recur across
// objects: map values and list elements (see value).
func decodeStringValue(d *decodeState, p unsafe.Pointer) error {
	if d.peek() != '"' {
		return decodeString(d, p)
	}
	raw, complex, err := d.scanString()
	if err != nil {
		return err
	}
	*(*string)(p) = d.value(d.stringBytes(raw, complex))
	return nil
}

// value returns b as a string for a map value or list element: short ones
// are interned at once (most short values recur: label values, phases,
// finalizers), longer ones from their second sighting on (a JSON document
// or a contact line that every object of a chart carries), and values seen
// once stay in the arena.
func (d *decodeState) value(b []byte) string {
	if d.internAll || len(b) <= internMaxValue {
		return d.string(b, true)
	}
	if s, ok := d.interned.recurring(b); ok {
		return s
	}
	return d.arena.string(b)
}

// string returns b as a string: interned if intern is set and b is short,
// carved from the arena otherwise.
func (d *decodeState) string(b []byte, intern bool) string {
	if intern && len(b) <= internMaxString {
		return d.interned.string(b)
	}
	return d.arena.string(b)
}

// number consumes a number at the cursor; ok is false (and nothing is
// consumed) for null, which leaves numbers alone.
func (d *decodeState) number() (num []byte, integer, ok bool, err error) {
	switch c := d.peek(); {
	case c == 'n':
		return nil, false, false, d.literal("null")
	case c == '-' || ('0' <= c && c <= '9'):
		num, integer, err = d.scanNumber()
		return num, integer, err == nil, err
	}
	return nil, false, false, errFallback
}

func intPlan(t reflect.Type) decodeFunc {
	bits := t.Bits()
	return func(d *decodeState, p unsafe.Pointer) error {
		num, integer, ok, err := d.number()
		if !ok || err != nil {
			return err
		}
		if !integer {
			return errFallback
		}
		n, err := parseInt(num)
		if err != nil {
			return err
		}
		switch bits {
		case 8:
			if int64(int8(n)) != n {
				return errFallback
			}
			*(*int8)(p) = int8(n)
		case 16:
			if int64(int16(n)) != n {
				return errFallback
			}
			*(*int16)(p) = int16(n)
		case 32:
			if int64(int32(n)) != n {
				return errFallback
			}
			*(*int32)(p) = int32(n)
		default:
			*(*int64)(p) = n
		}
		return nil
	}
}

// parseInt parses a validated JSON integer.
func parseInt(num []byte) (int64, error) {
	digits := num
	neg := len(num) > 0 && num[0] == '-'
	if neg {
		digits = num[1:]
	}
	if len(digits) <= 18 {
		var n int64
		for _, c := range digits {
			n = n*10 + int64(c-'0')
		}
		if neg {
			n = -n
		}
		return n, nil
	}
	n, err := strconv.ParseInt(unsafe.String(unsafe.SliceData(num), len(num)), 10, 64)
	if err != nil {
		return 0, errFallback
	}
	return n, nil
}

func uintPlan(t reflect.Type) decodeFunc {
	bits := t.Bits()
	return func(d *decodeState, p unsafe.Pointer) error {
		num, integer, ok, err := d.number()
		if !ok || err != nil {
			return err
		}
		if !integer || num[0] == '-' {
			return errFallback
		}
		n, err := strconv.ParseUint(unsafe.String(unsafe.SliceData(num), len(num)), 10, 64)
		if err != nil {
			return errFallback
		}
		switch bits {
		case 8:
			if uint64(uint8(n)) != n {
				return errFallback
			}
			*(*uint8)(p) = uint8(n)
		case 16:
			if uint64(uint16(n)) != n {
				return errFallback
			}
			*(*uint16)(p) = uint16(n)
		case 32:
			if uint64(uint32(n)) != n {
				return errFallback
			}
			*(*uint32)(p) = uint32(n)
		default:
			*(*uint64)(p) = n
		}
		return nil
	}
}

func floatPlan(t reflect.Type) decodeFunc {
	bits := t.Bits()
	return func(d *decodeState, p unsafe.Pointer) error {
		num, _, ok, err := d.number()
		if !ok || err != nil {
			return err
		}
		f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(num), len(num)), bits)
		if err != nil {
			return errFallback
		}
		if bits == 32 {
			*(*float32)(p) = float32(f)
		} else {
			*(*float64)(p) = f
		}
		return nil
	}
}

func (c *compiler) pointerPlan(t reflect.Type) decodeFunc {
	elemType := t.Elem()
	elem := c.pointee(elemType)
	return func(d *decodeState, p unsafe.Pointer) error {
		if d.peek() == 'n' {
			if err := d.literal("null"); err != nil {
				return err
			}
			*(*unsafe.Pointer)(p) = nil
			return nil
		}
		ep := *(*unsafe.Pointer)(p)
		if ep == nil {
			ep = reflect.New(elemType).UnsafePointer()
			*(*unsafe.Pointer)(p) = ep
		}
		return elem.fn(d, ep)
	}
}

// sliceHeader is the layout of every slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func (c *compiler) slicePlan(t reflect.Type) decodeFunc {
	elemType := t.Elem()
	elem := c.direct(elemType)
	if stringElement(elemType) {
		// Elements of string lists (finalizers, tags, args) recur across
		// objects as map values do.
		elem = &typeDecoder{fn: decodeStringValue}
	}
	size := elemType.Size()
	isBytes := elemType.Kind() == reflect.Uint8
	return func(d *decodeState, p unsafe.Pointer) error {
		switch d.peek() {
		case '[':
		case 'n':
			if err := d.literal("null"); err != nil {
				return err
			}
			*(*sliceHeader)(p) = sliceHeader{}
			return nil
		case '"':
			if !isBytes {
				return errFallback
			}
			raw, complex, err := d.scanString()
			if err != nil {
				return err
			}
			s := d.stringBytes(raw, complex)
			b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
			n, err := base64.StdEncoding.Decode(b, s)
			if err != nil {
				return errFallback
			}
			*(*[]byte)(p) = b[:n]
			return nil
		default:
			return errFallback
		}
		if (*sliceHeader)(p).data != nil {
			return mergeSlice(d, t, elem, p)
		}
		return decodeNewSlice(d, t, elem, size, p)
	}
}

// countBudget is how many bytes of an array countElements reads before it
// settles for an estimate: small arrays get a slice of exactly their length
// in one allocation, large ones (a List's items) are not scanned twice.
const countBudget = 4 << 10

// decodeNewSlice decodes the array at the cursor into a new slice stored at
// p: allocated once at its final size when the array is short, grown from
// an estimate when it is long.
func decodeNewSlice(d *decodeState, t reflect.Type, elem *typeDecoder, size uintptr, p unsafe.Pointer) error {
	n, complete := d.countElements(countBudget)
	if err := d.enter(); err != nil {
		return err
	}
	arrayStart := d.off
	d.off++ // [
	d.skipSpace()
	v := reflect.NewAt(t, p).Elem()
	if complete && n == 0 {
		if d.peek() != ']' {
			return errFallback
		}
		d.off++
		d.depth--
		v.Set(reflect.MakeSlice(t, 0, 0))
		return nil
	}
	if !complete {
		// n elements in the first countBudget bytes: assume the rest of
		// the input is like them.
		n = int(int64(n)*int64(len(d.data)-arrayStart)/countBudget) + 1
	}
	s := reflect.MakeSlice(t, n, n)
	base := s.UnsafePointer()
	for i := 0; ; i++ {
		if i == s.Len() {
			if complete {
				return errFallback // more elements than counted: not valid JSON
			}
			grown := reflect.MakeSlice(t, 2*s.Len(), 2*s.Len())
			reflect.Copy(grown, s)
			s = grown
			base = s.UnsafePointer()
		}
		if err := elem.fn(d, unsafe.Add(base, uintptr(i)*size)); err != nil {
			return err
		}
		more, err := d.next(']')
		if err != nil {
			return err
		}
		if !more {
			if i+1 < s.Len() {
				if complete {
					return errFallback
				}
				s = s.Slice3(0, i+1, i+1)
			}
			break
		}
	}
	d.depth--
	v.Set(s)
	return nil
}

// mergeSlice decodes an array into an existing non-nil slice exactly as
// encoding/json does: elements are decoded into the slice's existing
// elements and backing array where there is room.
func mergeSlice(d *decodeState, t reflect.Type, elem *typeDecoder, p unsafe.Pointer) error {
	v := reflect.NewAt(t, p).Elem()
	if err := d.enter(); err != nil {
		return err
	}
	d.off++ // [
	d.skipSpace()
	i := 0
	if d.peek() == ']' {
		d.off++
	} else {
		for {
			if i >= v.Cap() {
				v.Grow(1)
			}
			if i >= v.Len() {
				v.SetLen(i + 1)
			}
			if err := elem.fn(d, v.Index(i).Addr().UnsafePointer()); err != nil {
				return err
			}
			i++
			more, err := d.next(']')
			if err != nil {
				return err
			}
			if !more {
				break
			}
		}
	}
	d.depth--
	if i < v.Len() {
		v.SetLen(i)
	}
	if i == 0 {
		v.Set(reflect.MakeSlice(t, 0, 0))
	}
	return nil
}

func (c *compiler) mapPlan(t reflect.Type) decodeFunc {
	keyType := t.Key()
	if keyType.Kind() != reflect.String || reflect.PointerTo(keyType).Implements(textUnmarshalerType) {
		return fallbackPlan(t)
	}
	if keyType == stringType && t.Elem() == stringType {
		return decodeStringMap
	}
	elemType := t.Elem()
	elem := c.direct(elemType)
	return func(d *decodeState, p unsafe.Pointer) error {
		switch d.peek() {
		case '{':
		case 'n':
			if err := d.literal("null"); err != nil {
				return err
			}
			*(*unsafe.Pointer)(p) = nil
			return nil
		default:
			return errFallback
		}
		m := reflect.NewAt(t, p).Elem()
		if m.IsNil() {
			m.Set(reflect.MakeMap(t))
		}
		ev := reflect.New(elemType).Elem()
		kv := reflect.New(keyType).Elem()
		return d.members(func(key []byte) error {
			kv.SetString(d.string(key, true))
			ev.SetZero()
			if err := elem.fn(d, ev.Addr().UnsafePointer()); err != nil {
				return err
			}
			m.SetMapIndex(kv, ev)
			return nil
		})
	}
}

// decodeStringMap is the plan for map[string]string (labels, annotations,
// selectors, ConfigMap data).
func decodeStringMap(d *decodeState, p unsafe.Pointer) error {
	switch d.peek() {
	case '{':
	case 'n':
		if err := d.literal("null"); err != nil {
			return err
		}
		*(*map[string]string)(p) = nil
		return nil
	default:
		return errFallback
	}
	m := *(*map[string]string)(p)
	if m == nil {
		m = map[string]string{}
		*(*map[string]string)(p) = m
	}
	return d.members(func(key []byte) error {
		k := d.string(key, true)
		var v string
		if d.peek() == '"' {
			raw, complex, err := d.scanString()
			if err != nil {
				return err
			}
			v = d.value(d.stringBytes(raw, complex))
		} else if err := decodeString(d, unsafe.Pointer(&v)); err != nil {
			return err
		}
		m[k] = v
		return nil
	})
}

// members walks the object at the cursor, calling member with each decoded
// key (valid only during the call) and the cursor on the value, which
// member must consume.
func (d *decodeState) members(member func(key []byte) error) error {
	if err := d.enter(); err != nil {
		return err
	}
	d.off++ // {
	d.skipSpace()
	if d.peek() == '}' {
		d.off++
		d.depth--
		return nil
	}
	for {
		if d.peek() != '"' {
			return errFallback
		}
		raw, complex, err := d.scanString()
		if err != nil {
			return err
		}
		key := d.stringBytes(raw, complex)
		if complex {
			key = bytes.Clone(key) // d.scratch is reused by the value
		}
		if err := d.colon(); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		more, err := d.next('}')
		if err != nil {
			return err
		}
		if !more {
			d.depth--
			return nil
		}
	}
}

// fieldPlan is one JSON-visible struct field.
type fieldPlan struct {
	offset uintptr
	dec    *typeDecoder
}

func (c *compiler) structPlan(t reflect.Type) decodeFunc {
	fields := structFields(t)
	byName := make(map[string]int, len(fields))
	plans := make([]fieldPlan, len(fields))
	for i, f := range fields {
		if f.quoted {
			return fallbackPlan(t)
		}
		var offset uintptr
		typ := t
		var sf reflect.StructField
		for j, idx := range f.index {
			sf = typ.Field(idx)
			offset += sf.Offset
			typ = sf.Type
			if j < len(f.index)-1 && typ.Kind() == reflect.Pointer {
				// A field promoted through an embedded pointer: leave the
				// allocation rules to the reference decoder.
				return fallbackPlan(t)
			}
		}
		plans[i] = fieldPlan{offset: offset, dec: c.direct(sf.Type)}
		byName[f.name] = i
	}
	return func(d *decodeState, p unsafe.Pointer) error {
		switch d.peek() {
		case '{':
		case 'n':
			return d.literal("null")
		default:
			return errFallback
		}
		top := d.capture && d.depth == 0
		return d.members(func(key []byte) error {
			var which int
			if top {
				which = topLevelMember(key)
			}
			start := d.off
			var err error
			if i, ok := byName[string(key)]; ok {
				f := &plans[i]
				err = f.dec.fn(d, unsafe.Add(p, f.offset))
			} else {
				err = d.skipValue()
			}
			if err == nil && which > 0 {
				d.recordTopLevel(which, d.data[start:d.off])
			}
			return err
		})
	}
}

// topLevelMember tells whether key is one encoding/json would match to
// "apiVersion" (1) or "kind" (2) when finding an object's type.
func topLevelMember(key []byte) int {
	switch {
	case bytes.EqualFold(key, []byte("apiVersion")):
		return 1
	case bytes.EqualFold(key, []byte("kind")):
		return 2
	}
	return 0
}

// recordTopLevel keeps the raw value of a top-level apiVersion or kind
// member; anything but a plain string marks the input odd.
func (d *decodeState) recordTopLevel(which int, value []byte) {
	if len(value) < 2 || value[0] != '"' {
		d.odd = true
		return
	}
	body := value[1 : len(value)-1]
	for _, c := range body {
		if !plainString[c] {
			d.odd = true
			return
		}
	}
	d.sawAPIVersionKind[which-1] = true
	if which == 1 {
		d.apiVersion = body
	} else {
		d.kind = body
	}
}
