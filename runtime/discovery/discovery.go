// Package discovery asks an API server which versions, groups and resources
// it serves, with client-go v0.37.2's interfaces, method names and meanings.
// Every method comes in two forms, as in client-go: ServerGroups() and
// ServerGroupsWithContext(ctx). The WithContext forms are the implementation
// and what new code should call; the forms without a context call them with
// context.Background() and exist so that code written against client-go
// (cs.Discovery().ServerVersion()) compiles after an import-path change.
// See interfaces.go.
//
// DiscoveryClient asks for aggregated discovery (apidiscovery.k8s.io/v2, in
// protobuf) on /api and /apis, which describes every group, version and
// resource in two round trips made in parallel, and falls back to the legacy
// documents (/api, /apis, then one request per group version, in parallel
// with a bound) when the server does not serve it. Partial failure is data:
// ServerGroupsAndResources returns everything that succeeded together with
// an *ErrGroupDiscoveryFailed naming the group versions that did not
// (including those the server reports stale).
//
// CachedDiscoveryClient caches the result in memory (NewMemCacheClient) or
// also on disk (NewCachedDiscoveryClientForConfig, in kubectl's
// ~/.kube/cache/discovery/<host_port>/ with a TTL and ETag revalidation).
// The restmapper subpackage maps kinds to resources on top of either.
package discovery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/rest"
)

const (
	// defaultParallelism bounds the legacy per-group-version requests in
	// flight at once.
	defaultParallelism = 16
	// defaultTimeout applies to each discovery request when the Config has
	// no Timeout (client-go's value).
	defaultTimeout = 32 * time.Second
	// defaultBurst is the rate limiter burst of a discovery client whose
	// Config sets neither QPS nor Burst (client-go's value): a legacy
	// discovery makes one request per group version.
	defaultBurst = 300
)

// DiscoveryClient implements DiscoveryInterfaces and the aggregated
// discovery interfaces over a RESTClient. It keeps no state between calls:
// wrap it in NewMemCacheClient or use NewCachedDiscoveryClientForConfig to
// cache. Each method without a context is its WithContext form with
// context.Background(), for callers written against client-go.
type DiscoveryClient struct {
	client rest.Interface
	// UseLegacyDiscovery makes the client ask only for the legacy discovery
	// documents (client-go's field; see WithLegacy).
	UseLegacyDiscovery bool
	parallelism        int
}

var (
	_ DiscoveryInterfaces                     = (*DiscoveryClient)(nil)
	_ AggregatedDiscoveryInterface            = (*DiscoveryClient)(nil)
	_ AggregatedDiscoveryInterfaceWithContext = (*DiscoveryClient)(nil)
)

// NewDiscoveryClientForConfig builds a DiscoveryClient with its own HTTP
// client from c.
func NewDiscoveryClientForConfig(c *rest.Config) (*DiscoveryClient, error) {
	if c == nil {
		return nil, errors.New("discovery: nil Config")
	}
	cfg := configFor(c)
	h, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, err
	}
	return newForConfigAndClient(cfg, h)
}

// NewDiscoveryClientForConfigAndClient builds a DiscoveryClient that sends
// requests through h, so it can share connections with other clients.
func NewDiscoveryClientForConfigAndClient(c *rest.Config, h *http.Client) (*DiscoveryClient, error) {
	if c == nil {
		return nil, errors.New("discovery: nil Config")
	}
	if h == nil {
		return nil, errors.New("discovery: nil http.Client")
	}
	return newForConfigAndClient(configFor(c), h)
}

func newForConfigAndClient(cfg *rest.Config, h *http.Client) (*DiscoveryClient, error) {
	// A shallow copy shares h's connection pool; its transport additionally
	// records the Content-Type and ETag of discovery responses.
	hc := *h
	hc.Transport = &headerRecorder{next: h.Transport}
	rc, err := rest.UnversionedRESTClientForConfigAndClient(cfg, &hc)
	if err != nil {
		return nil, err
	}
	return NewDiscoveryClient(rc), nil
}

// NewDiscoveryClient wraps an existing client. Its serializer must be able to
// decode the metav1 discovery types (APIVersions, APIGroupList,
// APIResourceList). Without the response headers that a client built by
// NewDiscoveryClientForConfig records, aggregated documents are recognised
// by their content and cannot be revalidated by ETag.
func NewDiscoveryClient(c rest.Interface) *DiscoveryClient {
	return &DiscoveryClient{client: c, parallelism: defaultParallelism}
}

// configFor returns a copy of c for discovery: paths are absolute, and the
// serializer knows the unversioned metav1 discovery types. JSON is the
// default because the legacy documents are only guaranteed in JSON;
// aggregated discovery negotiates protobuf per request.
func configFor(c *rest.Config) *rest.Config {
	cfg := *c
	cfg.APIPath = ""
	cfg.GroupVersion = nil
	cfg.ContentType = "application/json"
	cfg.AcceptContentTypes = "application/json"
	// A scheme per client rather than a package-level one keeps this package
	// free of shared mutable state.
	scheme := runtime.NewScheme()
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	cfg.NegotiatedSerializer = serializer.NewCodecFactory(scheme).WithoutConversion()
	if cfg.UserAgent == "" {
		cfg.UserAgent = rest.DefaultUserAgent()
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.RateLimiter == nil && cfg.QPS == 0 && cfg.Burst == 0 {
		cfg.Burst = defaultBurst
	}
	return &cfg
}

// RESTClient returns the underlying client.
func (d *DiscoveryClient) RESTClient() rest.Interface { return d.client }

// WithLegacy returns a copy of d that asks only for the legacy discovery
// documents, one request per group version, as servers without aggregated
// discovery require. It is a *DiscoveryClient.
func (d *DiscoveryClient) WithLegacy() DiscoveryInterface { return d.withLegacy() }

// WithLegacyWithContext is WithLegacy; it sends no request.
func (d *DiscoveryClient) WithLegacyWithContext(context.Context) DiscoveryInterfaceWithContext {
	return d.withLegacy()
}

func (d *DiscoveryClient) withLegacy() *DiscoveryClient {
	out := *d
	out.UseLegacyDiscovery = true
	return &out
}

// WithParallelism returns a copy of d that keeps at most n legacy
// per-group-version requests in flight (default 16; n < 1 means 1).
func (d *DiscoveryClient) WithParallelism(n int) *DiscoveryClient {
	out := *d
	out.parallelism = max(n, 1)
	return &out
}

// ServerVersion is ServerVersionWithContext with context.Background().
func (d *DiscoveryClient) ServerVersion() (*version.Info, error) {
	return d.ServerVersionWithContext(context.Background())
}

// ServerVersionWithContext returns the server's version information.
func (d *DiscoveryClient) ServerVersionWithContext(ctx context.Context) (*version.Info, error) {
	body, err := d.client.Get().AbsPath("/version").DoRaw(ctx)
	if err != nil {
		return nil, err
	}
	var info version.Info
	if err := json.Unmarshal(body, &info); err != nil {
		return nil, fmt.Errorf("discovery: decoding /version: %w", err)
	}
	return &info, nil
}

// ServerGroups is ServerGroupsWithContext with context.Background().
func (d *DiscoveryClient) ServerGroups() (*metav1.APIGroupList, error) {
	return d.ServerGroupsWithContext(context.Background())
}

// ServerGroupsWithContext returns the supported groups with their versions. As in
// client-go, a server without /api or /apis (404/403) contributes no groups
// rather than failing, which keeps this usable against aggregated or
// restricted servers. Stale group versions are left out.
func (d *DiscoveryClient) ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error) {
	docs, err := d.fetch(ctx, nil, false)
	if err != nil {
		return nil, err
	}
	snap, err := docs.parse(false)
	if err != nil {
		return nil, err
	}
	return &metav1.APIGroupList{Groups: snap.groups}, nil
}

// ServerResourcesForGroupVersion is
// ServerResourcesForGroupVersionWithContext with context.Background().
func (d *DiscoveryClient) ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error) {
	return d.ServerResourcesForGroupVersionWithContext(context.Background(), groupVersion)
}

// ServerResourcesForGroupVersionWithContext returns the resources served for
// groupVersion, with one request to its legacy document.
func (d *DiscoveryClient) ServerResourcesForGroupVersionWithContext(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error) {
	if groupVersion == "" {
		return nil, errors.New("discovery: groupVersion must not be empty")
	}
	gv, err := schema.ParseGroupVersion(groupVersion)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	doc, _, err := d.get(ctx, gvPath(gv), acceptLegacy, "")
	if err != nil {
		return nil, err
	}
	return decodeResourceList(doc.Body, groupVersion)
}

// ServerGroupsAndResources is ServerGroupsAndResourcesWithContext with
// context.Background().
func (d *DiscoveryClient) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return d.ServerGroupsAndResourcesWithContext(context.Background())
}

// ServerGroupsAndResourcesWithContext fetches everything: two requests with
// aggregated discovery, else the legacy documents. See
// ServerResourcesInterface.
func (d *DiscoveryClient) ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	snap, err := d.snapshot(ctx)
	if err != nil {
		return nil, nil, err
	}
	return snap.groupsAndResources()
}

// ServerPreferredResources is ServerPreferredResourcesWithContext with
// context.Background().
func (d *DiscoveryClient) ServerPreferredResources() ([]*metav1.APIResourceList, error) {
	return d.ServerPreferredResourcesWithContext(context.Background())
}

// ServerPreferredResourcesWithContext: see ServerResourcesInterface.
func (d *DiscoveryClient) ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	snap, err := d.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return snap.preferredResources(false)
}

// ServerPreferredNamespacedResources is
// ServerPreferredNamespacedResourcesWithContext with context.Background().
func (d *DiscoveryClient) ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error) {
	return d.ServerPreferredNamespacedResourcesWithContext(context.Background())
}

// ServerPreferredNamespacedResourcesWithContext: see
// ServerResourcesInterface.
func (d *DiscoveryClient) ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	snap, err := d.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return snap.preferredResources(true)
}

// GroupsAndMaybeResources is GroupsAndMaybeResourcesWithContext with
// context.Background().
func (d *DiscoveryClient) GroupsAndMaybeResources() (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	return d.GroupsAndMaybeResourcesWithContext(context.Background())
}

// GroupsAndMaybeResourcesWithContext reads /api and /apis only (two
// requests). With aggregated discovery they hold the resources too, returned
// by group version with the group versions that failed (stale); with legacy
// documents both maps are nil and the resources need one request per group
// version (ServerResourcesForGroupVersionWithContext).
func (d *DiscoveryClient) GroupsAndMaybeResourcesWithContext(ctx context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	docs, err := d.fetch(ctx, nil, false)
	if err != nil {
		return nil, nil, nil, err
	}
	snap, err := docs.parse(false)
	if err != nil {
		return nil, nil, nil, err
	}
	groups := &metav1.APIGroupList{Groups: snap.groups}
	if !snap.aggregated {
		return groups, nil, nil, nil
	}
	resources, failed := snap.byGroupVersion()
	return groups, resources, failed, nil
}

func (d *DiscoveryClient) snapshot(ctx context.Context) (*snapshot, error) {
	docs, err := d.fetch(ctx, nil, true)
	if err != nil {
		return nil, err
	}
	return docs.parse(true)
}

func gvPath(gv schema.GroupVersion) string {
	if gv.Group == "" {
		return "/api/" + gv.Version
	}
	return "/apis/" + gv.Group + "/" + gv.Version
}

// get performs one GET. With etag set, the server may answer 304, reported
// as notModified with an empty document.
func (d *DiscoveryClient) get(ctx context.Context, path, accept, etag string) (doc document, notModified bool, err error) {
	h := &recordedHeaders{}
	req := d.client.Get().AbsPath(path).SetHeader("Accept", accept)
	if etag != "" {
		req = req.SetHeader("If-None-Match", etag)
	}
	var code int
	body, err := req.Do(context.WithValue(ctx, recordedHeadersKey{}, h)).StatusCode(&code).Raw()
	if code == http.StatusNotModified && etag != "" {
		return document{}, true, nil
	}
	if err != nil {
		return document{}, false, err
	}
	return document{Path: path, ContentType: h.contentType, ETag: h.etag, Body: body}, false, nil
}

// fetch downloads the discovery documents: /api and /apis in parallel and,
// when the server did not answer with aggregated discovery and
// withResources is set, every group version's legacy document. Aggregated
// documents in prev are revalidated by ETag; if the server says they are
// unchanged the result is marked so and holds prev's documents.
func (d *DiscoveryClient) fetch(ctx context.Context, prev *documents, withResources bool) (*documents, error) {
	// A group version removed between reading /apis and reading its
	// document (a deleted CRD) answers 404: read everything once more.
	for attempt := 0; ; attempt++ {
		docs, err := d.fetchOnce(ctx, prev, withResources)
		if err != nil || attempt > 0 || !docs.hasNotFound() {
			return docs, err
		}
	}
}

func (d *DiscoveryClient) fetchOnce(ctx context.Context, prev *documents, withResources bool) (*documents, error) {
	accept := acceptDiscovery
	if d.UseLegacyDiscovery {
		accept = acceptLegacy
	}
	etag := func(path string) string {
		if prev != nil && !d.UseLegacyDiscovery {
			if p := prev.find(path); p != nil && p.aggregated() {
				return p.ETag
			}
		}
		return ""
	}
	// /apis (the large document) goes first; /api follows as soon as /apis
	// has its connection, so that both share it (HTTP/2) instead of each
	// dialing and handshaking its own, and /api is served while /apis is.
	var roots [2]rootResult
	connected := make(chan struct{})
	var once sync.Once
	signal := func() { once.Do(func() { close(connected) }) }
	apisCtx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { signal() }})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer signal() // also when /apis fails before getting a connection
		roots[1].doc, roots[1].notModified, roots[1].err = d.get(apisCtx, "/apis", accept, etag("/apis"))
	}()
	<-connected
	roots[0].doc, roots[0].notModified, roots[0].err = d.get(ctx, "/api", accept, etag("/api"))
	<-done

	if roots[0].notModified && roots[1].notModified {
		out := *prev
		out.fetched = time.Now()
		out.unchanged = true
		return &out, nil
	}
	docs := &documents{fetched: time.Now()}
	for i, path := range []string{"/api", "/apis"} {
		r := &roots[i]
		switch {
		case r.notModified:
			// The other root changed; reuse this one's previous body.
			r.doc = *prev.find(path)
		case r.err != nil:
			if apierrors.IsNotFound(r.err) || apierrors.IsForbidden(r.err) {
				continue // see ServerGroups
			}
			return nil, r.err
		}
		docs.docs = append(docs.docs, r.doc)
	}
	if !withResources {
		return docs, nil
	}
	gvs, aggregated, err := docs.legacyGroupVersions()
	if err != nil || aggregated {
		return docs, err
	}
	d.fetchGroupVersions(ctx, docs, gvs)
	return docs, ctx.Err()
}

type rootResult struct {
	doc         document
	notModified bool
	err         error
}

// fetchGroupVersions reads the legacy document of each group version,
// at most d.parallelism at a time, recording failures in docs.failed.
func (d *DiscoveryClient) fetchGroupVersions(ctx context.Context, docs *documents, gvs []schema.GroupVersion) {
	results := make([]document, len(gvs))
	errs := make([]error, len(gvs))
	sem := make(chan struct{}, max(d.parallelism, 1))
	var wg sync.WaitGroup
	for i, gv := range gvs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			results[i], _, errs[i] = d.get(ctx, gvPath(gv), acceptLegacy, "")
		}()
	}
	wg.Wait()
	for i, gv := range gvs {
		if errs[i] != nil {
			if docs.failed == nil {
				docs.failed = map[schema.GroupVersion]error{}
			}
			docs.failed[gv] = errs[i]
			continue
		}
		docs.docs = append(docs.docs, results[i])
	}
}

// recordedHeaders receives the headers discovery needs from the response
// to one request; headerRecorder fills it in.
type recordedHeaders struct {
	contentType string
	etag        string
}

type recordedHeadersKey struct{}

// headerRecorder is the transport of a DiscoveryClient built from a Config:
// rest.Result exposes the body and status only, while discovery needs the
// Content-Type (aggregated or legacy) and the ETag (revalidation).
type headerRecorder struct {
	next http.RoundTripper
}

func (t *headerRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err == nil {
		if h, ok := req.Context().Value(recordedHeadersKey{}).(*recordedHeaders); ok {
			h.contentType = resp.Header.Get("Content-Type")
			h.etag = resp.Header.Get("ETag")
		}
	}
	return resp, err
}
