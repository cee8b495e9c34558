package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSectionReturnsTheDiscoverySectionVerbatim(t *testing.T) {
	discovery := "## Discovery\n\ntext\n\n### Target: cold\n\nmore | table |\n"
	tests := []struct {
		name, doc, want string
	}{
		{"a section in the middle ends at the next level-2 heading", "# B\n\n## Generation\nx\n" + discovery + "## Notes\ny\n", discovery},
		{"the last section runs to the end", "# B\n" + discovery, discovery},
		{"a missing section is empty", "# B\n## Generation\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := section(tc.doc, "Discovery"); got != tc.want {
				t.Fatalf("section = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadBenchTakesEveryRoundOfEveryMetric(t *testing.T) {
	dir := t.TempDir()
	out := `loadavg: 1.50 1.00 0.50 1/100 1
goos: linux
BenchmarkDecode/list/client=clientgen-2         	       5	 347279676 ns/op	  29.59 MB/s	     10340 B/object	        84.19 allocs/object	     69456 ns/object
BenchmarkDecode/list/client=clientgen#01-2      	       5	 347279676 ns/op	  29.59 MB/s	     10000 B/object	        84.00 allocs/object	     60000 ns/object
BenchmarkThroughput/get/client=client-go-2 	     782	   2576505 ns/op	    641793 client-cpu-ns/op	       388.1 ops/s
PASS
`
	if err := os.WriteFile(filepath.Join(dir, "decode.txt"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &report{in: dir, w: &strings.Builder{}}
	res, order, ok := r.readBench("decode.txt")
	if !ok {
		t.Fatalf("readBench reported the file missing")
	}
	list := res["BenchmarkDecode/list/client=clientgen"]
	if got := list["ns/object"]; len(got) != 2 || median(got) != 64728 {
		t.Fatalf("ns/object of the two rounds = %v (median %v), want [69456 60000] with median 64728", got, median(got))
	}
	if got := res["BenchmarkThroughput/get/client=client-go"]["ops/s"]; len(got) != 1 || got[0] != 388.1 {
		t.Fatalf("ops/s = %v, want [388.1]", got)
	}
	if len(order) != 2 || len(r.loads) != 1 {
		t.Fatalf("benchmarks %v and load samples %v; want 2 benchmarks and 1 sample", order, r.loads)
	}
}
