package rest_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

// fault is the fixture of one fault-matrix row: the server under test, the
// client and the counters the row asserts on.
type fault struct {
	t *testing.T
	// hits counts requests that reached the handler; conns counts TCP
	// connections the server accepted.
	hits, conns atomic.Int32
	srv         *httptest.Server
	cfg         *rest.Config
	// proxyHits counts requests through the forward proxy, if any.
	proxyHits atomic.Int32
	// entered is signalled when a handler that blocks has been entered.
	entered chan struct{}
	// freeze makes the client's connections black holes (a dead peer).
	freeze func()
	plugin *execPlugin

	// bodies holds the request body of each hit, in order.
	mu     sync.Mutex
	bodies []string
}

// sentBodies returns the bodies the handler received.
func (f *fault) sentBodies() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...)
}

// responder answers hit n (1-based) of a scripted server.
type responder func(f *fault, w http.ResponseWriter, r *http.Request)

// script answers the n-th request with steps[n-1], repeating the last step.
func script(steps ...responder) func(*fault) http.Handler {
	return func(f *fault) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := int(f.hits.Add(1))
			body, err := io.ReadAll(r.Body)
			if err != nil {
				f.t.Errorf("hit %d: reading the request body: %v", n, err)
			}
			f.mu.Lock()
			f.bodies = append(f.bodies, string(body))
			f.mu.Unlock()
			steps[min(n, len(steps))-1](f, w, r)
		})
	}
}

const widgetJSON = `{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w1"},"spec":"ok"}`

func ok() responder {
	return func(_ *fault, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, widgetJSON)
	}
}

// status answers code with a Status body and the given headers ("k: v").
func status(code int, headers ...string) responder {
	return func(_ *fault, w http.ResponseWriter, _ *http.Request) {
		for _, h := range headers {
			k, v, _ := strings.Cut(h, ": ")
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		reason := map[int]string{429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable", 504: "Timeout"}[code]
		fmt.Fprintf(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":%q,"message":"injected %d","code":%d}`, reason, code, code)
	}
}

// raw writes body after the status line and headers exactly as given.
func raw(code int, contentType, body string) responder {
	return func(_ *fault, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

// reset aborts the connection with a TCP RST; afterHeaders first sends the
// headers and part of the body.
func reset(afterHeaders bool) responder {
	return func(f *fault, w http.ResponseWriter, _ *http.Request) {
		if afterHeaders {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, `{"kind":"Widget",`)
			w.(http.Flusher).Flush()
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			f.t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.(*net.TCPConn).SetLinger(0)
		_ = conn.Close()
	}
}

// watchEvents streams the events, then ends the stream: "close" returns
// cleanly, "reset" drops the connection, "hold" keeps it open until the
// client goes away; gap separates events.
func watchEvents(end string, gap time.Duration, names ...string) responder {
	return func(f *fault, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		for i, name := range names {
			if i > 0 && gap > 0 {
				timer := time.NewTimer(gap)
				select {
				case <-timer.C:
				case <-r.Context().Done():
					timer.Stop()
					return
				}
			}
			fmt.Fprintf(w, `{"type":"ADDED","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":%q}}}`+"\n", name)
			w.(http.Flusher).Flush()
		}
		switch end {
		case "reset":
			reset(false)(f, w, r)
		case "hold":
			close(f.entered)
			<-r.Context().Done()
		}
	}
}

// blockUntilCancelled enters the handler, signals it and waits for the
// client to give up.
func blockUntilCancelled() responder {
	return func(f *fault, _ http.ResponseWriter, r *http.Request) {
		close(f.entered)
		<-r.Context().Done()
	}
}

// tokenFileRotatedOn401 rejects "old" after rotating the token file to
// "new", as a kubelet that rotated the projected token would.
func tokenFileRotatedOn401(tokenFile string) responder {
	return func(f *fault, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer new" {
			ok()(f, w, r)
			return
		}
		writeFile(f.t, filepath.Dir(tokenFile), filepath.Base(tokenFile), []byte("new\n"))
		status(http.StatusUnauthorized)(f, w, r)
	}
}

// bearerOnly answers 401 unless the bearer token is token.
func bearerOnly(token string) responder {
	return func(f *fault, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			status(http.StatusUnauthorized)(f, w, r)
			return
		}
		ok()(f, w, r)
	}
}

// Server kinds of the matrix.
func plainServer(h func(*fault) http.Handler) func(*fault) {
	return func(f *fault) {
		f.srv = httptest.NewUnstartedServer(h(f))
		f.srv.Config.ErrorLog = quietStdLogger
		f.countConns()
		f.srv.Start()
		f.cfg.Host = f.srv.URL
	}
}

// http2Server serves HTTP/2 over TLS through connections that freeze()
// turns into black holes, and a client with a fast ping health check.
func http2Server(h func(*fault) http.Handler) func(*fault) {
	return func(f *fault) {
		f.srv = httptest.NewUnstartedServer(h(f))
		f.srv.EnableHTTP2 = true
		f.srv.Config.ErrorLog = quietStdLogger
		f.countConns()
		f.srv.StartTLS()
		f.cfg.Host = f.srv.URL
		f.cfg.TLSClientConfig.CAData = serverCAPEM(f.t, f.srv)
		f.cfg.HTTP2ReadIdleTimeout = 100 * time.Millisecond
		f.cfg.HTTP2PingTimeout = 100 * time.Millisecond
		var mu sync.Mutex
		var conns []*freezableConn
		f.freeze = func() {
			mu.Lock()
			defer mu.Unlock()
			for _, c := range conns {
				c.freeze()
			}
		}
		dialer := &net.Dialer{}
		f.cfg.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			fc := newFreezableConn(c)
			mu.Lock()
			conns = append(conns, fc)
			mu.Unlock()
			return fc, nil
		}
	}
}

// tlsServer serves over TLS, requiring a client certificate from
// clientCA when it is set; the client trusts clientTrusts (the server's CA
// when nil) and presents a certificate from presentFrom (none when nil).
func tlsServer(h func(*fault) http.Handler, clientCA, trustOtherCA, presentFrom *testCA) func(*fault) {
	return func(f *fault) {
		f.srv = httptest.NewUnstartedServer(h(f))
		f.srv.Config.ErrorLog = quietStdLogger
		if clientCA != nil {
			pool := x509.NewCertPool()
			pool.AddCert(clientCA.cert)
			f.srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MinVersion: tls.VersionTLS12}
		}
		f.countConns()
		f.srv.StartTLS()
		f.cfg.Host = f.srv.URL
		f.cfg.TLSClientConfig.CAData = serverCAPEM(f.t, f.srv)
		if trustOtherCA != nil {
			f.cfg.TLSClientConfig.CAData = trustOtherCA.pem
		}
		if presentFrom != nil {
			f.cfg.TLSClientConfig.CertData, f.cfg.TLSClientConfig.KeyData = presentFrom.issueClientCert(f.t, "intruder")
		}
	}
}

// behindProxy serves plainly and configures the client, through a
// kubeconfig with proxy-url, to reach it via a local forward proxy.
func behindProxy(h func(*fault) http.Handler) func(*fault) {
	return func(f *fault) {
		plainServer(h)(f)
		proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			f.proxyHits.Add(1)
			out := r.Clone(r.Context())
			out.RequestURI = ""
			resp, err := http.DefaultTransport.RoundTrip(out)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			defer resp.Body.Close()
			for k, vs := range resp.Header {
				w.Header()[k] = vs
			}
			w.WriteHeader(resp.StatusCode)
			_, _ = io.Copy(w, resp.Body)
		}))
		f.t.Cleanup(proxy.Close)
		path := writeFile(f.t, f.t.TempDir(), "config", []byte(fmt.Sprintf(`
current-context: c
clusters: [{name: k, cluster: {server: %q, proxy-url: %q}}]
contexts: [{name: c, context: {cluster: k}}]
`, f.srv.URL, proxy.URL)))
		loaded, err := rest.ConfigFromKubeconfig(path, "")
		if err != nil {
			f.t.Fatal(err)
		}
		f.cfg.Host, f.cfg.ProxyURL = loaded.Host, loaded.ProxyURL
	}
}

// withTokenFile gives the client a token file holding "old".
func withTokenFile(f *fault) string {
	return writeFile(f.t, f.t.TempDir(), "token", []byte("old\n"))
}

func (f *fault) countConns() {
	f.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			f.conns.Add(1)
		}
	}
}

// Requests of the matrix. Each returns the error the caller would see.
type request func(ctx context.Context, f *fault, c *rest.RESTClient) error

func get(ctx context.Context, _ *fault, c *rest.RESTClient) error {
	return c.Get().Resource("widgets").Name("w1").Do(ctx).Into(&Widget{})
}

func post(ctx context.Context, _ *fault, c *rest.RESTClient) error {
	return c.Post().Resource("widgets").Body(&Widget{Spec: "new"}).Do(ctx).Into(&Widget{})
}

// write sends verb with a Widget body, as Create, Update, Patch and Delete
// (with DeleteOptions) send theirs.
func write(verb string) request {
	return func(ctx context.Context, _ *fault, c *rest.RESTClient) error {
		return c.Verb(verb).Resource("widgets").Name("w1").Body(&Widget{Spec: "new"}).Do(ctx).Into(&Widget{})
	}
}

// postStreamedBody sends its body from an io.Reader, which cannot be
// replayed.
func postStreamedBody(ctx context.Context, _ *fault, c *rest.RESTClient) error {
	return c.Post().Resource("widgets").Body(strings.NewReader(`{"spec":"new"}`)).Do(ctx).Into(&Widget{})
}

// sameBodyEachTime checks that every attempt carried the whole body.
func sameBodyEachTime(f *fault) error {
	bodies := f.sentBodies()
	for i, b := range bodies {
		if !strings.Contains(b, `"spec":"new"`) || b != bodies[0] {
			return fmt.Errorf("attempt %d sent body %q, want the body of attempt 1 (%q) again", i+1, b, bodies[0])
		}
	}
	return nil
}

// getThenPostAfterIdleClose reuses nothing: the server closes the idle
// keep-alive connection between the requests.
func getThenPostAfterIdleClose(ctx context.Context, f *fault, c *rest.RESTClient) error {
	if err := get(ctx, f, c); err != nil {
		return fmt.Errorf("first request: %w", err)
	}
	f.srv.CloseClientConnections()
	return post(ctx, f, c)
}

func cancelMidRequest(ctx context.Context, f *fault, c *rest.RESTClient) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-f.entered
		cancel()
	}()
	return get(ctx, f, c)
}

// watchAll watches and collects events until the channel closes; it
// returns an error for an ERROR event or wrong events.
func watchAll(want ...string) request {
	return func(ctx context.Context, f *fault, c *rest.RESTClient) error {
		w, err := c.Get().Resource("widgets").Param("watch", "true").Watch(ctx)
		if err != nil {
			return err
		}
		defer w.Stop()
		var got []string
		for ev := range w.ResultChan() {
			if ev.Type == watch.Error {
				return apierrors.FromObject(ev.Object)
			}
			got = append(got, ev.Object.(*Widget).Name)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("watch delivered %q before closing, want %q", got, want)
		}
		return nil
	}
}

// watchThenStall receives the first event, then the network goes dark
// (the peer is gone without closing anything); the watch must end anyway.
func watchThenStall(ctx context.Context, f *fault, c *rest.RESTClient) error {
	w, err := c.Get().Resource("widgets").Param("watch", "true").Watch(ctx)
	if err != nil {
		return err
	}
	defer w.Stop()
	if ev := <-w.ResultChan(); ev.Type != watch.Added {
		return fmt.Errorf("first event = %v, want ADDED", ev)
	}
	<-f.entered
	f.freeze()
	for ev := range w.ResultChan() {
		return fmt.Errorf("event %v on a dead connection, want the channel closed", ev.Type)
	}
	return nil
}

func cancelMidWatch(ctx context.Context, f *fault, c *rest.RESTClient) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := c.Get().Resource("widgets").Param("watch", "true").Watch(ctx)
	if err != nil {
		return err
	}
	if ev := <-w.ResultChan(); ev.Type != watch.Added {
		return fmt.Errorf("first event = %v, want ADDED", ev)
	}
	<-f.entered
	cancel()
	for ev := range w.ResultChan() {
		return fmt.Errorf("event %v after cancel, want the channel closed", ev.Type)
	}
	return nil
}

// Error expectations.
type errCheck struct {
	name string
	ok   func(error) bool
}

var (
	noError           = errCheck{"no error", func(err error) bool { return err == nil }}
	isTooManyRequests = errCheck{"apierrors.IsTooManyRequests", apierrors.IsTooManyRequests}
	isInternalError   = errCheck{"apierrors.IsInternalError", apierrors.IsInternalError}
	isUnavailable     = errCheck{"apierrors.IsServiceUnavailable", apierrors.IsServiceUnavailable}
	isTimeout         = errCheck{"apierrors.IsTimeout", apierrors.IsTimeout}
	isBadGateway      = errCheck{"a StatusError with code 502", func(err error) bool {
		var se apierrors.APIStatus
		return errors.As(err, &se) && se.Status().Code == http.StatusBadGateway
	}}
	isForbidden   = errCheck{"apierrors.IsForbidden", apierrors.IsForbidden}
	isConnReset   = errCheck{"errors.Is(err, syscall.ECONNRESET)", func(err error) bool { return errors.Is(err, syscall.ECONNRESET) }}
	isDecodeError = errCheck{"a decoding error, not a StatusError", func(err error) bool {
		var se apierrors.APIStatus
		return err != nil && !errors.As(err, &se) && strings.Contains(err.Error(), "decoding response into *rest_test.Widget")
	}}
	isUnknownAuthority = errCheck{"a *tls.CertificateVerificationError", func(err error) bool {
		var cve *tls.CertificateVerificationError
		return errors.As(err, &cve)
	}}
	isTLSAlert = errCheck{`a "remote error: tls:" alert`, func(err error) bool {
		return err != nil && strings.Contains(err.Error(), "remote error: tls:")
	}}
	isCanceled = errCheck{"errors.Is(err, context.Canceled)", func(err error) bool { return errors.Is(err, context.Canceled) }}
)

// TestFaultMatrix is issue 4's list of faults, one row each: the server
// misbehaves, the client reacts, and the row checks how often the server
// was hit (1 = no retry), the error the caller gets, and that no goroutine
// is left behind.
func TestFaultMatrix(t *testing.T) {
	httpDate := time.Now().Add(-time.Second).UTC().Format(http.TimeFormat)
	otherCA, serverCA := newTestCA(t), newTestCA(t)
	tests := []struct {
		name     string
		server   func(*fault)
		setup    func(*fault) // adjusts f.cfg after the server started
		request  request
		wantHits int32
		wantErr  errCheck
		// check asserts more, e.g. connections or plugin runs.
		check func(*fault) error
	}{
		{name: "429 with Retry-After in seconds: a GET is retried after it", server: plainServer(script(status(429, "Retry-After: 0"), ok())), request: get, wantHits: 2, wantErr: noError},
		{name: "429 with Retry-After as an HTTP-date: a GET is retried", server: plainServer(script(status(429, "Retry-After: "+httpDate), ok())), request: get, wantHits: 2, wantErr: noError},
		{name: "429 with Retry-After: a POST is retried too, the server did not apply it", server: plainServer(script(status(429, "Retry-After: 0"), ok())), request: post, wantHits: 2, wantErr: noError},
		{name: "429 without Retry-After: a GET is retried with backoff", server: plainServer(script(status(429), ok())), request: get, wantHits: 2, wantErr: noError},
		{name: "429 without Retry-After: a POST is retried with backoff, the server rejected it", server: plainServer(script(status(429), ok())), request: post, wantHits: 2, wantErr: noError, check: sameBodyEachTime},
		{name: "429 without Retry-After forever: a POST gives up after MaxRetries", server: plainServer(script(status(429))), request: post, wantHits: 4, wantErr: isTooManyRequests, check: sameBodyEachTime},
		{name: "429 forever: a GET gives up after MaxRetries", server: plainServer(script(status(429, "Retry-After: 0"))), request: get, wantHits: 4, wantErr: isTooManyRequests},
		{name: "500: a GET is retried", server: plainServer(script(status(500), ok())), request: get, wantHits: 2, wantErr: noError},
		{name: "500: a POST is not retried, it may have been applied", server: plainServer(script(status(500))), request: post, wantHits: 1, wantErr: isInternalError},
		{name: "503 with Retry-After: a GET is retried after it", server: plainServer(script(status(503, "Retry-After: 0"), ok())), request: get, wantHits: 2, wantErr: noError},
		{name: "503 with Retry-After: a POST is retried after it, the server did not handle it", server: plainServer(script(status(503, "Retry-After: 0"), ok())), request: post, wantHits: 2, wantErr: noError, check: sameBodyEachTime},
		{name: "503 with Retry-After: a PUT is retried after it", server: plainServer(script(status(503, "Retry-After: 0"), ok())), request: write(http.MethodPut), wantHits: 2, wantErr: noError, check: sameBodyEachTime},
		{name: "503 with Retry-After: a PATCH is retried after it", server: plainServer(script(status(503, "Retry-After: 0"), ok())), request: write(http.MethodPatch), wantHits: 2, wantErr: noError, check: sameBodyEachTime},
		{name: "503 with Retry-After: a DELETE is retried after it", server: plainServer(script(status(503, "Retry-After: 0"), ok())), request: write(http.MethodDelete), wantHits: 2, wantErr: noError, check: sameBodyEachTime},
		{name: "503 with Retry-After as an HTTP-date: a POST is retried", server: plainServer(script(status(503, "Retry-After: "+httpDate), ok())), request: post, wantHits: 2, wantErr: noError, check: sameBodyEachTime},
		{name: "503 with Retry-After forever: a POST gives up after MaxRetries", server: plainServer(script(status(503, "Retry-After: 0"))), request: post, wantHits: 4, wantErr: isUnavailable},
		{name: "503 with Retry-After: a POST with an io.Reader body is not retried, it cannot be replayed", server: plainServer(script(status(503, "Retry-After: 0"))), request: postStreamedBody, wantHits: 1, wantErr: isUnavailable},
		{name: "503 without Retry-After: a POST is not retried, it may have been applied", server: plainServer(script(status(503))), request: post, wantHits: 1, wantErr: isUnavailable},
		{name: "500 with Retry-After: a POST is not retried, it may have been applied", server: plainServer(script(status(500, "Retry-After: 0"))), request: post, wantHits: 1, wantErr: isInternalError},
		{name: "502: a PUT is not retried", server: plainServer(script(status(502))), request: write(http.MethodPut), wantHits: 1, wantErr: isBadGateway},
		{name: "504 with Retry-After: a PATCH is not retried, the handler may still be running", server: plainServer(script(status(504, "Retry-After: 0"))), request: write(http.MethodPatch), wantHits: 1, wantErr: isTimeout},
		{name: "504: a GET is retried until MaxRetries", server: plainServer(script(status(504))), request: get, wantHits: 4, wantErr: isTimeout},
		{name: "connection reset before headers: a GET is retried", server: plainServer(script(reset(false), ok())), request: get, wantHits: 2, wantErr: noError},
		{name: "connection reset before headers: a POST is not retried, the server had it", server: plainServer(script(reset(false))), request: post, wantHits: 1, wantErr: isConnReset},
		{name: "connection reset after headers: a GET is retried", server: plainServer(script(reset(true), ok())), request: get, wantHits: 2, wantErr: noError},
		{name: "connection reset after headers: a POST is not retried", server: plainServer(script(reset(true))), request: post, wantHits: 1, wantErr: isConnReset},
		{
			name: "a write whose connection is refused is retried, it never reached the server", server: plainServer(script(ok())),
			setup: func(f *fault) {
				var dials atomic.Int32
				f.cfg.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
					if dials.Add(1) == 1 {
						return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
					}
					return (&net.Dialer{}).DialContext(ctx, network, addr)
				}
			},
			request: post, wantHits: 1, wantErr: noError,
		},
		{name: "truncated JSON body: not retried, a decoding error", server: plainServer(script(raw(200, "application/json", `{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w`))), request: get, wantHits: 1, wantErr: isDecodeError},
		{name: "malformed Status body: not retried, still a typed error from the code", server: plainServer(script(raw(403, "application/json", `{"kind":"Status","apiVersion":"v1","status":"Failure","code":`))), request: get, wantHits: 1, wantErr: isForbidden},
		{
			name: "slow watch stream: events far apart are all delivered, Config.Timeout does not cut it", server: plainServer(script(watchEvents("close", 150*time.Millisecond, "a", "b", "c"))),
			setup: func(f *fault) { f.cfg.Timeout = 50 * time.Millisecond }, request: watchAll("a", "b", "c"), wantHits: 1, wantErr: noError,
		},
		{
			name:   "stalled watch stream on a dead connection: the HTTP/2 ping health check closes it",
			server: http2Server(script(watchEvents("hold", 0, "a"))), request: watchThenStall, wantHits: 1, wantErr: noError,
		},
		{name: "watch dropped mid-stream: the channel closes after the events that arrived", server: plainServer(script(watchEvents("reset", 0, "a", "b"))), request: watchAll("a", "b"), wantHits: 1, wantErr: noError},
		{
			name: "server closing idle connections: the next request, even a POST, succeeds on a new connection", server: plainServer(script(ok())),
			request: getThenPostAfterIdleClose, wantHits: 2, wantErr: noError,
			check: func(f *fault) error {
				if n := f.conns.Load(); n != 2 {
					return fmt.Errorf("server accepted %d connections, want 2", n)
				}
				return nil
			},
		},
		{
			name: "expired token then refresh (exec plugin): a 401 runs the plugin again and retries once", server: tlsServer(script(bearerOnly("fresh")), nil, nil, nil),
			setup: func(f *fault) {
				f.plugin = newExecPlugin(f.t)
				f.plugin.willReturn(f.t, 1, "expired", time.Now().Add(time.Hour))
				f.plugin.willReturn(f.t, 2, "fresh", time.Now().Add(time.Hour))
				f.cfg.ExecProvider = f.plugin.config()
			},
			request: get, wantHits: 2, wantErr: noError,
			check: func(f *fault) error {
				if n := f.plugin.runs(f.t); n != 2 {
					return fmt.Errorf("plugin ran %d times, want 2", n)
				}
				return nil
			},
		},
		{
			name: "expired token then refresh (tokenFile): a 401 re-reads the rotated file and retries once", server: func(f *fault) {
				tokenFile := withTokenFile(f)
				tlsServer(script(tokenFileRotatedOn401(tokenFile)), nil, nil, nil)(f)
				f.cfg.BearerTokenFile = tokenFile
			},
			request: get, wantHits: 2, wantErr: noError,
		},
		{
			name: "wrong CA: one TLS handshake, not retried", server: tlsServer(script(ok()), nil, otherCA, nil), request: get, wantHits: 0, wantErr: isUnknownAuthority,
			check: func(f *fault) error {
				if n := f.conns.Load(); n != 1 {
					return fmt.Errorf("server saw %d connections, want 1", n)
				}
				return nil
			},
		},
		{
			name: "wrong client certificate: rejected by the server, not retried", server: tlsServer(script(ok()), serverCA, nil, otherCA), request: get, wantHits: 0, wantErr: isTLSAlert,
			check: func(f *fault) error {
				if n := f.conns.Load(); n != 1 {
					return fmt.Errorf("server saw %d connections, want 1", n)
				}
				return nil
			},
		},
		{
			name: "proxy-url from the kubeconfig: the request goes through the local proxy", server: behindProxy(script(ok())), request: get, wantHits: 1, wantErr: noError,
			check: func(f *fault) error {
				if n := f.proxyHits.Load(); n != 1 {
					return fmt.Errorf("proxy forwarded %d requests, want 1", n)
				}
				return nil
			},
		},
		{name: "context cancelled mid-request: returns at once, not retried", server: plainServer(script(blockUntilCancelled())), request: cancelMidRequest, wantHits: 1, wantErr: isCanceled},
		{name: "context cancelled mid-watch: the channel closes without an ERROR event", server: plainServer(script(watchEvents("hold", 0, "a"))), request: cancelMidWatch, wantHits: 1, wantErr: noError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Registered first, so it runs after every other cleanup
			// (servers closed, idle connections dropped).
			leakOpts := goleak.IgnoreCurrent()
			t.Cleanup(func() { goleak.VerifyNone(t, leakOpts) })

			f := &fault{t: t, entered: make(chan struct{}), cfg: &rest.Config{
				QPS:         -1,
				RetryPolicy: &rest.RetryPolicy{MaxRetries: 3, InitialBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond},
				Logger:      quietLogger,
			}}
			tt.server(f)
			t.Cleanup(f.srv.Close)
			if tt.setup != nil {
				tt.setup(f)
			}
			c, err := rest.RESTClientFor(rest.ForGroupVersion(f.cfg, widgetGV, testCodecs(t)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(c.HTTPClient().CloseIdleConnections)

			ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
			defer cancel()
			err = tt.request(ctx, f, c)
			if !tt.wantErr.ok(err) {
				t.Errorf("error = %v (%T); want %s", err, err, tt.wantErr.name)
			}
			if ctx.Err() != nil {
				t.Errorf("the request only ended at the test deadline")
			}
			if got := f.hits.Load(); got != tt.wantHits {
				t.Errorf("server was hit %d times, want %d (retries: %d)", got, tt.wantHits, max(tt.wantHits-1, 0))
			}
			if tt.check != nil {
				if err := tt.check(f); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// quietStdLogger silences net/http's server log (handshake failures and
// hijacked connections are expected here).
var quietStdLogger = log.New(io.Discard, "", 0)

// freezableConn becomes a black hole on freeze: writes vanish and reads
// block until the connection is closed, like a peer that lost power.
type freezableConn struct {
	net.Conn
	frozen    chan struct{}
	closed    chan struct{}
	onceFreez sync.Once
	onceClose sync.Once
}

func newFreezableConn(c net.Conn) *freezableConn {
	return &freezableConn{Conn: c, frozen: make(chan struct{}), closed: make(chan struct{})}
}

func (c *freezableConn) freeze() { c.onceFreez.Do(func() { close(c.frozen) }) }

func (c *freezableConn) Read(p []byte) (int, error) {
	select {
	case <-c.frozen:
		<-c.closed
		return 0, net.ErrClosed
	default:
	}
	type result struct {
		n   int
		err error
	}
	// A read already waiting on the socket must also go dark when frozen.
	done := make(chan result, 1)
	go func() {
		n, err := c.Conn.Read(p)
		done <- result{n, err}
	}()
	select {
	case r := <-done:
		return r.n, r.err
	case <-c.frozen:
		<-c.closed
		<-done
		return 0, net.ErrClosed
	}
}

func (c *freezableConn) Write(p []byte) (int, error) {
	select {
	case <-c.frozen:
		return len(p), nil
	default:
		return c.Conn.Write(p)
	}
}

func (c *freezableConn) Close() error {
	c.onceClose.Do(func() { close(c.closed) })
	return c.Conn.Close()
}
