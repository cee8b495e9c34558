package rest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"sigs.k8s.io/yaml"
)

// The kubeconfig structs cover only what clientgen supports; everything else
// in the file is ignored, except credentials mechanisms we cannot honour,
// which are rejected rather than silently sending unauthenticated requests.
type kubeconfigFile struct {
	Clusters       []namedCluster `json:"clusters"`
	Users          []namedUser    `json:"users"`
	Contexts       []namedContext `json:"contexts"`
	CurrentContext string         `json:"current-context"`
}

type namedCluster struct {
	Name    string            `json:"name"`
	Cluster kubeconfigCluster `json:"cluster"`
}

type kubeconfigCluster struct {
	Server                   string `json:"server"`
	CertificateAuthority     string `json:"certificate-authority"`
	CertificateAuthorityData string `json:"certificate-authority-data"`
	InsecureSkipTLSVerify    bool   `json:"insecure-skip-tls-verify"`
	TLSServerName            string `json:"tls-server-name"`
}

type namedUser struct {
	Name string         `json:"name"`
	User kubeconfigUser `json:"user"`
}

type kubeconfigUser struct {
	Token                 string          `json:"token"`
	TokenFile             string          `json:"tokenFile"`
	ClientCertificate     string          `json:"client-certificate"`
	ClientCertificateData string          `json:"client-certificate-data"`
	ClientKey             string          `json:"client-key"`
	ClientKeyData         string          `json:"client-key-data"`
	Username              string          `json:"username"`
	Password              string          `json:"password"`
	Exec                  json.RawMessage `json:"exec"`
	AuthProvider          json.RawMessage `json:"auth-provider"`
}

type namedContext struct {
	Name    string            `json:"name"`
	Context kubeconfigContext `json:"context"`
}

type kubeconfigContext struct {
	Cluster   string `json:"cluster"`
	User      string `json:"user"`
	Namespace string `json:"namespace"`
}

// BuildConfigFromFlags has the meaning of client-go's
// clientcmd.BuildConfigFromFlags, minus in-cluster configuration: the
// kubeconfig is kubeconfigPath, else the first existing file listed in
// $KUBECONFIG, else ~/.kube/config (only when $KUBECONFIG is unset, as in
// client-go). masterURL, if set, overrides the cluster's server. With no
// kubeconfig found, masterURL alone is used; with neither, it is an error.
func BuildConfigFromFlags(masterURL, kubeconfigPath string) (*Config, error) {
	path := kubeconfigPath
	if path == "" {
		path = defaultKubeconfigPath()
	}
	if path == "" {
		if masterURL == "" {
			return nil, errors.New("rest: no kubeconfig found (checked $KUBECONFIG and ~/.kube/config) and no master URL given; in-cluster configuration is not supported yet")
		}
		return &Config{Host: masterURL}, nil
	}
	return loadKubeconfig(path, "", masterURL)
}

// ConfigFromKubeconfig loads the kubeconfig at path and returns the Config of
// context contextName, or of the current-context when contextName is "".
func ConfigFromKubeconfig(path, contextName string) (*Config, error) {
	return loadKubeconfig(path, contextName, "")
}

func defaultKubeconfigPath() string {
	if env := os.Getenv("KUBECONFIG"); env != "" {
		for _, p := range filepath.SplitList(env) {
			if p == "" {
				continue
			}
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		// $KUBECONFIG replaces the default location rather than adding to it.
		return ""
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	p := filepath.Join(home, ".kube", "config")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
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

func loadKubeconfig(path, contextName, serverOverride string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rest: reading kubeconfig: %w", err)
	}
	fail := func(field string, format string, args ...any) error {
		return &kubeconfigError{path: path, field: field, err: fmt.Errorf(format, args...)}
	}
	var kc kubeconfigFile
	if err := yaml.Unmarshal(data, &kc); err != nil {
		return nil, &kubeconfigError{path: path, err: err}
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, &kubeconfigError{path: path, err: err}
	}
	resolve := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}

	name := contextName
	if name == "" {
		name = kc.CurrentContext
		if name == "" {
			if serverOverride != "" {
				// client-go builds a config from the override alone here.
				return &Config{Host: serverOverride}, nil
			}
			return nil, fail("current-context", "not set and no context name given")
		}
	}
	ci := -1
	for i := range kc.Contexts {
		if kc.Contexts[i].Name == name {
			ci = i
			break
		}
	}
	if ci < 0 {
		if contextName == "" {
			return nil, fail("current-context", "context %q not found", name)
		}
		return nil, &kubeconfigError{path: path, err: fmt.Errorf("context %q not found", name)}
	}
	kctx := kc.Contexts[ci].Context
	ctxField := fmt.Sprintf("contexts[%d].context", ci)

	if kctx.Cluster == "" {
		return nil, fail(ctxField+".cluster", "not set")
	}
	cli := -1
	for i := range kc.Clusters {
		if kc.Clusters[i].Name == kctx.Cluster {
			cli = i
			break
		}
	}
	if cli < 0 {
		return nil, fail(ctxField+".cluster", "cluster %q not found", kctx.Cluster)
	}
	cluster := kc.Clusters[cli].Cluster
	clusterField := fmt.Sprintf("clusters[%d].cluster", cli)

	cfg := &Config{Host: cluster.Server}
	if serverOverride != "" {
		cfg.Host = serverOverride
	}
	if cfg.Host == "" {
		return nil, fail(clusterField+".server", "not set")
	}
	if cluster.CertificateAuthority != "" && cluster.CertificateAuthorityData != "" {
		return nil, fail(clusterField, "certificate-authority and certificate-authority-data are both set")
	}
	cfg.TLSClientConfig.CAFile = resolve(cluster.CertificateAuthority)
	if cfg.TLSClientConfig.CAData, err = decodeBase64(cluster.CertificateAuthorityData); err != nil {
		return nil, fail(clusterField+".certificate-authority-data", "%v", err)
	}
	cfg.TLSClientConfig.Insecure = cluster.InsecureSkipTLSVerify
	cfg.TLSClientConfig.ServerName = cluster.TLSServerName

	if kctx.User == "" {
		return cfg, nil
	}
	ui := -1
	for i := range kc.Users {
		if kc.Users[i].Name == kctx.User {
			ui = i
			break
		}
	}
	if ui < 0 {
		return nil, fail(ctxField+".user", "user %q not found", kctx.User)
	}
	user := kc.Users[ui].User
	userField := fmt.Sprintf("users[%d].user", ui)
	switch {
	case isSet(user.Exec):
		return nil, fail(userField+".exec", "exec credential plugins are not supported yet")
	case isSet(user.AuthProvider):
		return nil, fail(userField+".auth-provider", "auth providers are not supported yet")
	case user.ClientCertificate != "" && user.ClientCertificateData != "":
		return nil, fail(userField, "client-certificate and client-certificate-data are both set")
	case user.ClientKey != "" && user.ClientKeyData != "":
		return nil, fail(userField, "client-key and client-key-data are both set")
	}
	cfg.BearerToken = user.Token
	cfg.BearerTokenFile = resolve(user.TokenFile)
	cfg.Username = user.Username
	cfg.Password = user.Password
	cfg.TLSClientConfig.CertFile = resolve(user.ClientCertificate)
	cfg.TLSClientConfig.KeyFile = resolve(user.ClientKey)
	if cfg.TLSClientConfig.CertData, err = decodeBase64(user.ClientCertificateData); err != nil {
		return nil, fail(userField+".client-certificate-data", "%v", err)
	}
	// The base64 error reports only an offset, never key material.
	if cfg.TLSClientConfig.KeyData, err = decodeBase64(user.ClientKeyData); err != nil {
		return nil, fail(userField+".client-key-data", "%v", err)
	}
	return cfg, nil
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
