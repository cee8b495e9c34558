package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// +genclient

// Gadget has the contradicting markers.
type Gadget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec GadgetSpec `json:"spec"`
}

// GadgetSpec holds one mistake per field.
type GadgetSpec struct {
	// +listType=map
	// +listMapKey=nmae
	MissingKey []Item `json:"missingKey,omitempty"`

	// +listType=map
	// +listMapKey=name
	NotStructs []string `json:"notStructs,omitempty"`

	// +listType=map
	NoKeys []Item `json:"noKeys,omitempty"`

	// +listType=set
	// +listMapKey=name
	KeyOnSet []Item `json:"keyOnSet,omitempty"`

	// +listMapKey=name
	KeyWithoutType []Item `json:"keyWithoutType,omitempty"`

	// +mapType=atomic
	MapTypeOnList []string `json:"mapTypeOnList,omitempty"`

	// +structType=atomic
	StructTypeOnMap map[string]string `json:"structTypeOnMap,omitempty"`

	// +listType=atomic
	ListTypeOnString string `json:"listTypeOnString,omitempty"`

	// +listType=map
	// +listMapKey=comment
	OptionalKey []Item `json:"optionalKey,omitempty"`

	// +listType=map
	// +k8s:listType=set
	// +listMapKey=name
	Contradicting []Item `json:"contradicting,omitempty"`

	// +listtype=atomic
	Misspelt []string `json:"misspelt,omitempty"`
}

// Item is a list item.
type Item struct {
	Name string `json:"name"`
	// +optional
	Comment string `json:"comment,omitempty"`
}

// Names is a named list type with a map marker.
// +mapType=atomic
type Names []string

// GadgetList is a list of Gadgets.
type GadgetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Gadget `json:"items"`
}
