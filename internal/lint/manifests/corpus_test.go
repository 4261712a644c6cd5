package manifests_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/internal/lint"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/callers"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/manifests"
	"github.com/stsguard/terraform-provider-stsguard/internal/lint/model"
	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// sourcesCorpus holds real manifests with labels written by reading
// them: testdata/corpus-sources/README.md.
var sourcesCorpus = filepath.Join("..", "..", "..", "testdata", "corpus-sources")

type corpusAccount struct {
	File      string `json:"file"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	Audience  string `json:"audience"`
	Pairable  bool   `json:"pairable"`
}

type corpusRepo struct {
	Repository      string          `json:"repository"`
	ServiceAccounts []corpusAccount `json:"service_accounts"`
}

const (
	issuerID = "D79586434ACFF7E7C5EFE5AE3985F57C"
	issuer   = "oidc.eks.us-east-1.amazonaws.com/id/" + issuerID
)

// irsaPlan is one EKS cluster and, for every pairable labelled service
// account, its role (in the role's own account, with the cluster's OIDC
// provider there) trusting system:serviceaccount:NAMESPACE:NAME with the
// labelled audience; subject replaces the labelled subject when set.
func irsaPlan(t *testing.T, sas []corpusAccount, subject map[string]string) *tfplan.Plan {
	t.Helper()
	var changes []any
	add := func(addr string, v map[string]any) {
		typ, name, _ := strings.Cut(addr, ".")
		changes = append(changes, map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name,
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change":        map[string]any{"actions": []string{"no-op"}, "before": v, "after": v, "after_unknown": map[string]any{}}})
	}
	add("aws_eks_cluster.main", map[string]any{"name": "prod", "arn": "arn:aws:eks:us-east-1:111122223333:cluster/prod",
		"identity": []any{map[string]any{"oidc": []any{map[string]any{"issuer": "https://" + issuer}}}}})
	accounts := map[string][]string{}
	for i, sa := range sas {
		if !sa.Pairable {
			continue
		}
		acct := strings.Split(sa.Role, ":")[4]
		prov := "arn:aws:iam::" + acct + ":oidc-provider/" + issuer
		if accounts[acct] == nil {
			accounts[acct] = []string{}
		}
		accounts[acct] = append(accounts[acct], sa.Audience)
		sub := "system:serviceaccount:" + sa.Namespace + ":" + sa.Name
		if s, ok := subject[sa.File]; ok {
			sub = s
		}
		doc, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": prov},
			"Condition": map[string]any{"StringEquals": map[string]any{issuer + ":aud": sa.Audience, issuer + ":sub": sub}},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		add(fmt.Sprintf("aws_iam_role.r%d", i), map[string]any{"name": sa.Role[strings.LastIndex(sa.Role, "/")+1:], "arn": sa.Role, "path": "/", "assume_role_policy": string(doc)})
	}
	for _, acct := range tfplan.SortedKeys(accounts) {
		add("aws_iam_openid_connect_provider.eks_"+acct, map[string]any{"arn": "arn:aws:iam::" + acct + ":oidc-provider/" + issuer,
			"url": issuer, "client_id_list": accounts[acct], "thumbprint_list": []string{}})
	}
	data, err := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tfplan.Load(strings.NewReader(string(data)), "plan.json", model.LoadOptions)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSourcesCorpus reads every real manifest of the corpus and holds the
// source to the labels: every file reads; a pairable service account is
// allowed by a trust naming exactly its labelled namespace/name and
// audience, refused (STSG101) by one naming another namespace, and
// refused (STSG105) by one of the default audience when its labelled
// audience is another (eks.amazonaws.com/audience); an
// account whose role is a placeholder (envsubst, a redacted account ID)
// makes no caller and no finding.
func TestSourcesCorpus(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(sourcesCorpus, "expectations.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels struct {
		Manifests []corpusRepo `json:"manifests"`
	}
	if err := json.Unmarshal(data, &labels); err != nil {
		t.Fatal(err)
	}
	var accounts, paired, refused int
	for _, r := range labels.Manifests {
		owner, name, _ := strings.Cut(r.Repository, "/")
		dir := filepath.Join(sourcesCorpus, "manifests", owner+"__"+name)
		t.Run(r.Repository, func(t *testing.T) {
			src, err := manifests.Read([]string{dir}, manifests.Options{})
			if err != nil {
				t.Fatal(err)
			}
			rep := lint.AnalyzeWith(irsaPlan(t, r.ServiceAccounts, nil), lint.Options{Sources: []callers.Source{src}})
			if err := src.Err(); err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				t.Errorf("exact trusts: unexpected %s %s: %s", f.Rule, f.Caller, f.Message)
			}
			wrong := map[string]string{}
			for _, sa := range r.ServiceAccounts {
				accounts++
				label := filepath.ToSlash(filepath.Join(dir, sa.File)) + " ServiceAccount " + sa.Namespace + "/" + sa.Name
				var found int
				for _, p := range rep.Pairs {
					if strings.HasPrefix(filepath.ToSlash(p.Caller), label) {
						found++
						if p.After != "allow" {
							t.Errorf("%s: exact trust, lint says %s: %s", label, p.After, strings.Join(p.Notes, "; "))
						}
					}
				}
				switch {
				case sa.Pairable && found == 0:
					t.Errorf("%s: no pair; pairs: %+v", label, rep.Pairs)
				case !sa.Pairable && found > 0:
					t.Errorf("%s: labelled not pairable (role %s), paired", label, sa.Role)
				case sa.Pairable:
					paired++
					wrong[sa.File] = "system:serviceaccount:" + sa.Namespace + "-typo:" + sa.Name
				}
			}
			if len(wrong) == 0 {
				return
			}
			rep = lint.AnalyzeWith(irsaPlan(t, r.ServiceAccounts, wrong), lint.Options{Sources: []callers.Source{src}})
			for _, sa := range r.ServiceAccounts {
				if _, ok := wrong[sa.File]; !ok {
					continue
				}
				label := filepath.ToSlash(filepath.Join(dir, sa.File)) + " ServiceAccount " + sa.Namespace + "/" + sa.Name
				var ok bool
				for _, f := range rep.Findings {
					if f.Rule == lint.RuleRefused && strings.HasPrefix(filepath.ToSlash(f.Caller), label) {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s: trust naming another namespace, not refused: %+v", label, rep.Findings)
				}
				refused++
			}
			// A labelled audience other than sts.amazonaws.com: the
			// trust and provider of the default audience refuse it.
			var aud []corpusAccount
			for _, sa := range r.ServiceAccounts {
				if sa.Pairable && sa.Audience != "sts.amazonaws.com" {
					sa.Audience = "sts.amazonaws.com"
					aud = append(aud, sa)
				}
			}
			if len(aud) == 0 {
				return
			}
			rep = lint.AnalyzeWith(irsaPlan(t, aud, nil), lint.Options{Sources: []callers.Source{src}})
			for _, sa := range aud {
				label := filepath.ToSlash(filepath.Join(dir, sa.File)) + " ServiceAccount " + sa.Namespace + "/" + sa.Name
				if !slices.ContainsFunc(rep.Findings, func(f lint.Finding) bool {
					return f.Rule == lint.RuleAudience && strings.HasPrefix(filepath.ToSlash(f.Caller), label)
				}) {
					t.Errorf("%s: trust of the default audience, no %s: %+v", label, lint.RuleAudience, rep.Findings)
				}
				refused++
			}
		})
	}
	t.Logf("manifest corpus: %d labelled service accounts, %d paired and allowed by their exact trust, %d refusals checked (a trust naming another namespace, or the default audience)", accounts, paired, refused)
	if paired == 0 || refused == 0 {
		t.Error("no pair checked")
	}
}
