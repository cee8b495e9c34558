package layout

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// generatorOnly are modules the generator needs and generated code must not:
// were one in the runtime module's requirements, every user of a generated
// clientset would carry it.
var generatorOnly = []string{
	"github.com/clientgen/clientgen",
	"github.com/dave/jennifer",
	"golang.org/x/tools",
	"golang.org/x/mod",
	"k8s.io/client-go",
	"k8s.io/gengo",
	"k8s.io/gengo/v2",
}

func TestTheRuntimeModuleRequiresNothingOfTheGenerators(t *testing.T) {
	f := parseModFile(t, filepath.Join(runtimeDir, "go.mod"))
	if f.Module.Mod.Path != "github.com/clientgen/clientgen/runtime" {
		t.Fatalf("runtime/go.mod declares %q", f.Module.Mod.Path)
	}
	for _, r := range f.Require {
		for _, bad := range generatorOnly {
			if r.Mod.Path == bad {
				t.Errorf("runtime/go.mod requires %s %s, a module only the generator may need", r.Mod.Path, r.Mod.Version)
			}
		}
	}
	if len(f.Replace) > 0 {
		t.Errorf("runtime/go.mod has replace directives (%v); a published module's are ignored by its users, so its tests would not test what they get", f.Replace)
	}
}

func TestTheGeneratorModuleBuildsAgainstTheRuntimeNextToIt(t *testing.T) {
	f := parseModFile(t, "../../go.mod")
	found := false
	for _, r := range f.Replace {
		if r.Old.Path == "github.com/clientgen/clientgen/runtime" && r.New.Path == "./runtime" {
			found = true
		}
	}
	if !found {
		t.Error("go.mod does not replace github.com/clientgen/clientgen/runtime with ./runtime: the generator's tests would run against another runtime than the checked-out one")
	}
}

// The runtime's tests use a copy of testdata/crds/example/v1, since the
// runtime module cannot import the generator module's packages; the copy
// must stay what it copies.
func TestTheRuntimesExampleTypesAreTestdatas(t *testing.T) {
	const orig, cp = "../../testdata/crds/example/v1", runtimeDir + "/internal/example/v1"
	entries, err := os.ReadDir(orig)
	if err != nil {
		t.Fatal(err)
	}
	copies, err := os.ReadDir(cp)
	if err != nil {
		t.Fatal(err)
	}
	if len(copies) != len(entries) {
		t.Errorf("%s has %d files, %s has %d", cp, len(copies), orig, len(entries))
	}
	for _, e := range entries {
		want, err := os.ReadFile(filepath.Join(orig, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(cp, e.Name()))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s/%s differs from %s/%s (copy it again: cp %s/*.go %s/)", cp, e.Name(), orig, e.Name(), strings.TrimPrefix(orig, "../../"), strings.TrimPrefix(cp, "../../"))
		}
	}
}

func parseModFile(t testing.TB, path string) *modfile.File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(path, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
