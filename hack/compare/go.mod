module github.com/clientgen/clientgen/hack/compare

go 1.26.0

replace github.com/clientgen/clientgen => ../..

require (
	github.com/clientgen/clientgen v0.0.0 // indirect
	k8s.io/api v0.37.2 // indirect
	k8s.io/apimachinery v0.37.2 // indirect
	k8s.io/client-go v0.37.2 // indirect
)
