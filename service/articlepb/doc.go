// Package articlepb converts the domain values of package article, and the
// sanitizer's policies and reports, to and from their protobuf messages.
// It is a leaf: the server, the article log and the command-line client
// all convert through it, so none of them needs another's dependencies to
// speak the API's messages.
package articlepb
