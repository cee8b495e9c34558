package codec

import (
	"reflect"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/cbor"
)

// Which wire formats a typed client may use is decided here, at run time,
// from the Go types the scheme holds, rather than by a generator flag (as
// client-gen's --prefers-protobuf does): the same generator output then
// talks protobuf for k8s.io/api types and JSON (or CBOR, when asked) for
// custom resources, whose Go types have no protobuf form.

// Interfaces of apimachinery's protobuf serializer
// (k8s.io/apimachinery/pkg/runtime/serializer/protobuf): an object is
// encoded through one of the first three and decoded through the last.
type (
	protobufReverseMarshaller    = runtime.ProtobufReverseMarshaller
	protobufMarshaller           = runtime.ProtobufMarshaller
	protobufUnbufferedMarshaller interface {
		Marshal() ([]byte, error)
	}
	protobufUnmarshaler interface {
		Reset()
		Unmarshal([]byte) error
	}
)

var (
	reverseMarshallerType    = reflect.TypeFor[protobufReverseMarshaller]()
	marshallerType           = reflect.TypeFor[protobufMarshaller]()
	unbufferedMarshallerType = reflect.TypeFor[protobufUnbufferedMarshaller]()
	protobufUnmarshalerType  = reflect.TypeFor[protobufUnmarshaler]()
)

// SupportsProtobuf reports whether apimachinery's protobuf serializer can
// encode and decode every Go type scheme registers for gv: true for the
// group versions of k8s.io/api (and the metav1 option types registered
// with them), false for types generated from Go structs without protobuf
// code, such as custom resources, and for a group version with no types.
func SupportsProtobuf(scheme *runtime.Scheme, gv schema.GroupVersion) bool {
	types := scheme.KnownTypes(gv)
	if len(types) == 0 {
		return false
	}
	for _, t := range types {
		if !protobufType(reflect.PointerTo(t)) {
			return false
		}
	}
	return true
}

func protobufType(t reflect.Type) bool {
	encodes := t.Implements(reverseMarshallerType) || t.Implements(marshallerType) || t.Implements(unbufferedMarshallerType)
	return encodes && t.Implements(protobufUnmarshalerType)
}

// SupportsProtobuf reports whether the Go types of gv have a protobuf form
// (see the package function). runtime/rest asks a client's negotiated
// serializer this through an interface of its own, to choose protobuf as
// the default content type of a typed client.
func (n negotiated) SupportsProtobuf(gv schema.GroupVersion) bool {
	return SupportsProtobuf(n.scheme, gv)
}

// withCBOR returns infos with apimachinery's CBOR serializer added when
// infos has none, as client-go's rest.CodecFactoryForGeneratedClient adds
// it when CBOR is allowed: a client that asks for CBOR (rest.Config
// PreferCBOR or ContentType application/cbor) can then encode it and
// decode CBOR responses and watch streams. It is never chosen unasked.
func withCBOR(scheme *runtime.Scheme, infos []runtime.SerializerInfo) []runtime.SerializerInfo {
	if _, ok := runtime.SerializerInfoForMediaType(infos, runtime.ContentTypeCBOR); ok {
		return infos
	}
	return append(infos, cbor.NewSerializerInfo(scheme, scheme))
}
