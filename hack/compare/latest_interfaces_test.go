package compare

import (
	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/clientgen/clientgen/runtime/discovery/restmapper"
)

// The runtime's Mapper has apimachinery v0.37's context-aware interface.
// runtime/discovery/restmapper cannot say so itself, nor can the generator
// module: both build against the oldest apimachinery the runtime supports
// (v0.34), which does not have the interface. This module is at v0.37.2.
var _ meta.ResettableRESTMapperWithContext = (*restmapper.Mapper)(nil)
