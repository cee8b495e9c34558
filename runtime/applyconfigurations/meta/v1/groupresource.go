package v1

// GroupResourceApplyConfiguration is the apply configuration of
// metav1.GroupResource (storagemigration's StorageVersionMigrationSpec.Resource).
type GroupResourceApplyConfiguration struct {
	Group    *string `json:"group,omitempty"`
	Resource *string `json:"resource,omitempty"`
}

// GroupResource returns an empty GroupResourceApplyConfiguration.
func GroupResource() *GroupResourceApplyConfiguration {
	return &GroupResourceApplyConfiguration{}
}

// WithGroup sets Group.
func (b *GroupResourceApplyConfiguration) WithGroup(value string) *GroupResourceApplyConfiguration {
	b.Group = &value
	return b
}

// WithResource sets Resource.
func (b *GroupResourceApplyConfiguration) WithResource(value string) *GroupResourceApplyConfiguration {
	b.Resource = &value
	return b
}
