package codec

import "hash/maphash"

// Objects of one kind repeat the same short strings: label and annotation
// keys, common label values, the managers, operations and API versions of
// managedFields. A cache of 50,000 objects would hold 50,000 copies of
// each; a decoder keeps one per pooled state instead, which strings'
// immutability makes invisible to callers. Interned strings are allocated
// on their own, never in an arena block, so they neither pin a block nor
// get pinned by one.
//
// FieldsV1 trees repeat across objects even more (they list field names
// only), but they are byte slices that callers own and may write into, so
// each decode keeps its own copy.

const (
	// internMaxString is the longest string interned: map keys and values
	// up to it (label keys are at most 316 bytes), and every string of a
	// managedFields entry.
	internMaxString = 320
	// internMaxValue is the longest map value interned. Values beyond it
	// are mostly unique (descriptions, checksums, JSON documents).
	internMaxValue = 64
	// internEntries bounds the table; a full table starts over, so that a
	// stream of unique values costs a bounded amount.
	internEntries = 4096
	// internMaxRecurring is the longest value interned on its second
	// sighting; longer ones are documents (last-applied configurations)
	// that hardly ever recur whole.
	internMaxRecurring = 4096
	// seenEntries bounds the hashes of longer values seen once.
	seenEntries = 16384
)

// interner is a decodeState's table of strings already seen.
type interner struct {
	strings map[string]string
	// seen holds hashes of longer values seen once: a value is interned
	// when it comes again, so that values seen only once (descriptions,
	// checksums, documents) never enter strings and flush it.
	seen map[uint64]struct{}
	seed maphash.Seed
}

// recurring returns the interned copy of b if b was seen before (it is
// interned now if it was not yet); ok is false the first time b is seen.
// A hash collision only interns a value one sighting early.
func (in *interner) recurring(b []byte) (s string, ok bool) {
	if s, ok := in.strings[string(b)]; ok {
		return s, true
	}
	if len(b) > internMaxRecurring {
		return "", false
	}
	if in.seen == nil {
		in.seen = make(map[uint64]struct{})
		in.seed = maphash.MakeSeed()
	}
	h := maphash.Bytes(in.seed, b)
	if _, ok := in.seen[h]; ok {
		return in.string(b), true
	}
	if len(in.seen) >= seenEntries {
		clear(in.seen)
	}
	in.seen[h] = struct{}{}
	return "", false
}

// string returns b as a string, the same string as every earlier call with
// the same bytes while the table lasts.
func (in *interner) string(b []byte) string {
	if s, ok := in.strings[string(b)]; ok {
		return s
	}
	if in.strings == nil {
		in.strings = make(map[string]string)
	} else if len(in.strings) >= internEntries {
		clear(in.strings)
	}
	s := string(b)
	in.strings[s] = s
	return s
}
