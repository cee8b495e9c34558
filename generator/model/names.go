package model

import (
	"go/token"
	"strings"
	"unicode"
)

// plural returns the English plural of a Go kind name (MixedCase preserved):
// Policy -> Policies, Status -> Statuses, Quiz -> Quizzes, Box -> Boxes,
// Chef -> Chefs, Safe -> Safes, Gateway -> Gateways. Exceptions come first;
// their value may be written in lower case (Kind:plural).
func plural(kind string, exceptions map[string]string) string {
	if p, ok := exceptions[kind]; ok {
		return upperFirst(p)
	}
	lower := strings.ToLower(kind)
	switch {
	case strings.HasSuffix(lower, "quiz"):
		return kind + "zes"
	case strings.HasSuffix(lower, "s"), strings.HasSuffix(lower, "x"), strings.HasSuffix(lower, "z"),
		strings.HasSuffix(lower, "ch"), strings.HasSuffix(lower, "sh"):
		return kind + "es"
	case strings.HasSuffix(lower, "y") && len(lower) > 1 && !strings.ContainsRune("aeiou", rune(lower[len(lower)-2])):
		return kind[:len(kind)-1] + "ies"
	}
	return kind + "s"
}

// defaultPluralExceptions are kinds whose resource name is not the regular
// plural; Endpoints is already plural.
func defaultPluralExceptions() map[string]string {
	return map[string]string{"Endpoints": "Endpoints"}
}

// upperFirst and lowerFirst change the case of the first letter only.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lowerFirst lowers the first letter, or a leading acronym as Go style
// writes it: "ClusterPolicy" -> "clusterPolicy", "HTTPRoute" -> "httpRoute",
// "CSIDriver" -> "csiDriver", "URL" -> "url".
func lowerFirst(s string) string {
	r := []rune(s)
	n := 0
	for n < len(r) && unicode.IsUpper(r[n]) {
		n++
	}
	switch {
	case n == 0:
		return s
	case n > 1 && n < len(r) && unicode.IsLower(r[n]):
		n-- // the last capital starts the next word: HTTPRoute -> http + Route
	}
	for i := 0; i < n; i++ {
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}

// goName turns a DNS label or version into an exported Go identifier part:
// "hyphen-group" -> "HyphenGroup", "v1beta1" -> "V1beta1".
func goName(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			b.WriteRune(unicode.ToUpper(r))
			up = false
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// paramName is an object parameter's name: the type with a lower first
// letter, moved off Go keywords, predeclared identifiers and the other
// parameters' names.
func paramName(kind string) string {
	p := lowerFirst(kind)
	switch p {
	case "ctx", "opts", "options", "name", "pt", "data", "subresources", "result", "err", "c", "b", "listOpts", "namespace",
		"context", "types", "watch", "typed", "scheme", "rest", "metav1", "runtime", "schema", "http",
		"string", "error", "bool", "byte", "rune", "int", "any", "len", "cap", "new", "make", "append", "copy", "delete", "panic", "nil", "true", "false":
		return p + "Obj"
	}
	if token.IsKeyword(p) {
		return p + "Obj"
	}
	return p
}

// structName is the unexported client struct of a kind: its plural with a
// lower first letter, moved off the package names its file imports (a kind
// Type would otherwise declare a struct types that hides package types).
func structName(pluralGo string) string {
	n := lowerFirst(pluralGo)
	switch n {
	case "context", "types", "watch", "typed", "scheme", "rest", "metav1", "runtime", "schema", "http", "fmt":
		return n + "Client"
	}
	if token.IsKeyword(n) {
		return n + "Client"
	}
	return n
}

// pluralFromResource names a kind's plural after the resource name a marker
// declares, in the kind's casing where the two agree: Person, people ->
// People; Medium, media -> Media; BackupRepo, backuprepoes -> BackupRepoes.
// It is false when the resource cannot be part of a Go identifier
// (foo-bars), so that the English rule applies.
func pluralFromResource(kind, resource string) (string, bool) {
	lower := strings.ToLower(kind)
	n := 0
	for len(lower) == len(kind) && n < len(lower) && n < len(resource) && lower[n] == resource[n] {
		n++
	}
	p := kind[:n] + resource[n:]
	if n == 0 {
		p = upperFirst(resource)
	}
	if !token.IsIdentifier(p) {
		return "", false
	}
	return p, true
}
