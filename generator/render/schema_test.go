package render

import (
	"strings"
	"testing"

	"sigs.k8s.io/structured-merge-diff/v6/typed"

	"github.com/clientgen/clientgen/generator/model"
)

func TestSchemaYAMLParsesAndKeepsKeysSetsAndAtomicStructs(t *testing.T) {
	str := model.SchemaRef{Inline: model.SchemaAtom{Scalar: "string"}}
	s := &model.ApplySchema{Types: []*model.SchemaType{
		{Name: "example.v1.Item", Atom: model.SchemaAtom{Map: &model.SchemaMap{Fields: []model.SchemaField{
			{Name: "name", Type: str, Default: `""`},
			{Name: "note", Type: model.SchemaRef{Inline: model.SchemaAtom{Scalar: "string"}}, Default: "\"a `quoted` note\""},
		}}}},
		{Name: "example.v1.Ref", Atom: model.SchemaAtom{Map: &model.SchemaMap{Fields: []model.SchemaField{{Name: "name", Type: str}}, ElementRelationship: "atomic"}}},
		{Name: "example.v1.Spec", Atom: model.SchemaAtom{Map: &model.SchemaMap{Fields: []model.SchemaField{
			{Name: "items", Type: model.SchemaRef{Inline: model.SchemaAtom{List: &model.SchemaList{Elem: model.SchemaRef{Named: "example.v1.Item"}, ElementRelationship: "associative", Keys: []string{"name"}}}}},
			{Name: "ref", Type: model.SchemaRef{Named: "example.v1.Ref"}},
			{Name: "tags", Type: model.SchemaRef{Inline: model.SchemaAtom{List: &model.SchemaList{Elem: str, ElementRelationship: "associative"}}}},
		}}}},
	}}
	y := SchemaYAML(s)
	// The Go source holds the YAML in a raw string: a backquote is spliced in.
	y = strings.ReplaceAll(y, "` + \"`\" + `", "`")
	p, err := typed.NewParser(typed.YAMLObject(y))
	if err != nil {
		t.Fatalf("the schema does not parse: %v\n%s", err, y)
	}
	tv, err := p.Type("example.v1.Spec").FromUnstructured(map[string]any{
		"items": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}},
		"ref":   map[string]any{"name": "r"},
		"tags":  []any{"x"},
	})
	if err != nil {
		t.Fatal(err)
	}
	set, err := tv.ToFieldSet()
	if err != nil {
		t.Fatal(err)
	}
	got := set.String()
	for _, want := range []string{`.items[name="a"].name`, `.items[name="b"]`, `.tags[="x"]`, `.ref`} {
		if !strings.Contains(got, want) {
			t.Errorf("field set lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, ".ref.name") {
		t.Errorf("the atomic struct's field is in the field set:\n%s", got)
	}
}
