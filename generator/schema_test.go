package generator_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/generator"
)

// The structured-merge schema's cases (issue 11): kept apart from
// generator_test.go's lists so that they read as one feature.

func TestSchemaMarkersGenerateTheGolden(t *testing.T) {
	opts := generator.Options{Inputs: []string{"./testdata/cases/schema-markers/input/..."}, Output: "testdata/cases/schema-markers/golden"}
	opts.Dir = repoRoot(t)
	opts.Verify = !*update
	res, err := generator.Generate(context.Background(), opts)
	if errors.Is(err, generator.ErrStale) {
		t.Fatalf("%s differs from what clientgen generates:\n%v\n%s", opts.Output, err, updateHint)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Fatalf("unexpected warnings:\n%v", res.Warnings)
	}
	if *update {
		return
	}
	cmd := exec.Command("go", "vet", "./testdata/cases/schema-markers/...")
	cmd.Dir = opts.Dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the schema-markers golden failed: %v\n%s", err, out)
	}
}

func TestSchemaMarkersThatContradictTheirFieldArePositionedErrors(t *testing.T) {
	root := repoRoot(t)
	out := t.TempDir()
	opts := generator.Options{Inputs: []string{"./testdata/cases/schema-markers-errors/input/..."}, Dir: root, Output: out, OutputPkg: "example.com/out"}
	_, err := generator.Generate(context.Background(), opts)
	if err == nil {
		t.Fatal("Generate succeeded; want an error")
	}
	got := strings.ReplaceAll(err.Error(), root+string(filepath.Separator), "")
	compareGolden(t, filepath.Join(root, "testdata/cases/schema-markers-errors/error.golden"), got+"\n")
	assertEmptyDir(t, out)
}

func TestSchemaMarkerMistakesOfAPackageWithoutKubebuilderMarkersAreWarnings(t *testing.T) {
	root := repoRoot(t)
	opts := generator.Options{Inputs: []string{"./testdata/cases/schema-markers-warnings/input/..."}, Dir: root, Output: t.TempDir(), OutputPkg: "example.com/out"}
	res, err := generator.Generate(context.Background(), opts)
	if err != nil {
		t.Fatalf("Generate failed; want warnings only: %v", err)
	}
	got := strings.ReplaceAll(res.Warnings.Error(), root+string(filepath.Separator), "")
	compareGolden(t, filepath.Join(root, "testdata/cases/schema-markers-warnings/warnings.golden"), got+"\n")
	// The optional key is still a key: the schema keys conditions by type.
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, "internal/internal.go") && !strings.Contains(string(f.Content), "keys:\n          - type\n") {
			t.Fatalf("%s does not key conditions by type:\n%s", f.Path, f.Content)
		}
	}
}

func TestSchemaIsTheSameBytesOnEveryRun(t *testing.T) {
	gen := func() []byte {
		opts := generator.Options{Inputs: []string{"./testdata/cases/schema-markers/input/..."}, Dir: repoRoot(t), Output: t.TempDir(), OutputPkg: "example.com/out"}
		res, err := generator.Generate(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Files {
			if strings.HasSuffix(f.Path, "internal/internal.go") {
				return f.Content
			}
		}
		t.Fatal("no internal/internal.go generated")
		return nil
	}
	first := gen()
	for range 3 {
		if next := gen(); string(next) != string(first) {
			t.Fatalf("two runs wrote different schemas:\n%s\n---\n%s", first, next)
		}
	}
}
