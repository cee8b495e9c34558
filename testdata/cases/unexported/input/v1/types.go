package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

var AddToScheme = func(any) error { return nil }

// +genclient

// gadget is unexported: a client in another package cannot name it, so
// clientgen reports it instead of writing code that does not compile.
type gadget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// gadgetList is its list.
type gadgetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []gadget `json:"items"`
}

// +genclient

// Gauge is exported and fine.
type Gauge struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// GaugeList is its list.
type GaugeList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Gauge `json:"items"`
}
