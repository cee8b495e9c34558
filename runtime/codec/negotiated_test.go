package codec

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/watch"

	examplev1 "github.com/clientgen/clientgen/runtime/internal/example/v1"
	"github.com/clientgen/clientgen/runtime/rest"
	"github.com/clientgen/clientgen/runtime/typed"
)

func TestNegotiatedSerializerReplacesOnlyJSONDecoding(t *testing.T) {
	scheme := testScheme()
	base := serializer.NewCodecFactory(scheme).WithoutConversion()
	ns := NegotiatedSerializer(scheme, base)
	baseInfos := base.SupportedMediaTypes()
	infos := ns.SupportedMediaTypes()
	// CBOR is added after base's media types (content.go).
	if len(infos) != len(baseInfos)+1 || infos[len(infos)-1].MediaType != runtime.ContentTypeCBOR {
		t.Fatalf("media types %v, want base's %d and application/cbor last", mediaTypes(infos), len(baseInfos))
	}
	infos = infos[:len(baseInfos)]
	for i, info := range infos {
		b := baseInfos[i]
		if info.MediaType != runtime.ContentTypeJSON {
			if diff := cmp.Diff(b, info, cmp.Comparer(func(a, b runtime.Serializer) bool { return a == b })); diff != "" {
				t.Errorf("%s changed (-base +got):\n%s", info.MediaType, diff)
			}
			continue
		}
		if _, ok := info.Serializer.(*Serializer); !ok {
			t.Errorf("application/json Serializer is %T, want *codec.Serializer", info.Serializer)
		}
		if info.StreamSerializer == nil || info.StreamSerializer.Framer != Framer || info.StreamSerializer.Serializer != info.Serializer {
			t.Errorf("application/json StreamSerializer = %+v, want codec.Framer and the codec Serializer", info.StreamSerializer)
		}
		if info.StrictSerializer != b.StrictSerializer || info.PrettySerializer != b.PrettySerializer {
			t.Errorf("application/json strict or pretty serializer changed; they must stay apimachinery's")
		}
	}
	if b := baseInfos[0]; b.StreamSerializer.Framer == Framer {
		t.Fatalf("NegotiatedSerializer changed base's SupportedMediaTypes in place")
	}
}

func TestNegotiatedSerializerLeavesStrictCodecsAlone(t *testing.T) {
	scheme := testScheme()
	base := serializer.NewCodecFactory(scheme, serializer.EnableStrict).WithoutConversion()
	if ns := NegotiatedSerializer(scheme, base); reflect.TypeOf(ns) != reflect.TypeOf(base) {
		t.Fatalf("NegotiatedSerializer wrapped a strict codec factory (%T); strict decoding must stay apimachinery's", ns)
	}
}

// replayTransport answers requests from a table keyed by "METHOD path?query".
type replayTransport map[string]struct {
	code int
	body string
}

func (rt replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	key := req.Method + " " + req.URL.Path
	if q := req.URL.Query().Get("watch"); q != "" {
		key += "?watch=" + q
	}
	r, ok := rt[key]
	if !ok {
		r.code, r.body = http.StatusNotFound, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"no route `+key+`"}`
	}
	return &http.Response{
		StatusCode:    r.code,
		Header:        http.Header{"Content-Type": {"application/json"}},
		ContentLength: int64(len(r.body)),
		Body:          io.NopCloser(strings.NewReader(r.body)),
		Request:       req,
	}, nil
}

// TestTypedClientGetsTheSameResultsWithTheCodec wires NegotiatedSerializer
// into a typed client the way generated code would and compares every verb's
// result with the same client on apimachinery's codecs.
func TestTypedClientGetsTheSameResultsWithTheCodec(t *testing.T) {
	scheme := testScheme()
	codecs := serializer.NewCodecFactory(scheme)
	var events bytes.Buffer
	for i, typ := range []string{"ADDED", "MODIFIED", "DELETED", "BOOKMARK"} {
		events.WriteString(`{"type":"` + typ + `","object":` + strings.Replace(widgetJSON, `"12"`, `"`+strconv.Itoa(20+i)+`"`, 1) + "}\n")
	}
	events.WriteString(`{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old"}}` + "\n")
	rt := replayTransport{
		"GET /apis/example.com/v1/namespaces/ns/widgets/w1":          {200, widgetJSON},
		"GET /apis/example.com/v1/namespaces/ns/widgets/conflicted":  {200, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409}`},
		"GET /apis/example.com/v1/namespaces/ns/widgets":             {200, `{"apiVersion":"example.com/v1","items":[` + widgetJSON + `,` + widgetJSON + `],"kind":"WidgetList","metadata":{"resourceVersion":"77"}}`},
		"GET /apis/example.com/v1/namespaces/ns/widgets?watch=true":  {200, events.String()},
		"POST /apis/example.com/v1/namespaces/ns/widgets":            {201, widgetJSON},
		"GET /apis/example.com/v1/namespaces/ns/widgets/bad":         {200, `{"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":"L"}}`},
		"DELETE /apis/example.com/v1/namespaces/ns/widgets/gone":     {404, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"details":{"name":"gone","kind":"widgets"}}`},
		"GET /apis/example.com/v1/namespaces/ns/widgets/notjson":     {403, `forbidden, go away`},
		"GET /apis/example.com/v1/namespaces/ns/widgets/unparseable": {200, `{"apiVersion":`},
	}
	client := func(withCodec bool) *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList] {
		config := rest.ForGroupVersion(&rest.Config{Host: "http://replay.invalid", QPS: -1}, examplev1.SchemeGroupVersion, codecs)
		if withCodec {
			config.NegotiatedSerializer = NegotiatedSerializer(scheme, config.NegotiatedSerializer)
		}
		rc, err := rest.RESTClientForConfigAndClient(config, &http.Client{Transport: rt})
		if err != nil {
			t.Fatalf("RESTClientForConfigAndClient: %v", err)
		}
		return typed.NewClientWithList("widgets", rc, runtime.NewParameterCodec(scheme), "ns",
			func() *examplev1.Widget { return &examplev1.Widget{} }, func() *examplev1.WidgetList { return &examplev1.WidgetList{} })
	}
	ctx := context.Background()
	calls := []struct {
		name string
		call func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any
	}{
		{"Get", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			w, err := c.Get(ctx, "w1", metav1.GetOptions{})
			return []any{w, errString(err)}
		}},
		{"Get of a Status with 200", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			w, err := c.Get(ctx, "conflicted", metav1.GetOptions{})
			return []any{w, errString(err), apierrors.IsConflict(err)}
		}},
		{"Get of a wrongly typed field", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			w, err := c.Get(ctx, "bad", metav1.GetOptions{})
			return []any{w, errString(err)}
		}},
		{"Get of malformed JSON", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			w, err := c.Get(ctx, "unparseable", metav1.GetOptions{})
			return []any{w, errString(err)}
		}},
		{"Get of a non-JSON error", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			w, err := c.Get(ctx, "notjson", metav1.GetOptions{})
			return []any{w, errString(err), apierrors.IsForbidden(err)}
		}},
		{"List", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			l, err := c.List(ctx, metav1.ListOptions{})
			return []any{l, errString(err)}
		}},
		{"Create", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			w, err := c.Create(ctx, &examplev1.Widget{ObjectMeta: metav1.ObjectMeta{Name: "w1"}}, metav1.CreateOptions{})
			return []any{w, errString(err)}
		}},
		{"Delete of a missing object", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			err := c.Delete(ctx, "gone", metav1.DeleteOptions{})
			return []any{errString(err), apierrors.IsNotFound(err)}
		}},
		{"Watch", func(c *typed.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]) []any {
			w, err := c.Watch(ctx, metav1.ListOptions{})
			if err != nil {
				return []any{errString(err)}
			}
			var out []any
			for ev := range w.ResultChan() {
				out = append(out, ev.Type, ev.Object)
				if ev.Type == watch.Error {
					out = append(out, errString(apierrors.FromObject(ev.Object)))
				}
			}
			return out
		}},
	}
	reference, withCodec := client(false), client(true)
	for _, call := range calls {
		t.Run(call.name, func(t *testing.T) {
			want, got := call.call(reference), call.call(withCodec)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s through the codec differs from apimachinery's codecs (-want +got):\n%s", call.name, diff)
			}
		})
	}
}
