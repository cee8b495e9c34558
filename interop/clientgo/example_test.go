package clientgo_test

import (
	"fmt"
	"log"

	restclient "k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	ctrlconfig "sigs.k8s.io/controller-runtime/pkg/client/config"

	"github.com/clientgen/clientgen/interop/clientgo"
	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// The README's snippet: a controller-runtime program's Config (ctrl.GetConfig
// is config.GetConfig) drives a clientgen-generated clientset. It needs a
// cluster, so it is compiled but not run.
func ExampleFromClientGo_controllerRuntime() {
	cfg, err := ctrlconfig.GetConfig() // ctrl.GetConfig()
	if err != nil {
		log.Fatal(err)
	}
	config, err := clientgo.FromClientGo(cfg)
	if err != nil {
		log.Fatal(err) // every field clientgen cannot honour, each named
	}
	cs, err := clientset.NewForConfig(config)
	if err != nil {
		log.Fatal(err)
	}
	info, err := cs.Discovery().ServerVersion()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.GitVersion)
}

// A controller-runtime program gets its client-go Config from
// ctrl.GetConfig() and hands the converted Config to a generated
// clientset's NewForConfig, or to clientgen's discovery and dynamic
// clients.
func ExampleFromClientGo() {
	// cfg, err := ctrl.GetConfig() in a controller-runtime program.
	cfg := &restclient.Config{
		Host:        "https://cluster.example:6443",
		BearerToken: "token",
		QPS:         20,
		Impersonate: restclient.ImpersonationConfig{UserName: "jane"},
	}

	config, err := clientgo.FromClientGo(cfg)
	if err != nil {
		log.Fatal(err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		log.Fatal(err)
	}
	_ = dc // dc.ServerVersion(), or clientset.NewForConfig(config) for a generated clientset
	fmt.Println(config.Host, config.QPS, config.Burst, config.Impersonate.UserName)
	// Output: https://cluster.example:6443 20 10 jane
}

// An auth provider is refused with an error naming it.
func ExampleFromClientGo_authProvider() {
	_, err := clientgo.FromClientGo(&restclient.Config{
		Host:         "https://cluster.example:6443",
		AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "gcp"},
	})
	for _, fe := range clientgo.FieldErrors(err) {
		fmt.Println(fe.Field)
	}
	// Output: AuthProvider
}
