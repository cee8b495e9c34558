package load

import (
	"bytes"
	"go/scanner"
	"go/token"
)

// blankFuncBodies returns src with the statements of every function
// declaration's body replaced by spaces, keeping newlines and comments, so
// that every remaining token and comment is at the same offset, line and
// column as in src. Nothing clientgen reads is inside a function body (it
// reads type declarations, constants, variables and comments), and bodies
// are most of a generated.pb.go or zz_generated.deepcopy.go, so parsing the
// result builds a fraction of the syntax tree.
//
// Only bodies of func declarations are blanked: from the first "{" after a
// "func" that starts a top-level declaration, other than one opening a
// struct or interface type in the signature, to its matching "}". Function
// literals in variable initializers are kept. If src does not scan cleanly
// or its brackets do not balance, it is returned as is, so that the parser
// reports the error where it is.
func blankFuncBodies(src []byte) []byte {
	var (
		out    []byte // src with the bodies blanked so far; nil until the first
		inFunc bool   // after a top-level "func", before its body
		depth  int    // nesting of (, [ and { outside bodies
		prev   token.Token
		errs   int
		sc     scanner.Scanner
		file   *token.File
		base   int // offset in src of what sc scans
	)
	fset := token.NewFileSet()
	start := func(from int) {
		base = from
		file = fset.AddFile("", fset.Base(), len(src)-from)
		sc.Init(file, src[from:], func(token.Position, string) { errs++ }, scanner.ScanComments)
	}
	start(0)
	for {
		pos, tok, _ := sc.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.FUNC:
			// A declaration, not a function literal in one: the first
			// token after a semicolon at the top level.
			if depth == 0 && prev == token.SEMICOLON {
				inFunc = true
			}
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.LBRACE:
			if !inFunc || depth != 0 || prev == token.STRUCT || prev == token.INTERFACE {
				depth++
				break
			}
			// A body: find its end without tokenizing it, blank it, and
			// scan on from its closing brace.
			open := base + file.Offset(pos)
			end, comments, ok := skipBody(src, open+1)
			if !ok {
				return src
			}
			if out == nil {
				out = bytes.Clone(src)
			}
			for i := open + 1; i < end; i++ {
				if src[i] != '\n' {
					out[i] = ' '
				}
			}
			for _, c := range comments {
				copy(out[c[0]:c[1]], src[c[0]:c[1]])
			}
			inFunc = false
			start(end + 1)
			// What follows a body at the top level is a new line (an
			// implicit semicolon) or the end of the file.
			prev = token.SEMICOLON
			continue
		case token.CONST, token.VAR, token.TYPE, token.IMPORT:
			if depth == 0 {
				inFunc = false
			}
		}
		if tok != token.COMMENT {
			prev = tok
		}
	}
	if errs > 0 || depth != 0 || out == nil {
		return src
	}
	return out
}

// skipBody finds the "}" that closes a block whose content starts at offset
// i of src, skipping strings, runes and comments, and returns its offset and
// the offsets of the comments in the block. ok is false if the block is not
// closed or a literal or comment in it is not terminated.
func skipBody(src []byte, i int) (end int, comments [][2]int, ok bool) {
	depth := 0
	for i < len(src) {
		switch c := src[i]; c {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i, comments, true
			}
			depth--
		case '"', '\'':
			// An interpreted string or a rune: to the unescaped quote,
			// on this line.
			for i++; i < len(src) && src[i] != c; i++ {
				if src[i] == '\n' {
					return 0, nil, false
				}
				if src[i] == '\\' {
					i++
				}
			}
			if i >= len(src) {
				return 0, nil, false
			}
		case '`':
			j := bytes.IndexByte(src[i+1:], '`')
			if j < 0 {
				return 0, nil, false
			}
			i += 1 + j
		case '/':
			if i+1 >= len(src) {
				break
			}
			switch src[i+1] {
			case '/':
				j := bytes.IndexByte(src[i:], '\n')
				if j < 0 {
					j = len(src) - i
				}
				comments = append(comments, [2]int{i, i + j})
				i += j - 1
			case '*':
				j := bytes.Index(src[i+2:], []byte("*/"))
				if j < 0 {
					return 0, nil, false
				}
				comments = append(comments, [2]int{i, i + 2 + j + 2})
				i += 2 + j + 1
			}
		}
		i++
	}
	return 0, nil, false
}
