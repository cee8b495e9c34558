// Package openapi reads the API server's OpenAPI v3 documents: the index at
// /openapi/v3 (one entry per group version) and each group version's
// schema. It has the interfaces of k8s.io/client-go/openapi (Client,
// GroupVersion and their WithContext forms) so that code written against
// client-go's DiscoveryInterface.OpenAPIV3() compiles against
// runtime/discovery after an import-path change; the runtime cannot import
// client-go.
//
// The Client and GroupVersion forms without a context exist only for that
// reason and use context.Background(); the WithContext forms are the
// implementation and should be preferred.
package openapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/clientgen/clientgen/runtime/rest"
)

// ContentTypeOpenAPIV3PB is the media type of an OpenAPI v3 schema in
// protobuf; "application/json" asks for JSON.
const ContentTypeOpenAPIV3PB = "application/com.github.proto-openapi.spec.v3@v1.0+protobuf"

// Client lists the group versions the server publishes OpenAPI v3 schemas
// for. Prefer ClientWithContext.
type Client interface {
	// Paths maps each path of the index ("api/v1", "apis/apps/v1") to its
	// group version.
	Paths() (map[string]GroupVersion, error)
}

// ClientWithContext is Client with a context.
type ClientWithContext interface {
	PathsWithContext(ctx context.Context) (map[string]GroupVersionWithContext, error)
}

// GroupVersion fetches one group version's schema. Prefer
// GroupVersionWithContext.
type GroupVersion interface {
	// Schema returns the schema in contentType ("application/json" or
	// ContentTypeOpenAPIV3PB).
	Schema(contentType string) ([]byte, error)
	// ServerRelativeURL is where the schema is served, with its hash query
	// parameter, relative to the client's base URL.
	ServerRelativeURL() string
}

// GroupVersionWithContext is GroupVersion with a context.
type GroupVersionWithContext interface {
	SchemaWithContext(ctx context.Context, contentType string) ([]byte, error)
	ServerRelativeURL() string
}

// NewClient returns a Client reading through restClient.
func NewClient(restClient rest.Interface) Client { return &client{rc: restClient} }

// NewClientWithContext returns a ClientWithContext reading through
// restClient.
func NewClientWithContext(restClient rest.Interface) ClientWithContext {
	return &client{rc: restClient}
}

// ToClientWithContext returns c itself when it has the WithContext forms,
// else a wrapper whose context is ignored.
func ToClientWithContext(c Client) ClientWithContext {
	if c == nil {
		return nil
	}
	if cc, ok := c.(ClientWithContext); ok {
		return cc
	}
	return clientWrapper{c}
}

// ToGroupVersionWithContext returns gv itself when it has the WithContext
// form, else a wrapper whose context is ignored.
func ToGroupVersionWithContext(gv GroupVersion) GroupVersionWithContext {
	if gv == nil {
		return nil
	}
	if g, ok := gv.(GroupVersionWithContext); ok {
		return g
	}
	return groupVersionWrapper{gv}
}

type clientWrapper struct{ Client }

func (w clientWrapper) PathsWithContext(context.Context) (map[string]GroupVersionWithContext, error) {
	paths, err := w.Paths()
	out := make(map[string]GroupVersionWithContext, len(paths))
	for k, gv := range paths {
		out[k] = ToGroupVersionWithContext(gv)
	}
	return out, err
}

type groupVersionWrapper struct{ GroupVersion }

func (w groupVersionWrapper) SchemaWithContext(_ context.Context, contentType string) ([]byte, error) {
	return w.Schema(contentType)
}

type client struct {
	rc rest.Interface
}

var (
	_ Client            = (*client)(nil)
	_ ClientWithContext = (*client)(nil)
)

// index is the document at /openapi/v3 (kube-openapi's handler3
// OpenAPIV3Discovery), declared here to keep kube-openapi out of the
// runtime's imports.
type index struct {
	Paths map[string]struct {
		ServerRelativeURL string `json:"serverRelativeURL"`
	} `json:"paths"`
}

func (c *client) Paths() (map[string]GroupVersion, error) {
	paths, err := c.PathsWithContext(context.Background())
	out := make(map[string]GroupVersion, len(paths))
	for k, gv := range paths {
		out[k] = gv.(*groupVersion)
	}
	return out, err
}

func (c *client) PathsWithContext(ctx context.Context) (map[string]GroupVersionWithContext, error) {
	body, err := c.rc.Get().AbsPath("/openapi/v3").DoRaw(ctx)
	if err != nil {
		return nil, err
	}
	var idx index
	if err := json.Unmarshal(body, &idx); err != nil {
		return nil, fmt.Errorf("openapi: decoding /openapi/v3: %w", err)
	}
	// The server names URLs from its root; a client whose Host has a path
	// prefix (a proxy) sees them below that prefix, so strip it.
	prefix := strings.TrimSuffix(c.rc.Get().AbsPath("/").URL().Path, "/")
	out := make(map[string]GroupVersionWithContext, len(idx.Paths))
	for k, v := range idx.Paths {
		out[k] = &groupVersion{c: c, url: strings.TrimPrefix(v.ServerRelativeURL, prefix)}
	}
	return out, nil
}

type groupVersion struct {
	c   *client
	url string
}

var (
	_ GroupVersion            = (*groupVersion)(nil)
	_ GroupVersionWithContext = (*groupVersion)(nil)
)

func (g *groupVersion) ServerRelativeURL() string { return g.url }

func (g *groupVersion) Schema(contentType string) ([]byte, error) {
	return g.SchemaWithContext(context.Background(), contentType)
}

// SchemaWithContext requests the schema below the client's base URL, with
// the URL's query (the hash that makes the response cacheable).
func (g *groupVersion) SchemaWithContext(ctx context.Context, contentType string) ([]byte, error) {
	u, err := url.Parse(g.url)
	if err != nil {
		return nil, fmt.Errorf("openapi: schema URL %q: %w", g.url, err)
	}
	req := g.c.rc.Get().AbsPath(u.Path).SetHeader("Accept", contentType)
	for k, vs := range u.Query() {
		for _, v := range vs {
			req = req.Param(k, v)
		}
	}
	return req.DoRaw(ctx)
}
