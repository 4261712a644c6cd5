package model

import (
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// trustCache and the other caches live on world; declared here to keep
// providers.go about providers.
type worldCaches struct {
	trustCache map[string]*Trust
	docCache   map[*tfplan.Resource]*Trust
	nameIndex  [2]map[string]*Role
	repoByName [2]map[string]*tfplan.Resource
	pools      map[*tfplan.Resource]*identityPool
}

// Displayer replaces stand-ins in a message with what they stand for;
// notes that explain a stand-in keep it, as they say what it stands for.
func (w *World) Displayer() func(string) string {
	if len(w.labels) == 0 {
		return func(s string) string { return s }
	}
	keys := tfplan.SortedKeys(w.labels)
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, w.labels[k])
	}
	rep := strings.NewReplacer(pairs...)
	return rep.Replace
}

// NewWorld builds the model of a plan: its account and region, clusters,
// OIDC providers, identity pools, roles and organisation layer.
func NewWorld(p *tfplan.Plan) *World {
	w := &World{Plan: p}
	w.findAccount()
	w.findRegion()
	w.collectClusters()
	w.collectProviders()
	w.collectPools()
	w.collectRoles()
	w.collectOrg()
	return w
}
