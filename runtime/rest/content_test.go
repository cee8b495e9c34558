package rest_test

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/runtime/serializer/cbor"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/clientgen/clientgen/runtime/codec"
	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/runtime/typed"
)

// protoGV stands for a k8s.io/api group version, which this module does not
// depend on: its kinds are metav1 types, which have generated protobuf code
// as every k8s.io/api type does. examplev1 (Widgets) is a custom resource
// group generated from plain Go structs.
var protoGV = schema.GroupVersion{Group: "proto.example.com", Version: "v1"}

func contentScheme(tb testing.TB) *runtime.Scheme {
	tb.Helper()
	s := runtime.NewScheme()
	metav1.AddToGroupVersion(s, schema.GroupVersion{Version: "v1"})
	metav1.AddToGroupVersion(s, protoGV)
	s.AddKnownTypes(protoGV, &metav1.PartialObjectMetadata{}, &metav1.PartialObjectMetadataList{})
	utilruntime.Must(examplev1.AddToScheme(s))
	return s
}

// generatedClient builds a REST client for gv the way generated
// NewForConfigAndClient does: ForGroupVersion, then runtime/codec's
// negotiated serializer (unless plain is set, as a hand-written client
// might), then RESTClientForConfigAndClient.
func generatedClient(tb testing.TB, host string, gv schema.GroupVersion, plain bool, mutate func(*rest.Config)) *rest.RESTClient {
	tb.Helper()
	s := contentScheme(tb)
	cfg := &rest.Config{Host: host, QPS: -1, RetryPolicy: fastRetries(), Logger: quietLogger}
	if mutate != nil {
		mutate(cfg)
	}
	config := rest.ForGroupVersion(cfg, gv, serializer.NewCodecFactory(s))
	if !plain {
		config.NegotiatedSerializer = codec.NegotiatedSerializer(s, config.NegotiatedSerializer)
	}
	c, err := rest.RESTClientForConfigAndClient(config, http.DefaultClient)
	if err != nil {
		tb.Fatalf("RESTClientForConfigAndClient: %v", err)
	}
	return c
}

// seenRequest is what a test server records of a request.
type seenRequest struct {
	method, contentType, accept string
	body                        []byte
}

// recorder records every request a test server receives.
type recorder struct {
	mu   sync.Mutex
	seen []seenRequest
}

func (rec *recorder) record(r *http.Request) seenRequest {
	body, _ := io.ReadAll(r.Body)
	s := seenRequest{method: r.Method, contentType: r.Header.Get("Content-Type"), accept: r.Header.Get("Accept"), body: body}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.seen = append(rec.seen, s)
	return s
}

func (rec *recorder) requests() []seenRequest {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return slices.Clone(rec.seen)
}

func (rec *recorder) contentTypes() []string {
	var out []string
	for _, s := range rec.requests() {
		out = append(out, s.contentType)
	}
	return out
}

func (rec *recorder) accepts() []string {
	var out []string
	for _, s := range rec.requests() {
		out = append(out, s.accept)
	}
	return out
}

const successStatus = `{"kind":"Status","apiVersion":"v1","status":"Success"}`

func partialObject(name string) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{Kind: "PartialObjectMetadata", APIVersion: protoGV.String()}, ObjectMeta: metav1.ObjectMeta{Name: name}}
}

func widget(name string) *examplev1.Widget {
	return &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}, Spec: examplev1.WidgetSpec{Size: 3, Color: "blue", Tags: []string{"a", "b"}}}
}

func TestTypedClientsChooseTheirContentType(t *testing.T) {
	const protoAccept, cborAccept = "application/vnd.kubernetes.protobuf, application/json", "application/cbor, application/json"
	for _, tc := range []struct {
		name              string
		gv                schema.GroupVersion
		plain             bool
		mutate            func(*rest.Config)
		body              runtime.Object
		contentType, want string
	}{
		{name: "a client of types with protobuf code prefers protobuf with a JSON fallback", gv: protoGV, body: partialObject("p"),
			contentType: rest.ContentTypeProtobuf, want: protoAccept},
		{name: "a client of custom resources uses JSON", gv: examplev1.SchemeGroupVersion, body: widget("w"),
			contentType: "application/json", want: "application/json"},
		{name: "PreferCBOR makes a custom resource client use CBOR with a JSON fallback", gv: examplev1.SchemeGroupVersion, body: widget("w"),
			mutate: func(c *rest.Config) { c.PreferCBOR = true }, contentType: rest.ContentTypeCBOR, want: cborAccept},
		{name: "protobuf wins over PreferCBOR for types with protobuf code", gv: protoGV, body: partialObject("p"),
			mutate: func(c *rest.Config) { c.PreferCBOR = true }, contentType: rest.ContentTypeProtobuf, want: protoAccept},
		{name: "a ContentType set in the Config wins", gv: protoGV, body: partialObject("p"),
			mutate: func(c *rest.Config) { c.ContentType = "application/json" }, contentType: "application/json", want: "application/json"},
		{name: "an AcceptContentTypes set in the Config wins and leaves bodies in JSON", gv: protoGV, body: partialObject("p"),
			mutate: func(c *rest.Config) { c.AcceptContentTypes = "application/json;q=0.9, application/yaml" }, contentType: "application/json", want: "application/json;q=0.9, application/yaml"},
		{name: "a ContentType of CBOR set in the Config is used without PreferCBOR", gv: examplev1.SchemeGroupVersion, body: widget("w"),
			mutate: func(c *rest.Config) { c.ContentType = rest.ContentTypeCBOR }, contentType: rest.ContentTypeCBOR, want: cborAccept},
		{name: "a serializer that cannot tell which types have protobuf code means JSON", gv: protoGV, plain: true, body: partialObject("p"),
			contentType: "application/json", want: "application/json"},
		{name: "PreferCBOR with a serializer without CBOR means JSON", gv: examplev1.SchemeGroupVersion, plain: true, body: widget("w"),
			mutate: func(c *rest.Config) { c.PreferCBOR = true }, contentType: "application/json", want: "application/json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec.record(r)
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, successStatus)
			}))
			c := generatedClient(t, srv.URL, tc.gv, tc.plain, tc.mutate)
			if err := c.Post().Resource("things").Body(tc.body).Do(t.Context()).Error(); err != nil {
				t.Fatal(err)
			}
			if err := c.Get().Resource("things").Do(t.Context()).Error(); err != nil {
				t.Fatal(err)
			}
			got := rec.requests()
			if len(got) != 2 {
				t.Fatalf("%d requests, want 2", len(got))
			}
			if got[0].contentType != tc.contentType {
				t.Errorf("Content-Type of the POST = %q, want %q", got[0].contentType, tc.contentType)
			}
			for _, r := range got {
				if r.accept != tc.want {
					t.Errorf("Accept of the %s = %q, want %q", r.method, r.accept, tc.want)
				}
			}
		})
	}
}

// refusingServer answers a body in protobuf or CBOR with 415 and an Accept
// without JSON with 406, as an API server without the
// CBORServingAndStorage feature (or a custom resource's handler, for
// protobuf) does, and anything else with a JSON Status.
func refusingServer(t *testing.T, rec *recorder) string {
	t.Helper()
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := rec.record(r)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case len(s.body) > 0 && !strings.HasPrefix(s.contentType, "application/json"):
			w.WriteHeader(http.StatusUnsupportedMediaType)
			_, _ = io.WriteString(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"UnsupportedMediaType","code":415,"message":"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml"}`)
		case !strings.Contains(s.accept, "application/json"):
			w.WriteHeader(http.StatusNotAcceptable)
			_, _ = io.WriteString(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotAcceptable","code":406,"message":"only the following media types are accepted: application/json, application/yaml"}`)
		default:
			_, _ = io.WriteString(w, successStatus)
		}
	}))
	return srv.URL
}

func TestARefusedFormatFallsBackToJSONForGood(t *testing.T) {
	for _, tc := range []struct {
		name      string
		gv        schema.GroupVersion
		mutate    func(*rest.Config)
		body      runtime.Object
		firstType string
	}{
		{"a 415 to CBOR makes the client send JSON, this request and every later one", examplev1.SchemeGroupVersion,
			func(c *rest.Config) { c.PreferCBOR = true }, widget("w"), rest.ContentTypeCBOR},
		{"a 415 to protobuf makes the client send JSON, this request and every later one", protoGV,
			nil, partialObject("p"), rest.ContentTypeProtobuf},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			c := generatedClient(t, refusingServer(t, rec), tc.gv, false, tc.mutate)
			if err := c.Post().Resource("things").Body(tc.body).Do(t.Context()).Error(); err != nil {
				t.Fatalf("the first POST: %v", err)
			}
			if diff := cmp.Diff([]string{tc.firstType, "application/json"}, rec.contentTypes()); diff != "" {
				t.Fatalf("the first POST was sent twice, refused then in JSON; Content-Types (-want +got):\n%s", diff)
			}
			if err := c.Put().Resource("things").Name("x").Body(tc.body).Do(t.Context()).Error(); err != nil {
				t.Fatalf("the PUT: %v", err)
			}
			if err := c.Get().Resource("things").Do(t.Context()).Error(); err != nil {
				t.Fatalf("the GET: %v", err)
			}
			got := rec.requests()
			if len(got) != 4 {
				t.Fatalf("%d requests, want 4: the refused POST, the POST again, the PUT and the GET once each", len(got))
			}
			if got[2].contentType != "application/json" || got[2].accept != "application/json" || got[3].accept != "application/json" {
				t.Errorf("after the fallback: PUT Content-Type %q Accept %q, GET Accept %q; want application/json throughout", got[2].contentType, got[2].accept, got[3].accept)
			}
		})
	}
	t.Run("a 406 to an Accept of CBOR only makes the client accept JSON, this request and every later one", func(t *testing.T) {
		rec := &recorder{}
		c := generatedClient(t, refusingServer(t, rec), examplev1.SchemeGroupVersion, false, func(c *rest.Config) {
			c.ContentType, c.AcceptContentTypes = rest.ContentTypeCBOR, rest.ContentTypeCBOR
		})
		for i := range 2 {
			if err := c.Get().Resource("things").Do(t.Context()).Error(); err != nil {
				t.Fatalf("GET %d: %v", i, err)
			}
		}
		if diff := cmp.Diff([]string{"application/cbor", "application/json", "application/json"}, rec.accepts()); diff != "" {
			t.Errorf("Accept headers (-want +got):\n%s", diff)
		}
		if err := c.Post().Resource("things").Body(widget("w")).Do(t.Context()).Error(); err != nil {
			t.Fatalf("POST: %v", err)
		}
		if got := rec.requests(); len(got) != 4 || got[3].contentType != "application/json" {
			t.Errorf("requests %+v: want the POST sent once, in JSON", got)
		}
	})
	t.Run("bytes in a refused format are not sent again, but the client remembers", func(t *testing.T) {
		rec := &recorder{}
		c := generatedClient(t, refusingServer(t, rec), examplev1.SchemeGroupVersion, false, func(c *rest.Config) { c.PreferCBOR = true })
		err := c.Post().Resource("things").Body([]byte{0xd9, 0xd9, 0xf7, 0xa0}).Do(t.Context()).Error()
		if !apierrors.IsUnsupportedMediaType(err) {
			t.Fatalf("error = %v, want the server's 415", err)
		}
		if err := c.Post().Resource("things").Body(widget("w")).Do(t.Context()).Error(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{rest.ContentTypeCBOR, "application/json"}, rec.contentTypes()); diff != "" {
			t.Errorf("Content-Types (-want +got):\n%s", diff)
		}
	})
	t.Run("a 415 to a body whose Content-Type the caller set is the caller's to handle", func(t *testing.T) {
		rec := &recorder{}
		c := generatedClient(t, refusingServer(t, rec), examplev1.SchemeGroupVersion, false, func(c *rest.Config) { c.PreferCBOR = true })
		err := c.Patch("application/apply-patch+cbor").Resource("things").Name("x").Body([]byte{0xa0}).Do(t.Context()).Error()
		if !apierrors.IsUnsupportedMediaType(err) {
			t.Fatalf("error = %v, want the server's 415", err)
		}
		if err := c.Get().Resource("things").Do(t.Context()).Error(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"application/cbor, application/json", "application/cbor, application/json"}, rec.accepts()); diff != "" {
			t.Errorf("Accept headers (-want +got): the client must still prefer CBOR:\n%s", diff)
		}
	})
}

func TestAProtobufWatchStreamIsLengthDelimitedEvents(t *testing.T) {
	s := contentScheme(t)
	objects := protobuf.NewSerializer(s, s)
	events := protobuf.NewRawSerializer(s, s)
	rec := &recorder{}
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		w.Header().Set("Content-Type", "application/vnd.kubernetes.protobuf;stream=watch")
		frames := protobuf.LengthDelimitedFramer.NewFrameWriter(w)
		send := func(typ watch.EventType, obj runtime.Object) {
			raw, err := runtime.Encode(objects, obj)
			if err != nil {
				t.Errorf("encoding %T: %v", obj, err)
			}
			var ev bytes.Buffer
			if err := events.Encode(&metav1.WatchEvent{Type: string(typ), Object: runtime.RawExtension{Raw: raw}}, &ev); err != nil {
				t.Errorf("encoding the event: %v", err)
			}
			_, _ = frames.Write(ev.Bytes())
		}
		send(watch.Added, partialObject("first"))
		modified := partialObject("first")
		modified.Labels = map[string]string{"changed": "yes"}
		send(watch.Modified, modified)
		send(watch.Error, &metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusFailure, Reason: metav1.StatusReasonExpired, Code: 410, Message: "too old resource version"})
	}))
	c := generatedClient(t, srv.URL, protoGV, false, nil)
	w, err := c.Get().Resource("partialobjectmetadatas").Param("watch", "true").Watch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	var got []string
	for ev := range w.ResultChan() {
		switch o := ev.Object.(type) {
		case *metav1.PartialObjectMetadata:
			got = append(got, string(ev.Type)+" "+o.Name+" "+o.Labels["changed"])
		case *metav1.Status:
			got = append(got, string(ev.Type)+" "+string(o.Reason))
		default:
			t.Errorf("%s event with a %T", ev.Type, ev.Object)
		}
	}
	if diff := cmp.Diff([]string{"ADDED first ", "MODIFIED first yes", "ERROR Expired"}, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if a := rec.accepts(); len(a) != 1 || a[0] != "application/vnd.kubernetes.protobuf, application/json" {
		t.Errorf("Accept = %q, want protobuf with a JSON fallback", a)
	}
}

func TestACBORClientRoundTripsCustomResources(t *testing.T) {
	s := contentScheme(t)
	info := cbor.NewSerializerInfo(s, s)
	codecs := serializer.NewCodecFactory(s, serializer.WithSerializer(cbor.NewSerializerInfo)).WithoutConversion()
	enc := codecs.EncoderForVersion(info.Serializer, examplev1.SchemeGroupVersion)
	stored := map[string]*examplev1.Widget{}
	var mu sync.Mutex
	rec := &recorder{}
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := rec.record(r)
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", rest.ContentTypeCBOR)
		switch {
		case r.Method == http.MethodPost:
			obj := &examplev1.Widget{}
			if _, _, err := info.Serializer.Decode(req.body, nil, obj); err != nil {
				t.Errorf("the server cannot decode the body as CBOR: %v", err)
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			obj.ResourceVersion = "1"
			stored[obj.Name] = obj
			w.WriteHeader(http.StatusCreated)
			_ = enc.Encode(obj, w)
		case r.URL.Query().Get("watch") == "true":
			w.Header().Set("Content-Type", "application/cbor-seq")
			frames := info.StreamSerializer.Framer.NewFrameWriter(w)
			for _, obj := range stored {
				raw, err := runtime.Encode(enc, obj)
				if err != nil {
					t.Errorf("encoding: %v", err)
				}
				if err := info.StreamSerializer.Serializer.Encode(&metav1.WatchEvent{Type: string(watch.Added), Object: runtime.RawExtension{Raw: raw}}, frames); err != nil {
					t.Errorf("encoding the event: %v", err)
				}
			}
		case strings.HasSuffix(r.URL.Path, "/widgets"):
			list := &examplev1.WidgetList{}
			for _, obj := range stored {
				list.Items = append(list.Items, *obj)
			}
			_ = enc.Encode(list, w)
		default:
			obj, ok := stored[r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]]
			if !ok {
				w.WriteHeader(http.StatusNotFound)
				_ = enc.Encode(&metav1.Status{Status: metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: 404, Message: "not found"}, w)
				return
			}
			_ = enc.Encode(obj, w)
		}
	}))
	rc := generatedClient(t, srv.URL, examplev1.SchemeGroupVersion, false, func(c *rest.Config) { c.PreferCBOR = true })
	widgets := typed.NewClientWithList("widgets", rest.Interface(rc), runtime.NewParameterCodec(s), "ns",
		func() *examplev1.Widget { return &examplev1.Widget{} }, func() *examplev1.WidgetList { return &examplev1.WidgetList{} })

	want := widget("w1")
	created, err := widgets.Create(t.Context(), want, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if created.ResourceVersion != "1" || !cmp.Equal(created.Spec, want.Spec) {
		t.Errorf("Create returned %+v", created)
	}
	got, err := widgets.Get(t.Context(), "w1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(got.Spec, want.Spec) || got.Name != "w1" {
		t.Errorf("Get returned %+v", got)
	}
	if _, err := widgets.Get(t.Context(), "missing", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("Get of a missing Widget: %v, want the CBOR Status as NotFound", err)
	}
	list, err := widgets.List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || !cmp.Equal(list.Items[0].Spec, want.Spec) {
		t.Errorf("List returned %+v", list)
	}
	wi, err := widgets.Watch(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer wi.Stop()
	ev, ok := nextEvent(t, wi)
	if obj, isWidget := ev.Object.(*examplev1.Widget); !ok || ev.Type != watch.Added || !isWidget || !cmp.Equal(obj.Spec, want.Spec) {
		t.Errorf("watch event %s %#v", ev.Type, ev.Object)
	}
	for _, r := range rec.requests() {
		if r.accept != "application/cbor, application/json" {
			t.Errorf("%s Accept = %q, want CBOR with a JSON fallback", r.method, r.accept)
		}
		if r.method == http.MethodPost && r.contentType != rest.ContentTypeCBOR {
			t.Errorf("POST Content-Type = %q, want CBOR", r.contentType)
		}
	}
}
