package codec

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
)

func TestLongValuesAreSharedFromTheirSecondSighting(t *testing.T) {
	// One decode of a list (see TestRecurringKeysAndManagersAreOneString).
	contact := "#storefront-inventory on chat, pager rotation storefront-primary and storefront-secondary"
	var items []string
	for i := range 3 {
		items = append(items, fmt.Sprintf(`{"metadata":{"name":"w%d","annotations":{"contact":%q,"description":"Widget %d: %s"}},"spec":{"tags":[%q,"storefront"]}}`,
			i, contact, i, strings.Repeat("unique text ", 8), strings.Repeat("a-long-tag-value-", 5)))
	}
	var list examplev1.WidgetList
	if err := Unmarshal([]byte(`{"items":[`+strings.Join(items, ",")+`]}`), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 3 {
		t.Fatalf("decoded %d items, want 3", len(list.Items))
	}
	same := func(x, y string) bool { return x == y && unsafe.StringData(x) == unsafe.StringData(y) }
	second, third := list.Items[1], list.Items[2]
	if !same(second.Annotations["contact"], third.Annotations["contact"]) || second.Annotations["contact"] != contact {
		t.Error("a long annotation value seen before is not one string")
	}
	if !same(second.Spec.Tags[0], third.Spec.Tags[0]) {
		t.Error("a long list element seen before is not one string")
	}
	if !same(list.Items[0].Spec.Tags[1], third.Spec.Tags[1]) {
		t.Error("a short list element is not one string")
	}
	if d := third.Annotations["description"]; !strings.HasPrefix(d, "Widget 2: unique") {
		t.Errorf("description = %q", d)
	}
}

func TestInternerTakesLongValuesOnlyWhenTheyRecur(t *testing.T) {
	var in interner
	once, twice := []byte(strings.Repeat("o", 100)), []byte(strings.Repeat("t", 100))
	if _, ok := in.recurring(once); ok {
		t.Fatal("a value seen for the first time counts as recurring")
	}
	if _, ok := in.recurring(twice); ok {
		t.Fatal("a value seen for the first time counts as recurring")
	}
	s1, ok1 := in.recurring(twice)
	s2, ok2 := in.recurring(twice)
	if !ok1 || !ok2 || s1 != string(twice) || unsafe.StringData(s1) != unsafe.StringData(s2) {
		t.Fatalf("a recurring value is not interned: %v %v", ok1, ok2)
	}
	if _, ok := in.strings[string(once)]; ok || len(in.strings) != 1 {
		t.Errorf("the table holds %d strings, values seen once included: %v", len(in.strings), ok)
	}
	if _, ok := in.recurring([]byte(strings.Repeat("x", internMaxRecurring+1))); ok {
		t.Error("a document longer than internMaxRecurring was interned")
	}
	for i := range seenEntries + 5 {
		in.recurring(fmt.Appendf(nil, "%0100d", i))
	}
	if len(in.seen) > seenEntries {
		t.Errorf("%d hashes remembered, more than %d", len(in.seen), seenEntries)
	}
}
