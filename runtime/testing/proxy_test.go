package testing_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/clientgen/clientgen/runtime/rest"
	clienttesting "github.com/clientgen/clientgen/runtime/testing"
)

var podsGVR = schema.GroupVersionResource{Version: "v1", Resource: "pods"}

// staticResponse is a rest.ResponseWrapper with a fixed body.
type staticResponse string

func (r staticResponse) DoRaw(context.Context) ([]byte, error) { return []byte(r), nil }
func (r staticResponse) Stream(context.Context) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader(string(r))), nil
}

func respond(body string) clienttesting.ProxyReactionFunc {
	return func(clienttesting.Action) (bool, rest.ResponseWrapper, error) { return true, staticResponse(body), nil }
}

func readAll(t testing.TB, r rest.ResponseWrapper) string {
	t.Helper()
	if r == nil {
		return "<nil>"
	}
	b, err := r.DoRaw(context.Background())
	if err != nil {
		t.Fatalf("DoRaw: %v", err)
	}
	return string(b)
}

func TestProxyReactorsAnswerProxyActions(t *testing.T) {
	action := clienttesting.NewProxyGetAction(podsGVR, "ns", "http", "p1", "8080", "/healthz", map[string]string{"verbose": "1"})
	tests := []struct {
		name  string
		setup func(f *clienttesting.Fake)
		want  string
	}{
		{"a fake without proxy reactors returns no response", func(*clienttesting.Fake) {}, "<nil>"},
		{"an added reactor answers", func(f *clienttesting.Fake) { f.AddProxyReactor("pods", respond("ok")) }, "ok"},
		{"a reactor for another resource is skipped", func(f *clienttesting.Fake) {
			f.AddProxyReactor("services", respond("service"))
			f.AddProxyReactor("*", respond("any"))
		}, "any"},
		{"a prepended reactor goes before the added ones", func(f *clienttesting.Fake) {
			f.AddProxyReactor("pods", respond("added"))
			f.PrependProxyReactor("pods", respond("prepended"))
		}, "prepended"},
		{"a reactor that declines passes the action on", func(f *clienttesting.Fake) {
			f.AddProxyReactor("pods", func(clienttesting.Action) (bool, rest.ResponseWrapper, error) {
				return false, staticResponse("declined"), nil
			})
			f.AddProxyReactor("pods", respond("next"))
		}, "next"},
		{"a reactor that fails passes the action on, as client-go's fake does", func(f *clienttesting.Fake) {
			f.AddProxyReactor("pods", func(clienttesting.Action) (bool, rest.ResponseWrapper, error) {
				return true, staticResponse("failed"), errors.New("boom")
			})
			f.AddProxyReactor("pods", respond("next"))
		}, "next"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &clienttesting.Fake{}
			tc.setup(f)
			if got := readAll(t, f.InvokesProxy(action)); got != tc.want {
				t.Errorf("InvokesProxy answered %q, want %q", got, tc.want)
			}
			actions := f.Actions()
			if len(actions) != 1 {
				t.Fatalf("recorded %d actions, want 1", len(actions))
			}
			p, ok := actions[0].(clienttesting.ProxyGetAction)
			if !ok {
				t.Fatalf("recorded %T, want a ProxyGetAction", actions[0])
			}
			if p.GetVerb() != "get" || p.GetNamespace() != "ns" || p.GetName() != "p1" || p.GetScheme() != "http" || p.GetPort() != "8080" || p.GetPath() != "/healthz" || p.GetParams()["verbose"] != "1" {
				t.Errorf("recorded %+v", p)
			}
		})
	}
}

func TestAProxyReactorCannotChangeTheRecordedAction(t *testing.T) {
	f := &clienttesting.Fake{}
	f.AddProxyReactor("pods", func(a clienttesting.Action) (bool, rest.ResponseWrapper, error) {
		a.(clienttesting.ProxyGetAction).GetParams()["verbose"] = "changed"
		return true, staticResponse("ok"), nil
	})
	f.InvokesProxy(clienttesting.NewProxyGetAction(podsGVR, "ns", "", "p1", "", "/", map[string]string{"verbose": "1"}))
	if got := f.Actions()[0].(clienttesting.ProxyGetAction).GetParams()["verbose"]; got != "1" {
		t.Errorf("recorded params[verbose] = %q after a reactor changed its copy, want 1", got)
	}
}

func TestAReactorCanCallTheFakeItServes(t *testing.T) {
	// A reactor runs without the Fake's lock held, so it may record more
	// actions or edit a chain under the exported lock (client-go's Fake
	// deadlocks in both cases).
	f := &clienttesting.Fake{}
	f.AddProxyReactor("pods", func(clienttesting.Action) (bool, rest.ResponseWrapper, error) {
		f.Lock()
		f.ReactionChain = nil
		f.Unlock()
		_, err := f.Invokes(clienttesting.NewGetAction(podsGVR, "ns", "p1"), nil)
		return true, staticResponse("ok"), err
	})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := readAll(t, f.InvokesProxy(clienttesting.NewProxyGetAction(podsGVR, "ns", "", "p1", "", "/", nil))); got != "ok" {
				t.Errorf("InvokesProxy answered %q, want ok", got)
			}
		}()
	}
	wg.Wait()
	if n := len(f.Actions()); n != 8 {
		t.Errorf("recorded %d actions, want 8 (4 proxies, 4 gets from their reactor)", n)
	}
}
