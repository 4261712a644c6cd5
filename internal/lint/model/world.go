package model

import (
	"fmt"
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
// With several plans it covers the stand-ins of every plan.
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
	w.build()
	return w
}

func (w *World) build() {
	w.findAccount()
	w.findRegion()
	w.collectClusters()
	w.collectProviders()
	w.collectPools()
	w.collectRoles()
	w.collectOrg()
}

// NewWorlds builds one world per plan, for plans linted together (IAM in
// one root module, clusters and service accounts in another). With one
// plan it is NewWorld. With several, each world is named after its plan's
// source (Addr prefixes addresses with it), stand-ins are made distinct
// per plan (the same address in two plans is two resources), and the
// worlds share their stand-in labels and replaced values, so that any
// world's Displayer covers every plan.
func NewWorlds(plans []*tfplan.Plan) []*World {
	if len(plans) == 1 {
		return []*World{NewWorld(plans[0])}
	}
	worlds := make([]*World, len(plans))
	labels, previous := map[string]string{}, map[string]string{}
	for i, p := range plans {
		w := &World{Plan: p, Name: p.Source, salt: fmt.Sprintf("plan %d\x00", i), labels: labels, Previous: previous}
		w.build()
		worlds[i] = w
	}
	for _, w := range worlds {
		w.peers = worlds
	}
	return worlds
}

// Worlds lists every world linted together with w, w included, in the
// order of the plans ([w] for a single plan).
func (w *World) Worlds() []*World {
	if w.peers == nil {
		return []*World{w}
	}
	return w.peers
}

// Addr is a resource's address as findings show it: prefixed with the
// plan's source (`iam.json: aws_iam_role.x`) when several plans are
// linted together.
func (w *World) Addr(r *tfplan.Resource) string {
	if w.Name == "" {
		return r.Address
	}
	return w.Name + ": " + r.Address
}

// key is what stand-ins of a resource are derived from: its address,
// made distinct per plan when several are linted together.
func (w *World) key(r *tfplan.Resource) string { return w.salt + r.Address }

// RoleAccounts lists the accounts of the world's roles on a side (sorted,
// without made-up accounts): the accounts a policy of another plan, such
// as an organisation's resource control policy, applies to by account ID.
func (w *World) RoleAccounts(s tfplan.Side) []string {
	seen := map[string]bool{}
	for _, role := range w.Roles {
		if role.Res.Exists(s) {
			if a := role.Account(s); a != "" && !IsPlaceholder(a) {
				seen[a] = true
			}
		}
	}
	return tfplan.SortedKeys(seen)
}
