package codec

import "unsafe"

const (
	// arenaChunk is the size of the blocks that decoded strings are copied
	// into. A retained string keeps its whole block alive, so this bounds
	// how much unrelated data a single retained string can pin.
	arenaChunk = 8 << 10
	// arenaMaxString is the longest string put in a block; longer strings
	// get an allocation of their own.
	arenaMaxString = 1 << 10
)

// arena hands out immutable strings and byte slices carved from shared
// blocks, so that decoding an object costs a few block allocations instead
// of one allocation per string. Blocks are never written twice: a string's
// bytes cannot change after it is returned.
type arena struct {
	block []byte
}

// bytes returns a copy of b that the caller owns: its capacity equals its
// length, so appending to it reallocates instead of running into the next
// value of the block.
func (a *arena) bytes(b []byte) []byte {
	n := len(b)
	if n == 0 {
		return []byte{}
	}
	if n > arenaMaxString {
		return append([]byte(nil), b...)
	}
	if cap(a.block)-len(a.block) < n {
		a.block = make([]byte, 0, arenaChunk)
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	return a.block[start : start+n : start+n]
}

// string returns b as a string.
func (a *arena) string(b []byte) string {
	n := len(b)
	if n == 0 {
		return ""
	}
	if n > arenaMaxString {
		return string(b)
	}
	c := a.bytes(b)
	return unsafe.String(unsafe.SliceData(c), n)
}
