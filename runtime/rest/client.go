package rest

import (
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// Interface is what generated typed clients need from a REST client.
type Interface interface {
	Get() *Request
	Post() *Request
	Put() *Request
	Patch(pt types.PatchType) *Request
	Delete() *Request
	Verb(verb string) *Request
	APIVersion() schema.GroupVersion
}

// RESTClient issues requests against one API server, rooted at one API path
// (and, for typed clients, one group version). It is safe for concurrent use.
type RESTClient struct {
	// base is scheme://host plus any path prefix from Config.Host.
	base *url.URL
	// versionedAPIPath is the default path prefix of requests, e.g.
	// /apis/apps/v1; for unversioned clients just the APIPath.
	versionedAPIPath string
	content          clientContent
	fallback         contentFallback
	client           *http.Client
	rateLimiter      RateLimiter
	timeout          time.Duration
	userAgent        string
	retry            RetryPolicy
	warnings         WarningHandler
	logger           *slog.Logger
	metrics          Metrics
	fieldManager     string
}

var _ Interface = (*RESTClient)(nil)

// FieldManager returns Config.FieldManager: the field manager typed
// clients send with an apply that names none.
func (c *RESTClient) FieldManager() string { return c.fieldManager }

// clientContent is the resolved (defaulted and validated) ContentConfig.
type clientContent struct {
	groupVersion *schema.GroupVersion
	serializer   runtime.NegotiatedSerializer
	contentType  string
	accept       string
}

// RESTClientFor builds an HTTP client with HTTPClientFor and a typed
// RESTClient on top of it.
func RESTClientFor(c *Config) (*RESTClient, error) {
	if err := requireTyped(c); err != nil {
		return nil, err
	}
	h, err := HTTPClientFor(c)
	if err != nil {
		return nil, err
	}
	return RESTClientForConfigAndClient(c, h)
}

// RESTClientForConfigAndClient builds a typed RESTClient that sends requests
// through h. c must have GroupVersion and NegotiatedSerializer set (see
// ForGroupVersion).
func RESTClientForConfigAndClient(c *Config, h *http.Client) (*RESTClient, error) {
	if err := requireTyped(c); err != nil {
		return nil, err
	}
	return newRESTClient(c, h)
}

// UnversionedRESTClientForConfigAndClient builds a RESTClient without a
// group version, for discovery and dynamic clients which address paths with
// AbsPath. c must still have a NegotiatedSerializer.
func UnversionedRESTClientForConfigAndClient(c *Config, h *http.Client) (*RESTClient, error) {
	if c == nil {
		return nil, errors.New("rest: nil Config")
	}
	return newRESTClient(c, h)
}

func requireTyped(c *Config) error {
	switch {
	case c == nil:
		return errors.New("rest: nil Config")
	case c.GroupVersion == nil:
		return errors.New("rest: Config.GroupVersion is required for a typed client (use rest.ForGroupVersion, or UnversionedRESTClientForConfigAndClient for discovery/dynamic)")
	case c.NegotiatedSerializer == nil:
		return errors.New("rest: Config.NegotiatedSerializer is required for a typed client (use rest.ForGroupVersion)")
	}
	return nil
}

func newRESTClient(c *Config, h *http.Client) (*RESTClient, error) {
	if h == nil {
		return nil, errors.New("rest: nil http.Client")
	}
	if c.NegotiatedSerializer == nil {
		return nil, errors.New("rest: Config.NegotiatedSerializer is required")
	}
	base, err := baseURL(c)
	if err != nil {
		return nil, err
	}
	rl, err := rateLimiterFor(c)
	if err != nil {
		return nil, err
	}
	content, err := resolveContent(c) // content.go
	if err != nil {
		return nil, fmt.Errorf("rest: ContentType: %w", err)
	}
	prefix := path.Join("/", base.Path, c.APIPath)
	if c.GroupVersion != nil {
		gv := *c.GroupVersion
		content.groupVersion = &gv
		prefix = path.Join(prefix, gv.Group, gv.Version)
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent()
	}
	retry, err := retryPolicyFor(c)
	if err != nil {
		return nil, err
	}
	return &RESTClient{
		base:             base,
		versionedAPIPath: prefix,
		content:          content,
		fallback:         contentFallback{json: content.jsonFallback()},
		client:           h,
		rateLimiter:      rl,
		timeout:          c.Timeout,
		userAgent:        ua,
		retry:            retry,
		warnings:         warningHandlerFor(c),
		logger:           loggerFor(c),
		metrics:          metricsFor(c),
		fieldManager:     c.FieldManager,
	}, nil
}

// baseURL parses Config.Host. Errors never echo the host, which may embed
// credentials.
func baseURL(c *Config) (*url.URL, error) {
	host := c.Host
	if host == "" {
		return nil, errors.New("rest: Config.Host is required")
	}
	u, err := url.Parse(host)
	if err != nil || u.Scheme == "" || u.Host == "" {
		scheme := "http"
		if c.TLSClientConfig.hasCA() || c.TLSClientConfig.hasCert() || c.TLSClientConfig.Insecure {
			scheme = "https"
		}
		u, err = url.Parse(scheme + "://" + host)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return nil, fmt.Errorf("rest: Config.Host is not a URL or host:port: %w", err)
		}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("rest: Config.Host has unsupported scheme %q", u.Scheme)
	}
	// client-go drops a query or fragment of the server URL; requests
	// build their own query.
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// Verb starts a request with an arbitrary HTTP method.
func (c *RESTClient) Verb(verb string) *Request {
	return newRequest(c, verb)
}

// Get starts a GET request.
func (c *RESTClient) Get() *Request { return c.Verb(http.MethodGet) }

// Post starts a POST request.
func (c *RESTClient) Post() *Request { return c.Verb(http.MethodPost) }

// Put starts a PUT request.
func (c *RESTClient) Put() *Request { return c.Verb(http.MethodPut) }

// Delete starts a DELETE request.
func (c *RESTClient) Delete() *Request { return c.Verb(http.MethodDelete) }

// Patch starts a PATCH request whose body has the media type pt.
func (c *RESTClient) Patch(pt types.PatchType) *Request {
	return c.Verb(http.MethodPatch).SetHeader("Content-Type", string(pt))
}

// HTTPClient returns the HTTP client requests are sent through, e.g. to
// close its idle connections.
func (c *RESTClient) HTTPClient() *http.Client { return c.client }

// APIVersion returns the client's group version; zero for unversioned clients.
func (c *RESTClient) APIVersion() schema.GroupVersion {
	if c.content.groupVersion == nil {
		return schema.GroupVersion{}
	}
	return *c.content.groupVersion
}

// groupVersioner returns the target version for encoders/decoders, or a nil
// interface (not a typed nil) for unversioned clients.
func (cc clientContent) groupVersioner() runtime.GroupVersioner {
	if cc.groupVersion == nil {
		return nil
	}
	return *cc.groupVersion
}

func (cc clientContent) serializerInfo(contentType string) (runtime.SerializerInfo, error) {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return runtime.SerializerInfo{}, fmt.Errorf("invalid media type %q: %w", contentType, err)
	}
	info, ok := runtime.SerializerInfoForMediaType(cc.serializer.SupportedMediaTypes(), mediaType)
	if !ok || info.Serializer == nil {
		return runtime.SerializerInfo{}, fmt.Errorf("no serializer for media type %q", mediaType)
	}
	return info, nil
}

// decoder returns the decoder for a response content type, or nil when the
// negotiated serializer does not support it.
func (cc clientContent) decoder(contentType string) runtime.Decoder {
	info, err := cc.serializerInfo(contentType)
	if err != nil {
		return nil
	}
	return cc.serializer.DecoderToVersion(info.Serializer, cc.groupVersioner())
}

// encode encodes obj with the configured content type and returns the
// media type used. When protobuf is configured but obj has no protobuf
// form (custom resources), it falls back to JSON, which every API server
// accepts.
func (cc clientContent) encode(obj runtime.Object) ([]byte, string, error) {
	contentType := cc.contentType
	if isProtobuf(contentType) && !protobufCapable(obj) {
		contentType = DefaultContentType
	}
	info, err := cc.serializerInfo(contentType)
	if err != nil {
		return nil, "", err
	}
	data, err := runtime.Encode(cc.serializer.EncoderForVersion(info.Serializer, cc.groupVersioner()), obj)
	if err != nil {
		return nil, "", err
	}
	return data, contentType, nil
}

// ContentTypeProtobuf is the Kubernetes protobuf media type; set it as
// ContentConfig.ContentType to talk protobuf to built-in APIs.
const ContentTypeProtobuf = "application/vnd.kubernetes.protobuf"

func isProtobuf(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == ContentTypeProtobuf
}

// protobufCapable reports whether obj can be marshalled by apimachinery's
// protobuf serializer (generated Kubernetes types can).
func protobufCapable(obj runtime.Object) bool {
	switch obj.(type) {
	case runtime.ProtobufMarshaller, interface{ Marshal() ([]byte, error) }:
		return true
	}
	return false
}
