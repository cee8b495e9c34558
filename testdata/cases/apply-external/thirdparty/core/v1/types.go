package v1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// PodTemplateSpec is a pod's metadata and spec.
type PodTemplateSpec struct {
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PodSpec `json:"spec,omitempty"`
}

// PodSpec lists containers.
type PodSpec struct {
	Containers []Container `json:"containers"`
}

// Container is one container.
type Container struct {
	Name      string               `json:"name"`
	Image     string               `json:"image,omitempty"`
	Resources ResourceRequirements `json:"resources,omitempty"`
}

// ResourceRequirements are limits; resource.Quantity stays a value.
type ResourceRequirements struct {
	Limits map[string]resource.Quantity `json:"limits,omitempty"`
}

// Pod is a kind no input reaches: it gets no apply configuration.
//
// +genclient
type Pod struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PodSpec `json:"spec,omitempty"`
}

// ConfigMap is a kind an input reaches.
//
// +genclient
type ConfigMap struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Data              map[string]string `json:"data,omitempty"`
}

// DeepCopyObject is shallow: the case needs only the interface.
func (in *ConfigMap) DeepCopyObject() runtime.Object { out := *in; return &out }

// DeepCopyObject is shallow: the case needs only the interface.
func (in *Pod) DeepCopyObject() runtime.Object { out := *in; return &out }
