package rest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
)

// DefaultServiceAccountDir is where the kubelet mounts a pod's
// service-account token, CA and namespace.
const DefaultServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

// InClusterOptions say where the in-cluster configuration is read; empty
// fields mean the files in DefaultServiceAccountDir. The API server address
// always comes from $KUBERNETES_SERVICE_HOST and $KUBERNETES_SERVICE_PORT.
type InClusterOptions struct {
	TokenFile     string
	CAFile        string
	NamespaceFile string
}

func (o InClusterOptions) withDefaults() InClusterOptions {
	if o.TokenFile == "" {
		o.TokenFile = filepath.Join(DefaultServiceAccountDir, "token")
	}
	if o.CAFile == "" {
		o.CAFile = filepath.Join(DefaultServiceAccountDir, "ca.crt")
	}
	if o.NamespaceFile == "" {
		o.NamespaceFile = filepath.Join(DefaultServiceAccountDir, "namespace")
	}
	return o
}

// inClusterPossible reports whether this process looks like it runs in a
// pod: the service environment variables the kubelet sets are present.
func inClusterPossible() bool {
	return os.Getenv("KUBERNETES_SERVICE_HOST") != "" && os.Getenv("KUBERNETES_SERVICE_PORT") != ""
}

// InClusterConfig returns the configuration of a pod's service account: the
// API server from $KUBERNETES_SERVICE_HOST and $KUBERNETES_SERVICE_PORT,
// the token file (re-read as the kubelet rotates it) and the cluster CA.
func InClusterConfig() (*Config, error) {
	l, err := LoadInClusterConfig(InClusterOptions{})
	if err != nil {
		return nil, err
	}
	return l.Config, nil
}

// LoadInClusterConfig is InClusterConfig with the file locations of opts,
// also reporting the namespace ($POD_NAMESPACE, else the service account's
// namespace file, else "default") and the origin of each value.
func LoadInClusterConfig(opts InClusterOptions) (*LoadedConfig, error) {
	l := &LoadedConfig{InCluster: true}
	if err := loadInCluster(l, opts); err != nil {
		return nil, err
	}
	return l, nil
}

func loadInCluster(l *LoadedConfig, opts InClusterOptions) error {
	opts = opts.withDefaults()
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return errors.New("rest: in-cluster configuration: $KUBERNETES_SERVICE_HOST and $KUBERNETES_SERVICE_PORT must be set (they are in a pod); outside a cluster use a kubeconfig")
	}
	token, err := os.ReadFile(opts.TokenFile)
	if err != nil {
		return fmt.Errorf("rest: in-cluster configuration: reading the service-account token: %w (is automountServiceAccountToken false?)", err)
	}
	if strings.TrimSpace(string(token)) == "" {
		return fmt.Errorf("rest: in-cluster configuration: the service-account token file %s is empty", opts.TokenFile)
	}
	if _, err := os.Stat(opts.CAFile); err != nil {
		return fmt.Errorf("rest: in-cluster configuration: reading the cluster CA: %w", err)
	}
	l.Config = &Config{
		Host:            "https://" + net.JoinHostPort(host, port),
		BearerTokenFile: opts.TokenFile,
		TLSClientConfig: TLSClientConfig{CAFile: opts.CAFile},
	}
	l.record("server", l.Config.Host, "in-cluster: $KUBERNETES_SERVICE_HOST and $KUBERNETES_SERVICE_PORT")
	l.record("certificate-authority", opts.CAFile, "in-cluster: service-account CA")
	l.record("tokenFile", opts.TokenFile, "in-cluster: service-account token")
	switch ns, err := os.ReadFile(opts.NamespaceFile); {
	case os.Getenv("POD_NAMESPACE") != "":
		l.Namespace = os.Getenv("POD_NAMESPACE")
		l.record("namespace", l.Namespace, "$POD_NAMESPACE")
	case err == nil && strings.TrimSpace(string(ns)) != "":
		l.Namespace = strings.TrimSpace(string(ns))
		l.record("namespace", l.Namespace, "in-cluster: "+opts.NamespaceFile)
	default:
		l.Namespace = "default"
		l.record("namespace", "default", "default")
	}
	return nil
}

// loadWithoutKubeconfig is kubectl's fallback when no kubeconfig file
// exists: the in-cluster configuration in a pod, else --server alone.
func loadWithoutKubeconfig(l *LoadedConfig, opts LoadOptions) (*LoadedConfig, error) {
	if inClusterPossible() {
		l.InCluster = true
		if err := loadInCluster(l, opts.InCluster); err != nil {
			return nil, err
		}
		if opts.Server != "" {
			l.Config.Host = opts.Server
			l.record("server", redactHost(opts.Server), "LoadOptions.Server (--server)")
		}
		if opts.Namespace != "" {
			l.Namespace = opts.Namespace
			l.record("namespace", opts.Namespace, "LoadOptions.Namespace (--namespace)")
		}
		return l, nil
	}
	if opts.Server != "" {
		return serverOnly(l, opts), nil
	}
	return nil, errors.New("rest: no kubeconfig found (checked $KUBECONFIG and ~/.kube/config), not running in a cluster ($KUBERNETES_SERVICE_HOST is unset) and no server (master URL) given; pass --kubeconfig or set $KUBECONFIG")
}

// Explain describes the configuration for a --explain style debug print:
// the files considered, and each value with where it came from. Secrets
// are redacted.
func (l *LoadedConfig) Explain() string {
	var b strings.Builder
	switch {
	case len(l.considered) > 0:
		b.WriteString("kubeconfig files, highest precedence first (the first to define a name or current-context wins):\n")
		for _, c := range l.considered {
			note := c.how
			if c.skipped {
				note += "; does not exist, skipped"
			}
			fmt.Fprintf(&b, "  %s (%s)\n", c.path, note)
		}
	default:
		b.WriteString("no kubeconfig files\n")
	}
	if l.InCluster {
		b.WriteString("using the in-cluster configuration (service account)\n")
	}
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, o := range l.origins {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", o.Field, o.Value, o.Source)
	}
	_ = tw.Flush()
	return b.String()
}
