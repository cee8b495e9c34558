// Package watch keeps a watch open across server timeouts, restarts and
// errors without an informer's cache. It replaces client-go's
// k8s.io/client-go/tools/watch RetryWatcher, with the same constructor
// (NewRetryWatcherWithContext), methods (ResultChan, Stop, Done) and rules:
//
//   - the watch starts at the caller's resourceVersion; "" and "0" are
//     refused, because a watch from there begins with a synthetic ADDED event
//     for every object, which a resumed watch would send again;
//   - every event's resourceVersion becomes the one the next watch starts
//     from; BOOKMARK events advance it and are not passed on;
//   - a watch closed by the server, a timeout, or a retriable error (429,
//     500, 504, connection refused, EOF) re-watches from the last
//     resourceVersion; 401 and 403 end the watch with an ERROR event;
//   - an event whose object has no resourceVersion, or of an unknown type,
//     ends the watch with an ERROR event, since skipping it could skip data.
//
// What is different from client-go:
//
//   - Recovery from 410 Gone. client-go's RetryWatcher ends on an ERROR event
//     410 and retries a Watch call that answers 410 forever at the same,
//     expired resourceVersion. Here, given Options.List, a 410 either way
//     re-lists (at the last resourceVersion, unpaginated, so the API server's
//     watch cache answers; at "" with pages if that too has expired, as
//     client-go's reflector does), sends the list as one event of type
//     Resynced, and watches on from the list's resourceVersion. Without
//     Options.List both kinds of 410 end the watch with the 410 ERROR event.
//   - Backoff with jitter after failures (800 ms doubling to 30 s with jitter
//     1.0, client-go's reflector numbers; a server's Retry-After is a floor),
//     reset by the first event of a healthy watch. client-go's RetryWatcher
//     only spaces watch starts by one second, which k/k#87794 showed
//     synchronising thousands of clients after an outage. That one-second
//     spacing of watch starts is kept as well.
//   - An injectable clock (k8s.io/utils/clock), so tests need no sleeps.
//   - Watcher is any value with Watch(ctx, metav1.ListOptions); a generated
//     typed client is one.
package watch
