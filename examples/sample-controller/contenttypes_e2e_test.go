//go:build e2e

package main

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/rest"
)

// The content-type test of the generated k8s.io/api clients lives in this
// module because it is the one with k8s.io/api and a generated clientset of
// it; the custom-resource (CBOR) side is in the main module's
// e2e/contenttypes_test.go.

// wireExchange is one request and response as the client's transport saw them.
type wireExchange struct {
	method, query, contentType, accept string
	status                             int
	responseType                       string
}

func (e wireExchange) String() string {
	return fmt.Sprintf("%s ?%s [%s] accept %q -> %d %s", e.method, e.query, e.contentType, e.accept, e.status, e.responseType)
}

// wireRecorder records the exchanges under one path prefix.
type wireRecorder struct {
	prefix string
	mu     sync.Mutex
	seen   []wireExchange
}

func (w *wireRecorder) wrap(rt http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := rt.RoundTrip(req)
		if err != nil || !strings.HasPrefix(req.URL.Path, w.prefix) {
			return resp, err
		}
		responseType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		w.mu.Lock()
		defer w.mu.Unlock()
		w.seen = append(w.seen, wireExchange{method: req.Method, query: req.URL.RawQuery,
			contentType: req.Header.Get("Content-Type"), accept: req.Header.Get("Accept"), status: resp.StatusCode, responseType: responseType})
		return resp, nil
	})
}

func (w *wireRecorder) exchanges() []wireExchange {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]wireExchange(nil), w.seen...)
}

// TestGeneratedKubeClientsTalkProtobuf drives the generated core/v1 client
// (pkg/kube, generated from k8s.io/api) against the real server with no
// content type configured: it sends protobuf bodies, asks for protobuf
// with a JSON fallback, and the server answers every request, the watch
// included, in protobuf, which the client decodes. A ContentType set in
// the Config still wins.
func TestGeneratedKubeClientsTalkProtobuf(t *testing.T) {
	cfg := adminConfig(t)
	ns := freshNamespace(t, cfg)
	ctx := testContext(t)
	rec := &wireRecorder{prefix: "/api/v1/namespaces/" + ns + "/configmaps"}
	kube, _ := clientsets(t, cfg, rec.wrap)
	cms := kube.CoreV1().ConfigMaps(ns)

	want := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "proto", Labels: map[string]string{"wire": "protobuf"}},
		Data: map[string]string{"greeting": "hello"}, BinaryData: map[string][]byte{"raw": {0, 1, 2}}}
	created, err := cms.Create(ctx, want, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if created.UID == "" || created.Data["greeting"] != "hello" || string(created.BinaryData["raw"]) != "\x00\x01\x02" {
		t.Fatalf("Create returned %+v", created)
	}
	got, err := cms.Get(ctx, "proto", metav1.GetOptions{})
	if err != nil || got.UID != created.UID || got.Labels["wire"] != "protobuf" {
		t.Fatalf("Get: %+v, %v", got, err)
	}
	list, err := cms.List(ctx, metav1.ListOptions{LabelSelector: "wire=protobuf"})
	if err != nil || len(list.Items) != 1 || list.Items[0].UID != created.UID {
		t.Fatalf("List: %+v, %v", list, err)
	}
	w, err := cms.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion})
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	defer w.Stop()
	got.Data["greeting"] = "hello again"
	if _, err := cms.Update(ctx, got, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	select {
	case ev, ok := <-w.ResultChan():
		cm, isCM := ev.Object.(*corev1.ConfigMap)
		if !ok || ev.Type != watch.Modified || !isCM || cm.Data["greeting"] != "hello again" {
			t.Fatalf("watch event %v %#v (open %t), want MODIFIED with the new greeting", ev.Type, ev.Object, ok)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no watch event within 30s of the update")
	}
	if err := cms.Delete(ctx, "proto", metav1.DeleteOptions{}); err != nil {
		t.Fatalf("Delete: %v", err)
	}

	seen := rec.exchanges()
	if len(seen) != 6 {
		t.Errorf("%d configmaps requests, want 6 (create, get, list, watch, update, delete): %v", len(seen), seen)
	}
	for _, e := range seen {
		if e.accept != "application/vnd.kubernetes.protobuf, application/json" || e.responseType != rest.ContentTypeProtobuf || e.status >= 300 {
			t.Errorf("%v: want Accept protobuf with a JSON fallback and a protobuf response", e)
		}
		if e.method != http.MethodGet && e.contentType != rest.ContentTypeProtobuf {
			t.Errorf("%v: want a protobuf body", e)
		}
	}

	t.Run("a ContentType set in the Config wins", func(t *testing.T) {
		jsonCfg := adminConfig(t)
		jsonCfg.ContentType = "application/json"
		rec := &wireRecorder{prefix: "/api/v1/namespaces/" + ns + "/configmaps"}
		kube, _ := clientsets(t, jsonCfg, rec.wrap)
		if _, err := kube.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "json"}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		seen := rec.exchanges()
		if len(seen) != 1 || seen[0].contentType != "application/json" || seen[0].accept != "application/json" || seen[0].responseType != "application/json" {
			t.Errorf("exchanges %v: want one JSON request and response", seen)
		}
	})
}
