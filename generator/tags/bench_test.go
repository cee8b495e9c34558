package tags_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/load"
	"github.com/clientgen/clientgen/generator/tags"
)

type benchPkg struct{ files []*ast.File }

func k8sAPI(b *testing.B) (*token.FileSet, []benchPkg) {
	b.Helper()
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		b.Fatal(err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), "k8s.io", "api@v0.37.2")
	fset := token.NewFileSet()
	byDir := map[string]*benchPkg{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if byDir[filepath.Dir(p)] == nil {
			byDir[filepath.Dir(p)] = &benchPkg{}
		}
		byDir[filepath.Dir(p)].files = append(byDir[filepath.Dir(p)].files, f)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var pkgs []benchPkg
	for _, p := range byDir {
		pkgs = append(pkgs, *p)
	}
	return fset, pkgs
}

// BenchmarkTagStageK8sAPI reads the tags of all of k8s.io/api (parsed
// beforehand): the declaration index and the tags stage together, which is
// the work model.Build did before the tag stage had a package of its own,
// and the tags stage alone.
func BenchmarkTagStageK8sAPI(b *testing.B) {
	fset, parsed := k8sAPI(b)
	var pkgs []*load.Package
	for i, p := range parsed {
		pkgs = append(pkgs, &load.Package{PkgPath: fmt.Sprintf("k8s.io/api/p%d", i), Name: p.files[0].Name.Name, Files: p.files})
	}
	check := func(b *testing.B, res *tags.Result, errs diag.List) {
		n := 0
		for _, p := range res.Packages {
			n += len(p.Types)
		}
		if len(errs) > 0 || n == 0 {
			b.Fatalf("%d tagged types, errors: %v", n, errs)
		}
	}
	b.Run("index and tags", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res, errs := tags.Read(load.NewResult(fset, pkgs))
			check(b, res, errs)
		}
	})
	b.Run("tags", func(b *testing.B) {
		loaded := load.NewResult(fset, pkgs)
		b.ReportAllocs()
		for b.Loop() {
			res, errs := tags.Read(loaded)
			check(b, res, errs)
		}
	})
}
