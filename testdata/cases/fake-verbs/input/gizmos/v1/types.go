package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Gizmo has every verb and extension methods on its scale and token
// subresources.
//
// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale,result=github.com/clientgen/clientgen/testdata/cases/fake-verbs/input/gizmos/v1.Scale
// +genclient:method=UpdateScale,verb=update,subresource=scale,input=github.com/clientgen/clientgen/testdata/cases/fake-verbs/input/gizmos/v1.Scale,result=github.com/clientgen/clientgen/testdata/cases/fake-verbs/input/gizmos/v1.Scale
// +genclient:method=PatchScale,verb=patch,subresource=scale,result=github.com/clientgen/clientgen/testdata/cases/fake-verbs/input/gizmos/v1.Scale
// +genclient:method=CreateToken,verb=create,subresource=token,input=github.com/clientgen/clientgen/testdata/cases/fake-verbs/input/gizmos/v1.Token,result=github.com/clientgen/clientgen/testdata/cases/fake-verbs/input/gizmos/v1.Token
type Gizmo struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   GizmoSpec   `json:"spec,omitempty"`
	Status GizmoStatus `json:"status,omitempty"`
}

// GizmoSpec is a spec.
type GizmoSpec struct {
	Replicas int32 `json:"replicas,omitempty"`
}

// GizmoStatus is a status.
type GizmoStatus struct {
	Replicas int32 `json:"replicas,omitempty"`
}

// GizmoList is a list of Gizmos.
type GizmoList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Gizmo `json:"items"`
}

// Reader is cluster-scoped and read-only: Get, List and Watch.
//
// +genclient
// +genclient:nonNamespaced
// +genclient:readonly
type Reader struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ReaderList is a list of Readers.
type ReaderList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Reader `json:"items"`
}

// Lonely has Get and DeleteCollection, and no List type.
//
// +genclient
// +genclient:onlyVerbs=get,deleteCollection
type Lonely struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// Silent has no verbs at all.
//
// +genclient
// +genclient:noVerbs
type Silent struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// Scale is the scale subresource of a Gizmo.
type Scale struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Replicas int32 `json:"replicas,omitempty"`
}

// Token is what the token subresource of a Gizmo creates.
type Token struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Value string `json:"value,omitempty"`
}
