package v1

import "k8s.io/apimachinery/pkg/runtime"

var schemeBuilder = runtime.NewSchemeBuilder()

// AddToScheme is all the model needs to see.
var AddToScheme = schemeBuilder.AddToScheme
