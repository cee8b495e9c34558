package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInformerSectionPairsRoundsAndSetsTargets(t *testing.T) {
	run := func(config string, round int, sync, perObject, steady, peak, churn float64) map[string]any {
		return map[string]any{
			"config": config, "round": round, "objects": 1000, "churned": round == 0,
			"syncSeconds": sync, "syncCPUSeconds": sync / 2, "steadyHeapPerObjectBytes": perObject,
			"steadyHeapBytes": steady, "peakLiveHeapBytes": peak, "peakHeapAllocBytes": 2 * peak, "churnHeapBytes": churn,
			"initialLists": 0, "initialWatchLists": 1,
		}
	}
	res := map[string]any{
		"server": "kube-apiserver v1.37.2", "rounds": 2, "loadavg": []string{"1.0 1 1 1/1 1", "2.0 1 1 1/1 1"},
		"sizes": []any{map[string]any{
			"objects": 1000, "seedSeconds": 10, "objectJSONBytes": 5000, "managedFieldsJSONBytes": 1200,
			"runs": []any{
				// Round 1 is slower for both: paired ratios are 0.5 and 0.6.
				run("clientgen", 0, 1, 6000, 8e6, 8e6, 8.4e6), run("client-go", 0, 2, 8000, 10e6, 10e6, 10e6),
				run("clientgen", 1, 3, 6000, 8e6, 8e6, 0), run("client-go", 1, 5, 8000, 10e6, 10e6, 0),
				run("clientgen+strip", 0, 1, 3800, 6e6, 6e6, 6e6), run("client-go+strip", 0, 2, 6000, 8e6, 8e6, 8e6),
			},
		}},
	}
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "informer.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	r := &report{in: dir, w: &out}
	r.informer()
	want := map[string]string{
		"informer, 1,000 objects: initial sync":                           "0.55x (rounds 0.50 0.60)",
		"informer, 1,000 objects: heap per object, equal options":         "0.75x",
		"informer, 1,000 objects: heap per object, managedFields dropped": "0.47x",
		"informer, 1,000 objects: peak heap during sync":                  "1.00x",
		"informer, 1,000 objects: heap after 100% churn":                  "1.05x",
	}
	if len(r.targets) != len(want) {
		t.Fatalf("targets %+v; want %d", r.targets, len(want))
	}
	for _, tg := range r.targets {
		prefix, ok := want[tg.what]
		if !ok || !strings.HasPrefix(tg.measured, prefix) {
			t.Errorf("target %q measured %q; want it to start with %q", tg.what, tg.measured, prefix)
		}
	}
	if !strings.Contains(out.String(), "| clientgen | kept | watch-list |") {
		t.Errorf("the table has no clientgen row with its sync path:\n%s", out.String())
	}
}
