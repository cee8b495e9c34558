package cache

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Foo is a test kind shaped like a generated API type. It is exported so
// that the external test package (the compile test) can use it too.
type Foo struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              FooSpec `json:"spec"`
}

// FooSpec is Foo's spec.
type FooSpec struct {
	Replicas int32 `json:"replicas"`
}

// DeepCopyObject implements runtime.Object.
func (f *Foo) DeepCopyObject() runtime.Object {
	if f == nil {
		return nil
	}
	c := *f
	f.ObjectMeta.DeepCopyInto(&c.ObjectMeta)
	return &c
}

// FooList is a list of Foos.
type FooList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Foo `json:"items"`
}

// DeepCopyObject implements runtime.Object.
func (l *FooList) DeepCopyObject() runtime.Object {
	if l == nil {
		return nil
	}
	c := *l
	c.Items = make([]Foo, len(l.Items))
	for i := range l.Items {
		c.Items[i] = *l.Items[i].DeepCopyObject().(*Foo)
	}
	return &c
}

// FooGroupVersion is the test kind's group-version.
var FooGroupVersion = schema.GroupVersion{Group: "example.com", Version: "v1"}

// FooResource is what lister-gen's Resource helper returns.
func FooResource(resource string) schema.GroupResource {
	return FooGroupVersion.WithResource(resource).GroupResource()
}

// NewFoo returns a Foo.
func NewFoo(namespace, name, rv string) *Foo {
	return &Foo{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name, ResourceVersion: rv}}
}
