package tags_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/tags"
)

// parse runs Parse on the comment above `type T struct{}` in a file whose
// comment lines are given.
func parse(t testing.TB, scope tags.Scope, lines ...string) (tags.Set, diag.List) {
	t.Helper()
	src := "package p\n\n"
	for _, l := range lines {
		src += "// " + l + "\n"
	}
	src += "type T struct{}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "types.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var errs diag.List
	set := tags.Parse(fset, scope, "T", f.Comments, &errs)
	return set, errs
}

func TestParseReadsEveryTagOfTheRegistry(t *testing.T) {
	tests := []struct {
		name  string
		scope tags.Scope
		line  string
		want  tags.Tag
	}{
		{"a flag tag has no value", tags.TypeScope, "+genclient:nonNamespaced", tags.Tag{Name: "genclient:nonNamespaced"}},
		{"a verb list is split and kept in order", tags.TypeScope, "+genclient:onlyVerbs=get, list,watch", tags.Tag{Name: "genclient:onlyVerbs", Value: "get, list,watch", Verbs: []string{"get", "list", "watch"}}},
		{"a method with a subresource and types of another package", tags.TypeScope,
			"+genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale",
			tags.Tag{Name: "genclient:method", Value: "GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale",
				Method: &tags.Method{Name: "GetScale", Verb: "get", Subresource: "scale", Result: tags.TypeRef{PkgPath: "k8s.io/api/autoscaling/v1", Name: "Scale"}}}},
		{"a method whose input is a type of the same package", tags.TypeScope, "+genclient:method=UpdateScale,verb=update,input=Scale",
			tags.Tag{Name: "genclient:method", Value: "UpdateScale,verb=update,input=Scale", Method: &tags.Method{Name: "UpdateScale", Verb: "update", Input: tags.TypeRef{Name: "Scale"}}}},
		{"the kubebuilder resource marker's arguments are read", tags.TypeScope, "+kubebuilder:resource:path=widgets,scope=Cluster,shortName={w,wd}",
			tags.Tag{Name: "kubebuilder:resource", Value: "path=widgets,scope=Cluster,shortName={w,wd}", Args: map[string]string{"path": "widgets", "scope": "Cluster", "shortName": "{w,wd}"}}},
		{"an empty group name is the core group", tags.PackageScope, "+groupName=", tags.Tag{Name: "groupName"}},
		{"client-gen=false opts a package out", tags.PackageScope, "+k8s:client-gen=false", tags.Tag{Name: "k8s:client-gen", Value: "false"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set, errs := parse(t, tc.scope, tc.line)
			if len(errs) > 0 {
				t.Fatalf("unexpected errors: %v", errs)
			}
			if len(set) != 1 {
				t.Fatalf("parsed %d tags, want 1: %+v", len(set), set)
			}
			got := set[0]
			got.Pos, got.Text = token.Position{}, ""
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Fatalf("tag differs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseReportsMistakesWithPositionAndWhatIsAllowed(t *testing.T) {
	tests := []struct {
		name  string
		scope tags.Scope
		line  string
		want  string
	}{
		{"a misspelt tag suggests the right one", tags.TypeScope, "+genclient:nonNamspaced", "types.go:3:4: T: +genclient:nonNamspaced: unknown tag: did you mean +genclient:nonNamespaced?"},
		{"an unknown verb lists the verbs", tags.TypeScope, "+genclient:skipVerbs=lsit", `unknown verb "lsit" (allowed: create, update, updateStatus, delete, deleteCollection, get, list, watch, patch, apply, applyStatus)`},
		{"a method verb client-gen cannot extend lists the allowed ones", tags.TypeScope, "+genclient:method=Evict,verb=delete", `verb "delete" is not supported for an extension method (allowed: get, list, create, update, patch, apply)`},
		{"a method key is checked", tags.TypeScope, "+genclient:method=GetScale,verb=get,sub=scale", `unknown key "sub" (allowed keys: verb, subresource, input, result)`},
		{"a value on a flag tag", tags.TypeScope, "+genclient=true", "takes no value: write +genclient"},
		{"a package tag in a type comment", tags.TypeScope, "+groupName=example.com", "belongs in a package comment"},
		{"a type tag in a package comment", tags.PackageScope, "+genclient", "belongs in a type comment"},
		{"a group name needs its =", tags.PackageScope, "+groupName", "missing value: write +groupName=<group>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := parse(t, tc.scope, tc.line)
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
				t.Fatalf("errors %q; want one containing %q", errs.Error(), tc.want)
			}
			if !errs[0].Pos.IsValid() || errs[0].Tag != tc.line {
				t.Fatalf("error lacks its position or tag text: %+v", errs[0])
			}
		})
	}
}

func TestOtherToolsTagsPassSilently(t *testing.T) {
	set, errs := parse(t, tags.TypeScope, "+k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object", "+kubebuilder:printcolumn:name=X,type=string", "+optional", "+listType=atomic")
	if len(set) != 0 || len(errs) != 0 {
		t.Fatalf("tags of other tools were taken or reported: %v %v", set, errs)
	}
}

func TestHelpListsEveryRegisteredTag(t *testing.T) {
	help := tags.Help()
	for _, d := range tags.Registry() {
		if !strings.Contains(help, d.Usage) || !strings.Contains(help, d.Help) {
			t.Errorf("--help-tags lacks %s", d.Usage)
		}
	}
}

// FuzzParse feeds arbitrary comment text to the parser: it must never panic,
// and every error it reports must carry a position and a message.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"+genclient", "+genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale",
		"+genclient:onlyVerbs=get,,", "+genclient:method=,verb=", "+genclient:method=A,verb=apply,input=.", "+kubebuilder:resource:{,}}=,",
		"+groupName=", "+k8s:client-gen=", "+resourceName==", "+=", "+", "+genclient:method=X,verb=list,result=a/b.C,result=d.E",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, block := range []string{"//" + strings.ReplaceAll(text, "\n", "\n//"), "/*" + strings.ReplaceAll(text, "*/", "") + "*/"} {
			fset := token.NewFileSet()
			file := fset.AddFile("fuzz.go", -1, len(block)+1)
			file.SetLinesForContent([]byte(block))
			cg := &ast.CommentGroup{List: []*ast.Comment{{Slash: file.Pos(0), Text: block}}}
			for _, scope := range []tags.Scope{tags.TypeScope, tags.PackageScope} {
				var errs diag.List
				tags.Parse(fset, scope, "T", []*ast.CommentGroup{cg, nil}, &errs)
				for _, e := range errs {
					if !e.Pos.IsValid() || e.Msg == "" {
						t.Fatalf("error without position or message for %q: %+v", text, e)
					}
				}
			}
		}
	})
}
