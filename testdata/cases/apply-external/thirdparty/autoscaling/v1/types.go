// Package v1 stands for k8s.io/api/autoscaling/v1: its Scale is the input of
// an apply method of an input package.
//
// +groupName=autoscaling
package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Scale is a subresource's body: it embeds TypeMeta, so its apply
// configuration is top-level with a constructor that sets kind and apiVersion.
type Scale struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ScaleSpec `json:"spec,omitempty"`
}

// ScaleSpec is the desired replicas.
type ScaleSpec struct {
	Replicas int32 `json:"replicas,omitempty"`
}

// DeepCopyObject is shallow: the case needs only the interface.
func (in *Scale) DeepCopyObject() runtime.Object { out := *in; return &out }
