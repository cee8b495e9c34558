package rest

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Headers of user impersonation, as the API server reads them
// (k8s.io/apiserver's impersonation filter).
const (
	ImpersonateUserHeader            = "Impersonate-User"
	ImpersonateUIDHeader             = "Impersonate-Uid"
	ImpersonateGroupHeader           = "Impersonate-Group"
	ImpersonateUserExtraHeaderPrefix = "Impersonate-Extra-"
)

// ImpersonationConfig makes every request act as another user (client-go's
// rest.ImpersonationConfig; kubeconfig users[].user.as, as-uid, as-groups,
// as-user-extra; kubectl's --as, --as-uid, --as-group). The authenticated
// user needs the "impersonate" verb on users, uids, groups and
// userextras/<key> (RBAC); the API server answers 403 otherwise.
type ImpersonationConfig struct {
	// UserName is sent as Impersonate-User. It is required when any other
	// field is set, as kubectl requires.
	UserName string
	// UID is sent as Impersonate-Uid.
	UID string
	// Groups are sent as one Impersonate-Group header each.
	Groups []string
	// Extra is sent as Impersonate-Extra-<key> headers, one per value, with
	// the key percent-encoded where it holds bytes a header name cannot
	// (the API server decodes it; client-go encodes the same bytes).
	Extra map[string][]string
}

// isSet reports whether any impersonation is configured.
func (c ImpersonationConfig) isSet() bool {
	return c.UserName != "" || c.UID != "" || len(c.Groups) > 0 || len(c.Extra) > 0
}

// validate rejects a UID, groups or extra without a user: the API server
// would refuse such a request, and kubectl refuses the kubeconfig.
func (c ImpersonationConfig) validate() error {
	if c.UserName == "" && c.isSet() {
		return errors.New("rest: Config.Impersonate: UID, Groups or Extra are set without UserName; impersonating needs a user name (kubectl: --as)")
	}
	for k := range c.Extra {
		if k == "" {
			return errors.New("rest: Config.Impersonate.Extra: empty key")
		}
	}
	return nil
}

func (c ImpersonationConfig) clone() ImpersonationConfig {
	out := c
	out.Groups = slices.Clone(c.Groups)
	if c.Extra != nil {
		out.Extra = make(map[string][]string, len(c.Extra))
		for k, v := range c.Extra {
			out.Extra[k] = slices.Clone(v)
		}
	}
	return out
}

// String shows the identity and the extra keys; extra values (scopes, for
// example) are counted rather than shown.
func (c ImpersonationConfig) String() string {
	if !c.isSet() {
		return "{}"
	}
	return fmt.Sprintf("{UserName:%q, UID:%q, Groups:%q, Extra keys:%q}", c.UserName, c.UID, c.Groups, slices.Sorted(maps.Keys(c.Extra)))
}

// header returns the impersonation headers, extra keys in sorted order so
// requests are the same every time.
func (c ImpersonationConfig) header() http.Header {
	h := http.Header{}
	h.Set(ImpersonateUserHeader, c.UserName)
	if c.UID != "" {
		h.Set(ImpersonateUIDHeader, c.UID)
	}
	for _, g := range c.Groups {
		h.Add(ImpersonateGroupHeader, g)
	}
	for _, k := range slices.Sorted(maps.Keys(c.Extra)) {
		for _, v := range c.Extra[k] {
			h.Add(ImpersonateUserExtraHeaderPrefix+escapeExtraKey(k), v)
		}
	}
	return h
}

// escapeExtraKey percent-encodes (RFC 3986 2.1) every byte of key that may
// not appear in a header name (RFC 9110 5.6.2 token characters) and '%'
// itself, so the server's url.PathUnescape gives the key back. Extra keys
// are often domain-qualified ("example.com/scopes") and '/' is not a token
// character. The encoding is client-go's (transport/round_trippers.go
// headerKeyEscape), so both clients send the same header names.
func escapeExtraKey(key string) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == '%' || !isTokenByte(c) {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isTokenByte reports whether c is a tchar of RFC 9110 5.6.2.
func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// impersonatingRoundTripper adds the impersonation headers to each request,
// unless the caller set Impersonate-User itself (then the caller's headers
// are the whole story, as in client-go).
//
// Unlike credentials, the headers are also sent over plain http: they
// grant nothing by themselves, and kubectl sends --as through a plain-http
// `kubectl proxy`, which forwards them with its own credentials. They are
// not added to a request that follows a redirect to another host, where
// the user who asked for impersonation is not the one authenticated.
type impersonatingRoundTripper struct {
	header http.Header
	next   http.RoundTripper
}

func (rt *impersonatingRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get(ImpersonateUserHeader) != "" ||
		(req.Response != nil && !sameOrigin(req.URL, firstRequest(req).URL)) {
		return rt.next.RoundTrip(req)
	}
	// A RoundTripper must not modify the caller's request.
	req = req.Clone(req.Context())
	for k, vs := range rt.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	return rt.next.RoundTrip(req)
}
