// Package v1 exercises the listers and informers: hand-written lister
// expansions (a <kind>_expansion.go and an expansion_generated.go without a
// generated-code banner in the golden tree), a kind with a lister but no
// informer (no watch) and one with an informer but no get.
//
// +groupName=shop.example.com
package v1
