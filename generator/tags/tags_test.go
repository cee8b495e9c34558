package tags_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/tags"
)

// comments parses a file whose comment lines are given, above `type T struct{}`.
func comments(t testing.TB, lines ...string) (*token.FileSet, []*ast.CommentGroup) {
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
	return fset, f.Comments
}

func parseType(t testing.TB, lines ...string) (*tags.Type, diag.List) {
	t.Helper()
	fset, groups := comments(t, lines...)
	var errs diag.List
	return tags.ParseType(fset, "T", groups, &errs), errs
}

func parsePackage(t testing.TB, lines ...string) (*tags.Package, diag.List) {
	t.Helper()
	fset, groups := comments(t, lines...)
	var errs diag.List
	return tags.ParsePackage(fset, groups, &errs), errs
}

// ignorePlace leaves out where and how a tag was written.
var ignorePlace = cmpopts.IgnoreFields(tags.Tag{}, "Pos", "Text")

func TestParseTypeFillsTheFieldOfEachTag(t *testing.T) {
	tests := []struct {
		name string
		line string
		want *tags.Type
	}{
		{"a flag tag has no value", "+genclient:nonNamespaced", &tags.Type{NonNamespaced: &tags.Tag{}}},
		{"a verb list is split and kept in order", "+genclient:onlyVerbs=get, list,watch",
			&tags.Type{OnlyVerbs: &tags.VerbsTag{Tag: tags.Tag{Raw: "get, list,watch"}, Verbs: []string{"get", "list", "watch"}}}},
		{"a method with a subresource and types of another package",
			"+genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale",
			&tags.Type{Method: []tags.ExtensionMethod{{Tag: tags.Tag{Raw: "GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale"},
				Name: "GetScale", Verb: "get", Subresource: "scale", Result: tags.TypeRef{PkgPath: "k8s.io/api/autoscaling/v1", Name: "Scale"}}}}},
		{"a method whose input is a type of the same package", "+genclient:method=UpdateScale,verb=update,input=Scale",
			&tags.Type{Method: []tags.ExtensionMethod{{Tag: tags.Tag{Raw: "UpdateScale,verb=update,input=Scale"}, Name: "UpdateScale", Verb: "update", Input: tags.TypeRef{Name: "Scale"}}}}},
		{"the kubebuilder resource marker's path, scope and short names are read", "+kubebuilder:resource:path=widgets,scope=Cluster,shortName={w,wd}",
			&tags.Type{KubebuilderResource: &tags.ResourceMarker{Tag: tags.Tag{Raw: "path=widgets,scope=Cluster,shortName={w,wd}"},
				Path: "widgets", Scope: "Cluster", ShortNames: []string{"w", "wd"}, Args: map[string]string{"path": "widgets", "scope": "Cluster", "shortName": "{w,wd}"}}}},
		{"short names may be separated by semicolons", "+kubebuilder:resource:shortName=cj;cjs",
			&tags.Type{KubebuilderResource: &tags.ResourceMarker{Tag: tags.Tag{Raw: "shortName=cj;cjs"}, ShortNames: []string{"cj", "cjs"}, Args: map[string]string{"shortName": "cj;cjs"}}}},
		{"the status subresource marker is a flag", "+kubebuilder:subresource:status", &tags.Type{SubresourceStatus: &tags.Tag{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := parseType(t, tc.line)
			if len(errs) > 0 {
				t.Fatalf("unexpected errors: %v", errs)
			}
			if diff := cmp.Diff(tc.want, got, ignorePlace); diff != "" {
				t.Fatalf("tags differ (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePackageFillsTheFieldOfEachTag(t *testing.T) {
	got, errs := parsePackage(t, "+groupName=", "+groupGoName=Example", "+k8s:client-gen=false")
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	want := &tags.Package{GroupName: &tags.TextTag{}, GroupGoName: &tags.TextTag{Tag: tags.Tag{Raw: "Example"}, Value: "Example"}, ClientGen: &tags.BoolTag{Tag: tags.Tag{Raw: "false"}}}
	if diff := cmp.Diff(want, got, ignorePlace); diff != "" {
		t.Fatalf("tags differ (-want +got):\n%s", diff)
	}
}

func TestATagKeepsItsPositionAndText(t *testing.T) {
	got, _ := parseType(t, "prose", "  +genclient:readonly")
	if got.Readonly == nil || got.Readonly.Text != "+genclient:readonly" || got.Readonly.Pos.String() != "types.go:4:6" {
		t.Fatalf("readonly tag = %+v, want its text at types.go:4:6", got.Readonly)
	}
}

func TestParseReportsMistakesWithPositionAndWhatIsAllowed(t *testing.T) {
	tests := []struct {
		name    string
		pkg     bool
		line    string
		want    string
		wantTag string // "" means the line itself
	}{
		{"a misspelt tag suggests the right one", false, "+genclient:nonNamspaced", "types.go:3:4: T: +genclient:nonNamspaced: unknown tag: did you mean +genclient:nonNamespaced?", ""},
		{"an unknown verb lists the verbs", false, "+genclient:skipVerbs=lsit", `unknown verb "lsit" (allowed: create, update, updateStatus, delete, deleteCollection, get, list, watch, patch, apply, applyStatus)`, ""},
		{"a method verb client-gen cannot extend lists the allowed ones", false, "+genclient:method=Evict,verb=delete", `verb "delete" is not supported for an extension method (allowed: get, list, create, update, patch, apply)`, ""},
		{"a method key is checked", false, "+genclient:method=GetScale,verb=get,sub=scale", `unknown key "sub" (allowed keys: verb, subresource, input, result)`, ""},
		{"a value on a flag tag", false, "+genclient=true", "takes no value: write +genclient", ""},
		{"a package tag in a type comment", false, "+groupName=example.com", "belongs in a package comment", ""},
		{"a type tag in a package comment", true, "+genclient", "belongs in a type comment", ""},
		{"a group name needs its =", true, "+groupName", "missing value: write +groupName=<group>", ""},
		{"an unknown kubebuilder scope lists the scopes", false, "+kubebuilder:resource:scope=Global", "scope=Global: unknown scope (allowed: Cluster, Namespaced)", ""},
		{"a kubebuilder path must be a resource name", false, "+kubebuilder:resource:path=Widgets", "path=Widgets is not a resource name", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errs diag.List
			if tc.pkg {
				_, errs = parsePackage(t, tc.line)
			} else {
				_, errs = parseType(t, tc.line)
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
				t.Fatalf("errors %q; want one containing %q", errs.Error(), tc.want)
			}
			if !errs[0].Pos.IsValid() || errs[0].Tag != tc.line {
				t.Fatalf("error lacks its position or tag text: %+v", errs[0])
			}
		})
	}
}

func TestATagGivenTwiceCountsOnceAndAContradictionIsReported(t *testing.T) {
	got, errs := parseType(t, "+resourceName=foos", "+resourceName=foos")
	if len(errs) != 0 || got.ResourceName.Value != "foos" {
		t.Fatalf("the same tag twice: %+v, %v; want it once, no error", got.ResourceName, errs)
	}
	got, errs = parseType(t, "+resourceName=foos", "+resourceName=bars")
	if got.ResourceName.Value != "foos" || len(errs) != 1 || !strings.Contains(errs[0].Error(), "contradicts +resourceName=foos at line 3") {
		t.Fatalf("contradicting tags: %+v, %v; want the first and an error naming it", got.ResourceName, errs)
	}
	got, errs = parseType(t, "+genclient:method=A,verb=get", "+genclient:method=B,verb=list")
	if len(errs) != 0 || len(got.Method) != 2 || got.Method[0].Name != "A" || got.Method[1].Name != "B" {
		t.Fatalf("repeated methods: %+v, %v; want both in source order", got.Method, errs)
	}
}

func TestOtherToolsTagsPassSilently(t *testing.T) {
	got, errs := parseType(t, "+k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object", "+kubebuilder:printcolumn:name=X,type=string", "+optional", "+listType=atomic", "+k8s:client-gen=false")
	if diff := cmp.Diff(&tags.Type{}, got); diff != "" || len(errs) != 0 {
		t.Fatalf("tags of other tools were taken or reported: %s %v", diff, errs)
	}
	pkg, errs := parsePackage(t, "+k8s:deepcopy-gen=package", "+resourceName=x", "+kubebuilder:object:generate=true")
	if diff := cmp.Diff(&tags.Package{}, pkg); diff != "" || len(errs) != 0 {
		t.Fatalf("tags of other tools were taken or reported in a package comment: %s %v", diff, errs)
	}
}

func TestEveryTaggedFieldIsInTheRegistry(t *testing.T) {
	want := map[string]bool{}
	for _, typ := range []reflect.Type{reflect.TypeFor[tags.Type](), reflect.TypeFor[tags.Package](), reflect.TypeFor[tags.Field]()} {
		for i := range typ.NumField() {
			if name, ok := typ.Field(i).Tag.Lookup("tag"); ok {
				want[name] = true
				if typ.Field(i).Tag.Get("usage") == "" || typ.Field(i).Tag.Get("help") == "" {
					t.Errorf("field %s.%s lacks usage or help", typ.Name(), typ.Field(i).Name)
				}
			}
		}
	}
	got := map[string]bool{}
	for _, d := range tags.Registry() {
		if got[d.Name] {
			t.Errorf("tag %s is defined twice", d.Name)
		}
		got[d.Name] = true
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("registry differs from the tagged fields (-fields +registry):\n%s", diff)
	}
}

func TestHelpListsEveryRegisteredTag(t *testing.T) {
	help := tags.Help()
	for _, d := range tags.Registry() {
		if !strings.Contains(help, d.Usage) || !strings.Contains(help, d.Help) {
			t.Errorf("--help-tags lacks %s", d.Usage)
		}
		if strings.Contains(d.Help, "$") {
			t.Errorf("help of %s has an unexpanded placeholder: %s", d.Name, d.Help)
		}
	}
	for _, v := range tags.StandardVerbs {
		if !strings.Contains(help, v) {
			t.Errorf("--help-tags does not list verb %s", v)
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
		"+ kubebuilder:resource:path=x", "+kubebuilder:resource:shortName={;}", "+resourceName=a\n+resourceName=b",
		"+listType=map\n+listMapKey=a\n+listMapKey=a", "+listtype=", "+k8s:listMapKey", "+mapType=granular\n+mapType=atomic",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, block := range []string{"//" + strings.ReplaceAll(text, "\n", "\n//"), "/*" + strings.ReplaceAll(text, "*/", "") + "*/"} {
			fset := token.NewFileSet()
			file := fset.AddFile("fuzz.go", -1, len(block)+1)
			file.SetLinesForContent([]byte(block))
			cg := &ast.CommentGroup{List: []*ast.Comment{{Slash: file.Pos(0), Text: block}}}
			var errs diag.List
			tags.ParseType(fset, "T", []*ast.CommentGroup{cg, nil}, &errs)
			tags.ParsePackage(fset, []*ast.CommentGroup{cg, nil}, &errs)
			tags.ParseField(fset, "T.F", []*ast.CommentGroup{cg, nil}, &errs)
			for _, e := range errs {
				if !e.Pos.IsValid() || e.Msg == "" {
					t.Fatalf("error without position or message for %q: %+v", text, e)
				}
			}
		}
	})
}

func parseField(t testing.TB, lines ...string) (*tags.Field, diag.List) {
	t.Helper()
	fset, groups := comments(t, lines...)
	var errs diag.List
	return tags.ParseField(fset, "T.F", groups, &errs), errs
}

func TestParseFieldFillsTheFieldOfEachMarker(t *testing.T) {
	key := func(v string) tags.TextTag { return tags.TextTag{Tag: tags.Tag{Raw: v}, Value: v} }
	enum := func(v string) *tags.EnumTag { return &tags.EnumTag{Tag: tags.Tag{Raw: v}, Value: v} }
	tests := []struct {
		name  string
		lines []string
		want  *tags.Field
	}{
		{"a list map takes its keys in the order written, a repeated key once", []string{"+listType=map", "+listMapKey=name", "+listMapKey=protocol", "+listMapKey=name"},
			&tags.Field{ListType: enum("map"), ListMapKey: []tags.TextTag{key("name"), key("protocol")}}},
		{"validation-gen's spellings are fields of their own", []string{"+k8s:listType=set", "+k8s:listMapKey=type", "+k8s:optional", "+k8s:required"},
			&tags.Field{K8sListType: enum("set"), K8sListMapKey: []tags.TextTag{key("type")}, K8sOptional: &tags.Tag{}, K8sRequired: &tags.Tag{}}},
		{"map and struct types, optional, required and defaults", []string{"+mapType=atomic", "+structType=granular", "+optional", "+required", "+default=\"TCP\"", "+kubebuilder:default=TCP"},
			&tags.Field{MapType: enum("atomic"), StructType: enum("granular"), Optional: &tags.Tag{}, Required: &tags.Tag{},
				Default: &tags.TextTag{Tag: tags.Tag{Raw: `"TCP"`}, Value: `"TCP"`}, KubebuilderDefault: &tags.TextTag{Tag: tags.Tag{Raw: "TCP"}, Value: "TCP"}}},
		{"controller-gen's optional and required markers", []string{"+kubebuilder:validation:Optional", "+kubebuilder:validation:Required"},
			&tags.Field{KubebuilderOptional: &tags.Tag{}, KubebuilderRequired: &tags.Tag{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := parseField(t, tc.lines...)
			if len(errs) > 0 {
				t.Fatalf("unexpected errors: %v", errs)
			}
			if diff := cmp.Diff(tc.want, got, ignorePlace); diff != "" {
				t.Fatalf("markers differ (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFieldReportsMisspeltAndMalformedMarkers(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"a list type outside the enum lists the allowed ones", "+listType=merge", `types.go:3:4: T.F: +listType=merge: unknown value "merge" (allowed: atomic, set, map)`},
		{"a map type outside the enum lists the allowed ones", "+mapType=separable", `types.go:3:4: T.F: +mapType=separable: unknown value "separable" (allowed: atomic, granular)`},
		{"a misspelt marker gets a did-you-mean", "+listMapkeys=name", "types.go:3:4: T.F: +listMapkeys=name: unknown tag: did you mean +listMapKey? (allowed in a field comment: "},
		{"a marker in the wrong case gets a did-you-mean", "+structtype=atomic", "types.go:3:4: T.F: +structtype=atomic: unknown tag: did you mean +structType? "},
		{"a list map key needs a value", "+listMapKey", "types.go:3:4: T.F: +listMapKey: missing value: write +listMapKey=<json name>"},
		{"a flag takes no value", "+optional=true", "types.go:3:4: T.F: +optional=true: takes no value: write +optional"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := parseField(t, tc.line)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
				t.Fatalf("errors = %v; want one starting with %q", errs, tc.want)
			}
		})
	}
}

func TestOtherToolsFieldMarkersPassSilently(t *testing.T) {
	got, errs := parseField(t, "+kubebuilder:validation:MaxItems=8", "+kubebuilder:validation:Enum=a;b", "+k8s:format=k8s-short-name",
		"+k8s:maxItems=16", "+k8s:unionMember", "+k8s:opaqueType", "+k8s:immutable", "+featureGate=X", "+patchMergeKey=name", "+patchStrategy=merge",
		"+enum", "+oneOf=x", "+protobuf.nullable=true", "+genclient", "+groupName=x", "+k8s:alpha(since: \"1.37\")=+k8s:optional")
	if diff := cmp.Diff(&tags.Field{}, got); diff != "" || len(errs) != 0 {
		t.Fatalf("markers of other tools were taken or reported: %s %v", diff, errs)
	}
}
