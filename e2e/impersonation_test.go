//go:build e2e

package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/clientgen/clientgen/internal/testserver"
	"github.com/clientgen/clientgen/runtime/rest"
)

// selfSubjectReview is authentication.k8s.io/v1 SelfSubjectReview ("who am
// I"), declared here because this module does not depend on k8s.io/api and
// no generated client has it; the runtime's request builder sends it.
type selfSubjectReview struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Status            struct {
		UserInfo userInfo `json:"userInfo"`
	} `json:"status"`
}

type userInfo struct {
	Username string              `json:"username,omitempty"`
	UID      string              `json:"uid,omitempty"`
	Groups   []string            `json:"groups,omitempty"`
	Extra    map[string][]string `json:"extra,omitempty"`
}

func (in *selfSubjectReview) DeepCopyObject() runtime.Object {
	out := *in
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	out.Status.UserInfo.Groups = slices.Clone(in.Status.UserInfo.Groups)
	if in.Status.UserInfo.Extra != nil {
		out.Status.UserInfo.Extra = map[string][]string{}
		for k, v := range in.Status.UserInfo.Extra {
			out.Status.UserInfo.Extra[k] = slices.Clone(v)
		}
	}
	return &out
}

var authenticationV1 = schema.GroupVersion{Group: "authentication.k8s.io", Version: "v1"}

// whoAmIClient is a RESTClient for authentication.k8s.io/v1 built from cfg.
func whoAmIClient(t testing.TB, cfg *rest.Config) *rest.RESTClient {
	t.Helper()
	scheme := runtime.NewScheme()
	scheme.AddKnownTypeWithName(authenticationV1.WithKind("SelfSubjectReview"), &selfSubjectReview{})
	metav1.AddToGroupVersion(scheme, authenticationV1)
	c, err := rest.RESTClientFor(rest.ForGroupVersion(cfg, authenticationV1, serializer.NewCodecFactory(scheme)))
	if err != nil {
		t.Fatalf("RESTClientFor: %v", err)
	}
	t.Cleanup(c.HTTPClient().CloseIdleConnections)
	return c
}

// whoAmI creates a SelfSubjectReview: the server answers with the user it
// authenticated the request as, after impersonation.
func whoAmI(ctx context.Context, c *rest.RESTClient) (userInfo, error) {
	out := &selfSubjectReview{}
	err := c.Post().Resource("selfsubjectreviews").Body(&selfSubjectReview{}).Do(ctx).Into(out)
	return out.Status.UserInfo, err
}

// impersonatingKubeconfig writes a kubeconfig for the test server whose
// user is the admin certificate plus the given impersonation fields (YAML
// lines under user:).
func impersonatingKubeconfig(t testing.TB, fields string) string {
	t.Helper()
	admin := configFor(t, testserver.CertContext)
	b64 := func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
	path := filepath.Join(t.TempDir(), "kubeconfig")
	writeFileOrFail(t, path, fmt.Sprintf(`apiVersion: v1
kind: Config
current-context: impersonating
clusters:
- name: e2e
  cluster:
    server: %q
    certificate-authority-data: %q
users:
- name: admin-as
  user:
    client-certificate-data: %q
    client-key-data: %q
%s
contexts:
- name: impersonating
  context: {cluster: e2e, user: admin-as}
`, admin.Host, b64(admin.TLSClientConfig.CAData), b64(admin.TLSClientConfig.CertData), b64(admin.TLSClientConfig.KeyData), indent(fields, "    ")))
	return path
}

// writeFileOrFail writes a private file.
func writeFileOrFail(t testing.TB, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

// TestImpersonationIsSeenByTheRealServer asks the real kube-apiserver who
// the request is: the admin impersonating someone is that someone, with
// the impersonated UID, groups (plus system:authenticated, which the
// server adds) and extra.
func TestImpersonationIsSeenByTheRealServer(t *testing.T) {
	ctx := testContext(t)
	fromKubeconfig := func(fields string, opts rest.LoadOptions) func(t *testing.T) *rest.Config {
		return func(t *testing.T) *rest.Config {
			opts.Kubeconfig = impersonatingKubeconfig(t, fields)
			l, err := rest.LoadConfig(opts)
			if err != nil {
				t.Fatal(err)
			}
			return l.Config
		}
	}
	tests := []struct {
		name   string
		config func(t *testing.T) *rest.Config
		want   userInfo
	}{
		{
			name:   "without impersonation the admin is the admin",
			config: func(t *testing.T) *rest.Config { return configFor(t, testserver.CertContext) },
			want:   userInfo{Username: "admin", Groups: []string{"system:masters", "system:authenticated"}},
		},
		{
			name: "Config.Impersonate: user, uid, groups and extra",
			config: func(t *testing.T) *rest.Config {
				cfg := configFor(t, testserver.CertContext)
				cfg.Impersonate = rest.ImpersonationConfig{
					UserName: "jane", UID: "jane-uid-1", Groups: []string{"devs", "qa"},
					Extra: map[string][]string{"example.com/team": {"blue", "green"}, "reason": {"e2e test"}},
				}
				return cfg
			},
			want: userInfo{Username: "jane", UID: "jane-uid-1", Groups: []string{"devs", "qa", "system:authenticated"},
				Extra: map[string][]string{"example.com/team": {"blue", "green"}, "reason": {"e2e test"}}},
		},
		{
			name: "kubeconfig as, as-uid, as-groups and as-user-extra",
			config: fromKubeconfig(`as: bob
as-uid: bob-uid
as-groups: [ops]
as-user-extra:
  scopes: [view]`, rest.LoadOptions{}),
			want: userInfo{Username: "bob", UID: "bob-uid", Groups: []string{"ops", "system:authenticated"}, Extra: map[string][]string{"scopes": {"view"}}},
		},
		{
			name:   "--as and --as-group (LoadOptions) replace the kubeconfig's user and groups",
			config: fromKubeconfig("as: bob\nas-groups: [ops]", rest.LoadOptions{Impersonate: "carol", ImpersonateGroups: []string{"auditors"}}),
			want:   userInfo{Username: "carol", Groups: []string{"auditors", "system:authenticated"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := whoAmI(ctx, whoAmIClient(t, tt.config(t)))
			if err != nil {
				t.Fatalf("SelfSubjectReview: %v", err)
			}
			// The server adds the credential's ID (the certificate's hash)
			// when nobody is impersonated.
			delete(got.Extra, "authentication.kubernetes.io/credential-id")
			if len(got.Extra) == 0 {
				got.Extra = nil
			}
			slices.Sort(got.Groups)
			slices.Sort(tt.want.Groups)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("the server saw (-want +got):\n%s", diff)
			}
		})
	}
}

// TestImpersonatingWithoutThePermissionIsForbidden: a user the server
// authenticates but RBAC grants nothing (a certificate of the test client
// CA) may ask who it is, and gets 403 Forbidden when it impersonates.
func TestImpersonatingWithoutThePermissionIsForbidden(t *testing.T) {
	ctx := testContext(t)
	const nobody = "clientgen-e2e-nobody"
	certPEM, keyPEM, err := server.IssueClientCert(nobody)
	if err != nil {
		t.Fatal(err)
	}
	cfg := configFor(t, testserver.CertContext)
	cfg.TLSClientConfig.CertData, cfg.TLSClientConfig.KeyData = certPEM, keyPEM

	who, err := whoAmI(ctx, whoAmIClient(t, cfg))
	if err != nil || who.Username != nobody {
		t.Fatalf("without impersonation: %+v, %v; want %s, authenticated", who, err, nobody)
	}
	cfg.Impersonate = rest.ImpersonationConfig{UserName: "admin", Groups: []string{"system:masters"}}
	who, err = whoAmI(ctx, whoAmIClient(t, cfg))
	if !apierrors.IsForbidden(err) {
		t.Fatalf("impersonating admin as %s: %+v, %v; want 403 Forbidden", nobody, who, err)
	}
	if !strings.Contains(err.Error(), "cannot impersonate") {
		t.Errorf("error = %v, want the server's reason (cannot impersonate)", err)
	}
}
