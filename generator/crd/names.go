package crd

import (
	"strconv"
	"strings"
	"unicode"
)

// initialisms are written in capitals in Go names: golint's list, plus the
// few that Kubernetes APIs spell that way (CABundle, PodCIDR, GRPCAction).
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true,
	"RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true,
	"TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true, "UUID": true,
	"URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true,
	"XSRF": true, "XSS": true,
	"CA": true, "CIDR": true, "GRPC": true, "JWT": true, "OIDC": true, "SCTP": true,
}

// goName turns a JSON property name (or an enum value) into an exported Go
// identifier: words split at non-alphanumerics and at lower-to-upper case
// changes, each capitalised, initialisms in capitals ("podIPs" -> "PodIPs",
// "tls-server-url" -> "TLSServerURL", "clientId" -> "ClientID"). A run of
// capitals is kept as written ("HTTPServer"). The result may be empty.
func goName(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		up := strings.ToUpper(w)
		switch {
		case initialisms[up]:
			b.WriteString(up)
		case len(w) > 1 && (w[len(w)-1] == 's') && initialisms[up[:len(up)-1]]:
			b.WriteString(up[:len(up)-1] + "s")
		default:
			r := []rune(w)
			r[0] = unicode.ToUpper(r[0])
			b.WriteString(string(r))
		}
	}
	name := b.String()
	if name != "" && !unicode.IsLetter([]rune(name)[0]) {
		name = "X" + name // "2xx" -> "X2xx"
	}
	return name
}

func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			flush()
			prev = 0
			continue
		}
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			flush()
		}
		cur = append(cur, r)
		prev = r
	}
	flush()
	return out
}

// pkgName is the Go package name of a version ("v1beta1"), or "" when the
// version has nothing to make one of.
func pkgName(version string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(version) {
		if r <= unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			b.WriteRune(r)
		}
	}
	n := b.String()
	if n == "" || !unicode.IsLetter(rune(n[0])) {
		return ""
	}
	return n
}

// scope hands out unique names: the first to ask for a name gets it, later
// ones get a numeric suffix (Foo, Foo2, Foo3). Everything asks in a
// deterministic order, so the names are the same on every run.
type scope map[string]bool

func (s scope) unique(name string) string {
	if !s[name] {
		s[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if !s[n] {
			s[n] = true
			return n
		}
	}
}
