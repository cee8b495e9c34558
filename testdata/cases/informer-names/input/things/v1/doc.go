// Package v1 has kinds whose informer names collide: Thing's
// ThingIndexInformer is ThingIndex's informer, Thing's TypedThingInformer is
// TypedThing's, and a kind Version would not collide (its informer struct is
// versionInformer).
//
// +groupName=things.example.com
package v1
