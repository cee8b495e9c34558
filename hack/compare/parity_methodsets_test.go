package compare

import (
	"fmt"
	"go/types"
	"slices"
	"strings"
	"testing"
)

// The method-set parity tests cover what user code calls outside the typed
// clients: the discovery client (cs.Discovery().ServerVersion(), a function
// taking a discovery.DiscoveryInterface, the cached and fake discovery
// clients, the OpenAPI v3 client) and the fake clientset (its own methods,
// the testing.Fake it embeds with the reactor chains, proxy reactors
// included, and the types those methods take and return). For each pair of
// types they require every exported method of client-go's to exist on
// clientgen's with the same signature, package paths mapped to canonical
// names (client-go's discovery and runtime/discovery are both DISCOVERY,
// and so on). Methods only clientgen has are listed, not failed: the runtime
// may offer more.

// canon renders one side's types with canonical package names.
type canon struct {
	paths map[string]string // import path -> canonical name
	typed *side             // maps a clientset's typed packages, if set
}

func (c *canon) qualifier(p *types.Package) string {
	if n, ok := c.paths[p.Path()]; ok {
		return n
	}
	if c.typed != nil {
		if q := c.typed.qualifier(p); q != p.Path() {
			return q
		}
	}
	return p.Path()
}

// signature renders a method's parameter and result types, without names.
func (c *canon) signature(sig *types.Signature) string {
	var ps, rs []string
	for i := 0; i < sig.Params().Len(); i++ {
		ts := types.TypeString(sig.Params().At(i).Type(), c.qualifier)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			ts = "..." + strings.TrimPrefix(ts, "[]")
		}
		ps = append(ps, ts)
	}
	for i := 0; i < sig.Results().Len(); i++ {
		rs = append(rs, types.TypeString(sig.Results().At(i).Type(), c.qualifier))
	}
	return fmt.Sprintf("(%s) (%s)", strings.Join(ps, ", "), strings.Join(rs, ", "))
}

// methodSet returns the exported methods callable on a value of the named
// type (through a pointer for a non-interface type, as callers hold them),
// promoted ones included, as name -> signature.
func (c *canon) methodSet(obj types.Object) map[string]string {
	t := obj.Type()
	if _, isIface := t.Underlying().(*types.Interface); !isIface {
		t = types.NewPointer(t)
	}
	ms := types.NewMethodSet(t)
	out := map[string]string{}
	for i := 0; i < ms.Len(); i++ {
		f := ms.At(i).Obj()
		if f.Exported() {
			out[f.Name()] = c.signature(f.Type().(*types.Signature))
		}
	}
	return out
}

// methodParity accumulates the comparison of pairs of types.
type methodParity struct {
	want, got *canon
	compared  int // methods of client-go's types looked for
	matched   int
	missing   []string // failures: absent types, absent or different methods
	extra     []string // clientgen-only methods (informational)
}

// pair compares client-go's type wantName in wantPkg with clientgen's
// gotName in gotPkg.
func (mp *methodParity) pair(wantPkg *types.Package, wantName string, gotPkg *types.Package, gotName string) {
	where := wantPkg.Path() + "." + wantName
	w := wantPkg.Scope().Lookup(wantName)
	if w == nil {
		mp.missing = append(mp.missing, fmt.Sprintf("%s: client-go declares no such type (fix the test's list)", where))
		return
	}
	wantMS := mp.want.methodSet(w)
	g := gotPkg.Scope().Lookup(gotName)
	if g == nil {
		mp.compared += len(wantMS)
		mp.missing = append(mp.missing, fmt.Sprintf("%s: clientgen's %s declares no %s (%d methods missing)", where, gotPkg.Path(), gotName, len(wantMS)))
		return
	}
	gotMS := mp.got.methodSet(g)
	for _, name := range sortedKeys(wantMS) {
		mp.compared++
		switch gs, ok := gotMS[name]; {
		case !ok:
			mp.missing = append(mp.missing, fmt.Sprintf("%s: clientgen's %s lacks %s%s", where, gotName, name, wantMS[name]))
		case gs != wantMS[name]:
			mp.missing = append(mp.missing, fmt.Sprintf("%s: clientgen's %s.%s is %s, client-go's is %s", where, gotName, name, gs, wantMS[name]))
		default:
			mp.matched++
		}
	}
	for _, name := range sortedKeys(gotMS) {
		if _, ok := wantMS[name]; !ok {
			mp.extra = append(mp.extra, fmt.Sprintf("%s.%s%s", gotName, name, gotMS[name]))
		}
	}
}

// report fails the test on any missing method and logs the parity.
func (mp *methodParity) report(t *testing.T, what string) {
	t.Helper()
	pct := 100.0
	if mp.compared > 0 {
		pct = 100 * float64(mp.matched) / float64(mp.compared)
	}
	t.Logf("%s: %d of %d of client-go's methods present with the same signature (%.1f%% parity)", what, mp.matched, mp.compared, pct)
	if len(mp.extra) > 0 {
		t.Logf("%s: clientgen-only methods (allowed):\n\t%s", what, strings.Join(mp.extra, "\n\t"))
	}
	if len(mp.missing) > 0 {
		t.Errorf("%s: %d differences from client-go v0.37.2 (%.1f%% parity):\n\t%s", what, len(mp.missing), pct, strings.Join(mp.missing, "\n\t"))
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// exportedInterfaces lists the exported interface types of p.
func exportedInterfaces(p *types.Package) []string {
	var out []string
	for _, n := range p.Scope().Names() {
		obj, ok := p.Scope().Lookup(n).(*types.TypeName)
		if !ok || !obj.Exported() {
			continue
		}
		if _, ok := obj.Type().Underlying().(*types.Interface); ok {
			out = append(out, n)
		}
	}
	return out
}

const (
	cgPath = "k8s.io/client-go"
	rtPath = "github.com/clientgen/clientgen/runtime"
)

// runtimeCanon and clientGoCanon map the packages both sides share by role.
func runtimeCanon(extra map[string]string) *canon {
	c := &canon{paths: map[string]string{
		rtPath + "/rest":           "REST",
		rtPath + "/discovery":      "DISCOVERY",
		rtPath + "/discovery/fake": "DISCOVERYFAKE",
		rtPath + "/openapi":        "OPENAPI",
		rtPath + "/testing":        "TESTING",
	}}
	for k, v := range extra {
		c.paths[k] = v
	}
	return c
}

func clientGoCanon(extra map[string]string) *canon {
	c := &canon{paths: map[string]string{
		cgPath + "/rest":           "REST",
		cgPath + "/discovery":      "DISCOVERY",
		cgPath + "/discovery/fake": "DISCOVERYFAKE",
		cgPath + "/openapi":        "OPENAPI",
		cgPath + "/testing":        "TESTING",
	}}
	for k, v := range extra {
		c.paths[k] = v
	}
	return c
}

func TestDiscoveryHasClientGosMethodSets(t *testing.T) {
	pkgs := loadTypes(t,
		cgPath+"/discovery", cgPath+"/discovery/cached/disk", cgPath+"/discovery/fake", cgPath+"/openapi",
		rtPath+"/discovery", rtPath+"/discovery/fake", rtPath+"/openapi")
	typesOf := func(path string) *types.Package { return pkgs[path].Types }
	mp := &methodParity{want: clientGoCanon(nil), got: runtimeCanon(nil)}

	// Every exported interface of client-go's discovery package, under its
	// own name: DiscoveryInterface, DiscoveryInterfaceWithContext,
	// DiscoveryInterfaces, the Aggregated and Cached ones, ServerGroupsInterface...
	ifaces := exportedInterfaces(typesOf(cgPath + "/discovery"))
	for _, must := range []string{"DiscoveryInterface", "DiscoveryInterfaceWithContext", "DiscoveryInterfaces", "AggregatedDiscoveryInterface", "CachedDiscoveryInterface", "CachedDiscoveryInterfaceWithContext", "ServerVersionInterface"} {
		if !slices.Contains(ifaces, must) {
			t.Fatalf("client-go's discovery package has no %s among its interfaces %v: the comparison would miss it", must, ifaces)
		}
	}
	for _, n := range ifaces {
		mp.pair(typesOf(cgPath+"/discovery"), n, typesOf(rtPath+"/discovery"), n)
	}
	// The concrete clients: the plain one, the disk cache (clientgen's one
	// cache type serves memory and disk; client-go's memory cache is
	// unexported, so its method set is CachedDiscoveryInterface's, compared
	// above), the fake.
	mp.pair(typesOf(cgPath+"/discovery"), "DiscoveryClient", typesOf(rtPath+"/discovery"), "DiscoveryClient")
	mp.pair(typesOf(cgPath+"/discovery/cached/disk"), "CachedDiscoveryClient", typesOf(rtPath+"/discovery"), "CachedDiscoveryClient")
	mp.pair(typesOf(cgPath+"/discovery/fake"), "FakeDiscovery", typesOf(rtPath+"/discovery/fake"), "FakeDiscovery")
	// What OpenAPIV3 returns.
	for _, n := range exportedInterfaces(typesOf(cgPath + "/openapi")) {
		mp.pair(typesOf(cgPath+"/openapi"), n, typesOf(rtPath+"/openapi"), n)
	}
	if mp.compared < 100 {
		t.Errorf("compared only %d methods; the type lists above lost something", mp.compared)
	}
	mp.report(t, "discovery")

	// Package-level functions (ToDiscoveryInterfaceWithContext, ...) are
	// not method sets; list the ones clientgen lacks without failing.
	var funcs []string
	for _, p := range []string{"/discovery", "/openapi"} {
		w, g := typesOf(cgPath+p), typesOf(rtPath+p)
		for _, n := range w.Scope().Names() {
			if _, ok := w.Scope().Lookup(n).(*types.Func); ok && w.Scope().Lookup(n).Exported() && g.Scope().Lookup(n) == nil {
				funcs = append(funcs, strings.TrimPrefix(p, "/")+"."+n)
			}
		}
	}
	if len(funcs) > 0 {
		t.Logf("client-go functions runtime/discovery and runtime/openapi do not declare (not compared): %s", strings.Join(funcs, ", "))
	}
}

func TestK8sAPIFakeClientsetHasClientGosMethodSets(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks 55 group-versions; not in -short")
	}
	inputs := k8sAPIInputs(t)
	if len(inputs) != 55 {
		t.Fatalf("client-go's clientset.go lists %d group-versions, want 55: %v", len(inputs), inputs)
	}
	bin := buildClientgen(t)
	out, outPkg := outputDir(t, "parity-fake-")
	runClientgen(t, bin, out, outPkg, []string{"--informers=false"}, inputs...)

	pkgs := loadTypes(t, cgPath+"/kubernetes", cgPath+"/kubernetes/fake", cgPath+"/testing",
		outPkg+"/clientset", outPkg+"/clientset/fake", rtPath+"/testing")
	typesOf := func(path string) *types.Package { return pkgs[path].Types }
	wantSide := newSide(t, "client-go", typesOf(cgPath+"/kubernetes"), cgPath+"/kubernetes/typed", cgPath+"/applyconfigurations", cgPath+"/applyconfigurations/meta/v1", cgPath+"/rest", cgPath+"/discovery")
	gotSide := newSide(t, "clientgen", typesOf(outPkg+"/clientset"), outPkg+"/clientset/typed", outPkg+"/applyconfiguration",
		rtPath+"/applyconfigurations/meta/v1", rtPath+"/rest", rtPath+"/discovery")
	if len(wantSide.accessor) != 55 || len(gotSide.accessor) != 55 {
		t.Fatalf("group-versions: client-go %d, clientgen %d; want 55 each", len(wantSide.accessor), len(gotSide.accessor))
	}
	want := clientGoCanon(map[string]string{cgPath + "/kubernetes": "CLIENTSET", cgPath + "/kubernetes/fake": "CLIENTSETFAKE"})
	want.typed = wantSide
	got := runtimeCanon(map[string]string{outPkg + "/clientset": "CLIENTSET", outPkg + "/clientset/fake": "CLIENTSETFAKE"})
	got.typed = gotSide
	mp := &methodParity{want: want, got: got}

	// The fake Clientset: accessors, Discovery, Tracker,
	// IsWatchListSemanticsUnSupported and everything promoted from the
	// embedded testing.Fake (reactor chains, proxy reactors, Invokes*,
	// Actions, and the RWMutex's Lock/Unlock...).
	mp.pair(typesOf(cgPath+"/kubernetes/fake"), "Clientset", typesOf(outPkg+"/clientset/fake"), "Clientset")
	if mp.compared < 55+10 {
		t.Fatalf("the fake Clientset comparison saw %d methods: the method set was not computed", mp.compared)
	}
	// What those methods take and return, from client-go's testing package.
	for _, n := range []string{
		"Fake", "FakeClient", "ObjectTracker",
		"Reactor", "WatchReactor", "ProxyReactor",
		"SimpleReactor", "SimpleWatchReactor", "SimpleProxyReactor",
		"Action", "ProxyGetAction", "ProxyGetActionImpl",
	} {
		mp.pair(typesOf(cgPath+"/testing"), n, typesOf(rtPath+"/testing"), n)
	}
	// The reaction func types are func types, not method sets: compare
	// their signatures.
	for _, n := range []string{"ReactionFunc", "WatchReactionFunc", "ProxyReactionFunc"} {
		mp.compared++
		w, g := typesOf(cgPath+"/testing").Scope().Lookup(n), typesOf(rtPath+"/testing").Scope().Lookup(n)
		if g == nil {
			mp.missing = append(mp.missing, "testing."+n+": clientgen declares no such type")
			continue
		}
		ws, gs := want.signature(w.Type().Underlying().(*types.Signature)), got.signature(g.Type().Underlying().(*types.Signature))
		if ws != gs {
			mp.missing = append(mp.missing, fmt.Sprintf("testing.%s: clientgen's is func%s, client-go's is func%s", n, gs, ws))
			continue
		}
		mp.matched++
	}
	mp.report(t, "fake clientset")
}
