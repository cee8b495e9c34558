// Package roundtrip checks the property the types generator/crd writes
// promise: any object valid against its CRD's schema decodes into the
// generated Go type and encodes back to the same JSON, with no field lost and
// none added by a zero value; and DeepCopy copies all of it, sharing nothing.
// Objects come from Gen, a seeded generator of random schema-valid values.
// It is used by generator/crd's round-trip test on the goldens and by the
// test that generated packages for real CRDs carry.
package roundtrip

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/runtime/codec"
)

// NewGen returns a generator seeded with seed.
func NewGen(seed uint64) *Gen {
	return &Gen{r: rand.New(rand.NewPCG(13, seed))}
}

// Run checks n random objects of the root schema s against the Go type
// newObj returns, and returns the first failure.
func Run(s *crd.Schema, apiVersion, kind string, newObj func() runtime.Object, n int, seed uint64) error {
	g := NewGen(seed)
	for i := range n {
		if err := Check(g.Object(s, apiVersion, kind), newObj()); err != nil {
			return fmt.Errorf("object %d: %w", i, err)
		}
	}
	return nil
}

// Check decodes data into typed, encodes it back and compares the two as
// parsed JSON; checks that runtime/codec (what generated clients decode
// with) reads the same value; then deep-copies typed and checks that the
// copy encodes the same and shares no pointer, slice or map with it.
func Check(data []byte, typed runtime.Object) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a field the type has no place for fails here, by name
	if err := dec.Decode(typed); err != nil {
		return fmt.Errorf("does not decode into %T: %v\n%s", typed, err, data)
	}
	out, err := json.Marshal(typed)
	if err != nil {
		return err
	}
	sent, err := parse(data)
	if err != nil {
		return err
	}
	back, err := parse(out)
	if err != nil {
		return err
	}
	if diff := cmp.Diff(sent, back); diff != "" {
		return fmt.Errorf("changed in a decode and encode through %T (-sent +written back):\n%s\nsent: %s", typed, diff, data)
	}
	// The generated clients decode with runtime/codec, not encoding/json:
	// it must read the same value.
	viaCodec := reflect.New(reflect.TypeOf(typed).Elem()).Interface()
	if err := codec.Unmarshal(data, viaCodec); err != nil {
		return fmt.Errorf("runtime/codec does not decode into %T: %v\n%s", typed, err, data)
	}
	codecOut, err := json.Marshal(viaCodec)
	if err != nil {
		return err
	}
	if !bytes.Equal(out, codecOut) {
		return fmt.Errorf("runtime/codec decodes differently from encoding/json:\nencoding/json: %s\nruntime/codec: %s", out, codecOut)
	}

	copied := typed.DeepCopyObject()
	again, err := json.Marshal(copied)
	if err != nil {
		return err
	}
	if !bytes.Equal(out, again) {
		return fmt.Errorf("DeepCopy differs from the original:\n%s\n%s", out, again)
	}
	if path := shared(reflect.ValueOf(typed), reflect.ValueOf(copied), ""); path != "" {
		return fmt.Errorf("DeepCopy shares %s with the original", path)
	}
	return nil
}

// parse reads JSON keeping numbers as written, so 1 and 1.0 or a large
// int64 are compared exactly.
func parse(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// shared returns the path of the first pointer, slice or map that a and b
// (a value and its deep copy) share, or "". A time.Time's *Location is
// meant to be shared, and all zero-size values have one address in Go.
func shared(a, b reflect.Value, path string) string {
	if a.Type() == reflect.TypeFor[time.Time]() {
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || a.Type().Elem().Size() == 0 {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		return shared(a.Elem(), b.Elem(), path)
	case reflect.Interface:
		if a.IsNil() {
			return ""
		}
		return shared(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	case reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			return path
		}
		for _, key := range a.MapKeys() {
			if p := shared(a.MapIndex(key), b.MapIndex(key), fmt.Sprintf("%s[%v]", path, key)); p != "" {
				return p
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}

// gen makes random JSON values valid against a structural schema. It leans
// on zero values ("", 0, false, {}, []) and on leaving optional fields out,
// which are where a Go type loses or adds fields. Two forms the Report
// lists as normalized are not generated: date-times other than RFC 3339 in
// UTC to the second, and null for an optional nullable field.
type Gen struct {
	r *rand.Rand
}

func (g *Gen) oneIn(n int) bool { return g.r.IntN(n) == 0 }

func (g *Gen) metadata() map[string]any {
	m := map[string]any{"name": "obj-" + fmt.Sprint(g.r.IntN(1000))}
	if g.oneIn(2) {
		m["namespace"] = "ns"
	}
	if g.oneIn(2) {
		m["labels"] = map[string]any{"app": g.str(nil)}
	}
	return m
}

// Object is a random object valid against the root schema s, as JSON.
func (g *Gen) Object(s *crd.Schema, apiVersion, kind string) []byte {
	obj := g.object(s)
	obj["apiVersion"] = apiVersion
	obj["kind"] = kind
	obj["metadata"] = g.metadata()
	data, err := json.Marshal(obj)
	if err != nil {
		panic(err) // values built here always marshal
	}
	return data
}

// object is the root: every property but apiVersion, kind and metadata.
func (g *Gen) object(s *crd.Schema) map[string]any {
	rest := *s
	rest.Properties = map[string]*crd.Schema{}
	for p, ps := range s.Properties {
		if p != "apiVersion" && p != "kind" && p != "metadata" {
			rest.Properties[p] = ps
		}
	}
	rest.PreserveUnknownFields = false
	m := g.value(&rest, 0).(map[string]any)
	if s.PreserveUnknownFields {
		// Fields the schema does not name, which the API server keeps:
		// any names, and sometimes a known property's name in another
		// case, which is another field to the API server's
		// case-sensitive decoder.
		for k, v := range g.anyObject(0) {
			if _, ok := s.Properties[k]; !ok && k != "apiVersion" && k != "kind" && k != "metadata" {
				m[k] = v
			}
		}
		for p := range s.Properties {
			if up := strings.ToUpper(p[:1]) + p[1:]; up != p && g.oneIn(2) {
				if _, ok := s.Properties[up]; !ok {
					m[up] = g.anyValue(1)
				}
			}
		}
	}
	return m
}

func (g *Gen) value(s *crd.Schema, depth int) any {
	switch {
	case s.IntOrString:
		if g.oneIn(2) {
			return g.r.Int32N(math.MaxInt32) - g.r.Int32N(math.MaxInt32)
		}
		return g.str(s)
	case s.EmbeddedResource:
		obj := g.anyObject(depth)
		obj["apiVersion"], obj["kind"] = "v1", "ConfigMap"
		obj["metadata"] = map[string]any{"name": g.str(nil)}
		return obj
	}
	switch s.Type {
	case "object":
		return g.objectValue(s, depth)
	case "array":
		return g.array(s, depth)
	case "string":
		if s.Format == "date-time" {
			return time.Unix(g.r.Int64N(4e9), 0).UTC().Format(time.RFC3339)
		}
		if len(s.Enum) > 0 {
			return s.Enum[g.r.IntN(len(s.Enum))]
		}
		return g.str(s)
	case "integer":
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		if s.Format == "int32" {
			lo, hi = math.MinInt32, math.MaxInt32
		}
		if s.Minimum != nil {
			lo = max(lo, int64(*s.Minimum))
		}
		if s.Maximum != nil {
			hi = min(hi, int64(*s.Maximum))
		}
		if g.oneIn(4) && lo <= 0 && hi >= 0 {
			return 0
		}
		span := uint64(hi-lo) + 1 // in uint64, which holds every span but the full range's
		if span == 0 {
			return int64(g.r.Uint64())
		}
		return lo + int64(g.r.Uint64N(span))
	case "number":
		switch g.r.IntN(4) {
		case 0:
			return 0.0
		case 1:
			return float64(g.r.IntN(100)) // written as an integer
		default:
			return g.r.NormFloat64() * math.Pow(10, float64(g.r.IntN(40)-20))
		}
	case "boolean":
		return g.oneIn(2)
	}
	// No type: whichever alternative anyOf or oneOf names, else any value.
	for _, alts := range [][]*crd.Schema{s.AnyOf, s.OneOf} {
		if len(alts) > 0 {
			if alt := alts[g.r.IntN(len(alts))]; alt.Type != "" {
				return g.value(alt, depth)
			}
		}
	}
	// The API server drops a null that the schema does not allow
	// (nullable: false), so a valid object never holds one here.
	for {
		if v := g.anyValue(depth); v != nil {
			return v
		}
	}
}

func (g *Gen) objectValue(s *crd.Schema, depth int) any {
	m := map[string]any{}
	switch {
	case len(s.Properties) > 0:
		for _, p := range slices.Sorted(mapsKeys(s.Properties)) {
			ps := s.Properties[p]
			required := slices.Contains(s.Required, p)
			if !required && g.oneIn(2) {
				continue
			}
			if required && ps.Nullable && g.oneIn(4) {
				m[p] = nil
				continue
			}
			m[p] = g.value(ps, depth+1)
		}
		if s.PreserveUnknownFields {
			for k, v := range g.anyObject(depth) {
				if _, ok := s.Properties[k]; !ok {
					m[k] = v
				}
			}
		}
	case s.AdditionalProperties != nil && !s.PreserveUnknownFields:
		for range g.r.IntN(4) {
			if s.AdditionalProperties.Nullable && g.oneIn(4) {
				m[g.str(nil)] = nil
				continue
			}
			m[g.str(nil)] = g.value(s.AdditionalProperties, depth+1)
		}
	case s.AdditionalPropertiesAllowed || s.PreserveUnknownFields:
		return g.anyObject(depth)
	}
	return m
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (g *Gen) array(s *crd.Schema, depth int) any {
	n := g.r.IntN(4)
	if s.MinItems != nil {
		n = max(n, int(*s.MinItems))
	}
	if s.MaxItems != nil {
		n = min(n, int(*s.MaxItems))
	}
	out := []any{}
	seen := map[string]bool{}
	for range n {
		var v any
		if !s.Items.Nullable || !g.oneIn(4) {
			v = g.value(s.Items, depth+1)
		}
		// set and map lists hold each value, or each key, once.
		key := v
		if s.ListType == "map" {
			if m, ok := v.(map[string]any); ok {
				var keys []any
				for _, k := range s.ListMapKeys {
					keys = append(keys, m[k])
				}
				key = keys
			}
		}
		b, _ := json.Marshal(key)
		if s.ListType != "atomic" && s.ListType != "" && seen[string(b)] {
			continue
		}
		seen[string(b)] = true
		out = append(out, v)
	}
	return out
}

// anyValue is any JSON value, for x-kubernetes-preserve-unknown-fields.
func (g *Gen) anyValue(depth int) any {
	n := 6
	if depth > 3 {
		n = 4 // scalars only, so values stay small
	}
	switch g.r.IntN(n) {
	case 0:
		return nil
	case 1:
		return g.oneIn(2)
	case 2:
		return g.r.NormFloat64() * 1000
	case 3:
		return g.str(nil)
	case 4:
		a := []any{}
		for range g.r.IntN(3) {
			a = append(a, g.anyValue(depth+1))
		}
		return a
	}
	return g.anyObject(depth + 1)
}

func (g *Gen) anyObject(depth int) map[string]any {
	m := map[string]any{}
	if depth > 4 {
		return m
	}
	for range g.r.IntN(3) {
		m[g.str(nil)] = g.anyValue(depth + 1)
	}
	return m
}

// str is a string within s's length bounds, from an alphabet with the
// characters JSON escapes and some outside ASCII.
func (g *Gen) str(s *crd.Schema) string {
	const alphabet = `abcXYZ09-_. "\/<>&é漢🙂`
	letters := []rune(alphabet)
	n := g.r.IntN(8)
	if g.oneIn(4) {
		n = 0
	}
	if s != nil && s.MinLength != nil {
		n = max(n, int(*s.MinLength))
	}
	if s != nil && s.MaxLength != nil {
		n = min(n, int(*s.MaxLength))
	}
	var b strings.Builder
	for range n {
		b.WriteRune(letters[g.r.IntN(len(letters))])
	}
	return b.String()
}
