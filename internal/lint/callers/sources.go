package callers

import (
	"fmt"

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

// Collect runs every source over the world, in order, and bounds the
// callers' values by what their issuers accept (bounds.go).
func Collect(w *model.World, sources ...Source) []*model.Caller {
	var out []*model.Caller
	for _, src := range sources {
		out = append(out, src.Callers(w)...)
	}
	boundCallers(out)
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

// Problem is part of a source's input that could not be read, located in
// its file: a workflow or manifest that does not parse, a value the
// source cannot resolve. The linter reports each as an STSG900 info
// finding at that place, so one broken file among many does not hide the
// others; an input that makes the whole source useless (an unreadable
// directory, the only file broken) is the source constructor's error
// instead, which the CLI reports with exit 2.
type Problem struct {
	// File is the path as given on the command line; Line and Column are
	// 1-based (0 when unknown).
	File         string
	Line, Column int
	// Message says what is wrong and what is therefore not checked; Fix
	// what to do.
	Message, Fix string
}

// String is FILE:LINE:COLUMN: MESSAGE.
func (p Problem) String() string {
	switch {
	case p.Line > 0 && p.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return p.File + ": " + p.Message
}

// ProblemReporter is implemented by sources that read files: Problems
// returns what they could not read, once Callers has run.
type ProblemReporter interface {
	Problems() []Problem
}

// Superseder is implemented by sources that read, better than the plan
// can guess, how some plan resources are used: after its Callers, the
// callers the plan's own families made from those resources are dropped
// (a GitHub Actions variable that workflow jobs read: the jobs are the
// callers, not a guess of the default branch).
type Superseder interface {
	Supersedes() []*tfplan.Resource
}
