package testing

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// The action types, their constructors and accessors have client-go's names
// (k8s.io/client-go/testing), so that tests written against client-go's fake
// clientset port over by changing imports.

// Action is one recorded call on a fake client.
type Action interface {
	GetNamespace() string
	GetVerb() string
	GetResource() schema.GroupVersionResource
	GetSubresource() string
	// Matches reports whether the action has verb and resource; resource
	// may be "resource/subresource".
	Matches(verb, resource string) bool
	// DeepCopy returns a copy that shares nothing with the action. The fake
	// records and reacts on copies, so callers rarely need it.
	DeepCopy() Action
}

// GenericAction is an action with a free-form value.
type GenericAction interface {
	Action
	GetValue() any
}

// GetAction is a get of one named object.
type GetAction interface {
	Action
	GetName() string
}

// ListAction is a list of a collection.
type ListAction interface {
	Action
	GetListRestrictions() ListRestrictions
}

// CreateAction is a create of an object.
type CreateAction interface {
	Action
	GetObject() runtime.Object
}

// UpdateAction is an update of an object or of one of its subresources.
type UpdateAction interface {
	Action
	GetObject() runtime.Object
}

// DeleteAction is a delete of one named object.
type DeleteAction interface {
	Action
	GetName() string
	GetDeleteOptions() metav1.DeleteOptions
}

// DeleteCollectionAction is a delete of every object matching restrictions.
type DeleteCollectionAction interface {
	Action
	GetListRestrictions() ListRestrictions
}

// PatchAction is a patch of an object or of one of its subresources.
type PatchAction interface {
	Action
	GetName() string
	GetPatchType() types.PatchType
	GetPatch() []byte
}

// WatchAction is a watch of a collection.
type WatchAction interface {
	Action
	GetWatchRestrictions() WatchRestrictions
}

// ListRestrictions are the parsed selectors of a list.
type ListRestrictions struct {
	Labels labels.Selector
	Fields fields.Selector
}

// WatchRestrictions are the parsed selectors and starting resourceVersion of a watch.
type WatchRestrictions struct {
	Labels          labels.Selector
	Fields          fields.Selector
	ResourceVersion string
}

// ActionImpl is the part every action shares.
type ActionImpl struct {
	Namespace   string
	Verb        string
	Resource    schema.GroupVersionResource
	Subresource string
}

func (a ActionImpl) GetNamespace() string                     { return a.Namespace }
func (a ActionImpl) GetVerb() string                          { return a.Verb }
func (a ActionImpl) GetResource() schema.GroupVersionResource { return a.Resource }
func (a ActionImpl) GetSubresource() string                   { return a.Subresource }

// Matches compares case-insensitively, as client-go does. A resource without
// a slash matches the resource whatever the subresource.
func (a ActionImpl) Matches(verb, resource string) bool {
	if !strings.EqualFold(verb, a.Verb) {
		return false
	}
	top, sub, hasSub := strings.Cut(resource, "/")
	if !hasSub {
		return strings.EqualFold(resource, a.Resource.Resource)
	}
	return strings.EqualFold(top, a.Resource.Resource) && strings.EqualFold(sub, a.Subresource)
}

func (a ActionImpl) DeepCopy() Action { return a }

// GenericActionImpl carries a free-form value.
type GenericActionImpl struct {
	ActionImpl
	Value any
}

func (a GenericActionImpl) GetValue() any { return a.Value }

// DeepCopy copies the value if it is a runtime.Object; other values are shared.
func (a GenericActionImpl) DeepCopy() Action {
	v := a.Value
	if o, ok := v.(runtime.Object); ok && o != nil {
		v = o.DeepCopyObject()
	}
	return GenericActionImpl{ActionImpl: a.ActionImpl, Value: v}
}

// GetActionImpl is a get.
type GetActionImpl struct {
	ActionImpl
	Name       string
	GetOptions metav1.GetOptions
}

func (a GetActionImpl) GetName() string                  { return a.Name }
func (a GetActionImpl) GetGetOptions() metav1.GetOptions { return a.GetOptions }
func (a GetActionImpl) DeepCopy() Action {
	return GetActionImpl{ActionImpl: a.ActionImpl, Name: a.Name, GetOptions: *a.GetOptions.DeepCopy()}
}

// ListActionImpl is a list.
type ListActionImpl struct {
	ActionImpl
	Kind             schema.GroupVersionKind
	Name             string
	ListRestrictions ListRestrictions
	ListOptions      metav1.ListOptions
}

func (a ListActionImpl) GetKind() schema.GroupVersionKind      { return a.Kind }
func (a ListActionImpl) GetListRestrictions() ListRestrictions { return a.ListRestrictions }
func (a ListActionImpl) GetListOptions() metav1.ListOptions    { return a.ListOptions }
func (a ListActionImpl) DeepCopy() Action {
	return ListActionImpl{
		ActionImpl:       a.ActionImpl,
		Kind:             a.Kind,
		Name:             a.Name,
		ListRestrictions: a.ListRestrictions.deepCopy(),
		ListOptions:      *a.ListOptions.DeepCopy(),
	}
}

// CreateActionImpl is a create, or a create of a subresource (Name is then
// the parent's name).
type CreateActionImpl struct {
	ActionImpl
	Name          string
	Object        runtime.Object
	CreateOptions metav1.CreateOptions
}

func (a CreateActionImpl) GetObject() runtime.Object              { return a.Object }
func (a CreateActionImpl) GetCreateOptions() metav1.CreateOptions { return a.CreateOptions }
func (a CreateActionImpl) DeepCopy() Action {
	return CreateActionImpl{ActionImpl: a.ActionImpl, Name: a.Name, Object: copyObject(a.Object), CreateOptions: *a.CreateOptions.DeepCopy()}
}

// UpdateActionImpl is an update, or an update of a subresource.
type UpdateActionImpl struct {
	ActionImpl
	Object        runtime.Object
	UpdateOptions metav1.UpdateOptions
}

func (a UpdateActionImpl) GetObject() runtime.Object              { return a.Object }
func (a UpdateActionImpl) GetUpdateOptions() metav1.UpdateOptions { return a.UpdateOptions }
func (a UpdateActionImpl) DeepCopy() Action {
	return UpdateActionImpl{ActionImpl: a.ActionImpl, Object: copyObject(a.Object), UpdateOptions: *a.UpdateOptions.DeepCopy()}
}

// PatchActionImpl is a patch (including a server-side apply, whose PatchType
// is types.ApplyPatchType).
type PatchActionImpl struct {
	ActionImpl
	Name         string
	PatchType    types.PatchType
	Patch        []byte
	PatchOptions metav1.PatchOptions
}

func (a PatchActionImpl) GetName() string                      { return a.Name }
func (a PatchActionImpl) GetPatch() []byte                     { return a.Patch }
func (a PatchActionImpl) GetPatchType() types.PatchType        { return a.PatchType }
func (a PatchActionImpl) GetPatchOptions() metav1.PatchOptions { return a.PatchOptions }
func (a PatchActionImpl) DeepCopy() Action {
	return PatchActionImpl{
		ActionImpl:   a.ActionImpl,
		Name:         a.Name,
		PatchType:    a.PatchType,
		Patch:        append([]byte(nil), a.Patch...),
		PatchOptions: *a.PatchOptions.DeepCopy(),
	}
}

// DeleteActionImpl is a delete.
type DeleteActionImpl struct {
	ActionImpl
	Name          string
	DeleteOptions metav1.DeleteOptions
}

func (a DeleteActionImpl) GetName() string                        { return a.Name }
func (a DeleteActionImpl) GetDeleteOptions() metav1.DeleteOptions { return a.DeleteOptions }
func (a DeleteActionImpl) DeepCopy() Action {
	return DeleteActionImpl{ActionImpl: a.ActionImpl, Name: a.Name, DeleteOptions: *a.DeleteOptions.DeepCopy()}
}

// DeleteCollectionActionImpl is a delete of a collection.
type DeleteCollectionActionImpl struct {
	ActionImpl
	ListRestrictions ListRestrictions
	DeleteOptions    metav1.DeleteOptions
	ListOptions      metav1.ListOptions
}

func (a DeleteCollectionActionImpl) GetListRestrictions() ListRestrictions  { return a.ListRestrictions }
func (a DeleteCollectionActionImpl) GetDeleteOptions() metav1.DeleteOptions { return a.DeleteOptions }
func (a DeleteCollectionActionImpl) GetListOptions() metav1.ListOptions     { return a.ListOptions }
func (a DeleteCollectionActionImpl) DeepCopy() Action {
	return DeleteCollectionActionImpl{
		ActionImpl:       a.ActionImpl,
		ListRestrictions: a.ListRestrictions.deepCopy(),
		DeleteOptions:    *a.DeleteOptions.DeepCopy(),
		ListOptions:      *a.ListOptions.DeepCopy(),
	}
}

// WatchActionImpl is a watch.
type WatchActionImpl struct {
	ActionImpl
	WatchRestrictions WatchRestrictions
	ListOptions       metav1.ListOptions
}

func (a WatchActionImpl) GetWatchRestrictions() WatchRestrictions { return a.WatchRestrictions }
func (a WatchActionImpl) GetListOptions() metav1.ListOptions      { return a.ListOptions }
func (a WatchActionImpl) DeepCopy() Action {
	r := a.WatchRestrictions
	return WatchActionImpl{
		ActionImpl: a.ActionImpl,
		WatchRestrictions: WatchRestrictions{
			Labels:          copyLabels(r.Labels),
			Fields:          copyFields(r.Fields),
			ResourceVersion: r.ResourceVersion,
		},
		ListOptions: *a.ListOptions.DeepCopy(),
	}
}

func (r ListRestrictions) deepCopy() ListRestrictions {
	return ListRestrictions{Labels: copyLabels(r.Labels), Fields: copyFields(r.Fields)}
}

func copyLabels(s labels.Selector) labels.Selector {
	if s == nil {
		return nil
	}
	return s.DeepCopySelector()
}

func copyFields(s fields.Selector) fields.Selector {
	if s == nil {
		return nil
	}
	return s.DeepCopySelector()
}

func copyObject(o runtime.Object) runtime.Object {
	if o == nil {
		return nil
	}
	return o.DeepCopyObject()
}

// ExtractFromListOptions parses the selectors of opts, which must be a
// metav1.ListOptions (or a pointer to one). Unlike client-go it never panics:
// a selector that does not parse selects nothing here (the tracker answers
// such a request with BadRequest, as the server does), and other option
// types select everything.
func ExtractFromListOptions(opts any) (labelSelector labels.Selector, fieldSelector fields.Selector, resourceVersion string) {
	var lo metav1.ListOptions
	switch t := opts.(type) {
	case metav1.ListOptions:
		lo = t
	case *metav1.ListOptions:
		if t != nil {
			lo = *t
		}
	}
	labelSelector, err := labels.Parse(lo.LabelSelector)
	if err != nil {
		labelSelector = labels.Nothing()
	}
	fieldSelector, err = fields.ParseSelector(lo.FieldSelector)
	if err != nil {
		fieldSelector = fields.Nothing()
	}
	return labelSelector, fieldSelector, lo.ResourceVersion
}

func listOptionsOf(opts any) metav1.ListOptions {
	switch t := opts.(type) {
	case metav1.ListOptions:
		return t
	case *metav1.ListOptions:
		if t != nil {
			return *t
		}
	}
	return metav1.ListOptions{}
}

func listRestrictions(opts metav1.ListOptions) ListRestrictions {
	l, f, _ := ExtractFromListOptions(opts)
	return ListRestrictions{Labels: l, Fields: f}
}

// Constructors. "Root" means cluster-scoped (no namespace); the WithOptions
// forms record the options the client was called with.

func NewRootGetAction(resource schema.GroupVersionResource, name string) GetActionImpl {
	return NewRootGetActionWithOptions(resource, name, metav1.GetOptions{})
}

func NewRootGetActionWithOptions(resource schema.GroupVersionResource, name string, opts metav1.GetOptions) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, "", "", name, opts)
}

func NewGetAction(resource schema.GroupVersionResource, namespace, name string) GetActionImpl {
	return NewGetActionWithOptions(resource, namespace, name, metav1.GetOptions{})
}

func NewGetActionWithOptions(resource schema.GroupVersionResource, namespace, name string, opts metav1.GetOptions) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, namespace, "", name, opts)
}

func NewGetSubresourceAction(resource schema.GroupVersionResource, namespace, subresource, name string) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, namespace, subresource, name, metav1.GetOptions{})
}

func NewGetSubresourceActionWithOptions(resource schema.GroupVersionResource, namespace, subresource, name string, opts metav1.GetOptions) GetActionImpl {
	return GetActionImpl{
		ActionImpl: ActionImpl{Verb: "get", Resource: resource, Namespace: namespace, Subresource: subresource},
		Name:       name,
		GetOptions: opts,
	}
}

func NewRootGetSubresourceAction(resource schema.GroupVersionResource, subresource, name string) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, "", subresource, name, metav1.GetOptions{})
}

func NewRootGetSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource, name string, opts metav1.GetOptions) GetActionImpl {
	return NewGetSubresourceActionWithOptions(resource, "", subresource, name, opts)
}

// NewRootListAction takes opts as any for client-go compatibility; it should
// be a metav1.ListOptions.
func NewRootListAction(resource schema.GroupVersionResource, kind schema.GroupVersionKind, opts any) ListActionImpl {
	return NewListActionWithOptions(resource, kind, "", listOptionsOf(opts))
}

func NewRootListActionWithOptions(resource schema.GroupVersionResource, kind schema.GroupVersionKind, opts metav1.ListOptions) ListActionImpl {
	return NewListActionWithOptions(resource, kind, "", opts)
}

func NewListAction(resource schema.GroupVersionResource, kind schema.GroupVersionKind, namespace string, opts any) ListActionImpl {
	return NewListActionWithOptions(resource, kind, namespace, listOptionsOf(opts))
}

func NewListActionWithOptions(resource schema.GroupVersionResource, kind schema.GroupVersionKind, namespace string, opts metav1.ListOptions) ListActionImpl {
	return ListActionImpl{
		ActionImpl:       ActionImpl{Verb: "list", Resource: resource, Namespace: namespace},
		Kind:             kind,
		ListRestrictions: listRestrictions(opts),
		ListOptions:      opts,
	}
}

func NewRootCreateAction(resource schema.GroupVersionResource, object runtime.Object) CreateActionImpl {
	return NewCreateActionWithOptions(resource, "", object, metav1.CreateOptions{})
}

func NewRootCreateActionWithOptions(resource schema.GroupVersionResource, object runtime.Object, opts metav1.CreateOptions) CreateActionImpl {
	return NewCreateActionWithOptions(resource, "", object, opts)
}

func NewCreateAction(resource schema.GroupVersionResource, namespace string, object runtime.Object) CreateActionImpl {
	return NewCreateActionWithOptions(resource, namespace, object, metav1.CreateOptions{})
}

func NewCreateActionWithOptions(resource schema.GroupVersionResource, namespace string, object runtime.Object, opts metav1.CreateOptions) CreateActionImpl {
	return CreateActionImpl{
		ActionImpl:    ActionImpl{Verb: "create", Resource: resource, Namespace: namespace},
		Object:        object,
		CreateOptions: opts,
	}
}

func NewRootCreateSubresourceAction(resource schema.GroupVersionResource, name, subresource string, object runtime.Object) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, name, subresource, "", object, metav1.CreateOptions{})
}

func NewRootCreateSubresourceActionWithOptions(resource schema.GroupVersionResource, name, subresource string, object runtime.Object, opts metav1.CreateOptions) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, name, subresource, "", object, opts)
}

func NewCreateSubresourceAction(resource schema.GroupVersionResource, name, subresource, namespace string, object runtime.Object) CreateActionImpl {
	return NewCreateSubresourceActionWithOptions(resource, name, subresource, namespace, object, metav1.CreateOptions{})
}

func NewCreateSubresourceActionWithOptions(resource schema.GroupVersionResource, name, subresource, namespace string, object runtime.Object, opts metav1.CreateOptions) CreateActionImpl {
	return CreateActionImpl{
		ActionImpl:    ActionImpl{Verb: "create", Resource: resource, Namespace: namespace, Subresource: subresource},
		Name:          name,
		Object:        object,
		CreateOptions: opts,
	}
}

func NewRootUpdateAction(resource schema.GroupVersionResource, object runtime.Object) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, "", "", object, metav1.UpdateOptions{})
}

func NewRootUpdateActionWithOptions(resource schema.GroupVersionResource, object runtime.Object, opts metav1.UpdateOptions) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, "", "", object, opts)
}

func NewUpdateAction(resource schema.GroupVersionResource, namespace string, object runtime.Object) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, "", namespace, object, metav1.UpdateOptions{})
}

func NewUpdateActionWithOptions(resource schema.GroupVersionResource, namespace string, object runtime.Object, opts metav1.UpdateOptions) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, "", namespace, object, opts)
}

func NewRootUpdateSubresourceAction(resource schema.GroupVersionResource, subresource string, object runtime.Object) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, subresource, "", object, metav1.UpdateOptions{})
}

func NewRootUpdateSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource string, object runtime.Object, opts metav1.UpdateOptions) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, subresource, "", object, opts)
}

func NewUpdateSubresourceAction(resource schema.GroupVersionResource, subresource string, namespace string, object runtime.Object) UpdateActionImpl {
	return NewUpdateSubresourceActionWithOptions(resource, subresource, namespace, object, metav1.UpdateOptions{})
}

func NewUpdateSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource string, namespace string, object runtime.Object, opts metav1.UpdateOptions) UpdateActionImpl {
	return UpdateActionImpl{
		ActionImpl:    ActionImpl{Verb: "update", Resource: resource, Namespace: namespace, Subresource: subresource},
		Object:        object,
		UpdateOptions: opts,
	}
}

func NewRootPatchAction(resource schema.GroupVersionResource, name string, pt types.PatchType, patch []byte) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, "", name, pt, patch, metav1.PatchOptions{})
}

func NewRootPatchActionWithOptions(resource schema.GroupVersionResource, name string, pt types.PatchType, patch []byte, opts metav1.PatchOptions) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, "", name, pt, patch, opts)
}

func NewPatchAction(resource schema.GroupVersionResource, namespace string, name string, pt types.PatchType, patch []byte) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, namespace, name, pt, patch, metav1.PatchOptions{})
}

func NewPatchActionWithOptions(resource schema.GroupVersionResource, namespace string, name string, pt types.PatchType, patch []byte, opts metav1.PatchOptions) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, namespace, name, pt, patch, opts)
}

func NewRootPatchSubresourceAction(resource schema.GroupVersionResource, name string, pt types.PatchType, patch []byte, subresources ...string) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, "", name, pt, patch, metav1.PatchOptions{}, subresources...)
}

func NewRootPatchSubresourceActionWithOptions(resource schema.GroupVersionResource, name string, pt types.PatchType, patch []byte, opts metav1.PatchOptions, subresources ...string) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, "", name, pt, patch, opts, subresources...)
}

func NewPatchSubresourceAction(resource schema.GroupVersionResource, namespace, name string, pt types.PatchType, patch []byte, subresources ...string) PatchActionImpl {
	return NewPatchSubresourceActionWithOptions(resource, namespace, name, pt, patch, metav1.PatchOptions{}, subresources...)
}

// NewPatchSubresourceActionWithOptions joins several subresources with "/",
// as the URL would.
func NewPatchSubresourceActionWithOptions(resource schema.GroupVersionResource, namespace, name string, pt types.PatchType, patch []byte, opts metav1.PatchOptions, subresources ...string) PatchActionImpl {
	return PatchActionImpl{
		ActionImpl:   ActionImpl{Verb: "patch", Resource: resource, Namespace: namespace, Subresource: path(subresources...)},
		Name:         name,
		PatchType:    pt,
		Patch:        patch,
		PatchOptions: opts,
	}
}

func NewRootDeleteAction(resource schema.GroupVersionResource, name string) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, "", "", name, metav1.DeleteOptions{})
}

func NewRootDeleteActionWithOptions(resource schema.GroupVersionResource, name string, opts metav1.DeleteOptions) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, "", "", name, opts)
}

func NewRootDeleteSubresourceAction(resource schema.GroupVersionResource, subresource string, name string) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, subresource, "", name, metav1.DeleteOptions{})
}

func NewRootDeleteSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource string, name string, opts metav1.DeleteOptions) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, subresource, "", name, opts)
}

func NewDeleteAction(resource schema.GroupVersionResource, namespace, name string) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, "", namespace, name, metav1.DeleteOptions{})
}

func NewDeleteActionWithOptions(resource schema.GroupVersionResource, namespace, name string, opts metav1.DeleteOptions) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, "", namespace, name, opts)
}

func NewDeleteSubresourceAction(resource schema.GroupVersionResource, subresource, namespace, name string) DeleteActionImpl {
	return NewDeleteSubresourceActionWithOptions(resource, subresource, namespace, name, metav1.DeleteOptions{})
}

func NewDeleteSubresourceActionWithOptions(resource schema.GroupVersionResource, subresource, namespace, name string, opts metav1.DeleteOptions) DeleteActionImpl {
	return DeleteActionImpl{
		ActionImpl:    ActionImpl{Verb: "delete", Resource: resource, Namespace: namespace, Subresource: subresource},
		Name:          name,
		DeleteOptions: opts,
	}
}

// NewRootDeleteCollectionAction takes opts as any for client-go
// compatibility; it should be a metav1.ListOptions.
func NewRootDeleteCollectionAction(resource schema.GroupVersionResource, opts any) DeleteCollectionActionImpl {
	return NewDeleteCollectionActionWithOptions(resource, "", metav1.DeleteOptions{}, listOptionsOf(opts))
}

func NewRootDeleteCollectionActionWithOptions(resource schema.GroupVersionResource, deleteOpts metav1.DeleteOptions, listOpts metav1.ListOptions) DeleteCollectionActionImpl {
	return NewDeleteCollectionActionWithOptions(resource, "", deleteOpts, listOpts)
}

func NewDeleteCollectionAction(resource schema.GroupVersionResource, namespace string, opts any) DeleteCollectionActionImpl {
	return NewDeleteCollectionActionWithOptions(resource, namespace, metav1.DeleteOptions{}, listOptionsOf(opts))
}

func NewDeleteCollectionActionWithOptions(resource schema.GroupVersionResource, namespace string, deleteOpts metav1.DeleteOptions, listOpts metav1.ListOptions) DeleteCollectionActionImpl {
	return DeleteCollectionActionImpl{
		ActionImpl:       ActionImpl{Verb: "delete-collection", Resource: resource, Namespace: namespace},
		ListRestrictions: listRestrictions(listOpts),
		DeleteOptions:    deleteOpts,
		ListOptions:      listOpts,
	}
}

// NewRootWatchAction takes opts as any for client-go compatibility; it
// should be a metav1.ListOptions.
func NewRootWatchAction(resource schema.GroupVersionResource, opts any) WatchActionImpl {
	return NewWatchActionWithOptions(resource, "", listOptionsOf(opts))
}

func NewRootWatchActionWithOptions(resource schema.GroupVersionResource, opts metav1.ListOptions) WatchActionImpl {
	return NewWatchActionWithOptions(resource, "", opts)
}

func NewWatchAction(resource schema.GroupVersionResource, namespace string, opts any) WatchActionImpl {
	return NewWatchActionWithOptions(resource, namespace, listOptionsOf(opts))
}

func NewWatchActionWithOptions(resource schema.GroupVersionResource, namespace string, opts metav1.ListOptions) WatchActionImpl {
	l, f, rv := ExtractFromListOptions(opts)
	return WatchActionImpl{
		ActionImpl:        ActionImpl{Verb: "watch", Resource: resource, Namespace: namespace},
		WatchRestrictions: WatchRestrictions{Labels: l, Fields: f, ResourceVersion: rv},
		ListOptions:       opts,
	}
}

func path(parts ...string) string {
	var nonEmpty []string
	for _, p := range parts {
		if p != "" {
			nonEmpty = append(nonEmpty, p)
		}
	}
	return strings.Join(nonEmpty, "/")
}

// describe names an action's target for error messages, e.g.
// "create example.com/v1, Resource=widgets/status in ns1".
func describe(a Action) string {
	s := a.GetVerb() + " " + a.GetResource().String()
	if a.GetSubresource() != "" {
		s += "/" + a.GetSubresource()
	}
	if a.GetNamespace() != "" {
		s += " in " + a.GetNamespace()
	}
	return s
}
