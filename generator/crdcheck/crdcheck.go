// Package crdcheck compares the kinds clientgen generates clients for with
// the CustomResourceDefinition manifests that serve them (clientgen --input
// ./apis/... --crd ./config/crd). A client is only as right as the resource
// it names: a wrong plural or scope, or UpdateStatus on a CRD without the
// status subresource, compiles and fails with 404 Not Found at run time.
// Check finds those disagreements before anything is generated.
//
// What is compared, for every kind with a client (model.Type) and every
// served version of every CRD:
//   - group: the kind's group (+groupName) and the CRD's spec.group;
//   - versions: the Go package's version is a served version of the CRD, and
//     every served version has a Go kind;
//   - kind: spec.names.kind;
//   - resource: spec.names.plural and the client's resource (+resourceName,
//     +kubebuilder:resource:path, or the plural of the kind);
//   - scope: spec.scope and +genclient:nonNamespaced or
//     +kubebuilder:resource:scope;
//   - status: the version's status subresource and the client's
//     UpdateStatus/ApplyStatus or +kubebuilder:subresource:status.
//
// Go kinds are matched to CRDs by group and kind; a kind with no CRD of its
// group is matched by group and plural (a kind disagreement) and then by
// kind in another group (a group disagreement), so that one mistake is one
// error rather than a missing CRD and a missing Go type. Every disagreement
// is a diag.Error at the Go type's position (or, for a served version with
// no Go type, at the version in the manifest) that names both places and
// both values; all are reported together.
package crdcheck

import (
	"go/token"
	"strings"

	"github.com/clientgen/clientgen/generator/crd"
	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/load"
	"github.com/clientgen/clientgen/generator/model"
	"github.com/clientgen/clientgen/generator/tags"
)

// Check returns every disagreement between the kinds of cs (with the loaded
// syntax and tags they were built from) and crds, unsorted.
func Check(cs *model.Clientset, loaded *load.Result, tagged *tags.Result, crds []crd.CRD) diag.List {
	c := &checker{
		byKind:   map[[2]string]*crd.CRD{},
		byPlural: map[[2]string]*crd.CRD{},
		kindOnly: map[string][]*crd.CRD{},
		covered:  map[*crd.CRD]map[string]bool{},
		pkgs:     map[string]*load.Package{},
		tagged:   tagged,
		goGroups: map[string]bool{},
	}
	for _, g := range cs.Groups {
		c.goGroups[g.Name] = true
	}
	for i := range crds {
		d := &crds[i]
		c.byKind[[2]string{d.Group, d.Names.Kind}] = d
		c.byPlural[[2]string{d.Group, d.Names.Plural}] = d
		c.kindOnly[d.Names.Kind] = append(c.kindOnly[d.Names.Kind], d)
		c.covered[d] = map[string]bool{}
	}
	for _, p := range loaded.Packages {
		c.pkgs[p.PkgPath] = p
	}
	for _, g := range cs.Groups {
		for _, gv := range g.Versions {
			for _, t := range gv.Types {
				c.kind(gv, t)
			}
		}
	}
	for i := range crds {
		d := &crds[i]
		for _, v := range d.Versions {
			if v.Served && !c.covered[d][v.Name] {
				c.errs.Add(versionPos(d, v), "CustomResourceDefinition "+d.Name, "",
					"served version %s/%s of kind %s has no Go type: no input package of group %s and version %s declares a %s with +genclient; add it to --input, or stop serving the version",
					d.Group, v.Name, d.Names.Kind, d.Group, v.Name, d.Names.Kind)
			}
		}
	}
	return c.errs
}

type checker struct {
	byKind, byPlural map[[2]string]*crd.CRD // by group and kind, group and plural
	kindOnly         map[string][]*crd.CRD  // by kind
	covered          map[*crd.CRD]map[string]bool
	pkgs             map[string]*load.Package
	tagged           *tags.Result
	goGroups         map[string]bool // the groups of the Go kinds: their CRDs are not matched across groups
	errs             diag.List
}

// kind compares one Go kind with its CRD.
func (c *checker) kind(gv *model.GroupVersion, t *model.Type) {
	tt := &tags.Type{}
	if p := c.tagged.Packages[gv.APIPkgPath]; p != nil {
		tt = p.Type(t.Kind)
	}
	add := func(tag, format string, args ...any) {
		c.errs.Add(t.Pos, t.Kind, tag, format, args...)
	}
	d := c.byKind[[2]string{gv.Group, t.Kind}]
	if d == nil {
		if d = c.byPlural[[2]string{gv.Group, t.Resource}]; d != nil {
			add("", "kind: Go has %s (%s), CustomResourceDefinition %s at %s has spec.names.kind %s",
				t.Kind, gv.APIVersion, d.Name, d.KindPos, d.Names.Kind)
		}
	}
	if d == nil {
		for _, other := range c.kindOnly[t.Kind] {
			if !c.goGroups[other.Group] {
				d = other
				add(groupTag(c.tagged.Packages[gv.APIPkgPath]), "group: Go has %q (package %s), CustomResourceDefinition %s at %s has spec.group %q",
					gv.Group, gv.APIPkgPath, d.Name, d.GroupPos, d.Group)
				break
			}
		}
	}
	if d == nil {
		add("", "no CustomResourceDefinition in --crd defines kind %s of group %s (%s): add its manifest, or remove +genclient if the kind is not served",
			t.Kind, gv.Group, gv.APIVersion)
		return
	}
	var v *crd.Version
	for i := range d.Versions {
		if d.Versions[i].Name == gv.Version {
			v = &d.Versions[i]
		}
	}
	switch {
	case v == nil:
		add("", "version: Go has %s in %s, CustomResourceDefinition %s at %s has no version %s (served: %s)",
			t.Kind, gv.APIVersion, d.Name, d.VersionsPos, gv.Version, served(d))
	case !v.Served:
		add("", "version: Go has %s in %s, CustomResourceDefinition %s at %s does not serve version %s (served: %s)",
			t.Kind, gv.APIVersion, d.Name, versionPos(d, *v), gv.Version, served(d))
	default:
		c.covered[d][v.Name] = true
	}

	if t.Resource != d.Names.Plural {
		tag, from := resourceSource(tt)
		add(tag, "resource: Go has %q (%s), CustomResourceDefinition %s at %s has spec.names.plural %q",
			t.Resource, from, d.Name, d.PluralPos, d.Names.Plural)
	}
	if crdNamespaced := d.Scope == "Namespaced"; t.Namespaced != crdNamespaced {
		tag, from := scopeSource(tt, t.Namespaced)
		add(tag, "scope: Go has %s (%s), CustomResourceDefinition %s at %s has spec.scope %s",
			scopeName(t.Namespaced), from, d.Name, d.ScopePos, d.Scope)
	}
	if v != nil && v.Served {
		c.status(gv, t, tt, d, v, add)
	}
}

// status compares the status subresource. The Go side has one when the
// kubebuilder marker says so or its client calls it (UpdateStatus,
// ApplyStatus: a Status field without +genclient:noStatus); it has none when
// the kind has no Status field or (in a package of kubebuilder markers, from
// which controller-gen generates the CRD) the marker is missing. A client
// without the status verbs for another reason (+genclient:noStatus,
// onlyVerbs, readonly, noVerbs) says nothing either way: leaving verbs out
// is the client's choice, not a claim about the server.
func (c *checker) status(gv *model.GroupVersion, t *model.Type, tt *tags.Type, d *crd.CRD, v *crd.Version, add func(tag, format string, args ...any)) {
	crdHas := v.Subresources.Status != nil
	var goHas bool
	var why, tag string
	switch pkg := c.tagged.Packages[gv.APIPkgPath]; {
	case tt.SubresourceStatus != nil:
		goHas, tag, why = true, tt.SubresourceStatus.Text, "the marker"
	case t.HasVerb(model.UpdateStatus) || t.HasVerb(model.ApplyStatus):
		goHas, why = true, "the client has UpdateStatus/ApplyStatus: a Status field without +genclient:noStatus"
	case !c.hasStatusField(gv, t):
		why = "no Status field"
	case pkg != nil && pkg.Kubebuilder != nil:
		why = "no +kubebuilder:subresource:status in a package of kubebuilder markers"
	default:
		return
	}
	if goHas == crdHas {
		return
	}
	crdSays := "has no status subresource"
	if crdHas {
		crdSays = "has the status subresource"
	}
	goSays := "no status subresource"
	if goHas {
		goSays = "the status subresource"
	}
	add(tag, "status subresource: Go has %s (%s), CustomResourceDefinition %s version %s at %s %s",
		goSays, why, d.Name, v.Name, versionPos(d, *v), crdSays)
}

func (c *checker) hasStatusField(gv *model.GroupVersion, t *model.Type) bool {
	p := c.pkgs[gv.APIPkgPath]
	if p == nil {
		return true // unknown: assume the field is there, so nothing is claimed
	}
	td := p.Index.TypeByName[t.Kind]
	return td == nil || td.Fields["Status"]
}

func groupTag(p *tags.Package) string {
	if p != nil && p.GroupName != nil {
		return p.GroupName.Text
	}
	return ""
}

func resourceSource(tt *tags.Type) (tag, from string) {
	switch {
	case tt.ResourceName != nil:
		return tt.ResourceName.Text, "+resourceName"
	case tt.KubebuilderResource != nil && tt.KubebuilderResource.Path != "":
		return tt.KubebuilderResource.Text, "+kubebuilder:resource:path"
	}
	return "", "the lower-case plural of the kind; set it with +kubebuilder:resource:path or +resourceName"
}

func scopeSource(tt *tags.Type, namespaced bool) (tag, from string) {
	switch {
	case tt.KubebuilderResource != nil && tt.KubebuilderResource.Scope != "":
		return tt.KubebuilderResource.Text, "+kubebuilder:resource:scope"
	case tt.NonNamespaced != nil:
		return tt.NonNamespaced.Text, "+genclient:nonNamespaced"
	case namespaced:
		return "", "no +genclient:nonNamespaced"
	}
	return "", "the default"
}

func scopeName(namespaced bool) string {
	if namespaced {
		return "Namespaced"
	}
	return "Cluster"
}

func served(d *crd.CRD) string {
	var vs []string
	for _, v := range d.Versions {
		if v.Served {
			vs = append(vs, v.Name)
		}
	}
	if len(vs) == 0 {
		return "none"
	}
	return strings.Join(vs, ", ")
}

// versionPos is the line of a version's entry in spec.versions.
func versionPos(d *crd.CRD, v crd.Version) token.Position {
	if v.Line == 0 {
		return d.Pos
	}
	return token.Position{Filename: d.Pos.Filename, Line: v.Line}
}
