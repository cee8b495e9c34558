package codec

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
)

// interner is a decodeState's table of strings already seen.
type interner struct {
	strings map[string]string
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
