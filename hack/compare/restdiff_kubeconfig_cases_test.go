package compare

import "strings"

// rdKC builds a kubeconfig from one cluster, one user and one context
// (the context "x1" names cluster "c1" and user "u1", and is current).
func rdKC(cluster, user string, extra ...string) string {
	s := "apiVersion: v1\nkind: Config\nclusters:\n- name: c1\n  cluster:\n" + rdIndentBy(cluster, 4) +
		"users:\n- name: u1\n  user:\n" + rdIndentBy(user, 4) +
		"contexts:\n- name: x1\n  context:\n    cluster: c1\n    user: u1\n"
	if len(extra) == 0 {
		return s + "current-context: x1\n"
	}
	return s + strings.Join(extra, "")
}

func rdIndentBy(s string, n int) string {
	if s == "" {
		return strings.Repeat(" ", n) + "{}\n"
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.Repeat(" ", n) + l
	}
	return strings.Join(lines, "\n") + "\n"
}

const rdCA = "certificate-authority-data: {{CADATA}}"

// one is a case reading a single file through $KUBECONFIG.
func rdOne(name, kubeconfig string, files ...string) rdKubeCase {
	c := rdKubeCase{name: name, files: map[string]string{"k0.yaml": kubeconfig}, kubeconfigEnv: []string{"{{DIR}}/k0.yaml"}}
	for i := 0; i+1 < len(files); i += 2 {
		c.files[files[i]] = files[i+1]
	}
	return c
}

func (c rdKubeCase) with(o rdOverrides) rdKubeCase {
	c.opts = o
	return c
}

// rdHandPickedKubeCases are the cases behind each of issue 14's bugs, each
// deliberate difference and the behaviours found the same, named after
// what they show.
func rdHandPickedKubeCases() []rdKubeCase {
	tlsCA := "server: {{TLS}}\n" + rdCA
	cases := []rdKubeCase{
		// Issue 14, bug 1: YAML 1.1 scalars.
		rdOne("bug1: a password written 012345", rdKC(tlsCA, "username: bob\npassword: 012345")),
		rdOne("bug1: a long numeric token", rdKC(tlsCA, "token: 123456789012345678901234567890")),
		rdOne("bug1: namespace 0755", strings.Replace(rdKC(tlsCA, "token: t"), "    user: u1\n", "    user: u1\n    namespace: 0755\n", 1)),
		rdOne("bug1: namespace on", strings.Replace(rdKC(tlsCA, "token: t"), "    user: u1\n", "    user: u1\n    namespace: on\n", 1)),
		rdOne("bug1: a context named y", strings.Replace(rdKC(tlsCA, "token: t", "current-context: y\n"), "- name: x1", "- name: y", 1)),
		// Bug 4: an explicit server keeps tls-server-name.
		rdOne("bug4: --server with tls-server-name wrong.example", rdKC("server: https://127.0.0.1:1\ntls-server-name: wrong.example\n"+rdCA, "token: t")).with(rdOverrides{Server: "{{TLS}}"}),
		rdOne("bug4: --server with tls-server-name kubernetes.example", rdKC("server: https://127.0.0.1:1\ntls-server-name: kubernetes.example\n"+rdCA, "token: t")).with(rdOverrides{Server: "{{TLS}}"}),
		// Bug 5: --cluster and --user without a context.
		rdOne("bug5: --server --cluster --user without current-context", rdKC(tlsCA, "token: from-user", "")).with(rdOverrides{Server: "{{TLS}}", Cluster: "c1", User: "u1"}),
		rdOne("bug5: --server and an unknown --user without current-context", rdKC(tlsCA, "token: from-user", "")).with(rdOverrides{Server: "{{TLS}}", User: "nope"}),
		rdOne("bug5: --cluster --user without --server or current-context", rdKC(tlsCA, "token: from-user", "")).with(rdOverrides{Cluster: "c1", User: "u1"}),
		rdOne("bug5: a context without cluster and --server", strings.Replace(rdKC(tlsCA, "token: t"), "    cluster: c1\n", "", 1)).with(rdOverrides{Server: "{{TLS}}"}),
		// Bug 6: token and tokenFile.
		rdOne("bug6: token and tokenFile both set", rdKC(tlsCA, "token: inline-stale\ntokenFile: tok"), "tok", "rotated-from-file\n"),
		// Bug 7: credentials over plain http.
		rdOne("bug7: a bearer token to an http server", rdKC("server: {{HTTP}}", "token: plaintext-secret")),
		rdOne("bug7: basic auth to an http server", rdKC("server: {{HTTP}}", "username: u\npassword: p")),
		rdOne("bug7: exec to an http server", rdKC("server: {{HTTP}}", "exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: {{PLUGIN}}")),
		rdOne("bug7: a token file to an http server", rdKC("server: {{HTTP}}", "tokenFile: tok"), "tok", "file-secret\n"),
		// Bug 8: BuildConfigFromFlags(master, "").
		{name: "bug8: BuildConfigFromFlags(master, \"\") with $KUBECONFIG set", buildFromFlags: true,
			files:         map[string]string{"k0.yaml": rdKC(tlsCA, "token: secret-from-kubeconfig")},
			kubeconfigEnv: []string{"{{DIR}}/k0.yaml"}, opts: rdOverrides{Server: "{{TLS}}"}},
		{name: "bug8: BuildConfigFromFlags(master, \"\") with ~/.kube/config", buildFromFlags: true, home: "home",
			files: map[string]string{"home/.kube/config": rdKC(tlsCA, "token: secret-from-home")}, opts: rdOverrides{Server: "{{TLS}}"}},
		// Bug 9: mis-cased keys.
		rdOne("bug9: Token with a capital T", rdKC(tlsCA, "Token: x")),
		rdOne("bug9: tokenfile in lower case", rdKC(tlsCA, "tokenfile: tok"), "tok", "from-file\n"),
		rdOne("bug9: Server with a capital S", rdKC("Server: {{TLS}}\n"+rdCA, "token: t")),
		// Bug 10: userinfo in the server URL.
		rdOne("bug10: userinfo in the server URL", rdKC("server: {{TLSUSERINFO}}\n"+rdCA, "")),
		rdOne("bug10: userinfo in the server URL and a token", rdKC("server: {{TLSUSERINFO}}\n"+rdCA, "token: t")),
		// The smaller findings of issue 14.
		rdOne("minor: a server URL with a query string", rdKC("server: {{TLS}}/prefix?x=1\n"+rdCA, "token: t")),
		rdOne("minor: kind Pod", strings.Replace(rdKC(tlsCA, "token: t"), "kind: Config", "kind: Pod", 1)),
		rdOne("minor: apiVersion v2", strings.Replace(rdKC(tlsCA, "token: t"), "apiVersion: v1", "apiVersion: v2", 1)),
		rdOne("minor: exec v1 without interactiveMode", rdKC(tlsCA, "exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: {{PLUGIN}}")),
		rdOne("minor: exec with a token", rdKC(tlsCA, "token: t\nexec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: {{PLUGIN}}")),
		rdOne("minor: exec with basic auth", rdKC(tlsCA, "username: u\npassword: p\nexec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: {{PLUGIN}}")),
		// Deliberate differences.
		rdOne("deliberate: auth-provider", rdKC(tlsCA, "auth-provider:\n  name: oidc\n  config:\n    id-token: x")),
		rdOne("deliberate: auth-provider with an http server", rdKC("server: {{HTTP}}", "auth-provider:\n  name: oidc\n  config:\n    id-token: x")),
		rdOne("deliberate: a context naming a cluster no file defines, with --server", strings.Replace(rdKC(tlsCA, "token: t"), "    cluster: c1\n", "    cluster: ghost\n", 1)).with(rdOverrides{Server: "{{TLS}}"}),
		rdOne("same: a context naming a cluster no file defines", strings.Replace(rdKC(tlsCA, "token: t"), "    cluster: c1\n", "    cluster: ghost\n", 1)),
		rdOne("same: client certificate file and data", rdKC(tlsCA, "client-certificate: alice.crt\nclient-certificate-data: {{ALICE_CRT}}\nclient-key-data: {{ALICE_KEY}}")),
		rdOne("deliberate: an empty CA file for an http server", rdKC("server: {{HTTP}}\ncertificate-authority: empty.crt", ""), "empty.crt", ""),
		rdOne("deliberate: invalid base64 in a cluster the context does not use", strings.Replace(rdKC(tlsCA, "token: t"), "users:\n", "- name: unused\n  cluster:\n    server: {{TLS}}\n    certificate-authority-data: bm90IGEgY2VydA\nusers:\n", 1)),
		rdOne("same: invalid base64 in the cluster in use", rdKC("server: {{TLS}}\ncertificate-authority-data: bm90IGEgY2VydA", "token: t")),
		rdOne("deliberate: insecure with a CA for an http server", rdKC("server: {{HTTP}}\ninsecure-skip-tls-verify: true\n"+rdCA, "")),
		rdOne("deliberate: a scheme-less server with a CA and an empty token file", rdKC("server: {{TLSHOSTPORT}}\n"+rdCA, "tokenFile: tok"), "tok", ""),
		rdOne("same: impersonation (as)", rdKC(tlsCA, "token: t\nas: someone")),
		rdOne("same: impersonation with as-uid, as-groups and as-user-extra", rdKC(tlsCA, "token: t\nas: someone\nas-uid: uid-1\nas-groups: [g2, g1]\nas-user-extra:\n  scopes: [s1, s2]\n  example.com/key: [v]")),
		rdOne("same: impersonation extra keys that need escaping", rdKC(tlsCA, "token: t\nas: someone\nas-user-extra:\n  \"Key With Space%\": [a]\n  ÜnicÖde: [b]")),
		rdOne("same: impersonation to an http server", rdKC("server: {{HTTP}}", "as: someone\nas-groups: [g]")),
		rdOne("same: impersonation groups without a user", rdKC(tlsCA, "token: t\nas-groups: [g]")),
		rdOne("same: impersonation with exec", rdKC(tlsCA, "as: someone\nexec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: {{PLUGIN}}")),
		rdOne("deliberate: exec interactiveMode Always", rdKC(tlsCA, "exec:\n  apiVersion: client.authentication.k8s.io/v1\n  interactiveMode: Always\n  command: {{PLUGIN}}")),
		rdOne("deliberate: a client certificate and exec", rdKC(tlsCA, "client-certificate-data: {{ALICE_CRT}}\nclient-key-data: {{ALICE_KEY}}\nexec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: {{PLUGIN}}")),
		{name: "same: BuildConfigFromFlags(\"\", \"\") with $KUBECONFIG", buildFromFlags: true,
			files: map[string]string{"k0.yaml": rdKC(tlsCA, "token: t")}, kubeconfigEnv: []string{"{{DIR}}/k0.yaml"}},
		rdOne("deliberate: a context naming a user no file defines", strings.Replace(rdKC(tlsCA, "token: t"), "    user: u1\n", "    user: ghost\n", 1)),
		rdOne("deliberate: a scheme-less server with a CA", rdKC("server: {{TLSHOSTPORT}}\n"+rdCA, "token: t")),
		rdOne("deliberate: an empty CA file", rdKC("server: {{TLS}}\ncertificate-authority: empty.crt", "token: t"), "empty.crt", ""),
		rdOne("same: duplicate user names", rdKC(tlsCA, "token: t")+"users2: []\n"),
		rdOne("deliberate: a client key without a certificate", rdKC(tlsCA, "token: t\nclient-key-data: {{ALICE_KEY}}")),
		rdOne("same: CA file and data", rdKC("server: {{TLS}}\ncertificate-authority: ca.crt\n"+rdCA, "token: t")),
		rdOne("same: insecure with a CA", rdKC("server: {{TLS}}\ninsecure-skip-tls-verify: true\n"+rdCA, "token: t")),
		rdOne("same: exec v1alpha1", rdKC(tlsCA, "exec:\n  apiVersion: client.authentication.k8s.io/v1alpha1\n  command: {{PLUGIN}}")),
		rdOne("deliberate: a token is not sent across a redirect to another host", rdKC("server: {{REDIRECT_OTHER}}\n"+rdCA, "token: t")),
		rdOne("deliberate: basic auth is not sent across a redirect to another host", rdKC("server: {{REDIRECT_OTHER}}\n"+rdCA, "username: u\npassword: p")),
		rdOne("deliberate: a token is not sent across a redirect to another port", rdKC("server: {{REDIRECT_SAMEHOST}}\n"+rdCA, "token: t")),
		rdOne("deliberate: --server of a server that redirects to another host", rdKC(tlsCA, "token: t")).with(rdOverrides{Server: "{{REDIRECT_OTHER}}"}),
		rdOne("deliberate: impersonation headers are not sent across a redirect to another host", rdKC("server: {{REDIRECT_OTHER}}\n"+rdCA, "token: t\nas: someone\nas-groups: [g]")),
		rdOne("deliberate: impersonation headers are not sent across a redirect to another port", rdKC("server: {{REDIRECT_SAMEHOST}}\n"+rdCA, "username: u\npassword: p\nas: someone")),
		// Behaviours found the same.
		rdOne("same: client certificate files", rdKC(tlsCA, "client-certificate: alice.crt\nclient-key: alice.key")),
		rdOne("same: client certificate data", rdKC(tlsCA, "client-certificate-data: {{BOB_CRT}}\nclient-key-data: {{BOB_KEY}}")),
		rdOne("same: a token file", rdKC(tlsCA, "tokenFile: tok"), "tok", "from-file\n"),
		rdOne("same: an empty token file", rdKC(tlsCA, "tokenFile: tok"), "tok", ""),
		rdOne("same: a missing token file", rdKC(tlsCA, "tokenFile: missing")),
		rdOne("same: basic auth", rdKC(tlsCA, "username: bob\npassword: \"012345\"")),
		rdOne("same: exec with args, env and provideClusterInfo", rdKC(tlsCA, "exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: ./plugin.sh\n  args: [one, two]\n  env:\n  - name: XT_A\n    value: va\n  - name: XT_B\n    value: vb\n  provideClusterInfo: true")),
		rdOne("same: insecure without a CA", rdKC("server: {{TLS}}\ninsecure-skip-tls-verify: true", "token: t")),
		rdOne("same: no CA", rdKC("server: {{TLS}}", "token: t")),
		rdOne("same: a missing CA file", rdKC("server: {{TLS}}\ncertificate-authority: missing.crt", "token: t")),
		rdOne("same: a CA path starting with ~", rdKC("server: {{TLS}}\ncertificate-authority: ~/ca.crt", "token: t")),
		rdOne("same: tls-server-name kubernetes.example", rdKC(tlsCA+"\ntls-server-name: kubernetes.example", "token: t")),
		rdOne("same: tls-server-name wrong.example", rdKC(tlsCA+"\ntls-server-name: wrong.example", "token: t")),
		rdOne("same: localhost", rdKC("server: {{LOCALHOST}}\n"+rdCA, "token: t")),
		rdOne("same: a path prefix", rdKC("server: {{TLS}}/prefix/\n"+rdCA, "token: t")),
		rdOne("same: proxy-url to a TLS server", rdKC(tlsCA+"\nproxy-url: {{PROXY}}", "token: t")),
		rdOne("same: proxy-url to an http server", rdKC("server: {{HTTP}}\nproxy-url: {{PROXY}}", "")),
		rdOne("same: JSON", `{"apiVersion":"v1","kind":"Config","clusters":[{"name":"c1","cluster":{"server":"{{TLS}}","certificate-authority-data":"{{CADATA}}"}}],`+
			`"users":[{"name":"u1","user":{"token":"json-token"}}],"contexts":[{"name":"x1","context":{"cluster":"c1","user":"u1","namespace":"jns"}}],"current-context":"x1"}`),
		rdOne("same: a UTF-8 BOM and a document marker", "\ufeff---\n"+rdKC(tlsCA, "token: t")),
		rdOne("same: invalid YAML", "clusters: [\n"),
		rdOne("same: no current-context", rdKC(tlsCA, "token: t", "")),
		rdOne("same: --context of an unknown name", rdKC(tlsCA, "token: t")).with(rdOverrides{Context: "nope"}),
		rdOne("same: --namespace", rdKC(tlsCA, "token: t")).with(rdOverrides{Namespace: "override-ns"}),
		rdOne("same: --user switches credentials", rdKC(tlsCA, "token: t")+"").with(rdOverrides{User: "u1"}),
		{name: "same: the first file wins a name and current-context",
			files: map[string]string{
				"k0.yaml": rdKC(tlsCA, "token: first"),
				"k1.yaml": rdKC("server: https://127.0.0.1:1", "token: second", "current-context: other\n"),
			},
			kubeconfigEnv: []string{"{{DIR}}/k0.yaml", "{{DIR}}/k1.yaml"}},
		{name: "same: missing $KUBECONFIG entries are skipped",
			files:         map[string]string{"k0.yaml": rdKC(tlsCA, "token: t")},
			kubeconfigEnv: []string{"{{DIR}}/missing.yaml", "{{DIR}}/k0.yaml"}},
		{name: "same: a directory in $KUBECONFIG",
			files:         map[string]string{"k0.yaml": rdKC(tlsCA, "token: t"), "adir/x": ""},
			kubeconfigEnv: []string{"{{DIR}}/adir", "{{DIR}}/k0.yaml"}},
		{name: "same: --kubeconfig of a missing file", files: map[string]string{}, explicit: "{{DIR}}/missing.yaml"},
		{name: "same: relative paths resolve against the file",
			files:         map[string]string{"sub/k0.yaml": rdKC("server: {{TLS}}\ncertificate-authority: ../ca.crt", "tokenFile: ../tok"), "tok": "rel\n"},
			kubeconfigEnv: []string{"{{DIR}}/sub/k0.yaml"}},
		{name: "same: a relative $KUBECONFIG entry",
			files:         map[string]string{"k0.yaml": rdKC(tlsCA, "token: t")},
			kubeconfigEnv: []string{"rel:k0.yaml"}},
		{name: "same: ~/.kube/config", home: "home",
			files: map[string]string{"home/.kube/config": rdKC(tlsCA, "token: from-home")}},
		{name: "same: BuildConfigFromFlags with a path", buildFromFlags: true,
			files: map[string]string{"k0.yaml": rdKC(tlsCA, "token: t")}, explicit: "{{DIR}}/k0.yaml"},
		{name: "same: BuildConfigFromFlags with a path and master", buildFromFlags: true,
			files: map[string]string{"k0.yaml": rdKC("server: https://127.0.0.1:1\n"+rdCA, "token: t")}, explicit: "{{DIR}}/k0.yaml", opts: rdOverrides{Server: "{{TLS}}"}},
	}
	// The duplicate-user case needs two users of the same name.
	for i, c := range cases {
		if c.name == "same: duplicate user names" {
			cases[i].files["k0.yaml"] = strings.Replace(rdKC(tlsCA, "token: t"), "users:\n", "users:\n- name: u1\n  user:\n    token: dup\n", 1)
		}
	}
	return cases
}
