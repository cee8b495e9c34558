package testing

import (
	"maps"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// ProxyGetAction is a GET through the API server's proxy to a pod, service
// or node (client-go's Pods().ProxyGet, Services().ProxyGet). A fake
// answers it with its proxy reactors (Fake.InvokesProxy).
type ProxyGetAction interface {
	Action
	GetScheme() string
	GetName() string
	GetPort() string
	GetPath() string
	GetParams() map[string]string
}

// ProxyGetActionImpl is a proxy GET.
type ProxyGetActionImpl struct {
	ActionImpl
	Scheme string
	Name   string
	Port   string
	Path   string
	Params map[string]string
}

var _ ProxyGetAction = ProxyGetActionImpl{}

// NewProxyGetAction records a GET of path on port of the named object of
// resource in namespace, through the API server's proxy, with query params.
func NewProxyGetAction(resource schema.GroupVersionResource, namespace, scheme, name, port, path string, params map[string]string) ProxyGetActionImpl {
	return ProxyGetActionImpl{
		ActionImpl: ActionImpl{Verb: "get", Resource: resource, Namespace: namespace},
		Scheme:     scheme,
		Name:       name,
		Port:       port,
		Path:       path,
		Params:     params,
	}
}

func (a ProxyGetActionImpl) GetScheme() string            { return a.Scheme }
func (a ProxyGetActionImpl) GetName() string              { return a.Name }
func (a ProxyGetActionImpl) GetPort() string              { return a.Port }
func (a ProxyGetActionImpl) GetPath() string              { return a.Path }
func (a ProxyGetActionImpl) GetParams() map[string]string { return a.Params }

// DeepCopy copies Params, so a reactor that edits them does not change what
// the fake recorded.
func (a ProxyGetActionImpl) DeepCopy() Action {
	out := a
	out.ActionImpl = a.ActionImpl.DeepCopy().(ActionImpl)
	out.Params = maps.Clone(a.Params)
	return out
}
