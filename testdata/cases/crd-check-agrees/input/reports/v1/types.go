package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Report leaves UpdateStatus out of its client, which says nothing about
// the server: its CRD's status subresource is no disagreement.
//
// +genclient
// +genclient:noStatus
type Report struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Status            ReportStatus `json:"status,omitempty"`
}

type ReportStatus struct{}

type ReportList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Report `json:"items"`
}
