package model

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"

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
	Res *tfplan.Resource
	w   *World
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
	Res *tfplan.Resource
	w   *World
	// Issuer is the OIDC issuer without https://; a stand-in of the form
	// oidc.eks.REGION.amazonaws.com/id/<hash> when unknown until apply.
	Issuer      [2]string
	Placeholder [2]bool
	Name        [2]string
}

// World holds what the rules consult across resources: accounts, clusters,
// providers and roles, built once per plan.
type World struct {
	Plan *tfplan.Plan
	// Name is the plan's source when several plans are linted together
	// ("" for one plan): Addr prefixes addresses with it.
	Name string
	// salt makes stand-ins distinct per plan; peers are the worlds
	// linted together (nil for one plan).
	salt      string
	peers     []*World
	Account   string // the plan's account ("" when unknown)
	partition string
	Region    string
	Clusters  map[*tfplan.Resource]*Cluster
	Providers []*OIDCProvider
	byProv    map[*tfplan.Resource]*OIDCProvider
	Roles     []*Role
	ByRole    map[*tfplan.Resource]*Role
	// Org is the AWS Organizations layer of the plan (nil when the plan
	// has no organisation policy or attachment).
	Org *Org
	// arnIndex finds roles by ARN on each side; someARNUnknown says
	// whether a role's ARN had to be made up there.
	arnIndex       [2]map[string]*Role
	someARNUnknown [2]bool
	// previous maps stand-ins for new values of replaced resources to the
	// old values they certainly differ from.
	Previous map[string]string
	// labels maps stand-ins to what they stand for, for messages.
	labels map[string]string
	worldCaches
}

// label names a stand-in for messages: the value it stands for.
func (w *World) label(standIn, what string) {
	if w.labels == nil {
		w.labels = map[string]string{}
	}
	w.labels[standIn] = "<" + what + ", known after apply>"
}

// notePrevious records that a stand-in replaces a known value of a
// resource the plan replaces: the new value (a generated id or issuer)
// certainly differs from the old one.
func (w *World) notePrevious(standIn, old string) {
	if w.Previous == nil {
		w.Previous = map[string]string{}
	}
	w.Previous[standIn] = old
}

// hashID returns n upper-case hex digits derived from parts.
func hashID(n int, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return strings.ToUpper(hex.EncodeToString(h[:]))[:n]
}

// IsPlaceholder reports whether a string was made up by the linter.
func IsPlaceholder(s string) bool {
	return strings.Contains(s, placeholderMark) || strings.Contains(s, "/id/"+placeholderIssuerID) ||
		strings.Contains(s, ":"+placeholderIssuerID+"-") || strings.Contains(s, placeholderAccount)
}

// iamAccountInARN finds the account of IAM ARNs inside a policy text.
var iamAccountInARN = regexp.MustCompile(`arn:aws[a-z-]*:iam::(\d{12}):`)

// AccountOf returns the account of an ARN ("" when not an ARN).
func AccountOf(arn string) string {
	a, ok := identity.ParseARN(arn)
	if !ok {
		return ""
	}
	return a.Account
}

// findAccount picks the plan's account: the caller identity data source,
// else the account most ARNs of the plan name.
func (w *World) findAccount() {
	w.partition = "aws"
	for _, r := range w.Plan.OfType("data.aws_caller_identity") {
		if id, ok := r.StringAt(tfplan.After, "account_id"); ok && id != "" {
			w.Account = id
		}
	}
	for _, r := range w.Plan.OfType("data.aws_partition") {
		if part, ok := r.StringAt(tfplan.After, "partition"); ok && part != "" {
			w.partition = part
		}
	}
	counts := map[string]int{}
	for _, key := range []string{"aws_iam_role", "data.aws_iam_role", "aws_iam_openid_connect_provider", "data.aws_iam_openid_connect_provider", "aws_iam_policy"} {
		for _, r := range w.Plan.OfType(key) {
			for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
				if arn, ok := r.StringAt(s, "arn"); ok {
					if a, ok := identity.ParseARN(arn); ok && a.Account != "" {
						counts[a.Account]++
						if w.Account == "" && a.Partition != "" {
							w.partition = a.Partition
						}
					}
				}
			}
		}
	}
	if w.Account != "" {
		return
	}
	// A fresh plan knows no ARN yet; the trusts' literal provider and role
	// ARNs still name the account.
	for _, key := range []string{"aws_iam_role", "data.aws_iam_policy_document"} {
		for _, r := range w.Plan.OfType(key) {
			for _, attr := range []string{"assume_role_policy", "json"} {
				if text, ok := r.StringAt(tfplan.After, attr); ok {
					for _, m := range iamAccountInARN.FindAllStringSubmatch(text, -1) {
						counts[m[1]]++
					}
				}
			}
		}
	}
	best := 0
	for _, acct := range tfplan.SortedKeys(counts) {
		if counts[acct] > best {
			w.Account, best = acct, counts[acct]
		}
	}
}

// accountOrPlaceholder is the plan's account or the placeholder.
func (w *World) accountOrPlaceholder() string {
	if w.Account == "" {
		return placeholderAccount
	}
	return w.Account
}

// findRegion reads the aws provider's region (for stand-in issuers).
func (w *World) findRegion() {
	w.Region = "us-east-1"
	if pc := w.Plan.ProviderConfig("aws"); pc != nil {
		if e := pc.Expressions["region"]; e != nil && e.ExpressionData != nil {
			if s, ok := e.ConstantValue.(string); ok && s != "" {
				w.Region = s
			}
		}
	}
}

func (w *World) collectClusters() {
	w.Clusters = map[*tfplan.Resource]*Cluster{}
	for _, key := range []string{"aws_eks_cluster", "data.aws_eks_cluster"} {
		for _, r := range w.Plan.OfType(key) {
			c := &Cluster{Res: r, w: w}
			for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
				if !r.Exists(s) {
					continue
				}
				c.Name[s], _ = r.StringAt(s, "name")
				if iss, ok := r.StringAt(s, "identity", 0, "oidc", 0, "issuer"); ok && iss != "" {
					c.Issuer[s] = identity.StripScheme(iss)
					continue
				}
				region := w.Region
				if reg, ok := r.StringAt(s, "region"); ok && reg != "" {
					region = reg
				}
				c.Issuer[s] = "oidc.eks." + region + ".amazonaws.com/id/" + stsguardID(w.key(r))
				c.Placeholder[s] = true
				w.label(c.Issuer[s], "issuer of "+w.Addr(r))
				if s == tfplan.After && r.Replaced() && c.Issuer[tfplan.Before] != "" && !c.Placeholder[tfplan.Before] {
					w.notePrevious(c.Issuer[tfplan.After], c.Issuer[tfplan.Before])
				}
			}
			w.Clusters[r] = c
		}
	}
}

// placeholderIssuerID starts every stand-in EKS issuer id.
const placeholderIssuerID = "57570000"

// stsguardID is a stand-in EKS issuer id for an address: 32 upper-case hex
// digits (the form EKS uses) starting with placeholderIssuerID.
func stsguardID(address string) string { return placeholderIssuerID + hashID(24, address) }

// ClusterOf returns the cluster a value refers to (an issuer, endpoint,
// name or the cluster itself), or nil.
func (w *World) ClusterOf(v tfplan.Value) *Cluster {
	for _, ref := range v.Refs {
		if c := w.Clusters[ref.Resource]; c != nil {
			return c
		}
	}
	return nil
}

func (w *World) collectProviders() {
	w.byProv = map[*tfplan.Resource]*OIDCProvider{}
	for _, key := range []string{"aws_iam_openid_connect_provider", "data.aws_iam_openid_connect_provider"} {
		for _, r := range w.Plan.OfType(key) {
			op := &OIDCProvider{Res: r, w: w}
			for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
				if r.Exists(s) {
					w.fillProvider(op, s)
				}
			}
			w.Providers = append(w.Providers, op)
			w.byProv[r] = op
		}
	}
}

func (w *World) fillProvider(op *OIDCProvider, s tfplan.Side) {
	r := op.Res
	url := w.Plan.Value(r, s, "url")
	switch {
	case url.Known:
		op.URL[s] = identity.StripScheme(url.S)
	default:
		if c := w.ClusterOf(url); c != nil {
			op.URL[s] = c.Issuer[s]
			op.Placeholder[s] = c.Placeholder[s]
		} else {
			op.URL[s] = "unknown-" + strings.ToLower(hashID(12, w.key(r))) + "." + placeholderMark + ".invalid"
			op.Placeholder[s] = true
			w.label(op.URL[s], "url of "+w.Addr(r))
		}
	}
	arn := w.Plan.Value(r, s, "arn")
	if arn.Known {
		op.ARN[s] = arn.S
		op.Account[s] = AccountOf(arn.S)
	} else {
		op.Account[s] = w.accountOrPlaceholder()
		op.ARN[s] = identity.OIDCProviderARN(w.partition, op.Account[s], op.URL[s])
	}
	op.ClientIDsKnown[s] = !r.UnknownAt(s, "client_id_list")
	op.ClientIDs[s] = r.StringsAt(s, "client_id_list")
	sort.Strings(op.ClientIDs[s])
}
