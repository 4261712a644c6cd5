package report

import (
	"sort"
	"strconv"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
)

// The map of who assumes what, drawn by the markdown (Mermaid) and dot
// (Graphviz) renderers: OIDC providers issue tokens to callers, callers
// assume roles. Node IDs are made from the kind and an index (r0, c3, p1),
// never from plan values; labels are the report's strings, which are
// already redacted (lint.Analyze).

// Node kinds.
const (
	nodeRole     = "role"
	nodeCaller   = "caller"
	nodeProvider = "provider"
	nodeOutside  = "outside" // the roles a caller names that are not in the plan
)

// outsideLabel labels the node standing for roles outside the plan.
const outsideLabel = "(no role of the plan)"

// mapLimit is the most caller -> role edges the map draws: beyond it, the
// pairs without findings are left out first, then the least severe.
const mapLimit = 50

// mapNode is a role, caller, provider or the outside node.
type mapNode struct {
	id, kind, label string
	// rules are the rule IDs of the node's own findings (a role's trust),
	// "STSG201 accepted" for accepted ones;
	// severity the worst severity among those and the edges drawn to or
	// from the node, not counting accepted findings ("" for none).
	rules    []string
	severity string
}

// mapEdge is provider -> caller (token) or caller -> role (assumes).
type mapEdge struct {
	from, to *mapNode
	token    bool
	// rules are the rule IDs of the pair's findings; severity the worst
	// among those not accepted ("" when none or all accepted).
	rules    []string
	severity string
	accepted bool
}

// roleMap is the map of a report.
type roleMap struct {
	nodes []*mapNode
	edges []*mapEdge
	// omitted counts caller -> role edges left out (mapLimit).
	omitted, pairs int
}

// severityRank orders severities, worst first.
func severityRank(s string) int {
	switch s {
	case lint.SeverityError:
		return 0
	case lint.SeverityWarning:
		return 1
	case lint.SeverityInfo:
		return 2
	}
	return 3
}

func worse(a, b string) string {
	if a == "" || (b != "" && severityRank(b) < severityRank(a)) {
		return b
	}
	return a
}

// buildMap draws the report: every pair and every finding with a caller is
// a caller -> role edge (to the outside node when the role is not in the
// plan), every pair's provider a provider -> caller edge, and the role's
// own findings mark the role node.
func buildMap(rep *lint.Report, limit int) *roleMap {
	type key struct{ kind, label string }
	nodes := map[key]*mapNode{}
	node := func(kind, label string) *mapNode {
		k := key{kind, label}
		if n := nodes[k]; n != nil {
			return n
		}
		n := &mapNode{kind: kind, label: label}
		nodes[k] = n
		return n
	}
	type pairKey struct{ caller, role string }
	edges := map[pairKey]*mapEdge{}
	var order []pairKey
	edge := func(caller, role string) *mapEdge {
		k := pairKey{caller, role}
		if e := edges[k]; e != nil {
			return e
		}
		to := node(nodeOutside, outsideLabel)
		if role != "" {
			to = node(nodeRole, role)
		}
		e := &mapEdge{from: node(nodeCaller, caller), to: to}
		edges[k] = e
		order = append(order, k)
		return e
	}
	providerOf := map[string][]string{}
	open := map[*mapEdge]bool{}
	for _, p := range rep.Pairs {
		edge(p.Caller, p.Role)
		if p.Provider != "" && !contains(providerOf[p.Caller], p.Provider) {
			providerOf[p.Caller] = append(providerOf[p.Caller], p.Provider)
		}
	}
	for _, f := range rep.Findings {
		if f.Caller == "" {
			if f.Role == "" {
				continue
			}
			n := node(nodeRole, f.Role)
			if f.Accepted {
				n.rules = appendRule(n.rules, f.Rule+" accepted")
			} else {
				n.rules = appendRule(n.rules, f.Rule)
				n.severity = worse(n.severity, f.Severity)
			}
			continue
		}
		e := edge(f.Caller, f.Role)
		e.rules = appendRule(e.rules, f.Rule)
		if f.Accepted {
			e.accepted = true
		} else {
			open[e] = true
			e.severity = worse(e.severity, f.Severity)
		}
	}
	for e := range open {
		e.accepted = false // accepted only when every finding is
	}
	m := &roleMap{pairs: len(order)}
	kept := order
	if len(kept) > limit {
		var withFindings []pairKey
		for _, k := range kept {
			if len(edges[k].rules) > 0 {
				withFindings = append(withFindings, k)
			}
		}
		kept = withFindings
		if len(kept) > limit {
			sort.SliceStable(kept, func(i, j int) bool {
				return severityRank(edges[kept[i]].severity) < severityRank(edges[kept[j]].severity)
			})
			kept = kept[:limit]
		}
		m.omitted = len(order) - len(kept)
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].caller != kept[j].caller {
			return kept[i].caller < kept[j].caller
		}
		return kept[i].role < kept[j].role
	})
	used := map[*mapNode]bool{}
	var assumes, tokens []*mapEdge
	seenCaller := map[string]bool{}
	for _, k := range kept {
		e := edges[k]
		assumes = append(assumes, e)
		used[e.from], used[e.to] = true, true
		e.from.severity, e.to.severity = worse(e.from.severity, e.severity), worse(e.to.severity, e.severity)
		if !seenCaller[k.caller] {
			seenCaller[k.caller] = true
			for _, prov := range providerOf[k.caller] {
				p := node(nodeProvider, prov)
				used[p] = true
				tokens = append(tokens, &mapEdge{from: p, to: e.from, token: true})
			}
		}
	}
	// Roles with findings of their own or no caller are drawn when there
	// is room.
	for _, n := range nodes {
		if n.kind == nodeRole && len(n.rules) > 0 {
			used[n] = true
		}
	}
	if m.omitted == 0 {
		for _, r := range rep.Uncalled {
			used[node(nodeRole, r)] = true
		}
	}
	for n := range used {
		m.nodes = append(m.nodes, n)
	}
	kinds := map[string]int{nodeProvider: 0, nodeCaller: 1, nodeRole: 2, nodeOutside: 3}
	sort.Slice(m.nodes, func(i, j int) bool {
		a, b := m.nodes[i], m.nodes[j]
		if a.kind != b.kind {
			return kinds[a.kind] < kinds[b.kind]
		}
		return a.label < b.label
	})
	prefix := map[string]string{nodeProvider: "p", nodeCaller: "c", nodeRole: "r", nodeOutside: "x"}
	index := map[string]int{}
	position := map[*mapNode]int{}
	for i, n := range m.nodes {
		n.id = prefix[n.kind] + strconv.Itoa(index[n.kind])
		index[n.kind]++
		position[n] = i
	}
	sort.SliceStable(tokens, func(i, j int) bool {
		if tokens[i].from != tokens[j].from {
			return position[tokens[i].from] < position[tokens[j].from]
		}
		return position[tokens[i].to] < position[tokens[j].to]
	})
	m.edges = append(tokens, assumes...)
	return m
}

// label is the rule IDs of an edge, "accepted" when every finding is.
func (e *mapEdge) label() string {
	if len(e.rules) == 0 {
		return ""
	}
	l := strings.Join(e.rules, " ")
	if e.accepted {
		l += " accepted"
	}
	return l
}

// fullLabel is a node's label with its own rule IDs.
func (n *mapNode) fullLabel() string {
	l := shorten(oneLine(n.label), 60)
	if len(n.rules) > 0 {
		l += " · " + strings.Join(n.rules, " ")
	}
	return l
}

func appendRule(rules []string, id string) []string {
	if contains(rules, id) {
		return rules
	}
	rules = append(rules, id)
	sort.Strings(rules)
	return rules
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// shorten cuts s to n runes, ending with "…" when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
