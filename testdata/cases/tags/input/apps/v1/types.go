package v1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale,result=github.com/clientgen/clientgen/testdata/cases/tags/input/autoscaling/v1.Scale
// +genclient:method=UpdateScale,verb=update,subresource=scale,input=github.com/clientgen/clientgen/testdata/cases/tags/input/autoscaling/v1.Scale,result=github.com/clientgen/clientgen/testdata/cases/tags/input/autoscaling/v1.Scale
// +genclient:method=ApplyScale,verb=apply,subresource=scale,input=github.com/clientgen/clientgen/testdata/cases/tags/input/autoscaling/v1.Scale,result=github.com/clientgen/clientgen/testdata/cases/tags/input/autoscaling/v1.Scale
// +genclient:method=PatchScale,verb=patch,subresource=scale,result=github.com/clientgen/clientgen/testdata/cases/tags/input/autoscaling/v1.Scale
// +genclient:method=CreateRollback,verb=create,subresource=rollback,input=Rollback,result=Rollback
// +genclient:method=ListRevisions,verb=list,subresource=revisions,result=Revision
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Deployment has every standard verb and extension methods on subresources.
// A verb=list method with a subresource returns a RevisionList.
type Deployment struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   DeploymentSpec   `json:"spec,omitempty"`
	Status DeploymentStatus `json:"status,omitempty"`
}

// DeploymentSpec has a field of every shape an apply configuration handles.
type DeploymentSpec struct {
	Replicas       *int32                `json:"replicas,omitempty"`
	Selector       *metav1.LabelSelector `json:"selector"`
	Template       PodTemplate           `json:"template"`
	Containers     []Container           `json:"containers,omitempty"`
	Sidecars       map[string]Container  `json:"sidecars,omitempty"`
	Labels         map[string]string     `json:"labels,omitempty"`
	Args           [][]string            `json:"args,omitempty"`
	Data           []byte                `json:"data,omitempty"`
	Memory         resource.Quantity     `json:"memory,omitempty"`
	MaxSurge       *intstr.IntOrString   `json:"maxSurge,omitempty"`
	Strategy       Strategy              `json:"strategy,omitempty"`
	Paused         bool                  `json:"paused,omitempty"`
	Checksum       [4]byte               `json:"checksum,omitempty"`
	Extra          map[string][]string   `json:"extra,omitempty"`
	NoJSONTag      string
	Ignored        string `json:"-"`
	internalOnly   string
	ProgressBefore *metav1.Time `json:"progressBefore,omitempty"`
}

// Strategy is a named string type: it stays itself in apply configurations.
type Strategy string

// PodTemplate embeds PodSpec inline, so its fields appear on PodTemplate's
// apply configuration too.
type PodTemplate struct {
	metav1.ObjectMeta `json:"metadata,omitempty"`
	PodSpec           `json:",inline"`
}

// PodSpec is embedded inline in PodTemplate.
type PodSpec struct {
	NodeName   string      `json:"nodeName,omitempty"`
	Containers []Container `json:"containers"`
}

// Container is used in a slice and in a map.
type Container struct {
	Name  string     `json:"name"`
	Image string     `json:"image,omitempty"`
	Ports []int32    `json:"ports,omitempty"`
	Next  *Container `json:"next,omitempty"`
}

// DeploymentStatus has conditions of metav1's Condition type.
type DeploymentStatus struct {
	Replicas   int32              `json:"replicas,omitempty"`
	Conditions []metav1.Condition `json:"conditions,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// DeploymentList is a list of Deployment.
type DeploymentList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Deployment `json:"items"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Rollback is the body of Deployment's rollback subresource.
type Rollback struct {
	metav1.TypeMeta `json:",inline"`
	Name            string `json:"name"`
	Revision        int64  `json:"revision,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Revision is one entry of Deployment's revisions subresource.
type Revision struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Number            int64 `json:"number"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// RevisionList is what ListRevisions returns.
type RevisionList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Revision `json:"items"`
}

// +genclient
// +genclient:method=GetExtended,verb=get
// +genclient:method=ListExtended,verb=list
// +genclient:method=CreateExtended,verb=create
// +genclient:method=UpdateExtended,verb=update
// +genclient:method=PatchExtended,verb=patch
// +genclient:method=ApplyExtended,verb=apply
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Extended has an extension method of every verb without a subresource.
type Extended struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ExtendedList is a list of Extended.
type ExtendedList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Extended `json:"items"`
}

// +genclient
// +genclient:readonly
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Event is read-only: Get, List and Watch.
type Event struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// EventList is a list of Event.
type EventList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Event `json:"items"`
}

// +genclient
// +genclient:onlyVerbs=delete,deleteCollection
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Token keeps deleteCollection without list, and has no TokenList: client-gen
// generated a client that did not compile for this.
type Token struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// +genclient
// +genclient:onlyVerbs=get,watch,applyStatus
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Lease watches without list and applies only its status.
type Lease struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Status            LeaseStatus `json:"status,omitempty"`
}

// LeaseStatus is the status of a Lease.
type LeaseStatus struct {
	Holder string `json:"holder,omitempty"`
}

// +genclient
// +genclient:skipVerbs=patch,apply,updateStatus
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Job skips patch, apply and updateStatus but keeps applyStatus.
type Job struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Status            LeaseStatus `json:"status,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// JobList is a list of Job.
type JobList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Job `json:"items"`
}

// +genclient
// +genclient:noVerbs
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Binding has a client without verbs: only its expansion.
type Binding struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}
