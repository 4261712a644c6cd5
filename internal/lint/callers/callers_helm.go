package callers

import (
	"fmt"
	"path"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// helmChart says where a chart keeps its service account settings and
// what it names the service account when the values do not.
type helmChart struct {
	// Chart is the chart name (the last path element of "chart").
	Chart string
	// Prefix is the values path of the serviceAccount block.
	Prefix string
	// DefaultName is the service account name the chart uses when
	// <Prefix>.name is not set; "" means the chart's fullname.
	DefaultName string
	// Name is the chart's name as its fullname template uses it.
	Name string
}

// helmCharts lists the charts whose service account settings the linter
// knows (from each chart's values.yaml and _helpers.tpl).
var helmCharts = []helmChart{
	{Chart: "aws-load-balancer-controller", Prefix: "serviceAccount"},
	{Chart: "external-dns", Prefix: "serviceAccount"},
	{Chart: "cluster-autoscaler", Prefix: "rbac.serviceAccount", Name: "aws-cluster-autoscaler"},
	{Chart: "aws-ebs-csi-driver", Prefix: "controller.serviceAccount", DefaultName: "ebs-csi-controller-sa"},
	{Chart: "aws-efs-csi-driver", Prefix: "controller.serviceAccount", DefaultName: "efs-csi-controller-sa"},
	{Chart: "karpenter", Prefix: "serviceAccount"},
}

// genericPrefixes are tried, in order, for charts not in helmCharts.
var genericPrefixes = []string{"serviceAccount", "rbac.serviceAccount", "controller.serviceAccount"}

// ChartOf finds the chart entry for a helm_release chart argument (a name,
// repo/name, an OCI or HTTP URL, or a .tgz path).
func ChartOf(chart string) (helmChart, bool) {
	base := path.Base(strings.TrimSuffix(chart, "/"))
	base = strings.TrimSuffix(base, ".tgz")
	for _, c := range helmCharts {
		if base == c.Chart || strings.HasPrefix(base, c.Chart+"-") {
			return c, true
		}
	}
	return helmChart{Chart: base}, false
}

// helmCallers reads helm_release values and set entries that give a
// service account the IRSA role annotation.
func (w *source) helmCallers() []*model.Caller {
	var out []*model.Caller
	for _, r := range w.Plan.OfType("helm_release") {
		cluster := w.clusterOfKubernetes(r)
		c := &model.Caller{Res: r, Label: r.Address, Kind: model.KindEKSServiceAccount}
		c.Side = sides(r, func(s tfplan.Side) *model.CallerSide { return w.helmSide(r, s, cluster, nil) })
		if c.HasSide() {
			out = append(out, c)
		}
	}
	return out
}

// helmSide is the caller side of a release on a side: its values
// strings merged over base (the values of a file outside the plan, nil for
// none), then its set entries.
func (w *source) helmSide(r *tfplan.Resource, s tfplan.Side, cluster *model.Cluster, base map[string]any) *model.CallerSide {
	chartName, _ := r.StringAt(s, "chart")
	chart, knownChart := ChartOf(chartName)
	values := CloneMap(base)
	var sensitive []string
	for i, doc := range r.StringsAt(s, "values") {
		parsed := ParseYAMLMap(doc)
		if r.SensitiveAt(s, "values", i) {
			sensitive = appendStrings(sensitive, parsed)
		}
		MergeMaps(values, parsed)
	}
	setValues := map[string]tfplan.Value{}
	for _, block := range []string{"set", "set_sensitive"} {
		for i, e := range r.ObjectsAt(s, block) {
			name, ok := e["name"].(string)
			if !ok {
				continue
			}
			v := w.setElementValue(r, s, block, i, "value", "name", name)
			if block == "set_sensitive" {
				v.Sensitive = true
			}
			if v.Sensitive {
				sensitive = append(append(sensitive, v.S), v.Consts...)
			}
			setValues[name] = v
			if v.Known {
				SetPath(values, name, v.S)
			}
		}
	}
	prefixes := genericPrefixes
	if knownChart {
		prefixes = []string{chart.Prefix}
	}
	var role tfplan.Value
	prefix := ""
	for _, pfx := range prefixes {
		if v, ok := w.helmRole(pfx, values, setValues); ok {
			role, prefix = v, pfx
			break
		}
	}
	if prefix == "" {
		// Values known only after apply (templatefile, yamlencode with
		// references): pair through the role they refer to.
		if !r.UnknownAt(s, "values") && !anyUnknown(r, s, "values") {
			return nil
		}
		v := w.Plan.Follow(r, "values")
		if !w.NamesRole(v) {
			return nil
		}
		role, prefix = v, prefixes[0]
	}
	if base != nil {
		if v, ok := LookupPath(values, append(strings.Split(prefix, "."), "create")...); ok && (v == false || v == "false") {
			return nil // the chart makes no service account: the annotation is not applied
		}
	}
	var notes []string
	if note := untrimmedRoleNote(role); note != "" {
		notes = append(notes, note)
	}
	if !role.Known && len(role.Refs) == 0 && r.Module != "" {
		if own := w.moduleRole(r, s); own != nil {
			// A module that creates its release and its role together
			// (eks-blueprints-addon) sets the annotation in a dynamic
			// block, whose expression the plan does not record.
			role = tfplan.Value{Refs: []tfplan.Ref{{Resource: own.Res, Attr: "arn"}}}
			notes = append(notes, fmt.Sprintf("the role annotation is known only after apply and the plan records no expression for it: taken to be %s, the one role of %s", own.Address(), r.Module))
		}
	}
	ns := w.Plan.Value(r, s, "namespace")
	if ns.Absent {
		ns = tfplan.Value{Known: true, S: "default"}
	}
	release, _ := r.StringAt(s, "name")
	name, guessed := HelmServiceAccountName(chart, prefix, release, values, setValues)
	cs := eksSide(r, role, ns, name, tfplan.Value{Absent: true}, cluster)
	cs.Sensitive = append(cs.Sensitive, sensitive...)
	for _, id := range cs.Identities {
		if guessed != "" {
			id.Guessed = append(id.Guessed, guessed)
		}
	}
	cs.Notes = append(cs.Notes, fmt.Sprintf("service account from the %s chart's %s settings", chart.Chart, prefix))
	cs.Notes = append(cs.Notes, notes...)
	return cs
}

// HelmFileSide is the caller side, on a side, of a helm_release whose
// chart takes its values from a file outside the plan (values): the file's
// values, then the release's values strings, then its set entries, as
// Helm merges them. It is nil when the file gives no role annotation the
// release keeps, when the release alone already names a role (the plan's
// own caller then covers it, and the release's values override the
// file's), or when the values say serviceAccount.create is false (the
// chart then makes no service account to annotate). cluster is used when
// the release's provider does not say which cluster it is applied to.
func HelmFileSide(w *model.World, r *tfplan.Resource, s tfplan.Side, values map[string]any, cluster *model.Cluster) *model.CallerSide {
	src := &source{World: w}
	if c := src.clusterOfKubernetes(r); c != nil {
		cluster = c
	}
	if src.helmSide(r, s, cluster, nil) != nil {
		return nil
	}
	return src.helmSide(r, s, cluster, values)
}

// CloneMap copies nested mappings, so merging into the copy leaves m as
// it is (a file's values serve several releases).
func CloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = CloneMap(sub)
		}
		out[k] = v
	}
	return out
}

// moduleRole returns the one IAM role declared in the same module instance
// as r on a side, nil when there is none or several.
func (w *source) moduleRole(r *tfplan.Resource, s tfplan.Side) *model.Role {
	var found *model.Role
	for _, role := range w.Roles {
		if role.Res.Module != r.Module || !role.Res.Exists(s) || role.Res.IsData() {
			continue
		}
		if found != nil {
			return nil
		}
		found = role
	}
	return found
}

// helmRole finds the role annotation under a serviceAccount prefix, in a
// set entry or in the values.
func (w *source) helmRole(prefix string, values map[string]any, set map[string]tfplan.Value) (tfplan.Value, bool) {
	escaped := strings.ReplaceAll(RoleAnnotation, ".", `\.`)
	for _, key := range []string{prefix + ".annotations." + escaped, prefix + ".annotations." + RoleAnnotation} {
		if v, ok := set[key]; ok {
			return v, true
		}
	}
	keys := append(strings.Split(prefix, "."), "annotations", RoleAnnotation)
	if v, ok := LookupPath(values, keys...); ok {
		if s, ok := v.(string); ok {
			return tfplan.Value{Known: true, S: s}, true
		}
	}
	return tfplan.Value{}, false
}

// HelmServiceAccountName returns the service account name the release
// uses, and a note when it is the chart's default rather than a value.
func HelmServiceAccountName(chart helmChart, prefix, release string, values map[string]any, set map[string]tfplan.Value) (tfplan.Value, string) {
	if v, ok := set[prefix+".name"]; ok && !v.Absent {
		return v, ""
	}
	keys := append(strings.Split(prefix, "."), "name")
	if v, ok := LookupPath(values, keys...); ok {
		if s, ok := v.(string); ok && s != "" {
			return tfplan.Value{Known: true, S: s}, ""
		}
	}
	if chart.DefaultName != "" {
		return tfplan.Value{Known: true, S: chart.DefaultName}, fmt.Sprintf("%s.name is not set; assumed the chart default %q", prefix, chart.DefaultName)
	}
	name := HelmFullname(chart, release, values)
	return tfplan.Value{Known: true, S: name}, fmt.Sprintf("%s.name is not set; assumed the chart's fullname %q", prefix, name)
}

// HelmFullname follows the usual Helm "fullname" template:
// fullnameOverride, else the release name when it contains the chart name,
// else RELEASE-CHART.
func HelmFullname(chart helmChart, release string, values map[string]any) string {
	if v, ok := values["fullnameOverride"].(string); ok && v != "" {
		return v
	}
	name := chart.Name
	if name == "" {
		name = chart.Chart
	}
	if v, ok := values["nameOverride"].(string); ok && v != "" {
		name = v
	}
	if strings.Contains(release, name) {
		return release
	}
	return release + "-" + name
}

// MergeMaps merges src into dst as Helm merges values files: nested
// mappings key by key, anything else replaced.
func MergeMaps(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				MergeMaps(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// anyUnknown reports whether any element of a list at path is unknown.
func anyUnknown(r *tfplan.Resource, s tfplan.Side, path ...any) bool {
	if s == tfplan.Before {
		return false
	}
	mask, _ := tfplan.Get(r.AfterUnknown, path...)
	l, _ := mask.([]any)
	for _, m := range l {
		if m == true {
			return true
		}
	}
	return false
}

// appendStrings appends every string (keys and values) of a parsed YAML
// value.
func appendStrings(out []string, v any) []string {
	switch x := v.(type) {
	case string:
		return append(out, x)
	case map[string]any:
		for k, e := range x {
			out = appendStrings(append(out, k), e)
		}
	case []any:
		for _, e := range x {
			out = appendStrings(out, e)
		}
	}
	return out
}
