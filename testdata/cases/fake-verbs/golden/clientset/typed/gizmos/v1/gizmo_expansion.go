package v1

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// GizmoExpansion is written by hand, as with client-gen: because this file
// is named gizmo_expansion.go, clientgen does not generate the empty
// interface, and GizmoInterface gains Exists.
type GizmoExpansion interface {
	// Exists reports whether the named Gizmo exists.
	Exists(ctx context.Context, name string) (bool, error)
}

func (c *gizmos) Exists(ctx context.Context, name string) (bool, error) {
	return exists(c.Get(ctx, name, metav1.GetOptions{}))
}

func exists[T any](_ T, err error) (bool, error) {
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}
