package testing

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

// FakeClient is what a generated fake clientset offers besides its typed
// clients: the tracker, the reactor chains and the recorded actions.
type FakeClient interface {
	// Tracker gives access to the ObjectTracker behind the default reactors.
	Tracker() ObjectTracker
	AddReactor(verb, resource string, reaction ReactionFunc)
	PrependReactor(verb, resource string, reaction ReactionFunc)
	AddWatchReactor(resource string, reaction WatchReactionFunc)
	PrependWatchReactor(resource string, reaction WatchReactionFunc)
	AddProxyReactor(resource string, reaction ProxyReactionFunc)
	PrependProxyReactor(resource string, reaction ProxyReactionFunc)
	Invokes(action Action, defaultReturnObj runtime.Object) (runtime.Object, error)
	InvokesWatch(action Action) (watch.Interface, error)
	InvokesProxy(action Action) rest.ResponseWrapper
	ClearActions()
	Actions() []Action
}

// Fake records actions and answers them through chains of reactors. A
// generated fake clientset embeds it, so tests call PrependReactor and
// Actions on the clientset itself. The zero value is ready to use (with empty
// chains: every action gets the default return object).
//
// The embedded RWMutex guards the recorded actions and the three chains. It
// is exported, as client-go's is, so that a test that edits a chain field
// directly (ReactionChain = ...) can do so safely while clients run; the
// Add/Prepend methods take it themselves. Reactors run without it held.
type Fake struct {
	sync.RWMutex
	actions []Action

	// ReactionChain is tried in order for every action but watches; the
	// first reactor that handles the action answers it.
	ReactionChain []Reactor
	// WatchReactionChain is tried in order for every watch.
	WatchReactionChain []WatchReactor
	// ProxyReactionChain is tried in order for every proxy request
	// (InvokesProxy).
	ProxyReactionChain []ProxyReactor

	// Resources is what a fake discovery client built on this Fake serves.
	Resources []*metav1.APIResourceList
}

// Reactor answers some actions.
type Reactor interface {
	// Handles reports whether React should be tried for action.
	Handles(action Action) bool
	// React answers action, or returns handled=false to pass it on to the
	// next reactor of the chain.
	React(action Action) (handled bool, ret runtime.Object, err error)
}

// WatchReactor answers some watch actions.
type WatchReactor interface {
	Handles(action Action) bool
	React(action Action) (handled bool, ret watch.Interface, err error)
}

// ProxyReactor answers some proxy actions (ProxyGetAction) with the
// response the proxied request would have returned.
type ProxyReactor interface {
	Handles(action Action) bool
	React(action Action) (handled bool, ret rest.ResponseWrapper, err error)
}

// ReactionFunc answers an action; handled=false passes it on to the next
// reactor. A reaction sees subresources through action.GetSubresource().
type ReactionFunc func(action Action) (handled bool, ret runtime.Object, err error)

// WatchReactionFunc answers a watch action; handled=false passes it on.
type WatchReactionFunc func(action Action) (handled bool, ret watch.Interface, err error)

// ProxyReactionFunc answers a proxy action; handled=false, or an error,
// passes it on to the next reactor (client-go's rule: a proxy has no error
// to return, only a response).
type ProxyReactionFunc func(action Action) (handled bool, ret rest.ResponseWrapper, err error)

// AddReactor appends a reactor for verb and resource ("*" matches any; the
// resource may be "resource/subresource") to the end of the chain.
func (c *Fake) AddReactor(verb, resource string, reaction ReactionFunc) {
	c.Lock()
	defer c.Unlock()
	c.ReactionChain = append(c.ReactionChain, &SimpleReactor{Verb: verb, Resource: resource, Reaction: reaction})
}

// PrependReactor puts a reactor at the front of the chain, so it is tried
// before the default object tracker.
func (c *Fake) PrependReactor(verb, resource string, reaction ReactionFunc) {
	c.Lock()
	defer c.Unlock()
	c.ReactionChain = append([]Reactor{&SimpleReactor{Verb: verb, Resource: resource, Reaction: reaction}}, c.ReactionChain...)
}

// AddWatchReactor appends a watch reactor for resource ("*" matches any).
func (c *Fake) AddWatchReactor(resource string, reaction WatchReactionFunc) {
	c.Lock()
	defer c.Unlock()
	c.WatchReactionChain = append(c.WatchReactionChain, &SimpleWatchReactor{Resource: resource, Reaction: reaction})
}

// PrependWatchReactor puts a watch reactor at the front of the chain.
func (c *Fake) PrependWatchReactor(resource string, reaction WatchReactionFunc) {
	c.Lock()
	defer c.Unlock()
	c.WatchReactionChain = append([]WatchReactor{&SimpleWatchReactor{Resource: resource, Reaction: reaction}}, c.WatchReactionChain...)
}

// AddProxyReactor appends a proxy reactor for resource ("*" matches any).
func (c *Fake) AddProxyReactor(resource string, reaction ProxyReactionFunc) {
	c.Lock()
	defer c.Unlock()
	c.ProxyReactionChain = append(c.ProxyReactionChain, &SimpleProxyReactor{Resource: resource, Reaction: reaction})
}

// PrependProxyReactor puts a proxy reactor at the front of the chain.
func (c *Fake) PrependProxyReactor(resource string, reaction ProxyReactionFunc) {
	c.Lock()
	defer c.Unlock()
	c.ProxyReactionChain = append([]ProxyReactor{&SimpleProxyReactor{Resource: resource, Reaction: reaction}}, c.ProxyReactionChain...)
}

// Invokes records action and answers it with the first reactor that handles
// it; with none, it returns defaultReturnObj and no error. Reactors run
// without the Fake's lock held, so a reactor may itself call the clientset
// (client-go's Fake deadlocks there).
func (c *Fake) Invokes(action Action, defaultReturnObj runtime.Object) (runtime.Object, error) {
	c.Lock()
	c.actions = append(c.actions, action.DeepCopy())
	chain := slices.Clone(c.ReactionChain)
	c.Unlock()

	if handled, ret, err := react(chain, action); handled {
		return ret, err
	}
	return defaultReturnObj, nil
}

// react runs action through chain and returns the answer of the first
// reactor that handles it. Each reactor gets its own copy, so one that
// mutates the action (or the object in it) cannot change what the next sees.
func react[T any, R interface {
	Handles(Action) bool
	React(Action) (bool, T, error)
}](chain []R, action Action) (handled bool, ret T, err error) {
	for _, r := range chain {
		a := action.DeepCopy()
		if !r.Handles(a) {
			continue
		}
		if handled, ret, err = r.React(a); handled {
			return true, ret, err
		}
	}
	var zero T
	return false, zero, nil
}

// InvokesWatch records action and answers it with the first watch reactor
// that handles it; with none, it is an error.
func (c *Fake) InvokesWatch(action Action) (watch.Interface, error) {
	c.Lock()
	c.actions = append(c.actions, action.DeepCopy())
	chain := slices.Clone(c.WatchReactionChain)
	c.Unlock()

	if handled, ret, err := react(chain, action); handled {
		return ret, err
	}
	return nil, fmt.Errorf("fake: no watch reactor handles %s; add one with AddWatchReactor or build the Fake with a tracker (NewSimpleClientset does)", describe(action))
}

// InvokesProxy records action and answers it with the first proxy reactor
// that handles it without an error; with none it returns nil, as
// client-go's does (the caller then has no response to read).
func (c *Fake) InvokesProxy(action Action) rest.ResponseWrapper {
	c.Lock()
	c.actions = append(c.actions, action.DeepCopy())
	chain := slices.Clone(c.ProxyReactionChain)
	c.Unlock()

	for _, r := range chain {
		a := action.DeepCopy()
		if !r.Handles(a) {
			continue
		}
		if handled, ret, err := r.React(a); handled && err == nil {
			return ret
		}
	}
	return nil
}

// ClearActions forgets the recorded actions.
func (c *Fake) ClearActions() {
	c.Lock()
	defer c.Unlock()
	c.actions = nil
}

// Actions returns the recorded actions, oldest first.
func (c *Fake) Actions() []Action {
	c.RLock()
	defer c.RUnlock()
	return slices.Clone(c.actions)
}

// SimpleReactor handles the actions with Verb on Resource ("*" matches any;
// Resource may be "resource/subresource").
type SimpleReactor struct {
	Verb     string
	Resource string

	Reaction ReactionFunc
}

func (r *SimpleReactor) Handles(action Action) bool {
	return (r.Verb == "*" || r.Verb == action.GetVerb()) && resourceCovers(r.Resource, action)
}

func (r *SimpleReactor) React(action Action) (bool, runtime.Object, error) {
	return r.Reaction(action)
}

// SimpleWatchReactor handles the watches of Resource ("*" matches any).
type SimpleWatchReactor struct {
	Resource string

	Reaction WatchReactionFunc
}

func (r *SimpleWatchReactor) Handles(action Action) bool { return resourceCovers(r.Resource, action) }

func (r *SimpleWatchReactor) React(action Action) (bool, watch.Interface, error) {
	return r.Reaction(action)
}

// SimpleProxyReactor handles the proxy actions of Resource ("*" matches any).
type SimpleProxyReactor struct {
	Resource string

	Reaction ProxyReactionFunc
}

func (r *SimpleProxyReactor) Handles(action Action) bool { return resourceCovers(r.Resource, action) }

func (r *SimpleProxyReactor) React(action Action) (bool, rest.ResponseWrapper, error) {
	return r.Reaction(action)
}

// DefaultWatchReactor returns a reaction that answers every watch with w and err.
func DefaultWatchReactor(w watch.Interface, err error) WatchReactionFunc {
	return func(Action) (bool, watch.Interface, error) { return true, w, err }
}

func resourceCovers(resource string, action Action) bool {
	if resource == "*" || resource == action.GetResource().Resource {
		return true
	}
	top, sub, ok := strings.Cut(resource, "/")
	return ok && top == action.GetResource().Resource && sub == action.GetSubresource()
}
