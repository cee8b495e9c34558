// Package tags parses clientgen's comment tags (+genclient, +groupName, ...)
// and the kubebuilder markers it honours out of Go comments. One registry
// drives parsing, the unknown-tag error and `clientgen --help-tags`, so the
// three can never disagree.
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

// ValueKind says what follows the tag's "=".
type ValueKind int

const (
	// NoValue: the tag is written alone, e.g. +genclient:noStatus.
	NoValue ValueKind = iota
	// Text: any non-empty text, e.g. +groupGoName=Example.
	Text
	// OptionalText: text that may be empty, e.g. +groupName= (the core group).
	OptionalText
	// Bool: true or false, e.g. +k8s:client-gen=false.
	Bool
	// VerbList: a comma-separated list of standard verbs.
	VerbList
	// MethodSpec: Name,verb=...[,subresource=...][,input=...][,result=...].
	MethodSpec
	// MarkerArgs: kubebuilder's key=value,key=value arguments.
	MarkerArgs
)

// Def describes one tag clientgen understands.
type Def struct {
	Name       string // without the leading "+", e.g. "genclient:nonNamespaced"
	Scope      Scope
	Value      ValueKind
	Usage      string // as a user writes it, e.g. "+groupName=<group>"
	Help       string // one line
	Repeatable bool   // may appear several times with different values
	Marker     bool   // a kubebuilder marker clientgen honours; other +kubebuilder: markers pass silently
}

// StandardVerbs are the verbs of a generated client, in the order client-gen
// declares their methods.
var StandardVerbs = []string{"create", "update", "updateStatus", "delete", "deleteCollection", "get", "list", "watch", "patch", "apply", "applyStatus"}

// ReadonlyVerbs are the verbs +genclient:readonly keeps.
var ReadonlyVerbs = []string{"get", "list", "watch"}

// MethodVerbs are the verbs a +genclient:method extension may have.
var MethodVerbs = []string{"get", "list", "create", "update", "patch", "apply"}

// methodKeys are the keys after the method name, with the verbs each allows.
var methodKeys = []struct {
	key   string
	verbs []string // nil: every method verb
}{
	{"verb", nil},
	{"subresource", nil},
	{"input", []string{"create", "update", "apply"}},
	{"result", []string{"get", "list", "create", "update", "patch", "apply"}},
}

// Registry returns every tag clientgen understands, in --help-tags order.
func Registry() []Def {
	return []Def{
		{Name: "genclient", Scope: TypeScope, Usage: "+genclient", Help: "generate a typed client for this type (it must embed metav1.ObjectMeta)"},
		{Name: "genclient:nonNamespaced", Scope: TypeScope, Usage: "+genclient:nonNamespaced", Help: "the resource is cluster-scoped: its getter takes no namespace"},
		{Name: "genclient:noVerbs", Scope: TypeScope, Usage: "+genclient:noVerbs", Help: "generate the client without any verb (expansion methods only)"},
		{Name: "genclient:noStatus", Scope: TypeScope, Usage: "+genclient:noStatus", Help: "no UpdateStatus/ApplyStatus even though the type has a Status field"},
		{Name: "genclient:readonly", Scope: TypeScope, Usage: "+genclient:readonly", Help: "only get, list and watch (combines with onlyVerbs)"},
		{Name: "genclient:onlyVerbs", Scope: TypeScope, Value: VerbList, Usage: "+genclient:onlyVerbs=<verb>,...", Help: "only these verbs: " + strings.Join(StandardVerbs, ", ")},
		{Name: "genclient:skipVerbs", Scope: TypeScope, Value: VerbList, Usage: "+genclient:skipVerbs=<verb>,...", Help: "all verbs but these"},
		{Name: "genclient:method", Scope: TypeScope, Value: MethodSpec, Repeatable: true,
			Usage: "+genclient:method=<Name>,verb=<verb>[,subresource=<path>][,input=<pkg.Type>][,result=<pkg.Type>]",
			Help:  "an extra method, e.g. GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale; verb is one of " + strings.Join(MethodVerbs, ", ") + "; input only for create, update, apply"},
		{Name: "resourceName", Scope: TypeScope, Value: Text, Usage: "+resourceName=<plural>", Help: "the resource's URL name when it is not the lower-case English plural of the kind"},
		{Name: "kubebuilder:resource", Scope: TypeScope, Value: MarkerArgs, Marker: true, Usage: "+kubebuilder:resource:path=<plural>,scope=Cluster|Namespaced", Help: "path is the resource name; scope=Cluster makes the client cluster-scoped (other arguments are controller-gen's)"},
		{Name: "kubebuilder:subresource:status", Scope: TypeScope, Marker: true, Usage: "+kubebuilder:subresource:status", Help: "the status subresource exists: generate UpdateStatus and ApplyStatus"},
		{Name: "groupName", Scope: PackageScope, Value: OptionalText, Usage: "+groupName=<group>", Help: "the API group served by this package, e.g. example.com; empty for the core group (required)"},
		{Name: "groupGoName", Scope: PackageScope, Value: Text, Usage: "+groupGoName=<GoName>", Help: "the group's name in Go identifiers, e.g. Example for ExampleV1() (default: first DNS label of the group)"},
		{Name: "k8s:client-gen", Scope: PackageScope, Value: Bool, Usage: "+k8s:client-gen=false", Help: "generate no client for this package even though it is an input"},
	}
}

// Method is a parsed +genclient:method tag.
type Method struct {
	Name        string  // the Go method name, e.g. "GetScale"
	Verb        string  // one of MethodVerbs
	Subresource string  // "" for the object itself
	Input       TypeRef // zero: the kind itself
	Result      TypeRef // zero: the kind itself
}

// TypeRef is a type named in a tag: Name alone (a type of the same package)
// or PkgPath.Name.
type TypeRef struct {
	PkgPath string
	Name    string
}

// IsZero reports whether the tag named no type.
func (r TypeRef) IsZero() bool { return r.Name == "" }

// Tag is one parsed tag occurrence.
type Tag struct {
	Name  string // registry name
	Value string // "" when the tag has no value
	Text  string // the tag as written, for error messages
	Pos   token.Position

	Verbs  []string          // VerbList tags
	Method *Method           // MethodSpec tags
	Args   map[string]string // MarkerArgs tags
	Bool   bool              // Bool tags
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

// All returns every tag with the given name, in source order.
func (s Set) All(name string) []Tag {
	var out []Tag
	for _, t := range s {
		if t.Name == name {
			out = append(out, t)
		}
	}
	return out
}

// owned reports whether a tag name belongs to clientgen, so that tags of other
// tools (+k8s:deepcopy-gen, +kubebuilder:printcolumn, +optional) pass silently
// while a misspelt +genclient:... tag is an error.
func owned(name string, scope Scope) bool {
	if name == "genclient" || strings.HasPrefix(name, "genclient:") {
		return true
	}
	switch name {
	case "groupName", "groupGoName":
		return true // in a type comment: reported as misplaced
	case "k8s:client-gen":
		return scope == PackageScope
	case "resourceName", "kubebuilder:resource", "kubebuilder:subresource:status":
		return scope == TypeScope
	}
	return false
}

// Parse extracts the tags of one scope from comment groups. typeName labels
// errors ("" for package scope). Unknown or malformed tags clientgen owns are
// reported in errs; it never panics, whatever the comment holds.
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
	checkRepeats(set, typeName, errs)
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

const resourceMarker = "kubebuilder:resource:"

func parseLine(l line, scope Scope, typeName string, errs *diag.List) (Tag, bool) {
	name, value, hasValue := strings.Cut(l.text[1:], "=")
	name = strings.TrimSpace(name)
	if strings.HasPrefix(name, resourceMarker) {
		// +kubebuilder:resource:path=x,scope=Cluster: the arguments follow the colon.
		name, value, hasValue = "kubebuilder:resource", l.text[1+len(resourceMarker):], true
	}
	if !owned(name, scope) {
		return Tag{}, false
	}
	pos := l.pos
	value = strings.TrimSpace(value)
	for _, d := range Registry() {
		if d.Name != name {
			continue
		}
		if d.Scope != scope {
			errs.Add(pos, typeName, l.text, "this tag belongs in a %s comment, not a %s comment", d.Scope, scope)
			return Tag{}, false
		}
		t := Tag{Name: name, Value: value, Text: l.text, Pos: pos}
		bad := func(format string, args ...any) (Tag, bool) {
			errs.Add(pos, typeName, l.text, format, args...)
			return Tag{}, false
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
		case Text, Bool, VerbList, MethodSpec:
			if !hasValue || value == "" {
				return bad("missing value: write %s", d.Usage)
			}
		}
		switch d.Value {
		case Bool:
			switch value {
			case "true":
				t.Bool = true
			case "false":
			default:
				return bad("value %q is not a boolean (allowed: true, false)", value)
			}
		case VerbList:
			verbs, msg := parseVerbs(value)
			if msg != "" {
				return bad("%s", msg)
			}
			t.Verbs = verbs
		case MethodSpec:
			m, msg := parseMethod(value)
			if msg != "" {
				return bad("%s", msg)
			}
			t.Method = m
		case MarkerArgs:
			args, msg := parseMarkerArgs(value)
			if msg != "" {
				return bad("%s", msg)
			}
			t.Args = args
		}
		return t, true
	}
	return unknownTag(errs, pos, typeName, l.text, scope)
}

func unknownTag(errs *diag.List, pos token.Position, typeName, text string, scope Scope) (Tag, bool) {
	name, _, _ := strings.Cut(text[1:], "=")
	hint := ""
	if near := nearest(strings.TrimSpace(name), scope); near != "" {
		hint = "did you mean +" + near + "? "
	}
	errs.Add(pos, typeName, text, "unknown tag: %s(allowed in a %s comment: %s; clientgen --help-tags explains each)", hint, scope, strings.Join(allowed(scope), ", "))
	return Tag{}, false
}

// nearest returns the registry name of scope closest to name when it is a
// likely misspelling (edit distance at most 3), else "".
func nearest(name string, scope Scope) string {
	best, bestDist := "", 4
	for _, d := range Registry() {
		if d.Scope != scope {
			continue
		}
		if dist := editDistance(strings.ToLower(name), strings.ToLower(d.Name)); dist < bestDist {
			best, bestDist = d.Name, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkRepeats reports a tag that is given twice with different values where
// only one can count.
func checkRepeats(set Set, typeName string, errs *diag.List) {
	defs := map[string]Def{}
	for _, d := range Registry() {
		defs[d.Name] = d
	}
	first := map[string]Tag{}
	for _, t := range set {
		if defs[t.Name].Repeatable {
			continue
		}
		prev, seen := first[t.Name]
		if !seen {
			first[t.Name] = t
			continue
		}
		if prev.Value != t.Value {
			errs.Add(t.Pos, typeName, t.Text, "contradicts %s at line %d: give the tag once", prev.Text, prev.Pos.Line)
		}
	}
}

func parseVerbs(value string) ([]string, string) {
	var verbs []string
	for _, v := range strings.Split(value, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil, fmt.Sprintf("empty verb in %q (allowed: %s)", value, strings.Join(StandardVerbs, ", "))
		}
		if !contains(StandardVerbs, v) {
			return nil, fmt.Sprintf("unknown verb %q (allowed: %s)", v, strings.Join(StandardVerbs, ", "))
		}
		verbs = append(verbs, v)
	}
	return verbs, ""
}

func parseMethod(value string) (*Method, string) {
	parts := strings.Split(value, ",")
	m := &Method{Name: strings.TrimSpace(parts[0])}
	if m.Name == "" || strings.Contains(m.Name, "=") {
		return nil, "the value must start with the method name: write +genclient:method=<Name>,verb=<verb>"
	}
	if !token.IsIdentifier(m.Name) || !token.IsExported(m.Name) {
		return nil, fmt.Sprintf("method name %q is not an exported Go identifier (e.g. GetScale)", m.Name)
	}
	seen := map[string]bool{}
	var keys []string
	for _, k := range methodKeys {
		keys = append(keys, k.key)
	}
	for _, p := range parts[1:] {
		key, val, ok := strings.Cut(p, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !ok || key == "" {
			return nil, fmt.Sprintf("%q is not key=value (allowed keys: %s)", p, strings.Join(keys, ", "))
		}
		if !contains(keys, key) {
			return nil, fmt.Sprintf("unknown key %q (allowed keys: %s)", key, strings.Join(keys, ", "))
		}
		if seen[key] {
			return nil, fmt.Sprintf("key %q is given twice", key)
		}
		seen[key] = true
		if val == "" {
			return nil, fmt.Sprintf("empty value of %q", key)
		}
		switch key {
		case "verb":
			m.Verb = val
		case "subresource":
			if strings.ContainsAny(val, "/?#% \t") {
				return nil, fmt.Sprintf("subresource %q is not one path segment (e.g. scale, status)", val)
			}
			m.Subresource = val
		case "input", "result":
			ref, msg := parseTypeRef(val)
			if msg != "" {
				return nil, fmt.Sprintf("%s=%s: %s", key, val, msg)
			}
			if key == "input" {
				m.Input = ref
			} else {
				m.Result = ref
			}
		}
	}
	if m.Verb == "" {
		return nil, fmt.Sprintf("no verb: write +genclient:method=%s,verb=<verb> (one of %s)", m.Name, strings.Join(MethodVerbs, ", "))
	}
	if !contains(MethodVerbs, m.Verb) {
		return nil, fmt.Sprintf("verb %q is not supported for an extension method (allowed: %s)", m.Verb, strings.Join(MethodVerbs, ", "))
	}
	for _, k := range methodKeys {
		if seen[k.key] && k.verbs != nil && !contains(k.verbs, m.Verb) {
			return nil, fmt.Sprintf("%s is not supported for verb=%s (only for: %s)", k.key, m.Verb, strings.Join(k.verbs, ", "))
		}
	}
	return m, ""
}

// parseTypeRef reads "Type" or "import/path.Type".
func parseTypeRef(s string) (TypeRef, string) {
	const want = "want Type (of this package) or an import path and type such as k8s.io/api/autoscaling/v1.Scale"
	i := strings.LastIndex(s, ".")
	ref := TypeRef{Name: s}
	if i >= 0 {
		ref = TypeRef{PkgPath: s[:i], Name: s[i+1:]}
		if ref.PkgPath == "" || strings.ContainsAny(ref.PkgPath, " \t\\\"") || strings.HasSuffix(ref.PkgPath, "/") {
			return TypeRef{}, want
		}
	}
	if !token.IsIdentifier(ref.Name) || !token.IsExported(ref.Name) {
		return TypeRef{}, want
	}
	return ref, ""
}

// parseMarkerArgs reads kubebuilder's key=value,... arguments; values may be
// lists written with ';' or in braces, which clientgen does not look into.
func parseMarkerArgs(value string) (map[string]string, string) {
	args := map[string]string{}
	if value == "" {
		return args, ""
	}
	depth, start := 0, 0
	var parts []string
	for i, r := range value {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, value[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, value[start:])
	for _, p := range parts {
		key, val, ok := strings.Cut(p, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, fmt.Sprintf("argument %q is not key=value", p)
		}
		args[key] = strings.Trim(strings.TrimSpace(val), `"`)
	}
	return args, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func allowed(scope Scope) []string {
	var out []string
	for _, d := range Registry() {
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
		for _, d := range Registry() {
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
	section("Kubebuilder markers honoured (a conflicting +genclient tag is an error)", func(d Def) bool { return d.Marker })
	return b.String()
}
