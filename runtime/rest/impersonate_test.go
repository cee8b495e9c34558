package rest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clientgen/clientgen/runtime/rest"
)

// headerRecorder is a server that answers a Widget and keeps the headers
// of every request it saw.
type headerRecorder struct {
	mu   sync.Mutex
	seen []http.Header
}

func (h *headerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.seen = append(h.seen, r.Header.Clone())
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(widgetJSON))
}

func (h *headerRecorder) requests() []http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seen)
}

// impersonationHeaders keeps the Impersonate-* headers of h.
func impersonationHeaders(h http.Header) http.Header {
	out := http.Header{}
	for k, vs := range h {
		if strings.HasPrefix(k, "Impersonate-") {
			out[k] = vs
		}
	}
	return out
}

// getWidget sends one GET with cfg (no retries, no rate limit).
func getWidget(tb testing.TB, cfg *rest.Config, opts ...func(*rest.Request)) error {
	tb.Helper()
	cfg = rest.ForGroupVersion(cfg, widgetGV, testCodecs(tb))
	cfg.QPS, cfg.Logger, cfg.RetryPolicy = -1, quietLogger, &rest.RetryPolicy{}
	c, err := rest.RESTClientFor(cfg)
	if err != nil {
		return err
	}
	tb.Cleanup(c.HTTPClient().CloseIdleConnections)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	req := c.Get().Resource("widgets").Name("w1")
	for _, o := range opts {
		o(req)
	}
	return req.Do(ctx).Into(&Widget{})
}

func TestImpersonationHeadersHaveTheShapeTheAPIServerReads(t *testing.T) {
	tests := []struct {
		name string
		imp  rest.ImpersonationConfig
		// secure serves over TLS with a bearer token beside impersonation.
		secure bool
		// callerUser is an Impersonate-User header the caller sets itself.
		callerUser string
		want       http.Header
	}{
		{
			name: "a user alone is one Impersonate-User header",
			imp:  rest.ImpersonationConfig{UserName: "jane"},
			want: http.Header{"Impersonate-User": {"jane"}},
		},
		{
			name: "uid, each group and each extra value are headers of their own",
			imp: rest.ImpersonationConfig{
				UserName: "system:serviceaccount:ns:sa",
				UID:      "1234-abcd",
				Groups:   []string{"system:authenticated", "devs"},
				Extra:    map[string][]string{"scopes": {"view", "edit"}, "reason": {"on call"}},
			},
			want: http.Header{
				"Impersonate-User":         {"system:serviceaccount:ns:sa"},
				"Impersonate-Uid":          {"1234-abcd"},
				"Impersonate-Group":        {"system:authenticated", "devs"},
				"Impersonate-Extra-Scopes": {"view", "edit"},
				"Impersonate-Extra-Reason": {"on call"},
			},
		},
		{
			// The key bytes client-go's headerKeyEscape encodes: those that
			// are not RFC 9110 token characters, and '%'. net/http then
			// canonicalizes the header name (which the server lowercases
			// before decoding).
			name: "extra keys are percent-encoded where a header name cannot hold them",
			imp: rest.ImpersonationConfig{UserName: "jane", Extra: map[string][]string{
				"example.com/scopes": {"a"},
				"100%":               {"b"},
				"with space":         {"c"},
				"ünï":                {"d"},
				"keep!#$&'*+-.^_`|~": {"e"},
			}},
			want: http.Header{
				"Impersonate-User":                       {"jane"},
				"Impersonate-Extra-Example.com%2fscopes": {"a"},
				"Impersonate-Extra-100%25":               {"b"},
				"Impersonate-Extra-With%20space":         {"c"},
				"Impersonate-Extra-%c3%bcn%c3%af":        {"d"},
				"Impersonate-Extra-Keep!#$&'*+-.^_`|~":   {"e"},
			},
		},
		{
			name:   "over TLS the headers go beside the credentials",
			imp:    rest.ImpersonationConfig{UserName: "jane", Groups: []string{"devs"}},
			secure: true,
			want:   http.Header{"Impersonate-User": {"jane"}, "Impersonate-Group": {"devs"}},
		},
		{
			name:       "an Impersonate-User the caller set wins, and nothing is added to it",
			imp:        rest.ImpersonationConfig{UserName: "jane", Groups: []string{"devs"}},
			callerUser: "bob",
			want:       http.Header{"Impersonate-User": {"bob"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &headerRecorder{}
			cfg := &rest.Config{Impersonate: tt.imp}
			if tt.secure {
				srv := newTLSServer(t, rec)
				cfg.Host, cfg.TLSClientConfig.CAData, cfg.BearerToken = srv.URL, serverCAPEM(t, srv), "admin-token"
			} else {
				srv := httptest.NewServer(rec)
				t.Cleanup(srv.Close)
				cfg.Host = srv.URL
			}
			var opts []func(*rest.Request)
			if tt.callerUser != "" {
				opts = append(opts, func(r *rest.Request) { r.SetHeader("Impersonate-User", tt.callerUser) })
			}
			if err := getWidget(t, cfg, opts...); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			if diff := cmp.Diff(tt.want, impersonationHeaders(reqs[0])); diff != "" {
				t.Errorf("impersonation headers (-want +got):\n%s", diff)
			}
			if tt.secure && reqs[0].Get("Authorization") != "Bearer admin-token" {
				t.Errorf("Authorization = %q, want the configured token beside impersonation", reqs[0].Get("Authorization"))
			}
			// The server decodes the lower-cased key (k8s.io/apiserver's
			// impersonation filter); it must give back every key.
			for k := range tt.imp.Extra {
				found := false
				for h := range reqs[0] {
					if enc, ok := strings.CutPrefix(h, "Impersonate-Extra-"); ok {
						if dec, err := url.PathUnescape(strings.ToLower(enc)); err == nil && dec == strings.ToLower(k) {
							found = true
						}
					}
				}
				if !found && tt.callerUser == "" {
					t.Errorf("extra key %q does not decode from any header", k)
				}
			}
		})
	}
}

func TestImpersonationIsNotAddedAcrossARedirectToAnotherHost(t *testing.T) {
	other := &headerRecorder{}
	otherSrv := httptest.NewServer(other)
	t.Cleanup(otherSrv.Close)
	first := &headerRecorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first.ServeHTTP(httptest.NewRecorder(), r)
		http.Redirect(w, r, otherSrv.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	if err := getWidget(t, &rest.Config{Host: srv.URL, Impersonate: rest.ImpersonationConfig{UserName: "jane"}}); err != nil {
		t.Fatal(err)
	}
	if got := first.requests(); len(got) != 1 || got[0].Get("Impersonate-User") != "jane" {
		t.Errorf("first host saw %v, want one request impersonating jane", got)
	}
	if got := other.requests(); len(got) != 1 || len(impersonationHeaders(got[0])) != 0 {
		t.Errorf("redirect target saw %v, want one request without Impersonate-* headers", got)
	}
}

func TestImpersonationWithoutAUserNameIsRejectedWhenTheClientIsBuilt(t *testing.T) {
	for _, imp := range []rest.ImpersonationConfig{
		{Groups: []string{"devs"}},
		{UID: "1"},
		{Extra: map[string][]string{"k": {"v"}}},
	} {
		_, err := rest.HTTPClientFor(&rest.Config{Host: "https://x", Impersonate: imp})
		if err == nil || !strings.Contains(err.Error(), "without UserName") {
			t.Errorf("HTTPClientFor with Impersonate %v: error = %v, want one about the missing UserName", imp, err)
		}
	}
}

func TestConfigCopiesAndPrintsImpersonation(t *testing.T) {
	cfg := &rest.Config{Impersonate: rest.ImpersonationConfig{
		UserName: "jane", Groups: []string{"devs"}, Extra: map[string][]string{"scopes": {"secret-scope"}},
	}}
	cp := rest.ForGroupVersion(cfg, widgetGV, testCodecs(t))
	cp.Impersonate.Groups[0] = "changed"
	cp.Impersonate.Extra["scopes"][0] = "changed"
	if cfg.Impersonate.Groups[0] != "devs" || cfg.Impersonate.Extra["scopes"][0] != "secret-scope" {
		t.Errorf("changing the copy changed the original: %+v", cfg.Impersonate)
	}
	s := cfg.String()
	if want := `Impersonate:{UserName:"jane", UID:"", Groups:["devs"], Extra keys:["scopes"]}`; !strings.Contains(s, want) {
		t.Errorf("String() = %s\nwant it to contain %s", s, want)
	}
	if strings.Contains(s, "secret-scope") {
		t.Errorf("String() = %s shows an extra value", s)
	}
}

func TestKubeconfigImpersonationIsLoadedAndMergedWithTheFlags(t *testing.T) {
	dir := t.TempDir()
	full := withUser(`token: t, as: jane, as-uid: "42", as-groups: [devs, ops], as-user-extra: {scopes: [view, edit], example.com/team: [a]}`, "ns")
	noUser := `current-context: a
clusters: [{name: c, cluster: {server: "https://x"}}]
contexts: [{name: a, context: {cluster: c}}]
`
	tests := []struct {
		name    string
		yaml    string
		opts    rest.LoadOptions
		want    rest.ImpersonationConfig
		wantSrc map[string]string // field -> suffix of LoadedConfig.Source
		wantErr string
	}{
		{
			name: "as, as-uid, as-groups and as-user-extra fill Config.Impersonate",
			yaml: full,
			want: rest.ImpersonationConfig{UserName: "jane", UID: "42", Groups: []string{"devs", "ops"},
				Extra: map[string][]string{"scopes": {"view", "edit"}, "example.com/team": {"a"}}},
			wantSrc: map[string]string{"as": "users[0].user.as", "as-groups": "users[0].user.as-groups", "as-user-extra": "users[0].user.as-user-extra"},
		},
		{
			name: "--as and --as-group replace the file's user and groups; uid and extra are kept, as kubectl merges",
			yaml: full,
			opts: rest.LoadOptions{Impersonate: "bob", ImpersonateGroups: []string{"qa"}},
			want: rest.ImpersonationConfig{UserName: "bob", UID: "42", Groups: []string{"qa"},
				Extra: map[string][]string{"scopes": {"view", "edit"}, "example.com/team": {"a"}}},
			wantSrc: map[string]string{"as": "LoadOptions.Impersonate (--as)", "as-groups": "LoadOptions.ImpersonateGroups (--as-group)", "as-uid": "users[0].user.as-uid"},
		},
		{
			name:    "--as, --as-uid and --as-group work for a context without a user",
			yaml:    noUser,
			opts:    rest.LoadOptions{Impersonate: "bob", ImpersonateUID: "7", ImpersonateGroups: []string{"a", "b"}},
			want:    rest.ImpersonationConfig{UserName: "bob", UID: "7", Groups: []string{"a", "b"}},
			wantSrc: map[string]string{"as-uid": "LoadOptions.ImpersonateUID (--as-uid)"},
		},
		{
			name:    "--as-group without any user to impersonate is an error, as in kubectl",
			yaml:    noUser,
			opts:    rest.LoadOptions{ImpersonateGroups: []string{"a"}},
			wantErr: "LoadOptions.ImpersonateGroups (--as-group): set without a user to impersonate",
		},
		{
			name: "--as supplies the user that the file's as-groups lacked",
			yaml: withUser(`token: t, as-groups: [devs]`, "ns"),
			opts: rest.LoadOptions{Impersonate: "bob"},
			want: rest.ImpersonationConfig{UserName: "bob", Groups: []string{"devs"}},
		},
		{
			name:    "as-user-extra without as names the field",
			yaml:    withUser(`token: t, as-user-extra: {k: [v]}`, "ns"),
			wantErr: "users[0].user.as-user-extra: set without a user to impersonate",
		},
		{
			name: "no impersonation leaves the zero value",
			yaml: withUser(`token: t`, "ns"),
			want: rest.ImpersonationConfig{},
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, "config-"+string(rune('a'+i)), []byte(tt.yaml))
			tt.opts.Kubeconfig = path
			l, err := rest.LoadConfig(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, l.Config.Impersonate); diff != "" {
				t.Errorf("Config.Impersonate (-want +got):\n%s", diff)
			}
			for field, want := range tt.wantSrc {
				if got := l.Source(field); !strings.HasSuffix(got, want) {
					t.Errorf("Source(%q) = %q, want it to end with %q", field, got, want)
				}
			}
		})
	}
}

// The strict decoder (issue 14) once knew these keys only to reject them;
// now it checks their types like any other field.
func TestStrictDecodingChecksTheTypesOfTheImpersonationFields(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, user string
		// wantErr is what follows "<file>: "; "" means the file loads.
		wantErr string
	}{
		{name: "a quoted as and a list of groups load", user: `token: t, as: "0755", as-groups: ["on", devs]`},
		{name: "as that YAML reads as a number", user: `token: t, as: 0755`, wantErr: "users[0].user.as: cannot unmarshal a number into a string field"},
		{name: "as-uid that YAML reads as a number", user: `token: t, as: j, as-uid: 42`, wantErr: "users[0].user.as-uid: cannot unmarshal a number into a string field"},
		{name: "as-groups given as one string", user: `token: t, as: j, as-groups: devs`, wantErr: "users[0].user.as-groups: cannot unmarshal a string into a list field"},
		{name: "a group that YAML reads as a boolean", user: `token: t, as: j, as-groups: [devs, yes]`, wantErr: "users[0].user.as-groups[1]: cannot unmarshal a boolean into a string field"},
		{name: "as-user-extra given as a list", user: `token: t, as: j, as-user-extra: [a]`, wantErr: "users[0].user.as-user-extra: cannot unmarshal a list into a mapping field"},
		{name: "an extra value given as a string rather than a list", user: `token: t, as: j, as-user-extra: {scopes: view}`, wantErr: `users[0].user.as-user-extra["scopes"]: cannot unmarshal a string into a list field`},
		{name: "an extra value that YAML reads as a number", user: `token: t, as: j, as-user-extra: {scopes: [view, 1e3]}`, wantErr: `users[0].user.as-user-extra["scopes"][1]: cannot unmarshal a number into a string field`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, "config-"+string(rune('a'+i)), []byte(withUser(tt.user, "ns")))
			l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(l.Warnings) != 0 {
					t.Errorf("warnings %q, want the impersonation keys known", l.Warnings)
				}
				return
			}
			if err == nil {
				t.Fatalf("loaded %+v, want an error", l.Config.Impersonate)
			}
			if want := path + ": " + tt.wantErr; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error = %q\nwant it to start with %q", err, want)
			}
		})
	}
}
