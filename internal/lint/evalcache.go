package lint

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// evaluateCached evaluates a request, reusing results for identical
// trust texts and requests (many callers share a role).
func (w *analyzer) evaluateCached(t *model.Trust, req *identity.Request, rs *rcpSet) (*evaluate.Result, error) {
	rcpKey := ""
	if rs != nil {
		rcpKey = rs.key
	}
	key := requestKey(&w.keyBuf, t, req, rcpKey)
	if r, ok := w.evalCache[key]; ok {
		return r, nil
	}
	docs, _ := rs.docs()
	res, err := evaluate.Request(t.Doc, req, docs...)
	if err != nil {
		return nil, err
	}
	res = keptResult(res)
	w.evalCache[key] = res
	return res, nil
}

// requestMemo turns the memory of request and providersFor on (tests
// turn it off to compare the reports with and without it).
var requestMemo = true

// bindingRef names the binding a request is built from: an identity's
// own, or that of its service account with an issuer eksIssuers chose.
type bindingRef struct {
	id                *model.Identity
	host, providerARN string
}

// binding is the binding named.
func (r bindingRef) binding() identity.Binding {
	if r.id.EKS != nil {
		return issuerChoice{host: r.host, providerARN: r.providerARN}.binding(r.id.EKS)
	}
	return r.id.Binding
}

// githubBinding is an identity.GitHubActions without its Claims (a map),
// field for field (TestGitHubBindingFields holds it so).
type githubBinding struct {
	Repository, Ref, Environment string
	PullRequest                  bool
	Subject, Audience, Issuer    string
}

// bindingKey is what a binding's request depends on besides the role
// ARN: the binding itself when it is comparable (a service account; a
// GitHub workflow without extra claims, as githubBinding), else ref.
func bindingKey(ref bindingRef, b identity.Binding) any {
	switch b := b.(type) {
	case identity.EKSServiceAccount:
		return b
	case identity.GitHubActions:
		if len(b.Claims) == 0 {
			return githubBinding{b.Repository, b.Ref, b.Environment, b.PullRequest, b.Subject, b.Audience, b.Issuer}
		}
	}
	return ref
}

// builtRequest is the request of the binding of key, or why there is none.
type builtRequest struct {
	key any
	req *identity.Request
	err error
}

// requestsPerRole bounds the requests kept per role ARN, and so a search.
const requestsPerRole = 8

// request builds the request of a binding for a role ARN once per run (a
// caller is evaluated on both sides of the plan, and again by the
// over-breadth analysis; equal bindings share it) and returns a copy each
// time, for the caller to set its role ARN and providers (the claims are
// shared, and only read).
func (w *analyzer) request(ref bindingRef, roleARN string) (*identity.Request, error) {
	b := ref.binding()
	k := bindingKey(ref, b)
	built := w.requests[roleARN]
	r := builtRequest{key: k}
	if i := slices.IndexFunc(built, func(r builtRequest) bool { return r.key == k }); i >= 0 && requestMemo {
		r = built[i]
	} else if r.req, r.err = b.Request(roleARN); len(built) < requestsPerRole {
		w.requests[roleARN] = append(built, r)
	}
	if r.err != nil {
		return nil, r.err
	}
	return new(*r.req), nil // a copy
}

// providersFor is World.ProvidersFor, computed once per world, account
// and side (the providers are the same for every pair of the account);
// the list is shared, and only read.
func (w *analyzer) providersFor(account string, s tfplan.Side) []identity.OIDCProvider {
	k := providersAt{w.World, account, s}
	if ps, ok := w.providers[k]; ok && requestMemo {
		return ps
	}
	ps := w.ProvidersFor(account, s)
	w.providers[k] = ps
	return ps
}

// providersAt names one question to providersFor.
type providersAt struct {
	world   *model.World
	account string
	side    tfplan.Side
}

// keptResult is what the analysis keeps of a result: all of a refusal
// (its traces explain it, name the fix and the rule), and of a result that
// allowed the caller only what findings and pairs read of it (the
// decision, and the principal and provider of the request: Pair.Provider).
// The statement traces and the request's condition keys of allowed
// results were most of the analysis's live memory.
func keptResult(res *evaluate.Result) *evaluate.Result {
	if !res.Decision.Allowed() {
		return res
	}
	kept := &evaluate.Result{Decision: res.Decision, Error: res.Error, Issuer: res.Issuer, DecidedByRCP: res.DecidedByRCP,
		FailedAction: res.FailedAction, Assumptions: res.Assumptions}
	if r := res.Request; r != nil {
		kept.Request = &identity.Resolved{Principal: r.Principal, PrincipalType: r.PrincipalType, Provider: r.Provider,
			RoleAccount: r.RoleAccount, Actions: r.Actions}
	}
	return kept
}

// requestKey is a digest of the trust text and every field of the request
// (a digest, not the text, so the cache holds little), plus rcps, the key
// of the RCPs evaluated with it ("" for none). The encoding is injective:
// each text is length-prefixed; maps are written with their keys sorted,
// lists with their length, and nil apart from empty; a claim that is not
// a string is written as JSON behind its own tag.
//
// buf is a buffer to reuse (nil allocates one): the key is written into
// it and hashed.
func requestKey(buf *[]byte, t *model.Trust, req *identity.Request, rcps string) [sha256.Size]byte {
	var b []byte
	if buf != nil {
		b = (*buf)[:0]
		defer func() { *buf = b }()
	}
	text := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	count := func(n int, isNil bool) {
		if isNil {
			b = append(b, 0)
			return
		}
		b = append(b, 1)
		b = binary.AppendUvarint(b, uint64(n))
	}
	text(t.Text)
	text(req.RoleARN)
	text(req.Principal)
	text(req.PrincipalType)
	text(req.Action)
	var names [16]string // the keys of a map, sorted (a request has few)
	count(len(req.Claims), req.Claims == nil)
	for _, k := range sortedNames(req.Claims, names[:0]) {
		text(k)
		if v, ok := req.Claims[k].(string); ok {
			b = append(b, 's')
			text(v)
			continue
		}
		j, err := json.Marshal(req.Claims[k])
		if err != nil {
			j = []byte(fmt.Sprintf("%#v", req.Claims[k])) // not reachable with plan values
		}
		b = append(b, 'j')
		text(string(j))
	}
	count(len(req.Context), req.Context == nil)
	for _, k := range sortedNames(req.Context, names[:0]) {
		text(k)
		vs := req.Context[k]
		count(len(vs), vs == nil)
		for _, v := range vs {
			text(v)
		}
	}
	count(len(req.OIDCProviders), req.OIDCProviders == nil)
	for _, p := range req.OIDCProviders {
		text(p.URL)
		count(len(p.ClientIDs), p.ClientIDs == nil)
		for _, c := range p.ClientIDs {
			text(c)
		}
	}
	text(req.Now)
	text(rcps)
	return sha256.Sum256(b)
}

// sortedNames appends the keys of m to into, sorted.
func sortedNames[V any](m map[string]V, into []string) []string {
	for k := range m {
		into = append(into, k)
	}
	slices.Sort(into)
	return into
}
