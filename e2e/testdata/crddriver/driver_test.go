// Package driver_test is written by e2e's TestCRDsFromManifestsWorkThroughGeneratedClients
// into the tree it generates from gateway-api's, cert-manager's and Knative
// Serving's CRD manifests (CLIENTGEN_GENERATED is replaced by that tree's import path), and
// run there as a subprocess against the e2e suite's kube-apiserver. It is not
// built where it lies: testdata is outside the go command's ./... patterns.
package driver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/runtime/rest"

	certmanagerv1 "CLIENTGEN_GENERATED/apis/cert-manager/v1"
	gatewayv1 "CLIENTGEN_GENERATED/apis/gateway/v1"
	servingv1 "CLIENTGEN_GENERATED/apis/serving/v1"
	applycertmanagerv1 "CLIENTGEN_GENERATED/client/applyconfiguration/cert-manager/v1"
	applygatewayv1 "CLIENTGEN_GENERATED/client/applyconfiguration/gateway/v1"
	applyservingv1 "CLIENTGEN_GENERATED/client/applyconfiguration/serving/v1"
	"CLIENTGEN_GENERATED/client/clientset"
)

// kindClient is the part of a generated typed client under test.
type kindClient[T, L, A any] interface {
	Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error)
	Update(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error)
	UpdateStatus(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error)
	Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error)
	List(ctx context.Context, opts metav1.ListOptions) (L, error)
	Apply(ctx context.Context, obj A, opts metav1.ApplyOptions) (T, error)
}

// kindCase is one kind's samples, as JSON so that they say what goes on the
// wire whatever Go names generator/crd chose. Each sample holds the values
// the CRD's schema defaults, so that what is read back equals what was sent.
type kindCase[T, L, A any] struct {
	client   kindClient[T, L, A]
	newObj   func() T
	newApply func(name string) A
	// object is created; update replaces its spec; status is then written
	// through the status subresource; apply is a second object applied
	// whole under another name.
	object, update, status, apply string
}

func TestGeneratedClientsOnTheRealServer(t *testing.T) {
	kubeconfig, kubeContext, ns := os.Getenv("CLIENTGEN_CRDMANIFESTS_KUBECONFIG"), os.Getenv("CLIENTGEN_CRDMANIFESTS_CONTEXT"), os.Getenv("CLIENTGEN_CRDMANIFESTS_NAMESPACE")
	if kubeconfig == "" || kubeContext == "" || ns == "" {
		t.Fatal("CLIENTGEN_CRDMANIFESTS_KUBECONFIG, _CONTEXT and _NAMESPACE must be set: run this through e2e's TestCRDsFromManifestsWorkThroughGeneratedClients")
	}
	cfg, err := rest.ConfigFromKubeconfig(kubeconfig, kubeContext)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The GatewayClass, cluster-scoped, is named after the namespace, whose
	// name is random.
	gc := ns
	subst := func(s string) string {
		return strings.NewReplacer("NS", ns, "GC", gc).Replace(s)
	}
	const conditions = `[{"type":"Accepted","status":"True","reason":"Accepted","message":"accepted by e2e","lastTransitionTime":"2026-01-02T03:04:05Z","observedGeneration":2}]`

	t.Run("GatewayClass", func(t *testing.T) {
		run(t, kindCase[*gatewayv1.GatewayClass, *gatewayv1.GatewayClassList, *applygatewayv1.GatewayClassApplyConfiguration]{
			client: cs.GatewayV1().GatewayClasses(),
			newObj: func() *gatewayv1.GatewayClass { return &gatewayv1.GatewayClass{} },
			newApply: func(name string) *applygatewayv1.GatewayClassApplyConfiguration {
				return applygatewayv1.GatewayClass(name)
			},
			object: subst(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"GC","labels":{"app":"e2e"}},
				"spec":{"controllerName":"example.com/gateway-controller","description":"first"},
				"status":{"conditions":[{"type":"Accepted","status":"Unknown","reason":"Pending","message":"Waiting for controller","lastTransitionTime":"1970-01-01T00:00:00Z"}]}}`),
			update: `{"controllerName":"example.com/gateway-controller","description":"second","parametersRef":{"group":"example.com","kind":"Params","name":"p"}}`,
			status: `{"conditions":` + conditions + `,"supportedFeatures":[{"name":"HTTPRoute"}]}`,
			apply: subst(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"GC-applied","annotations":{"a":"b"}},
				"spec":{"controllerName":"example.com/other"},
				"status":{"conditions":[{"type":"Accepted","status":"Unknown","reason":"Pending","message":"Waiting for controller","lastTransitionTime":"1970-01-01T00:00:00Z"}]}}`),
		})
	})
	t.Run("Gateway", func(t *testing.T) {
		run(t, kindCase[*gatewayv1.Gateway, *gatewayv1.GatewayList, *applygatewayv1.GatewayApplyConfiguration]{
			client:   cs.GatewayV1().Gateways(ns),
			newObj:   func() *gatewayv1.Gateway { return &gatewayv1.Gateway{} },
			newApply: func(name string) *applygatewayv1.GatewayApplyConfiguration { return applygatewayv1.Gateway(name, ns) },
			object: subst(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"gw","namespace":"NS"},
				"spec":{"gatewayClassName":"GC","listeners":[{"name":"http","protocol":"HTTP","port":80,"allowedRoutes":{"namespaces":{"from":"Same"}}}]},
				"status":{"conditions":[{"type":"Accepted","status":"Unknown","reason":"Pending","message":"Waiting for controller","lastTransitionTime":"1970-01-01T00:00:00Z"},{"type":"Programmed","status":"Unknown","reason":"Pending","message":"Waiting for controller","lastTransitionTime":"1970-01-01T00:00:00Z"}]}}`),
			update: subst(`{"gatewayClassName":"GC","listeners":[
				{"name":"http","protocol":"HTTP","port":80,"hostname":"*.example.com","allowedRoutes":{"namespaces":{"from":"All"},"kinds":[{"group":"gateway.networking.k8s.io","kind":"HTTPRoute"}]}},
				{"name":"https","protocol":"HTTPS","port":443,"tls":{"mode":"Terminate","certificateRefs":[{"group":"","kind":"Secret","name":"tls"}]},"allowedRoutes":{"namespaces":{"from":"Same"}}}],
				"addresses":[{"type":"IPAddress","value":"10.0.0.1"}]}`),
			status: `{"addresses":[{"type":"IPAddress","value":"10.0.0.1"}],"conditions":` + conditions + `,
				"listeners":[{"name":"http","attachedRoutes":3,"supportedKinds":[{"group":"gateway.networking.k8s.io","kind":"HTTPRoute"}],"conditions":` + conditions + `}]}`,
			apply: subst(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"gw-applied","namespace":"NS"},
				"spec":{"gatewayClassName":"GC","listeners":[{"name":"tcp","protocol":"TCP","port":9000,"allowedRoutes":{"namespaces":{"from":"Same"}}}]},
				"status":{"conditions":[{"type":"Accepted","status":"Unknown","reason":"Pending","message":"Waiting for controller","lastTransitionTime":"1970-01-01T00:00:00Z"},{"type":"Programmed","status":"Unknown","reason":"Pending","message":"Waiting for controller","lastTransitionTime":"1970-01-01T00:00:00Z"}]}}`),
		})
	})
	t.Run("HTTPRoute", func(t *testing.T) {
		run(t, kindCase[*gatewayv1.HTTPRoute, *gatewayv1.HTTPRouteList, *applygatewayv1.HTTPRouteApplyConfiguration]{
			client: cs.GatewayV1().HTTPRoutes(ns),
			newObj: func() *gatewayv1.HTTPRoute { return &gatewayv1.HTTPRoute{} },
			newApply: func(name string) *applygatewayv1.HTTPRouteApplyConfiguration {
				return applygatewayv1.HTTPRoute(name, ns)
			},
			object: subst(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"route","namespace":"NS"},
				"spec":{"parentRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],"hostnames":["example.com"],
				"rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/"}}],"backendRefs":[{"group":"","kind":"Service","name":"svc","port":8080,"weight":1}]}]}}`),
			update: `{"parentRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw","sectionName":"http"}],"hostnames":["example.com","www.example.com"],
				"rules":[{"name":"api","matches":[{"path":{"type":"Exact","value":"/api"},"method":"GET","headers":[{"type":"Exact","name":"X-Env","value":"e2e"}]}],
					"filters":[{"type":"RequestHeaderModifier","requestHeaderModifier":{"set":[{"name":"X-Via","value":"gw"}]}}],
					"backendRefs":[{"group":"","kind":"Service","name":"api","port":8080,"weight":3},{"group":"","kind":"Service","name":"api-canary","port":8080,"weight":1}],
					"timeouts":{"request":"10s"}}]}`,
			status: `{"parents":[{"parentRef":{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"},"controllerName":"example.com/gateway-controller","conditions":` + conditions + `}]}`,
			apply: subst(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"route-applied","namespace":"NS","labels":{"x":"y"}},
				"spec":{"parentRefs":[{"group":"gateway.networking.k8s.io","kind":"Gateway","name":"gw"}],
				"rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/"}}],"filters":[{"type":"RequestRedirect","requestRedirect":{"scheme":"https","statusCode":301}}]}]}}`),
		})
	})
	t.Run("Issuer", func(t *testing.T) {
		run(t, kindCase[*certmanagerv1.Issuer, *certmanagerv1.IssuerList, *applycertmanagerv1.IssuerApplyConfiguration]{
			client: cs.CertManagerV1().Issuers(ns),
			newObj: func() *certmanagerv1.Issuer { return &certmanagerv1.Issuer{} },
			newApply: func(name string) *applycertmanagerv1.IssuerApplyConfiguration {
				return applycertmanagerv1.Issuer(name, ns)
			},
			object: subst(`{"apiVersion":"cert-manager.io/v1","kind":"Issuer","metadata":{"name":"issuer","namespace":"NS"},"spec":{"selfSigned":{}}}`),
			update: `{"ca":{"secretName":"ca-key-pair","crlDistributionPoints":["http://example.com/crl"]}}`,
			status: `{"conditions":[{"type":"Ready","status":"True","reason":"KeyPairVerified","message":"Signing CA verified","lastTransitionTime":"2026-01-02T03:04:05Z","observedGeneration":2}]}`,
			apply: subst(`{"apiVersion":"cert-manager.io/v1","kind":"Issuer","metadata":{"name":"issuer-applied","namespace":"NS"},
				"spec":{"acme":{"server":"https://acme.example.com/directory","email":"e2e@example.com","privateKeySecretRef":{"name":"acme-key"},
				"solvers":[{"selector":{"dnsNames":["example.com"]},"http01":{"ingress":{"ingressClassName":"nginx"}}}]}}}`),
		})
	})
	t.Run("Certificate", func(t *testing.T) {
		run(t, kindCase[*certmanagerv1.Certificate, *certmanagerv1.CertificateList, *applycertmanagerv1.CertificateApplyConfiguration]{
			client: cs.CertManagerV1().Certificates(ns),
			newObj: func() *certmanagerv1.Certificate { return &certmanagerv1.Certificate{} },
			newApply: func(name string) *applycertmanagerv1.CertificateApplyConfiguration {
				return applycertmanagerv1.Certificate(name, ns)
			},
			object: subst(`{"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"name":"cert","namespace":"NS"},
				"spec":{"secretName":"tls","dnsNames":["example.com"],"issuerRef":{"name":"issuer","kind":"Issuer","group":"cert-manager.io"}}}`),
			update: `{"secretName":"tls","commonName":"example.com","dnsNames":["example.com","www.example.com"],"duration":"2160h0m0s","renewBefore":"360h0m0s",
				"issuerRef":{"name":"issuer","kind":"Issuer","group":"cert-manager.io"},"privateKey":{"algorithm":"ECDSA","size":256,"rotationPolicy":"Always"},
				"usages":["digital signature","key encipherment"],"secretTemplate":{"labels":{"app":"e2e"}}}`,
			status: `{"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"Certificate is up to date","lastTransitionTime":"2026-01-02T03:04:05Z","observedGeneration":2}],
				"notAfter":"2026-04-02T03:04:05Z","notBefore":"2026-01-02T03:04:05Z","renewalTime":"2026-03-03T03:04:05Z","revision":1}`,
			apply: subst(`{"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"name":"cert-applied","namespace":"NS"},
				"spec":{"secretName":"tls2","isCA":true,"commonName":"ca.example.com","issuerRef":{"name":"issuer","kind":"Issuer","group":"cert-manager.io"},
				"subject":{"organizations":["e2e"],"countries":["NL"]},"ipAddresses":["10.0.0.1"]}}`),
		})
	})
	// Knative's Route CRD preserves unknown fields at its root and names
	// none: spec and status travel in the UnknownFields of the generated
	// kind and of its apply configuration.
	t.Run("Route", func(t *testing.T) {
		run(t, kindCase[*servingv1.Route, *servingv1.RouteList, *applyservingv1.RouteApplyConfiguration]{
			client:   cs.ServingV1().Routes(ns),
			newObj:   func() *servingv1.Route { return &servingv1.Route{} },
			newApply: func(name string) *applyservingv1.RouteApplyConfiguration { return applyservingv1.Route(name, ns) },
			object: subst(`{"apiVersion":"serving.knative.dev/v1","kind":"Route","metadata":{"name":"kroute","namespace":"NS"},
				"spec":{"traffic":[{"configurationName":"config","percent":100,"latestRevision":true}]}}`),
			update: `{"traffic":[{"revisionName":"config-00001","percent":90},{"revisionName":"config-00002","percent":10,"tag":"canary"}]}`,
			status: subst(`{"url":"http://kroute.NS.example.com","observedGeneration":2,"conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-02T03:04:05Z"}],
				"traffic":[{"revisionName":"config-00001","percent":90}]}`),
			apply: subst(`{"apiVersion":"serving.knative.dev/v1","kind":"Route","metadata":{"name":"kroute-applied","namespace":"NS","labels":{"x":"y"}},
				"spec":{"traffic":[{"configurationName":"other","percent":100}]}}`),
		})
	})
}

func run[T, L, A any](t *testing.T, c kindCase[T, L, A]) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// The sample decodes into the generated type and encodes back the same:
	// nothing is lost before the object reaches the wire. Status is left
	// out of what is created: the status subresource ignores it on create,
	// and the server's defaults for it are what is read back.
	obj := decode(t, c.newObj(), c.object)
	sample := toMap(t, obj)
	equal(t, "the sample encoded from the generated type", mustMap(t, c.object), sample)
	want := sample
	sent := toMap(t, obj)
	delete(sent, "status")
	obj = decode(t, c.newObj(), toJSON(t, sent))
	name := toMap(t, obj)["metadata"].(map[string]any)["name"].(string)

	created, err := c.client.Create(ctx, obj, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	equal(t, "Create's answer", expect(t, want), served(t, created))
	got, err := c.client.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	equal(t, "Get after Create", expect(t, want), served(t, got))
	t.Logf("%s: create, get", name)

	list, err := c.client.List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	found := false
	for _, item := range toMap(t, list)["items"].([]any) {
		m := item.(map[string]any)
		if m["metadata"].(map[string]any)["name"] == name {
			found = true
			// A List item keeps the apiVersion and kind the server wrote
			// (the item type is not decoded on its own); they must be the
			// ones sent.
			w := copyMap(t, want)
			for _, k := range []string{"apiVersion", "kind"} {
				if _, ok := m[k]; !ok {
					delete(w, k)
				}
			}
			equal(t, "the List item", w, dropServerFields(m))
		}
	}
	if !found {
		t.Fatalf("List has no %s", name)
	}
	t.Logf("%s: list", name)

	// Update: the spec replaced, a label added, the resourceVersion of Get.
	m := toMap(t, got)
	m["spec"] = mustMap(t, c.update)
	meta := m["metadata"].(map[string]any)
	labels, _ := meta["labels"].(map[string]any)
	if labels == nil {
		labels = map[string]any{}
	}
	labels["updated"] = "yes"
	meta["labels"] = labels
	obj = decode(t, c.newObj(), toJSON(t, m))
	want = dropServerFields(toMap(t, obj))
	equal(t, "the spec encoded from the generated type", mustMap(t, c.update), want["spec"].(map[string]any))
	updated, err := c.client.Update(ctx, obj, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	equal(t, "Update's answer", expect(t, want), served(t, updated))
	t.Logf("%s: update", name)

	// UpdateStatus: the status written whole.
	m = toMap(t, updated)
	m["status"] = mustMap(t, c.status)
	obj = decode(t, c.newObj(), toJSON(t, m))
	want = dropServerFields(toMap(t, obj))
	equal(t, "the status encoded from the generated type", mustMap(t, c.status), want["status"].(map[string]any))
	statusUpdated, err := c.client.UpdateStatus(ctx, obj, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("UpdateStatus: %v", err)
	}
	equal(t, "UpdateStatus's answer", expect(t, want), served(t, statusUpdated))
	got, err = c.client.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	equal(t, "Get after UpdateStatus", expect(t, want), served(t, got))
	t.Logf("%s: update status", name)

	// Apply: a second object, sent as an apply configuration.
	applyWant := mustMap(t, c.apply)
	applyName := applyWant["metadata"].(map[string]any)["name"].(string)
	ac := c.newApply(applyName)
	sentApply := copyMap(t, applyWant)
	delete(sentApply, "status")
	if err := json.Unmarshal([]byte(toJSON(t, sentApply)), ac); err != nil {
		t.Fatalf("the apply sample does not decode into the apply configuration: %v", err)
	}
	equal(t, "the apply configuration's JSON", sentApply, toMap(t, ac))
	applied, err := c.client.Apply(ctx, ac, metav1.ApplyOptions{FieldManager: "e2e", Force: true})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	equal(t, "Apply's answer", expect(t, applyWant), served(t, applied))
	got, err = c.client.Get(ctx, applyName, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	equal(t, "Get after Apply", expect(t, applyWant), served(t, got))
	t.Logf("%s: apply", applyName)
}

// served is obj as JSON without the metadata the server sets.
func served(t *testing.T, obj any) map[string]any {
	t.Helper()
	return dropServerFields(toMap(t, obj))
}

// expect is what a typed client reads back of a sent object: typed objects
// are decoded without apiVersion and kind (client-go's typed clients clear
// them too: the Go type says what they are), so those two are not compared.
func expect(t *testing.T, sent map[string]any) map[string]any {
	t.Helper()
	m := copyMap(t, sent)
	delete(m, "apiVersion")
	delete(m, "kind")
	return m
}

func dropServerFields(m map[string]any) map[string]any {
	if meta, ok := m["metadata"].(map[string]any); ok {
		for _, k := range []string{"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"} {
			delete(meta, k)
		}
	}
	return m
}

func decode[T any](t *testing.T, obj T, js string) T {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(js))
	dec.DisallowUnknownFields() // a field the generated type lacks is an error
	if err := dec.Decode(obj); err != nil {
		t.Fatalf("the sample does not decode into %T: %v\n%s", obj, err, js)
	}
	return obj
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func toMap(t *testing.T, v any) map[string]any {
	t.Helper()
	return mustMap(t, toJSON(t, v))
}

func mustMap(t *testing.T, js string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	return m
}

func copyMap(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	return mustMap(t, toJSON(t, m))
}

func equal(t *testing.T, what string, want, got map[string]any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		w, _ := json.MarshalIndent(want, "", "  ")
		g, _ := json.MarshalIndent(got, "", "  ")
		t.Fatalf("%s differs from what was sent:\nsent: %s\nread: %s\n%s", what, w, g, firstDiff("", want, got))
	}
}

// firstDiff names the first path where two JSON values differ.
func firstDiff(path string, want, got any) string {
	wm, wok := want.(map[string]any)
	gm, gok := got.(map[string]any)
	if wok && gok {
		for k := range wm {
			if d := firstDiff(path+"."+k, wm[k], gm[k]); d != "" {
				return d
			}
		}
		for k := range gm {
			if _, ok := wm[k]; !ok {
				return fmt.Sprintf("%s.%s: not sent, read %v", path, k, gm[k])
			}
		}
		return ""
	}
	ws, wok := want.([]any)
	gs, gok := got.([]any)
	if wok && gok && len(ws) == len(gs) {
		for i := range ws {
			if d := firstDiff(fmt.Sprintf("%s[%d]", path, i), ws[i], gs[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Sprintf("%s: sent %v, read %v", path, want, got)
	}
	return ""
}
