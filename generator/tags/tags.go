// Package tags parses clientgen's comment tags (+genclient, +groupName, ...)
// out of Go comments. One registry drives parsing, the unknown-tag error and
// `clientgen --help-tags`, so the three can never disagree.
package tags

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"github.com/clientgen/clientgen/generator/diag"
)

// Scope says where a tag may appear.
type Scope int

const (
	// TypeScope tags sit in a type's doc comment (or the block one blank line above it).
	TypeScope Scope = iota
	// PackageScope tags sit in the package comment, usually in doc.go.
	PackageScope
)

func (s Scope) String() string {
	if s == PackageScope {
		return "package"
	}
	return "type"
}

// Def describes one tag clientgen understands.
type Def struct {
	Name     string // without the leading "+", e.g. "genclient:nonNamespaced"
	Scope    Scope
	HasValue bool   // written as +name=value
	Value    string // placeholder for --help-tags, e.g. "<group>"
	Help     string // one line
}

// Usage is the tag as a user writes it, e.g. "+groupName=<group>".
func (d Def) Usage() string {
	if d.HasValue {
		return "+" + d.Name + "=" + d.Value
	}
	return "+" + d.Name
}

// Registry returns every tag clientgen understands, in --help-tags order.
func Registry() []Def {
	return []Def{
		{Name: "genclient", Scope: TypeScope, Help: "generate a typed client for this type (its <Kind>List must exist)"},
		{Name: "genclient:nonNamespaced", Scope: TypeScope, Help: "the resource is cluster-scoped: its getter takes no namespace"},
		{Name: "genclient:noStatus", Scope: TypeScope, Help: "do not generate UpdateStatus even though the type has a Status field"},
		{Name: "groupName", Scope: PackageScope, HasValue: true, Value: "<group>", Help: "the API group served by this package, e.g. example.com (required)"},
		{Name: "groupGoName", Scope: PackageScope, HasValue: true, Value: "<GoName>", Help: "the group's name in Go identifiers, e.g. Example for ExampleV1() (default: first DNS label of the group)"},
	}
}

// Tag is one parsed tag occurrence.
type Tag struct {
	Name  string // registry name
	Value string // "" when the tag has no value
	Text  string // the tag as written, for error messages
	Pos   token.Position
}

// Set is the tags found in one comment scope, in source order.
type Set []Tag

// Has reports whether the tag name is present.
func (s Set) Has(name string) bool {
	_, ok := s.Get(name)
	return ok
}

// Get returns the first tag with the given name.
func (s Set) Get(name string) (Tag, bool) {
	for _, t := range s {
		if t.Name == name {
			return t, true
		}
	}
	return Tag{}, false
}

// owned reports whether a tag name belongs to clientgen, so that tags of other
// tools (+k8s:deepcopy-gen, +kubebuilder:..., +optional) pass silently while a
// misspelt +genclient:... tag is an error.
func owned(name string, scope Scope) bool {
	if name == "genclient" || strings.HasPrefix(name, "genclient:") {
		return true
	}
	if scope == PackageScope {
		return name == "groupName" || name == "groupGoName"
	}
	return false
}

// Parse extracts the tags of one scope from comment groups. typeName labels
// errors ("" for package scope). Unknown or malformed tags clientgen owns are
// reported in errs.
func Parse(fset *token.FileSet, scope Scope, typeName string, groups []*ast.CommentGroup, errs *diag.List) Set {
	var set Set
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			for _, line := range commentLines(fset, c) {
				if t, ok := parseLine(line, scope, typeName, errs); ok {
					set = append(set, t)
				}
			}
		}
	}
	return set
}

type line struct {
	text string // trimmed, starts with "+"
	pos  token.Position
}

// commentLines returns the lines of one comment that start with "+", each with
// the position of its "+", for both // and /* */ comments.
func commentLines(fset *token.FileSet, c *ast.Comment) []line {
	base := fset.Position(c.Slash)
	var body string
	switch {
	case strings.HasPrefix(c.Text, "//"):
		body = c.Text[2:]
	case strings.HasPrefix(c.Text, "/*"):
		body = strings.TrimSuffix(c.Text[2:], "*/")
	default:
		return nil
	}
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

func parseLine(l line, scope Scope, typeName string, errs *diag.List) (Tag, bool) {
	name, value, hasValue := strings.Cut(l.text[1:], "=")
	name = strings.TrimSpace(name)
	if !owned(name, scope) {
		return Tag{}, false
	}
	pos := l.pos
	for _, d := range Registry() {
		if d.Name != name {
			continue
		}
		if d.Scope != scope {
			errs.Add(pos, typeName, l.text, "this tag belongs in a %s comment, not a %s comment", d.Scope, scope)
			return Tag{}, false
		}
		switch {
		case d.HasValue && (!hasValue || strings.TrimSpace(value) == ""):
			errs.Add(pos, typeName, l.text, "missing value: write %s", d.Usage())
			return Tag{}, false
		case !d.HasValue && hasValue:
			errs.Add(pos, typeName, l.text, "takes no value: write %s", d.Usage())
			return Tag{}, false
		}
		return Tag{Name: name, Value: strings.TrimSpace(value), Text: l.text, Pos: pos}, true
	}
	errs.Add(pos, typeName, l.text, "unknown tag (allowed in a %s comment: %s)", scope, strings.Join(allowed(scope), ", "))
	return Tag{}, false
}

func allowed(scope Scope) []string {
	var out []string
	for _, d := range Registry() {
		if d.Scope == scope {
			out = append(out, d.Usage())
		}
	}
	return out
}

// Help renders the registry for `clientgen --help-tags`.
func Help() string {
	var b strings.Builder
	for _, scope := range []Scope{TypeScope, PackageScope} {
		fmt.Fprintf(&b, "%s tags:\n", strings.ToUpper(scope.String()[:1])+scope.String()[1:])
		for _, d := range Registry() {
			if d.Scope == scope {
				fmt.Fprintf(&b, "  %-28s %s\n", d.Usage(), d.Help)
			}
		}
	}
	return b.String()
}
