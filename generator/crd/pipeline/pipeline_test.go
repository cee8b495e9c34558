// Package pipeline_test feeds the golden packages of generator/crd to
// clientgen's pipeline. It is apart from generator/crd's own tests so that
// those build without the rest of the generator.
package pipeline_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/clientgen/clientgen/generator"
)

const modulePath = "github.com/clientgen/clientgen"

var goldenCases = []string{"scalars", "nesting", "extensions", "junctors", "resources"}

// TestPipelineGeneratesClientsFromTheGoldenPackages feeds every golden tree
// to clientgen's pipeline, as `clientgen --crd` will, into a directory inside
// the module, and vets the clientset, apply configurations, listers and
// informers it writes.
func TestPipelineGeneratesClientsFromTheGoldenPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline and go vet; not in -short")
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Join(root, "testdata/crd"), "pipeline-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	rel, _ := filepath.Rel(root, tmp)
	for _, dir := range goldenCases {
		out := filepath.Join(tmp, dir)
		_, err := generator.Generate(context.Background(), generator.Options{
			Dir:       root,
			Inputs:    []string{"./testdata/crd/" + dir + "/golden/..."},
			Output:    out,
			OutputPkg: modulePath + "/" + filepath.ToSlash(rel) + "/" + dir,
		})
		if err != nil {
			t.Fatalf("%s: the pipeline rejects the generated types: %v", dir, err)
		}
	}
	cmd := exec.Command("go", "vet", "./"+filepath.ToSlash(rel)+"/...")
	cmd.Dir = root
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Run(); err != nil {
		t.Fatalf("go vet of the clients generated from the golden types failed: %v\n%s", err, buf.String())
	}
}
