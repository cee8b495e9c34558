package codec

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
)

var frameStreams = []struct {
	name   string
	stream string
}{
	{"one event per line, as the apiserver writes", `{"type":"ADDED","object":` + widgetJSON + "}\n" + `{"type":"DELETED","object":` + widgetJSON + "}\n"},
	{"values with no space between them", `{"a":1}{"b":[2,{"c":"}"}]}[1,2]`},
	{"space of every kind around values", " \r\n\t{\"a\" : { } }\n\n\t [ ] \n"},
	{"strings with escaped quotes, backslashes and brackets", `{"s":"a\"}\\"}{"t":"\\\\\"]"}` + "\n" + `{"u":"\\"}`},
	{"top-level strings, numbers and literals", `"x\"y" 12 -3.5e2 true false null {"z":0}`},
	{"a large value", `{"big":"` + strings.Repeat("é", 100_000) + `"}` + "\n" + `{"next":1}`},
	{"an empty stream", ``},
	{"only space", " \n\t "},
}

// frames reads every frame from a frame reader with a destination buffer of
// size bufSize, growing it on io.ErrShortBuffer as the streaming decoder
// does, and returns the frames and the final error.
func frames(r io.Reader, bufSize int) ([]string, error) {
	var out []string
	buf := make([]byte, bufSize)
	var frame []byte
	for {
		n, err := r.Read(buf)
		frame = append(frame, buf[:n]...)
		if errors.Is(err, io.ErrShortBuffer) {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, string(frame))
		frame = frame[:0]
	}
}

// TestFramerSplitsStreamsAsJSONFramer compares Framer with json.Framer on
// every stream, with reads of one byte and of everything, into destination
// buffers too small and large enough.
func TestFramerSplitsStreamsAsJSONFramer(t *testing.T) {
	readers := []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"whole reads", func(r io.Reader) io.Reader { return r }},
		{"one-byte reads", iotest.OneByteReader},
		{"half reads", iotest.HalfReader},
	}
	for _, s := range frameStreams {
		for _, rd := range readers {
			for _, size := range []int{1, 7, 1024, 1 << 20} {
				want, wantErr := frames(json.Framer.NewFrameReader(io.NopCloser(rd.wrap(strings.NewReader(s.stream)))), size)
				got, gotErr := frames(Framer.NewFrameReader(io.NopCloser(rd.wrap(strings.NewReader(s.stream)))), size)
				if errString(gotErr) != errString(wantErr) {
					t.Fatalf("%s, %s, buffer %d: stream ended with %v, json.Framer with %v", s.name, rd.name, size, gotErr, wantErr)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s, %s, buffer %d: frames differ from json.Framer's (-want +got):\n%s", s.name, rd.name, size, diff)
				}
			}
		}
	}
}

func TestFramerReportsATruncatedStream(t *testing.T) {
	tests := []string{`{"a":1}{"b":`, `{"a":"unterminated`, `[1,2`}
	for _, stream := range tests {
		_, got := frames(Framer.NewFrameReader(io.NopCloser(strings.NewReader(stream))), 1024)
		_, want := frames(json.Framer.NewFrameReader(io.NopCloser(strings.NewReader(stream))), 1024)
		if !errors.Is(got, io.ErrUnexpectedEOF) || !errors.Is(want, io.ErrUnexpectedEOF) {
			t.Errorf("stream %q ended with %v (json.Framer: %v), want io.ErrUnexpectedEOF", stream, got, want)
		}
	}
}

func TestFramerPassesOnReadErrors(t *testing.T) {
	boom := errors.New("connection reset")
	r := Framer.NewFrameReader(io.NopCloser(io.MultiReader(strings.NewReader(`{"a":1}{"b"`), iotest.ErrReader(boom))))
	got, err := frames(r, 64)
	if !errors.Is(err, boom) || len(got) != 1 || got[0] != `{"a":1}` {
		t.Fatalf("frames = %q, error %v; want the first frame, then %v", got, err, boom)
	}
}

func TestFramerClosesTheStream(t *testing.T) {
	c := &closeRecorder{Reader: strings.NewReader("{}")}
	if err := Framer.NewFrameReader(c).Close(); err != nil || !c.closed {
		t.Fatalf("Close returned %v and closed the stream: %t; want it closed", err, c.closed)
	}
	var b bytes.Buffer
	if _, err := Framer.NewFrameWriter(&b).Write([]byte(`{"a":1}`)); err != nil || b.String() != `{"a":1}` {
		t.Fatalf("NewFrameWriter wrote %q, %v; want the value unchanged", b.String(), err)
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// TestWatchStreamDecodesAsWithJSONFramer decodes a watch stream the way
// runtime/rest does (streaming decoder, WatchEvent, then the object) with
// this package and with apimachinery's pieces, and compares the events.
func TestWatchStreamDecodesAsWithJSONFramer(t *testing.T) {
	scheme := testScheme()
	var stream strings.Builder
	for _, typ := range []string{"ADDED", "MODIFIED", "BOOKMARK", "DELETED", "ERROR"} {
		obj := widgetJSON
		if typ == "ERROR" {
			obj = `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old","reason":"Expired","code":410}`
		}
		stream.WriteString(`{"type":"` + typ + `","object":` + obj + "}\n")
	}
	decode := func(framer runtime.Framer, s runtime.Decoder) []any {
		dec := streaming.NewDecoder(framer.NewFrameReader(io.NopCloser(iotest.HalfReader(strings.NewReader(stream.String())))), s)
		var out []any
		for {
			var ev metav1.WatchEvent
			if _, _, err := dec.Decode(nil, &ev); err != nil {
				out = append(out, errString(err))
				return out
			}
			obj, _, err := s.Decode(ev.Object.Raw, nil, nil)
			out = append(out, ev.Type, obj, errString(err))
		}
	}
	got := decode(Framer, NewSerializer(scheme, scheme))
	want := decode(json.Framer, json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme, json.SerializerOptions{}))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("watch events differ from apimachinery's (-want +got):\n%s", diff)
	}
}
