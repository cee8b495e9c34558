package workqueue_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/clientgen/clientgen/runtime/workqueue"
)

// A controller's loop: handlers Add keys, a worker takes them one at a time,
// failures come back rate limited, successes are forgotten.
func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	queue := workqueue.NewTypedRateLimitingQueueWithConfig(
		workqueue.DefaultTypedControllerRateLimiter[string](),
		workqueue.TypedRateLimitingQueueConfig[string]{Name: "foos"},
	)
	// Get does not take a context: shutting the queue down is what ends the
	// workers.
	go func() {
		<-ctx.Done()
		queue.ShutDown()
	}()

	failedOnce := map[string]bool{}
	reconcile := func(key string) error {
		if key == "default/b" && !failedOnce[key] {
			failedOnce[key] = true
			return errors.New("conflict")
		}
		return nil
	}
	processNext := func() bool {
		key, shutdown := queue.Get()
		if shutdown {
			return false
		}
		defer queue.Done(key)
		if err := reconcile(key); err != nil {
			fmt.Printf("%s: %v, retry %d\n", key, err, queue.NumRequeues(key)+1)
			queue.AddRateLimited(key)
			return true
		}
		queue.Forget(key)
		fmt.Printf("%s: synced\n", key)
		if key == "default/b" {
			cancel() // the example ends here
		}
		return true
	}

	queue.Add("default/a")
	queue.Add("default/b")
	queue.Add("default/a") // already queued: no second entry
	for processNext() {
	}
	// Output:
	// default/a: synced
	// default/b: conflict, retry 1
	// default/b: synced
}
