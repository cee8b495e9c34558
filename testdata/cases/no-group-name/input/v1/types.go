package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

var AddToScheme = func(any) error { return nil }

// +genclient

// Gizmo is fine; its package is not.
type Gizmo struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// GizmoList is a list of Gizmos.
type GizmoList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Gizmo `json:"items"`
}
