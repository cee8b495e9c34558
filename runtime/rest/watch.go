package rest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/apimachinery/pkg/watch"
)

// Watch sends the request (callers ask for a watch with ListOptions{Watch:
// true} via VersionedParams) and decodes the event stream. Config.Timeout
// does not apply; cancel ctx or call Stop to end the watch. Either closes
// the result channel and releases the connection.
func (r *Request) Watch(ctx context.Context) (watch.Interface, error) {
	ctx, cancel := r.context(ctx, watchKind)
	resp, body, err := r.send(ctx, watchKind)
	if err != nil {
		cancel()
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer cancel()
		if body == nil { // a 2xx other than 200: the body is still open
			_ = resp.Body.Close()
		}
		return nil, r.errorFromResponse(resp, body)
	}
	contentType := resp.Header.Get("Content-Type")
	if contentType == "" {
		contentType = r.content.contentType
	}
	info, err := r.content.streamSerializerInfo(contentType)
	if err == nil && info.StreamSerializer == nil {
		err = fmt.Errorf("no stream serializer for media type %q", info.MediaType)
	}
	if err != nil {
		_ = resp.Body.Close()
		cancel()
		return nil, r.wrapErr(fmt.Errorf("decoding watch stream: %w", err))
	}
	objectDecoder := r.content.serializer.DecoderToVersion(info.Serializer, r.content.groupVersioner())
	stream := &readErrRecorder{ReadCloser: resp.Body}
	frames := info.StreamSerializer.Framer.NewFrameReader(stream)
	dec := &watchDecoder{
		ctx:         ctx,
		cancel:      cancel,
		stream:      stream,
		events:      streaming.NewDecoder(frames, info.StreamSerializer.Serializer),
		objects:     objectDecoder,
		contentType: contentType,
		logger:      r.c.logger,
		what:        r.verb + " " + r.urlForErrors(),
	}
	return watch.NewStreamWatcher(dec, apierrors.NewClientErrorReporter(http.StatusInternalServerError, r.verb, "ClientWatchDecoding")), nil
}

// watchDecoder turns metav1.WatchEvent frames into watch events.
type watchDecoder struct {
	ctx         context.Context
	cancel      context.CancelFunc
	stream      *readErrRecorder
	logger      *slog.Logger
	what        string
	events      streaming.Decoder
	objects     runtime.Decoder
	contentType string
	closed      atomic.Bool
}

var _ watch.Decoder = (*watchDecoder)(nil)

func (d *watchDecoder) Decode() (watch.EventType, runtime.Object, error) {
	var ev metav1.WatchEvent
	out, _, err := d.events.Decode(nil, &ev)
	if err != nil {
		// A read error after Stop or context cancellation is the expected
		// way a watch ends; report it as a clean end of stream so the
		// StreamWatcher closes its channel instead of emitting an error
		// nobody may be reading.
		if d.closed.Load() || d.ctx.Err() != nil {
			return "", nil, io.EOF
		}
		// A lost connection (reset, dropped mid-stream, closed by the
		// HTTP/2 health check) ends the watch the way a server-side
		// timeout does: the channel closes and the caller watches again
		// from its last resourceVersion. Only undecodable data becomes an
		// ERROR event.
		//
		// The end of the body alone does not say which happened: over
		// HTTP/1.1 (a Content-Length, or a last chunk that arrives with
		// the data) io.EOF comes with the final bytes, so a decoder may
		// see both the EOF and undecodable data, such as an HTML page
		// served with 200 or a malformed last event. The decode error
		// decides: EOF or an unexpected EOF is the stream ending
		// (possibly mid-event); anything else is bad data.
		readErr := d.stream.err()
		switch {
		case readErr != nil && readErr != io.EOF:
			d.logger.Debug("watch connection lost", "request", d.what, "error", readErr)
			return "", nil, io.EOF
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return "", nil, io.EOF
		}
		return "", nil, err
	}
	if out != &ev {
		return "", nil, fmt.Errorf("unexpected watch frame type %T", out)
	}
	switch t := watch.EventType(ev.Type); t {
	case watch.Added, watch.Modified, watch.Deleted, watch.Bookmark:
		obj, err := runtime.Decode(d.objects, ev.Object.Raw)
		if err != nil {
			return "", nil, fmt.Errorf("decoding %s event object: %w", t, err)
		}
		return t, obj, nil
	case watch.Error:
		// Always surface server-side errors as *metav1.Status so callers
		// can use apierrors.FromObject whatever the object decoder is.
		st, ok := decodeStatus(d.objects, d.contentType, ev.Object.Raw)
		if !ok {
			return "", nil, fmt.Errorf("decoding ERROR event: object is not a Status: %s", bodySnippet(ev.Object.Raw))
		}
		return t, st, nil
	default:
		return "", nil, fmt.Errorf("unknown watch event type %q", ev.Type)
	}
}

// Close ends the stream and releases the request context; StreamWatcher
// calls it exactly once.
func (d *watchDecoder) Close() {
	d.closed.Store(true)
	_ = d.events.Close()
	d.cancel()
}

// readErrRecorder remembers the first read error of the response body so
// the decoder can tell a lost connection from undecodable data.
type readErrRecorder struct {
	io.ReadCloser
	mu      sync.Mutex
	readErr error
}

func (r *readErrRecorder) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil {
		r.mu.Lock()
		if r.readErr == nil {
			r.readErr = err
		}
		r.mu.Unlock()
	}
	return n, err
}

func (r *readErrRecorder) err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.readErr
}
