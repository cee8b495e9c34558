package testing

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// APIResourceLists is what discovery serves for resources: one list per
// group version, in the order the group versions first appear, each
// resource followed by its subresources (with get, patch and update, as the
// status subresource has on the server).
//
// For generated code only: a generated fake clientset builds its fake
// discovery from it. Not covered by compatibility promises.
func APIResourceLists(resources []Resource) []*metav1.APIResourceList {
	var lists []*metav1.APIResourceList
	byGV := map[string]*metav1.APIResourceList{}
	for _, r := range resources {
		gv := r.GVR.GroupVersion().String()
		l, ok := byGV[gv]
		if !ok {
			l = &metav1.APIResourceList{GroupVersion: gv}
			byGV[gv] = l
			lists = append(lists, l)
		}
		l.APIResources = append(l.APIResources, metav1.APIResource{
			Name:         r.GVR.Resource,
			SingularName: strings.ToLower(r.Kind),
			Namespaced:   r.Namespaced,
			Kind:         r.Kind,
			Verbs:        metav1.Verbs(append([]string(nil), r.Verbs...)),
		})
		for _, sub := range r.Subresources {
			kind := ""
			if sub == "status" {
				kind = r.Kind // other subresources have kinds of their own (Scale), unknown here
			}
			l.APIResources = append(l.APIResources, metav1.APIResource{
				Name:       r.GVR.Resource + "/" + sub,
				Namespaced: r.Namespaced,
				Kind:       kind,
				Verbs:      metav1.Verbs{"get", "patch", "update"},
			})
		}
	}
	return lists
}
