// Package codec decodes Kubernetes JSON faster than apimachinery's JSON
// serializer, with the same results.
//
// apimachinery's serializer reads a response three times: encoding/json
// validates the whole document and finds apiVersion and kind, then
// sigs.k8s.io/json validates it again and decodes it through reflection,
// allocating every string, pointer and slice separately. Unmarshal decodes
// in one validating pass with a plan compiled once per Go type, copies
// strings into shared blocks, sizes slices before filling them, and parses
// metav1.Time and metav1.FieldsV1 directly; Serializer picks up apiVersion
// and kind during that pass. Framer splits watch streams without parsing
// them twice.
//
// Correctness comes first: every case the fast path does not handle, and
// every input that is malformed or does not fit the target type, is handed
// to the reference implementation (sigs.k8s.io/json, apimachinery's
// json.Serializer), so results and errors are theirs. The tests compare the
// two on the same inputs.
//
// NegotiatedSerializer plugs the package into a rest.Config:
//
//	config.NegotiatedSerializer = codec.NegotiatedSerializer(scheme.Scheme, scheme.Codecs.WithoutConversion())
package codec
