package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// +genclient
// +genclient:onlyVerbs=get,lsit

// UnknownVerb is a mistake.
type UnknownVerb struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// UnknownVerbList is a list of UnknownVerb.
type UnknownVerbList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []UnknownVerb `json:"items"`
}

// +genclient
// +genclient:skipVerbs=get,,list

// EmptyVerb is a mistake.
type EmptyVerb struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// EmptyVerbList is a list of EmptyVerb.
type EmptyVerbList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []EmptyVerb `json:"items"`
}

// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale,output=Scale

// MethodUnknownKey is a mistake.
type MethodUnknownKey struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodUnknownKeyList is a list of MethodUnknownKey.
type MethodUnknownKeyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodUnknownKey `json:"items"`
}

// +genclient
// +genclient:method=Remove,verb=delete

// MethodBadVerb is a mistake.
type MethodBadVerb struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodBadVerbList is a list of MethodBadVerb.
type MethodBadVerbList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodBadVerb `json:"items"`
}

// +genclient
// +genclient:method=GetThing,verb=get,input=Thing

// MethodInputOnGet is a mistake.
type MethodInputOnGet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodInputOnGetList is a list of MethodInputOnGet.
type MethodInputOnGetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodInputOnGet `json:"items"`
}

// +genclient
// +genclient:method=DoIt

// MethodNoVerb is a mistake.
type MethodNoVerb struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodNoVerbList is a list of MethodNoVerb.
type MethodNoVerbList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodNoVerb `json:"items"`
}

// +genclient
// +genclient:method=verb=get

// MethodNoName is a mistake.
type MethodNoName struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodNoNameList is a list of MethodNoName.
type MethodNoNameList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodNoName `json:"items"`
}

// +genclient
// +genclient:method=getScale,verb=get

// MethodLowerName is a mistake.
type MethodLowerName struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodLowerNameList is a list of MethodLowerName.
type MethodLowerNameList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodLowerName `json:"items"`
}

// +genclient
// +genclient:method=GetScale,verb=get,result=k8s.io/api/autoscaling/v1.

// MethodBadType is a mistake.
type MethodBadType struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodBadTypeList is a list of MethodBadType.
type MethodBadTypeList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodBadType `json:"items"`
}

// +genclient
// +genclient:onlyVerbs=get,list
// +genclient:skipVerbs=list

// OnlyAndSkip is a mistake.
type OnlyAndSkip struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// OnlyAndSkipList is a list of OnlyAndSkip.
type OnlyAndSkipList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []OnlyAndSkip `json:"items"`
}

// +genclient
// +genclient:noVerbs
// +genclient:method=GetScale,verb=get,subresource=scale

// NoVerbsAndMethod is a mistake.
type NoVerbsAndMethod struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// NoVerbsAndMethodList is a list of NoVerbsAndMethod.
type NoVerbsAndMethodList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []NoVerbsAndMethod `json:"items"`
}

// +genclient
// +genclient:method=Get,verb=get,subresource=scale

// MethodCollides is a mistake.
type MethodCollides struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodCollidesList is a list of MethodCollides.
type MethodCollidesList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodCollides `json:"items"`
}

// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale
// +genclient:method=GetScale,verb=get,subresource=scale2

// MethodTwice is a mistake.
type MethodTwice struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MethodTwiceList is a list of MethodTwice.
type MethodTwiceList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MethodTwice `json:"items"`
}

// +genclient
// +genclient:nonNamespaced
// +kubebuilder:resource:scope=Namespaced

// ScopeConflict is a mistake.
type ScopeConflict struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ScopeConflictList is a list of ScopeConflict.
type ScopeConflictList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ScopeConflict `json:"items"`
}

// +genclient
// +kubebuilder:resource:scope=Global

// ScopeUnknown is a mistake.
type ScopeUnknown struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ScopeUnknownList is a list of ScopeUnknown.
type ScopeUnknownList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ScopeUnknown `json:"items"`
}

// +genclient
// +resourceName=widgets
// +kubebuilder:resource:path=gadgets

// PathConflict is a mistake.
type PathConflict struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// PathConflictList is a list of PathConflict.
type PathConflictList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []PathConflict `json:"items"`
}

// +genclient
// +resourceName=Gizmos

// BadResourceName is a mistake.
type BadResourceName struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// BadResourceNameList is a list of BadResourceName.
type BadResourceNameList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []BadResourceName `json:"items"`
}

// +genclient
// +genclient:noStatus
// +kubebuilder:subresource:status

// StatusConflict is a mistake.
type StatusConflict struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// StatusConflictList is a list of StatusConflict.
type StatusConflictList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []StatusConflict `json:"items"`
}

// +genclient
// +genclient:onlyVerbs=get,updateStatus

// OnlyStatusNoField is a mistake.
type OnlyStatusNoField struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// OnlyStatusNoFieldList is a list of OnlyStatusNoField.
type OnlyStatusNoFieldList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []OnlyStatusNoField `json:"items"`
}

// +genclient
// +genclient:method=CreateThing,verb=create,subresource=thing,input=Thing

// MissingInputType is a mistake.
type MissingInputType struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// MissingInputTypeList is a list of MissingInputType.
type MissingInputTypeList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []MissingInputType `json:"items"`
}

// +genclient
// +genclient:method=ApplyScale,verb=apply,subresource=scale,input=example.com/other/v1.Scale

// ApplyExternalInput is a mistake.
type ApplyExternalInput struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ApplyExternalInputList is a list of ApplyExternalInput.
type ApplyExternalInputList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ApplyExternalInput `json:"items"`
}

// +genclient
// +genclient:method=ListParts,verb=list,subresource=parts,result=Part

// ListWithoutList is a mistake.
type ListWithoutList struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ListWithoutListList is a list of ListWithoutList.
type ListWithoutListList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ListWithoutList `json:"items"`
}

// +genclient
// +resourceName=foos
// +resourceName=bars

// ContradictingTags is a mistake.
type ContradictingTags struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ContradictingTagsList is a list of ContradictingTags.
type ContradictingTagsList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ContradictingTags `json:"items"`
}

// +genclient
// +genclient:nonNamspaced
// +groupName=misplaced.example.com

// GroupNameHere is a mistake.
type GroupNameHere struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// GroupNameHereList is a list of GroupNameHere.
type GroupNameHereList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []GroupNameHere `json:"items"`
}

// Part has no PartList, which ListWithoutList's verb=list method needs.
type Part struct {
	Name string `json:"name"`
}

// +genclient
// +genclient:onlyVerbs=get
type NotAStruct string

// +genclient
// +genclient:onlyVerbs=get

// NoMeta has no ObjectMeta.
type NoMeta struct {
	metav1.TypeMeta `json:",inline"`
}
