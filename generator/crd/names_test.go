package crd

import "testing"

func TestGoNameCapitalisesWordsAndInitialisms(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"name", "Name"},
		{"apiVersion", "APIVersion"},
		{"clientId", "ClientID"},
		{"serverURL", "ServerURL"},
		{"podIPs", "PodIPs"},
		{"tls-ca-bundle", "TLSCABundle"},
		{"HTTPServer", "HTTPServer"},
		{"httpPort", "HTTPPort"},
		{"uids", "UIDs"},
		{"x.forwarded_for", "XForwardedFor"},
		{"2xxCodes", "X2xxCodes"},
		{"ipv4Address", "Ipv4Address"},
		{"$ref", "Ref"},
		{"-", ""},
		{"grpcRoute", "GRPCRoute"},
	} {
		if got := goName(tc.in); got != tc.want {
			t.Errorf("goName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPkgNameKeepsIdentifierCharactersOfTheVersion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"v1", "v1"}, {"v1beta1", "v1beta1"}, {"v2-alpha", "v2alpha"}, {"1", ""}, {"", ""},
	} {
		if got := pkgName(tc.in); got != tc.want {
			t.Errorf("pkgName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
