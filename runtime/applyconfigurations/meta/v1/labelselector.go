package v1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// LabelSelectorApplyConfiguration is the apply configuration of metav1.LabelSelector.
type LabelSelectorApplyConfiguration struct {
	MatchLabels      map[string]string                            `json:"matchLabels,omitempty"`
	MatchExpressions []LabelSelectorRequirementApplyConfiguration `json:"matchExpressions,omitempty"`
}

// LabelSelector returns an empty LabelSelectorApplyConfiguration.
func LabelSelector() *LabelSelectorApplyConfiguration {
	return &LabelSelectorApplyConfiguration{}
}

// WithMatchLabels puts the entries into MatchLabels, overwriting values of the same keys.
func (b *LabelSelectorApplyConfiguration) WithMatchLabels(entries map[string]string) *LabelSelectorApplyConfiguration {
	if b.MatchLabels == nil && len(entries) > 0 {
		b.MatchLabels = make(map[string]string, len(entries))
	}
	for k, v := range entries {
		b.MatchLabels[k] = v
	}
	return b
}

// WithMatchExpressions appends the values to MatchExpressions; a nil value panics.
func (b *LabelSelectorApplyConfiguration) WithMatchExpressions(values ...*LabelSelectorRequirementApplyConfiguration) *LabelSelectorApplyConfiguration {
	for i := range values {
		if values[i] == nil {
			panic("nil value passed to WithMatchExpressions")
		}
		b.MatchExpressions = append(b.MatchExpressions, *values[i])
	}
	return b
}

// LabelSelectorRequirementApplyConfiguration is the apply configuration of
// metav1.LabelSelectorRequirement.
type LabelSelectorRequirementApplyConfiguration struct {
	Key      *string                       `json:"key,omitempty"`
	Operator *metav1.LabelSelectorOperator `json:"operator,omitempty"`
	Values   []string                      `json:"values,omitempty"`
}

// LabelSelectorRequirement returns an empty LabelSelectorRequirementApplyConfiguration.
func LabelSelectorRequirement() *LabelSelectorRequirementApplyConfiguration {
	return &LabelSelectorRequirementApplyConfiguration{}
}

// WithKey sets Key.
func (b *LabelSelectorRequirementApplyConfiguration) WithKey(value string) *LabelSelectorRequirementApplyConfiguration {
	b.Key = &value
	return b
}

// WithOperator sets Operator.
func (b *LabelSelectorRequirementApplyConfiguration) WithOperator(value metav1.LabelSelectorOperator) *LabelSelectorRequirementApplyConfiguration {
	b.Operator = &value
	return b
}

// WithValues appends the values to Values.
func (b *LabelSelectorRequirementApplyConfiguration) WithValues(values ...string) *LabelSelectorRequirementApplyConfiguration {
	b.Values = append(b.Values, values...)
	return b
}
