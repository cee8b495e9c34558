package compare

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// ReplayHost is the Host of the clients that send through a Replay.
const ReplayHost = "http://replay.invalid"

// Replay is an in-memory http.RoundTripper that answers every watch request
// (?watch=true) with Watch and every other request with List, as
// application/json with a Content-Length. Both clients under comparison get
// the same bytes and headers, and no socket or server time is measured.
type Replay struct {
	List  []byte
	Watch []byte
}

// RoundTrip implements http.RoundTripper.
func (r *Replay) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	body := r.List
	if req.URL.Query().Get("watch") == "true" {
		body = r.Watch
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(body))}},
		ContentLength: int64(len(body)),
		Body:          io.NopCloser(bytes.NewReader(body)),
		Request:       req,
	}, nil
}
