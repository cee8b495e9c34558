// Package pathseg holds the apiserver's rule for names that become URL path
// segments (namespaces, names, subresources), shared by runtime/rest and
// runtime/dynamic. apimachinery has it as content.IsPathSegmentName from
// v0.36 on; the oldest apimachinery the runtime supports (v0.34) has only a
// form deprecated since, so the rule is spelt out here.
package pathseg

import (
	"fmt"
	"strings"
)

// Problems says what is wrong with name as a path segment, or nothing: it
// may not be "." or "..", and may contain neither "/" nor "%". As the
// apiserver's rule, it accepts the empty name; callers decide about that.
func Problems(name string) []string {
	if name == "." || name == ".." {
		return []string{fmt.Sprintf("may not be '%s'", name)}
	}
	var msgs []string
	for _, bad := range []string{"/", "%"} {
		if strings.Contains(name, bad) {
			msgs = append(msgs, fmt.Sprintf("may not contain '%s'", bad))
		}
	}
	return msgs
}
