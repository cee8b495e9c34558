package discovery

import (
	"context"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/clientgen/clientgen/runtime/openapi"
	"github.com/clientgen/clientgen/runtime/rest"
)

// The interfaces below have client-go v0.37.2's names and method sets
// (k8s.io/client-go/discovery), each in two forms:
//
//   - DiscoveryInterface and the others without "WithContext" have no
//     context parameter. They exist so that code written against client-go
//     (cs.Discovery().ServerVersion(), a func taking a
//     discovery.DiscoveryInterface) compiles here after an import-path
//     change; clientgen's implementations run them with
//     context.Background().
//   - DiscoveryInterfaceWithContext and the other "WithContext" forms take
//     a context first, and are what clientgen's own code calls: use them in
//     new code so requests can be cancelled and bounded.
//
// Every implementation in this module (DiscoveryClient,
// CachedDiscoveryClient, fake.FakeDiscovery) has both, i.e. is a
// DiscoveryInterfaces, which is what a generated Clientset's Discovery()
// returns. The To...WithContext functions adapt an implementation that has
// only the forms without a context; its calls then ignore the context.
// Results may be shared with a cache: treat them as read-only.

// DiscoveryInterface discovers the groups, versions and resources a server
// serves. Prefer DiscoveryInterfaceWithContext.
type DiscoveryInterface interface {
	RESTClient() rest.Interface
	ServerGroupsInterface
	ServerResourcesInterface
	ServerVersionInterface
	OpenAPISchemaInterface
	OpenAPIV3SchemaInterface
	// WithLegacy returns a copy that asks only for the legacy discovery
	// documents, or the client itself if it has no such mode (a cache).
	WithLegacy() DiscoveryInterface
}

// DiscoveryInterfaceWithContext is DiscoveryInterface with a context first
// on every call that may send a request.
type DiscoveryInterfaceWithContext interface {
	RESTClient() rest.Interface
	ServerGroupsInterfaceWithContext
	ServerResourcesInterfaceWithContext
	ServerVersionInterfaceWithContext
	OpenAPISchemaInterfaceWithContext
	OpenAPIV3SchemaInterfaceWithContext
	// WithLegacyWithContext is WithLegacy.
	WithLegacyWithContext(ctx context.Context) DiscoveryInterfaceWithContext
}

// DiscoveryInterfaces has both forms; a generated Clientset's Discovery()
// returns one.
type DiscoveryInterfaces interface {
	DiscoveryInterface
	DiscoveryInterfaceWithContext
}

// AggregatedDiscoveryInterface is a DiscoveryInterface that can return the
// resources together with the groups, as aggregated discovery does.
type AggregatedDiscoveryInterface interface {
	DiscoveryInterface
	// GroupsAndMaybeResources returns the groups and, when the server
	// answered with aggregated discovery (or the answer is cached), the
	// resources of each group version and the group versions that failed
	// (stale ones included); with legacy discovery both maps are nil.
	GroupsAndMaybeResources() (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error)
}

// AggregatedDiscoveryInterfaceWithContext is AggregatedDiscoveryInterface
// with a context.
type AggregatedDiscoveryInterfaceWithContext interface {
	DiscoveryInterfaceWithContext
	GroupsAndMaybeResourcesWithContext(ctx context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error)
}

// CachedDiscoveryInterface is a DiscoveryInterface whose answers come from a
// cache. A group version the cache does not hold stays unknown until
// Invalidate.
type CachedDiscoveryInterface interface {
	DiscoveryInterface
	// Fresh reports whether everything the cache serves was fetched from
	// the server by this process since it was created or last invalidated;
	// false means some of it was read from disk and may predate changes on
	// the server (so a lookup that fails is worth retrying after
	// Invalidate).
	Fresh() bool
	// Invalidate drops what the cache holds: the next call asks the server
	// again (revalidating by ETag where it can).
	Invalidate()
}

// CachedDiscoveryInterfaceWithContext is CachedDiscoveryInterface with a
// context. Fresh and Invalidate send no request; the context is client-go's
// shape (contextual logging there).
type CachedDiscoveryInterfaceWithContext interface {
	DiscoveryInterfaceWithContext
	FreshWithContext(ctx context.Context) bool
	InvalidateWithContext(ctx context.Context)
}

// ServerGroupsInterface lists the server's groups. Prefer the WithContext
// form.
type ServerGroupsInterface interface {
	// ServerGroups returns the legacy core group (name "") from /api
	// followed by the groups from /apis, each with its versions and
	// preferred version.
	ServerGroups() (*metav1.APIGroupList, error)
}

// ServerGroupsInterfaceWithContext is ServerGroupsInterface with a context.
type ServerGroupsInterfaceWithContext interface {
	ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error)
}

// ServerResourcesInterface lists the server's resources. Prefer the
// WithContext form.
type ServerResourcesInterface interface {
	// ServerResourcesForGroupVersion returns the resources of groupVersion
	// ("v1" for the core group, "apps/v1" otherwise).
	ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error)
	// ServerGroupsAndResources returns every group and the resources of
	// every group version. On partial failure both results hold everything
	// that succeeded and the error is an *ErrGroupDiscoveryFailed.
	ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error)
	// ServerPreferredResources returns one list per group version holding
	// the resources whose preferred version it is (the group's preferred
	// version if it serves the resource, else the first version that
	// does). Partial failure is reported as for ServerGroupsAndResources.
	ServerPreferredResources() ([]*metav1.APIResourceList, error)
	// ServerPreferredNamespacedResources is ServerPreferredResources
	// restricted to namespaced resources; lists left empty are dropped.
	ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error)
}

// ServerResourcesInterfaceWithContext is ServerResourcesInterface with a
// context.
type ServerResourcesInterfaceWithContext interface {
	ServerResourcesForGroupVersionWithContext(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error)
	ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error)
	ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error)
	ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error)
}

// ServerVersionInterface reads the server's /version. Prefer the
// WithContext form.
type ServerVersionInterface interface {
	ServerVersion() (*version.Info, error)
}

// ServerVersionInterfaceWithContext is ServerVersionInterface with a
// context.
type ServerVersionInterfaceWithContext interface {
	ServerVersionWithContext(ctx context.Context) (*version.Info, error)
}

// OpenAPISchemaInterface reads the server's OpenAPI v2 document. Prefer the
// WithContext form.
type OpenAPISchemaInterface interface {
	OpenAPISchema() (*openapi_v2.Document, error)
}

// OpenAPISchemaInterfaceWithContext is OpenAPISchemaInterface with a
// context.
type OpenAPISchemaInterfaceWithContext interface {
	OpenAPISchemaWithContext(ctx context.Context) (*openapi_v2.Document, error)
}

// OpenAPIV3SchemaInterface reads the server's OpenAPI v3 documents. Prefer
// the WithContext form.
type OpenAPIV3SchemaInterface interface {
	OpenAPIV3() openapi.Client
}

// OpenAPIV3SchemaInterfaceWithContext is OpenAPIV3SchemaInterface with a
// context.
type OpenAPIV3SchemaInterfaceWithContext interface {
	OpenAPIV3WithContext(ctx context.Context) openapi.ClientWithContext
}

// ToDiscoveryInterfaceWithContext returns i itself when it has the
// WithContext forms (every implementation in this module does), else a
// wrapper that calls i's forms without a context.
func ToDiscoveryInterfaceWithContext(i DiscoveryInterface) DiscoveryInterfaceWithContext {
	if i == nil {
		return nil
	}
	if w, ok := i.(DiscoveryInterfaceWithContext); ok {
		return w
	}
	return contextIgnored{i}
}

// ToAggregatedDiscoveryInterfaceWithContext is
// ToDiscoveryInterfaceWithContext for AggregatedDiscoveryInterface.
func ToAggregatedDiscoveryInterfaceWithContext(i AggregatedDiscoveryInterface) AggregatedDiscoveryInterfaceWithContext {
	if i == nil {
		return nil
	}
	if w, ok := i.(AggregatedDiscoveryInterfaceWithContext); ok {
		return w
	}
	return aggregatedContextIgnored{contextIgnored{i}, i}
}

// ToCachedDiscoveryInterfaceWithContext is ToDiscoveryInterfaceWithContext
// for CachedDiscoveryInterface.
func ToCachedDiscoveryInterfaceWithContext(i CachedDiscoveryInterface) CachedDiscoveryInterfaceWithContext {
	if i == nil {
		return nil
	}
	if w, ok := i.(CachedDiscoveryInterfaceWithContext); ok {
		return w
	}
	return cachedContextIgnored{contextIgnored{i}, i}
}

// ToServerGroupsInterfaceWithContext adapts i (see
// ToDiscoveryInterfaceWithContext).
func ToServerGroupsInterfaceWithContext(i ServerGroupsInterface) ServerGroupsInterfaceWithContext {
	if i == nil {
		return nil
	}
	if w, ok := i.(ServerGroupsInterfaceWithContext); ok {
		return w
	}
	return serverGroupsContextIgnored{i}
}

// ToServerResourcesInterfaceWithContext adapts i (see
// ToDiscoveryInterfaceWithContext).
func ToServerResourcesInterfaceWithContext(i ServerResourcesInterface) ServerResourcesInterfaceWithContext {
	if i == nil {
		return nil
	}
	if w, ok := i.(ServerResourcesInterfaceWithContext); ok {
		return w
	}
	return serverResourcesContextIgnored{i}
}

// ToServerVersionInterfaceWithContext adapts i (see
// ToDiscoveryInterfaceWithContext).
func ToServerVersionInterfaceWithContext(i ServerVersionInterface) ServerVersionInterfaceWithContext {
	if i == nil {
		return nil
	}
	if w, ok := i.(ServerVersionInterfaceWithContext); ok {
		return w
	}
	return serverVersionContextIgnored{i}
}

// ToOpenAPISchemaInterfaceWithContext adapts i (see
// ToDiscoveryInterfaceWithContext).
func ToOpenAPISchemaInterfaceWithContext(i OpenAPISchemaInterface) OpenAPISchemaInterfaceWithContext {
	if i == nil {
		return nil
	}
	if w, ok := i.(OpenAPISchemaInterfaceWithContext); ok {
		return w
	}
	return openAPISchemaContextIgnored{i}
}

// OpenAPIV3ToSchemaInterfaceWithContext adapts i (see
// ToDiscoveryInterfaceWithContext); the name is client-go's.
func OpenAPIV3ToSchemaInterfaceWithContext(i OpenAPIV3SchemaInterface) OpenAPIV3SchemaInterfaceWithContext {
	if i == nil {
		return nil
	}
	if w, ok := i.(OpenAPIV3SchemaInterfaceWithContext); ok {
		return w
	}
	return openAPIV3ContextIgnored{i}
}

// ToOpenAPIClientWithContext is openapi.ToClientWithContext.
func ToOpenAPIClientWithContext(c openapi.Client) openapi.ClientWithContext {
	return openapi.ToClientWithContext(c)
}

type serverGroupsContextIgnored struct{ d ServerGroupsInterface }

func (w serverGroupsContextIgnored) ServerGroupsWithContext(context.Context) (*metav1.APIGroupList, error) {
	return w.d.ServerGroups()
}

type serverResourcesContextIgnored struct{ d ServerResourcesInterface }

func (w serverResourcesContextIgnored) ServerResourcesForGroupVersionWithContext(_ context.Context, gv string) (*metav1.APIResourceList, error) {
	return w.d.ServerResourcesForGroupVersion(gv)
}

func (w serverResourcesContextIgnored) ServerGroupsAndResourcesWithContext(context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return w.d.ServerGroupsAndResources()
}

func (w serverResourcesContextIgnored) ServerPreferredResourcesWithContext(context.Context) ([]*metav1.APIResourceList, error) {
	return w.d.ServerPreferredResources()
}

func (w serverResourcesContextIgnored) ServerPreferredNamespacedResourcesWithContext(context.Context) ([]*metav1.APIResourceList, error) {
	return w.d.ServerPreferredNamespacedResources()
}

type serverVersionContextIgnored struct{ d ServerVersionInterface }

func (w serverVersionContextIgnored) ServerVersionWithContext(context.Context) (*version.Info, error) {
	return w.d.ServerVersion()
}

type openAPISchemaContextIgnored struct{ d OpenAPISchemaInterface }

func (w openAPISchemaContextIgnored) OpenAPISchemaWithContext(context.Context) (*openapi_v2.Document, error) {
	return w.d.OpenAPISchema()
}

type openAPIV3ContextIgnored struct{ d OpenAPIV3SchemaInterface }

func (w openAPIV3ContextIgnored) OpenAPIV3WithContext(context.Context) openapi.ClientWithContext {
	return openapi.ToClientWithContext(w.d.OpenAPIV3())
}

// contextIgnored is a DiscoveryInterfaceWithContext over an implementation
// without the WithContext forms.
type contextIgnored struct{ d DiscoveryInterface }

func (w contextIgnored) RESTClient() rest.Interface { return w.d.RESTClient() }

func (w contextIgnored) ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error) {
	return serverGroupsContextIgnored{w.d}.ServerGroupsWithContext(ctx)
}

func (w contextIgnored) ServerResourcesForGroupVersionWithContext(ctx context.Context, gv string) (*metav1.APIResourceList, error) {
	return serverResourcesContextIgnored{w.d}.ServerResourcesForGroupVersionWithContext(ctx, gv)
}

func (w contextIgnored) ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return serverResourcesContextIgnored{w.d}.ServerGroupsAndResourcesWithContext(ctx)
}

func (w contextIgnored) ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	return serverResourcesContextIgnored{w.d}.ServerPreferredResourcesWithContext(ctx)
}

func (w contextIgnored) ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	return serverResourcesContextIgnored{w.d}.ServerPreferredNamespacedResourcesWithContext(ctx)
}

func (w contextIgnored) ServerVersionWithContext(ctx context.Context) (*version.Info, error) {
	return serverVersionContextIgnored{w.d}.ServerVersionWithContext(ctx)
}

func (w contextIgnored) OpenAPISchemaWithContext(ctx context.Context) (*openapi_v2.Document, error) {
	return openAPISchemaContextIgnored{w.d}.OpenAPISchemaWithContext(ctx)
}

func (w contextIgnored) OpenAPIV3WithContext(ctx context.Context) openapi.ClientWithContext {
	return openAPIV3ContextIgnored{w.d}.OpenAPIV3WithContext(ctx)
}

func (w contextIgnored) WithLegacyWithContext(context.Context) DiscoveryInterfaceWithContext {
	return ToDiscoveryInterfaceWithContext(w.d.WithLegacy())
}

type aggregatedContextIgnored struct {
	contextIgnored
	a AggregatedDiscoveryInterface
}

func (w aggregatedContextIgnored) GroupsAndMaybeResourcesWithContext(context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	return w.a.GroupsAndMaybeResources()
}

type cachedContextIgnored struct {
	contextIgnored
	c CachedDiscoveryInterface
}

func (w cachedContextIgnored) FreshWithContext(context.Context) bool { return w.c.Fresh() }
func (w cachedContextIgnored) InvalidateWithContext(context.Context) { w.c.Invalidate() }
