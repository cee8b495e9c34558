package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Order is namespaced with every verb; its lister expansions are written by
// hand in order_expansion.go.
//
// +genclient
type Order struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec OrderSpec `json:"spec,omitempty"`
}

// OrderSpec is a spec.
type OrderSpec struct {
	Item string `json:"item,omitempty"`
}

// OrderList is a list of Orders.
type OrderList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Order `json:"items"`
}

// Shelf is cluster-scoped; its lister expansion is written by hand in an
// expansion_generated.go that has no generated-code banner.
//
// +genclient
// +genclient:nonNamespaced
type Shelf struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ShelfList is a list of Shelves.
type ShelfList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Shelf `json:"items"`
}

// Receipt can be got and listed but not watched: a lister, no informer.
//
// +genclient
// +genclient:onlyVerbs=get,list
type Receipt struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ReceiptList is a list of Receipts.
type ReceiptList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Receipt `json:"items"`
}

// Feed can be listed and watched but not got: an informer, and the lister
// its Lister method returns.
//
// +genclient
// +genclient:onlyVerbs=list,watch
type Feed struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// FeedList is a list of Feeds.
type FeedList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Feed `json:"items"`
}
