// Package pager lists large collections in pages. It replaces client-go's
// k8s.io/client-go/tools/pager with the same names (ListPageFunc,
// SimplePageFunc, ListPager, New, List, ListWithAlloc, EachListItem,
// EachListItemWithAlloc) and the same fallback rules:
//
//   - Limit defaults to PageSize (500 in New); PageSize 0 asks for one
//     unpaginated list. The pager never changes Limit because of the
//     resourceVersion: a list at resourceVersion "0" is served by the API
//     server's watch cache, which ignores Limit. Whether a relist should turn
//     paging off (client-go's reflector does so for resourceVersions other than
//     "" and "0", so that the watch cache serves it) is the caller's choice;
//     RelistPageSize encodes that rule for reflectors.
//   - Continue requests clear resourceVersion and resourceVersionMatch, which
//     the server refuses next to a continue token; the first page's
//     resourceVersion is the list's.
//   - A 410 ResourceExpired answer to a continue request, with
//     FullListIfExpired (set by New), gives one unpaginated list at the
//     original resourceVersion and resourceVersionMatch. An expired first page
//     is returned as the error: the caller must pick another resourceVersion.
//
// What is different from client-go:
//
//   - List returns the first page's own list type (a *v1.WidgetList stays a
//     *v1.WidgetList) holding the items of every page, where client-go returns
//     a *metainternalversion.List of runtime.Objects once there is more than
//     one page. Pages are joined by appending their Items slices, so typed
//     items are copied once as values and never boxed as runtime.Objects; the
//     pages' own arrays are not retained. ListWithAlloc is therefore the same
//     as List and is kept for client-go's callers.
//   - All is a typed iterator (iter.Seq2[*T, error]) over a generated client's
//     List method, which client-go does not have.
package pager
