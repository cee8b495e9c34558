package clientgo_test

import (
	"fmt"
	"log"

	restclient "k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/clientgen/clientgen/interop/clientgo"
	"github.com/clientgen/clientgen/runtime/discovery"
)

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
