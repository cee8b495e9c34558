package load

import "testing"

func TestImpliedNamesAreTakenOnlyWhenClear(t *testing.T) {
	tests := []struct {
		path      string
		wantName  string
		wantClear bool
	}{
		{"k8s.io/apimachinery/pkg/api/resource", "resource", true},
		{"k8s.io/apimachinery/pkg/util/intstr", "intstr", true},
		{"k8s.io/api/core/v1", "v1", false},
		{"example.com/foo/v2", "v2", false},
		{"gopkg.in/inf.v0", "inf", false},
		{"github.com/x/go-yaml", "yaml", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			name, clear := impliedName(tc.path)
			if name != tc.wantName || clear != tc.wantClear {
				t.Fatalf("impliedName(%q) = %q, %v; want %q, %v", tc.path, name, clear, tc.wantName, tc.wantClear)
			}
		})
	}
}
