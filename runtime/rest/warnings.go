package rest

import (
	"log/slog"
	"sync"
)

// WarningHandler receives the "299" Warning headers of API responses (the
// API server sends them for deprecated APIs, dropped fields and admission
// webhook warnings). Implementations must be safe for concurrent use.
type WarningHandler interface {
	// HandleWarningHeader is called once per warning of a response, with
	// the warn-code (299), the warn-agent ("-" from the API server) and
	// the text.
	HandleWarningHeader(code int, agent, text string)
}

// NoWarnings is a WarningHandler that ignores every warning (they remain
// available from Result.Warnings).
type NoWarnings struct{}

// HandleWarningHeader does nothing.
func (NoWarnings) HandleWarningHeader(int, string, string) {}

// WarningLogger logs each distinct warning text once, at warn level. It is
// the default WarningHandler; a clientset shares one across its group
// clients (see WithSharedRateLimiter), so a deprecated API is reported once
// per clientset rather than once per request.
type WarningLogger struct {
	logger *slog.Logger

	mu   sync.Mutex
	seen map[string]bool
}

// NewWarningLogger returns a WarningLogger writing to logger (nil means
// slog.Default()).
func NewWarningLogger(logger *slog.Logger) *WarningLogger {
	return &WarningLogger{logger: logger, seen: map[string]bool{}}
}

// HandleWarningHeader logs text unless it was logged before.
func (w *WarningLogger) HandleWarningHeader(code int, agent, text string) {
	w.mu.Lock()
	dup := w.seen[text]
	w.seen[text] = true
	w.mu.Unlock()
	if dup {
		return
	}
	logger := w.logger
	if logger == nil {
		logger = slog.Default()
	}
	logger.Warn("API server warning", "warning", text, "agent", agent)
}

// warningHandlerFor is the single place the default handler is chosen.
func warningHandlerFor(c *Config) WarningHandler {
	if c.WarningHandler != nil {
		return c.WarningHandler
	}
	return NewWarningLogger(c.Logger)
}

// loggerFor is the single place the default logger is chosen.
func loggerFor(c *Config) *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}
