package pathseg

import (
	"slices"
	"testing"
)

func TestProblemsFollowTheAPIServersRuleForPathSegments(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"widget-1", nil},
		{"", nil},
		{"a.b", nil},
		{".", []string{"may not be '.'"}},
		{"..", []string{"may not be '..'"}},
		{"a/b", []string{"may not contain '/'"}},
		{"a%2Fb/c", []string{"may not contain '/'", "may not contain '%'"}},
	}
	for _, tt := range tests {
		if got := Problems(tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("Problems(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
