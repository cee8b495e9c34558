package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// DeleteOptionsApplyConfiguration is the apply configuration of
// metav1.DeleteOptions (policy's Eviction.DeleteOptions).
type DeleteOptionsApplyConfiguration struct {
	TypeMetaApplyConfiguration                       `json:",inline"`
	GracePeriodSeconds                               *int64                           `json:"gracePeriodSeconds,omitempty"`
	Preconditions                                    *PreconditionsApplyConfiguration `json:"preconditions,omitempty"`
	OrphanDependents                                 *bool                            `json:"orphanDependents,omitempty"`
	PropagationPolicy                                *metav1.DeletionPropagation      `json:"propagationPolicy,omitempty"`
	DryRun                                           []string                         `json:"dryRun,omitempty"`
	IgnoreStoreReadErrorWithClusterBreakingPotential *bool                            `json:"ignoreStoreReadErrorWithClusterBreakingPotential,omitempty"`
}

// DeleteOptions returns a DeleteOptionsApplyConfiguration with kind and
// apiVersion set, as client-go's does.
func DeleteOptions() *DeleteOptionsApplyConfiguration {
	b := &DeleteOptionsApplyConfiguration{}
	b.WithKind("DeleteOptions")
	b.WithAPIVersion("meta.k8s.io/v1")
	return b
}

// IsApplyConfiguration marks a top-level apply configuration.
func (b DeleteOptionsApplyConfiguration) IsApplyConfiguration() {}

// WithKind sets Kind.
func (b *DeleteOptionsApplyConfiguration) WithKind(value string) *DeleteOptionsApplyConfiguration {
	b.TypeMetaApplyConfiguration.Kind = &value
	return b
}

// WithAPIVersion sets APIVersion.
func (b *DeleteOptionsApplyConfiguration) WithAPIVersion(value string) *DeleteOptionsApplyConfiguration {
	b.TypeMetaApplyConfiguration.APIVersion = &value
	return b
}

// WithGracePeriodSeconds sets GracePeriodSeconds.
func (b *DeleteOptionsApplyConfiguration) WithGracePeriodSeconds(value int64) *DeleteOptionsApplyConfiguration {
	b.GracePeriodSeconds = &value
	return b
}

// WithPreconditions sets Preconditions.
func (b *DeleteOptionsApplyConfiguration) WithPreconditions(value *PreconditionsApplyConfiguration) *DeleteOptionsApplyConfiguration {
	b.Preconditions = value
	return b
}

// WithOrphanDependents sets OrphanDependents.
func (b *DeleteOptionsApplyConfiguration) WithOrphanDependents(value bool) *DeleteOptionsApplyConfiguration {
	b.OrphanDependents = &value
	return b
}

// WithPropagationPolicy sets PropagationPolicy.
func (b *DeleteOptionsApplyConfiguration) WithPropagationPolicy(value metav1.DeletionPropagation) *DeleteOptionsApplyConfiguration {
	b.PropagationPolicy = &value
	return b
}

// WithDryRun appends the values to DryRun.
func (b *DeleteOptionsApplyConfiguration) WithDryRun(values ...string) *DeleteOptionsApplyConfiguration {
	b.DryRun = append(b.DryRun, values...)
	return b
}

// WithIgnoreStoreReadErrorWithClusterBreakingPotential sets IgnoreStoreReadErrorWithClusterBreakingPotential.
func (b *DeleteOptionsApplyConfiguration) WithIgnoreStoreReadErrorWithClusterBreakingPotential(value bool) *DeleteOptionsApplyConfiguration {
	b.IgnoreStoreReadErrorWithClusterBreakingPotential = &value
	return b
}

// GetKind returns the Kind set, or nil.
func (b *DeleteOptionsApplyConfiguration) GetKind() *string { return b.TypeMetaApplyConfiguration.Kind }

// GetAPIVersion returns the APIVersion set, or nil.
func (b *DeleteOptionsApplyConfiguration) GetAPIVersion() *string {
	return b.TypeMetaApplyConfiguration.APIVersion
}

// PreconditionsApplyConfiguration is the apply configuration of
// metav1.Preconditions.
type PreconditionsApplyConfiguration struct {
	UID             *types.UID `json:"uid,omitempty"`
	ResourceVersion *string    `json:"resourceVersion,omitempty"`
}

// Preconditions returns an empty PreconditionsApplyConfiguration.
func Preconditions() *PreconditionsApplyConfiguration {
	return &PreconditionsApplyConfiguration{}
}

// WithUID sets UID.
func (b *PreconditionsApplyConfiguration) WithUID(value types.UID) *PreconditionsApplyConfiguration {
	b.UID = &value
	return b
}

// WithResourceVersion sets ResourceVersion.
func (b *PreconditionsApplyConfiguration) WithResourceVersion(value string) *PreconditionsApplyConfiguration {
	b.ResourceVersion = &value
	return b
}
