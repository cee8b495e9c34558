package crd

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/clientgen/clientgen/generator/diag"
	"github.com/clientgen/clientgen/generator/output"
	genrender "github.com/clientgen/clientgen/generator/render"
)

// Options are the settings of Generate.
type Options struct {
	// PkgPath is the import path of the directory the API packages are
	// written under: group-version packages are PkgPath/<group>/<version>.
	PkgPath string
	// Boilerplate is written above the banner of every file.
	Boilerplate []byte
}

// Report counts what Generate produced and lists every schema whose Go form
// is not a plain typed field, so that nothing is dropped silently.
type Report struct {
	CRDs, Versions, Packages, Types, Fields int
	Findings                                []Finding // sorted by position, then path
}

// Count returns the number of findings of a kind.
func (r *Report) Count(k FindingKind) int {
	n := 0
	for _, f := range r.Findings {
		if f.Kind == k {
			n++
		}
	}
	return n
}

// String is the report as a user reads it: the counts, then one line per
// finding.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d CRDs, %d served versions, %d packages, %d types, %d fields; %d kept as raw JSON, %d normalized, %d validation-only",
		r.CRDs, r.Versions, r.Packages, r.Types, r.Fields, r.Count(Raw), r.Count(Normalized), r.Count(ValidationOnly))
	b.WriteByte('\n')
	for _, f := range r.Findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// apiPackage is one group-version's package: plain data that render prints.
type apiPackage struct {
	group, version string
	groupGoName    string // set when the group's first DNS label is shared
	name           string // Go package name
	path           string // import path
	dir            string // slash-separated, relative to Options.PkgPath
	crds           []string
	kinds          []string // kind type names, sorted; each has a <kind>List
	lists          map[string]string
	decls          []*typeDecl
}

// registerNames are declared by register.go; a kind may not take them.
var registerNames = []string{"GroupName", "SchemeGroupVersion", "SchemeBuilder", "AddToScheme", "Kind", "Resource", "addKnownTypes"}

// Generate returns the Go source of the API types of every served version of
// every CRD, keyed by package import path; each file's Path is relative to
// the directory of opts.PkgPath ("example/v1/types.go"). Two CRDs with the
// same group and kind or resource, and kinds that clash with register.go's
// names, are positioned errors, all reported at once.
func Generate(crds []CRD, opts Options) (map[string][]output.File, *Report, error) {
	if opts.PkgPath == "" {
		return nil, nil, errors.New("crd: Options.PkgPath is empty")
	}
	var errs diag.List
	checkDuplicates(crds, &errs)
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	crds = slices.Clone(crds)
	slices.SortStableFunc(crds, func(a, b CRD) int {
		return cmp.Or(cmp.Compare(a.Group, b.Group), cmp.Compare(a.Names.Kind, b.Names.Kind))
	})

	dirs, goNames := groupDirs(crds)
	report := &Report{}
	pkgs := map[string]*apiPackage{}
	var order []*apiPackage
	type job struct {
		crd *CRD
		v   *Version
		pkg *apiPackage
	}
	var jobs []job
	for i := range crds {
		c := &crds[i]
		report.CRDs++
		for j := range c.Versions {
			v := &c.Versions[j]
			if !v.Served {
				continue
			}
			report.Versions++
			key := c.Group + "/" + v.Name
			p := pkgs[key]
			if p == nil {
				dir := dirs[c.Group] + "/" + v.Name
				p = &apiPackage{group: c.Group, groupGoName: goNames[c.Group], version: v.Name, name: pkgName(v.Name), dir: dir, path: path.Join(opts.PkgPath, dir), lists: map[string]string{}}
				pkgs[key] = p
				order = append(order, p)
			}
			p.crds = append(p.crds, c.Name)
			p.kinds = append(p.kinds, c.Names.Kind)
			jobs = append(jobs, job{c, v, p})
		}
	}
	// Kinds and Lists take their names before any nested type does.
	names := map[*apiPackage]scope{}
	for _, p := range order {
		s := scope{}
		for _, n := range registerNames {
			s[n] = true
		}
		for _, j := range jobs {
			if j.pkg == p {
				if s[j.crd.Names.Kind] {
					errs.Add(j.crd.KindPos, "CustomResourceDefinition "+j.crd.Name, "", "kind %s collides with a name of the generated %s/%s package (%s)", j.crd.Names.Kind, p.group, p.version, strings.Join(registerNames, ", "))
				}
				s[j.crd.Names.Kind] = true
			}
		}
		for _, j := range jobs {
			if j.pkg == p {
				p.lists[j.crd.Names.Kind] = s.unique(j.crd.Names.Kind + "List")
			}
		}
		names[p] = s
	}
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	for _, j := range jobs {
		c := &converter{crd: j.crd, version: j.v.Name, names: names[j.pkg], report: report}
		c.kind(j.v, j.pkg.lists[j.crd.Names.Kind])
		j.pkg.decls = append(j.pkg.decls, c.decls...)
	}

	out := map[string][]output.File{}
	r := &renderer{header: genrender.HeaderLines(opts.Boilerplate)}
	for _, p := range order {
		slices.Sort(p.kinds)
		report.Packages++
		for _, d := range p.decls {
			report.Types++
			if !d.isEnum {
				for _, f := range d.fields {
					if !f.embedded {
						report.Fields++
					}
				}
			}
		}
		files, err := r.pkg(p)
		if err != nil {
			return nil, nil, err
		}
		out[p.path] = files
	}
	slices.SortStableFunc(report.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Pos.Filename, b.Pos.Filename), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Version, b.Version), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Kind, b.Kind))
	})
	return out, report, nil
}

// Files flattens Generate's result into one list sorted by path, as
// output.Plan and output.Write take it (under the directory of PkgPath).
func Files(pkgs map[string][]output.File) []output.File {
	var all []output.File
	for _, files := range pkgs {
		all = append(all, files...)
	}
	slices.SortFunc(all, func(a, b output.File) int { return strings.Compare(a.Path, b.Path) })
	return all
}

// checkDuplicates reports CRDs that define the same group and kind, or the
// same group and plural; the later one in Load's order is the error.
func checkDuplicates(crds []CRD, errs *diag.List) {
	kinds := map[string]*CRD{}
	plurals := map[string]*CRD{}
	for i := range crds {
		c := &crds[i]
		k := c.Group + "/" + c.Names.Kind
		if first := kinds[k]; first != nil {
			errs.Add(c.KindPos, "CustomResourceDefinition "+c.Name, "", "kind %s of group %s is also defined by CustomResourceDefinition %s at %s; each kind needs one definition", c.Names.Kind, c.Group, first.Name, first.KindPos)
			continue
		}
		kinds[k] = c
		p := c.Group + "/" + c.Names.Plural
		if first := plurals[p]; first != nil {
			errs.Add(c.PluralPos, "CustomResourceDefinition "+c.Name, "", "resource %s of group %s is also defined by CustomResourceDefinition %s at %s", c.Names.Plural, c.Group, first.Name, first.PluralPos)
			continue
		}
		plurals[p] = c
	}
}

// groupDirs names each group's directory after the group's first DNS label
// ("gateway" for gateway.networking.k8s.io), as kubebuilder projects and
// client-gen's group directories are named; groups that share their first
// label use the whole group name instead, so no two groups share a directory.
// Such groups would also share a Go name in the clientset (clientgen names a
// group after its first label and asks for +groupGoName when two do), so
// every one of them but the first in sort order gets a +groupGoName of the
// first label and the first label in which it differs from that first group:
// gateway.networking.x-k8s.io is GatewayXK8s next to
// gateway.networking.k8s.io.
func groupDirs(crds []CRD) (dirs, goNames map[string]string) {
	byLabel := map[string][]string{}
	for _, c := range crds {
		label, _, _ := strings.Cut(c.Group, ".")
		if !slices.Contains(byLabel[label], c.Group) {
			byLabel[label] = append(byLabel[label], c.Group)
		}
	}
	dirs, goNames = map[string]string{}, map[string]string{}
	taken := scope{}
	for _, label := range slices.Sorted(maps.Keys(byLabel)) {
		groups := byLabel[label]
		slices.Sort(groups)
		for i, g := range groups {
			if len(groups) == 1 {
				dirs[g] = label
				continue
			}
			dirs[g] = g
			if i == 0 {
				continue
			}
			first, this := strings.Split(groups[0], "."), strings.Split(g, ".")
			j := 0
			for j < len(first) && j < len(this) && first[j] == this[j] {
				j++
			}
			differs := strings.Join(this[j:], ".")
			if j < len(this) {
				differs = this[j]
			}
			goNames[g] = taken.unique(goName(label) + goName(differs))
		}
	}
	return dirs, goNames
}
