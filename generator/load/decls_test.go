package load

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

func TestTheIndexPointsAtEachTypesTagCommentsAndTheFloatingOnes(t *testing.T) {
	src := `// Package v1 has tags above its clause.
// +groupName=example.com
package v1

//+genclient

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Widget's doc comment.
type Widget struct {
	// A field's comment is not floating.
	Spec string
}

type (
	// Gadget is one of two in a block.
	Gadget struct{}
	Gizmo  = Gadget
)

var GroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1"}

const GroupName = "example.com"

var AddToScheme = 0
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "types.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	pkg := &Package{PkgPath: "example.com/v1", Name: "v1", Files: []*ast.File{f}}
	NewResult(fset, []*Package{pkg})
	ix := pkg.Index
	text := func(cg *ast.CommentGroup) string {
		if cg == nil {
			return ""
		}
		return strings.TrimSpace(cg.Text())
	}
	w := ix.TypeByName["Widget"]
	if w == nil || text(w.TagComments[1]) != "Widget's doc comment." || !strings.HasPrefix(text(w.TagComments[0]), "+genclient") {
		t.Fatalf("Widget's tag comments = %q, %q; want its doc comment and the block one blank line above it", text(w.TagComments[0]), text(w.TagComments[1]))
	}
	if !w.Fields["Spec"] || w.Struct == nil {
		t.Fatalf("Widget's struct was not indexed: %+v", w)
	}
	if g := ix.TypeByName["Gadget"]; g == nil || text(g.TagComments[1]) != "Gadget is one of two in a block." {
		t.Fatalf("Gadget's doc comment in a type block was not found: %+v", g)
	}
	if g := ix.TypeByName["Gizmo"]; g == nil || !g.Alias || g.AliasOf == nil || g.AliasOf.Name != "Gadget" {
		t.Fatalf("Gizmo = Gadget is not an alias of Gadget: %+v", g)
	}
	if len(ix.Floating) != 1 || text(ix.Floating[0]) != "+genclient" {
		var got []string
		for _, cg := range ix.Floating {
			got = append(got, text(cg))
		}
		t.Fatalf("floating comments = %q; want only the //+genclient that stands on no type", got)
	}
	if !ix.Scheme || !ix.HasSchemeGroup || ix.SchemeGroup != "example.com" {
		t.Fatalf("scheme = %v, group %q (%v); want AddToScheme and example.com through the GroupName constant", ix.Scheme, ix.SchemeGroup, ix.HasSchemeGroup)
	}
	if ix.Pos.Line != 3 || len(ix.PackageComments) != 1 {
		t.Fatalf("package clause at %v with %d comments above; want line 3 and one", ix.Pos, len(ix.PackageComments))
	}
}
