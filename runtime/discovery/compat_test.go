package discovery_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/discovery"
)

func TestThePackageFunctionsAnswerAsTheMethods(t *testing.T) {
	d := newClient(t, newReplayServer(t, protoAndJSON))
	groups, lists, err := discovery.ServerGroupsAndResources(d)
	wantGroups, wantLists, wantErr := d.ServerGroupsAndResourcesWithContext(t.Context())
	if err != nil || wantErr != nil || !cmp.Equal(groups, wantGroups) || !cmp.Equal(lists, wantLists) {
		t.Errorf("ServerGroupsAndResources differs from the method (errors %v, %v)", err, wantErr)
	}
	pref, err := discovery.ServerPreferredResources(d)
	wantPref, _ := d.ServerPreferredResourcesWithContext(t.Context())
	if err != nil || !cmp.Equal(pref, wantPref) {
		t.Errorf("ServerPreferredResources differs from the method (error %v)", err)
	}
	ns, err := discovery.ServerPreferredNamespacedResourcesWithContext(t.Context(), d)
	wantNS, _ := d.ServerPreferredNamespacedResources()
	if err != nil || !cmp.Equal(ns, wantNS) || len(ns) == 0 {
		t.Errorf("ServerPreferredNamespacedResourcesWithContext differs from the method (error %v)", err)
	}
}

func TestResourceAndVersionChecks(t *testing.T) {
	d := newClient(t, newReplayServer(t, protoAndJSON))
	tests := []struct {
		name string
		gvr  schema.GroupVersionResource
		want bool
	}{
		{"a served resource is enabled", schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}, true},
		{"an unknown resource of a served group version is not", schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "nopes"}, false},
		{"a resource of an unserved group version is not, without an error", schema.GroupVersionResource{Group: "nope.example.com", Version: "v1", Resource: "nopes"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := discovery.IsResourceEnabled(d, tt.gvr)
			if err != nil || got != tt.want {
				t.Errorf("IsResourceEnabled(%v) = %v, %v; want %v", tt.gvr, got, err, tt.want)
			}
		})
	}
	if err := discovery.ServerSupportsVersion(d, schema.GroupVersion{Group: "apps", Version: "v1"}); err != nil {
		t.Errorf("ServerSupportsVersion(apps/v1): %v", err)
	}
	if err := discovery.ServerSupportsVersion(d, schema.GroupVersion{Group: "apps", Version: "v9"}); err == nil || !strings.Contains(err.Error(), "apps/v9") {
		t.Errorf("ServerSupportsVersion(apps/v9): %v, want an error naming it", err)
	}
	v, err := d.ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	if err := discovery.MatchesServerVersion(*v, d); err != nil {
		t.Errorf("MatchesServerVersion(the server's own version): %v", err)
	}
	if err := discovery.MatchesServerVersion(version.Info{GitVersion: "v0.0.1"}, d); err == nil {
		t.Errorf("MatchesServerVersion(v0.0.1) = nil, want a difference")
	}
}
