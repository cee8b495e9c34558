package cache

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"

	"github.com/clientgen/clientgen/runtime/codec"
)

// Compact storage keeps each cached object as its JSON, deflated against a
// dictionary (the first object stored, which shares most keys and many
// values with the others), instead of as a Go value. A Go value cannot be
// smaller than its maps, strings and structs: about 4.4 KB for a 3.9 KB
// JSON custom resource with a dozen labels and annotations, managedFields
// dropped. Deflated against a sibling, the same object is about 0.3 KB.
//
// The price is paid on every read: a lister's Get or List, an index lookup
// and the old object of an update notification decode a new object (about
// 50 µs for a 5 KB Widget, against 0.13 µs for a Go value: hack/compare's
// BenchmarkCachedWidget), and every write encodes and deflates one (about
// 60 µs of CPU: an informer's sync of 10,000 Widgets took 1.7 s of CPU
// against 1.1 s as Go values). Objects read are the caller's to keep, not shared with
// the cache or other callers. That suits large caches read a few objects
// at a time (Get by key from a workqueue); a program that lists thousands
// of objects per reconcile should keep Go values.

const (
	// maxDictionary is deflate's window: a longer dictionary is cut to
	// its end.
	maxDictionary = 32 << 10
	// packLevel is the deflate level. Level 1 (flate.BestSpeed) ignores
	// the dictionary: 1.3 KB for a 3.9 KB Widget where level 3 makes
	// 0.3 KB, at about the same speed.
	packLevel = 3
)

// packer turns objects of one Go type into packed entries and back.
type packer struct {
	typ reflect.Type // the struct type; objects are pointers to it

	// Writes happen under the store's write lock: one writer.
	dict []byte
	w    *flate.Writer
	buf  bytes.Buffer

	readers sync.Pool // *packReader
}

// packed is one cached object in compact form.
type packed struct {
	data []byte
	// rv is the object's resourceVersion, so that a relist can tell an
	// unchanged object without decoding it.
	rv string
}

type packReader struct {
	r   io.ReadCloser
	src bytes.Reader
	out bytes.Buffer
}

func newPacker(example interface{}) (*packer, error) {
	t := reflect.TypeOf(example)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("compact storage needs objects that are pointers to structs, not %T", example)
	}
	return &packer{typ: t.Elem()}, nil
}

// pack encodes obj. An object of another type (a store given something
// else) stays a Go value.
func (p *packer) pack(obj interface{}) interface{} {
	if reflect.TypeOf(obj) != reflect.PointerTo(p.typ) {
		return obj
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return obj // nothing to gain from failing a cache write
	}
	if p.w == nil {
		p.dict = bytes.Clone(data[max(0, len(data)-maxDictionary):])
		if p.w, err = flate.NewWriterDict(&p.buf, packLevel, p.dict); err != nil {
			return obj
		}
	}
	p.buf.Reset()
	p.w.Reset(&p.buf)
	if _, err := p.w.Write(data); err != nil {
		return obj
	}
	if err := p.w.Close(); err != nil {
		return obj
	}
	entry := &packed{data: bytes.Clone(p.buf.Bytes())}
	if m, ok := obj.(interface{ GetResourceVersion() string }); ok {
		entry.rv = m.GetResourceVersion()
	}
	return entry
}

// unpack returns the object an item holds: items that are not packed are
// returned as they are.
func (p *packer) unpack(item interface{}) interface{} {
	entry, ok := item.(*packed)
	if !ok {
		return item
	}
	obj, err := p.decode(entry)
	if err != nil {
		// The bytes were written by pack from a valid object; failing to
		// read them back is a bug, not a condition to recover from.
		panic(fmt.Sprintf("cache: a packed %v does not decode: %v", p.typ, err))
	}
	return obj
}

func (p *packer) decode(entry *packed) (interface{}, error) {
	pr, _ := p.readers.Get().(*packReader)
	if pr == nil {
		pr = &packReader{}
	}
	defer p.readers.Put(pr)
	pr.src.Reset(entry.data)
	if pr.r == nil {
		pr.r = flate.NewReaderDict(&pr.src, p.dict)
	} else if err := pr.r.(flate.Resetter).Reset(&pr.src, p.dict); err != nil {
		return nil, err
	}
	pr.out.Reset()
	if _, err := pr.out.ReadFrom(pr.r); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	obj := reflect.New(p.typ).Interface()
	// The decoder copies what it keeps: pr.out can be reused.
	if err := codec.Unmarshal(pr.out.Bytes(), obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// resourceVersion returns the resourceVersion of a stored item.
func itemResourceVersion(item interface{}) (string, bool) {
	if entry, ok := item.(*packed); ok {
		return entry.rv, true
	}
	if m, ok := item.(interface{ GetResourceVersion() string }); ok {
		return m.GetResourceVersion(), true
	}
	return "", false
}
