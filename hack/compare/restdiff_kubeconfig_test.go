package compare

// TestRESTDiffKubeconfigLoadingMatchesClientGo loads the same kubeconfig
// variants with client-go v0.37.2 (kubectl's loader:
// clientcmd.NewNonInteractiveDeferredLoadingClientConfig with
// ExplicitPath, the $KUBECONFIG precedence and ConfigOverrides) and with
// clientgen (rest.LoadConfig, rest.BuildConfigFromFlags), sends one typed
// GET with each to loopback servers and compares which side failed, the
// effective settings and what reached the server. Every difference must be
// a row of rdDeliberate (restdiff_deliberate_test.go).

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/clientgen/clientgen/hack/compare/clientgo/versioned"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// RESTDiffCasesEnv sets the number of random kubeconfig cases (default
// rdDefaultCases); RESTDiffSeedEnv sets the seed (default rdDefaultSeed).
const (
	RESTDiffCasesEnv = "CLIENTGEN_RESTDIFF_CASES"
	RESTDiffSeedEnv  = "CLIENTGEN_RESTDIFF_SEED"
	rdDefaultCases   = 300
	rdDefaultSeed    = 14
)

// rdEnv is the loopback world every kubeconfig case runs against.
type rdEnv struct {
	pki                      *rdPKI
	tls, localhost, http     string
	tlsHostPort, tlsUserinfo string
	// redirectOther answers every request with a 307 to the TLS server
	// under another host name (localhost); redirectSameHost with a 307 to
	// it under the same host name (127.0.0.1, another port).
	redirectOther, redirectSameHost string
	proxyURL                        string
	tlsRec, httpRec                 *rdRecorder
	proxy                           *rdProxy
	shared                          map[string][]byte // files copied into every case directory
	cwd                             string
}

func rdNewEnv(t testing.TB) *rdEnv {
	t.Helper()
	pki := rdNewPKI(t)
	e := &rdEnv{pki: pki, tlsRec: &rdRecorder{}, httpRec: &rdRecorder{}}
	tlsSrv := rdStartTLS(t, pki, rdWidgetHandler(e.tlsRec), true)
	// One request per connection: client-go caches transports process-wide,
	// and thousands of cases must not pile up idle connections.
	tlsSrv.Config.SetKeepAlivesEnabled(false)
	httpSrv := rdStartPlain(t, rdWidgetHandler(e.httpRec))
	e.proxy = rdStartProxy(t)
	u, _ := url.Parse(tlsSrv.URL)
	e.tls = tlsSrv.URL
	e.tlsHostPort = u.Host
	e.localhost = "https://localhost:" + u.Port()
	e.tlsUserinfo = "https://ui-user:ui-pass@" + u.Host
	e.http = httpSrv.URL
	e.proxyURL = e.proxy.srv.URL
	redirect := func(to string) string {
		s := rdStartTLS(t, pki, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, to+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		}), true)
		s.Config.SetKeepAlivesEnabled(false)
		return s.URL
	}
	e.redirectOther = redirect(e.localhost)
	e.redirectSameHost = redirect(e.tls)
	dir := t.TempDir()
	e.shared = map[string][]byte{
		"ca.crt":    pki.caPEM,
		"alice.crt": pki.clientCert["alice"], "alice.key": pki.clientKey["alice"],
		"bob.crt": pki.clientCert["bob"], "bob.key": pki.clientKey["bob"],
	}
	plugin, err := os.ReadFile(rdExecPlugin(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	e.shared["plugin.sh"] = plugin
	if e.cwd, err = os.Getwd(); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *rdEnv) replacer(dir string) *strings.Replacer {
	b64 := func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
	return strings.NewReplacer(
		"{{REDIRECT_OTHER}}", e.redirectOther,
		"{{REDIRECT_SAMEHOST}}", e.redirectSameHost,
		"{{TLSUSERINFO}}", e.tlsUserinfo,
		"{{TLSHOSTPORT}}", e.tlsHostPort,
		"{{TLS}}", e.tls,
		"{{LOCALHOST}}", e.localhost,
		"{{HTTP}}", e.http,
		"{{PROXY}}", e.proxyURL,
		"{{CADATA}}", b64(e.pki.caPEM),
		"{{ALICE_CRT}}", b64(e.pki.clientCert["alice"]),
		"{{ALICE_KEY}}", b64(e.pki.clientKey["alice"]),
		"{{BOB_CRT}}", b64(e.pki.clientCert["bob"]),
		"{{BOB_KEY}}", b64(e.pki.clientKey["bob"]),
		"{{PLUGIN}}", filepath.Join(dir, "plugin.sh"),
		"{{DIR}}", dir,
	)
}

// rdMaterialized is a case written to disk.
type rdMaterialized struct {
	dir, home  string
	kubeconfig string // $KUBECONFIG value, "" for unset
	explicit   string
	opts       rdOverrides
}

func rdMaterialize(t testing.TB, e *rdEnv, root string, c rdKubeCase) rdMaterialized {
	t.Helper()
	dir, err := os.MkdirTemp(root, "case")
	if err != nil {
		t.Fatal(err)
	}
	r := e.replacer(dir)
	write := func(rel string, data []byte, mode os.FileMode) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
	}
	shared := func(prefix string) {
		for name, data := range e.shared {
			mode := os.FileMode(0o600)
			if name == "plugin.sh" {
				mode = 0o755
			}
			write(prefix+name, data, mode)
		}
	}
	shared("")
	if c.home != "" {
		shared(c.home + "/")
		shared(c.home + "/.kube/")
	}
	for rel, content := range c.files {
		write(rel, []byte(r.Replace(content)), 0o600)
		if c.home != "" && !strings.HasSuffix(rel, ".yaml") && !strings.HasPrefix(rel, c.home+"/") {
			write(c.home+"/"+rel, []byte(r.Replace(content)), 0o600)
			write(c.home+"/.kube/"+rel, []byte(r.Replace(content)), 0o600)
		}
	}
	m := rdMaterialized{dir: dir, explicit: r.Replace(c.explicit)}
	m.home = filepath.Join(dir, "nohome")
	if c.home != "" {
		m.home = filepath.Join(dir, c.home)
	}
	var entries []string
	for _, p := range c.kubeconfigEnv {
		if rel, ok := strings.CutPrefix(p, "rel:"); ok {
			p, err = filepath.Rel(e.cwd, filepath.Join(dir, rel))
			if err != nil {
				t.Fatal(err)
			}
		}
		entries = append(entries, r.Replace(p))
	}
	m.kubeconfig = strings.Join(entries, string(filepath.ListSeparator))
	o := c.opts
	m.opts = rdOverrides{Context: o.Context, Cluster: o.Cluster, User: o.User, Namespace: o.Namespace, Server: r.Replace(o.Server)}
	return m
}

// rdSettings is the effective configuration as far as both clients can
// express it.
type rdSettings struct {
	Host       string
	ServerName string
	CA         bool
	Insecure   bool
	CertCN     string
	Token      string
	Basic      string
	Exec       bool
	Proxy      bool
	// Impersonate is the impersonation config rendered by rdImpersonateSetting.
	Impersonate string
}

// rdImpersonateSetting renders an impersonation config the same way for
// both clients' types; "" when none is set.
func rdImpersonateSetting(user, uid string, groups []string, extra map[string][]string) string {
	if user == "" && uid == "" && len(groups) == 0 && len(extra) == 0 {
		return ""
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "user=%q uid=%q groups=%q", user, uid, groups)
	for _, k := range keys {
		fmt.Fprintf(&b, " extra[%q]=%q", k, extra[k])
	}
	return b.String()
}

// rdKubeObs is what one client did with one case.
type rdKubeObs struct {
	// Outcome is "setup" (load or client construction failed), "request"
	// (the GET failed) or "ok".
	Outcome   string
	Err       string `cmp:"-"`
	Namespace string
	Settings  rdSettings
	// Hits are what reached the TLS or HTTP server; Proxied reports that
	// the proxy carried the request.
	Hits    []rdHit
	Proxied bool
}

func rdCertCN(data []byte, file string) string {
	if len(data) == 0 && file != "" {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return "<unreadable>"
		}
	}
	if len(data) == 0 {
		return ""
	}
	b, _ := pem.Decode(data)
	if b == nil {
		return "<not PEM>"
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		return "<not a certificate>"
	}
	return c.Subject.CommonName
}

// rdPlainHTTP reports a host that is not TLS by its scheme: no TLS setting
// or credential is used there by client-go, so none is compared (what
// reaches the server still is).
func rdPlainHTTP(host string) bool { return strings.HasPrefix(host, "http://") }

func rdClientGoSettings(cfg *restclient.Config) rdSettings {
	s := rdSettings{Host: cfg.Host, Proxy: cfg.Proxy != nil,
		Impersonate: rdImpersonateSetting(cfg.Impersonate.UserName, cfg.Impersonate.UID, cfg.Impersonate.Groups, cfg.Impersonate.Extra)}
	if rdPlainHTTP(cfg.Host) {
		return s
	}
	s.ServerName = cfg.TLSClientConfig.ServerName
	s.CA = len(cfg.TLSClientConfig.CAData) > 0 || cfg.TLSClientConfig.CAFile != ""
	s.Insecure = cfg.TLSClientConfig.Insecure
	s.CertCN = rdCertCN(cfg.TLSClientConfig.CertData, cfg.TLSClientConfig.CertFile)
	s.Token = strings.TrimSpace(cfg.BearerToken)
	if cfg.BearerTokenFile != "" {
		if b, err := os.ReadFile(cfg.BearerTokenFile); err == nil {
			s.Token = strings.TrimSpace(string(b))
		}
	}
	if cfg.Username != "" || cfg.Password != "" {
		s.Basic = cfg.Username + ":" + cfg.Password
	}
	s.Exec = cfg.ExecProvider != nil
	return s
}

func rdClientgenSettings(cfg *rest.Config) rdSettings {
	s := rdSettings{Host: cfg.Host, Proxy: cfg.ProxyURL != "",
		Impersonate: rdImpersonateSetting(cfg.Impersonate.UserName, cfg.Impersonate.UID, cfg.Impersonate.Groups, cfg.Impersonate.Extra)}
	if rdPlainHTTP(cfg.Host) {
		return s
	}
	s.ServerName = cfg.TLSClientConfig.ServerName
	s.CA = len(cfg.TLSClientConfig.CAData) > 0 || cfg.TLSClientConfig.CAFile != ""
	s.Insecure = cfg.TLSClientConfig.Insecure
	s.CertCN = rdCertCN(cfg.TLSClientConfig.CertData, cfg.TLSClientConfig.CertFile)
	// A readable BearerTokenFile wins over BearerToken (Config's doc, and
	// client-go's rule).
	s.Token = strings.TrimSpace(cfg.BearerToken)
	if cfg.BearerTokenFile != "" {
		if b, err := os.ReadFile(cfg.BearerTokenFile); err == nil {
			s.Token = strings.TrimSpace(string(b))
		}
	}
	if cfg.Username != "" || cfg.Password != "" {
		s.Basic = cfg.Username + ":" + cfg.Password
	}
	s.Exec = cfg.ExecProvider != nil
	return s
}

const rdObjectName = "w1"

// rdGet sends one typed GET and records what reached the servers.
func rdGet(e *rdEnv, obs *rdKubeObs, get func(ctx context.Context) error) {
	before := e.proxy.count()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := get(ctx)
	obs.Hits = append(e.tlsRec.take(rdObjectName), e.httpRec.take(rdObjectName)...)
	obs.Proxied = e.proxy.count() > before
	if err != nil {
		obs.Outcome, obs.Err = "request", err.Error()
		return
	}
	obs.Outcome = "ok"
}

func rdRunClientGo(e *rdEnv, m rdMaterialized, c rdKubeCase) rdKubeObs {
	var obs rdKubeObs
	var cfg *restclient.Config
	var err error
	if c.buildFromFlags {
		cfg, err = clientcmd.BuildConfigFromFlags(m.opts.Server, m.explicit)
	} else {
		rules := clientcmd.NewDefaultClientConfigLoadingRules()
		if os.Getenv("KUBECONFIG") == "" {
			// client-go fixes ~/.kube/config at init; kubectl's rule is
			// the same file under the case's $HOME.
			rules.Precedence = []string{filepath.Join(m.home, ".kube", "config")}
		}
		rules.MigrationRules = nil
		rules.ExplicitPath = m.explicit
		overrides := &clientcmd.ConfigOverrides{
			ClusterInfo:    clientcmdapi.Cluster{Server: m.opts.Server},
			Context:        clientcmdapi.Context{Cluster: m.opts.Cluster, AuthInfo: m.opts.User, Namespace: m.opts.Namespace},
			CurrentContext: m.opts.Context,
		}
		cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
		cfg, err = cc.ClientConfig()
		if err == nil {
			obs.Namespace, _, err = cc.Namespace()
		}
	}
	if err != nil {
		obs.Outcome, obs.Err = "setup", err.Error()
		return obs
	}
	obs.Settings = rdClientGoSettings(cfg)
	cfg.QPS = -1
	hc, err := restclient.HTTPClientFor(cfg)
	if err != nil {
		obs.Outcome, obs.Err = "setup", err.Error()
		return obs
	}
	defer hc.CloseIdleConnections()
	cs, err := versioned.NewForConfigAndClient(cfg, hc)
	if err != nil {
		obs.Outcome, obs.Err = "setup", err.Error()
		return obs
	}
	ns := obs.Namespace
	if ns == "" {
		ns = "default"
	}
	rdGet(e, &obs, func(ctx context.Context) error {
		_, err := cs.ExampleV1().Widgets(ns).Get(ctx, rdObjectName, metav1.GetOptions{})
		return err
	})
	return obs
}

func rdRunClientgen(e *rdEnv, m rdMaterialized, c rdKubeCase) rdKubeObs {
	var obs rdKubeObs
	var cfg *rest.Config
	var err error
	if c.buildFromFlags {
		cfg, err = rest.BuildConfigFromFlags(m.opts.Server, m.explicit)
	} else {
		var l *rest.LoadedConfig
		l, err = rest.LoadConfig(rest.LoadOptions{
			Kubeconfig: m.explicit,
			Context:    m.opts.Context,
			Cluster:    m.opts.Cluster,
			User:       m.opts.User,
			Namespace:  m.opts.Namespace,
			Server:     m.opts.Server,
			InCluster: rest.InClusterOptions{
				TokenFile:     filepath.Join(m.dir, "no-sa", "token"),
				CAFile:        filepath.Join(m.dir, "no-sa", "ca.crt"),
				NamespaceFile: filepath.Join(m.dir, "no-sa", "namespace"),
			},
		})
		if err == nil {
			cfg, obs.Namespace = l.Config, l.Namespace
		}
	}
	if err != nil {
		obs.Outcome, obs.Err = "setup", err.Error()
		return obs
	}
	obs.Settings = rdClientgenSettings(cfg)
	cfg.QPS = -1
	cfg.RetryPolicy = &rest.RetryPolicy{MaxRetries: 0}
	hc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		obs.Outcome, obs.Err = "setup", err.Error()
		return obs
	}
	defer hc.CloseIdleConnections()
	cs, err := clientset.NewForConfigAndClient(cfg, hc)
	if err != nil {
		obs.Outcome, obs.Err = "setup", err.Error()
		return obs
	}
	ns := obs.Namespace
	if ns == "" {
		ns = "default"
	}
	rdGet(e, &obs, func(ctx context.Context) error {
		_, err := cs.ExampleV1().Widgets(ns).Get(ctx, rdObjectName, metav1.GetOptions{})
		return err
	})
	return obs
}

// rdKubeDiff is one case with both observations and the fields in which
// they differ.
type rdKubeDiff struct {
	c      rdKubeCase
	m      rdMaterialized
	goObs  rdKubeObs
	genObs rdKubeObs
	fields []string
	// redirected reports that the server answers with a redirect to the
	// TLS server.
	redirected bool
	fileText   string // the case's kubeconfig files, placeholders replaced
}

// has reports whether field is among the differing fields.
func (d *rdKubeDiff) has(field string) bool {
	for _, f := range d.fields {
		if f == field {
			return true
		}
	}
	return false
}

// only reports whether every differing field is one of allowed.
func (d *rdKubeDiff) only(allowed ...string) bool {
	for _, f := range d.fields {
		ok := false
		for _, a := range allowed {
			if f == a {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return len(d.fields) > 0
}

// genRejects reports that only clientgen failed at setup, with an error
// containing every one of words.
func (d *rdKubeDiff) genRejects(words ...string) bool {
	if d.genObs.Outcome != "setup" || d.goObs.Outcome == "setup" {
		return false
	}
	for _, w := range words {
		if !strings.Contains(d.genObs.Err, w) {
			return false
		}
	}
	return true
}

// rdCompareKube lists the differing fields: "outcome" when one side failed
// at setup and the other did not; otherwise settings, namespace, whether
// the GET failed, and what reached the server.
func rdCompareKube(goObs, genObs rdKubeObs) []string {
	var out []string
	goSetup, genSetup := goObs.Outcome == "setup", genObs.Outcome == "setup"
	switch {
	case goSetup && genSetup:
		return nil
	case goSetup != genSetup:
		return []string{"outcome"}
	}
	if goObs.Namespace != genObs.Namespace {
		out = append(out, "namespace")
	}
	for _, f := range rdSettingsDiff(goObs.Settings, genObs.Settings) {
		out = append(out, "settings."+f)
	}
	if goObs.Outcome != genObs.Outcome {
		out = append(out, "request")
	}
	if goObs.Proxied != genObs.Proxied {
		out = append(out, "wire.proxied")
	}
	if len(goObs.Hits) != len(genObs.Hits) {
		out = append(out, "wire.reached")
	} else {
		for i := range goObs.Hits {
			g, n := goObs.Hits[i], genObs.Hits[i]
			if g.Scheme != n.Scheme {
				out = append(out, "wire.scheme")
			}
			if g.SNI != n.SNI {
				out = append(out, "wire.sni")
			}
			if g.ClientCN != n.ClientCN {
				out = append(out, "wire.clientCN")
			}
			if g.Auth != n.Auth {
				out = append(out, "wire.auth")
			}
			if g.Impersonate != n.Impersonate {
				out = append(out, "wire.impersonate")
			}
			if g.Path != n.Path {
				out = append(out, "wire.path")
			}
		}
	}
	return out
}

func rdSettingsDiff(a, b rdSettings) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("host", a.Host != b.Host)
	add("serverName", a.ServerName != b.ServerName)
	add("ca", a.CA != b.CA)
	add("insecure", a.Insecure != b.Insecure)
	add("certCN", a.CertCN != b.CertCN)
	add("token", a.Token != b.Token)
	add("basic", a.Basic != b.Basic)
	add("exec", a.Exec != b.Exec)
	add("proxy", a.Proxy != b.Proxy)
	add("impersonate", a.Impersonate != b.Impersonate)
	return out
}

// rdCaseCount reads RESTDiffCasesEnv.
func rdCaseCount(t testing.TB) (int, uint64) {
	t.Helper()
	n, seed := rdDefaultCases, uint64(rdDefaultSeed)
	if v := os.Getenv(RESTDiffCasesEnv); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 0 {
			t.Fatalf("%s=%q: want a number of cases", RESTDiffCasesEnv, v)
		}
	}
	if v := os.Getenv(RESTDiffSeedEnv); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("%s=%q: want an unsigned integer", RESTDiffSeedEnv, v)
		}
	}
	return n, seed
}

// rdTally counts cases by how they compared.
type rdTally struct {
	run, identical int
	byRow          map[string]int
	undeclared     map[string]int
}

const rdUndeclared = "DIFFERS (not a deliberate difference)"

// add counts one case and returns its verdict: "identical", "deliberate:
// <row>" or rdUndeclared (which the caller reports).
func (s *rdTally) add(d rdDiff, identical bool) string {
	s.run++
	if identical {
		s.identical++
		return "identical"
	}
	if row := rdDeliberateFor(d); row != nil {
		s.byRow[row.ID]++
		return "deliberate: " + row.ID
	}
	return rdUndeclared
}

// checkRowsUsed fails for a row of area that no case matched: the table
// must describe differences that exist, and each needs a hand-picked case.
func (s *rdTally) checkRowsUsed(t testing.TB, area string) {
	t.Helper()
	for _, row := range rdDeliberateRows() {
		if row.Area == area && s.byRow[row.ID] == 0 {
			t.Errorf("deliberate difference %q (%s) matched no case: if clientgen now behaves like client-go, remove the row (and its line in docs/configuration.md); otherwise add a hand-picked case that shows it", row.ID, area)
		}
	}
}

func (s *rdTally) String() string {
	rows := make([]string, 0, len(s.byRow))
	for id, n := range s.byRow {
		rows = append(rows, fmt.Sprintf("%s=%d", id, n))
	}
	sort.Strings(rows)
	und := make([]string, 0, len(s.undeclared))
	for k, n := range s.undeclared {
		und = append(und, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(und)
	deliberate := 0
	for _, n := range s.byRow {
		deliberate += n
	}
	undeclared := 0
	for _, n := range s.undeclared {
		undeclared += n
	}
	byClass := map[string]int{}
	for _, row := range rdDeliberateRows() {
		byClass[row.Class] += s.byRow[row.ID]
	}
	return fmt.Sprintf("%d cases: %d identical, %d deliberate (class b %d, class c %d) [%s], %d undeclared differences [%s]",
		s.run, s.identical, deliberate, byClass["b"], byClass["c"], strings.Join(rows, " "), undeclared, strings.Join(und, " "))
}

func TestRESTDiffKubeconfigLoadingMatchesClientGo(t *testing.T) {
	for _, k := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
		"KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "KUBERNETES_MASTER"} {
		t.Setenv(k, "")
	}
	t.Setenv("KUBECONFIG", "")
	t.Setenv("HOME", t.TempDir())
	e := rdNewEnv(t)
	n, seed := rdCaseCount(t)
	cases := rdHandPickedKubeCases()
	g := &rdGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for i := range n {
		cases = append(cases, g.kubeCase(i))
	}
	root := t.TempDir()
	tally := &rdTally{byRow: map[string]int{}, undeclared: map[string]int{}}
	shown := map[string]int{}
	start := time.Now()
	for _, c := range cases {
		m := rdMaterialize(t, e, root, c)
		// The process environment is the input both loaders read; the
		// test's Setenv above restores it at the end.
		os.Setenv("KUBECONFIG", m.kubeconfig)
		os.Setenv("HOME", m.home)
		goObs := rdRunClientGo(e, m, c)
		genObs := rdRunClientgen(e, m, c)
		d := &rdKubeDiff{c: c, m: m, goObs: goObs, genObs: genObs, fields: rdCompareKube(goObs, genObs)}
		d.redirected = goObs.Settings.Host == e.redirectOther || goObs.Settings.Host == e.redirectSameHost
		verdict := tally.add(rdDiff{Kube: d}, len(d.fields) == 0)
		if !strings.HasPrefix(c.name, "random") {
			t.Logf("%-78s client-go %-7s clientgen %-7s %s", c.name+":", goObs.Outcome, genObs.Outcome, verdict)
		}
		if verdict != rdUndeclared {
			_ = os.RemoveAll(m.dir)
			continue
		}
		key := strings.Join(d.fields, ",")
		tally.undeclared[key]++
		// Show a few reproducers per kind of difference, not thousands.
		if shown[key] < 3 || strings.HasPrefix(c.name, "bug") || !strings.HasPrefix(c.name, "random") {
			shown[key]++
			t.Errorf("%s", rdDescribeKube(d))
		}
		_ = os.RemoveAll(m.dir)
	}
	t.Logf("kubeconfig differential (seed %d, %s=%d) in %s: %s", seed, RESTDiffCasesEnv, n, time.Since(start).Round(time.Millisecond), tally)
	tally.checkRowsUsed(t, "kubeconfig")
}

func rdDescribeKube(d *rdKubeDiff) string {
	var b strings.Builder
	fmt.Fprintf(&b, "case %s differs in %v (not a deliberate difference)\n", d.c.name, d.fields)
	fmt.Fprintf(&b, "  $KUBECONFIG=%q --kubeconfig=%q buildFromFlags=%t overrides=%+v home=%q\n", d.m.kubeconfig, d.m.explicit, d.c.buildFromFlags, d.m.opts, d.m.home)
	names := make([]string, 0, len(d.c.files))
	for name := range d.c.files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, "config") {
			fmt.Fprintf(&b, "  --- %s\n%s\n", name, rdIndent(d.c.files[name]))
		}
	}
	fmt.Fprintf(&b, "  client-go: %s %q\n  clientgen: %s %q\n", d.goObs.Outcome, d.goObs.Err, d.genObs.Outcome, d.genObs.Err)
	fmt.Fprintf(&b, "  (-client-go +clientgen):\n%s", cmp.Diff(d.goObs, d.genObs))
	return b.String()
}

func rdIndent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}
