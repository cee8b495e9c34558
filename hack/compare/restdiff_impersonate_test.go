package compare

import "testing"

// TestRESTDiffSeesImpersonationHeaders checks that the kubeconfig
// differential test compares something real for impersonation: both
// clients' requests reach the recorder with the same Impersonate-* headers
// (one Impersonate-Group per group, in order; extra keys percent-encoded
// where a header name cannot hold them), so a "same: impersonation" case
// is not two empty strings found equal.
func TestRESTDiffSeesImpersonationHeaders(t *testing.T) {
	for _, k := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
		"KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "KUBERNETES_MASTER"} {
		t.Setenv(k, "")
	}
	t.Setenv("KUBECONFIG", "")
	t.Setenv("HOME", t.TempDir())
	e := rdNewEnv(t)
	c := rdOne("impersonation with every field", rdKC("server: {{TLS}}\n"+rdCA,
		"token: t\nas: someone\nas-uid: uid-1\nas-groups: [g2, g1]\nas-user-extra:\n  scopes: [s1, s2]\n  \"Key With Space%\": [a]"))
	m := rdMaterialize(t, e, t.TempDir(), c)
	t.Setenv("KUBECONFIG", m.kubeconfig)
	t.Setenv("HOME", m.home)
	want := "Impersonate-Extra-Key%20with%20space%25: a\n" +
		"Impersonate-Extra-Scopes: s1\nImpersonate-Extra-Scopes: s2\n" +
		"Impersonate-Group: g2\nImpersonate-Group: g1\n" +
		"Impersonate-Uid: uid-1\nImpersonate-User: someone"
	for _, run := range []struct {
		client string
		obs    rdKubeObs
	}{
		{"client-go", rdRunClientGo(e, m, c)},
		{"clientgen", rdRunClientgen(e, m, c)},
	} {
		if run.obs.Outcome != "ok" || len(run.obs.Hits) != 1 {
			t.Fatalf("%s: outcome %s (%s), %d requests reached the server; want ok and 1", run.client, run.obs.Outcome, run.obs.Err, len(run.obs.Hits))
		}
		if got := run.obs.Hits[0].Impersonate; got != want {
			t.Errorf("%s sent impersonation headers\n%s\nwant\n%s", run.client, got, want)
		}
	}
}
