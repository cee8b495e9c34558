package rest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/clientgen/clientgen/runtime/rest"
)

var coreV1 = schema.GroupVersion{Version: "v1"}

func TestRequestURL(t *testing.T) {
	params := v1ParameterCodec(t)
	groupParams := newGroupParams(t)
	tests := []struct {
		name  string
		host  string
		gv    schema.GroupVersion
		build func(*rest.RESTClient) *rest.Request
		want  string
	}{
		{
			name:  "a namespaced object in a named group lives under /apis/<group>/<version>/namespaces/<ns>",
			host:  "https://example.test:6443",
			gv:    widgetGV,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().Namespace("ns1").Resource("widgets").Name("w1") },
			want:  "https://example.test:6443/apis/example.com/v1/namespaces/ns1/widgets/w1",
		},
		{
			name:  "a cluster-scoped list in the core group lives under /api/v1",
			host:  "https://example.test",
			gv:    coreV1,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().Resource("nodes") },
			want:  "https://example.test/api/v1/nodes",
		},
		{
			name: "a subresource follows the object name",
			host: "https://example.test",
			gv:   coreV1,
			build: func(c *rest.RESTClient) *rest.Request {
				return c.Put().Namespace("default").Resource("pods").Name("p").SubResource("status")
			},
			want: "https://example.test/api/v1/namespaces/default/pods/p/status",
		},
		{
			name: "a multi-part subresource is joined with slashes",
			host: "https://example.test",
			gv:   coreV1,
			build: func(c *rest.RESTClient) *rest.Request {
				return c.Get().Resource("nodes").Name("n1").SubResource("proxy", "metrics")
			},
			want: "https://example.test/api/v1/nodes/n1/proxy/metrics",
		},
		{
			name: "NamespaceIfScoped leaves cluster-scoped resources without a namespace",
			host: "https://example.test",
			gv:   widgetGV,
			build: func(c *rest.RESTClient) *rest.Request {
				return c.Get().NamespaceIfScoped("ns1", false).Resource("widgets").Name("w1")
			},
			want: "https://example.test/apis/example.com/v1/widgets/w1",
		},
		{
			name: "NamespaceIfScoped adds the namespace for namespaced resources",
			host: "https://example.test",
			gv:   widgetGV,
			build: func(c *rest.RESTClient) *rest.Request {
				return c.Get().NamespaceIfScoped("ns1", true).Resource("widgets")
			},
			want: "https://example.test/apis/example.com/v1/namespaces/ns1/widgets",
		},
		{
			name:  "an empty namespace means all namespaces",
			host:  "https://example.test",
			gv:    coreV1,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().Namespace("").Resource("pods") },
			want:  "https://example.test/api/v1/pods",
		},
		{
			name: "ListOptions become query parameters through the parameter codec",
			host: "https://example.test",
			gv:   coreV1,
			build: func(c *rest.RESTClient) *rest.Request {
				return c.Get().Namespace("ns").Resource("pods").VersionedParams(&metav1.ListOptions{
					LabelSelector: "app=web", FieldSelector: "spec.nodeName=n1", Limit: 50, Watch: true, ResourceVersion: "10",
				}, params)
			},
			want: "https://example.test/api/v1/namespaces/ns/pods?fieldSelector=spec.nodeName%3Dn1&labelSelector=app%3Dweb&limit=50&resourceVersion=10&watch=true",
		},
		{
			name: "a group client encodes parameters with the group's registered options",
			host: "https://example.test",
			gv:   widgetGV,
			build: func(c *rest.RESTClient) *rest.Request {
				return c.Get().Resource("widgets").Name("w").VersionedParams(&metav1.GetOptions{ResourceVersion: "5"}, groupParams)
			},
			want: "https://example.test/apis/example.com/v1/widgets/w?resourceVersion=5",
		},
		{
			name: "SpecificallyVersionedParams and Param append to each other",
			host: "https://example.test",
			gv:   widgetGV,
			build: func(c *rest.RESTClient) *rest.Request {
				return c.Delete().Resource("widgets").Param("dryRun", "All").
					SpecificallyVersionedParams(&metav1.ListOptions{LabelSelector: "a=b"}, params, coreV1)
			},
			want: "https://example.test/apis/example.com/v1/widgets?dryRun=All&labelSelector=a%3Db",
		},
		{
			name:  "AbsPath replaces the group version prefix",
			host:  "https://example.test",
			gv:    widgetGV,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().AbsPath("/version") },
			want:  "https://example.test/version",
		},
		{
			name:  "AbsPath keeps a trailing slash",
			host:  "https://example.test",
			gv:    coreV1,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().AbsPath("/api/v1/nodes/n1/proxy/") },
			want:  "https://example.test/api/v1/nodes/n1/proxy/",
		},
		{
			name:  "a path prefix in Host is kept in front of everything",
			host:  "https://example.test/cluster-a/",
			gv:    coreV1,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().Resource("pods") },
			want:  "https://example.test/cluster-a/api/v1/pods",
		},
		{
			name:  "a path prefix in Host is kept under AbsPath too",
			host:  "https://example.test/cluster-a",
			gv:    coreV1,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().AbsPath("/apis") },
			want:  "https://example.test/cluster-a/apis",
		},
		{
			name:  "a host without scheme and TLS settings defaults to http",
			host:  "example.test:8080",
			gv:    coreV1,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().Resource("pods") },
			want:  "http://example.test:8080/api/v1/pods",
		},
		{
			name:  "a request timeout is passed to the server as a parameter",
			host:  "https://example.test",
			gv:    coreV1,
			build: func(c *rest.RESTClient) *rest.Request { return c.Get().Resource("pods").Timeout(30 * time.Second) },
			want:  "https://example.test/api/v1/pods?timeout=30s",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, tt.host, tt.gv)
			if got := tt.build(c).URL().String(); got != tt.want {
				t.Errorf("URL() = %s\nwant    %s", got, tt.want)
			}
		})
	}
}

func TestHostWithoutSchemeUsesHTTPSWhenTLSIsConfigured(t *testing.T) {
	c := newTestClient(t, "example.test:6443", coreV1, func(c *rest.Config) { c.TLSClientConfig.Insecure = true })
	if got, want := c.Get().AbsPath("/api").URL().String(), "https://example.test:6443/api"; got != want {
		t.Errorf("URL() = %s, want %s", got, want)
	}
}

func TestRequestBuilderErrorsStickAndNothingIsSent(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	c := newTestClient(t, srv.URL, widgetGV)
	tests := []struct {
		name    string
		build   func() *rest.Request
		wantErr string
	}{
		{"an empty name is rejected", func() *rest.Request { return c.Get().Resource("widgets").Name("") }, "resource name may not be empty"},
		{"a name with a slash is rejected", func() *rest.Request { return c.Get().Resource("widgets").Name("a/b") }, `invalid resource name "a/b"`},
		{"a dot-dot namespace is rejected", func() *rest.Request { return c.Get().Namespace("..").Resource("widgets") }, `invalid namespace ".."`},
		{"setting the namespace twice is rejected", func() *rest.Request { return c.Get().Namespace("a").Namespace("b") }, "namespace already set"},
		{"the first error wins over later ones", func() *rest.Request { return c.Get().Name("").Namespace("a").Namespace("b") }, "resource name may not be empty"},
		{"an unsupported body type is rejected", func() *rest.Request { return c.Post().Resource("widgets").Body(42) }, "unsupported body type int"},
		{"VersionedParams errors are reported", func() *rest.Request {
			return c.Get().Resource("widgets").VersionedParams(&metav1.ListOptions{}, v1ParameterCodec(t))
		}, "encoding *v1.ListOptions as query parameters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			if err := tt.build().Do(ctx).Error(); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Do error = %v, want it to contain %q", err, tt.wantErr)
			}
			if _, err := tt.build().Watch(ctx); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Watch error = %v, want it to contain %q", err, tt.wantErr)
			}
			if _, err := tt.build().Stream(ctx); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Stream error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server received %d requests, want none", n)
	}
}

func TestDoSendsEncodedBodyAndDecodesTypedResponse(t *testing.T) {
	type request struct {
		method, path, contentType, accept, userAgent, body string
	}
	requests := make(chan request, 2)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		requests <- request{r.Method, r.URL.Path, r.Header.Get("Content-Type"), r.Header.Get("Accept"), r.Header.Get("User-Agent"), string(b)}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("Warning", `299 - "widgets are deprecated"`)
		w.Header().Add("Warning", `299 - "use \"gadgets\"", 299 - "widgets are deprecated"`)
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w1","namespace":"ns","uid":"u1"},"spec":"big"}`))
	}))
	c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) { c.UserAgent = "widget-test/1.0" })

	in := &Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1"}, Spec: "big"}
	out := &Widget{}
	var code int
	res := c.Post().Namespace("ns").Resource("widgets").Body(in).Do(t.Context()).StatusCode(&code)
	if err := res.Into(out); err != nil {
		t.Fatalf("Into: %v", err)
	}
	got := <-requests
	if got.method != http.MethodPost || got.path != "/apis/example.com/v1/namespaces/ns/widgets" {
		t.Errorf("request = %s %s", got.method, got.path)
	}
	if got.contentType != "application/json" || got.accept != "application/json" || got.userAgent != "widget-test/1.0" {
		t.Errorf("headers: Content-Type %q, Accept %q, User-Agent %q", got.contentType, got.accept, got.userAgent)
	}
	if !strings.Contains(got.body, `"kind":"Widget"`) || !strings.Contains(got.body, `"apiVersion":"example.com/v1"`) || !strings.Contains(got.body, `"spec":"big"`) {
		t.Errorf("body = %s, want an encoded example.com/v1 Widget", got.body)
	}
	if code != http.StatusCreated {
		t.Errorf("StatusCode = %d, want 201", code)
	}
	if out.Name != "w1" || out.Namespace != "ns" || out.UID != "u1" || out.Spec != "big" {
		t.Errorf("decoded %+v", out)
	}
	wantWarnings := []string{"widgets are deprecated", `use "gadgets"`}
	if w := res.Warnings(); strings.Join(w, "|") != strings.Join(wantWarnings, "|") {
		t.Errorf("Warnings() = %q, want %q", w, wantWarnings)
	}
	obj, err := res.Get()
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if w, ok := obj.(*Widget); !ok || w.Spec != "big" {
		t.Errorf("Get() = %#v, want a *Widget", obj)
	}
	raw, err := c.Get().Namespace("ns").Resource("widgets").Name("w1").DoRaw(t.Context())
	if err != nil || !strings.Contains(string(raw), `"name":"w1"`) {
		t.Errorf("DoRaw = %s, %v", raw, err)
	}
}

func TestBodyAcceptsBytesReadersAndPatchTypes(t *testing.T) {
	type seen struct{ contentType, body string }
	ch := make(chan seen, 1)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- seen{r.Header.Get("Content-Type"), string(b)}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"kind":"Widget","apiVersion":"example.com/v1"}`))
	}))
	c := newTestClient(t, srv.URL, widgetGV)
	tests := []struct {
		name string
		req  *rest.Request
		want seen
	}{
		{"a byte slice is sent as is with the configured content type", c.Put().Resource("widgets").Name("w").Body([]byte(`{"a":1}`)), seen{"application/json", `{"a":1}`}},
		{"a reader is streamed", c.Put().Resource("widgets").Name("w").Body(strings.NewReader(`{"b":2}`)), seen{"application/json", `{"b":2}`}},
		{"a patch carries its patch type as content type", c.Patch(types.MergePatchType).Resource("widgets").Name("w").Body([]byte(`{"spec":"x"}`)), seen{"application/merge-patch+json", `{"spec":"x"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.req.Do(t.Context()).Error(); err != nil {
				t.Fatal(err)
			}
			if got := <-ch; got != tt.want {
				t.Errorf("server saw %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestServerErrorsBecomeStatusErrors(t *testing.T) {
	type response struct {
		code        int
		contentType string
		body        string
	}
	tests := []struct {
		name     string
		resp     response
		verb     string
		check    func(error) bool
		checkFn  string
		wantCode int32
		wantMsg  string
	}{
		{
			name:     "a 404 Status body is NotFound with the server's message",
			resp:     response{404, "application/json", `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"widgets \"w1\" not found","reason":"NotFound","details":{"name":"w1","group":"example.com","kind":"widgets"},"code":404}`},
			verb:     http.MethodGet,
			check:    apierrors.IsNotFound,
			checkFn:  "IsNotFound",
			wantCode: 404,
			wantMsg:  `widgets "w1" not found`,
		},
		{
			name:     "a 409 AlreadyExists Status body is AlreadyExists",
			resp:     response{409, "application/json", `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"widgets \"w1\" already exists","reason":"AlreadyExists","code":409}`},
			verb:     http.MethodPost,
			check:    apierrors.IsAlreadyExists,
			checkFn:  "IsAlreadyExists",
			wantCode: 409,
			wantMsg:  `widgets "w1" already exists`,
		},
		{
			name:     "a 409 Conflict Status body is Conflict",
			resp:     response{409, "application/json", `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the object has been modified","reason":"Conflict","code":409}`},
			verb:     http.MethodPut,
			check:    apierrors.IsConflict,
			checkFn:  "IsConflict",
			wantCode: 409,
			wantMsg:  "the object has been modified",
		},
		{
			name:     "a Status without a code takes the HTTP status code",
			resp:     response{404, "application/json", `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound"}`},
			verb:     http.MethodGet,
			check:    apierrors.IsNotFound,
			checkFn:  "IsNotFound",
			wantCode: 404,
		},
		{
			name:     "a non-Status 500 body becomes a generic internal error carrying the body",
			resp:     response{500, "text/plain", "database on fire\n"},
			verb:     http.MethodGet,
			check:    apierrors.IsInternalError,
			checkFn:  "IsInternalError",
			wantCode: 500,
			wantMsg:  `an error on the server ("database on fire") has prevented the request from succeeding (get widgets.example.com w1)`,
		},
		{
			name:     "a non-Status 409 on POST is AlreadyExists",
			resp:     response{409, "text/plain", "dup"},
			verb:     http.MethodPost,
			check:    apierrors.IsAlreadyExists,
			checkFn:  "IsAlreadyExists",
			wantCode: 409,
		},
		{
			name:     "a non-Status 409 on PUT is Conflict",
			resp:     response{409, "", "conflict"},
			verb:     http.MethodPut,
			check:    apierrors.IsConflict,
			checkFn:  "IsConflict",
			wantCode: 409,
		},
		{
			name:     "a JSON body that is not a Status is still a generic error",
			resp:     response{404, "application/json", `{"error":"nope"}`},
			verb:     http.MethodGet,
			check:    apierrors.IsNotFound,
			checkFn:  "IsNotFound",
			wantCode: 404,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.resp.contentType != "" {
					w.Header().Set("Content-Type", tt.resp.contentType)
				} else {
					w.Header()["Content-Type"] = nil
				}
				w.WriteHeader(tt.resp.code)
				_, _ = w.Write([]byte(tt.resp.body))
			}))
			c := newTestClient(t, srv.URL, widgetGV)
			var code int
			err := c.Verb(tt.verb).Namespace("ns").Resource("widgets").Name("w1").Do(t.Context()).StatusCode(&code).Into(&Widget{})
			var se *apierrors.StatusError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not a *StatusError", err, err)
			}
			if !tt.check(err) {
				t.Errorf("%s(%v) = false", tt.checkFn, err)
			}
			if se.ErrStatus.Code != tt.wantCode || code != int(tt.wantCode) {
				t.Errorf("code = %d (StatusCode %d), want %d", se.ErrStatus.Code, code, tt.wantCode)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("message = %q\nwant        %q", err.Error(), tt.wantMsg)
			}
		})
	}
}

func TestTransportErrorsNameVerbAndURLButNotCredentials(t *testing.T) {
	srv := newServer(t, http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens any more
	c := newTestClient(t, url, coreV1, func(c *rest.Config) { c.BearerToken = "s3cr3t-token" })

	err := c.Get().Namespace("ns").Resource("pods").Name("p").Do(t.Context()).Error()
	if err == nil {
		t.Fatal("expected a connection error")
	}
	wantPrefix := "GET " + url + "/api/v1/namespaces/ns/pods/p: "
	if !strings.HasPrefix(err.Error(), wantPrefix) {
		t.Errorf("error %q does not start with %q", err, wantPrefix)
	}
	if strings.Count(err.Error(), url) != 1 {
		t.Errorf("error %q repeats the URL", err)
	}
	if strings.Contains(err.Error(), "s3cr3t-token") {
		t.Errorf("error %q leaks the token", err)
	}
	var opErr interface{ Timeout() bool }
	if !errors.As(err, &opErr) {
		t.Errorf("error %q does not wrap the network error", err)
	}
}

func TestStreamReturnsTheBodyAndErrorsForFailures(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("container") == "missing" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"BadRequest","message":"no such container","code":400}`))
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("line 1\nline 2\n"))
	}))
	c := newTestClient(t, srv.URL, coreV1)
	rc, err := c.Get().Namespace("ns").Resource("pods").Name("p").SubResource("log").Stream(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil || string(b) != "line 1\nline 2\n" {
		t.Errorf("stream = %q, %v", b, err)
	}
	if err := rc.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	_, err = c.Get().Namespace("ns").Resource("pods").Name("p").SubResource("log").Param("container", "missing").Stream(t.Context())
	if !apierrors.IsBadRequest(err) || !strings.Contains(err.Error(), "no such container") {
		t.Errorf("Stream error = %v, want the server's BadRequest", err)
	}
}

func TestConfigTimeoutBoundsAnOrdinaryRequest(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answer; wait for the client to give up
	}))
	c := newTestClient(t, srv.URL, coreV1, func(c *rest.Config) { c.Timeout = 50 * time.Millisecond })
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	start := time.Now()
	err := c.Get().Resource("pods").Do(ctx).Error()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > testTimeout/2 {
		t.Errorf("request took %s; Config.Timeout was not applied", elapsed)
	}
	if !strings.HasPrefix(err.Error(), "GET "+srv.URL+"/api/v1/pods: ") {
		t.Errorf("error %q does not name verb and URL", err)
	}
}

func TestRequestTimeoutOverridesConfigTimeout(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	c := newTestClient(t, srv.URL, coreV1, func(c *rest.Config) { c.Timeout = time.Hour })
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	if err := c.Get().Resource("pods").Timeout(50 * time.Millisecond).Do(ctx).Error(); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
}

func TestUnversionedClientNeedsNoGroupVersionButTypedClientDoes(t *testing.T) {
	cfg := &rest.Config{Host: "https://example.test", ContentConfig: rest.ContentConfig{NegotiatedSerializer: testCodecs(t).WithoutConversion()}}
	if _, err := rest.RESTClientForConfigAndClient(cfg, http.DefaultClient); err == nil || !strings.Contains(err.Error(), "GroupVersion is required") {
		t.Errorf("typed client without GroupVersion: error = %v", err)
	}
	c, err := rest.UnversionedRESTClientForConfigAndClient(cfg, http.DefaultClient)
	if err != nil {
		t.Fatalf("unversioned client: %v", err)
	}
	if gv := c.APIVersion(); !gv.Empty() {
		t.Errorf("APIVersion() = %v, want empty", gv)
	}
	if got := c.Get().AbsPath("/apis", "apps", "v1").URL().String(); got != "https://example.test/apis/apps/v1" {
		t.Errorf("URL() = %s", got)
	}
	noSerializer := &rest.Config{Host: "https://example.test", ContentConfig: rest.ContentConfig{GroupVersion: &coreV1}}
	if _, err := rest.RESTClientForConfigAndClient(noSerializer, http.DefaultClient); err == nil || !strings.Contains(err.Error(), "NegotiatedSerializer is required") {
		t.Errorf("typed client without serializer: error = %v", err)
	}
}
