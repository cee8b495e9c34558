package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Widget is a namespaced example resource with a spec and a status
// subresource.
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   WidgetSpec   `json:"spec,omitempty"`
	Status WidgetStatus `json:"status,omitempty"`
}

// WidgetSpec is the desired state of a Widget.
type WidgetSpec struct {
	// Size is how big the widget should be.
	Size int32 `json:"size,omitempty"`
	// Color is the widget's color.
	Color string `json:"color,omitempty"`
	// Tags are free-form labels of the widget.
	Tags []string `json:"tags,omitempty"`
	// Ports are the widget's named ports. Server-side apply merges them
	// by name, so managers can each own their own ports.
	// +listType=map
	// +listMapKey=name
	// +optional
	Ports []WidgetPort `json:"ports,omitempty"`
}

// WidgetPort is one named port of a Widget.
type WidgetPort struct {
	// Name identifies the port among the widget's ports.
	Name string `json:"name"`
	// Port is the port number.
	// +optional
	Port int32 `json:"port,omitempty"`
}

// WidgetStatus is the observed state of a Widget.
type WidgetStatus struct {
	// Phase is a one-word summary of the widget's state.
	Phase string `json:"phase,omitempty"`
	// ObservedSize is the size last seen by a controller.
	ObservedSize int32 `json:"observedSize,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// WidgetList is a list of Widgets.
type WidgetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Widget `json:"items"`
}

// WidgetTemplate has no +genclient tag: clientgen ignores it.
type WidgetTemplate struct {
	Spec WidgetSpec `json:"spec,omitempty"`
}
