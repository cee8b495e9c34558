package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Shape is a plain kind with a spec and a status.
type Shape struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   ShapeSpec   `json:"spec,omitempty"`
	Status ShapeStatus `json:"status,omitempty"`
}

// ShapeSpec is what a Shape looks like.
type ShapeSpec struct {
	Sides int32  `json:"sides"`
	Color string `json:"color,omitempty"`
}

// ShapeStatus is what was observed of a Shape.
type ShapeStatus struct {
	Area string `json:"area,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ShapeList is a list of Shape.
type ShapeList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Shape `json:"items"`
}
