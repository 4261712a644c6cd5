// Package yamldoc reads YAML for stsguard: Kubernetes manifests, Helm
// values files and the Helm values strings of helm_release, with the
// github.com/goccy/go-yaml parser (line:column for errors and nodes).
//
// A stream is split into documents as Kubernetes splits it
// (k8s.io/apimachinery util/yaml YAMLReader, which kubectl and Helm use):
// at each line that starts with "---" followed by nothing but spaces or a
// comment; any other text after "---" is an error, as kubectl reports it.
// Each document is then parsed on its own, and positions are given in the
// whole stream.
//
// Files:
//   - yamldoc.go: Parse, Doc (decoded value and positions), Error.
//   - split.go: the document splitter and the alias expansion bound.
package yamldoc
