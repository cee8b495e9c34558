package tags

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/clientgen/clientgen/generator/diag"
)

// Scope says where a tag may appear: the struct its field is in.
type Scope int

const (
	// TypeScope tags sit in a type's doc comment (or the block one blank
	// line above it): fields of Type.
	TypeScope Scope = iota
	// PackageScope tags sit in the package comment, usually in doc.go:
	// fields of Package.
	PackageScope
	// FieldScope markers sit in a struct field's doc comment (the
	// structure markers also on a named type's declaration): fields of
	// Field. Unlike the other scopes, where everything under +genclient is
	// clientgen's, a field comment is shared with many tools, so only the
	// registered names and near misses of them (a misspelling) are read.
	FieldScope
)

func (s Scope) String() string {
	switch s {
	case PackageScope:
		return "package"
	case FieldScope:
		return "field"
	}
	return "type"
}

// ValueKind says what follows the tag's "=": the type of its field.
type ValueKind int

const (
	// NoValue (*Tag): the tag is written alone, e.g. +genclient:noStatus.
	NoValue ValueKind = iota
	// Text (*TextTag): any non-empty text, e.g. +groupGoName=Example.
	Text
	// OptionalText (*TextTag with value:"optional"): text that may be
	// empty, e.g. +groupName= (the core group).
	OptionalText
	// Bool (*BoolTag): true or false, e.g. +k8s:client-gen=false.
	Bool
	// VerbList (*VerbsTag): a comma-separated list of standard verbs.
	VerbList
	// MethodSpec ([]ExtensionMethod): Name,verb=...[,subresource=...][,input=...][,result=...].
	MethodSpec
	// MarkerArgs (*ResourceMarker): kubebuilder's key=value,key=value
	// arguments after the marker's name and a colon.
	MarkerArgs
	// Enum (*EnumTag): one of the words of the field's enum struct tag,
	// e.g. +listType=map.
	Enum
	// TextList ([]TextTag): non-empty text, the tag repeatable with
	// different values, e.g. +listMapKey=name.
	TextList
)

// Def describes one tag clientgen understands, derived from a field of
// Package or Type.
type Def struct {
	Name       string // without the leading "+", e.g. "genclient:nonNamespaced"
	Scope      Scope
	Value      ValueKind
	Usage      string   // as a user writes it, e.g. "+groupName=<group>"
	Help       string   // one line
	Repeatable bool     // may appear several times with different values (a slice field)
	Marker     bool     // a kubebuilder marker clientgen honours; other +kubebuilder: markers pass silently
	Enum       []string // the values an Enum tag allows

	field           int  // index of the field in Package or Type
	reportMisplaced bool // in the other scope's comment it is an error, not another tool's tag
}

// defs is the registry: built once from the structs, never changed.
type defs struct {
	all    []Def
	byName map[string]*Def
}

// registry derives the definitions from Type's and Package's fields on
// first use; it is a constant computed lazily (reflection cannot run at
// compile time), so it is not mutable state.
var registry = sync.OnceValue(func() *defs {
	d := &defs{byName: map[string]*Def{}}
	d.add(reflect.TypeFor[Type](), TypeScope)
	d.add(reflect.TypeFor[Package](), PackageScope)
	d.add(reflect.TypeFor[Field](), FieldScope)
	for i := range d.all {
		d.byName[d.all[i].Name] = &d.all[i]
	}
	return d
})

var valueKinds = map[reflect.Type]ValueKind{
	reflect.TypeFor[*Tag]():              NoValue,
	reflect.TypeFor[*TextTag]():          Text,
	reflect.TypeFor[*BoolTag]():          Bool,
	reflect.TypeFor[*VerbsTag]():         VerbList,
	reflect.TypeFor[[]ExtensionMethod](): MethodSpec,
	reflect.TypeFor[*ResourceMarker]():   MarkerArgs,
	reflect.TypeFor[*EnumTag]():          Enum,
	reflect.TypeFor[[]TextTag]():         TextList,
}

func (d *defs) add(st reflect.Type, scope Scope) {
	help := strings.NewReplacer("$verbs", strings.Join(StandardVerbs, ", "), "$methodVerbs", strings.Join(MethodVerbs, ", "))
	for i := range st.NumField() {
		f := st.Field(i)
		name, ok := f.Tag.Lookup("tag")
		if !ok {
			continue
		}
		kind, ok := valueKinds[f.Type]
		if !ok {
			// A programming error in this package, caught by its tests.
			panic(fmt.Sprintf("tags: field %s.%s has no tag value syntax for type %s", st.Name(), f.Name, f.Type))
		}
		if kind == Text && f.Tag.Get("value") == "optional" {
			kind = OptionalText
		}
		var enum []string
		if kind == Enum {
			enum = strings.Split(f.Tag.Get("enum"), ",")
		}
		d.all = append(d.all, Def{
			Name: name, Scope: scope, Value: kind, Enum: enum,
			Usage: f.Tag.Get("usage"), Help: help.Replace(f.Tag.Get("help")),
			Repeatable: kind == MethodSpec || kind == TextList, Marker: f.Tag.Get("marker") != "",
			field: i, reportMisplaced: f.Tag.Get("misplaced") == "report",
		})
	}
}

// Registry returns every tag clientgen understands, in --help-tags order:
// Type's fields, then Package's, then Field's.
func Registry() []Def {
	return append([]Def(nil), registry().all...)
}

// owned reports whether a tag name belongs to clientgen in a scope, so that
// tags of other tools (+k8s:deepcopy-gen, +kubebuilder:printcolumn,
// +optional) pass silently while a misspelt +genclient:... tag, or a package
// tag in a type comment, is an error.
func owned(name string, scope Scope) bool {
	if scope == FieldScope {
		// A field comment holds many tools' markers: only field markers
		// and their likely misspellings (+listtype, +listMapKeys) are
		// clientgen's; a near miss at distance 3 would catch other
		// tools' names.
		if d := registry().byName[name]; d != nil {
			return d.Scope == FieldScope
		}
		return nearestWithin(name, scope, 2) != ""
	}
	if name == "genclient" || strings.HasPrefix(name, "genclient:") {
		return true
	}
	d := registry().byName[name]
	return d != nil && (d.Scope == scope || d.reportMisplaced)
}

// based is every typed tag: they embed Tag.
type based interface{ base() *Tag }

func (t *Tag) base() *Tag { return t }

// parseInto reads the tags of scope from comment groups into target (a
// *Package or *Type) and returns how many it stored, and the first
// kubebuilder marker of the comments (whether clientgen honours it or not).
// It never panics, whatever the comments hold.
func parseInto(fset *token.FileSet, scope Scope, typeName string, groups []*ast.CommentGroup, target any, errs *diag.List) (n int, kubebuilder *Tag) {
	v := reflect.ValueOf(target).Elem()
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			for _, l := range commentLines(fset, c) {
				if kubebuilder == nil && strings.HasPrefix(l.text, "+kubebuilder:") {
					kubebuilder = &Tag{Pos: l.pos, Text: l.text}
				}
				d, val, ok := parseLine(l, scope, typeName, errs)
				if !ok {
					continue
				}
				f := v.Field(d.field)
				switch {
				case d.Repeatable && d.Value == TextList:
					// A repeated key names several keys; the same key
					// twice is one.
					tt := val.(TextTag)
					dup := false
					for i := range f.Len() {
						dup = dup || f.Index(i).Interface().(TextTag).Value == tt.Value
					}
					if dup {
						continue
					}
					f.Set(reflect.Append(f, reflect.ValueOf(val)))
				case d.Repeatable:
					f.Set(reflect.Append(f, reflect.ValueOf(val)))
				case !f.IsNil():
					// Given twice: the first counts, and a second with
					// another value contradicts it.
					prev, cur := f.Interface().(based).base(), baseOf(val)
					if prev.Raw != cur.Raw {
						errs.Add(cur.Pos, typeName, cur.Text, "contradicts %s at line %d: give the tag once", prev.Text, prev.Pos.Line)
					}
					continue
				default:
					f.Set(reflect.ValueOf(val))
				}
				n++
			}
		}
	}
	return n, kubebuilder
}

func baseOf(v any) *Tag {
	if b, ok := v.(based); ok {
		return b.base()
	}
	switch m := v.(type) {
	case ExtensionMethod:
		return &m.Tag
	case TextTag:
		return &m.Tag
	}
	return &Tag{} // unreachable: every typed tag is handled above
}

type line struct {
	text string // trimmed, starts with "+"
	pos  token.Position
}

// commentLines returns the lines of one comment that start with "+", each with
// the position of its "+", for both // and /* */ comments.
func commentLines(fset *token.FileSet, c *ast.Comment) []line {
	var body string
	switch {
	case strings.HasPrefix(c.Text, "//"):
		body = c.Text[2:]
		if !strings.HasPrefix(strings.TrimLeft(body, " \t"), "+") {
			return nil // most comments: prose, found without a position lookup
		}
	case strings.HasPrefix(c.Text, "/*"):
		body = strings.TrimSuffix(c.Text[2:], "*/")
	default:
		return nil
	}
	base := fset.Position(c.Slash)
	var out []line
	for i, raw := range strings.Split(body, "\n") {
		trimmed := strings.TrimLeft(raw, " \t")
		if !strings.HasPrefix(trimmed, "+") {
			continue
		}
		pos := base
		pos.Line += i
		if i == 0 {
			pos.Column += 2 + len(raw) - len(trimmed)
		} else {
			pos.Column = 1 + len(raw) - len(trimmed)
		}
		pos.Offset = 0 // only line and column are meaningful here
		out = append(out, line{text: strings.TrimRight(trimmed, " \t\r"), pos: pos})
	}
	return out
}

// hasTag reports whether a comment group (nil allowed) may hold a tag line,
// cheaply, so that the position lookups of commentLines are spent only there.
func hasTag(g *ast.CommentGroup) bool {
	if g == nil {
		return false
	}
	for _, c := range g.List {
		if strings.HasPrefix(c.Text, "/*") || strings.HasPrefix(strings.TrimLeft(c.Text[2:], " \t"), "+") {
			return true
		}
	}
	return false
}

// splitLine is client-gen's tag syntax (gengo's ExtractCommentTags, which
// client-gen v0.37.2 reads its tags with): the name runs from the "+" to the
// first "=", the value is the rest. Names are trimmed here, values by the
// caller.
func splitLine(text string) (name, value string, hasValue bool) {
	name, value, hasValue = strings.Cut(text[1:], "=")
	return strings.TrimSpace(name), value, hasValue
}

// parseLine parses one tag line of scope. It returns the tag's definition and
// its typed value, or ok=false for a tag that is not clientgen's or is wrong
// (reported in errs).
func parseLine(l line, scope Scope, typeName string, errs *diag.List) (*Def, any, bool) {
	name, value, hasValue := splitLine(l.text)
	for i := range registry().all {
		// A marker with arguments: +kubebuilder:resource:path=x,scope=Cluster.
		if d := &registry().all[i]; d.Value == MarkerArgs && strings.HasPrefix(name, d.Name+":") {
			at := strings.Index(l.text, d.Name+":") + len(d.Name) + 1
			name, value, hasValue = d.Name, l.text[at:], true
		}
	}
	if !owned(name, scope) {
		return nil, nil, false
	}
	pos := l.pos
	value = strings.TrimSpace(value)
	d := registry().byName[name]
	if d == nil {
		unknownTag(errs, pos, typeName, l.text, scope)
		return nil, nil, false
	}
	if d.Scope != scope {
		errs.Add(pos, typeName, l.text, "this tag belongs in a %s comment, not a %s comment", d.Scope, scope)
		return nil, nil, false
	}
	t := Tag{Pos: pos, Text: l.text, Raw: value}
	bad := func(format string, args ...any) (*Def, any, bool) {
		errs.Add(pos, typeName, l.text, format, args...)
		return nil, nil, false
	}
	switch d.Value {
	case NoValue:
		if hasValue {
			return bad("takes no value: write %s", d.Usage)
		}
	case OptionalText:
		if !hasValue {
			return bad("missing value: write %s (%s)", d.Usage, d.Help)
		}
	case Text, Bool, VerbList, MethodSpec, Enum, TextList:
		if !hasValue || value == "" {
			return bad("missing value: write %s", d.Usage)
		}
	}
	switch d.Value {
	case NoValue:
		return d, &t, true
	case Text, OptionalText:
		return d, &TextTag{Tag: t, Value: value}, true
	case Bool:
		switch value {
		case "true", "false":
			return d, &BoolTag{Tag: t, Value: value == "true"}, true
		}
		return bad("value %q is not a boolean (allowed: true, false)", value)
	case VerbList:
		verbs, msg := parseVerbs(value)
		if msg != "" {
			return bad("%s", msg)
		}
		return d, &VerbsTag{Tag: t, Verbs: verbs}, true
	case MethodSpec:
		m, msg := parseMethod(value)
		if msg != "" {
			return bad("%s", msg)
		}
		m.Tag = t
		return d, *m, true
	case Enum:
		if !slices.Contains(d.Enum, value) {
			return bad("unknown value %q (allowed: %s)", value, strings.Join(d.Enum, ", "))
		}
		return d, &EnumTag{Tag: t, Value: value}, true
	case TextList:
		return d, TextTag{Tag: t, Value: value}, true
	case MarkerArgs:
		m, msg := parseResourceMarker(value)
		if msg != "" {
			return bad("%s", msg)
		}
		m.Tag = t
		return d, m, true
	}
	return bad("unhandled value syntax") // unreachable: every ValueKind is handled above
}

func unknownTag(errs *diag.List, pos token.Position, typeName, text string, scope Scope) {
	name, _, _ := splitLine(text)
	hint := ""
	if near := nearest(name, scope); near != "" {
		hint = "did you mean +" + near + "? "
	}
	errs.Add(pos, typeName, text, "unknown tag: %s(allowed in a %s comment: %s; clientgen --help-tags explains each)", hint, scope, strings.Join(allowed(scope), ", "))
}

// nearest returns the registry name of scope closest to name when it is a
// likely misspelling (edit distance at most 3), else "".
func nearest(name string, scope Scope) string {
	return nearestWithin(name, scope, 3)
}

// nearestWithin returns the registry name of scope closest to name within
// an edit distance of maxDist (letter case ignored), else "".
func nearestWithin(name string, scope Scope, maxDist int) string {
	best, bestDist := "", maxDist+1
	for _, d := range registry().all {
		if d.Scope != scope || len(name) > len(d.Name)+maxDist || len(d.Name) > len(name)+maxDist {
			continue // the distance is at least the difference in length
		}
		if dist := editDistance(name, d.Name); dist < bestDist {
			best, bestDist = d.Name, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, ASCII letter case
// ignored. It allocates nothing for names of up to 63 bytes: every line of a
// field comment that is not a field marker asks for it.
func editDistance(a, b string) int {
	var bufs [2][64]int
	var prev, cur []int
	if len(b) < 64 {
		prev, cur = bufs[0][:len(b)+1], bufs[1][:len(b)+1]
	} else {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lower(a[i-1]) == lower(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func allowed(scope Scope) []string {
	var out []string
	for _, d := range registry().all {
		if d.Scope == scope && !d.Marker {
			if d.Value == NoValue {
				out = append(out, "+"+d.Name)
			} else {
				out = append(out, "+"+d.Name+"=...")
			}
		}
	}
	return out
}

// Help renders the registry for `clientgen --help-tags`.
func Help() string {
	var b strings.Builder
	section := func(title string, keep func(Def) bool) {
		fmt.Fprintf(&b, "%s:\n", title)
		for _, d := range registry().all {
			if !keep(d) {
				continue
			}
			if len(d.Usage) > 32 {
				fmt.Fprintf(&b, "  %s\n  %-32s %s\n", d.Usage, "", d.Help)
			} else {
				fmt.Fprintf(&b, "  %-32s %s\n", d.Usage, d.Help)
			}
		}
	}
	section("Type tags (in the type's doc comment or the block one blank line above it)", func(d Def) bool { return d.Scope == TypeScope && !d.Marker })
	section("Package tags (in the package comment, usually doc.go)", func(d Def) bool { return d.Scope == PackageScope && !d.Marker })
	section("Field markers (in a field's doc comment; listType, listMapKey, mapType and structType also on a named type's declaration): the structured-merge schema of the apply configurations", func(d Def) bool { return d.Scope == FieldScope && !d.Marker })
	section("Kubebuilder markers honoured (a conflicting +genclient tag is an error)", func(d Def) bool { return d.Marker })
	return b.String()
}
