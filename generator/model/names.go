package model

import (
	"go/token"
	"strings"
	"unicode"
)

// plural returns the English plural of a Go kind name (MixedCase preserved).
// It covers the regular rules; exceptions come first.
func plural(kind string, exceptions map[string]string) string {
	if p, ok := exceptions[kind]; ok {
		return p
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

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
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

// paramName is the object parameter's name: the kind with a lower first
// letter, moved off Go keywords and the other parameters' names.
func paramName(kind string) string {
	p := lowerFirst(kind)
	switch {
	case token.IsKeyword(p), p == "ctx", p == "opts", p == "name", p == "pt", p == "data", p == "subresources", p == "result", p == "err":
		return p + "Obj"
	}
	return p
}
