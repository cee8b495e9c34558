package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +genclient:method=GetExtended,verb=get
// +genclient:method=ListExtended,verb=list
// +genclient:method=CreateExtended,verb=create
// +genclient:method=UpdateExtended,verb=update
// +genclient:method=PatchExtended,verb=patch
// +genclient:method=ApplyExtended,verb=apply
// +genclient:method=GetSubresource,verb=get,subresource=testsubresource,result=github.com/clientgen/clientgen/testdata/cases/codegen-examples/crd/apis/extensions/v1.TestSubresource
// +genclient:method=CreateSubresource,verb=create,subresource=testsubresource,input=github.com/clientgen/clientgen/testdata/cases/codegen-examples/crd/apis/extensions/v1.TestSubresource,result=github.com/clientgen/clientgen/testdata/cases/codegen-examples/crd/apis/extensions/v1.TestSubresource
// +genclient:method=UpdateSubresource,verb=update,subresource=subresource,input=github.com/clientgen/clientgen/testdata/cases/codegen-examples/crd/apis/extensions/v1.TestSubresource,result=github.com/clientgen/clientgen/testdata/cases/codegen-examples/crd/apis/extensions/v1.TestSubresource
// +genclient:method=ApplySubresource,verb=apply,subresource=subresource,input=github.com/clientgen/clientgen/testdata/cases/codegen-examples/crd/apis/extensions/v1.TestSubresource,result=github.com/clientgen/clientgen/testdata/cases/codegen-examples/crd/apis/extensions/v1.TestSubresource
// TestType is a top-level type with a client.
type TestType struct {
	metav1.TypeMeta `json:""`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +optional
	Status TestTypeStatus `json:"status,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// TestTypeList is the list of TestType.
type TestTypeList struct {
	metav1.TypeMeta `json:""`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []TestType `json:"items"`
}

// TestTypeStatus is the status of a TestType.
type TestTypeStatus struct {
	Blah string `json:"blah"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// TestSubresource is the body of the subresource methods.
type TestSubresource struct {
	metav1.TypeMeta `json:""`

	Name string `json:"name"`
}
