package compare

// The seeded generator of kubeconfig variants for
// TestRESTDiffKubeconfigLoadingMatchesClientGo. Files are written with
// placeholders ({{TLS}}, {{DIR}}, ...) that rdMaterialize replaces with the
// loopback servers and the case directory, so a failing case prints as a
// self-contained reproducer.

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// rdKubeCase is one kubeconfig loading scenario.
type rdKubeCase struct {
	name string
	// files maps a path relative to the case directory to its content.
	files map[string]string
	// kubeconfigEnv is $KUBECONFIG's entries ("" leaves it unset); entries
	// starting with "rel:" are made relative to the test's working
	// directory.
	kubeconfigEnv []string
	// explicit is --kubeconfig (LoadOptions.Kubeconfig, ExplicitPath).
	explicit string
	// home, when set, is $HOME relative to the case directory (client-go's
	// ~/.kube/config is given to it as its precedence, since client-go
	// fixes the home directory at init).
	home string
	opts rdOverrides
	// buildFromFlags compares BuildConfigFromFlags(opts.Server, explicit)
	// instead of kubectl-style loading.
	buildFromFlags bool
}

type rdOverrides struct {
	Context, Cluster, User, Namespace, Server string
}

// A small tree that renders as block YAML or as JSON (flow) text.
type (
	rdKV struct {
		K string
		V any // string (quoted), rdRaw (as written), bool, rdMap, []any
	}
	rdMap []rdKV
	rdRaw string
)

func rdRenderYAML(m rdMap) string {
	var b strings.Builder
	rdYAMLMap(&b, m, 0, false)
	return b.String()
}

func rdYAMLMap(b *strings.Builder, m rdMap, indent int, inline bool) {
	for i, kv := range m {
		if !(inline && i == 0) {
			b.WriteString(strings.Repeat(" ", indent))
		}
		b.WriteString(kv.K + ":")
		rdYAMLValue(b, kv.V, indent)
	}
}

func rdYAMLValue(b *strings.Builder, v any, indent int) {
	switch v := v.(type) {
	case rdMap:
		if len(v) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteString("\n")
		rdYAMLMap(b, v, indent+2, false)
	case []any:
		if len(v) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteString("\n")
		for _, item := range v {
			b.WriteString(strings.Repeat(" ", indent) + "-")
			if m, ok := item.(rdMap); ok && len(m) > 0 {
				b.WriteString(" ")
				rdYAMLMap(b, m, indent+2, true)
				continue
			}
			rdYAMLValue(b, item, indent+2)
		}
	default:
		b.WriteString(" " + rdScalar(v) + "\n")
	}
}

func rdScalar(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case rdRaw:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	panic(fmt.Sprintf("rdScalar: %T", v))
}

func rdRenderJSON(v any) string {
	switch v := v.(type) {
	case rdMap:
		parts := make([]string, len(v))
		for i, kv := range v {
			parts[i] = strconv.Quote(kv.K) + ": " + rdRenderJSON(kv.V)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, item := range v {
			parts[i] = rdRenderJSON(item)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return rdScalar(v)
}

// rdGen draws random kubeconfig cases from a seeded source.
type rdGen struct {
	r *rand.Rand
}

// pick returns one of the choices with the given weights.
func (g *rdGen) pick(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (g *rdGen) chance(percent int) bool { return g.r.IntN(100) < percent }

func (g *rdGen) word(prefix string) string { return fmt.Sprintf("%s%d", prefix, g.r.IntN(1000)) }

var (
	rdClusterNames = []string{"c1", "c2", "shared"}
	rdUserNames    = []string{"u1", "u2", "shared"}
	rdContextNames = []string{"x1", "x2", "y"}
)

// name renders a name, sometimes as an unquoted YAML 1.1 scalar.
func (g *rdGen) name(n string) any {
	if n == "y" && g.chance(50) {
		return rdRaw("y")
	}
	return n
}

func (g *rdGen) cluster(files map[string]string, sub string) rdMap {
	var c rdMap
	switch g.pick(45, 10, 12, 5, 3, 3, 3, 4, 2, 3, 2) {
	case 0:
		c = append(c, rdKV{"server", "{{TLS}}"})
	case 1:
		c = append(c, rdKV{"server", "{{LOCALHOST}}"})
	case 2:
		c = append(c, rdKV{"server", "{{HTTP}}"})
	case 3:
		c = append(c, rdKV{"server", "{{TLS}}/prefix"})
	case 4:
		c = append(c, rdKV{"server", "{{TLS}}/prefix?x=1"})
	case 5:
		c = append(c, rdKV{"server", "{{TLSUSERINFO}}"})
	case 6:
		c = append(c, rdKV{"server", "{{TLSHOSTPORT}}"})
	case 7: // no server
	case 8:
		c = append(c, rdKV{"server", "https://127.0.0.1:1"})
	case 9:
		c = append(c, rdKV{"server", "{{REDIRECT_OTHER}}"})
	case 10:
		c = append(c, rdKV{"server", "{{REDIRECT_SAMEHOST}}"})
	}
	switch g.pick(15, 30, 18, 10, 4, 4, 4, 3, 2) {
	case 0: // none
	case 1:
		c = append(c, rdKV{"certificate-authority-data", "{{CADATA}}"})
	case 2:
		c = append(c, rdKV{"certificate-authority", "{{DIR}}/ca.crt"})
	case 3:
		c = append(c, rdKV{"certificate-authority", rdRel(sub, "ca.crt")})
	case 4:
		c = append(c, rdKV{"certificate-authority", "{{DIR}}/missing-ca.crt"})
	case 5:
		c = append(c, rdKV{"certificate-authority", "~/ca.crt"})
	case 6:
		c = append(c, rdKV{"certificate-authority", "{{DIR}}/ca.crt"}, rdKV{"certificate-authority-data", "{{CADATA}}"})
	case 7:
		files["empty-ca.crt"] = ""
		c = append(c, rdKV{"certificate-authority", "{{DIR}}/empty-ca.crt"})
	case 8:
		c = append(c, rdKV{"certificate-authority-data", "bm90IGEgY2VydA"}) // unpadded base64
	}
	switch g.pick(88, 7, 2, 2, 1) {
	case 1:
		c = append(c, rdKV{"insecure-skip-tls-verify", true})
	case 2:
		c = append(c, rdKV{"insecure-skip-tls-verify", rdRaw("yes")})
	case 3:
		c = append(c, rdKV{"insecure-skip-tls-verify", "true"}) // a string, not a bool
	case 4:
		c = append(c, rdKV{"Insecure-Skip-TLS-Verify", true})
	}
	switch g.pick(80, 8, 4, 8) {
	case 1:
		c = append(c, rdKV{"tls-server-name", "kubernetes.example"})
	case 2:
		c = append(c, rdKV{"tls-server-name", "localhost"})
	case 3:
		c = append(c, rdKV{"tls-server-name", "wrong.example"})
	}
	switch g.pick(86, 10, 2, 2) {
	case 1:
		c = append(c, rdKV{"proxy-url", "{{PROXY}}"})
	case 2:
		c = append(c, rdKV{"proxy-url", "socks5://127.0.0.1:1"})
	case 3:
		c = append(c, rdKV{"proxy-url", "ftp://127.0.0.1:1"})
	}
	if g.chance(5) {
		c = append(c, rdKV{"extensions", []any{rdMap{{"name", "client.authentication.k8s.io/exec"}, {"extension", rdMap{{"audience", "restdiff"}}}}}})
	}
	if g.chance(2) && len(c) > 0 && c[0].K == "server" {
		c[0].K = "Server"
	}
	return c
}

// rdRel is the path of name in the case directory as written in a file
// that lives in sub ("" or "sub").
func rdRel(sub, name string) string {
	if sub == "" {
		return name
	}
	return "../" + name
}

func (g *rdGen) token() any {
	if g.chance(8) {
		return rdRaw("123456789012345678901234567890")
	}
	return g.word("tok-")
}

func (g *rdGen) tokenFile(files map[string]string, sub string) string {
	name := g.word("token-")
	files[name] = g.word("from-file-") + "\n"
	switch g.pick(60, 25, 10, 5) {
	case 0:
		return "{{DIR}}/" + name
	case 1:
		return rdRel(sub, name)
	case 2:
		return "{{DIR}}/missing-token"
	}
	files[name] = ""
	return "{{DIR}}/" + name // empty token file
}

func (g *rdGen) certFiles(sub string) rdMap {
	cn := []string{"alice", "bob"}[g.r.IntN(2)]
	if g.chance(50) {
		return rdMap{{"client-certificate", "{{DIR}}/" + cn + ".crt"}, {"client-key", "{{DIR}}/" + cn + ".key"}}
	}
	return rdMap{{"client-certificate", rdRel(sub, cn+".crt")}, {"client-key", rdRel(sub, cn+".key")}}
}

func (g *rdGen) certData() rdMap {
	cn := []string{"alice", "bob"}[g.r.IntN(2)]
	return rdMap{{"client-certificate-data", "{{" + strings.ToUpper(cn) + "_CRT}}"}, {"client-key-data", "{{" + strings.ToUpper(cn) + "_KEY}}"}}
}

func (g *rdGen) exec(sub string, apiVersion string, interactive bool) rdMap {
	command := "{{PLUGIN}}"
	if g.chance(25) {
		command = "./" + rdRel(sub, "plugin.sh")
		if sub != "" {
			command = "../plugin.sh"
		}
	}
	x := rdMap{{"apiVersion", apiVersion}, {"command", command}}
	if g.chance(60) {
		x = append(x, rdKV{"args", []any{g.word("arg"), "b"}})
	}
	switch g.pick(40, 40, 20) {
	case 1:
		x = append(x, rdKV{"env", []any{rdMap{{"name", "XT_A"}, {"value", g.word("va")}}}})
	case 2:
		x = append(x, rdKV{"env", []any{rdMap{{"name", "XT_A"}, {"value", g.word("va")}}, rdMap{{"name", "XT_B"}, {"value", rdRaw("0755")}}}})
	}
	if g.chance(4) {
		x[1].V = "{{DIR}}/no-such-plugin"
	}
	if g.chance(20) {
		x = append(x, rdKV{"provideClusterInfo", true})
	}
	if interactive {
		x = append(x, rdKV{"interactiveMode", []string{"Never", "IfAvailable", "Never", "Always"}[g.r.IntN(4)]})
	}
	return x
}

func (g *rdGen) user(files map[string]string, sub string) rdMap {
	basic := func() rdMap {
		var pass any = g.word("pw-")
		if g.chance(25) {
			pass = rdRaw("012345")
		}
		return rdMap{{"username", g.word("user")}, {"password", pass}}
	}
	switch g.pick(8, 14, 10, 6, 10, 10, 8, 8, 4, 2, 2, 4, 2, 2, 2, 4, 1, 2) {
	case 0:
		return rdMap{}
	case 17: // a duplicate key: the last one wins in both YAML decoders, or neither loads
		return rdMap{{"token", g.word("first-")}, {"token", g.word("second-")}}
	case 1:
		return rdMap{{"token", g.token()}}
	case 2:
		return rdMap{{"tokenFile", g.tokenFile(files, sub)}}
	case 3:
		return rdMap{{"token", g.token()}, {"tokenFile", g.tokenFile(files, sub)}}
	case 4:
		return basic()
	case 5:
		return g.certFiles(sub)
	case 6:
		return g.certData()
	case 7:
		return rdMap{{"exec", g.exec(sub, "client.authentication.k8s.io/v1beta1", g.chance(30))}}
	case 8:
		return rdMap{{"exec", g.exec(sub, "client.authentication.k8s.io/v1", true)}}
	case 9:
		return rdMap{{"exec", g.exec(sub, "client.authentication.k8s.io/v1", false)}}
	case 10:
		return rdMap{{"token", g.token()}, {"exec", g.exec(sub, "client.authentication.k8s.io/v1beta1", false)}}
	case 11:
		return append(g.certData(), rdKV{"token", g.token()})
	case 12:
		return append(g.certFiles(sub), rdKV{"exec", g.exec(sub, "client.authentication.k8s.io/v1beta1", false)})
	case 13:
		return rdMap{{"auth-provider", rdMap{{"name", "oidc"}, {"config", rdMap{{"id-token", "x"}}}}}}
	case 14:
		return append(rdMap{{"token", g.token()}}, g.impersonation()...)
	case 15:
		switch g.r.IntN(3) {
		case 0:
			return rdMap{{"Token", g.word("tok-")}}
		case 1:
			return rdMap{{"tokenfile", g.tokenFile(files, sub)}}
		}
		return rdMap{{"Username", "mis"}, {"Password", "cased"}}
	}
	return append(basic(), rdKV{"token", g.token()})
}

// impersonation is a user's as, as-uid, as-groups and as-user-extra,
// sometimes without as (both loaders refuse that), with extra keys that
// go on the wire as they are or percent-encoded.
func (g *rdGen) impersonation() rdMap {
	var m rdMap
	if !g.chance(10) {
		m = append(m, rdKV{"as", g.word("someone-")})
	}
	if g.chance(30) {
		m = append(m, rdKV{"as-uid", g.word("uid-")})
	}
	if g.chance(40) {
		groups := []any{g.word("group-")}
		if g.chance(50) {
			groups = append(groups, "system:authenticated")
		}
		m = append(m, rdKV{"as-groups", groups})
	}
	if g.chance(30) {
		keys := []string{"scopes", "example.com/team", "Key With Space", "100%", "ünïcode"}
		m = append(m, rdKV{"as-user-extra", rdMap{{keys[g.r.IntN(len(keys))], []any{g.word("v"), "w"}}}})
	}
	return m
}

func (g *rdGen) context() rdMap {
	var c rdMap
	switch g.pick(83, 10, 5, 2) {
	case 0:
		c = append(c, rdKV{"cluster", rdClusterNames[g.r.IntN(3)]})
	case 3:
		c = append(c, rdKV{"Cluster", rdClusterNames[g.r.IntN(3)]})
	case 2:
		c = append(c, rdKV{"cluster", "ghost"})
	}
	switch g.pick(80, 12, 8) {
	case 0:
		c = append(c, rdKV{"user", rdUserNames[g.r.IntN(3)]})
	case 2:
		c = append(c, rdKV{"user", "ghost"})
	}
	switch g.pick(50, 20, 15, 8, 7) {
	case 1:
		c = append(c, rdKV{"namespace", "ns1"})
	case 2:
		c = append(c, rdKV{"namespace", "team-a"})
	case 3:
		c = append(c, rdKV{"namespace", rdRaw("0755")})
	case 4:
		c = append(c, rdKV{"namespace", rdRaw("on")})
	}
	return c
}

// file draws one kubeconfig file living in sub.
func (g *rdGen) file(files map[string]string, sub string) string {
	named := func(pool []string, body func() rdMap) []any {
		var out []any
		for _, i := range g.r.Perm(len(pool))[:g.r.IntN(len(pool)+1)] {
			out = append(out, rdMap{{"name", g.name(pool[i])}, {"body", body()}})
		}
		if len(out) > 0 && g.chance(2) {
			out = append(out, out[0]) // a duplicate name within one file
		}
		return out
	}
	rename := func(items []any, key string) []any {
		for i, it := range items {
			m := it.(rdMap)
			items[i] = rdMap{m[0], {key, m[1].V}}
		}
		return items
	}
	doc := rdMap{}
	if g.chance(90) {
		doc = append(doc, rdKV{"apiVersion", "v1"}, rdKV{"kind", "Config"})
	}
	doc = append(doc,
		rdKV{"clusters", rename(named(rdClusterNames, func() rdMap { return g.cluster(files, sub) }), "cluster")},
		rdKV{"users", rename(named(rdUserNames, func() rdMap { return g.user(files, sub) }), "user")},
		rdKV{"contexts", rename(named(rdContextNames, g.context), "context")},
	)
	switch g.pick(66, 30, 4) {
	case 0:
		doc = append(doc, rdKV{"current-context", g.name(rdContextNames[g.r.IntN(3)])})
	case 2:
		doc = append(doc, rdKV{"current-context", "ghost"})
	}
	if g.chance(25) {
		return rdRenderJSON(doc)
	}
	return rdRenderYAML(doc)
}

// kubeCase draws case i.
func (g *rdGen) kubeCase(i int) rdKubeCase {
	c := rdKubeCase{name: fmt.Sprintf("random-%d", i), files: map[string]string{}}
	n := 1 + g.r.IntN(3)
	var paths []string
	for j := range n {
		sub := ""
		if g.chance(30) {
			sub = "sub"
		}
		p := fmt.Sprintf("k%d.yaml", j)
		if sub != "" {
			p = sub + "/" + p
		}
		c.files[p] = g.file(c.files, sub)
		paths = append(paths, p)
	}
	switch g.pick(60, 22, 10, 8) {
	case 0: // $KUBECONFIG
		for _, p := range paths {
			switch {
			case g.chance(10):
				c.kubeconfigEnv = append(c.kubeconfigEnv, "rel:"+p)
			default:
				c.kubeconfigEnv = append(c.kubeconfigEnv, "{{DIR}}/"+p)
			}
			if g.chance(10) {
				c.kubeconfigEnv = append(c.kubeconfigEnv, "{{DIR}}/missing.yaml")
			}
		}
		if g.chance(5) {
			c.kubeconfigEnv = append(c.kubeconfigEnv, "~/k0.yaml")
		}
	case 1: // --kubeconfig
		c.explicit = "{{DIR}}/" + paths[0]
		if g.chance(5) {
			c.explicit = "{{DIR}}/missing.yaml"
		}
		if g.chance(30) && len(paths) > 1 {
			c.kubeconfigEnv = []string{"{{DIR}}/" + paths[1]}
		}
	case 2: // ~/.kube/config
		c.home = "home"
		// rdMaterialize copies the files a relative path may name into
		// home/ and home/.kube/ as well.
		c.files["home/.kube/config"] = c.files[paths[0]]
	case 3: // BuildConfigFromFlags
		c.buildFromFlags = true
		if g.chance(70) {
			c.explicit = "{{DIR}}/" + paths[0]
		}
		c.kubeconfigEnv = []string{"{{DIR}}/" + paths[len(paths)-1]}
		switch g.pick(50, 30, 10, 10) {
		case 1:
			c.opts.Server = "{{TLS}}"
		case 2:
			c.opts.Server = "{{LOCALHOST}}"
		case 3:
			c.opts.Server = "{{HTTP}}"
		}
		return c
	}
	if g.chance(8) {
		c.opts.Context = rdContextNames[g.r.IntN(3)]
	}
	if g.chance(8) {
		c.opts.Cluster = rdClusterNames[g.r.IntN(3)]
	}
	if g.chance(8) {
		c.opts.User = rdUserNames[g.r.IntN(3)]
	}
	if g.chance(8) {
		c.opts.Namespace = "override-ns"
	}
	if g.chance(10) {
		c.opts.Server = []string{"{{TLS}}", "{{LOCALHOST}}", "{{HTTP}}", "{{REDIRECT_OTHER}}"}[g.r.IntN(4)]
	}
	return c
}
