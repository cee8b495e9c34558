package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	autoscalingv1 "github.com/clientgen/clientgen/testdata/cases/apply-external/thirdparty/autoscaling/v1"
	core "github.com/clientgen/clientgen/testdata/cases/apply-external/thirdparty/core/v1"
)

// Job runs pods from a template of another API package.
//
// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale,result=github.com/clientgen/clientgen/testdata/cases/apply-external/thirdparty/autoscaling/v1.Scale
// +genclient:method=ApplyScale,verb=apply,subresource=scale,input=github.com/clientgen/clientgen/testdata/cases/apply-external/thirdparty/autoscaling/v1.Scale,result=github.com/clientgen/clientgen/testdata/cases/apply-external/thirdparty/autoscaling/v1.Scale
type Job struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   JobSpec   `json:"spec,omitempty"`
	Status JobStatus `json:"status,omitempty"`
}

// JobSpec reaches three structs of core/v1.
type JobSpec struct {
	Template    core.PodTemplateSpec                 `json:"template"`
	Sidecars    []core.Container                     `json:"sidecars,omitempty"`
	PerQueue    map[string]core.ResourceRequirements `json:"perQueue,omitempty"`
	Parallelism *int32                               `json:"parallelism,omitempty"`
}

// JobStatus reaches a kind of core/v1, which gets its kind constructor and
// Extract functions without a client.
type JobStatus struct {
	LastConfig *core.ConfigMap      `json:"lastConfig,omitempty"`
	Scale      *autoscalingv1.Scale `json:"scale,omitempty"`
}

// JobList is a list of Jobs.
type JobList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Job `json:"items"`
}

// DeepCopyObject is shallow: the case needs only the interface.
func (in *Job) DeepCopyObject() runtime.Object { out := *in; return &out }

// DeepCopyObject is shallow: the case needs only the interface.
func (in *JobList) DeepCopyObject() runtime.Object { out := *in; return &out }
