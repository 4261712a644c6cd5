package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
)

// placeholderAccount stands for an account id the plan does not know.
const placeholderAccount = "000000000000"

// placeholderMark is part of every made-up value, so that a decision that
// depends on one can be told apart from a real one.
const placeholderMark = "stsguard"

// OIDCProvider is an IAM OIDC identity provider of the plan (resource or
// data source) on both sides.
type OIDCProvider struct {
	Res *Resource
	// URL is the provider URL without https:// (host and path); ARN is
	// its ARN; both are stand-ins derived from the referenced cluster or
	// the address when unknown until apply (Placeholder is then true).
	URL, ARN    [2]string
	ClientIDs   [2][]string
	Account     [2]string
	Placeholder [2]bool
	// ClientIDsKnown is false when client_id_list is unknown until apply.
	ClientIDsKnown [2]bool
}

// Cluster is an EKS cluster (resource or data source).
type Cluster struct {
	Res *Resource
	// Issuer is the OIDC issuer without https://; a stand-in of the form
	// oidc.eks.REGION.amazonaws.com/id/<hash> when unknown until apply.
	Issuer      [2]string
	Placeholder [2]bool
	Name        [2]string
}

// world holds what the rules consult across resources: accounts, clusters,
// providers and roles, built once per plan.
type world struct {
	p         *Plan
	account   string // the plan's account ("" when unknown)
	partition string
	region    string
	clusters  map[*Resource]*Cluster
	providers []*OIDCProvider
	byProv    map[*Resource]*OIDCProvider
	roles     []*Role
	byRole    map[*Resource]*Role
	// arnIndex finds roles by ARN on each side; someARNUnknown says
	// whether a role's ARN had to be made up there.
	arnIndex       [2]map[string]*Role
	someARNUnknown [2]bool
	// previous maps stand-ins for new values of replaced resources to the
	// old values they certainly differ from.
	previous map[string]string
	// labels maps stand-ins to what they stand for, for messages.
	labels map[string]string
	worldCaches
}

// label names a stand-in for messages: the value it stands for.
func (w *world) label(standIn, what string) {
	if w.labels == nil {
		w.labels = map[string]string{}
	}
	w.labels[standIn] = "<" + what + ", known after apply>"
}

// notePrevious records that a stand-in replaces a known value of a
// resource the plan replaces: the new value (a generated id or issuer)
// certainly differs from the old one.
func (w *world) notePrevious(standIn, old string) {
	if w.previous == nil {
		w.previous = map[string]string{}
	}
	w.previous[standIn] = old
}

// hashID returns n upper-case hex digits derived from parts.
func hashID(n int, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return strings.ToUpper(hex.EncodeToString(h[:]))[:n]
}

// isPlaceholder reports whether a string was made up by the linter.
func isPlaceholder(s string) bool {
	return strings.Contains(s, placeholderMark) || strings.Contains(s, "/id/"+placeholderIssuerID) ||
		strings.Contains(s, ":"+placeholderIssuerID+"-") || strings.Contains(s, placeholderAccount)
}

// iamAccountInARN finds the account of IAM ARNs inside a policy text.
var iamAccountInARN = regexp.MustCompile(`arn:aws[a-z-]*:iam::(\d{12}):`)

// accountOf returns the account of an ARN ("" when not an ARN).
func accountOf(arn string) string {
	a, ok := identity.ParseARN(arn)
	if !ok {
		return ""
	}
	return a.Account
}

// findAccount picks the plan's account: the caller identity data source,
// else the account most ARNs of the plan name.
func (w *world) findAccount() {
	w.partition = "aws"
	for _, r := range w.p.OfType("data.aws_caller_identity") {
		if id, ok := r.str(After, "account_id"); ok && id != "" {
			w.account = id
		}
	}
	for _, r := range w.p.OfType("data.aws_partition") {
		if part, ok := r.str(After, "partition"); ok && part != "" {
			w.partition = part
		}
	}
	counts := map[string]int{}
	for _, key := range []string{"aws_iam_role", "data.aws_iam_role", "aws_iam_openid_connect_provider", "data.aws_iam_openid_connect_provider", "aws_iam_policy"} {
		for _, r := range w.p.OfType(key) {
			for _, s := range []Side{Before, After} {
				if arn, ok := r.str(s, "arn"); ok {
					if a, ok := identity.ParseARN(arn); ok && a.Account != "" {
						counts[a.Account]++
						if w.account == "" && a.Partition != "" {
							w.partition = a.Partition
						}
					}
				}
			}
		}
	}
	if w.account != "" {
		return
	}
	// A fresh plan knows no ARN yet; the trusts' literal provider and role
	// ARNs still name the account.
	for _, key := range []string{"aws_iam_role", "data.aws_iam_policy_document"} {
		for _, r := range w.p.OfType(key) {
			for _, attr := range []string{"assume_role_policy", "json"} {
				if text, ok := r.str(After, attr); ok {
					for _, m := range iamAccountInARN.FindAllStringSubmatch(text, -1) {
						counts[m[1]]++
					}
				}
			}
		}
	}
	best := 0
	for _, acct := range sortedKeys(counts) {
		if counts[acct] > best {
			w.account, best = acct, counts[acct]
		}
	}
}

// accountOrPlaceholder is the plan's account or the placeholder.
func (w *world) accountOrPlaceholder() string {
	if w.account == "" {
		return placeholderAccount
	}
	return w.account
}

// findRegion reads the aws provider's region (for stand-in issuers).
func (w *world) findRegion() {
	w.region = "us-east-1"
	if pc := w.p.ProviderConfig("aws"); pc != nil {
		if e := pc.Expressions["region"]; e != nil && e.ExpressionData != nil {
			if s, ok := e.ConstantValue.(string); ok && s != "" {
				w.region = s
			}
		}
	}
}

func (w *world) collectClusters() {
	w.clusters = map[*Resource]*Cluster{}
	for _, key := range []string{"aws_eks_cluster", "data.aws_eks_cluster"} {
		for _, r := range w.p.OfType(key) {
			c := &Cluster{Res: r}
			for _, s := range []Side{Before, After} {
				if !r.Exists(s) {
					continue
				}
				c.Name[s], _ = r.str(s, "name")
				if iss, ok := r.str(s, "identity", 0, "oidc", 0, "issuer"); ok && iss != "" {
					c.Issuer[s] = identity.StripScheme(iss)
					continue
				}
				region := w.region
				if reg, ok := r.str(s, "region"); ok && reg != "" {
					region = reg
				}
				c.Issuer[s] = "oidc.eks." + region + ".amazonaws.com/id/" + stsguardID(r.Address)
				c.Placeholder[s] = true
				w.label(c.Issuer[s], "issuer of "+r.Address)
				if s == After && r.Replaced() && c.Issuer[Before] != "" && !c.Placeholder[Before] {
					w.notePrevious(c.Issuer[After], c.Issuer[Before])
				}
			}
			w.clusters[r] = c
		}
	}
}

// placeholderIssuerID starts every stand-in EKS issuer id.
const placeholderIssuerID = "57570000"

// stsguardID is a stand-in EKS issuer id for an address: 32 upper-case hex
// digits (the form EKS uses) starting with placeholderIssuerID.
func stsguardID(address string) string { return placeholderIssuerID + hashID(24, address) }

// clusterOf returns the cluster a value refers to (an issuer, endpoint,
// name or the cluster itself), or nil.
func (w *world) clusterOf(v Value) *Cluster {
	for _, ref := range v.Refs {
		if c := w.clusters[ref.Resource]; c != nil {
			return c
		}
	}
	return nil
}

func (w *world) collectProviders() {
	w.byProv = map[*Resource]*OIDCProvider{}
	for _, key := range []string{"aws_iam_openid_connect_provider", "data.aws_iam_openid_connect_provider"} {
		for _, r := range w.p.OfType(key) {
			op := &OIDCProvider{Res: r}
			for _, s := range []Side{Before, After} {
				if r.Exists(s) {
					w.fillProvider(op, s)
				}
			}
			w.providers = append(w.providers, op)
			w.byProv[r] = op
		}
	}
}

func (w *world) fillProvider(op *OIDCProvider, s Side) {
	r := op.Res
	url := w.p.value(r, s, "url")
	switch {
	case url.Known:
		op.URL[s] = identity.StripScheme(url.S)
	default:
		if c := w.clusterOf(url); c != nil {
			op.URL[s] = c.Issuer[s]
			op.Placeholder[s] = c.Placeholder[s]
		} else {
			op.URL[s] = "unknown-" + strings.ToLower(hashID(12, r.Address)) + "." + placeholderMark + ".invalid"
			op.Placeholder[s] = true
			w.label(op.URL[s], "url of "+r.Address)
		}
	}
	arn := w.p.value(r, s, "arn")
	if arn.Known {
		op.ARN[s] = arn.S
		op.Account[s] = accountOf(arn.S)
	} else {
		op.Account[s] = w.accountOrPlaceholder()
		op.ARN[s] = identity.OIDCProviderARN(w.partition, op.Account[s], op.URL[s])
	}
	op.ClientIDsKnown[s] = !r.unknownAt(s, "client_id_list")
	op.ClientIDs[s] = r.strings(s, "client_id_list")
	sort.Strings(op.ClientIDs[s])
}

// providerByARN finds the provider with that ARN on a side.
func (w *world) providerByARN(arn string, s Side) *OIDCProvider {
	for _, op := range w.providers {
		if op.Res.Exists(s) && op.ARN[s] == arn {
			return op
		}
	}
	return nil
}

// providerByURL finds a provider with that URL (without scheme) on a side,
// preferring one in the given account.
func (w *world) providerByURL(url, account string, s Side) *OIDCProvider {
	var found *OIDCProvider
	for _, op := range w.providers {
		if !op.Res.Exists(s) || !evaluate.IssuerMatches(op.URL[s], identity.IssuerForHost(url)) {
			continue
		}
		if op.Account[s] == account {
			return op
		}
		if found == nil {
			found = op
		}
	}
	return found
}

// providersFor lists the providers registered in an account on one side,
// as the engine's request expects them. It returns nil when the plan holds
// no provider at all (registration is then not checked).
func (w *world) providersFor(account string, s Side) []identity.OIDCProvider {
	if len(w.providers) == 0 {
		return nil
	}
	out := []identity.OIDCProvider{}
	for _, op := range w.providers {
		if !op.Res.Exists(s) {
			continue
		}
		if evaluate.ProviderInOtherAccount(op.Account[s], account) && !isPlaceholder(op.Account[s]) && !isPlaceholder(account) {
			continue
		}
		ids := op.ClientIDs[s]
		if !op.ClientIDsKnown[s] {
			ids = append([]string{identity.DefaultAudience}, ids...)
		}
		out = append(out, identity.OIDCProvider{URL: identity.IssuerForHost(op.URL[s]), ClientIDs: ids})
	}
	return out
}
