package discovery

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "apiserver-v1.37.2", "aggregated", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestEveryTruncationOfAProtobufDocumentIsAnErrorNotAPanic(t *testing.T) {
	body := fixture(t, "apis.pb")
	full, err := decodeAggregatedProtobuf(body)
	if err != nil {
		t.Fatalf("the complete document: %v", err)
	}
	for n := range len(body) {
		// Cutting only the empty trailing fields of the envelope
		// (contentEncoding, contentType) leaves a valid message with
		// every group: that is fine, losing data silently is not.
		if l, err := decodeAggregatedProtobuf(body[:n]); err == nil && !reflect.DeepEqual(l, full) {
			t.Fatalf("cut at %d of %d decoded without error into %d groups (want an error)", n, len(body), len(l.groups))
		}
	}
}

func FuzzDecodeAggregatedProtobuf(f *testing.F) {
	f.Add(fixture(f, "api.pb"))
	f.Add(fixture(f, "apis.pb"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeAggregatedProtobuf(b)
	})
}

func FuzzDecodeCacheFile(f *testing.F) {
	f.Add(encodeCacheFile(&documents{fetched: time.Unix(1, 0), docs: []document{
		{Path: "/api", ContentType: acceptAggregatedProtobuf, ETag: `"x"`, Body: fixture(f, "api.pb")},
	}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, err := decodeCacheFile(b)
		if err == nil {
			// Whatever decodes must parse or fail cleanly too.
			_, _ = docs.parse(true)
		}
	})
}

func TestTheCacheFileRoundTrips(t *testing.T) {
	in := &documents{fetched: time.Unix(0, 1234567890), docs: []document{
		{Path: "/api", ContentType: acceptAggregatedProtobuf, ETag: `"a"`, Body: fixture(t, "api.pb")},
		{Path: "/apis", ContentType: acceptAggregatedProtobuf, ETag: `"b"`, Body: fixture(t, "apis.pb")},
	}}
	out, err := decodeCacheFile(encodeCacheFile(in))
	if err != nil {
		t.Fatal(err)
	}
	if !out.fetched.Equal(in.fetched) || len(out.docs) != 2 || out.docs[1].ETag != `"b"` || string(out.docs[1].Body) != string(in.docs[1].Body) {
		t.Errorf("round trip changed the documents: %+v", out)
	}
}

// bigFixture returns /apis of the real server with 200 CRDs installed (100
// groups, two versions each), gzipped in testdata.
func bigFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "apiserver-v1.37.2-200crds", name+".gz"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestProtobufAndJSONOfTheSameDocumentDecodeAlike(t *testing.T) {
	for _, fx := range []struct{ pb, js []byte }{
		{fixture(t, "apis.pb"), fixture(t, "apis.json")},
		{bigFixture(t, "apis.pb"), bigFixture(t, "apis.json")},
	} {
		fromPB, err := decodeRoot(&document{Path: "/apis", Body: fx.pb})
		if err != nil {
			t.Fatal(err)
		}
		fromJSON, err := decodeRoot(&document{Path: "/apis", Body: fx.js})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromPB.aggregated.groups, fromJSON.aggregated.groups) || !reflect.DeepEqual(fromPB.aggregated.lists, fromJSON.aggregated.lists) {
			t.Errorf("protobuf and JSON of the same document decode differently (%d vs %d lists)", len(fromPB.aggregated.lists), len(fromJSON.aggregated.lists))
		}
	}
}

func BenchmarkDecodeAggregated(b *testing.B) {
	for _, name := range []string{"apis.pb", "apis.json"} {
		body := bigFixture(b, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := decodeRoot(&document{Path: "/apis", Body: body}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
