package rest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"
)

// decodeKubeconfig reads a kubeconfig (YAML or JSON) into kc the way kubectl
// does, which is stricter than decoding YAML straight into Go structs:
//
//   - A scalar is never coerced. YAML 1.1 reads a bare 012345 as the number
//     5349, 1e3 as a float and on, yes or y as true; decoded into a string
//     field that would silently become "5349" or "true", so a password, a
//     token, a namespace or a name would change. A number or a boolean
//     where a string belongs is an error naming the field (quoting the
//     value keeps it as written), as client-go's decoder reports it.
//   - Keys match exactly (encoding/json would take "Token" or "tokenfile"
//     for token and tokenFile; kubectl ignores them). A key the kubeconfig
//     format does not define is returned in unknown and never used.
//
// Errors and unknown carry field paths such as users[0].user.password and
// never a value.
func decodeKubeconfig(data []byte, kc *kubeconfigFile) (unknown []string, err error) {
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	clean, err := conform("", tree, reflect.TypeOf(kc).Elem(), &unknown)
	if err != nil {
		return nil, err
	}
	// Only known keys with values of the right JSON type are left, so the
	// standard decoder can neither fail nor match a key loosely.
	b, err := json.Marshal(clean)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, kc); err != nil {
		return nil, err
	}
	return unknown, nil
}

// fieldError is a type mismatch at a kubeconfig field path.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }

var rawMessageType = reflect.TypeOf(json.RawMessage(nil))

// conform checks v (decoded JSON with json.Number for numbers) against the
// Go type t and returns it with the keys t does not define removed; their
// paths are appended to unknown.
func conform(path string, v any, t reflect.Type, unknown *[]string) (any, error) {
	if v == nil || t == rawMessageType {
		return v, nil
	}
	if t.Kind() == reflect.Pointer {
		return conform(path, v, t.Elem(), unknown)
	}
	mismatch := func(want string) error {
		return &fieldError{field: path, err: fmt.Errorf("cannot unmarshal %s into a %s field%s", jsonKind(v), want, quoteHint(v, want))}
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return nil, mismatch("string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return nil, mismatch("boolean")
		}
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			return nil, mismatch("list")
		}
		out := make([]any, len(list))
		for i, e := range list {
			var err error
			if out[i], err = conform(fmt.Sprintf("%s[%d]", path, i), e, t.Elem(), unknown); err != nil {
				return nil, err
			}
		}
		return out, nil
	case reflect.Map:
		// Only map[string]T occurs (users[].user.as-user-extra); every
		// value is checked against T.
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("rest: internal error: kubeconfig field %s has unsupported Go type %s", path, t)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, mismatch("mapping")
		}
		out := make(map[string]any, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			c, err := conform(fmt.Sprintf("%s[%q]", path, k), m[k], t.Elem(), unknown)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, mismatch("mapping")
		}
		fields := jsonFields(t)
		out := make(map[string]any, len(m))
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			ft, ok := fields[k]
			if !ok {
				*unknown = append(*unknown, sub)
				continue
			}
			c, err := conform(sub, m[k], ft, unknown)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	default:
		return nil, fmt.Errorf("rest: internal error: kubeconfig field %s has unsupported Go type %s", path, t)
	}
	return v, nil
}

// jsonFields maps the exact JSON names of t's fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = f.Type
		}
	}
	return out
}

func jsonKind(v any) string {
	switch v.(type) {
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}

// quoteHint explains the YAML 1.1 pitfall behind a number or boolean found
// where a string belongs.
func quoteHint(v any, want string) string {
	if want != "string" {
		return ""
	}
	switch v.(type) {
	case json.Number, bool:
		return ` (YAML reads an unquoted 0755, 1e3, on, yes or y as a number or boolean; quote the value to keep it as written)`
	}
	return ""
}

// asFieldError extracts the field path of a decoding error, if it has one.
func asFieldError(err error) (string, error, bool) {
	var fe *fieldError
	if errors.As(err, &fe) {
		return fe.field, fe.err, true
	}
	return "", err, false
}
