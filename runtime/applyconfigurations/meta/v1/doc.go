// Package v1 holds the apply configurations of the meta/v1 types that every
// generated apply configuration embeds or refers to: TypeMeta, ObjectMeta,
// OwnerReference, LabelSelector, LabelSelectorRequirement and Condition.
//
// An apply configuration is a builder whose fields are all pointers, slices or
// maps, so that marshalling it to JSON sends only the fields a caller set: the
// fields a server-side apply claims. They play the part of the packages of
// k8s.io/client-go/applyconfigurations/meta/v1 for clientgen's generated code.
package v1
