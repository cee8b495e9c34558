package compare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// Recorded responses for the decode and memory benchmarks.
//
// The objects are example.com/v1 Widgets (testdata/crds/example/v1) of the
// size and shape a real cluster returns: six labels, three annotations (one
// of them kubectl's last-applied-configuration, a JSON document in a string
// full of escapes), a finalizer, two managedFields entries (kubectl and a
// status controller, with their fieldsV1 trees), spec and status. They are
// encoded the way kube-apiserver encodes custom resources: from unstructured
// maps, so keys come out sorted. Every byte is a pure function of the
// index, so both clients decode exactly the same input in every run.

// BenchNamespace is the namespace of every fixture Widget.
const BenchNamespace = "bench"

var fixtureEpoch = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// WidgetObject returns the i-th fixture Widget as an unstructured map.
func WidgetObject(i int) map[string]any {
	r := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	name := fmt.Sprintf("widget-%05d", i)
	colors := []string{"red", "green", "blue", "amber", "violet", "teal"}
	color := colors[r.IntN(len(colors))]
	size := 1 + r.IntN(9)
	tags := []any{"shop", "tier-" + strconv.Itoa(r.IntN(3)), "zone-" + string(rune('a'+r.IntN(4)))}
	team := fmt.Sprintf("team-%d", r.IntN(12))
	created := fixtureEpoch.Add(time.Duration(i) * 7 * time.Second)
	updated := created.Add(time.Duration(1+r.IntN(3600)) * time.Second)
	labels := map[string]any{
		"app.kubernetes.io/name":       "widget",
		"app.kubernetes.io/instance":   name,
		"app.kubernetes.io/part-of":    "shop",
		"app.kubernetes.io/managed-by": "kubectl",
		"example.com/team":             team,
		"example.com/shard":            strconv.Itoa(i % 16),
	}
	spec := map[string]any{"color": color, "size": int64(size), "tags": tags}
	applied := map[string]any{
		"apiVersion": "example.com/v1",
		"kind":       "Widget",
		"metadata": map[string]any{
			"annotations": map[string]any{"example.com/owner": team},
			"labels":      labels,
			"name":        name,
			"namespace":   BenchNamespace,
		},
		"spec": spec,
	}
	appliedJSON, err := json.Marshal(applied)
	if err != nil {
		panic(err) // maps of strings and numbers always marshal
	}
	uid := fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff, r.Uint32()&0xfff, r.Uint64()&0xffffffffffff)
	labelFields := map[string]any{}
	for k := range labels {
		labelFields["f:"+k] = map[string]any{}
	}
	return map[string]any{
		"apiVersion": "example.com/v1",
		"kind":       "Widget",
		"metadata": map[string]any{
			"annotations": map[string]any{
				"example.com/owner": team,
				"kubectl.kubernetes.io/last-applied-configuration": string(appliedJSON) + "\n",
				"example.com/revision":                             strconv.Itoa(1 + r.IntN(40)),
			},
			"creationTimestamp": created.Format(time.RFC3339),
			"finalizers":        []any{"example.com/cleanup"},
			"generation":        int64(1 + r.IntN(20)),
			"labels":            labels,
			"managedFields": []any{
				map[string]any{
					"apiVersion": "example.com/v1",
					"fieldsType": "FieldsV1",
					"fieldsV1": map[string]any{
						"f:metadata": map[string]any{
							"f:annotations": map[string]any{
								".":                   map[string]any{},
								"f:example.com/owner": map[string]any{},
								"f:kubectl.kubernetes.io/last-applied-configuration": map[string]any{},
							},
							"f:finalizers": map[string]any{".": map[string]any{}, `v:"example.com/cleanup"`: map[string]any{}},
							"f:labels":     labelFields,
						},
						"f:spec": map[string]any{".": map[string]any{}, "f:color": map[string]any{}, "f:size": map[string]any{}, "f:tags": map[string]any{}},
					},
					"manager":   "kubectl-client-side-apply",
					"operation": "Update",
					"time":      created.Format(time.RFC3339),
				},
				map[string]any{
					"apiVersion": "example.com/v1",
					"fieldsType": "FieldsV1",
					"fieldsV1": map[string]any{
						"f:status": map[string]any{".": map[string]any{}, "f:observedSize": map[string]any{}, "f:phase": map[string]any{}},
					},
					"manager":     "widget-controller",
					"operation":   "Update",
					"subresource": "status",
					"time":        updated.Format(time.RFC3339),
				},
			},
			"name":            name,
			"namespace":       BenchNamespace,
			"resourceVersion": strconv.Itoa(100000 + 3*i),
			"uid":             uid,
		},
		"spec":   spec,
		"status": map[string]any{"observedSize": int64(size), "phase": []string{"Pending", "Ready", "Ready", "Ready"}[r.IntN(4)]},
	}
}

// WidgetListJSON returns the body of a WidgetList response holding fixture
// Widgets first..first+n-1, with continueToken in its metadata ("" for the
// last page), as kube-apiserver writes it.
func WidgetListJSON(first, n int, continueToken string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"apiVersion":"example.com/v1","items":[`)
	for i := first; i < first+n; i++ {
		if i > first {
			b.WriteByte(',')
		}
		mustEncode(&b, WidgetObject(i))
	}
	meta := map[string]any{"resourceVersion": strconv.Itoa(100000 + 3*(first+n))}
	if continueToken != "" {
		meta["continue"] = continueToken
	}
	b.WriteString(`],"kind":"WidgetList","metadata":`)
	mustEncode(&b, meta)
	b.WriteString("}\n")
	return b.Bytes()
}

// WidgetWatchJSON returns a watch stream of n events about fixture Widgets,
// one JSON object per line as kube-apiserver writes it: mostly MODIFIED,
// with an ADDED and a DELETED every ten events.
func WidgetWatchJSON(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		typ := "MODIFIED"
		switch i % 10 {
		case 0:
			typ = "ADDED"
		case 9:
			typ = "DELETED"
		}
		mustEncode(&b, map[string]any{"type": typ, "object": WidgetObject(i)})
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func mustEncode(b *bytes.Buffer, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // fixture maps hold only strings, numbers, maps and slices
	}
	b.Write(data)
}
