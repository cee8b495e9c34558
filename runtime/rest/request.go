package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/clientgen/clientgen/runtime/internal/pathseg"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"path"
	"reflect"
	"strings"
	"sync/atomic"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// maxErrorBodyBytes bounds how much of an unexpected response body is read
// into an error; anything longer is noise.
const maxErrorBodyBytes = 2048

// Request builds one API request. Builder methods return the receiver for
// chaining; the first error sticks and is returned by Do, DoRaw, Watch and
// Stream, so callers check once at the end.
//
// A Request is not safe for concurrent use.
type Request struct {
	c    *RESTClient
	verb string

	pathPrefix   string
	namespace    string
	namespaceSet bool
	resource     string
	resourceName string
	subresource  string
	params       url.Values
	headers      http.Header
	timeout      time.Duration

	// body is replayable (so a retry can resend it); bodyReader is not.
	body       []byte
	bodyReader io.Reader
	// bodyType is the media type body was encoded in ("" for the
	// configured ContentType).
	bodyType string
	// bodyObj is the object body was encoded from, kept so the body can be
	// encoded again in JSON if the server refuses its format (content.go).
	bodyObj runtime.Object
	// content is the client's content when the request was made, or JSON
	// after the server refused it (content.go).
	content *clientContent

	err error
}

func newRequest(c *RESTClient, verb string) *Request {
	return &Request{
		c:          c,
		verb:       strings.ToUpper(verb),
		pathPrefix: c.versionedAPIPath,
		content:    c.currentContent(),
	}
}

func (r *Request) setErr(err error) *Request {
	if r.err == nil {
		r.err = err
	}
	return r
}

// validSegment rejects names that would change the meaning of the URL path.
func validSegment(kind, name string) error {
	if msgs := pathseg.Problems(name); len(msgs) > 0 {
		return fmt.Errorf("rest: invalid %s %q: %s", kind, name, strings.Join(msgs, ", "))
	}
	return nil
}

// Namespace scopes the request to ns. An empty ns means all namespaces (or a
// cluster-scoped resource) and adds nothing to the path.
func (r *Request) Namespace(ns string) *Request {
	if r.err != nil {
		return r
	}
	if r.namespaceSet {
		return r.setErr(fmt.Errorf("rest: namespace already set to %q, cannot change to %q", r.namespace, ns))
	}
	if ns != "" {
		if err := validSegment("namespace", ns); err != nil {
			return r.setErr(err)
		}
	}
	r.namespaceSet = true
	r.namespace = ns
	return r
}

// NamespaceIfScoped applies Namespace(ns) only when scoped is true, which
// lets generated code treat namespaced and cluster-scoped types uniformly.
func (r *Request) NamespaceIfScoped(ns string, scoped bool) *Request {
	if scoped {
		return r.Namespace(ns)
	}
	return r
}

// Resource sets the resource (plural, lower case) to access.
func (r *Request) Resource(resource string) *Request {
	if r.err != nil {
		return r
	}
	if r.resource != "" {
		return r.setErr(fmt.Errorf("rest: resource already set to %q, cannot change to %q", r.resource, resource))
	}
	if err := validSegment("resource", resource); err != nil {
		return r.setErr(err)
	}
	r.resource = resource
	return r
}

// Name sets the name of the object to access.
func (r *Request) Name(name string) *Request {
	if r.err != nil {
		return r
	}
	if name == "" {
		return r.setErr(errors.New("rest: resource name may not be empty"))
	}
	if r.resourceName != "" {
		return r.setErr(fmt.Errorf("rest: resource name already set to %q, cannot change to %q", r.resourceName, name))
	}
	if err := validSegment("resource name", name); err != nil {
		return r.setErr(err)
	}
	r.resourceName = name
	return r
}

// SubResource sets a subresource path such as "status" or "scale".
func (r *Request) SubResource(parts ...string) *Request {
	if r.err != nil || len(parts) == 0 {
		return r
	}
	if r.subresource != "" {
		return r.setErr(fmt.Errorf("rest: subresource already set to %q", r.subresource))
	}
	for _, p := range parts {
		if err := validSegment("subresource", p); err != nil {
			return r.setErr(err)
		}
	}
	r.subresource = path.Join(parts...)
	return r
}

// AbsPath replaces the default /<APIPath>/<group>/<version> prefix with the
// given segments (still below any path prefix of Config.Host). A trailing
// slash on the last segment is kept because some endpoints care.
func (r *Request) AbsPath(segments ...string) *Request {
	if r.err != nil {
		return r
	}
	p := path.Join(append([]string{"/", r.c.base.Path}, segments...)...)
	if n := len(segments); n > 0 && strings.HasSuffix(segments[n-1], "/") && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	r.pathPrefix = p
	return r
}

// Param adds a query parameter; repeated calls append values.
func (r *Request) Param(k, v string) *Request {
	if r.err != nil {
		return r
	}
	if r.params == nil {
		r.params = url.Values{}
	}
	r.params.Add(k, v)
	return r
}

// VersionedParams encodes obj (e.g. *metav1.ListOptions) into query
// parameters for the client's group version.
func (r *Request) VersionedParams(obj runtime.Object, codec runtime.ParameterCodec) *Request {
	if r.err != nil {
		return r
	}
	if r.c.content.groupVersion == nil {
		return r.setErr(errors.New("rest: VersionedParams needs a client GroupVersion; use SpecificallyVersionedParams on unversioned clients"))
	}
	return r.SpecificallyVersionedParams(obj, codec, *r.c.content.groupVersion)
}

// SpecificallyVersionedParams encodes obj into query parameters as version.
func (r *Request) SpecificallyVersionedParams(obj runtime.Object, codec runtime.ParameterCodec, version schema.GroupVersion) *Request {
	if r.err != nil {
		return r
	}
	params, err := codec.EncodeParameters(obj, version)
	if err != nil {
		return r.setErr(fmt.Errorf("rest: encoding %T as query parameters: %w", obj, err))
	}
	if r.params == nil {
		r.params = url.Values{}
	}
	for k, vs := range params {
		r.params[k] = append(r.params[k], vs...)
	}
	return r
}

// SetHeader sets a request header, replacing earlier values.
func (r *Request) SetHeader(key string, values ...string) *Request {
	if r.headers == nil {
		r.headers = http.Header{}
	}
	r.headers.Del(key)
	for _, v := range values {
		r.headers.Add(key, v)
	}
	return r
}

// Timeout bounds this request (watches and streams included) and asks the
// server to give up after d via the "timeout" query parameter. It overrides
// Config.Timeout.
func (r *Request) Timeout(d time.Duration) *Request {
	if r.err != nil {
		return r
	}
	if d < 0 {
		return r.setErr(fmt.Errorf("rest: negative timeout %s", d))
	}
	r.timeout = d
	return r
}

// Body sets the request body: []byte is sent as is, a runtime.Object is
// encoded with the negotiated serializer for ContentType, an io.Reader is
// streamed (and makes the request non-retriable). A nil object means no body.
func (r *Request) Body(obj any) *Request {
	if r.err != nil {
		return r
	}
	r.body, r.bodyReader, r.bodyType, r.bodyObj = nil, nil, "", nil
	switch t := obj.(type) {
	case nil:
	case []byte:
		r.body = t
	case runtime.Object:
		if v := reflect.ValueOf(t); v.Kind() == reflect.Pointer && v.IsNil() {
			return r
		}
		data, contentType, err := r.content.encode(t)
		if err != nil {
			return r.setErr(fmt.Errorf("rest: encoding %T body: %w", t, err))
		}
		r.body, r.bodyType, r.bodyObj = data, contentType, t
	case io.Reader:
		r.bodyReader = t
	default:
		return r.setErr(fmt.Errorf("rest: unsupported body type %T (want []byte, runtime.Object or io.Reader)", obj))
	}
	return r
}

// URL returns the URL the request will be sent to.
func (r *Request) URL() *url.URL {
	p := r.pathPrefix
	if r.namespaceSet && r.namespace != "" {
		p = path.Join(p, "namespaces", r.namespace)
	}
	if r.resource != "" {
		p = path.Join(p, strings.ToLower(r.resource))
	}
	if r.resourceName != "" || r.subresource != "" {
		p = path.Join(p, r.resourceName, r.subresource)
	}
	u := *r.c.base
	u.Path = p
	u.User = nil
	query := url.Values{}
	for k, vs := range r.params {
		query[k] = append([]string(nil), vs...)
	}
	if r.timeout != 0 {
		query.Set("timeout", r.timeout.String())
	}
	u.RawQuery = query.Encode()
	return &u
}

// urlForErrors is the URL as shown in errors and logs: without any userinfo.
func (r *Request) urlForErrors() string {
	return r.URL().Redacted()
}

// groupResource is used to build generic server errors.
func (r *Request) groupResource() schema.GroupResource {
	if r.resource == "" {
		return schema.GroupResource{}
	}
	return schema.GroupResource{Group: r.c.APIVersion().Group, Resource: r.resource}
}

// requestKind decides which limits apply to a request.
type requestKind int

const (
	// unary requests have their whole response read; Config.Timeout applies.
	unary requestKind = iota
	// stream requests hand the body to the caller; only Request.Timeout applies.
	stream
	// watch requests are like streams but also skip client-side rate limiting.
	watchKind
)

// context derives the request context: an explicit Request.Timeout always
// applies, Config.Timeout only to unary requests so watches are not cut.
func (r *Request) context(ctx context.Context, kind requestKind) (context.Context, context.CancelFunc) {
	d := r.timeout
	if d == 0 && kind == unary {
		d = r.c.timeout
	}
	if d > 0 {
		return context.WithTimeout(ctx, d)
	}
	return context.WithCancel(ctx)
}

// sendAttempts performs the round trip, including rate limiting and the
// retry policy, counting retries in *retried; send (metrics.go) wraps it.
// For unary requests the whole body is read (so a connection lost while
// reading can be retried) and returned with resp.Body closed. For streams
// and watches a 2xx response is returned with its body open for the
// caller; other responses have their (bounded) body read and returned.
func (r *Request) sendAttempts(ctx context.Context, kind requestKind, retried *int) (*http.Response, []byte, error) {
	u := r.URL()
	for retries := 0; ; retries++ {
		if kind != watchKind {
			if err := r.throttle(ctx); err != nil {
				return nil, nil, err
			}
		}
		resp, body, a := r.attempt(ctx, u, kind)
		if r.retryAsJSON(resp) { // content.go; the response's body is closed
			retries--
			continue
		}
		delay, retry, reason := r.c.retry.decide(a, retries, time.Now())
		if retry {
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
				retry = false // the deadline would pass while waiting: report what we have
			}
		}
		if !retry {
			if a.err != nil {
				return nil, nil, r.wrapErr(a.err)
			}
			r.handleWarnings(resp)
			return resp, body, nil
		}
		if resp != nil {
			_ = resp.Body.Close()
		}
		r.c.logger.Debug("retrying request", "verb", r.verb, "url", r.urlForErrors(), "retry", retries+1, "delay", delay, "reason", reason)
		*retried = retries + 1
		r.reportRetry(ctx, a, retries+1, delay)
		if err := waitFor(ctx, delay); err != nil {
			if a.err != nil {
				return nil, nil, r.wrapErr(fmt.Errorf("%w (while waiting to retry after: %v)", err, a.err))
			}
			return nil, nil, r.wrapErr(fmt.Errorf("%w (while waiting to retry after status %d)", err, resp.StatusCode))
		}
	}
}

// throttle waits for the client-side rate limiter and reports long waits.
func (r *Request) throttle(ctx context.Context) error {
	start := time.Now()
	err := r.c.rateLimiter.Wait(ctx)
	waited := time.Since(start)
	r.c.metrics.RateLimiterWait(ctx, RateLimiterWaitInfo{RequestTarget: r.target(), Wait: waited, Err: err})
	if err != nil {
		return r.wrapErr(fmt.Errorf("client rate limiter: %w", err))
	}
	if waited > longThrottle {
		r.c.logger.Info("request delayed by client-side throttling (raise Config.QPS/Burst if this is too slow)",
			"verb", r.verb, "url", r.urlForErrors(), "waited", waited.Round(time.Millisecond))
	}
	return nil
}

// attempt performs one round trip. For unary requests and non-2xx
// responses it reads the body (bounded for errors of streams).
func (r *Request) attempt(ctx context.Context, u *url.URL, kind requestKind) (*http.Response, []byte, attempt) {
	a := attempt{verb: r.verb, replayable: r.bodyReader == nil}
	var wrote, reusedIdle atomic.Bool
	trace := &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { reusedIdle.Store(info.Reused && info.WasIdle) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				wrote.Store(true)
			}
		},
	}
	req, err := r.newHTTPRequest(httptrace.WithClientTrace(ctx, trace), u)
	if err != nil {
		a.err = err
		return nil, nil, a
	}
	resp, err := r.c.client.Do(req)
	a.reached = wrote.Load()
	if err != nil && resp != nil {
		// Only a failed CheckRedirect returns a response with an error
		// (its body already closed): the redirect policy, such as
		// net/http's limit of 10 redirects, stopped the request. Sending
		// it again would follow the same redirects.
		a.err = &redirectPolicyError{err: err}
		return nil, nil, a
	}
	if err != nil {
		// *url.Error repeats the URL (possibly with userinfo); keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if reusedIdle.Load() && errors.Is(err, io.EOF) {
			// A keep-alive connection the server closed as idle before our
			// request arrived: EOF before any byte of a response. The
			// server never read the request (browsers decide the same way).
			a.reached = false
		}
		a.err = err
		return nil, nil, a
	}
	a.resp = resp
	ok := resp.StatusCode >= http.StatusOK && resp.StatusCode <= http.StatusPartialContent
	if kind != unary && ok {
		return resp, nil, a
	}
	var rd io.Reader = resp.Body
	if !ok && kind != unary {
		rd = io.LimitReader(resp.Body, 1<<20)
	}
	body, err := io.ReadAll(rd)
	_ = resp.Body.Close()
	if err != nil {
		a.resp, a.reached = nil, true
		a.err = fmt.Errorf("reading response body (status %d): %w", resp.StatusCode, err)
		return nil, nil, a
	}
	return resp, body, a
}

// handleWarnings passes the response's warnings to the handler.
func (r *Request) handleWarnings(resp *http.Response) {
	for _, w := range parseWarnings(resp.Header.Values("Warning")) {
		r.c.warnings.HandleWarningHeader(w.code, w.agent, w.text)
	}
}

// wrapErr adds the verb and URL to a client-side error.
func (r *Request) wrapErr(err error) error {
	return fmt.Errorf("%s %s: %w", r.verb, r.urlForErrors(), err)
}

func (r *Request) newHTTPRequest(ctx context.Context, u *url.URL) (*http.Request, error) {
	var body io.Reader
	switch {
	case r.body != nil:
		body = bytes.NewReader(r.body)
	case r.bodyReader != nil:
		body = r.bodyReader
	}
	req, err := http.NewRequestWithContext(ctx, r.verb, u.String(), body)
	if err != nil {
		return nil, err
	}
	for k, vs := range r.headers {
		req.Header[k] = append([]string(nil), vs...)
	}
	if req.Header.Get("Accept") == "" && r.content.accept != "" {
		req.Header.Set("Accept", r.content.accept)
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		contentType := r.bodyType
		if contentType == "" {
			contentType = r.content.contentType
		}
		req.Header.Set("Content-Type", contentType)
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", r.c.userAgent)
	}
	return req, nil
}

// Do sends the request, reads the whole response and returns it as a Result.
func (r *Request) Do(ctx context.Context) Result {
	ctx, cancel := r.context(ctx, unary)
	defer cancel()
	resp, body, err := r.send(ctx, unary)
	if err != nil {
		return Result{err: err}
	}
	return r.transformResponse(resp, body)
}

// DoRaw sends the request and returns the raw response body. On a server
// error the body is returned alongside the error.
func (r *Request) DoRaw(ctx context.Context) ([]byte, error) {
	res := r.Do(ctx)
	return res.body, res.err
}

// Stream sends the request and returns the response body for the caller to
// read and close. Config.Timeout does not apply (streams such as followed
// logs are long-lived); Request.Timeout does.
func (r *Request) Stream(ctx context.Context) (io.ReadCloser, error) {
	ctx, cancel := r.context(ctx, stream)
	resp, body, err := r.send(ctx, stream)
	if err != nil {
		cancel()
		return nil, err
	}
	if resp.StatusCode < http.StatusOK || resp.StatusCode > http.StatusPartialContent {
		defer cancel()
		return nil, r.errorFromResponse(resp, body)
	}
	return &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}, nil
}

// errorFromResponse turns an already read error response into an error.
func (r *Request) errorFromResponse(resp *http.Response, body []byte) error {
	res := r.transformResponse(resp, body)
	if res.err != nil {
		return res.err
	}
	return r.wrapErr(fmt.Errorf("unexpected response status %d", resp.StatusCode))
}

// cancelOnClose releases the request context once the caller is done with
// the body, so a Request.Timeout timer does not outlive the stream.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
