package model

import (
	"path"
	"slices"
	"strings"
)

// The names of the fake clientset (<clientset>/fake) and of the fake typed
// clients (typed/<group>/<version>/fake), computed from the model's names
// with client-gen's rules.

// FakePkgPath is the import path of the fake clientset package.
func (c *Clientset) FakePkgPath() string { return c.PkgPath + "/fake" }

// FakeDir is the fake clientset's directory, relative to --output.
func (c *Clientset) FakeDir() string { return path.Join(c.Dir, "fake") }

// FakePkgPath is the import path of the group-version's fake typed clients.
func (gv *GroupVersion) FakePkgPath() string { return gv.PkgPath + "/fake" }

// FakeDir is their directory, relative to --output.
func (gv *GroupVersion) FakeDir() string { return path.Join(gv.Dir, "fake") }

// FakeClientName is the fake group client, e.g. "FakeExampleV1".
func (gv *GroupVersion) FakeClientName() string { return "Fake" + gv.Accessor }

// FakeAlias is the import alias of the fake typed package in the fake
// clientset, e.g. "fakeexamplev1".
func (gv *GroupVersion) FakeAlias() string { return "fake" + gv.ClientAlias }

// TypedAlias is the import alias of the typed client package in the fake
// typed clients, e.g. "typedexamplev1" (client-go's naming).
func (gv *GroupVersion) TypedAlias() string { return "typed" + gv.ClientAlias }

// FakeStructName is the fake kind client, e.g. "fakeClusterPolicies".
func (t *Type) FakeStructName() string { return "fake" + t.PluralGoName }

// FakeConstructor builds it, e.g. "newFakeClusterPolicies".
func (t *Type) FakeConstructor() string { return "newFake" + t.PluralGoName }

// ServedSubresources are the subresources the server has for the kind, as
// far as the client shows them: "status" when it has UpdateStatus or
// ApplyStatus, and those of its extension methods. Sorted.
func (t *Type) ServedSubresources() []string {
	var subs []string
	if t.HasVerb(UpdateStatus) || t.HasVerb(ApplyStatus) {
		subs = append(subs, "status")
	}
	for _, e := range t.Extensions {
		if e.Subresource != "" {
			subs = append(subs, e.Subresource)
		}
	}
	slices.Sort(subs)
	return slices.Compact(subs)
}

// DiscoveryVerbs are the verbs the fake discovery lists for the kind: those
// of its client, as the API names them (apply is a patch). Sorted.
func (t *Type) DiscoveryVerbs() []string {
	var verbs []string
	for _, v := range t.Verbs {
		switch v {
		case UpdateStatus, ApplyStatus:
			continue
		case Apply:
			verbs = append(verbs, "patch")
		default:
			verbs = append(verbs, strings.ToLower(string(v)))
		}
	}
	slices.Sort(verbs)
	return slices.Compact(verbs)
}
