package openapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/clientgen/clientgen/runtime/openapi"
	"github.com/clientgen/clientgen/runtime/rest"
)

// server serves an OpenAPI v3 index and one schema below prefix, as a
// kube-apiserver behind a path-prefixing proxy would, and records the
// requests it gets.
type server struct {
	mu       sync.Mutex
	requests []string
}

func (s *server) start(tb testing.TB, prefix string) rest.Interface {
	tb.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc(prefix+"/openapi/v3", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"paths":{"apis/apps/v1":{"serverRelativeURL":"` + prefix + `/openapi/v3/apis/apps/v1?hash=ABC"},"api/v1":{"serverRelativeURL":"` + prefix + `/openapi/v3/api/v1?hash=DEF"}}}`))
	})
	mux.HandleFunc(prefix+"/openapi/v3/apis/apps/v1", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		if r.URL.Query().Get("hash") != "ABC" {
			http.Error(w, "wrong hash", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		w.Write([]byte(`schema of apps/v1 as ` + r.Header.Get("Accept")))
	})
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	rc, err := rest.UnversionedRESTClientForConfigAndClient(&rest.Config{
		Host:          srv.URL + prefix,
		ContentConfig: rest.ContentConfig{NegotiatedSerializer: serializer.NewCodecFactory(runtime.NewScheme()).WithoutConversion()},
	}, srv.Client())
	if err != nil {
		tb.Fatal(err)
	}
	return rc
}

func (s *server) record(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.URL.RequestURI()+" accept="+r.Header.Get("Accept"))
}

func TestTheClientListsPathsAndFetchesSchemas(t *testing.T) {
	for _, prefix := range []string{"", "/proxy/cluster1"} {
		name := "a client at the server's root"
		if prefix != "" {
			name = "a client below a path prefix"
		}
		t.Run(name, func(t *testing.T) {
			s := &server{}
			rc := s.start(t, prefix)
			paths, err := openapi.NewClientWithContext(rc).PathsWithContext(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			keys := slices.Sorted(func(yield func(string) bool) {
				for k := range paths {
					if !yield(k) {
						return
					}
				}
			})
			if !slices.Equal(keys, []string{"api/v1", "apis/apps/v1"}) {
				t.Fatalf("paths %v, want api/v1 and apis/apps/v1", keys)
			}
			apps := paths["apis/apps/v1"]
			if got, want := apps.ServerRelativeURL(), "/openapi/v3/apis/apps/v1?hash=ABC"; got != want {
				t.Errorf("ServerRelativeURL() = %q, want %q (relative to the client's base URL)", got, want)
			}
			body, err := apps.SchemaWithContext(context.Background(), openapi.ContentTypeOpenAPIV3PB)
			if err != nil {
				t.Fatal(err)
			}
			if want := "schema of apps/v1 as " + openapi.ContentTypeOpenAPIV3PB; string(body) != want {
				t.Errorf("schema %q, want %q", body, want)
			}
			// The index is asked for with the client's default Accept; the
			// schema with the caller's, and the hash query kept.
			s.mu.Lock()
			got := slices.Clone(s.requests)
			s.mu.Unlock()
			if len(got) != 2 || !strings.HasPrefix(got[0], prefix+"/openapi/v3 accept=") ||
				got[1] != prefix+"/openapi/v3/apis/apps/v1?hash=ABC accept="+openapi.ContentTypeOpenAPIV3PB {
				t.Errorf("requests %q, want the index then the schema, both below %q", got, prefix+"/")
			}
		})
	}
}

func TestTheFormsWithoutAContextAnswerAsTheOthers(t *testing.T) {
	s := &server{}
	c := openapi.NewClient(s.start(t, ""))
	paths, err := c.Paths()
	if err != nil {
		t.Fatal(err)
	}
	body, err := paths["apis/apps/v1"].Schema("application/json")
	if err != nil {
		t.Fatal(err)
	}
	if want := "schema of apps/v1 as application/json"; string(body) != want {
		t.Errorf("schema %q, want %q", body, want)
	}
	// The client has both forms, so the conversion returns it as it is.
	if cc := openapi.ToClientWithContext(c); cc != c.(openapi.ClientWithContext) {
		t.Errorf("ToClientWithContext wrapped a client that has PathsWithContext")
	}
}

// noContext is a Client written against the forms without a context only.
type noContext struct{ gv openapi.GroupVersion }

func (n noContext) Paths() (map[string]openapi.GroupVersion, error) {
	return map[string]openapi.GroupVersion{"apis/x/v1": n.gv}, nil
}

type fixedSchema string

func (f fixedSchema) Schema(contentType string) ([]byte, error) {
	return []byte(string(f) + contentType), nil
}
func (f fixedSchema) ServerRelativeURL() string { return "/openapi/v3/apis/x/v1" }

func TestAClientWithoutContextFormsIsWrapped(t *testing.T) {
	cc := openapi.ToClientWithContext(noContext{gv: fixedSchema("x:")})
	paths, err := cc.PathsWithContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	body, err := paths["apis/x/v1"].SchemaWithContext(context.Background(), "json")
	if err != nil || string(body) != "x:json" {
		t.Errorf("schema %q, %v; want x:json", body, err)
	}
	if openapi.ToClientWithContext(nil) != nil || openapi.ToGroupVersionWithContext(nil) != nil {
		t.Errorf("a nil client or group version must convert to nil")
	}
}
