package manifests

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// planCluster is a cluster of one of the plans linted together.
type planCluster struct {
	c *model.Cluster
	w *model.World
}

// clusters lists the clusters of every plan linted with w (sorted by plan,
// then address). A cluster that two plans both declare (one manages it,
// the other reads it with data.aws_eks_cluster: same name, issuers that
// agree or are known only after apply) is listed once, by the plan that
// manages it.
func clusters(w *model.World) []planCluster {
	var all []planCluster
	for _, world := range w.Worlds() {
		var own []*model.Cluster
		for _, c := range world.Clusters {
			own = append(own, c)
		}
		sort.Slice(own, func(i, j int) bool { return own[i].Res.Address < own[j].Res.Address })
	next:
		for _, c := range own {
			for i, seen := range all {
				if seen.w != world && sameCluster(seen.c, c) {
					if seen.c.Res.IsData() && !c.Res.IsData() {
						all[i] = planCluster{c, world}
					}
					continue next
				}
			}
			all = append(all, planCluster{c, world})
		}
	}
	return all
}

// sameCluster reports whether clusters of two plans are one: the same
// name, and issuers that agree where both are known.
func sameCluster(a, b *model.Cluster) bool {
	name := func(c *model.Cluster) string {
		if c.Name[tfplan.After] != "" {
			return c.Name[tfplan.After]
		}
		return c.Name[tfplan.Before]
	}
	if name(a) == "" || name(a) != name(b) {
		return false
	}
	s := tfplan.After
	if a.Issuer[s] == "" || b.Issuer[s] == "" {
		s = tfplan.Before
	}
	return a.Placeholder[s] || b.Placeholder[s] || a.Issuer[s] == b.Issuer[s]
}

// cluster is the cluster the manifests are applied to: --cluster (a
// cluster of any plan linted together, by name or address, with or
// without the plan's prefix), else the single cluster in the plans; nil
// (with a note) when the plans have none or several.
func (s *Source) cluster(w *model.World) (*model.Cluster, []string, error) {
	all := clusters(w)
	several := len(w.Worlds()) > 1
	planWord, declares, has := "the plan", "declares", "has"
	if several {
		planWord, declares, has = "the plans", "declare", "have"
	}
	var names []string
	for _, pc := range all {
		names = append(names, clusterName(pc))
	}
	if want := s.opts.Cluster; want != "" {
		var match []planCluster
		for _, pc := range all {
			c := pc.c
			if c.Name[tfplan.After] == want || c.Name[tfplan.Before] == want || c.Res.Address == want || pc.w.Addr(c.Res) == want {
				match = append(match, pc)
			}
		}
		switch {
		case len(match) == 1:
			return match[0].c, nil, nil
		case len(match) > 1:
			var which []string
			for _, pc := range match {
				which = append(which, clusterName(pc))
			}
			return nil, nil, fmt.Errorf("--cluster %s: several EKS clusters of the plans have that name or address (%s); give the address with its plan, for example --cluster %q", want, strings.Join(which, ", "), match[0].w.Addr(match[0].c.Res))
		case len(all) == 0:
			return nil, nil, fmt.Errorf("--cluster %s: %s %s no EKS cluster (aws_eks_cluster or data.aws_eks_cluster); leave --cluster out", want, planWord, declares)
		}
		return nil, nil, fmt.Errorf("--cluster %s: no EKS cluster of %s has that name or address; its clusters: %s", want, planWord, strings.Join(names, ", "))
	}
	switch len(all) {
	case 0:
		return nil, []string{planWord + " " + declares + " no EKS cluster, so the cluster of the manifests is not known"}, nil
	case 1:
		return all[0].c, nil, nil
	}
	return nil, []string{fmt.Sprintf("%s %s %d EKS clusters (%s) and --cluster does not say which one the manifests are applied to, so the cluster's issuer is not checked; give --cluster NAME", planWord, has, len(all), strings.Join(names, ", "))}, nil
}

// clusterName names a cluster for messages: NAME (ADDRESS), the address
// prefixed with its plan when several are linted together.
func clusterName(pc planCluster) string {
	c := pc.c
	name := c.Name[tfplan.After]
	if name == "" {
		name = c.Name[tfplan.Before]
	}
	if name == "" {
		return pc.w.Addr(c.Res)
	}
	return name + " (" + pc.w.Addr(c.Res) + ")"
}
