package rest

import "net/http"

// wrapTransport applies Config.WrapTransport to the connection-level
// transport. CloseIdleConnections keeps reaching the transport underneath:
// a wrapper such as otelhttp's does not forward it, and http.Client only
// calls it on a RoundTripper that has it.
func wrapTransport(c *Config, next idleCloser) idleCloser {
	if c.WrapTransport == nil {
		return next
	}
	rt := c.WrapTransport(next)
	if rt == nil {
		// A wrapper that returns nil means "nothing to add".
		return next
	}
	return &wrappedTransport{RoundTripper: rt, inner: next}
}

// wrappedTransport is a user's wrapper over the transport.
type wrappedTransport struct {
	http.RoundTripper
	inner idleCloser
}

// CloseIdleConnections closes the idle connections of the transport
// underneath, and of the wrapper when it keeps any of its own.
func (w *wrappedTransport) CloseIdleConnections() {
	if c, ok := w.RoundTripper.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
	w.inner.CloseIdleConnections()
}
