package scenario_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	fakediscovery "github.com/clientgen/clientgen/runtime/discovery/fake"
	"github.com/clientgen/clientgen/runtime/rest"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset/fake"
)

// Code written against client-go's fake clientset uses the forms of
// discovery without a context, proxy reactors and the watch-list probe; it
// must compile and behave here too.

type body string

func (b body) DoRaw(context.Context) ([]byte, error) { return []byte(b), nil }
func (b body) Stream(context.Context) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader(string(b))), nil
}

func TestFakeClientsetServesClientGoStyleCallers(t *testing.T) {
	cs := fake.NewSimpleClientset()

	// Discovery without a context, as cs.Discovery().ServerVersion() is
	// written for client-go.
	cs.Discovery().(*fakediscovery.FakeDiscovery).FakedServerVersion = &version.Info{GitVersion: "v1.37.2"}
	v, err := cs.Discovery().ServerVersion()
	if err != nil || v.GitVersion != "v1.37.2" {
		t.Errorf("ServerVersion() = %+v, %v", v, err)
	}
	if l, err := cs.Discovery().ServerResourcesForGroupVersion("example.com/v1"); err != nil || len(l.APIResources) != 2 {
		t.Errorf("ServerResourcesForGroupVersion(example.com/v1) = %v, %v", l, err)
	}

	// A proxy reactor answers a proxy GET through the clientset.
	cs.AddProxyReactor("services", func(clienttesting.Action) (bool, rest.ResponseWrapper, error) {
		return true, body("healthy"), nil
	})
	resp := cs.InvokesProxy(clienttesting.NewProxyGetAction(schema.GroupVersionResource{Version: "v1", Resource: "services"}, "ns", "http", "svc", "80", "/healthz", nil))
	if resp == nil {
		t.Fatal("InvokesProxy answered nil with a proxy reactor for services")
	}
	if b, err := resp.DoRaw(context.Background()); err != nil || string(b) != "healthy" {
		t.Errorf("DoRaw = %q, %v", b, err)
	}
	if n := len(cs.ProxyReactionChain); n != 1 {
		t.Errorf("ProxyReactionChain has %d reactors, want 1", n)
	}

	// The tracker serves watch-list, so the reflector may use it.
	if cs.IsWatchListSemanticsUnSupported() {
		t.Error("IsWatchListSemanticsUnSupported() = true; the fake's tracker serves watch-list")
	}
}
