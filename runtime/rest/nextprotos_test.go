package rest_test

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clientgen/clientgen/runtime/rest"
)

// alpnServer is an httptest TLS server with HTTP/2 enabled that records
// the ALPN list of every handshake and the protocol of every request.
type alpnServer struct {
	srv *httptest.Server

	mu      sync.Mutex
	offered [][]string
	majors  []int
}

func newALPNServer(tb testing.TB) *alpnServer {
	tb.Helper()
	s := &alpnServer{}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.majors = append(s.majors, r.ProtoMajor)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"kind":"Widget","apiVersion":"example.com/v1","spec":%q}`, r.Proto)
	}))
	s.srv.EnableHTTP2 = true
	s.srv.Config.ErrorLog = quietStdLogger
	s.srv.TLS = &tls.Config{MinVersion: tls.VersionTLS12, GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.offered = append(s.offered, slices.Clone(hello.SupportedProtos))
		return nil, nil // the server's own config, which httptest completes
	}}
	s.srv.StartTLS()
	tb.Cleanup(s.srv.Close)
	return s
}

// seen returns the ALPN lists of the handshakes so far and the
// ProtoMajor of the requests so far.
func (s *alpnServer) seen() (offered [][]string, majors []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.offered), slices.Clone(s.majors)
}

func TestNextProtosDecidesWhatIsOfferedAndSpoken(t *testing.T) {
	tests := []struct {
		name        string
		nextProtos  []string
		wantOffered []string
		wantMajor   int
	}{
		{name: "no list offers h2 then http/1.1 and speaks HTTP/2", wantOffered: []string{"h2", "http/1.1"}, wantMajor: 2},
		{name: "http/1.1 alone is offered alone and turns HTTP/2 off", nextProtos: []string{"http/1.1"}, wantOffered: []string{"http/1.1"}, wantMajor: 1},
		{name: "h2 then http/1.1 speaks HTTP/2", nextProtos: []string{"h2", "http/1.1"}, wantOffered: []string{"h2", "http/1.1"}, wantMajor: 2},
		{name: "h2 alone is offered alone and speaks HTTP/2", nextProtos: []string{"h2"}, wantOffered: []string{"h2"}, wantMajor: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newALPNServer(t)
			c := restClientFor(t, &rest.Config{Host: s.srv.URL, TLSClientConfig: rest.TLSClientConfig{
				CAData: serverCAPEM(t, s.srv), NextProtos: slices.Clone(tt.nextProtos),
			}})
			for range 2 {
				if err := c.Get().Resource("widgets").Name("w").Do(t.Context()).Into(&Widget{}); err != nil {
					t.Fatal(err)
				}
			}
			offered, majors := s.seen()
			if diff := cmp.Diff([][]string{tt.wantOffered}, offered); diff != "" {
				t.Errorf("ALPN lists of the handshakes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]int{tt.wantMajor, tt.wantMajor}, majors); diff != "" {
				t.Errorf("r.ProtoMajor of the requests (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNextProtosSurviveACARotation(t *testing.T) {
	s := newALPNServer(t)
	caFile := filepath.Join(t.TempDir(), "ca.crt")
	writeAtomically(t, caFile, serverCAPEM(t, s.srv))
	c := restClientFor(t, &rest.Config{Host: s.srv.URL, TLSClientConfig: rest.TLSClientConfig{
		CAFile: caFile, NextProtos: []string{"http/1.1"},
	}})
	get := func() {
		t.Helper()
		if err := c.Get().Resource("widgets").Name("w").Do(t.Context()).Into(&Widget{}); err != nil {
			t.Fatal(err)
		}
	}
	get()
	// The same CA written anew is a changed file: the transport is rebuilt
	// from it, and its new connection must still offer http/1.1 alone.
	writeAtomically(t, caFile, serverCAPEM(t, s.srv))
	deadline := time.Now().Add(rotationDeadline)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		get()
		if offered, _ := s.seen(); len(offered) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new connection %s after the CA file was replaced", rotationDeadline)
		}
		<-tick.C
	}
	offered, majors := s.seen()
	for i, o := range offered {
		if !slices.Equal(o, []string{"http/1.1"}) {
			t.Errorf("handshake %d offered %q, want [http/1.1]", i+1, o)
		}
	}
	for i, m := range majors {
		if m != 1 {
			t.Errorf("request %d was HTTP/%d, want HTTP/1", i+1, m)
		}
	}
}

func TestNextProtosArePrintedAndCopied(t *testing.T) {
	in := &rest.Config{Host: "https://example.test", TLSClientConfig: rest.TLSClientConfig{NextProtos: []string{"http/1.1"}}}
	if s := in.String(); !strings.Contains(s, `NextProtos:["http/1.1"]`) {
		t.Errorf("String() = %s\nwant it to show NextProtos", s)
	}
	out := rest.ForGroupVersion(in, widgetGV, testCodecs(t))
	in.TLSClientConfig.NextProtos[0] = "changed"
	if got := out.TLSClientConfig.NextProtos; !slices.Equal(got, []string{"http/1.1"}) {
		t.Errorf("the copy's NextProtos = %q after the original changed, want [http/1.1]", got)
	}
}
