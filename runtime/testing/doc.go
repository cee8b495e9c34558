// Package testing is the fake API server behind generated fake clientsets
// (<clientset>/fake): an ObjectTracker that stores objects the way the API
// server does, a Fake that records every call as an Action and answers it
// through chains of reactors, and those Actions. Its names are client-go's
// (k8s.io/client-go/testing), so tests written against client-go's fakes
// port over by changing imports; import it under an alias such as
// clienttesting.
//
// The tracker behaves like the server on what unit tests rely on, and a
// scenario suite (internal/scenario) runs the same assertions against the
// fake and a real kube-apiserver:
//
//   - one resourceVersion counter orders every write; a write that changes
//     nothing is not a write;
//   - create sets uid, creationTimestamp and resourceVersion and honours
//     generateName; an existing name is AlreadyExists, a missing one
//     NotFound; an update or patch with a stale resourceVersion (or another
//     uid) is a Conflict;
//   - list and watch filter by label and field selectors; list pages with
//     Limit and Continue; a watch starts with the current objects, or
//     replays the changes after a List's resourceVersion, and sees objects
//     enter and leave its selectors as ADDED and DELETED;
//   - the status subresource: update leaves the status alone and
//     UpdateStatus changes only the status;
//   - delete honours preconditions and finalizers; delete-collection deletes;
//   - server-side apply (apply.go), the one apply of generated fake
//     clientsets and the fake dynamic client: apimachinery's field manager
//     keeps managedFields, answers a change of another manager's field
//     with a 409 Conflict naming managers and fields unless forced, and
//     removes a field its manager stops applying when no one else owns it;
//     create, update and patch with a field manager record it (operation
//     Update). Objects are typed for it by the converter given to
//     SetTypeConverter (a generated fake clientset's is its apply
//     configurations' schema, so keyed lists merge by key), else deduced
//     from the objects with lists atomic.
//
// What it does not do: validation, defaulting, metadata.generation,
// managedFields of writes without a field manager (the server records the
// client's user agent; a fake has none, so the stored ones are kept),
// garbage collection and propagation policies,
// conversion between the versions of a group (each version is a resource of
// its own here, where the server stores one object), field selectors on
// fields the server does not index (they are evaluated on any field here
// and rejected there), and the server's refusal of unconditional updates
// and strategic merge patches of typed custom resources (the tracker cannot
// tell them from built-in kinds; Unstructured objects do get 415 for
// strategic merge patches). Proxy requests (ProxyGetAction) are answered
// only by the proxy reactors a test adds (AddProxyReactor): there is no
// pod or service behind the tracker to proxy to.
package testing
