package rest_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/runtime/rest"
)

// Issue 14 #2: an error body is an API Status only when it says so (kind
// Status, status Failure), as client-go decides; otherwise the HTTP code
// alone classifies the error. A gateway's JSON must never make a 502 look
// like NotFound.
func TestErrorBodiesAreTakenForAStatusOnlyWhenTheyAreOne(t *testing.T) {
	tests := []struct {
		name string
		code int
		body string
		// check must hold, and checkFn names it.
		check   func(error) bool
		checkFn string
		// wantReason and wantCode are the resulting StatusError's.
		wantReason metav1.StatusReason
		wantCode   int32
		// wantInMsg must appear in err.Error().
		wantInMsg string
	}{
		{
			name: "a gateway's 502 whose JSON says 404 is an internal error, not NotFound",
			code: 502, body: `{"status":"error","code":404,"message":"no healthy upstream"}`,
			check: func(err error) bool { return !apierrors.IsNotFound(err) }, checkFn: "!IsNotFound",
			wantReason: metav1.StatusReasonInternalError, wantCode: 502, wantInMsg: "no healthy upstream",
		},
		{
			name: "a 404 whose JSON says ok is NotFound",
			code: 404, body: `{"status":"ok","code":200}`,
			check: apierrors.IsNotFound, checkFn: "IsNotFound",
			wantReason: metav1.StatusReasonNotFound, wantCode: 404,
		},
		{
			name: "a 500 whose JSON only has a status has a message",
			code: 500, body: `{"status":"down"}`,
			check: apierrors.IsInternalError, checkFn: "IsInternalError",
			wantReason: metav1.StatusReasonInternalError, wantCode: 500, wantInMsg: "down",
		},
		{
			name: "a 500 with a Success Status has a message",
			code: 500, body: `{"kind":"Status","apiVersion":"v1","status":"Success","code":200}`,
			check: apierrors.IsInternalError, checkFn: "IsInternalError",
			wantReason: metav1.StatusReasonInternalError, wantCode: 500, wantInMsg: "Success",
		},
		{
			name: "a kind-less Failure body is not a Status, as in client-go",
			code: 503, body: `{"status":"Failure","code":404,"reason":"NotFound","message":"gone"}`,
			check: func(err error) bool { return !apierrors.IsNotFound(err) }, checkFn: "!IsNotFound",
			wantReason: metav1.StatusReasonServiceUnavailable, wantCode: 503,
		},
		{
			name: "a real Status is still used",
			code: 404, body: `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"widgets \"w1\" not found","reason":"NotFound","code":404}`,
			check: apierrors.IsNotFound, checkFn: "IsNotFound",
			wantReason: metav1.StatusReasonNotFound, wantCode: 404, wantInMsg: `widgets "w1" not found`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.code)
				_, _ = w.Write([]byte(tt.body))
			}))
			c := newTestClient(t, srv.URL, widgetGV, func(c *rest.Config) { c.RetryPolicy = &rest.RetryPolicy{} })
			err := c.Get().Resource("widgets").Name("w1").Do(t.Context()).Into(&Widget{})
			var se *apierrors.StatusError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not a *StatusError", err, err)
			}
			if !tt.check(err) {
				t.Errorf("%s(%v) = false", tt.checkFn, err)
			}
			if se.ErrStatus.Reason != tt.wantReason || se.ErrStatus.Code != tt.wantCode {
				t.Errorf("reason, code = %s, %d; want %s, %d", se.ErrStatus.Reason, se.ErrStatus.Code, tt.wantReason, tt.wantCode)
			}
			if msg := err.Error(); strings.TrimSpace(msg) == "" || !strings.Contains(msg, tt.wantInMsg) {
				t.Errorf("message = %q, want it to contain %q", msg, tt.wantInMsg)
			}
		})
	}
}
