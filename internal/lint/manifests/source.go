package manifests

import (
	"fmt"
	"path"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Source is the caller source of the manifests and values files read by
// Read.
type Source struct {
	opts      Options
	dirs      []string
	files     []*file
	kustomize map[string]kustomization // by directory
	charts    map[string]string        // chart name by directory (Chart.yaml)
	err       error
}

var _ callers.Source = (*Source)(nil)

// Name says what the source reads.
func (s *Source) Name() string { return "Kubernetes manifests" }

// Err is the error found while matching the manifests with the plans (a
// --cluster that names no cluster of any plan, or clusters of two), once
// Callers has run; the CLI reports it with exit 2.
func (s *Source) Err() error { return s.err }

// index records what files say about their directory: the namespace of
// a kustomization file, the name of a Helm chart.
func (s *Source) index() {
	s.kustomize = map[string]kustomization{}
	s.charts = map[string]string{}
	for _, f := range s.files {
		if len(f.docs) == 0 {
			continue
		}
		m, _ := f.docs[0].Value.(map[string]any)
		switch {
		case isKustomization(f.base):
			k := kustomization{path: f.path}
			k.namespace, _ = m["namespace"].(string)
			k.prefix, _ = m["namePrefix"].(string)
			k.suffix, _ = m["nameSuffix"].(string)
			if k.namespace != "" || k.prefix != "" || k.suffix != "" {
				s.kustomize[f.dir] = k
			}
		case f.base == "Chart.yaml":
			if name, ok := m["name"].(string); ok && name != "" {
				s.charts[f.dir] = name
			}
		}
	}
}

// Callers returns a caller for each annotated ServiceAccount whose role is
// a role of the plans linted together (a role managed elsewhere cannot be
// checked here), and for each values file of a chart a helm_release of
// any plan installs.
func (s *Source) Callers(w *model.World) []*model.Caller {
	cluster, notes, err := s.cluster(w)
	if err != nil {
		s.err = err
		return nil
	}
	var objs []object
	for _, f := range s.files {
		objs = append(objs, objects(f)...)
	}
	users := map[string][]string{} // namespace/name -> workloads using it
	for _, o := range objs {
		if sa, ok := serviceAccountOf(o); ok {
			ns, _ := s.namespace(o)
			if sa != "default" {
				sa, _ = s.name(o, sa)
			}
			name, _ := s.name(o, o.str("metadata", "name"))
			key := ns + "/" + sa
			users[key] = append(users[key], fmt.Sprintf("%s %s/%s (%s)", o.kind, ns, name, o.where()))
		}
	}
	var out []*model.Caller
	for _, o := range objs {
		if c := s.serviceAccountCaller(w, o, cluster, notes, users); c != nil {
			out = append(out, c)
		}
	}
	return append(out, s.helmCallers(w, cluster, notes)...)
}

// serviceAccountCaller is the caller of a ServiceAccount object annotated
// with an IRSA role of the plan, nil for other objects.
func (s *Source) serviceAccountCaller(w *model.World, o object, cluster *model.Cluster, notes []string, users map[string][]string) *model.Caller {
	if o.kind != "ServiceAccount" || o.str("apiVersion") != "v1" {
		return nil
	}
	role, name := o.str("metadata", "annotations", callers.RoleAnnotation), o.str("metadata", "name")
	if role == "" || name == "" || !namesPlanRole(w, role) {
		return nil
	}
	ns, nsNote := s.namespace(o)
	name, nameNote := s.name(o, name)
	line, col := o.pos()
	c := model.NewFileCaller(&model.FileOrigin{Path: o.f.path, Line: line, Column: col, Object: "ServiceAccount " + ns + "/" + name}, model.KindEKSServiceAccount)
	aud := tfplan.Value{Absent: true}
	if a := o.str("metadata", "annotations", callers.AudienceAnnotation); a != "" {
		aud = tfplan.Value{Known: true, S: a}
	}
	for _, side := range []tfplan.Side{tfplan.Before, tfplan.After} {
		cs := callers.ServiceAccountSide(c.Res, tfplan.Value{Known: true, S: role}, tfplan.Value{Known: true, S: ns}, tfplan.Value{Known: true, S: name}, aud, cluster)
		for _, n := range []string{nsNote, nameNote} {
			if n != "" {
				cs.Notes = append(cs.Notes, n)
			}
		}
		cs.Notes = append(cs.Notes, notes...)
		if u := users[ns+"/"+name]; len(u) > 0 {
			cs.Notes = append(cs.Notes, "used by "+strings.Join(u, ", "))
		}
		c.Side[side] = cs
	}
	return c
}

// namesPlanRole reports whether a role ARN names a role of any plan
// linted with w on either side, whitespace around it aside (the caller
// keeps the value as it is, and a finding says that STS refuses it so).
func namesPlanRole(w *model.World, arn string) bool {
	v := tfplan.Value{Known: true, S: strings.TrimSpace(arn)}
	for _, world := range w.Worlds() {
		if world.RoleOfValue(v, tfplan.Before) != nil || world.RoleOfValue(v, tfplan.After) != nil {
			return true
		}
	}
	return false
}

// helmCallers reads values files of charts that a helm_release of any
// plan linted with w installs: the directory's Chart.yaml name, else the
// directory's name, is the chart's name. In a chart directory, values.yaml
// holds the chart's defaults and other values files are read over it.
func (s *Source) helmCallers(w *model.World, cluster *model.Cluster, notes []string) []*model.Caller {
	type release struct {
		r *tfplan.Resource
		w *model.World
	}
	var releases []release
	for _, world := range w.Worlds() {
		for _, r := range world.Plan.OfType("helm_release") {
			releases = append(releases, release{r, world})
		}
	}
	if len(releases) == 0 {
		return nil
	}
	defaults := map[string]*file{}
	for _, f := range s.files {
		if _, chart := s.charts[f.dir]; chart && (f.base == "values.yaml" || f.base == "values.yml") {
			defaults[f.dir] = f
		}
	}
	var out []*model.Caller
	for _, f := range s.files {
		if !isValues(f.base) {
			continue
		}
		chart := s.charts[f.dir]
		if chart == "" {
			chart = path.Base(f.dir)
		}
		values := map[string]any{}
		if d := defaults[f.dir]; d != nil && d != f {
			callers.MergeMaps(values, valuesOf(d))
		}
		callers.MergeMaps(values, valuesOf(f))
		for _, rel := range releases {
			if c := s.helmCaller(rel.w, f, chart, values, rel.r, cluster, notes); c != nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// valuesOf merges the mappings of a values file's documents into a new
// map (merging never changes the documents: a file serves several
// releases and is the defaults of others).
func valuesOf(f *file) map[string]any {
	out := map[string]any{}
	for _, d := range f.docs {
		if m, ok := d.Value.(map[string]any); ok {
			callers.MergeMaps(out, callers.CloneMap(m))
		}
	}
	return out
}

// helmCaller is the caller of a values file for one release of its chart.
func (s *Source) helmCaller(w *model.World, f *file, chart string, values map[string]any, r *tfplan.Resource, cluster *model.Cluster, notes []string) *model.Caller {
	installs := false
	for _, side := range []tfplan.Side{tfplan.Before, tfplan.After} {
		if name, ok := r.StringAt(side, "chart"); ok && r.Exists(side) {
			c, _ := callers.ChartOf(name)
			installs = installs || c.Chart == chart || chartBase(name) == chart
		}
	}
	if !installs {
		return nil
	}
	var sides [2]*model.CallerSide
	for _, side := range []tfplan.Side{tfplan.Before, tfplan.After} {
		if !r.Exists(side) {
			continue
		}
		cs := callers.HelmFileSide(w, r, side, values, cluster)
		if cs == nil || !cs.Role.Known || !namesPlanRole(w, cs.Role.S) {
			continue
		}
		cs.Notes = append(cs.Notes, fmt.Sprintf("values from %s, for the %s chart that %s installs", f.path, chart, w.Addr(r)))
		if len(cs.Identities) > 0 && cs.Identities[0].EKS != nil && cs.Identities[0].EKS.Cluster == nil {
			cs.Notes = append(cs.Notes, notes...)
		}
		sides[side] = cs
	}
	if sides[tfplan.Before] == nil && sides[tfplan.After] == nil {
		return nil
	}
	line, col := rolePos(f)
	c := model.NewFileCaller(&model.FileOrigin{Path: f.path, Line: line, Column: col, Object: "values for " + w.Addr(r)}, model.KindEKSServiceAccount)
	c.Side = sides
	return c
}

// rolePos is the position of the role annotation in a values file, else
// of its first document.
func rolePos(f *file) (int, int) {
	if len(f.docs) == 0 {
		return 0, 0
	}
	for i := len(f.docs) - 1; i >= 0; i-- {
		d := f.docs[i]
		m, _ := d.Value.(map[string]any)
		for _, prefix := range []string{"serviceAccount", "rbac.serviceAccount", "controller.serviceAccount"} {
			keys := append(strings.Split(prefix, "."), "annotations", callers.RoleAnnotation)
			if _, ok := callers.LookupPath(m, keys...); ok {
				at := make([]any, len(keys))
				for i, k := range keys {
					at[i] = k
				}
				return d.Pos(at...)
			}
		}
	}
	return f.docs[0].Line, f.docs[0].Column
}

// chartBase is the last path element of a chart argument without .tgz.
func chartBase(chart string) string {
	return strings.TrimSuffix(path.Base(strings.TrimSuffix(chart, "/")), ".tgz")
}

// Empty reports whether no YAML file was found, so that a --manifests
// directory holding none can be reported.
func (s *Source) Empty() bool { return len(s.files) == 0 }
