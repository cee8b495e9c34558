package rest

import (
	"context"
	"fmt"
	"io"
	"net/http"
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
	resp, err := r.send(ctx, watchKind)
	if err != nil {
		cancel()
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer cancel()
		return nil, r.errorFromResponse(resp)
	}
	contentType := resp.Header.Get("Content-Type")
	if contentType == "" {
		contentType = r.c.content.contentType
	}
	info, err := r.c.content.serializerInfo(contentType)
	if err == nil && info.StreamSerializer == nil {
		err = fmt.Errorf("no stream serializer for media type %q", info.MediaType)
	}
	if err != nil {
		_ = resp.Body.Close()
		cancel()
		return nil, r.wrapErr(fmt.Errorf("decoding watch stream: %w", err))
	}
	objectDecoder := r.c.content.serializer.DecoderToVersion(info.Serializer, r.c.content.groupVersioner())
	frames := info.StreamSerializer.Framer.NewFrameReader(resp.Body)
	dec := &watchDecoder{
		ctx:         ctx,
		cancel:      cancel,
		events:      streaming.NewDecoder(frames, info.StreamSerializer.Serializer),
		objects:     objectDecoder,
		contentType: contentType,
	}
	return watch.NewStreamWatcher(dec, apierrors.NewClientErrorReporter(http.StatusInternalServerError, r.verb, "ClientWatchDecoding")), nil
}

// watchDecoder turns metav1.WatchEvent frames into watch events.
type watchDecoder struct {
	ctx         context.Context
	cancel      context.CancelFunc
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
