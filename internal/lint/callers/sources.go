package callers

import (
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// Source turns one kind of input into callers: the identity each will
// present, the role it names (by literal or by reference) and where it is
// declared. Pairing and the rules only see callers, so a new kind of input
// (workflow files, manifests, another plan) is a new Source.
type Source interface {
	// Name says what the source reads, for messages and tests.
	Name() string
	// Callers returns the callers found in the world's inputs.
	Callers(w *model.World) []*model.Caller
}

// PlanResources is the source of the callers a plan's own resources
// hold, one family after the other.
var PlanResources Source = planResources{}

// families are the caller families of a plan, in the order findings
// list them.
var families = []struct {
	name string
	read func(*source) []*model.Caller
}{
	{"Kubernetes service accounts", (*source).serviceAccountCallers},
	{"Kubernetes manifests", (*source).manifestCallers},
	{"Helm releases", (*source).helmCallers},
	{"EKS add-ons", (*source).addonCallers},
	{"EKS Pod Identity associations", (*source).podIdentityCallers},
	{"Cognito identity pools", (*source).cognitoCallers},
	{"GitHub Actions variables and secrets", (*source).githubCallers},
	{"role chaining", (*source).chainCallers},
	{"stsguard_role_trust bindings", (*source).declaredCallers},
}

type planResources struct{}

func (planResources) Name() string { return "plan resources" }

func (planResources) Callers(w *model.World) []*model.Caller {
	src := &source{World: w}
	var out []*model.Caller
	for _, f := range families {
		out = append(out, f.read(src)...)
	}
	return out
}

// Collect runs every source over the world, in order.
func Collect(w *model.World, sources ...Source) []*model.Caller {
	var out []*model.Caller
	for _, src := range sources {
		out = append(out, src.Callers(w)...)
	}
	return out
}

// source reads callers from a plan's resources; it holds the indexes the
// caller families share.
type source struct {
	*model.World
	attached    [2]map[*model.Role][]policySource
	policyByARN [2]map[string]*tfplan.Resource
}

// sides runs fn for each side on which r exists and stores the result.
func sides(r *tfplan.Resource, fn func(s tfplan.Side) *model.CallerSide) [2]*model.CallerSide {
	var out [2]*model.CallerSide
	for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
		if r.Exists(s) {
			out[s] = fn(s)
		}
	}
	return out
}
