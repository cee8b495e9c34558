package v1

import (
	corev1 "github.com/clientgen/clientgen/testdata/cases/schema-markers/thirdparty/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient

// Widget has a field of every structure the schema knows.
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   WidgetSpec   `json:"spec"`
	Status WidgetStatus `json:"status,omitempty"`
}

// WidgetSpec holds the marked fields.
type WidgetSpec struct {
	// ports are merged by name: a list map with one key.
	// +listType=map
	// +listMapKey=name
	// +optional
	Ports []Port `json:"ports,omitempty"`

	// routes are merged by host and port: two keys, port defaulted.
	// +listType=map
	// +listMapKey=host
	// +listMapKey=port
	// +optional
	Routes []Route `json:"routes,omitempty"`

	// tags are a set of strings.
	// +listType=set
	// +optional
	Tags []string `json:"tags,omitempty"`

	// args are replaced whole.
	// +listType=atomic
	// +optional
	Args []string `json:"args,omitempty"`

	// hosts are a named list type whose declaration carries the marker.
	// +optional
	Hosts HostList `json:"hosts,omitempty"`

	// selector is an atomic struct by its field's marker.
	// +structType=atomic
	// +optional
	Selector *Selector `json:"selector,omitempty"`

	// owner is an atomic struct by its type's marker.
	// +optional
	Owner *Owner `json:"owner,omitempty"`

	// labels are merged entry by entry.
	// +mapType=granular
	// +optional
	Labels map[string]string `json:"labels,omitempty"`

	// env is replaced whole.
	// +mapType=atomic
	// +optional
	Env map[string]string `json:"env,omitempty"`

	// secret is a struct of another package (atomic there).
	// +optional
	Secret *corev1.LocalObjectReference `json:"secret,omitempty"`

	// volumes are validation-gen's spelling of a list map.
	// +k8s:listType=map
	// +k8s:listMapKey=name
	// +k8s:optional
	Volumes []Volume `json:"volumes,omitempty"`

	// probe is a union: at most one handler, named by type.
	// +optional
	Probe *Probe `json:"probe,omitempty"`

	// source is a union marked on its members, the older form.
	// +optional
	Source *Source `json:"source,omitempty"`

	// protocol defaults to a constant of the package.
	// +default=ref(ProtocolTCP)
	// +optional
	Protocol Protocol `json:"protocol,omitempty"`

	// mode defaults by its type's marker.
	// +optional
	Mode Mode `json:"mode,omitempty"`

	// replicas is not omitempty: openapi-gen's schema defaults it to 0.
	Replicas int32 `json:"replicas"`
}

// Probe is a union of handlers; type names the one set.
// +union
type Probe struct {
	// +unionDiscriminator
	Type ProbeType `json:"type"`
	// +optional
	Exec *ExecAction `json:"exec,omitempty"`
	// +optional
	HTTPGet *HTTPGetAction `json:"httpGet,omitempty"`
}

// ProbeType names the handler of a Probe.
type ProbeType string

// ExecAction runs a command.
type ExecAction struct {
	// +listType=atomic
	// +optional
	Command []string `json:"command,omitempty"`
}

// HTTPGetAction gets a path.
type HTTPGetAction struct {
	Path string `json:"path"`
}

// Source is a union whose members carry the markers.
type Source struct {
	// +unionDiscriminator
	// +optional
	Kind string `json:"kind,omitempty"`
	// +unionDeprecated
	// +optional
	Git *string `json:"git,omitempty"`
	// +unionDeprecated
	// +optional
	Image *string `json:"image,omitempty"`
}

// Protocol is a network protocol.
type Protocol string

// ProtocolTCP is the default Protocol.
const ProtocolTCP Protocol = "TCP"

// Mode is how a widget runs.
// +default="fast"
type Mode string

// Port is an item of a list map with one key.
type Port struct {
	Name string `json:"name"`
	// +optional
	Port int32 `json:"port,omitempty"`
}

// Route is an item of a list map with two keys.
type Route struct {
	Host string `json:"host"`
	// +optional
	// +default=80
	Port int32 `json:"port,omitempty"`
	// +optional
	Path string `json:"path,omitempty"`
}

// Volume is an item of a list map written with +k8s: markers.
type Volume struct {
	// +k8s:required
	Name string `json:"name"`
	// +optional
	Size string `json:"size,omitempty"`
}

// HostList is a set by its declaration's marker.
// +listType=set
type HostList []string

// Selector is a struct made atomic where it is used.
type Selector struct {
	// +optional
	App string `json:"app,omitempty"`
	// +optional
	Tier string `json:"tier,omitempty"`
}

// Owner is atomic wherever it is used.
// +structType=atomic
type Owner struct {
	// +optional
	Name string `json:"name,omitempty"`
	// +optional
	Team string `json:"team,omitempty"`
}

// WidgetStatus has a conditions list keyed by type.
type WidgetStatus struct {
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}

// WidgetList is a list of Widgets.
type WidgetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Widget `json:"items"`
}
