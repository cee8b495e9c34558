package rest

import (
	"mime"
	"net/http"
	"strings"
	"sync/atomic"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Content types: which wire format a client speaks.
//
// A typed client whose group version's Go types all have protobuf code
// (k8s.io/api's do) defaults to protobuf with a JSON fallback, as client-go's
// generated clients of built-in types do (client-gen --prefers-protobuf).
// Here the runtime decides at construction, asking the negotiated
// serializer (runtime/codec's answers from the scheme), so one generator
// output serves built-in and custom types alike. Other typed clients
// default to JSON, or to CBOR with a JSON fallback when Config.PreferCBOR
// is set and the serializer has CBOR. A ContentType or AcceptContentTypes
// set in the Config is used as given.
//
// When the server rejects protobuf or CBOR (415 Unsupported Media Type to
// a body in it, 406 Not Acceptable to an Accept header naming it: an API
// server without the CBORServingAndStorage feature, a custom resource, an
// aggregated server or proxy that speaks JSON only), the client switches to
// JSON for good and sends that request again in JSON, once. client-go
// remembers a 415 to CBOR the same way but fails the request that saw it;
// sending it again is safe, since the server did not act on a request
// whose body or Accept header it refused.

// ContentTypeCBOR is the CBOR media type (RFC 8949), served by API servers
// with the CBORServingAndStorage feature (alpha, off by default, in
// Kubernetes 1.32 to 1.37). Set Config.PreferCBOR to use it by default, or
// ContentConfig.ContentType to demand it.
const ContentTypeCBOR = runtime.ContentTypeCBOR

// protobufSupporter is what runtime/codec's negotiated serializer answers:
// whether a group version's Go types have a protobuf form.
type protobufSupporter interface {
	SupportsProtobuf(gv schema.GroupVersion) bool
}

// resolveContent applies ContentConfig's defaults (see the comment at the
// top of this file) and checks that the content type can be encoded.
func resolveContent(c *Config) (clientContent, error) {
	content := clientContent{
		serializer:  c.NegotiatedSerializer,
		contentType: c.ContentType,
		accept:      c.AcceptContentTypes,
	}
	if content.contentType == "" {
		content.contentType = DefaultContentType
		if content.accept == "" {
			switch {
			case c.GroupVersion != nil && content.serves(ContentTypeProtobuf) && supportsProtobuf(c.NegotiatedSerializer, *c.GroupVersion):
				// Ahead of CBOR even when PreferCBOR is set, as in
				// client-go: every API server serves built-in types in
				// protobuf, and it is the cheaper format to decode.
				content.contentType = ContentTypeProtobuf
			case c.PreferCBOR && content.serves(ContentTypeCBOR):
				content.contentType = ContentTypeCBOR
			}
		}
	}
	if content.accept == "" {
		content.accept = content.contentType
		if isBinaryMediaType(content.contentType) {
			// Let the server answer in JSON what it cannot in protobuf
			// or CBOR (custom resources are never served in protobuf),
			// as client-go does.
			content.accept += ", " + DefaultContentType
		}
	}
	// Fail at construction rather than on the first request with a body.
	if _, err := content.serializerInfo(content.contentType); err != nil {
		return clientContent{}, err
	}
	return content, nil
}

func supportsProtobuf(ns runtime.NegotiatedSerializer, gv schema.GroupVersion) bool {
	s, ok := ns.(protobufSupporter)
	return ok && s.SupportsProtobuf(gv)
}

// serves reports whether the negotiated serializer can encode mediaType.
func (cc clientContent) serves(mediaType string) bool {
	_, err := cc.serializerInfo(mediaType)
	return err == nil
}

// jsonFallback returns cc as JSON only, or nil when cc never names
// protobuf or CBOR (nothing to fall back from).
func (cc clientContent) jsonFallback() *clientContent {
	if !isBinaryMediaType(cc.contentType) && !acceptsBinary(cc.accept) {
		return nil
	}
	json := cc
	json.contentType, json.accept = DefaultContentType, DefaultContentType
	return &json
}

// contentFallback is a client's switch to JSON, made at most once.
type contentFallback struct {
	// json is the client's content as JSON only; nil when it is JSON already.
	json   *clientContent
	toJSON atomic.Bool
}

// currentContent is the content a new request starts with.
func (c *RESTClient) currentContent() *clientContent {
	if c.fallback.json != nil && c.fallback.toJSON.Load() {
		return c.fallback.json
	}
	return &c.content
}

// retryAsJSON is called with every response. When resp refuses the
// protobuf or CBOR this request chose from the client's content (not a
// Content-Type or Accept header the caller set), it switches the client to
// JSON for good and, when the request can be sent again in JSON, switches
// the request too and returns true. A body given as bytes or a reader is
// not sent again: its bytes are in the refused format, or cannot be replayed.
func (r *Request) retryAsJSON(resp *http.Response) bool {
	if resp == nil || r.c.fallback.json == nil || r.content == r.c.fallback.json {
		return false
	}
	switch resp.StatusCode {
	case http.StatusUnsupportedMediaType:
		hasBody := r.body != nil || r.bodyReader != nil
		if !hasBody || r.headers.Get("Content-Type") != "" || !isBinaryMediaType(r.sentContentType()) {
			return false
		}
	case http.StatusNotAcceptable:
		if r.headers.Get("Accept") != "" || !acceptsBinary(r.content.accept) {
			return false
		}
	default:
		return false
	}
	r.c.fallback.toJSON.Store(true)
	json := r.c.fallback.json
	switch {
	case r.bodyReader != nil:
		return false
	case r.bodyObj != nil:
		data, contentType, err := json.encode(r.bodyObj)
		if err != nil {
			return false
		}
		r.body, r.bodyType = data, contentType
	case r.body != nil && isBinaryMediaType(r.sentContentType()):
		return false
	}
	r.content = json
	r.c.logger.Debug("server refused protobuf or CBOR; the client uses JSON from now on",
		"verb", r.verb, "url", r.urlForErrors(), "status", resp.StatusCode)
	return true
}

// sentContentType is the Content-Type a body of this request is sent with
// when the caller set none.
func (r *Request) sentContentType() string {
	if r.bodyType != "" {
		return r.bodyType
	}
	return r.content.contentType
}

// streamSerializerInfo is the serializer of a watch stream's content type:
// a CBOR watch arrives as a CBOR sequence (application/cbor-seq, RFC 8742)
// of application/cbor events.
func (cc clientContent) streamSerializerInfo(contentType string) (runtime.SerializerInfo, error) {
	if mediaType, _, err := mime.ParseMediaType(contentType); err == nil && mediaType == runtime.ContentTypeCBORSequence {
		contentType = ContentTypeCBOR
	}
	return cc.serializerInfo(contentType)
}

func isCBOR(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mediaType == ContentTypeCBOR || mediaType == runtime.ContentTypeCBORSequence)
}

// isBinaryMediaType reports whether contentType is protobuf or CBOR, the
// formats a client falls back from.
func isBinaryMediaType(contentType string) bool {
	return isProtobuf(contentType) || isCBOR(contentType)
}

// acceptsBinary reports whether an Accept header value names protobuf or CBOR.
func acceptsBinary(accept string) bool {
	for clause := range strings.SplitSeq(accept, ",") {
		if isBinaryMediaType(strings.TrimSpace(clause)) {
			return true
		}
	}
	return false
}
