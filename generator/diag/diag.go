// Package diag holds the positioned errors every pipeline stage reports. Errors
// are collected, not returned one at a time, so a user fixes a whole run's
// problems at once; they print sorted by file, line and column.
package diag

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strings"
)

// Error is one problem with the input: where it is, which type and tag it
// concerns, what is wrong and (in Msg) what is allowed instead.
type Error struct {
	Pos  token.Position // Filename is relative to the working directory when possible
	Type string         // the Go type concerned, "" for package-level problems
	Tag  string         // the tag text as written, e.g. "+genclient:nonNamspaced"
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Pos.IsValid() {
		b.WriteString(e.Pos.String())
		b.WriteString(": ")
	}
	if e.Type != "" {
		b.WriteString(e.Type)
		b.WriteString(": ")
	}
	if e.Tag != "" {
		b.WriteString(e.Tag)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// List is a set of errors from one run. A nil or empty List is no error.
type List []*Error

// Add appends an error built from its parts.
func (l *List) Add(pos token.Position, typ, tag, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Type: typ, Tag: tag, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the errors by file, line, column, then message.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.Filename, b.Pos.Filename),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
			cmp.Compare(a.Error(), b.Error()),
		)
	})
}

// Err returns l sorted as an error, or nil when l is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
