package v1

import "k8s.io/apimachinery/pkg/runtime"

// AddToScheme stands for the scheme registration the generated scheme calls.
var AddToScheme = runtime.NewSchemeBuilder().AddToScheme
