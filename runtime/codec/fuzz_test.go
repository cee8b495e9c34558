package codec

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
)

// FuzzUnmarshal checks Unmarshal against sigs.k8s.io/json on arbitrary
// input, for a struct with a field of every kind and for Kubernetes object
// types. The seed corpus (every case of TestUnmarshalMatchesSigsK8sIOJSON)
// runs with go test; explore further with
//
//	go test ./runtime/codec -run '^$' -fuzz FuzzUnmarshal -fuzztime 2m
func FuzzUnmarshal(f *testing.F) {
	for _, tc := range unmarshalCases {
		f.Add([]byte(tc.input))
	}
	targets := []func() any{
		everythingTarget,
		prefilled,
		target[examplev1.WidgetList](nil),
		target[metav1.Status](nil),
		target[metav1.WatchEvent](nil),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, newTarget := range targets {
			assertSameAsReference(t, newTarget, data)
		}
	})
}
