package rest

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Result is the outcome of Request.Do: the response body plus the decoder
// for its content type, or an error.
type Result struct {
	body        []byte
	contentType string
	statusCode  int
	decoder     runtime.Decoder
	warnings    []string
	err         error
}

// Into decodes the body into obj. A failed Status returned with a 2xx code
// is reported as an error.
func (r Result) Into(obj runtime.Object) error {
	if r.err != nil {
		return r.err
	}
	if r.decoder == nil {
		return fmt.Errorf("rest: no decoder for response content type %q", r.contentType)
	}
	if len(r.body) == 0 {
		return fmt.Errorf("rest: empty response body (status %d, content type %q)", r.statusCode, r.contentType)
	}
	out, _, err := r.decoder.Decode(r.body, nil, obj)
	if err != nil {
		return fmt.Errorf("rest: decoding response into %T: %w", obj, err)
	}
	if out != obj {
		if st, ok := out.(*metav1.Status); ok && st.Status != metav1.StatusSuccess {
			return &apierrors.StatusError{ErrStatus: *st}
		}
	}
	return nil
}

// Get decodes the body into whatever type the serializer's scheme maps it
// to.
func (r Result) Get() (runtime.Object, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.decoder == nil {
		return nil, fmt.Errorf("rest: no decoder for response content type %q", r.contentType)
	}
	obj, err := runtime.Decode(r.decoder, r.body)
	if err != nil {
		return nil, fmt.Errorf("rest: decoding response: %w", err)
	}
	if st, ok := obj.(*metav1.Status); ok && st.Status != "" && st.Status != metav1.StatusSuccess {
		return nil, &apierrors.StatusError{ErrStatus: *st}
	}
	return obj, nil
}

// Raw returns the body and the error; on a server error both may be set.
func (r Result) Raw() ([]byte, error) { return r.body, r.err }

// Error returns the request's error, if any.
func (r Result) Error() error { return r.err }

// StatusCode stores the HTTP status code in *statusCode (0 if no response
// was received) and returns r for chaining.
func (r Result) StatusCode(statusCode *int) Result {
	*statusCode = r.statusCode
	return r
}

// Warnings returns the texts of the "299" Warning headers of the response.
func (r Result) Warnings() []string { return r.warnings }

// transformResponse turns a fully read response into a Result; non-2xx
// responses become *apierrors.StatusError.
func (r *Request) transformResponse(resp *http.Response, body []byte) Result {
	contentType := resp.Header.Get("Content-Type")
	if contentType == "" {
		contentType = r.content.contentType
	}
	res := Result{
		body:        body,
		contentType: contentType,
		statusCode:  resp.StatusCode,
		decoder:     r.content.decoder(contentType),
		warnings:    warningTexts(parseWarnings(resp.Header.Values("Warning"))),
	}
	if resp.StatusCode < http.StatusOK || resp.StatusCode > http.StatusPartialContent {
		res.err = r.statusError(resp, res.decoder, contentType, body)
	}
	return res
}

// statusError prefers the server's own metav1.Status; anything else becomes
// a generic StatusError so callers can still use apierrors.IsNotFound etc.
func (r *Request) statusError(resp *http.Response, decoder runtime.Decoder, contentType string, body []byte) error {
	if st, ok := decodeFailureStatus(decoder, contentType, body); ok {
		if st.Code == 0 {
			st.Code = int32(resp.StatusCode)
		}
		return &apierrors.StatusError{ErrStatus: *st}
	}
	retryAfter, _ := retryAfterSeconds(resp)
	return apierrors.NewGenericServerResponse(resp.StatusCode, r.verb, r.groupResource(), r.resourceName, bodySnippet(body), retryAfter, true)
}

// decodeFailureStatus recognises an error body that really is an API
// server's metav1.Status: kind Status and status Failure, which is what
// client-go checks. Anything else, such as a gateway's
// {"status":"error","code":404,"message":"no healthy upstream"} on a 502,
// must not be taken for one: its code would make apierrors.IsNotFound true
// and a controller could act on a live object as if it were deleted.
func decodeFailureStatus(decoder runtime.Decoder, contentType string, body []byte) (*metav1.Status, bool) {
	if isJSONMediaType(contentType) {
		// Decoding into a metav1.Status fills in a missing kind, so look
		// at the body itself.
		var meta struct {
			Kind string `json:"kind"`
		}
		if json.Unmarshal(body, &meta) != nil || meta.Kind != "Status" {
			return nil, false
		}
	}
	st, ok := decodeStatus(decoder, contentType, body)
	if !ok || st.Status != metav1.StatusFailure {
		return nil, false
	}
	return st, true
}

func isJSONMediaType(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"))
}

// decodeStatus decodes a metav1.Status body. It falls back to plain JSON
// because a negotiated serializer need not have metav1.Status registered.
// It is lenient (a Status without a kind is accepted) because the object
// of a watch ERROR event is a Status by definition; error responses go
// through decodeFailureStatus.
func decodeStatus(decoder runtime.Decoder, contentType string, body []byte) (*metav1.Status, bool) {
	if len(body) == 0 {
		return nil, false
	}
	if decoder != nil {
		st := &metav1.Status{}
		if out, _, err := decoder.Decode(body, nil, st); err == nil {
			if s, ok := out.(*metav1.Status); ok && s.Status != "" {
				return s, true
			}
		}
	}
	if isJSONMediaType(contentType) {
		st := &metav1.Status{}
		if json.Unmarshal(body, st) == nil && st.Kind == "Status" && st.Status != "" {
			return st, true
		}
	}
	return nil, false
}

// bodySnippet returns printable body text for an error message.
func bodySnippet(body []byte) string {
	if len(body) > maxErrorBodyBytes {
		body = body[:maxErrorBodyBytes]
	}
	s := strings.TrimSpace(string(body))
	if s == "" || !utf8.ValidString(s) {
		return "unknown"
	}
	return s
}

// warning is one parsed Warning header value.
type warning struct {
	code        int
	agent, text string
}

func warningTexts(ws []warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.text)
	}
	return out
}

// parseWarnings extracts the code-299 warnings (RFC 7234 section 5.5, the
// form the API server uses: 299 - "text"), deduplicated by text. Malformed
// header values are skipped from the point of the error on.
func parseWarnings(values []string) []warning {
	var out []warning
	seen := map[string]bool{}
	for _, v := range values {
		for v != "" {
			var code, agent, text string
			var err error
			code, agent, text, v, err = parseWarning(v)
			if err != nil {
				break
			}
			if code == "299" && text != "" && !seen[text] {
				seen[text] = true
				out = append(out, warning{code: 299, agent: agent, text: text})
			}
		}
	}
	return out
}

// parseWarning parses one warning-value and returns the rest of the header.
func parseWarning(s string) (code, agent, text, rest string, err error) {
	s = strings.TrimLeft(s, " \t,")
	if s == "" {
		return "", "", "", "", nil
	}
	code, s, ok := strings.Cut(s, " ")
	if !ok || len(code) != 3 {
		return "", "", "", "", errors.New("bad warn-code")
	}
	if agent, s, ok = strings.Cut(s, " "); !ok {
		return "", "", "", "", errors.New("bad warn-agent")
	}
	text, s, err = parseQuoted(s)
	if err != nil {
		return "", "", "", "", err
	}
	s = strings.TrimLeft(s, " \t")
	if strings.HasPrefix(s, `"`) { // optional warn-date
		if _, s, err = parseQuoted(s); err != nil {
			return "", "", "", "", err
		}
	}
	s = strings.TrimLeft(s, " \t")
	if s != "" && s[0] != ',' {
		return "", "", "", "", errors.New("unexpected data after warning")
	}
	return code, agent, text, s, nil
}

func parseQuoted(s string) (string, string, error) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", errors.New("missing quote")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			i++
			if i == len(s) {
				return "", "", errors.New("unterminated escape")
			}
			b.WriteByte(s[i])
		case '"':
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(c)
		}
	}
	return "", "", errors.New("unterminated quoted string")
}
