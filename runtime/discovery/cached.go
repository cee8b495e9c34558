package discovery

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/openapi"
	"github.com/clientgen/clientgen/runtime/rest"
)

// DefaultCacheTTL is how long a disk cache entry is used without asking the
// server, as in kubectl.
const DefaultCacheTTL = 6 * time.Hour

// CachedDiscoveryClient caches one complete discovery snapshot (groups and
// resources of every group version) in memory and, when built with
// NewCachedDiscoveryClientForConfig, on disk. The first call that needs
// discovery loads it; concurrent callers wait for that one load. It is safe
// for concurrent use. Each method without a context is its WithContext form
// with context.Background(), for callers written against client-go.
type CachedDiscoveryClient struct {
	delegate DiscoveryInterfaceWithContext
	// client is delegate when it is a *DiscoveryClient: then the raw
	// documents and their ETags are kept for revalidation and the disk.
	client  *DiscoveryClient
	disk    *diskStore
	ttl     time.Duration
	onError func(error)

	mu sync.Mutex
	// snap is what the cache serves; nil until loaded or after Invalidate.
	snap *snapshot
	// docs and docsSnap are the last documents read and their snapshot,
	// kept across Invalidate so that an unchanged server answers 304.
	docs     *documents
	docsSnap *snapshot
	fresh    bool
	// distrustDisk is set by Invalidate: from then on the disk file is
	// used only for revalidation, never served as is.
	distrustDisk bool
}

var (
	_ CachedDiscoveryInterface                = (*CachedDiscoveryClient)(nil)
	_ CachedDiscoveryInterfaceWithContext     = (*CachedDiscoveryClient)(nil)
	_ AggregatedDiscoveryInterface            = (*CachedDiscoveryClient)(nil)
	_ AggregatedDiscoveryInterfaceWithContext = (*CachedDiscoveryClient)(nil)
)

// NewMemCacheClient caches delegate's answers in memory until Invalidate.
// With a *DiscoveryClient delegate an invalidated cache revalidates the
// aggregated documents by ETag instead of downloading them again. A
// delegate without the WithContext forms is called without the caller's
// context (see ToDiscoveryInterfaceWithContext).
func NewMemCacheClient(delegate DiscoveryInterface) *CachedDiscoveryClient {
	return NewMemCacheClientWithContext(ToDiscoveryInterfaceWithContext(delegate))
}

// NewMemCacheClientWithContext is NewMemCacheClient for a delegate that has
// only the WithContext forms.
func NewMemCacheClientWithContext(delegate DiscoveryInterfaceWithContext) *CachedDiscoveryClient {
	c := &CachedDiscoveryClient{delegate: delegate, fresh: true}
	c.client, _ = delegate.(*DiscoveryClient)
	return c
}

// DiskCacheOptions configure NewCachedDiscoveryClientForConfig.
type DiskCacheOptions struct {
	// Dir is the root of the cache; each server gets a subdirectory named
	// after its host and port (see CacheDirForHost). Empty means
	// DefaultCacheDir().
	Dir string
	// TTL is how long a cached snapshot is used without asking the server;
	// after that it is revalidated by ETag. 0 means DefaultCacheTTL; a
	// negative TTL revalidates on first use.
	TTL time.Duration
	// OnError receives the cache problems discovery worked around (a
	// corrupt or truncated file, a directory that cannot be created or
	// written). They are never fatal; nil ignores them.
	OnError func(error)
}

// NewCachedDiscoveryClientForConfig returns a client that caches discovery
// in memory and on disk, in kubectl's spirit: under
// <Dir>/<host_port>/ (by default ~/.kube/cache/discovery/<host_port>/),
// used without asking the server for TTL (6h by default), then revalidated
// by ETag. The file is written atomically with private permissions (0600,
// directory 0700); a corrupt or truncated file is ignored and rewritten. It
// does not touch kubectl's own files in the same directory.
func NewCachedDiscoveryClientForConfig(c *rest.Config, opts DiskCacheOptions) (*CachedDiscoveryClient, error) {
	d, err := NewDiscoveryClientForConfig(c)
	if err != nil {
		return nil, err
	}
	return newDiskCached(d, c.Host, opts)
}

// NewCachedDiscoveryClientForConfigAndClient is
// NewCachedDiscoveryClientForConfig sending through h.
func NewCachedDiscoveryClientForConfigAndClient(c *rest.Config, h *http.Client, opts DiskCacheOptions) (*CachedDiscoveryClient, error) {
	d, err := NewDiscoveryClientForConfigAndClient(c, h)
	if err != nil {
		return nil, err
	}
	return newDiskCached(d, c.Host, opts)
}

func newDiskCached(d *DiscoveryClient, host string, opts DiskCacheOptions) (*CachedDiscoveryClient, error) {
	root := opts.Dir
	if root == "" {
		var err error
		if root, err = DefaultCacheDir(); err != nil {
			return nil, err
		}
	}
	dir, err := CacheDirForHost(root, host)
	if err != nil {
		return nil, err
	}
	c := NewMemCacheClient(d)
	c.disk = &diskStore{dir: dir}
	c.ttl = opts.TTL
	if c.ttl == 0 {
		c.ttl = DefaultCacheTTL
	}
	c.onError = opts.OnError
	return c, nil
}

// CacheFile returns the path of the disk cache file, or "" for a memory
// cache.
func (c *CachedDiscoveryClient) CacheFile() string {
	if c.disk == nil {
		return ""
	}
	return c.disk.path()
}

func (c *CachedDiscoveryClient) report(err error) {
	if c.onError != nil && err != nil {
		c.onError(err)
	}
}

// RESTClient returns the delegate's client.
func (c *CachedDiscoveryClient) RESTClient() rest.Interface { return c.delegate.RESTClient() }

// ServerVersion is ServerVersionWithContext with context.Background().
func (c *CachedDiscoveryClient) ServerVersion() (*version.Info, error) {
	return c.ServerVersionWithContext(context.Background())
}

// ServerVersionWithContext is not cached: it asks the delegate.
func (c *CachedDiscoveryClient) ServerVersionWithContext(ctx context.Context) (*version.Info, error) {
	return c.delegate.ServerVersionWithContext(ctx)
}

// ServerGroups is ServerGroupsWithContext with context.Background().
func (c *CachedDiscoveryClient) ServerGroups() (*metav1.APIGroupList, error) {
	return c.ServerGroupsWithContext(context.Background())
}

// ServerGroupsWithContext returns the cached groups.
func (c *CachedDiscoveryClient) ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return &metav1.APIGroupList{Groups: s.groups}, nil
}

// ServerResourcesForGroupVersion is
// ServerResourcesForGroupVersionWithContext with context.Background().
func (c *CachedDiscoveryClient) ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error) {
	return c.ServerResourcesForGroupVersionWithContext(context.Background(), groupVersion)
}

// ServerResourcesForGroupVersionWithContext returns the cached resources of
// groupVersion. A group version that the snapshot does not contain is a
// NotFound error (or the reason it failed); it stays so until Invalidate.
func (c *CachedDiscoveryClient) ServerResourcesForGroupVersionWithContext(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error) {
	if groupVersion == "" {
		return nil, errors.New("discovery: groupVersion must not be empty")
	}
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	if l, ok := s.byGV[groupVersion]; ok {
		return l, nil
	}
	gv, err := schema.ParseGroupVersion(groupVersion)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	if err, ok := s.failed[gv]; ok {
		return nil, err
	}
	return nil, &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusNotFound, Reason: metav1.StatusReasonNotFound,
		Details: &metav1.StatusDetails{Group: gv.Group, Kind: "APIResourceList", Name: groupVersion},
		Message: fmt.Sprintf("the server does not serve %s according to discovery fetched at %s (call Invalidate to ask again)", groupVersion, s.fetched.Format(time.RFC3339)),
	}}
}

// ServerGroupsAndResources is ServerGroupsAndResourcesWithContext with
// context.Background().
func (c *CachedDiscoveryClient) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return c.ServerGroupsAndResourcesWithContext(context.Background())
}

// ServerGroupsAndResourcesWithContext returns the cached snapshot; see
// ServerResourcesInterface.
func (c *CachedDiscoveryClient) ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, nil, err
	}
	return s.groupsAndResources()
}

// ServerPreferredResources is ServerPreferredResourcesWithContext with
// context.Background().
func (c *CachedDiscoveryClient) ServerPreferredResources() ([]*metav1.APIResourceList, error) {
	return c.ServerPreferredResourcesWithContext(context.Background())
}

// ServerPreferredResourcesWithContext: see ServerResourcesInterface.
// Computed once per snapshot.
func (c *CachedDiscoveryClient) ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return s.preferredResources(false)
}

// ServerPreferredNamespacedResources is
// ServerPreferredNamespacedResourcesWithContext with context.Background().
func (c *CachedDiscoveryClient) ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error) {
	return c.ServerPreferredNamespacedResourcesWithContext(context.Background())
}

// ServerPreferredNamespacedResourcesWithContext: see
// ServerResourcesInterface.
func (c *CachedDiscoveryClient) ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return s.preferredResources(true)
}

// GroupsAndMaybeResources is GroupsAndMaybeResourcesWithContext with
// context.Background().
func (c *CachedDiscoveryClient) GroupsAndMaybeResources() (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	return c.GroupsAndMaybeResourcesWithContext(context.Background())
}

// GroupsAndMaybeResourcesWithContext returns the cached groups with the
// resources and failures of every group version: the cache always holds the
// resources, whichever form the server answered in.
func (c *CachedDiscoveryClient) GroupsAndMaybeResourcesWithContext(ctx context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	resources, failed := s.byGroupVersion()
	return &metav1.APIGroupList{Groups: s.groups}, resources, failed, nil
}

// OpenAPISchema is OpenAPISchemaWithContext with context.Background().
func (c *CachedDiscoveryClient) OpenAPISchema() (*openapi_v2.Document, error) {
	return c.OpenAPISchemaWithContext(context.Background())
}

// OpenAPISchemaWithContext is not cached: it asks the delegate.
func (c *CachedDiscoveryClient) OpenAPISchemaWithContext(ctx context.Context) (*openapi_v2.Document, error) {
	return c.delegate.OpenAPISchemaWithContext(ctx)
}

// OpenAPIV3 is the delegate's, wrapped if it has no context forms.
func (c *CachedDiscoveryClient) OpenAPIV3() openapi.Client {
	if d, ok := c.delegate.(OpenAPIV3SchemaInterface); ok {
		return d.OpenAPIV3()
	}
	return clientWithoutContext{c.delegate.OpenAPIV3WithContext(context.Background())}
}

// OpenAPIV3WithContext is the delegate's: the OpenAPI v3 documents are not
// cached (client-go caches them in memory by their hash).
func (c *CachedDiscoveryClient) OpenAPIV3WithContext(ctx context.Context) openapi.ClientWithContext {
	return c.delegate.OpenAPIV3WithContext(ctx)
}

// WithLegacy returns c: the cache serves what it holds whatever form the
// server answered in (client-go's caches do the same).
func (c *CachedDiscoveryClient) WithLegacy() DiscoveryInterface { return c }

// WithLegacyWithContext returns c, as WithLegacy.
func (c *CachedDiscoveryClient) WithLegacyWithContext(context.Context) DiscoveryInterfaceWithContext {
	return c
}

// Fresh: see CachedDiscoveryInterface.
func (c *CachedDiscoveryClient) Fresh() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fresh
}

// FreshWithContext is Fresh.
func (c *CachedDiscoveryClient) FreshWithContext(context.Context) bool { return c.Fresh() }

// Invalidate: see CachedDiscoveryInterface. A cached delegate is
// invalidated too.
func (c *CachedDiscoveryClient) Invalidate() { c.InvalidateWithContext(context.Background()) }

// InvalidateWithContext is Invalidate; the context is passed on to a cached
// delegate.
func (c *CachedDiscoveryClient) InvalidateWithContext(ctx context.Context) {
	c.mu.Lock()
	c.snap = nil
	c.fresh = true
	c.distrustDisk = true
	c.mu.Unlock()
	if cd, ok := c.delegate.(CachedDiscoveryInterfaceWithContext); ok {
		cd.InvalidateWithContext(ctx)
	}
}

// load returns the snapshot, reading the disk or the server if needed.
func (c *CachedDiscoveryClient) load(ctx context.Context) (*snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != nil {
		return c.snap, nil
	}
	if c.client == nil {
		s, err := snapshotOf(ctx, c.delegate)
		if err != nil {
			return nil, err
		}
		c.snap = s
		return s, nil
	}
	if c.disk != nil && c.docs == nil {
		if s := c.loadDisk(); s != nil {
			return s, nil
		}
	}
	docs, err := c.client.fetch(ctx, c.docs, true)
	if err != nil {
		return nil, err
	}
	s := c.docsSnap
	if !docs.unchanged || s == nil {
		if s, err = docs.parse(true); err != nil {
			return nil, err
		}
	}
	c.snap, c.docs, c.docsSnap = s, docs, s
	if c.disk != nil && len(s.failed) == 0 {
		// A partial result is served but not persisted: the failed group
		// versions must be asked for again by the next process.
		c.report(c.disk.save(docs))
	}
	return s, nil
}

// loadDisk serves the disk file if it is valid and younger than the TTL.
// Otherwise it keeps what it could read for revalidation and returns nil.
func (c *CachedDiscoveryClient) loadDisk() *snapshot {
	docs, err := c.disk.load()
	if err != nil {
		c.report(err)
		return nil
	}
	if docs == nil { // no file yet
		return nil
	}
	s, err := docs.parse(true)
	if err != nil || len(s.failed) > 0 {
		c.report(fmt.Errorf("discovery: cache file %s does not hold a complete discovery (%v); ignoring it, it will be rewritten", c.disk.path(), err))
		return nil
	}
	c.docs, c.docsSnap = docs, s
	if c.distrustDisk {
		return nil
	}
	if age := time.Since(docs.fetched); age < 0 || age >= c.ttl {
		return nil
	}
	c.snap = s
	c.fresh = false
	return s
}

// snapshotOf builds a snapshot from any discovery implementation.
func snapshotOf(ctx context.Context, d DiscoveryInterfaceWithContext) (*snapshot, error) {
	groups, lists, err := d.ServerGroupsAndResourcesWithContext(ctx)
	failed, partial := GroupDiscoveryFailedErrorGroups(err)
	if err != nil && !partial {
		return nil, err
	}
	s := &snapshot{fetched: time.Now(), failed: failed}
	for _, g := range groups {
		s.groups = append(s.groups, *g)
	}
	for _, l := range lists {
		s.addList(l)
	}
	return s, nil
}

// clientWithoutContext is an openapi.Client over a ClientWithContext, for
// OpenAPIV3 of a delegate that has only the WithContext forms.
type clientWithoutContext struct{ c openapi.ClientWithContext }

func (w clientWithoutContext) Paths() (map[string]openapi.GroupVersion, error) {
	paths, err := w.c.PathsWithContext(context.Background())
	out := make(map[string]openapi.GroupVersion, len(paths))
	for k, gv := range paths {
		out[k] = groupVersionWithoutContext{gv}
	}
	return out, err
}

type groupVersionWithoutContext struct {
	openapi.GroupVersionWithContext
}

func (g groupVersionWithoutContext) Schema(contentType string) ([]byte, error) {
	return g.SchemaWithContext(context.Background(), contentType)
}
