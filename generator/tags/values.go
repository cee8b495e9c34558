package tags

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
)

// The value syntaxes of the typed tags, each checked against what is
// allowed, with a message naming it.

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

func parseVerbs(value string) ([]string, string) {
	var verbs []string
	for _, v := range strings.Split(value, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil, fmt.Sprintf("empty verb in %q (allowed: %s)", value, strings.Join(StandardVerbs, ", "))
		}
		if !slices.Contains(StandardVerbs, v) {
			return nil, fmt.Sprintf("unknown verb %q (allowed: %s)", v, strings.Join(StandardVerbs, ", "))
		}
		verbs = append(verbs, v)
	}
	return verbs, ""
}

func parseMethod(value string) (*ExtensionMethod, string) {
	parts := strings.Split(value, ",")
	m := &ExtensionMethod{Name: strings.TrimSpace(parts[0])}
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
		if !slices.Contains(keys, key) {
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
	if !slices.Contains(MethodVerbs, m.Verb) {
		return nil, fmt.Sprintf("verb %q is not supported for an extension method (allowed: %s)", m.Verb, strings.Join(MethodVerbs, ", "))
	}
	for _, k := range methodKeys {
		if seen[k.key] && k.verbs != nil && !slices.Contains(k.verbs, m.Verb) {
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

// parseResourceMarker reads +kubebuilder:resource's key=value,... arguments
// as controller-gen writes them: values may be lists written with ';' or in
// braces. path and scope are checked, since they shape the client; the
// other arguments are controller-gen's business.
func parseResourceMarker(value string) (*ResourceMarker, string) {
	args, msg := parseMarkerArgs(value)
	if msg != "" {
		return nil, msg
	}
	m := &ResourceMarker{Args: args}
	if p, ok := args["path"]; ok {
		if !IsResourceName(p) {
			return nil, fmt.Sprintf("path=%s is not a resource name: use the lower-case plural of the URL path, e.g. widgets", p)
		}
		m.Path = p
	}
	if s, ok := args["scope"]; ok {
		if s != "Cluster" && s != "Namespaced" {
			return nil, fmt.Sprintf("scope=%s: unknown scope (allowed: Cluster, Namespaced)", s)
		}
		m.Scope = s
	}
	if s, ok := args["shortName"]; ok {
		for _, n := range strings.FieldsFunc(strings.Trim(s, "{}"), func(r rune) bool { return r == ',' || r == ';' }) {
			if n = strings.Trim(strings.TrimSpace(n), `"`); n != "" {
				m.ShortNames = append(m.ShortNames, n)
			}
		}
	}
	return m, ""
}

// parseMarkerArgs reads kubebuilder's key=value,... arguments; values may be
// lists written with ';' or in braces.
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
