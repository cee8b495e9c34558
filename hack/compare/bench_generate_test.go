package compare

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/clientgen/clientgen/generator"
)

// BenchmarkGenerateK8sAPI runs clientgen's generator in-process on the 55
// k8s.io/api group-versions of client-go's clientset, writing into a fresh
// directory each time: the profile behind the generation section of
// docs/benchmarks.md. Profile it with
//
//	cd hack/compare && GOWORK=off go test -run '^$' -bench GenerateK8sAPI -benchtime 3x -cpuprofile cpu.prof -memprofile mem.prof
func BenchmarkGenerateK8sAPI(b *testing.B) {
	inputs := k8sAPIInputs(b)
	wd, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "out")
		res, err := generator.Generate(ctx, generator.Options{Inputs: inputs, Output: out, OutputPkg: "example.com/out", Dir: wd})
		if err != nil {
			b.Fatalf("generator.Generate on k8s.io/api: %v", err)
		}
		b.ReportMetric(float64(len(res.Files)), "files")
	}
}
