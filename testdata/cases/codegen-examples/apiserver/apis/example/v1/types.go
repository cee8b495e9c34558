package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// TestType is a top-level type with a client.
type TestType struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +optional
	Status TestTypeStatus `json:"status,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// TestTypeList is the list of TestType.
type TestTypeList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []TestType `json:"items"`
}

// TestTypeStatus is the status of a TestType.
type TestTypeStatus struct {
	Blah string `json:"blah"`
}

// Conversion holds types whose internal and external forms match or differ.
type Conversion struct {
	Identical MemoryIdentical `json:"identical"`
	Different MemoryDifferent `json:"different"`
}

// MemoryIdentical refers to itself through a pointer, a map and a slice.
type MemoryIdentical struct {
	Items *MemoryIdentical `json:"items,omitempty"`

	Properties map[string]MemoryIdentical `json:"properties,omitempty"`

	// +listType=atomic
	AllOf []MemoryIdentical `json:"allOf,omitempty"`

	Bool bool `json:"bool"`
}

// MemoryDifferent is MemoryIdentical with a pointer field.
type MemoryDifferent struct {
	Items *MemoryDifferent `json:"items,omitempty"`

	Properties map[string]MemoryDifferent `json:"properties,omitempty"`

	// +listType=atomic
	AllOf []MemoryDifferent `json:"allOf,omitempty"`

	Bool *bool `json:"bool"`
}
