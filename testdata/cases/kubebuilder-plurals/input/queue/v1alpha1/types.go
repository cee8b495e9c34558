/*
This file is needed for kube_codegen.sh, which picks client-gen's inputs by
their +genclient lines.
*/

package v1alpha1

//+genclient
