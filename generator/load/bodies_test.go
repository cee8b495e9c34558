package load

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestBlankFuncBodiesKeepsEveryDeclarationAndComment(t *testing.T) {
	tests := []struct {
		name, src string
		blanks    bool // whether there is a body to blank
	}{
		{"function and method bodies", "package p\n\nfunc f() int {\n\tx := map[string]int{\"a\": 1}\n\treturn x[\"a\"]\n}\n\nfunc (t *T) M() { t.x++ }\n", true},
		{"struct and interface types in the signature", "package p\n\nfunc f(a struct{ X int }, b interface{ M() }) struct{ Y int } {\n\treturn struct{ Y int }{a.X}\n}\n\nfunc g() interface{} { return nil }\n", true},
		{"generic functions", "package p\n\nfunc Map[T interface{ ~int }, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\n", true},
		{"function literals in variables are kept", "package p\n\nvar F = func() int { return 1 }\n\nvar G = struct{ F func() }{F: func() {}}\n", false},
		{"composite literals in variables are kept", "package p\n\nvar SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: \"v1\"}\n\nconst GroupName = \"apps\"\n", false},
		{"comments in bodies are kept in place", "package p\n\nfunc f() {\n\t// +genclient\n\tx := 1 /* inline */\n\t_ = x\n\t/* multi\n\tline */\n}\n\n// +genclient\n\n// Widget is a widget.\ntype Widget struct {\n\tName string `json:\"name\"`\n}\n", true},
		{"a function without a body", "package p\n\nfunc f() int\n\ntype T struct{ X int }\n\nfunc g() { _ = T{X: 1} }\n", true},
		{"raw strings and runes with braces", "package p\n\nfunc f() string {\n\tr := '{'\n\t_ = r\n\treturn `{\n}}`\n}\n\ntype T struct{}\n", true},
		{"carriage returns", "package p\r\n\r\nfunc f() {\r\n\t// c\r\n\tprintln(1)\r\n}\r\n\r\n// T is T.\r\ntype T struct{}\r\n", true},
		{"nested blocks", "package p\n\nfunc f() {\n\tif true {\n\t\tfor {\n\t\t\tswitch {\n\t\t\tcase true:\n\t\t\t}\n\t\t}\n\t}\n}\n", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertSameDeclarations(t, tc.name, []byte(tc.src))
			if got := blankFuncBodies([]byte(tc.src)); (string(got) != tc.src) != tc.blanks {
				t.Fatalf("blankFuncBodies blanked something: %v, want %v:\n%s", string(got) != tc.src, tc.blanks, got)
			}
		})
	}
}

func TestBlankFuncBodiesLeavesSourceWithErrorsAlone(t *testing.T) {
	tests := []struct {
		name, src string
	}{
		{"an unclosed body", "package p\n\nfunc f() {\n\tx := 1\n"},
		{"an unterminated string", "package p\n\nfunc f() {\n\t_ = \"x\n}\n"},
		{"unbalanced parentheses", "package p\n\nvar x = (1\n\nfunc f() { println() }\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := blankFuncBodies([]byte(tc.src)); string(got) != tc.src {
				t.Fatalf("blankFuncBodies changed source that does not scan or balance; want it unchanged so the parser reports the error where it is:\n%s", got)
			}
		})
	}
}

// TestBlankFuncBodiesOnRealCode checks the property on the standard
// library's go/... packages and on this repository, goldens included: some
// hundreds of files written by people and by generators.
func TestBlankFuncBodiesOnRealCode(t *testing.T) {
	roots := []string{
		filepath.Join(runtime.GOROOT(), "src", "go"),
		filepath.Join("..", ".."),
	}
	n, blanked := 0, 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" && strings.Contains(p, runtime.GOROOT()) || d.Name() == ".git") {
				return fs.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if _, err := parser.ParseFile(token.NewFileSet(), p, src, parser.ParseComments); err != nil {
				return nil // not Go that parses (a deliberately broken test input)
			}
			n++
			if !bytes.Equal(blankFuncBodies(src), src) {
				blanked++
			}
			assertSameDeclarations(t, p, src)
			return nil
		})
		if err != nil {
			t.Fatalf("walking %s: %v", root, err)
		}
	}
	if n < 500 || blanked < n/2 {
		t.Fatalf("checked %d files and blanked bodies in %d; want at least 500 files, from the standard library's go/ packages and this repository (is GOROOT %s complete?), most of them blanked", n, blanked, runtime.GOROOT())
	}
}

// assertSameDeclarations parses src as is and with its function bodies
// blanked and fails unless every declaration (function signatures, types,
// constants, variables), every doc comment and every comment prints the same
// at the same offset.
func assertSameDeclarations(t testing.TB, name string, src []byte) {
	t.Helper()
	blanked := blankFuncBodies(src)
	if len(blanked) != len(src) || bytes.Count(blanked, []byte("\n")) != bytes.Count(src, []byte("\n")) {
		t.Fatalf("%s: blanking changed the length or the line count", name)
	}
	fsetA, fsetB := token.NewFileSet(), token.NewFileSet()
	a, err := parser.ParseFile(fsetA, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	b, err := parser.ParseFile(fsetB, name, blanked, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("%s: the blanked source does not parse: %v\n%s", name, err, blanked)
	}
	print := func(fset *token.FileSet, n any) string {
		if n == nil {
			return ""
		}
		var buf bytes.Buffer
		if err := printer.Fprint(&buf, fset, n); err != nil {
			t.Fatalf("%s: printing: %v", name, err)
		}
		return buf.String()
	}
	same := func(what string, x, y string) {
		t.Helper()
		if x != y {
			t.Fatalf("%s: %s differs after blanking function bodies:\n%s\nvs\n%s", name, what, x, y)
		}
	}
	same("the package doc", a.Doc.Text(), b.Doc.Text())
	same("the declaration count", strings.Repeat("x", len(a.Decls)), strings.Repeat("x", len(b.Decls)))
	for i, da := range a.Decls {
		db := b.Decls[i]
		same("a declaration's position", fsetA.Position(da.Pos()).String(), fsetB.Position(db.Pos()).String())
		switch da := da.(type) {
		case *ast.GenDecl:
			gb, ok := db.(*ast.GenDecl)
			if !ok {
				t.Fatalf("%s: declaration %d changed kind", name, i)
			}
			same("a declaration", print(fsetA, da), print(fsetB, gb))
			same("a declaration's end", fsetA.Position(da.End()).String(), fsetB.Position(gb.End()).String())
			same("a doc comment", da.Doc.Text(), gb.Doc.Text())
		case *ast.FuncDecl:
			fb, ok := db.(*ast.FuncDecl)
			if !ok {
				t.Fatalf("%s: declaration %d changed kind", name, i)
			}
			sigA, sigB := *da, *fb
			sigA.Body, sigB.Body, sigA.Doc, sigB.Doc = nil, nil, nil, nil
			same("a function declaration without its body", print(fsetA, &sigA), print(fsetB, &sigB))
			if (da.Body == nil) != (fb.Body == nil) {
				t.Fatalf("%s: function %s gained or lost its body", name, da.Name.Name)
			}
			same("a function's end", fsetA.Position(da.End()).String(), fsetB.Position(fb.End()).String())
			same("a doc comment", da.Doc.Text(), fb.Doc.Text())
		}
	}
	comments := func(fset *token.FileSet, f *ast.File) string {
		var b strings.Builder
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				b.WriteString(fset.Position(c.Pos()).String() + " " + c.Text + "\n")
			}
		}
		return b.String()
	}
	same("the comments", comments(fsetA, a), comments(fsetB, b))
}
