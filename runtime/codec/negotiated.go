package codec

import (
	"slices"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
)

// defaultJSONIdentifier identifies the serializer serializer.NewCodecFactory
// registers for application/json unless told to be strict: the only one
// whose decoding Serializer reproduces.
var defaultJSONIdentifier = json.NewSerializerWithOptions(json.DefaultMetaFactory, nil, nil, json.SerializerOptions{}).Identifier()

// NegotiatedSerializer returns base with application/json responses and
// watch streams decoded by this package's Serializer and Framer; encoding,
// the other media types, strict decoding and version handling stay base's.
// It adds apimachinery's CBOR serializer if base has none, and answers
// runtime/rest's question whether a group version's types support protobuf
// (SupportsProtobuf); see content.go. scheme must be the scheme base was
// made from. Typed clients use it as
//
//	codec.NegotiatedSerializer(scheme.Scheme, scheme.Codecs.WithoutConversion())
//
// If base's JSON serializer is not the default non-strict one, base is
// returned unchanged.
func NegotiatedSerializer(scheme *runtime.Scheme, base runtime.NegotiatedSerializer) runtime.NegotiatedSerializer {
	infos := slices.Clone(base.SupportedMediaTypes())
	replaced := false
	for i, info := range infos {
		if info.MediaType != runtime.ContentTypeJSON || info.Serializer == nil || info.Serializer.Identifier() != defaultJSONIdentifier {
			continue
		}
		fast := NewSerializer(scheme, scheme)
		info.Serializer = fast
		if info.StreamSerializer != nil {
			stream := *info.StreamSerializer
			stream.Serializer = fast
			stream.Framer = Framer
			info.StreamSerializer = &stream
		}
		infos[i] = info
		replaced = true
	}
	if !replaced {
		return base
	}
	return negotiated{base: base, infos: withCBOR(scheme, infos), scheme: scheme}
}

type negotiated struct {
	base   runtime.NegotiatedSerializer
	infos  []runtime.SerializerInfo
	scheme *runtime.Scheme
}

func (n negotiated) SupportedMediaTypes() []runtime.SerializerInfo { return n.infos }

func (n negotiated) EncoderForVersion(e runtime.Encoder, gv runtime.GroupVersioner) runtime.Encoder {
	return n.base.EncoderForVersion(e, gv)
}

func (n negotiated) DecoderToVersion(d runtime.Decoder, gv runtime.GroupVersioner) runtime.Decoder {
	return n.base.DecoderToVersion(d, gv)
}
