package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

var AddToScheme = func(any) error { return nil }

// +genclient

// Gizmo has a client but no GizmoList: clientgen must say so.
type Gizmo struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}
