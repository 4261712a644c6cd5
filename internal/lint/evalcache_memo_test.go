package lint

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// TestRequestMemoKeys asks request and providersFor questions that differ
// in one part of their key each, in turn and twice: every answer must be
// what the binding (or World.ProvidersFor) gives for that question, so a
// key that left a part out would hand one question the other's answer;
// and a caller that changes its copy of a request does not change the
// next one.
func TestRequestMemoKeys(t *testing.T) {
	p, err := tfplan.LoadFile(filepath.Join(plansDir, "oidc-issuer-changed-fix.json"), model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	w := newRun(model.NewWorlds([]*tfplan.Plan{p}), Options{}).view(nil)
	gh := &model.Identity{Binding: identity.GitHubActions{Repository: "octo/app", Ref: "main"}}
	gh2 := &model.Identity{Binding: identity.GitHubActions{Repository: "octo/app", Ref: "dev"}}
	eks := &model.Identity{EKS: &model.EKSIdentity{Namespace: "ns", Name: "sa"}}
	arn1, arn2 := "arn:aws:iam::111122223333:role/a", "arn:aws:iam::444455556666:role/b"
	// Questions that differ in one part; gh and twin have equal bindings
	// (the first questions of each), and so one request.
	twin := &model.Identity{Binding: identity.GitHubActions{Repository: "octo/app", Ref: "main"}}
	withClaims := &model.Identity{Binding: identity.GitHubActions{Repository: "octo/app", Ref: "main", Claims: map[string]string{"workflow": "ci"}}}
	type question struct {
		ref     bindingRef
		roleARN string
	}
	questions := []question{
		{bindingRef{id: gh}, arn1}, {bindingRef{id: gh}, arn2}, {bindingRef{id: gh2}, arn1}, {bindingRef{id: withClaims}, arn1},
		{bindingRef{id: eks, host: "oidc.eks.us-east-1.amazonaws.com/id/A"}, arn1},
		{bindingRef{id: eks, host: "oidc.eks.us-east-1.amazonaws.com/id/B"}, arn1},
		{bindingRef{id: eks, providerARN: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/C"}, arn1},
		{bindingRef{id: eks, providerARN: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/C"}, arn2},
		{bindingRef{id: eks, providerARN: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/D"}, arn2},
		{bindingRef{id: &model.Identity{EKS: &model.EKSIdentity{Namespace: "ns", Name: "sa", Audience: "other"}}, host: "oidc.eks.us-east-1.amazonaws.com/id/A"}, arn1},
		{bindingRef{id: &model.Identity{EKS: &model.EKSIdentity{Namespace: "ns2", Name: "sa"}}, host: "oidc.eks.us-east-1.amazonaws.com/id/A"}, arn1},
		{bindingRef{id: &model.Identity{EKS: &model.EKSIdentity{Namespace: "ns", Name: "sa2"}}, host: "oidc.eks.us-east-1.amazonaws.com/id/A"}, arn1},
		{bindingRef{id: &model.Identity{Binding: identity.GitHubActions{Repository: "not a repository", Ref: "main"}}}, arn1},
		{bindingRef{id: twin}, arn1},
	}
	for round := range 2 {
		for _, q := range questions {
			want, wantErr := q.ref.binding().Request(q.roleARN)
			got, err := w.request(q.ref, q.roleARN)
			if !reflect.DeepEqual(got, want) || (err == nil) != (wantErr == nil) {
				t.Fatalf("round %d, %+v: request = %+v, %v; the binding gives %+v, %v", round, q, got, err, want, wantErr)
			}
			if got != nil {
				got.RoleARN, got.OIDCProviders = "changed", []identity.OIDCProvider{{URL: "changed"}}
			}
		}
	}
	asked := map[string]int{arn1: -1} // twin's binding was asked before
	for _, q := range questions {
		asked[q.roleARN]++
	}
	for arn, n := range asked {
		if got := len(w.requests[arn]); got != min(n, requestsPerRole) {
			t.Errorf("%s: %d requests remembered for %d bindings", arn, got, n)
		}
	}
	if len(w.Providers) == 0 {
		t.Fatal("the plan has no OIDC provider")
	}
	// The first question differs from each other one in one part, and
	// has another answer.
	acct := w.Providers[0].Account[tfplan.Before] // the provider is replaced: its URL changes
	accounts := []providersAt{{w.World, acct, tfplan.Before}, {w.World, acct, tfplan.After}, {w.World, "444455556666", tfplan.Before}}
	var answers []string
	for round := range 2 {
		for _, q := range accounts {
			want := w.ProvidersFor(q.account, q.side)
			if got := w.providersFor(q.account, q.side); !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, %s side %d: providersFor = %v, World.ProvidersFor %v", round, q.account, q.side, got, want)
			}
			answers = append(answers, fmt.Sprint(want))
		}
	}
	if answers[0] == answers[1] || answers[0] == answers[2] {
		t.Fatalf("the answers %q cannot tell a key that leaves a part out", answers)
	}
}

// TestGitHubBindingFields: githubBinding has every field of
// identity.GitHubActions but Claims, of the same type, in the same order:
// a field added to the binding and not to the key would let two bindings
// that differ in it share a request.
func TestGitHubBindingFields(t *testing.T) {
	var want []string
	for f := range reflect.TypeFor[identity.GitHubActions]().Fields() {
		if f.Name != "Claims" {
			want = append(want, f.Name+" "+f.Type.String())
		}
	}
	var got []string
	for f := range reflect.TypeFor[githubBinding]().Fields() {
		got = append(got, f.Name+" "+f.Type.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("githubBinding has %q, identity.GitHubActions %q (without Claims)", got, want)
	}
}

// TestRequestMemoBound: a role ARN asked for more bindings than
// requestsPerRole keeps that many, and every answer, kept or not, is the
// binding's own request.
func TestRequestMemoBound(t *testing.T) {
	w := newRun(nil, Options{}).view(&model.World{})
	arn := "arn:aws:iam::111122223333:role/a"
	var refs []bindingRef
	for i := range 3 * requestsPerRole {
		refs = append(refs, bindingRef{id: &model.Identity{Binding: identity.GitHubActions{Repository: fmt.Sprintf("octo/app%d", i), Ref: "main"}}})
	}
	for round := range 2 {
		for _, ref := range refs {
			want, _ := ref.binding().Request(arn)
			if got, err := w.request(ref, arn); err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, %+v: request = %+v, %v; the binding gives %+v", round, ref.id.Binding, got, err, want)
			}
		}
	}
	if n := len(w.requests[arn]); n != requestsPerRole {
		t.Errorf("%d requests kept for one role ARN, want %d", n, requestsPerRole)
	}
}
