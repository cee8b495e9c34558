package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// errFallback aborts the fast path. The caller then decodes the whole input
// again with the reference decoder, which produces the error (or, for input
// the fast path does not handle, the result) that the server's JSON
// semantics require. The fast path never reports an error of its own.
var errFallback = errors.New("codec: fall back to the reference decoder")

// maxDepth bounds the nesting the fast path recurses into; deeper input is
// left to the reference decoder (which allows 10,000 levels).
const maxDepth = 1000

// isSpace reports JSON whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// plainString marks bytes that may appear in a string without any work:
// printable ASCII other than '"' and '\\'.
var plainString = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// skipSpace advances past whitespace.
func (d *decodeState) skipSpace() {
	for d.off < len(d.data) && isSpace(d.data[d.off]) {
		d.off++
	}
}

// peek returns the byte at the cursor, or 0 at the end of the input.
func (d *decodeState) peek() byte {
	if d.off < len(d.data) {
		return d.data[d.off]
	}
	return 0
}

// literal consumes the literal lit (true, false or null) at the cursor.
func (d *decodeState) literal(lit string) error {
	if len(d.data)-d.off < len(lit) || string(d.data[d.off:d.off+len(lit)]) != lit {
		return errFallback
	}
	d.off += len(lit)
	return nil
}

// scanString consumes the string starting at the cursor (which is on the
// opening quote) and validates it as the JSON scanner does: no control
// characters, only valid escapes. It returns the bytes between the quotes
// and whether they need unquoting (escapes or non-ASCII bytes).
func (d *decodeState) scanString() (raw []byte, complex bool, err error) {
	data := d.data
	start := d.off + 1
	i := start
	for {
		i = skipPlain(data, i)
		if i >= len(data) {
			return nil, false, errFallback
		}
		switch c := data[i]; {
		case c == '"':
			d.off = i + 1
			return data[start:i], complex, nil
		case c == '\\':
			complex = true
			if i+1 >= len(data) {
				return nil, false, errFallback
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if getu4(data[i:]) < 0 {
					return nil, false, errFallback
				}
				i += 6
			default:
				return nil, false, errFallback
			}
		case c < 0x20:
			return nil, false, errFallback
		default: // non-ASCII
			complex = true
			i++
		}
	}
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// hasZeroByte reports whether any byte of x is zero.
func hasZeroByte(x uint64) bool { return (x-lsb)&^x&msb != 0 }

// skipPlain returns the index of the first byte at or after i that is not
// printable ASCII or is '"' or '\\', eight bytes at a time.
func skipPlain(data []byte, i int) int {
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i:])
		if x&msb != 0 || (x-0x20*lsb)&^x&msb != 0 || hasZeroByte(x^('"'*lsb)) || hasZeroByte(x^('\\'*lsb)) {
			break
		}
	}
	for i < len(data) && plainString[data[i]] {
		i++
	}
	return i
}

// skipToQuoteOrEscape returns the index of the first '"' or '\\' at or
// after i, or len(data).
func skipToQuoteOrEscape(data []byte, i int) int {
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i:])
		if hasZeroByte(x^('"'*lsb)) || hasZeroByte(x^('\\'*lsb)) {
			break
		}
	}
	for i < len(data) && data[i] != '"' && data[i] != '\\' {
		i++
	}
	return i
}

// getu4 decodes \uXXXX from the beginning of s, returning the hex value,
// or -1 if s does not start with one.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// unquote turns the validated body of a JSON string into its bytes, as
// encoding/json does: escapes resolved, invalid UTF-8 and unpaired
// surrogates replaced by U+FFFD. buf is scratch space it may append to.
func unquote(s, buf []byte) []byte {
	b := buf[:0]
	r := 0
	for r < len(s) {
		switch c := s[r]; {
		case c == '\\':
			r++
			switch s[r] {
			case '"', '\\', '/':
				b = append(b, s[r])
				r++
			case 'b':
				b = append(b, '\b')
				r++
			case 'f':
				b = append(b, '\f')
				r++
			case 'n':
				b = append(b, '\n')
				r++
			case 'r':
				b = append(b, '\r')
				r++
			case 't':
				b = append(b, '\t')
				r++
			case 'u':
				r--
				rr := getu4(s[r:])
				r += 6
				if utf16.IsSurrogate(rr) {
					rr1 := getu4(s[r:])
					if dec := utf16.DecodeRune(rr, rr1); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						break
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b
}

// stringBytes returns the decoded bytes of a scanned string body: raw itself
// when it needs no work, otherwise unquoted into d.scratch (valid until the
// next call).
func (d *decodeState) stringBytes(raw []byte, complex bool) []byte {
	if !complex {
		return raw
	}
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return raw
	}
	d.scratch = unquote(raw, d.scratch)
	return d.scratch
}

// scanNumber consumes a number at the cursor, validating the JSON grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and returns its text and
// whether it is a plain integer (no fraction or exponent).
func (d *decodeState) scanNumber() (num []byte, integer bool, err error) {
	data := d.data
	start := d.off
	i := start
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	default:
		return nil, false, errFallback
	}
	integer = true
	if i < len(data) && data[i] == '.' {
		integer = false
		i++
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, false, errFallback
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integer = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, false, errFallback
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	d.off = i
	return data[start:i], integer, nil
}

// skipValue consumes and validates any JSON value at the cursor.
func (d *decodeState) skipValue() error {
	switch d.peek() {
	case '{':
		return d.skipObject()
	case '[':
		return d.skipArray()
	case '"':
		_, _, err := d.scanString()
		return err
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	default:
		_, _, err := d.scanNumber()
		return err
	}
}

func (d *decodeState) skipObject() error {
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
		if _, _, err := d.scanString(); err != nil {
			return err
		}
		if err := d.colon(); err != nil {
			return err
		}
		if err := d.skipValue(); err != nil {
			return err
		}
		more, err := d.next('}')
		if err != nil || !more {
			d.depth--
			return err
		}
	}
}

func (d *decodeState) skipArray() error {
	if err := d.enter(); err != nil {
		return err
	}
	d.off++ // [
	d.skipSpace()
	if d.peek() == ']' {
		d.off++
		d.depth--
		return nil
	}
	for {
		if err := d.skipValue(); err != nil {
			return err
		}
		more, err := d.next(']')
		if err != nil || !more {
			d.depth--
			return err
		}
	}
}

// enter counts one level of nesting.
func (d *decodeState) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return errFallback
	}
	return nil
}

// colon consumes the ':' after an object key and the space around it.
func (d *decodeState) colon() error {
	d.skipSpace()
	if d.peek() != ':' {
		return errFallback
	}
	d.off++
	d.skipSpace()
	return nil
}

// next consumes the separator after a member or element: it reports true
// after a ',' (another value follows; space skipped) and false after the
// closing delimiter end.
func (d *decodeState) next(end byte) (bool, error) {
	d.skipSpace()
	switch d.peek() {
	case ',':
		d.off++
		d.skipSpace()
		return true, nil
	case end:
		d.off++
		return false, nil
	}
	return false, errFallback
}

// countElements counts the elements of the array at the cursor without
// consuming or validating it (the decode that follows does). It stops after
// budget bytes, reporting complete = false and the elements begun so far.
func (d *decodeState) countElements(budget int) (n int, complete bool) {
	data := d.data
	if len(data)-d.off > budget {
		data = data[:d.off+budget]
	}
	i := d.off + 1
	depth := 0
	seen := false
	for i < len(data) {
		c := data[i]
		switch c {
		case '"':
			i++
			for {
				j := bytes.IndexByte(data[i:], '"')
				if j < 0 {
					return n, false
				}
				i += j
				// An escaped quote has an odd number of backslashes before it.
				k := i - 1
				for k >= 0 && data[k] == '\\' {
					k--
				}
				i++
				if (i-2-k)%2 == 0 {
					break
				}
			}
			if depth == 0 {
				seen = true
			}
			continue
		case '[', '{':
			if depth == 0 {
				seen = true
			}
			depth++
		case ']', '}':
			if depth == 0 {
				if seen {
					n++
				}
				return n, true
			}
			depth--
		case ',':
			if depth == 0 {
				n++
			}
		case ' ', '\t', '\n', '\r':
		default:
			if depth == 0 {
				seen = true
			}
		}
		i++
	}
	return n, false
}
