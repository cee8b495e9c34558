// Package signals turns SIGINT and SIGTERM into a cancelled context, as
// k8s.io/sample-controller's pkg/signals does.
package signals

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// SetupSignalHandler returns a context that is cancelled on SIGINT or
// SIGTERM. A second signal exits the program with status 1, so an operator
// can force a shutdown that hangs.
//
// Unlike sample-controller's version it keeps no package-level state (that
// version panics when called twice); main calls it once.
func SetupSignalHandler() context.Context {
	c := make(chan os.Signal, 2)
	ctx, cancel := context.WithCancel(context.Background())
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-c
		cancel()
		<-c
		os.Exit(1) // second signal: exit directly.
	}()
	return ctx
}
