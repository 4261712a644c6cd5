package manifests

import (
	"fmt"
	"path"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/yamldoc"
)

// object is one Kubernetes object of a file.
type object struct {
	f    *file
	doc  *yamldoc.Doc
	at   []any // where the object is in its document ("items", i for List members)
	m    map[string]any
	kind string
}

// objects returns the Kubernetes objects of a file: every document with a
// string apiVersion and kind, and the items of List kinds (kind List or
// FooList with items). Other YAML is not a Kubernetes object and is left
// out.
func objects(f *file) []object {
	var out []object
	for _, d := range f.docs {
		out = append(out, objectsIn(f, d, nil, d.Value, 0)...)
	}
	return out
}

func objectsIn(f *file, d *yamldoc.Doc, at []any, v any, depth int) []object {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	apiVersion, _ := m["apiVersion"].(string)
	kind, _ := m["kind"].(string)
	if apiVersion == "" || kind == "" {
		return nil
	}
	if items, ok := m["items"].([]any); ok && strings.HasSuffix(kind, "List") && depth < 4 {
		var out []object
		for i, item := range items {
			out = append(out, objectsIn(f, d, append(append([]any{}, at...), "items", i), item, depth+1)...)
		}
		return out
	}
	return []object{{f: f, doc: d, at: at, m: m, kind: kind}}
}

// str reads a string at a path of keys in the object ("" when absent or
// not a string).
func (o object) str(keys ...string) string {
	var v any = o.m
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}

// pos is the position of the object (its first key).
func (o object) pos() (int, int) { return o.doc.Pos(o.at...) }

// lineOf is the line of the object, for notes.
func (o object) where() string {
	line, _ := o.pos()
	return fmt.Sprintf("%s:%d", o.f.path, line)
}

// namespace is the object's namespace and, when it does not come from
// metadata.namespace, a note saying where it does come from. A
// kustomization.yaml in the same directory sets the namespace of every
// object it builds, over metadata.namespace, as kustomize does
// (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/namespace).
func (s *Source) namespace(o object) (string, string) {
	if k, ok := s.kustomize[o.f.dir]; ok && k.namespace != "" {
		own := o.str("metadata", "namespace")
		if own != "" && own != k.namespace {
			return k.namespace, fmt.Sprintf("namespace %q set by %s (kustomize sets it over metadata.namespace %q)", k.namespace, k.path, own)
		}
		if own == "" {
			return k.namespace, fmt.Sprintf("namespace %q from %s", k.namespace, k.path)
		}
		return own, ""
	}
	if ns := o.str("metadata", "namespace"); ns != "" {
		return ns, ""
	}
	return "default", "no metadata.namespace and no kustomization.yaml namespace: in the same directory; taken to be \"default\", as kubectl applies it without -n"
}

// name is a name of an object of the object's directory as kustomize
// builds it (namePrefix and nameSuffix of a kustomization.yaml in the
// same directory; kustomize renames references to the objects it builds
// too), with a note when they change it.
func (s *Source) name(o object, name string) (string, string) {
	k, ok := s.kustomize[o.f.dir]
	if !ok || name == "" || (k.prefix == "" && k.suffix == "") {
		return name, ""
	}
	built := k.prefix + name + k.suffix
	return built, fmt.Sprintf("name %q built by %s from %q (namePrefix %q, nameSuffix %q)", built, k.path, name, k.prefix, k.suffix)
}

// kustomization is what a kustomization file in a directory sets for the
// objects it builds: namespace, namePrefix, nameSuffix. Only the
// kustomization of an object's own directory is read; overlays elsewhere
// are not followed (lint the output of kustomize build for those).
type kustomization struct{ namespace, prefix, suffix, path string }

// isKustomization reports whether a file name is one kustomize reads.
func isKustomization(base string) bool {
	return base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization"
}

// isValues reports whether a file name is a Helm values file
// (values.yaml, values-prod.yaml, values.staging.yml, ...).
func isValues(base string) bool {
	ext := path.Ext(base)
	return strings.HasPrefix(base, "values") && (ext == ".yaml" || ext == ".yml")
}

// workloadKinds maps the kinds that run pods to the path of their pod
// spec.
var workloadKinds = map[string][]string{
	"Pod":         {"spec"},
	"Deployment":  {"spec", "template", "spec"},
	"StatefulSet": {"spec", "template", "spec"},
	"DaemonSet":   {"spec", "template", "spec"},
	"ReplicaSet":  {"spec", "template", "spec"},
	"Job":         {"spec", "template", "spec"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template", "spec"},
}

// serviceAccountOf is the service account a workload's pods run as:
// serviceAccountName, else the deprecated serviceAccount, else "default"
// (as the API server sets it).
func serviceAccountOf(o object) (string, bool) {
	spec, ok := workloadKinds[o.kind]
	if !ok {
		return "", false
	}
	for _, field := range []string{"serviceAccountName", "serviceAccount"} {
		if sa := o.str(append(append([]string{}, spec...), field)...); sa != "" {
			return sa, true
		}
	}
	return "default", true
}
