package rest

import (
	"context"
	"io"
)

// ResponseWrapper is a response that can be read whole (DoRaw) or as a
// stream. It has client-go's name and shape because the proxy reactors of a
// fake clientset (runtime/testing's ProxyReactionFunc) return one, so tests
// written against client-go's fake compile unchanged; *Request implements it.
type ResponseWrapper interface {
	DoRaw(context.Context) ([]byte, error)
	Stream(context.Context) (io.ReadCloser, error)
}

var _ ResponseWrapper = (*Request)(nil)
