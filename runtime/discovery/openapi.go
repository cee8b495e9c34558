package discovery

import (
	"context"
	"fmt"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	"google.golang.org/protobuf/proto"

	"github.com/clientgen/clientgen/runtime/openapi"
)

// openAPIV2Protobuf is the media type of the OpenAPI v2 document in
// protobuf, the form OpenAPISchema decodes.
const openAPIV2Protobuf = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"

// OpenAPISchema is OpenAPISchemaWithContext with context.Background().
func (d *DiscoveryClient) OpenAPISchema() (*openapi_v2.Document, error) {
	return d.OpenAPISchemaWithContext(context.Background())
}

// OpenAPISchemaWithContext reads /openapi/v2 in protobuf and decodes it.
// The document is large (megabytes on a real server) and is not cached.
func (d *DiscoveryClient) OpenAPISchemaWithContext(ctx context.Context) (*openapi_v2.Document, error) {
	body, err := d.client.Get().AbsPath("/openapi/v2").SetHeader("Accept", openAPIV2Protobuf).DoRaw(ctx)
	if err != nil {
		return nil, err
	}
	doc := &openapi_v2.Document{}
	if err := proto.Unmarshal(body, doc); err != nil {
		return nil, fmt.Errorf("discovery: decoding /openapi/v2: %w", err)
	}
	return doc, nil
}

// OpenAPIV3 returns a client of the OpenAPI v3 documents over d's
// RESTClient. Prefer OpenAPIV3WithContext.
func (d *DiscoveryClient) OpenAPIV3() openapi.Client { return openapi.NewClient(d.client) }

// OpenAPIV3WithContext returns a client of the OpenAPI v3 documents over
// d's RESTClient; it sends no request itself.
func (d *DiscoveryClient) OpenAPIV3WithContext(context.Context) openapi.ClientWithContext {
	return openapi.NewClientWithContext(d.client)
}
