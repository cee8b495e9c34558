package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v1 "github.com/clientgen/clientgen/testdata/cases/named-types/input/shapes/v1"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Shape is v1's Shape, served as v1beta1: a defined type over another
// package's struct.
type Shape v1.Shape

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ShapeList is a list of Shape.
type ShapeList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Shape `json:"items"`
}

// ShapeSpec is an alias: its apply configuration is v1's.
type ShapeSpec = v1.ShapeSpec

// Outline is an alias of this version's Shape, itself declared as v1's: its
// apply configuration is this version's Shape's, not v1's.
type Outline = Shape

// +genclient
// +genclient:noStatus
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Stencil is a v1beta1 struct whose field has the alias type.
type Stencil struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec    ShapeSpec `json:"spec,omitempty"`
	Outline *Outline  `json:"outline,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StencilList is a list of Stencil.
type StencilList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Stencil `json:"items"`
}
