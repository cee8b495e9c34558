package rest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// The kubeconfig structs cover what clientgen supports; everything else in
// the file is ignored, except credential mechanisms we cannot honour, which
// are rejected rather than silently sending unauthenticated requests.
//
// Every key of kubectl's format is declared, including the ones clientgen
// ignores (preferences, extensions other than the exec one,
// disable-compression), so that decodeKubeconfig can tell them from unknown
// keys.
type kubeconfigFile struct {
	Kind           string          `json:"kind"`
	APIVersion     string          `json:"apiVersion"`
	Preferences    json.RawMessage `json:"preferences"`
	Clusters       []namedCluster  `json:"clusters"`
	Users          []namedUser     `json:"users"`
	Contexts       []namedContext  `json:"contexts"`
	CurrentContext string          `json:"current-context"`
	Extensions     json.RawMessage `json:"extensions"`
}

type namedCluster struct {
	Name    string            `json:"name"`
	Cluster kubeconfigCluster `json:"cluster"`
}

type kubeconfigCluster struct {
	Server                   string           `json:"server"`
	CertificateAuthority     string           `json:"certificate-authority"`
	CertificateAuthorityData string           `json:"certificate-authority-data"`
	InsecureSkipTLSVerify    bool             `json:"insecure-skip-tls-verify"`
	TLSServerName            string           `json:"tls-server-name"`
	ProxyURL                 string           `json:"proxy-url"`
	DisableCompression       bool             `json:"disable-compression"`
	Extensions               []namedExtension `json:"extensions"`
}

type namedExtension struct {
	Name      string          `json:"name"`
	Extension json.RawMessage `json:"extension"`
}

type namedUser struct {
	Name string         `json:"name"`
	User kubeconfigUser `json:"user"`
}

type kubeconfigUser struct {
	Token                 string              `json:"token"`
	TokenFile             string              `json:"tokenFile"`
	ClientCertificate     string              `json:"client-certificate"`
	ClientCertificateData string              `json:"client-certificate-data"`
	ClientKey             string              `json:"client-key"`
	ClientKeyData         string              `json:"client-key-data"`
	Username              string              `json:"username"`
	Password              string              `json:"password"`
	Exec                  *kubeconfigExec     `json:"exec"`
	AuthProvider          json.RawMessage     `json:"auth-provider"`
	As                    string              `json:"as"`
	AsUID                 string              `json:"as-uid"`
	AsGroups              []string            `json:"as-groups"`
	AsUserExtra           map[string][]string `json:"as-user-extra"`
	Extensions            json.RawMessage     `json:"extensions"`
}

type kubeconfigExec struct {
	Command            string          `json:"command"`
	Args               []string        `json:"args"`
	Env                []kubeconfigEnv `json:"env"`
	APIVersion         string          `json:"apiVersion"`
	InstallHint        string          `json:"installHint"`
	ProvideClusterInfo bool            `json:"provideClusterInfo"`
	InteractiveMode    string          `json:"interactiveMode"`
}

type kubeconfigEnv struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type namedContext struct {
	Name    string            `json:"name"`
	Context kubeconfigContext `json:"context"`
}

type kubeconfigContext struct {
	Cluster    string          `json:"cluster"`
	User       string          `json:"user"`
	Namespace  string          `json:"namespace"`
	Extensions json.RawMessage `json:"extensions"`
}

// LoadOptions select the configuration the way kubectl's flags do. The zero
// value follows kubectl's rules with no flags given.
type LoadOptions struct {
	// Kubeconfig is --kubeconfig: when set, this file alone is read and it
	// must exist. Otherwise the files listed in $KUBECONFIG (separated by
	// ':', ';' on Windows) are merged, skipping missing ones, or, when
	// $KUBECONFIG is unset or empty, ~/.kube/config is read if it exists.
	// When no file is found, the in-cluster configuration is used if this
	// process runs in a pod.
	Kubeconfig string
	// Context is --context; empty means the current-context.
	Context string
	// Cluster and User are --cluster and --user: they replace the
	// context's cluster and user, and must exist. As in kubectl they work
	// without any context (no current-context): Cluster supplies the
	// server and CA, User the credentials.
	Cluster, User string
	// Namespace is --namespace; it replaces the context's namespace.
	Namespace string
	// Server is --server (client-go's masterURL): it replaces the
	// cluster's server and clears the cluster's tls-server-name (as
	// kubectl does), and is enough on its own when no kubeconfig exists or
	// no context or cluster is chosen.
	Server string
	// InCluster overrides where the in-cluster configuration is read
	// (for tests); the zero value means the standard paths.
	InCluster InClusterOptions
	// Impersonate, ImpersonateUID and ImpersonateGroups are kubectl's --as,
	// --as-uid and --as-group: each one that is set replaces the user's
	// as, as-uid or as-groups (as-user-extra is kept), as kubectl merges
	// its flags into the user. They apply with or without a kubeconfig
	// user. A UID, groups or extra without a user name is an error, as in
	// kubectl.
	Impersonate, ImpersonateUID string
	ImpersonateGroups           []string
	// Logger, if set, receives a warning for each key of a kubeconfig
	// that kubectl's format does not define (such keys are ignored; they
	// are also listed in LoadedConfig.Warnings).
	Logger *slog.Logger
}

// LoadedConfig is the outcome of LoadConfig: the Config plus what kubectl
// would also know, and where each value came from.
type LoadedConfig struct {
	// Config is ready for HTTPClientFor or a clientset's NewForConfig.
	Config *Config
	// Namespace is --namespace, else the context's namespace (or, in a
	// cluster, the pod's), else "default".
	Namespace string
	// Context is the kubeconfig context used; empty for in-cluster or
	// --server-only configuration.
	Context string
	// Files are the kubeconfig files that were read, highest precedence
	// first.
	Files []string
	// InCluster reports that the in-cluster configuration was used.
	InCluster bool
	// Warnings name the kubeconfig keys that were ignored because
	// kubectl's format does not define them (keys match exactly, so
	// "Token" or "tokenfile" is one), as "<file>: <field path>: ...".
	Warnings []string

	// considered lists every file looked at, including skipped ones.
	considered []consideredFile
	origins    []Origin
}

// Origin says where one configuration value came from.
type Origin struct {
	// Field is the value's kubeconfig name ("server", "token",
	// "certificate-authority-data", ...) or "context", "cluster", "user",
	// "namespace".
	Field string
	// Value is the value as it may be shown: secrets are redacted and
	// inline data is reported by size.
	Value string
	// Source is "<file>: <field path>", a LoadOptions field with its kubectl
	// flag, an environment variable, an in-cluster file, or "default".
	Source string
}

// Origins lists where each value of the configuration came from, in the
// order they were resolved.
func (l *LoadedConfig) Origins() []Origin { return append([]Origin(nil), l.origins...) }

// Source returns where field came from, or "" if it was not set.
func (l *LoadedConfig) Source(field string) string {
	for _, o := range l.origins {
		if o.Field == field {
			return o.Source
		}
	}
	return ""
}

type consideredFile struct {
	path, how string
	skipped   bool
}

func (l *LoadedConfig) record(field, value, source string) {
	l.origins = append(l.origins, Origin{Field: field, Value: value, Source: source})
}

// BuildConfigFromFlags has the meaning of client-go's
// clientcmd.BuildConfigFromFlags, which reads only what it is given:
//
//   - kubeconfigPath set: that file alone (it must exist), with its
//     current-context; masterURL, if set, replaces the cluster's server
//     (and clears its tls-server-name, as kubectl's --server does).
//   - only masterURL set: that server, with no credentials and no CA.
//   - neither: the in-cluster configuration; outside a pod an error.
//
// It never reads $KUBECONFIG or ~/.kube/config, so the credentials of
// whatever kubeconfig happens to be around are never sent to masterURL.
// For kubectl's rules (the $KUBECONFIG list, ~/.kube/config, --context,
// --namespace...) use LoadConfig.
func BuildConfigFromFlags(masterURL, kubeconfigPath string) (*Config, error) {
	return buildConfigFromFlags(masterURL, kubeconfigPath, InClusterOptions{})
}

func buildConfigFromFlags(masterURL, kubeconfigPath string, inCluster InClusterOptions) (*Config, error) {
	switch {
	case kubeconfigPath != "":
		l, err := LoadConfig(LoadOptions{Kubeconfig: kubeconfigPath, Server: masterURL})
		if err != nil {
			return nil, err
		}
		return l.Config, nil
	case masterURL != "":
		return serverOnly(&LoadedConfig{}, LoadOptions{Server: masterURL}).Config, nil
	case !inClusterPossible():
		return nil, errors.New("rest: BuildConfigFromFlags: no kubeconfig path and no master URL given, and not running in a cluster ($KUBERNETES_SERVICE_HOST is unset); pass a kubeconfig path, or use rest.LoadConfig for kubectl's rules ($KUBECONFIG, ~/.kube/config)")
	}
	l, err := LoadInClusterConfig(inCluster)
	if err != nil {
		return nil, err
	}
	return l.Config, nil
}

// ConfigFromKubeconfig loads the kubeconfig at path and returns the Config of
// context contextName, or of the current-context when contextName is "".
func ConfigFromKubeconfig(path, contextName string) (*Config, error) {
	l, err := LoadConfig(LoadOptions{Kubeconfig: path, Context: contextName})
	if err != nil {
		return nil, err
	}
	return l.Config, nil
}

// kubeconfigError names the file and the offending field.
type kubeconfigError struct {
	path, field string
	err         error
}

func (e *kubeconfigError) Error() string {
	if e.field == "" {
		return fmt.Sprintf("%s: %v", e.path, e.err)
	}
	return fmt.Sprintf("%s: %s: %v", e.path, e.field, e.err)
}

func (e *kubeconfigError) Unwrap() error { return e.err }

// parsedFile is one kubeconfig file as read.
type parsedFile struct {
	path string
	dir  string // absolute directory, for relative paths in the file
	kc   kubeconfigFile
	// unknown lists the field paths of keys kubectl's format does not
	// define; they are ignored.
	unknown []string
}

func (f *parsedFile) fail(field, format string, args ...any) error {
	return &kubeconfigError{path: f.path, field: field, err: fmt.Errorf(format, args...)}
}

// resolve makes a path in the file relative to the file's directory.
func (f *parsedFile) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(f.dir, p)
}

// entry locates a named cluster, user or context: the file that won and
// its index there.
type entry struct {
	file  *parsedFile
	index int
}

// LoadConfig resolves the configuration with kubectl's rules (see
// LoadOptions) and reports where every value came from. Errors name the
// file and the field at fault.
func LoadConfig(opts LoadOptions) (*LoadedConfig, error) {
	l := &LoadedConfig{}
	considered, err := kubeconfigPaths(opts)
	if err != nil {
		return nil, err
	}
	l.considered = considered
	var files []*parsedFile
	for _, c := range considered {
		if c.skipped {
			continue
		}
		f, err := parseKubeconfig(c.path)
		if err != nil {
			return nil, err
		}
		for _, k := range f.unknown {
			w := fmt.Sprintf("%s: %s: unknown field, ignored (kubeconfig keys are case-sensitive)", c.path, k)
			l.Warnings = append(l.Warnings, w)
			if opts.Logger != nil {
				opts.Logger.Warn("kubeconfig: unknown field ignored (keys are case-sensitive)", "file", c.path, "field", k)
			}
		}
		files = append(files, f)
		l.Files = append(l.Files, c.path)
	}
	var out *LoadedConfig
	if len(files) == 0 {
		out, err = loadWithoutKubeconfig(l, opts)
	} else {
		out, err = loadFromFiles(l, files, opts)
	}
	if err != nil {
		return nil, err
	}
	if err := applyImpersonationOverrides(out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// kubeconfigPaths lists the files kubectl would read, in precedence order,
// marking missing $KUBECONFIG entries and a missing ~/.kube/config skipped.
func kubeconfigPaths(opts LoadOptions) ([]consideredFile, error) {
	if opts.Kubeconfig != "" {
		if _, err := os.Stat(opts.Kubeconfig); err != nil {
			return nil, fmt.Errorf("rest: reading kubeconfig (--kubeconfig): %w", err)
		}
		return []consideredFile{{path: opts.Kubeconfig, how: "--kubeconfig"}}, nil
	}
	if env := os.Getenv("KUBECONFIG"); env != "" {
		var out []consideredFile
		seen := map[string]bool{}
		for _, p := range filepath.SplitList(env) {
			if p == "" || seen[p] {
				continue
			}
			seen[p] = true
			_, err := os.Stat(p)
			switch {
			case errors.Is(err, os.ErrNotExist):
				out = append(out, consideredFile{path: p, how: "$KUBECONFIG", skipped: true})
			case err != nil:
				return nil, fmt.Errorf("rest: reading kubeconfig from $KUBECONFIG: %w", err)
			default:
				out = append(out, consideredFile{path: p, how: "$KUBECONFIG"})
			}
		}
		// $KUBECONFIG replaces the default location rather than adding to it.
		return out, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, nil
	}
	p := filepath.Join(home, ".kube", "config")
	_, err = os.Stat(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return []consideredFile{{path: p, how: "~/.kube/config", skipped: true}}, nil
	case err != nil:
		return nil, fmt.Errorf("rest: reading kubeconfig ~/.kube/config: %w", err)
	}
	return []consideredFile{{path: p, how: "~/.kube/config"}}, nil
}

// parseKubeconfig reads one file and checks that names are set and unique.
func parseKubeconfig(path string) (*parsedFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rest: reading kubeconfig: %w", err)
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, &kubeconfigError{path: path, err: err}
	}
	f := &parsedFile{path: path, dir: dir}
	if f.unknown, err = decodeKubeconfig(data, &f.kc); err != nil {
		field, err, _ := asFieldError(err)
		return nil, &kubeconfigError{path: path, field: field, err: err}
	}
	// client-go decodes with kind Config and apiVersion v1 as defaults and
	// rejects any other.
	if k := f.kc.Kind; k != "" && k != "Config" {
		return nil, f.fail("kind", "%q is not a kubeconfig (want Config)", k)
	}
	if v := f.kc.APIVersion; v != "" && v != "v1" {
		return nil, f.fail("apiVersion", "%q is not supported (want v1)", v)
	}
	check := func(list string, names []string) error {
		first := map[string]int{}
		for i, n := range names {
			if n == "" {
				return f.fail(fmt.Sprintf("%s[%d].name", list, i), "not set")
			}
			if j, dup := first[n]; dup {
				return f.fail(fmt.Sprintf("%s[%d].name", list, i), "duplicate name %q (also %s[%d])", n, list, j)
			}
			first[n] = i
		}
		return nil
	}
	names := func(n int, name func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = name(i)
		}
		return out
	}
	kc := &f.kc
	if err := check("clusters", names(len(kc.Clusters), func(i int) string { return kc.Clusters[i].Name })); err != nil {
		return nil, err
	}
	if err := check("users", names(len(kc.Users), func(i int) string { return kc.Users[i].Name })); err != nil {
		return nil, err
	}
	if err := check("contexts", names(len(kc.Contexts), func(i int) string { return kc.Contexts[i].Name })); err != nil {
		return nil, err
	}
	return f, nil
}

// loadFromFiles merges the files as kubectl does (the first file to define
// a name or set current-context wins; entries are never merged field by
// field) and builds the Config of the chosen context.
func loadFromFiles(l *LoadedConfig, files []*parsedFile, opts LoadOptions) (*LoadedConfig, error) {
	clusters, users, contexts := map[string]entry{}, map[string]entry{}, map[string]entry{}
	var current string
	var currentFrom *parsedFile
	for _, f := range files {
		for i, c := range f.kc.Clusters {
			if _, ok := clusters[c.Name]; !ok {
				clusters[c.Name] = entry{f, i}
			}
		}
		for i, u := range f.kc.Users {
			if _, ok := users[u.Name]; !ok {
				users[u.Name] = entry{f, i}
			}
		}
		for i, c := range f.kc.Contexts {
			if _, ok := contexts[c.Name]; !ok {
				contexts[c.Name] = entry{f, i}
			}
		}
		if current == "" && f.kc.CurrentContext != "" {
			current, currentFrom = f.kc.CurrentContext, f
		}
	}
	allPaths := strings.Join(l.Files, ", ")
	noContext := &kubeconfigError{path: allPaths, field: "current-context", err: errors.New("not set and no context name given (set current-context or pass --context)")}

	// The context: --context, else current-context. As in kubectl, there
	// may be none when --cluster, --user or --server say enough.
	name, nameSource := opts.Context, "LoadOptions.Context (--context)"
	if name == "" && current != "" {
		name, nameSource = current, currentFrom.path+": current-context"
	}
	var (
		kctx     kubeconfigContext
		ce       entry
		ctxField string
	)
	if name != "" {
		var ok bool
		if ce, ok = contexts[name]; !ok {
			if opts.Context == "" {
				return nil, currentFrom.fail("current-context", "context %q not found", name)
			}
			return nil, &kubeconfigError{path: allPaths, err: fmt.Errorf("context %q not found", name)}
		}
		l.Context = name
		l.record("context", name, nameSource)
		kctx = ce.file.kc.Contexts[ce.index].Context
		ctxField = fmt.Sprintf("contexts[%d].context", ce.index)
	} else if opts.Cluster == "" && opts.User == "" && opts.Server == "" {
		return nil, noContext
	}
	ctxSource := func(field string) string {
		if ce.file == nil {
			return ""
		}
		return ce.file.path + ": " + ctxField + "." + field
	}

	// The namespace.
	switch {
	case opts.Namespace != "":
		l.Namespace = opts.Namespace
		l.record("namespace", opts.Namespace, "LoadOptions.Namespace (--namespace)")
	case kctx.Namespace != "":
		l.Namespace = kctx.Namespace
		l.record("namespace", kctx.Namespace, ctxSource("namespace"))
	default:
		l.Namespace = "default"
		l.record("namespace", "default", "default")
	}

	// The cluster. Without one, --server alone names the API server.
	clusterName, clusterSource := kctx.Cluster, ctxSource("cluster")
	if opts.Cluster != "" {
		clusterName, clusterSource = opts.Cluster, "LoadOptions.Cluster (--cluster)"
	}
	cfg := &Config{}
	l.Config = cfg
	var clusterExtensions []namedExtension
	switch {
	case clusterName != "":
		cle, ok := clusters[clusterName]
		if !ok {
			if opts.Cluster != "" {
				return nil, &kubeconfigError{path: allPaths, err: fmt.Errorf("cluster %q (--cluster) not found", clusterName)}
			}
			return nil, ce.file.fail(ctxField+".cluster", "cluster %q not found", clusterName)
		}
		l.record("cluster", clusterName, clusterSource)
		if err := applyCluster(l, cfg, cle, opts); err != nil {
			return nil, err
		}
		clusterExtensions = cle.file.kc.Clusters[cle.index].Cluster.Extensions
	case opts.Server != "":
		cfg.Host = opts.Server
		l.record("server", redactHost(opts.Server), "LoadOptions.Server (--server)")
	case name != "":
		return nil, ce.file.fail(ctxField+".cluster", "not set")
	default:
		return nil, noContext
	}

	// The user.
	userName, userSource := kctx.User, ctxSource("user")
	if opts.User != "" {
		userName, userSource = opts.User, "LoadOptions.User (--user)"
	}
	if userName == "" {
		return l, nil
	}
	ue, ok := users[userName]
	if !ok {
		if opts.User != "" {
			return nil, &kubeconfigError{path: allPaths, err: fmt.Errorf("user %q (--user) not found", userName)}
		}
		return nil, ce.file.fail(ctxField+".user", "user %q not found", userName)
	}
	l.record("user", userName, userSource)
	if err := applyUser(l, cfg, ue, clusterExtensions); err != nil {
		return nil, err
	}
	return l, nil
}

func serverOnly(l *LoadedConfig, opts LoadOptions) *LoadedConfig {
	l.Config = &Config{Host: opts.Server}
	l.record("server", redactHost(opts.Server), "LoadOptions.Server (--server)")
	l.Namespace = opts.Namespace
	if l.Namespace == "" {
		l.Namespace = "default"
		l.record("namespace", "default", "default")
	} else {
		l.record("namespace", l.Namespace, "LoadOptions.Namespace (--namespace)")
	}
	return l
}

func applyCluster(l *LoadedConfig, cfg *Config, e entry, opts LoadOptions) error {
	f := e.file
	cluster := f.kc.Clusters[e.index].Cluster
	field := fmt.Sprintf("clusters[%d].cluster", e.index)
	src := func(name string) string { return f.path + ": " + field + "." + name }
	var err error

	cfg.Host = cluster.Server
	switch {
	case opts.Server != "":
		cfg.Host = opts.Server
		l.record("server", redactHost(opts.Server), "LoadOptions.Server (--server)")
	case cluster.Server == "":
		return f.fail(field+".server", "not set")
	default:
		l.record("server", redactHost(cluster.Server), src("server"))
	}
	hasCA := cluster.CertificateAuthority != "" || cluster.CertificateAuthorityData != ""
	switch {
	case cluster.CertificateAuthority != "" && cluster.CertificateAuthorityData != "":
		return f.fail(field, "certificate-authority and certificate-authority-data are both set; remove one")
	case cluster.InsecureSkipTLSVerify && hasCA:
		return f.fail(field, "insecure-skip-tls-verify cannot be combined with certificate-authority(-data); remove one")
	}
	if cluster.CertificateAuthority != "" {
		cfg.TLSClientConfig.CAFile = f.resolve(cluster.CertificateAuthority)
		l.record("certificate-authority", cfg.TLSClientConfig.CAFile, src("certificate-authority"))
	}
	if cfg.TLSClientConfig.CAData, err = decodeBase64(cluster.CertificateAuthorityData); err != nil {
		return f.fail(field+".certificate-authority-data", "%v", err)
	}
	if len(cfg.TLSClientConfig.CAData) > 0 {
		l.record("certificate-authority-data", fmt.Sprintf("(%d bytes)", len(cfg.TLSClientConfig.CAData)), src("certificate-authority-data"))
	}
	if cluster.InsecureSkipTLSVerify {
		cfg.TLSClientConfig.Insecure = true
		l.record("insecure-skip-tls-verify", "true", src("insecure-skip-tls-verify"))
	}
	// --server clears the cluster's tls-server-name, as in kubectl: the name
	// belongs to the cluster's own server, and kept it would be sent as SNI
	// and verified against the certificate of another one.
	if cluster.TLSServerName != "" && opts.Server == "" {
		cfg.TLSClientConfig.ServerName = cluster.TLSServerName
		l.record("tls-server-name", cluster.TLSServerName, src("tls-server-name"))
	}
	if cluster.ProxyURL != "" {
		if _, err := parseProxyURL(cluster.ProxyURL); err != nil {
			return f.fail(field+".proxy-url", "%v", err)
		}
		cfg.ProxyURL = cluster.ProxyURL
		l.record("proxy-url", redactHost(cluster.ProxyURL), src("proxy-url"))
	}
	return nil
}

func applyUser(l *LoadedConfig, cfg *Config, e entry, clusterExtensions []namedExtension) error {
	f := e.file
	user := f.kc.Users[e.index].User
	field := fmt.Sprintf("users[%d].user", e.index)
	src := func(name string) string { return f.path + ": " + field + "." + name }
	hasToken := user.Token != "" || user.TokenFile != ""
	hasBasic := user.Username != "" || user.Password != ""
	switch {
	case isSet(user.AuthProvider):
		return f.fail(field+".auth-provider", "auth providers are not supported (kubectl removed them in 1.26); use an exec credential plugin instead")
	case user.ClientCertificate != "" && user.ClientCertificateData != "":
		return f.fail(field, "client-certificate and client-certificate-data are both set; remove one")
	case user.ClientKey != "" && user.ClientKeyData != "":
		return f.fail(field, "client-key and client-key-data are both set; remove one")
	case hasToken && hasBasic:
		return f.fail(field, "a token and username/password are both set; kubectl allows one authentication method, remove one")
	}
	// exec beside a token or username/password is accepted as kubectl does;
	// the transport then sends the token (or basic auth) and never runs the
	// plugin.
	var err error
	if user.Token != "" {
		cfg.BearerToken = user.Token
		l.record("token", redacted, src("token"))
	}
	if user.TokenFile != "" {
		cfg.BearerTokenFile = f.resolve(user.TokenFile)
		l.record("tokenFile", cfg.BearerTokenFile, src("tokenFile"))
	}
	if user.Username != "" {
		cfg.Username = user.Username
		l.record("username", user.Username, src("username"))
	}
	if user.Password != "" {
		cfg.Password = user.Password
		l.record("password", redacted, src("password"))
	}
	if user.ClientCertificate != "" {
		cfg.TLSClientConfig.CertFile = f.resolve(user.ClientCertificate)
		l.record("client-certificate", cfg.TLSClientConfig.CertFile, src("client-certificate"))
	}
	if user.ClientKey != "" {
		cfg.TLSClientConfig.KeyFile = f.resolve(user.ClientKey)
		l.record("client-key", cfg.TLSClientConfig.KeyFile, src("client-key"))
	}
	if cfg.TLSClientConfig.CertData, err = decodeBase64(user.ClientCertificateData); err != nil {
		return f.fail(field+".client-certificate-data", "%v", err)
	}
	if len(cfg.TLSClientConfig.CertData) > 0 {
		l.record("client-certificate-data", fmt.Sprintf("(%d bytes)", len(cfg.TLSClientConfig.CertData)), src("client-certificate-data"))
	}
	// The base64 error reports only an offset, never key material.
	if cfg.TLSClientConfig.KeyData, err = decodeBase64(user.ClientKeyData); err != nil {
		return f.fail(field+".client-key-data", "%v", err)
	}
	if len(cfg.TLSClientConfig.KeyData) > 0 {
		l.record("client-key-data", redacted, src("client-key-data"))
	}
	applyImpersonation(l, cfg, user, src)
	if user.Exec != nil {
		x := user.Exec
		command := x.Command
		if strings.ContainsRune(command, filepath.Separator) || strings.ContainsRune(command, '/') {
			// kubectl resolves a command with a path separator against the
			// kubeconfig's directory; a bare name is looked up in $PATH.
			command = f.resolve(command)
		}
		exec := &ExecConfig{
			Command:            command,
			Args:               x.Args,
			APIVersion:         x.APIVersion,
			InstallHint:        x.InstallHint,
			ProvideClusterInfo: x.ProvideClusterInfo,
			InteractiveMode:    x.InteractiveMode,
		}
		for _, v := range x.Env {
			exec.Env = append(exec.Env, ExecEnvVar{Name: v.Name, Value: v.Value})
		}
		if bad, err := exec.validate(); err != nil {
			return f.fail(field+".exec."+bad, "%v", err)
		}
		// kubectl defaults interactiveMode to IfAvailable for v1beta1 only;
		// a v1 plugin must say whether it may prompt.
		if x.APIVersion == ExecAPIVersionV1 && x.InteractiveMode == "" {
			return f.fail(field+".exec.interactiveMode", "required with apiVersion %s, as kubectl requires (set Never or IfAvailable)", ExecAPIVersionV1)
		}
		if x.ProvideClusterInfo {
			for _, ext := range clusterExtensions {
				if ext.Name == execClusterExtension && isSet(ext.Extension) {
					exec.Config = ext.Extension
				}
			}
		}
		cfg.ExecProvider = exec
		l.record("exec", fmt.Sprintf("%s (%s)", command, x.APIVersion), src("exec"))
	}
	return nil
}

func decodeBase64(s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	return base64.StdEncoding.DecodeString(s)
}

func isSet(raw json.RawMessage) bool {
	return len(raw) > 0 && string(raw) != "null"
}
