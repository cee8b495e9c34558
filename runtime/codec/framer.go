package codec

import (
	"errors"
	"io"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
)

// Framer splits a stream of JSON values (a watch response) into one frame
// per value, like json.Framer, but finds where a value ends with a
// structural scan instead of a full parse (the decoder that reads the frame
// validates it) and without copying each value twice.
var Framer runtime.Framer = framer{}

type framer struct{}

func (framer) NewFrameReader(r io.ReadCloser) io.ReadCloser {
	return &frameReader{r: r, buf: make([]byte, 0, 32<<10)}
}

func (framer) NewFrameWriter(w io.Writer) io.Writer { return json.Framer.NewFrameWriter(w) }

// frameReader implements the io.Reader contract the streaming decoder
// expects of a framer: each Read returns one whole frame, or as much as fits
// with io.ErrShortBuffer and the rest on the following Reads.
type frameReader struct {
	r   io.ReadCloser
	buf []byte // buf[pos:] is read but not yet framed
	pos int
	// pending is the undelivered rest of the current frame.
	pending []byte
	err     error // sticky read error
	shift   int   // how far fill moved the unread input toward the front
}

func (f *frameReader) Read(data []byte) (int, error) {
	if len(f.pending) == 0 {
		frame, err := f.next()
		if err != nil {
			return 0, err
		}
		f.pending = frame
	}
	n := copy(data, f.pending)
	f.pending = f.pending[n:]
	if len(f.pending) > 0 {
		return n, io.ErrShortBuffer
	}
	return n, nil
}

func (f *frameReader) Close() error { return f.r.Close() }

// next returns the next JSON value of the stream, without surrounding
// space, valid until the following call.
func (f *frameReader) next() ([]byte, error) {
	// Skip space between values.
	for {
		for f.pos < len(f.buf) && isSpace(f.buf[f.pos]) {
			f.pos++
		}
		if f.pos < len(f.buf) {
			break
		}
		if err := f.fill(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, err
		}
	}
	var s scanState
	scanned := f.pos
	f.shift = 0
	for {
		end, done := s.scan(f.buf, f.pos, scanned)
		if done {
			frame := f.buf[f.pos:end]
			f.pos = end
			return frame, nil
		}
		scanned = len(f.buf)
		if err := f.fill(); err != nil {
			if errors.Is(err, io.EOF) {
				if s.scalar && !s.inString {
					frame := f.buf[f.pos:]
					f.pos = len(f.buf)
					return frame, nil
				}
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		// fill may have moved the unread input to the front of buf.
		scanned -= f.shift
		f.shift = 0
	}
}

// fill reads more input, first moving the unread part to the front of buf
// (recorded in shift) and growing buf when it is full.
func (f *frameReader) fill() error {
	if f.err != nil {
		return f.err
	}
	if f.pos > 0 {
		n := copy(f.buf, f.buf[f.pos:])
		f.shift += f.pos
		f.buf = f.buf[:n]
		f.pos = 0
	}
	if len(f.buf) == cap(f.buf) {
		f.buf = append(f.buf, make([]byte, cap(f.buf))...)[:len(f.buf)]
	}
	for {
		n, err := f.r.Read(f.buf[len(f.buf):cap(f.buf)])
		f.buf = f.buf[:len(f.buf)+n]
		if err != nil {
			f.err = err
			if n > 0 {
				return nil
			}
			return err
		}
		if n > 0 {
			return nil
		}
	}
}

// scanState finds the end of one JSON value across refills of the buffer.
type scanState struct {
	started  bool
	scalar   bool // a number or literal: it ends at the first delimiter
	inString bool
	escaped  bool // inside a string, after a backslash
	depth    int
}

// scan continues scanning buf[from:] for the end of the value that starts
// at buf[start]; it returns the offset just past the value.
func (s *scanState) scan(buf []byte, start, from int) (end int, done bool) {
	i := from
	if !s.started {
		s.started = true
		switch buf[start] {
		case '{', '[':
			s.depth = 1
			i = start + 1
		case '"':
			s.inString = true
			i = start + 1
		default:
			s.scalar = true
			i = start
		}
	}
	for i < len(buf) {
		if s.inString {
			if s.escaped {
				s.escaped = false
				i++
				continue
			}
			i = skipToQuoteOrEscape(buf, i)
			if i == len(buf) {
				return 0, false
			}
			if buf[i] == '\\' {
				s.escaped = true
				i++
				continue
			}
			s.inString = false
			i++
			if s.depth == 0 {
				return i, true
			}
			continue
		}
		c := buf[i]
		if s.scalar {
			if isSpace(c) || c == ',' || c == '}' || c == ']' || c == '{' || c == '[' || c == '"' {
				return i, true
			}
			i++
			continue
		}
		switch c {
		case '"':
			s.inString = true
		case '{', '[':
			s.depth++
		case '}', ']':
			s.depth--
			if s.depth == 0 {
				return i + 1, true
			}
		}
		i++
	}
	return 0, false
}
