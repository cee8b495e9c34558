package v2beta3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// SchemeGroupVersion is the group-version of this package.
var SchemeGroupVersion = schema.GroupVersion{Group: "names.tags.example.com", Version: "v2beta3"}

var (
	// SchemeBuilder registers the package's types.
	SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)
	// AddToScheme adds the package's types to a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion,
		&Chef{},
		&ChefList{},
		&Safe{},
		&SafeList{},
		&Quiz{},
		&QuizList{},
		&Status{},
		&StatusList{},
		&Policy{},
		&PolicyList{},
		&Gateway{},
		&GatewayList{},
		&HTTPRoute{},
		&HTTPRouteList{},
		&Gadget{},
		&GadgetList{},
		&Cactus{},
		&CactusList{},
	)
	metav1.AddToGroupVersion(scheme, SchemeGroupVersion)
	return nil
}
