// Package templates holds the prose clientgen writes into generated files: the
// "Code generated" banner and package documentation. It holds no Go syntax;
// all code is built with jennifer in generator/render.
package templates

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed banner.txt
var banner string

//go:embed docs.txt
var docs string

// Banner is the line every generated file starts with (after any licence
// header). It matches the `^// Code generated .* DO NOT EDIT\.$` convention
// that Go tools use to recognise generated code.
func Banner() string { return strings.TrimSpace(banner) }

// Doc returns the package documentation of the given kind of package
// ("clientset", "scheme" or "typed") with args substituted.
func Doc(kind string, args ...any) string {
	for _, line := range strings.Split(docs, "\n") {
		if k, text, ok := strings.Cut(line, ": "); ok && k == kind {
			return fmt.Sprintf(text, args...)
		}
	}
	panic("templates: no doc text for " + kind) // a programming error, not user input
}
