package testing

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
)

// filter is what a list or watch selects: a namespace ("" for all) and the
// label and field selectors of its ListOptions.
type filter struct {
	namespace string
	labels    labels.Selector
	fields    fields.Selector
}

// newFilter parses the selectors of opts; a selector that does not parse is
// a BadRequest with the parser's message, as on the server.
func newFilter(namespace string, opts metav1.ListOptions) (filter, error) {
	l, err := labels.Parse(opts.LabelSelector)
	if err != nil {
		return filter{}, apierrors.NewBadRequest(err.Error())
	}
	f, err := fields.ParseSelector(opts.FieldSelector)
	if err != nil {
		return filter{}, apierrors.NewBadRequest(err.Error())
	}
	return filter{namespace: namespace, labels: l, fields: f}, nil
}

// selectsAll reports whether the filter has no selectors (the server only
// counts the remaining items of such lists).
func (f filter) selectsAll() bool { return f.labels.Empty() && f.fields.Empty() }

// matches evaluates the filter on obj. Field selectors are evaluated on
// metadata.name and metadata.namespace directly and on any other dotted path
// (spec.nodeName, status.phase) through the object's JSON form; the server
// supports such fields per kind and rejects the others, which the tracker
// cannot know.
func (f filter) matches(obj runtime.Object) bool {
	m, err := meta.Accessor(obj)
	if err != nil {
		return false
	}
	if f.namespace != "" && m.GetNamespace() != f.namespace {
		return false
	}
	if !f.labels.Matches(labels.Set(m.GetLabels())) {
		return false
	}
	if f.fields.Empty() {
		return true
	}
	set := fields.Set{}
	var content map[string]any
	for _, r := range f.fields.Requirements() {
		switch r.Field {
		case "metadata.name":
			set[r.Field] = m.GetName()
		case "metadata.namespace":
			set[r.Field] = m.GetNamespace()
		default:
			if content == nil {
				if content, err = toMap(obj); err != nil {
					return false
				}
			}
			set[r.Field] = fieldValue(content, r.Field)
		}
	}
	return f.fields.Matches(set)
}

// fieldValue formats the value at a dotted path as a field selector compares
// it; a missing field is "".
func fieldValue(content map[string]any, path string) string {
	v, found, err := unstructured.NestedFieldNoCopy(content, strings.Split(path, ".")...)
	if !found || err != nil || v == nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// continueToken is the state of a paged list: the resourceVersion of the
// first page and the key to start after. Like the server's token it is
// opaque base64 JSON.
type continueToken struct {
	ResourceVersion int64  `json:"rv"`
	StartAfter      string `json:"start"`
}

func (c continueToken) encode() string {
	b, _ := json.Marshal(c) // two plain fields: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeContinue(s string) (continueToken, error) {
	var c continueToken
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.StartAfter == "" {
		return continueToken{}, apierrors.NewBadRequest(fmt.Sprintf("continue key is not valid: %q is not a continue token returned by this fake's List", s))
	}
	return c, nil
}
