package fake

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Exists is the fake's half of the hand-written GizmoExpansion: it reads
// the fake's tracker through the generated Get.
func (c *fakeGizmos) Exists(ctx context.Context, name string) (bool, error) {
	_, err := c.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}
