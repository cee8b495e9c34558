package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// +genclient

// Doohickey has the markers k8s.io/api gets wrong.
type Doohickey struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec DoohickeySpec `json:"spec"`
}

// DoohickeySpec is as admissionregistration/v1beta1's and apps/v1's types.
type DoohickeySpec struct {
	// sideEffects is a string with a list marker.
	// +optional
	// +listType=atomic
	SideEffects *string `json:"sideEffects,omitempty"`

	// conditions are keyed by an optional type, as apps/v1's are.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []Condition `json:"conditions,omitempty"`
}

// Condition's type is optional, as apps/v1's DeploymentCondition's is.
type Condition struct {
	// +optional
	Type string `json:"type"`
	// +optional
	Status string `json:"status"`
}

// DoohickeyList is a list of Doohickeys.
type DoohickeyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Doohickey `json:"items"`
}
