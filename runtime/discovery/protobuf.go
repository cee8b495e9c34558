package discovery

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// A decoder for the protobuf form of apidiscovery.k8s.io/v2
// APIGroupDiscoveryList, written against the field numbers of
// k8s.io/api/apidiscovery/v2/generated.proto (which the runtime may not
// import). It builds the legacy metav1 shapes directly, the way
// appendAggregated does from JSON, and is built for speed: the document is
// converted to a string once and every name is a substring of it, and every
// slice is allocated at its final size after counting. Unknown fields are
// skipped, so newer servers that add fields still decode. Every length is
// checked against the remaining input: a truncated or corrupt body is an
// error, never a panic.
//
// Field numbers:
//
//	Unknown (envelope)      1 typeMeta{1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding
//	APIGroupDiscoveryList   1 metadata, 2 items
//	APIGroupDiscovery       1 metadata{1 name}, 2 versions
//	APIVersionDiscovery     1 version, 2 resources, 3 freshness
//	APIResourceDiscovery    1 resource, 2 responseKind, 3 scope, 4 singularResource,
//	                        5 verbs, 6 shortNames, 7 categories, 8 subresources
//	APISubresourceDiscovery 1 subresource, 2 responseKind, 3 acceptedTypes, 4 verbs
//	GroupVersionKind        1 group, 2 version, 3 kind

// protobufMagic prefixes every Kubernetes protobuf body; what follows is a
// runtime.Unknown envelope.
var protobufMagic = []byte{0x6b, 0x38, 0x73, 0x00}

const (
	wireVarint = 0
	wire64     = 1
	wireBytes  = 2
	wire32     = 5
)

var errTruncated = errors.New("truncated protobuf message")

// pbField is one decoded field; val and off are set for length-delimited
// fields (off is val's offset in the whole document).
type pbField struct {
	num  int
	wire int
	val  []byte
	off  int
}

// pbReader walks the fields of one message. off is the offset of b[0] in
// the whole document.
type pbReader struct {
	b   []byte
	off int
}

func (r *pbReader) sub(f *pbField) pbReader { return pbReader{b: f.val, off: f.off} }

// next decodes the next field into f; it returns false at the end.
func (r *pbReader) next(f *pbField) (bool, error) {
	if len(r.b) == 0 {
		return false, nil
	}
	// Fast path: a one-byte key of a length-delimited field shorter than
	// 128 bytes, which is nearly every field of a discovery document.
	if len(r.b) >= 2 && r.b[0] < 0x80 && r.b[0]&7 == wireBytes && r.b[0] >= 8 && r.b[1] < 0x80 {
		end := 2 + int(r.b[1])
		if end <= len(r.b) {
			f.num, f.wire, f.val, f.off = int(r.b[0]>>3), wireBytes, r.b[2:end], r.off+2
			r.b, r.off = r.b[end:], r.off+end
			return true, nil
		}
	}
	key, n := binary.Uvarint(r.b)
	if n <= 0 {
		return false, errTruncated
	}
	f.num, f.wire, f.val = int(key>>3), int(key&7), nil
	if f.num == 0 {
		return false, errors.New("protobuf field number 0")
	}
	skip := n
	switch f.wire {
	case wireVarint:
		_, m := binary.Uvarint(r.b[n:])
		if m <= 0 {
			return false, errTruncated
		}
		skip += m
	case wire64:
		skip += 8
	case wire32:
		skip += 4
	case wireBytes:
		l, m := binary.Uvarint(r.b[n:])
		if m <= 0 || l > uint64(len(r.b)-n-m) {
			return false, errTruncated
		}
		start := n + m
		f.val, f.off = r.b[start:start+int(l)], r.off+start
		skip = start + int(l)
	default:
		return false, fmt.Errorf("unsupported protobuf wire type %d", f.wire)
	}
	if skip > len(r.b) {
		return false, errTruncated
	}
	r.b, r.off = r.b[skip:], r.off+skip
	return true, nil
}

// count returns how many length-delimited fields num the message b holds.
func count(b []byte, num int) (int, error) {
	r := pbReader{b: b}
	var f pbField
	n := 0
	for {
		ok, err := r.next(&f)
		if err != nil || !ok {
			return n, err
		}
		if f.num == num && f.wire == wireBytes {
			n++
		}
	}
}

// pbDoc holds the document as one string; every name decoded from it is a
// substring, so names cost no allocation.
type pbDoc struct {
	s string
	// scratch space for repeated strings, reused by every resource
	verbs, short, cats, subVerbs stringsBuf
}

func (d *pbDoc) str(f *pbField) string { return d.s[f.off : f.off+len(f.val)] }

// decodeAggregatedProtobuf decodes a protobuf APIGroupDiscoveryList body,
// magic prefix and runtime.Unknown envelope included, into a snapshot
// fragment (groups, resource lists and stale group versions).
func decodeAggregatedProtobuf(body []byte) (*snapshot, error) {
	if !bytes.HasPrefix(body, protobufMagic) {
		return nil, errors.New("not a Kubernetes protobuf body (missing magic prefix)")
	}
	doc := &pbDoc{s: string(body)}
	env := pbReader{b: body[len(protobufMagic):], off: len(protobufMagic)}
	var raw *pbField
	var apiVersion, kind string
	for {
		f := &pbField{}
		ok, err := env.next(f)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if f.wire != wireBytes {
			continue
		}
		switch f.num {
		case 1: // typeMeta
			tm := env.sub(f)
			var g pbField
			for {
				ok, err := tm.next(&g)
				if err != nil {
					return nil, err
				}
				if !ok {
					break
				}
				if g.wire == wireBytes && g.num == 1 {
					apiVersion = doc.str(&g)
				} else if g.wire == wireBytes && g.num == 2 {
					kind = doc.str(&g)
				}
			}
		case 2: // raw
			raw = f
		case 3: // contentEncoding
			if len(f.val) > 0 {
				return nil, fmt.Errorf("unsupported protobuf content encoding %q", f.val)
			}
		}
	}
	if raw == nil {
		return nil, errors.New("protobuf envelope without a body")
	}
	if kind != aggregatedKind || apiVersion != aggregatedGroup+"/v2" {
		return nil, fmt.Errorf("protobuf body holds %s %s, not %s/v2 %s", apiVersion, kind, aggregatedGroup, aggregatedKind)
	}
	s := &snapshot{}
	list := env.sub(raw)
	n, err := count(list.b, 2)
	if err != nil {
		return nil, err
	}
	s.groups = make([]metav1.APIGroup, 0, n)
	s.byGV = make(map[string]*metav1.APIResourceList, 2*n)
	var f pbField
	for {
		ok, err := list.next(&f)
		if err != nil {
			return nil, err
		}
		if !ok {
			return s, nil
		}
		if f.num == 2 && f.wire == wireBytes {
			if err := doc.group(s, list.sub(&f)); err != nil {
				return nil, err
			}
		}
	}
}

// group decodes one APIGroupDiscovery into s.
func (d *pbDoc) group(s *snapshot, r pbReader) error {
	group := metav1.APIGroup{}
	var versions []pbReader
	var f pbField
	for {
		ok, err := r.next(&f)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if f.wire != wireBytes {
			continue
		}
		switch f.num {
		case 1: // metadata: name is field 1
			m := r.sub(&f)
			var g pbField
			for {
				ok, err := m.next(&g)
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				if g.num == 1 && g.wire == wireBytes {
					group.Name = d.str(&g)
				}
			}
		case 2:
			versions = append(versions, r.sub(&f))
		}
	}
	group.Versions = make([]metav1.GroupVersionForDiscovery, 0, len(versions))
	for _, vr := range versions {
		if err := d.version(s, &group, vr); err != nil {
			return err
		}
	}
	if len(group.Versions) == 0 && len(versions) > 0 {
		return nil // every version stale: reported through s.failed only
	}
	if len(group.Versions) > 0 {
		group.PreferredVersion = group.Versions[0]
	}
	s.groups = append(s.groups, group)
	return nil
}

// version decodes one APIVersionDiscovery into group and s.
func (d *pbDoc) version(s *snapshot, group *metav1.APIGroup, r pbReader) error {
	// First pass: name, freshness and the number of entries.
	var name string
	stale := false
	entries := 0
	scan := r
	var f pbField
	for {
		ok, err := scan.next(&f)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if f.wire != wireBytes {
			continue
		}
		switch f.num {
		case 1:
			name = d.str(&f)
		case 2:
			// Room for the resource and a status subresource, the common
			// case; append grows the rare larger lists.
			entries += 2
		case 3:
			stale = d.str(&f) == freshnessStale
		}
	}
	gv := schema.GroupVersion{Group: group.Name, Version: name}
	if stale {
		s.fail(gv, StaleGroupVersionError{GroupVersion: gv})
		return nil
	}
	gvd := metav1.GroupVersionForDiscovery{GroupVersion: gv.String(), Version: name}
	group.Versions = append(group.Versions, gvd)
	list := &metav1.APIResourceList{GroupVersion: gvd.GroupVersion, APIResources: make([]metav1.APIResource, 0, entries)}
	for {
		ok, err := r.next(&f)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if f.num == 2 && f.wire == wireBytes {
			if list.APIResources, err = d.resource(gv, list.APIResources, r.sub(&f)); err != nil {
				return err
			}
		}
	}
	s.addList(list)
	return nil
}

// resource appends one APIResourceDiscovery and its subresources to out,
// in one pass over its message: repeated strings are gathered on the stack
// and copied into slices of their final size.
func (d *pbDoc) resource(gv schema.GroupVersion, out []metav1.APIResource, r pbReader) ([]metav1.APIResource, error) {
	var res metav1.APIResource
	var kind aggGVK
	hasKind := false
	verbs, short, cats := &d.verbs, &d.short, &d.cats
	verbs.reset()
	short.reset()
	cats.reset()
	var subs [4]pbReader // most resources have at most a few subresources
	nSubs := 0
	var more []pbReader
	var f pbField
	for {
		ok, err := r.next(&f)
		if err != nil {
			return out, err
		}
		if !ok {
			break
		}
		if f.wire != wireBytes {
			continue
		}
		switch f.num {
		case 1:
			res.Name = d.str(&f)
		case 2:
			if kind, err = d.gvk(r.sub(&f)); err != nil {
				return out, err
			}
			hasKind = true
		case 3:
			res.Namespaced = d.str(&f) == scopeNamespace
		case 4:
			res.SingularName = d.str(&f)
		case 5:
			verbs.add(d.str(&f))
		case 6:
			short.add(d.str(&f))
		case 7:
			cats.add(d.str(&f))
		case 8:
			if nSubs < len(subs) {
				subs[nSubs] = r.sub(&f)
			} else {
				more = append(more, r.sub(&f))
			}
			nSubs++
		}
	}
	if !hasKind || kind.Kind == "" {
		return out, nil // unusable without a kind; client-go drops it too
	}
	res.Kind = kind.Kind
	res.Group, res.Version = otherGroupVersion(gv, &kind)
	res.Verbs, res.ShortNames, res.Categories = verbs.slice(), short.slice(), cats.slice()
	out = append(out, res)
	for i := range nSubs {
		sr := &subs[0]
		if i < len(subs) {
			sr = &subs[i]
		} else {
			sr = &more[i-len(subs)]
		}
		var err error
		if out, err = d.subresource(gv, &res, out, *sr); err != nil {
			return out, err
		}
	}
	return out, nil
}

// stringsBuf gathers a repeated string field in a scratch slice that one
// document's decoding reuses, so that each resource's strings cost one
// allocation of their final size.
type stringsBuf struct {
	s []string
}

func (b *stringsBuf) reset()       { b.s = b.s[:0] }
func (b *stringsBuf) add(s string) { b.s = append(b.s, s) }

// slice returns the strings in a new slice of exactly their number, or nil.
func (b *stringsBuf) slice() []string {
	if len(b.s) == 0 {
		return nil
	}
	return append(make([]string, 0, len(b.s)), b.s...)
}

func (d *pbDoc) subresource(gv schema.GroupVersion, parent *metav1.APIResource, out []metav1.APIResource, sr pbReader) ([]metav1.APIResource, error) {
	var name string
	var sk aggGVK
	hasKind := false
	verbs := &d.subVerbs
	verbs.reset()
	var f pbField
	for {
		ok, err := sr.next(&f)
		if err != nil {
			return out, err
		}
		if !ok {
			break
		}
		if f.wire != wireBytes {
			continue
		}
		switch f.num {
		case 1:
			name = d.str(&f)
		case 2:
			if sk, err = d.gvk(sr.sub(&f)); err != nil {
				return out, err
			}
			hasKind = true
		case 4:
			verbs.add(d.str(&f))
		}
	}
	if !hasKind || sk.Kind == "" {
		return out, nil
	}
	sub := metav1.APIResource{Name: parent.Name + "/" + name, Namespaced: parent.Namespaced, Kind: sk.Kind, Verbs: verbs.slice()}
	sub.Group, sub.Version = otherGroupVersion(gv, &sk)
	return append(out, sub), nil
}

func (d *pbDoc) gvk(r pbReader) (aggGVK, error) {
	var k aggGVK
	var f pbField
	for {
		ok, err := r.next(&f)
		if err != nil || !ok {
			return k, err
		}
		if f.wire != wireBytes {
			continue
		}
		switch f.num {
		case 1:
			k.Group = d.str(&f)
		case 2:
			k.Version = d.str(&f)
		case 3:
			k.Kind = d.str(&f)
		}
	}
}
