// Package crd is the generator stage that turns CustomResourceDefinition
// manifests into Go API types: one package per served group-version with the
// group name tag, a register file, the kinds and their List types, named
// struct types for nested objects, DeepCopy functions and the genclient and
// kubebuilder tags the rest of the pipeline reads. Its output is ordinary Go
// source, so the clientset, apply configurations, listers and informers are
// generated from it by the unchanged load -> tags -> model -> render stages.
//
// clientgen --crd without --input (generator.Generate, generator/crdinput.go)
// calls it in place of its load stage:
//
//	crds, err := crd.LoadFrom(dir, paths)             // --crd, repeatable
//	pkgs, report, err := crd.Generate(crds, crd.Options{PkgPath: outputPkg + "/apis"})
//
// and parses each package from memory into a load.Package (go/parser takes
// the bytes; the imports are apimachinery's metav1, runtime, schema, intstr
// and util/json and the standard library's encoding/json and slices, whose
// names the source states or their paths imply), so the go
// command is not asked about directories that do not exist yet; the files,
// with "apis/" prefixed to their Paths, join the rendered clients in the one
// list output.Plan and output.Write take, so the types are written, verified
// and cleaned up with everything else. report.String() is printed with the
// run's result. With --input as well, the CRDs are only compared with the Go
// types (package generator/crdcheck).
//
// Manifests are decoded into this package's own small structs rather than
// k8s.io/apiextensions-apiserver's: that module is not in clientgen's graph
// (it would bring k8s.io/apiserver and its dependencies into go.mod for a
// handful of struct definitions), and decoding from go.yaml.in/yaml/v3 nodes
// keeps the line of every schema, which errors and the Report point at.
//
// A kind whose root schema has x-kubernetes-preserve-unknown-fields keeps
// the top-level fields its schema does not name in UnknownFields
// (map[string]runtime.RawExtension, json:"-") and gets UnmarshalJSON and
// MarshalJSON that read and write them around its own fields: a kind must
// be a struct, so a RawExtension of the whole object, as nested preserving
// objects get, is not an option. It is tagged
// +kubebuilder:pruning:PreserveUnknownFields, which controller-gen turns
// back into the same CRD and the apply schema into a struct whose other
// fields are of any type, as kube-openapi's schemaconv reads the CRD.
package crd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/clientgen/clientgen/generator/diag"
)

// CRD is one apiextensions.k8s.io/v1 CustomResourceDefinition as read from a
// manifest, with the position of the document and of its kind.
type CRD struct {
	Pos     token.Position // the document's apiVersion line
	KindPos token.Position // the spec.names.kind line
	// GroupPos, ScopePos, PluralPos and VersionsPos are the lines of
	// spec.group, spec.scope, spec.names.plural and spec.versions, or Pos
	// when they are missing.
	GroupPos, ScopePos, PluralPos, VersionsPos token.Position
	Name                                       string // metadata.name, <plural>.<group>
	Group                                      string
	Scope                                      string // "Namespaced" or "Cluster"
	Names                                      Names
	// Versions are every version of the manifest, served or not, in the
	// manifest's order.
	Versions []Version
}

// Names are a CRD's spec.names.
type Names struct {
	Plural     string   `yaml:"plural"`
	Singular   string   `yaml:"singular"`
	Kind       string   `yaml:"kind"`
	ListKind   string   `yaml:"listKind"`
	ShortNames []string `yaml:"shortNames"`
	Categories []string `yaml:"categories"`
}

// Version is one entry of spec.versions.
type Version struct {
	Name         string       `yaml:"name"`
	Served       bool         `yaml:"served"`
	Storage      bool         `yaml:"storage"`
	Deprecated   bool         `yaml:"deprecated"`
	Subresources Subresources `yaml:"subresources"`
	Schema       struct {
		OpenAPIV3Schema *Schema `yaml:"openAPIV3Schema"`
	} `yaml:"schema"`
	Line int `yaml:"-"`
}

// Subresources are a version's status and scale subresources.
type Subresources struct {
	Status *struct{} `yaml:"status"`
	Scale  *Scale    `yaml:"scale"`
}

// Scale is the scale subresource's JSON paths.
type Scale struct {
	SpecReplicasPath   string `yaml:"specReplicasPath"`
	StatusReplicasPath string `yaml:"statusReplicasPath"`
	LabelSelectorPath  string `yaml:"labelSelectorPath"`
}

// Schema is the part of a structural OpenAPI v3 schema (JSONSchemaProps) that
// decides a Go type, plus the validations the round-trip test's value
// generator honours. Fields clientgen does not use (example,
// x-kubernetes-validations, ...) are not decoded.
type Schema struct {
	Type        string             `yaml:"type"`
	Format      string             `yaml:"format"`
	Description string             `yaml:"description"`
	Properties  map[string]*Schema `yaml:"properties"`
	Required    []string           `yaml:"required"`
	Items       *Schema            `yaml:"items"`
	Nullable    bool               `yaml:"nullable"`
	// AdditionalProperties is the schema of a map's values;
	// AdditionalPropertiesAllowed is additionalProperties: true.
	AdditionalProperties        *Schema `yaml:"-"`
	AdditionalPropertiesAllowed bool    `yaml:"-"`
	Enum                        []any   `yaml:"-"`

	IntOrString           bool     `yaml:"x-kubernetes-int-or-string"`
	PreserveUnknownFields bool     `yaml:"x-kubernetes-preserve-unknown-fields"`
	EmbeddedResource      bool     `yaml:"x-kubernetes-embedded-resource"`
	ListType              string   `yaml:"x-kubernetes-list-type"`
	ListMapKeys           []string `yaml:"x-kubernetes-list-map-keys"`
	MapType               string   `yaml:"x-kubernetes-map-type"`

	OneOf []*Schema `yaml:"oneOf"`
	AnyOf []*Schema `yaml:"anyOf"`
	AllOf []*Schema `yaml:"allOf"`
	Not   *Schema   `yaml:"not"`

	Minimum       *float64 `yaml:"minimum"`
	Maximum       *float64 `yaml:"maximum"`
	MinLength     *int64   `yaml:"minLength"`
	MaxLength     *int64   `yaml:"maxLength"`
	MinItems      *int64   `yaml:"minItems"`
	MaxItems      *int64   `yaml:"maxItems"`
	MinProperties *int64   `yaml:"minProperties"`
	MaxProperties *int64   `yaml:"maxProperties"`
	Pattern       string   `yaml:"pattern"`

	// Default is the JSON of the schema's default, "" without one: the
	// +default marker of the field, which the apply configurations' schema
	// needs where a list map key is optional.
	Default string `yaml:"-"`

	Line int `yaml:"-"` // where the schema starts in its file
}

// UnmarshalYAML decodes a schema, keeping its line, and the two keywords whose
// value has more than one shape: additionalProperties (a bool or a schema)
// and enum (values of any type).
func (s *Schema) UnmarshalYAML(n *yaml.Node) error {
	type plain Schema
	if err := n.Decode((*plain)(s)); err != nil {
		return err
	}
	s.Line = n.Line
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "additionalProperties":
			if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
				if err := v.Decode(&s.AdditionalPropertiesAllowed); err != nil {
					return err
				}
				continue
			}
			s.AdditionalProperties = new(Schema)
			if err := v.Decode(s.AdditionalProperties); err != nil {
				return err
			}
		case "enum":
			if err := v.Decode(&s.Enum); err != nil {
				return err
			}
		case "default":
			var d any
			if err := v.Decode(&d); err != nil {
				return err
			}
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false) // the marker is read by people too
			if err := enc.Encode(d); err != nil {
				return fmt.Errorf("line %d: default: %v", v.Line, err)
			}
			s.Default = strings.TrimSuffix(b.String(), "\n")
		}
	}
	return nil
}

type crdDoc struct {
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Group    string    `yaml:"group"`
		Scope    string    `yaml:"scope"`
		Names    Names     `yaml:"names"`
		Versions []Version `yaml:"versions"`
	} `yaml:"spec"`
}

const (
	crdKind       = "CustomResourceDefinition"
	crdAPIVersion = "apiextensions.k8s.io/v1"
)

// Load reads every CustomResourceDefinition in paths: files, or directories
// searched recursively for *.yaml, *.yml and *.json, in lexical order. A file
// may hold several YAML documents, and a document may be a List of objects
// (as kubectl get crd -o yaml prints); objects that are not CRDs are skipped.
// Every problem (unreadable files, malformed YAML, CRDs that are not
// apiextensions.k8s.io/v1, missing names or schemas) is reported at once, as
// a sorted diag.List with file and line.
func Load(paths []string) ([]CRD, error) {
	return LoadFrom("", paths)
}

// LoadFrom is Load with relative paths taken relative to dir (the
// generator's working directory, which need not be the process's), and
// positions naming files relative to dir when they are below it, as the
// positions of Go input files are. An empty dir is the process's working
// directory, with positions as the paths were given.
func LoadFrom(dir string, paths []string) ([]CRD, error) {
	var errs diag.List
	var crds []CRD
	for _, p := range paths {
		if dir != "" && !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		files, err := manifestFiles(p)
		if err != nil {
			errs.Add(token.Position{}, "", "", "cannot read CRD manifests: %v", err)
			continue
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				errs.Add(token.Position{}, "", "", "cannot read CRD manifests: %v", err)
				continue
			}
			display := f
			if rel, err := filepath.Rel(dir, f); dir != "" && err == nil && !strings.HasPrefix(rel, "..") {
				display = rel
			}
			crds = append(crds, parseFile(display, data, &errs)...)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return crds, nil
}

func manifestFiles(p string) ([]string, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	var files []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch filepath.Ext(path) {
		case ".yaml", ".yml", ".json":
			if !d.IsDir() {
				files = append(files, path)
			}
		}
		return nil
	})
	return files, err
}

// yamlLine finds the line in go.yaml.in/yaml's error texts ("yaml: line 7:
// did not find expected key", "line 7: cannot unmarshal ...").
var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError turns a go.yaml.in/yaml error into positioned errors.
func yamlError(file string, err error, what string, errs *diag.List) {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, m := range msgs {
		pos := token.Position{Filename: file}
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			pos.Line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		errs.Add(pos, "", "", "%s: %s", what, strings.TrimPrefix(m, "yaml: "))
	}
}

func parseFile(file string, data []byte, errs *diag.List) []CRD {
	var out []CRD
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			return out
		}
		if err != nil {
			// The decoder cannot resynchronise after a syntax error, so the
			// rest of the file is not read.
			yamlError(file, err, "malformed YAML", errs)
			return out
		}
		if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
			continue // an empty document or one that is not an object
		}
		// A List (kubectl get crd -o yaml) holds its objects in items.
		objects := []*yaml.Node{doc.Content[0]}
		if k := lookup(doc.Content[0], "kind"); k != nil && k.Value == "List" {
			objects = nil
			if items := lookup(doc.Content[0], "items"); items != nil && items.Kind == yaml.SequenceNode {
				objects = items.Content
			}
		}
		for _, root := range objects {
			if root.Kind != yaml.MappingNode {
				continue
			}
			kind, apiVersion := lookup(root, "kind"), lookup(root, "apiVersion")
			if kind == nil || kind.Value != crdKind {
				continue
			}
			pos := token.Position{Filename: file, Line: root.Line, Column: root.Column}
			if apiVersion != nil {
				pos.Line, pos.Column = apiVersion.Line, apiVersion.Column
			}
			name := ""
			if md := lookup(root, "metadata"); md != nil {
				if n := lookup(md, "name"); n != nil {
					name = n.Value
				}
			}
			if apiVersion == nil || apiVersion.Value != crdAPIVersion {
				got := "no apiVersion"
				if apiVersion != nil {
					got = "apiVersion " + apiVersion.Value
				}
				errs.Add(pos, "CustomResourceDefinition "+name, "", "%s is not supported: clientgen reads %s CRDs (v1beta1 was removed in Kubernetes 1.22); convert the manifest to %s", got, crdAPIVersion, crdAPIVersion)
				continue
			}
			before := len(*errs)
			var d crdDoc
			if err := root.Decode(&d); err != nil {
				yamlError(file, err, "CustomResourceDefinition "+name, errs)
				var te *yaml.TypeError
				if !errors.As(err, &te) {
					continue
				}
				// A type error leaves the rest decoded: check it too, so one run
				// reports every problem of the document.
			}
			at := func(path ...string) token.Position {
				n := root
				for _, k := range path {
					if n = lookup(n, k); n == nil {
						return pos
					}
				}
				return token.Position{Filename: file, Line: n.Line, Column: n.Column}
			}
			c := CRD{Pos: pos, GroupPos: at("spec", "group"), KindPos: at("spec", "names", "kind"), ScopePos: at("spec", "scope"), PluralPos: at("spec", "names", "plural"), VersionsPos: at("spec", "versions"), Name: d.Metadata.Name, Group: d.Spec.Group, Scope: d.Spec.Scope, Names: d.Spec.Names, Versions: d.Spec.Versions}
			if spec := lookup(root, "spec"); spec != nil {
				if vs := lookup(spec, "versions"); vs != nil && vs.Kind == yaml.SequenceNode {
					for i, v := range vs.Content {
						if i < len(c.Versions) {
							c.Versions[i].Line = v.Line
						}
					}
				}
			}
			if c.Names.ListKind == "" {
				c.Names.ListKind = c.Names.Kind + "List"
			}
			if checkCRD(&c, errs) && len(*errs) == before {
				out = append(out, c)
			}
		}
	}
}

// checkCRD reports what a CRD needs for Go types and is missing (the API
// server would reject most of it too); it returns whether c is usable.
func checkCRD(c *CRD, errs *diag.List) bool {
	n := len(*errs)
	what := "CustomResourceDefinition " + c.Name
	if c.Group == "" {
		errs.Add(c.Pos, what, "", "spec.group is empty")
	}
	if c.Names.Kind == "" || !token.IsIdentifier(c.Names.Kind) || !token.IsExported(c.Names.Kind) {
		errs.Add(c.KindPos, what, "", "spec.names.kind %q is not an exported Go identifier", c.Names.Kind)
	}
	if c.Names.Plural == "" {
		errs.Add(c.PluralPos, what, "", "spec.names.plural is empty")
	}
	if c.Scope != "Namespaced" && c.Scope != "Cluster" {
		errs.Add(c.ScopePos, what, "", "spec.scope %q is neither Namespaced nor Cluster", c.Scope)
	}
	for _, v := range c.Versions {
		if v.Served && v.Schema.OpenAPIV3Schema == nil {
			errs.Add(token.Position{Filename: c.Pos.Filename, Line: v.Line}, what, "", "served version %s has no schema.openAPIV3Schema", v.Name)
		}
		if v.Served && pkgName(v.Name) == "" {
			errs.Add(token.Position{Filename: c.Pos.Filename, Line: v.Line}, what, "", "version %q cannot name a Go package", v.Name)
		}
	}
	return len(*errs) == n
}

// lookup returns the value node of key in a mapping node, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
