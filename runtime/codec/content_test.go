package codec

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
)

// protoGV stands for a k8s.io/api group version (this module does not
// depend on k8s.io/api): its kinds are metav1 types, which carry generated
// protobuf code as every k8s.io/api type does.
var protoGV = schema.GroupVersion{Group: "proto.example.com", Version: "v1"}

func mediaTypes(infos []runtime.SerializerInfo) []string {
	var out []string
	for _, info := range infos {
		out = append(out, info.MediaType)
	}
	return out
}

func TestSupportsProtobuf(t *testing.T) {
	s := runtime.NewScheme()
	metav1.AddToGroupVersion(s, schema.GroupVersion{Version: "v1"})
	metav1.AddToGroupVersion(s, protoGV)
	s.AddKnownTypes(protoGV, &metav1.PartialObjectMetadata{}, &metav1.PartialObjectMetadataList{})
	utilruntime.Must(examplev1.AddToScheme(s))
	for _, tc := range []struct {
		name string
		gv   schema.GroupVersion
		want bool
	}{
		{"a group version whose kinds all have generated protobuf code supports it", protoGV, true},
		{"a custom resource group version generated from plain Go structs does not", examplev1.SchemeGroupVersion, false},
		{"a group version the scheme does not know does not", schema.GroupVersion{Group: "unknown.example.com", Version: "v1"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SupportsProtobuf(s, tc.gv); got != tc.want {
				t.Errorf("SupportsProtobuf(%s) = %t, want %t", tc.gv, got, tc.want)
			}
			ns := NegotiatedSerializer(s, serializer.NewCodecFactory(s).WithoutConversion())
			asker, ok := ns.(interface {
				SupportsProtobuf(schema.GroupVersion) bool
			})
			if !ok {
				t.Fatalf("NegotiatedSerializer returned %T, which does not answer SupportsProtobuf", ns)
			}
			if got := asker.SupportsProtobuf(tc.gv); got != tc.want {
				t.Errorf("negotiated SupportsProtobuf(%s) = %t, want %t", tc.gv, got, tc.want)
			}
		})
	}
}

func TestNegotiatedSerializerKeepsACBORSerializerBaseAlreadyHas(t *testing.T) {
	scheme := testScheme()
	base := serializer.NewCodecFactory(scheme, serializer.WithSerializer(func(c runtime.ObjectCreater, t runtime.ObjectTyper) runtime.SerializerInfo {
		info := runtime.SerializerInfo{MediaType: runtime.ContentTypeCBOR, MediaTypeType: "application", MediaTypeSubType: "cbor"}
		info.Serializer = NewSerializer(c, t) // a stand-in, told apart by identity
		return info
	})).WithoutConversion()
	infos := NegotiatedSerializer(scheme, base).SupportedMediaTypes()
	n := 0
	for _, info := range infos {
		if info.MediaType == runtime.ContentTypeCBOR {
			n++
			if _, ok := info.Serializer.(*Serializer); !ok {
				t.Errorf("application/cbor serializer is %T, want base's", info.Serializer)
			}
		}
	}
	if n != 1 {
		t.Errorf("media types %v: want exactly one application/cbor", mediaTypes(infos))
	}
}
