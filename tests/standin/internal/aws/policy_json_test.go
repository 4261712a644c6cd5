package aws

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPolicyStatementEncoding(t *testing.T) {
	tests := []struct {
		name string
		st   *policyStatement
		want string
	}{
		{
			name: "single action and principal become strings; empty fields are omitted",
			st: &policyStatement{Effect: "Allow", Actions: stringsField([]string{"sts:AssumeRoleWithWebIdentity"}, false),
				Principals: principalSet{{Type: "Federated", Identifiers: []string{"arn:aws:iam::1:oidc-provider/x"}}}},
			want: `{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/x"}}`,
		},
		{
			name: "several actions and identifiers are sorted in reverse",
			st: &policyStatement{Effect: "Allow", Actions: stringsField([]string{"sts:TagSession", "sts:AssumeRole"}, false),
				Principals: principalSet{{Type: "AWS", Identifiers: []string{"a", "c", "b"}}}},
			want: `{"Effect":"Allow","Action":["sts:TagSession","sts:AssumeRole"],"Principal":{"AWS":["c","b","a"]}}`,
		},
		{
			name: "condition values keep configuration order; same test and key are merged",
			st: &policyStatement{Sid: "Gh", Effect: "Allow", Conditions: conditionSet{
				{Test: "StringLike", Variable: "k:sub", Values: []string{"z", "a"}},
				{Test: "StringLike", Variable: "k:sub", Values: []string{"m"}},
				{Test: "StringEquals", Variable: "k:aud", Values: []string{"sts.amazonaws.com"}},
			}},
			want: `{"Sid":"Gh","Effect":"Allow","Condition":{"StringEquals":{"k:aud":"sts.amazonaws.com"},"StringLike":{"k:sub":["z","a","m"]}}}`,
		},
		{
			name: "a lone * principal of type * is written as \"*\"",
			st:   &policyStatement{Effect: "Allow", Principals: principalSet{{Type: "*", Identifiers: []string{"*"}}}},
			want: `{"Effect":"Allow","Principal":"*"}`,
		},
		{
			name: "NotPrincipal and Resource with policy variables",
			st: &policyStatement{Effect: "Allow", Resources: stringsField([]string{"arn:aws:s3:::b/&{aws:username}"}, true),
				NotPrincipals: principalSet{{Type: "AWS", Identifiers: []string{"arn:aws:iam::1:root"}}}},
			want: `{"Effect":"Allow","Resource":"arn:aws:s3:::b/${aws:username}","NotPrincipal":{"AWS":"arn:aws:iam::1:root"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.st)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPolicyDocMergeAndIndent(t *testing.T) {
	src, err := parsePolicyDoc(`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":"*"},{"Effect":"Allow","Action":"s3:*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	doc := &policyDoc{}
	doc.merge(src)
	doc.merge(&policyDoc{Version: "2012-10-17", Statements: []*policyStatement{{Sid: "A", Effect: "Allow", Actions: "iam:*"}}})
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	if strings.Contains(text, `"Deny"`) || !strings.Contains(text, `"iam:*"`) || !strings.Contains(text, `"s3:*"`) {
		t.Errorf("statement A was not replaced by Sid, or s3 statement lost:\n%s", text)
	}
	if !strings.HasPrefix(text, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [") {
		t.Errorf("unexpected layout:\n%s", text)
	}
}

func TestParsePolicyDocRejectsBadJSON(t *testing.T) {
	for _, in := range []string{`not json`, `{"Statement":[1]}`} {
		if _, err := parsePolicyDoc(in); err == nil {
			t.Errorf("parsePolicyDoc(%q) succeeded", in)
		}
	}
}

func TestClusterIssuerAndPoolID(t *testing.T) {
	issuer := ClusterIssuer("111122223333", "us-east-1", "prod")
	if issuer != "https://oidc.eks.us-east-1.amazonaws.com/id/D79586434ACFF7E7C5EFE5AE3985F57C" {
		t.Errorf("ClusterIssuer changed (fixtures hard-code it): %s", issuer)
	}
	if got := IdentityPoolID("111122223333", "us-east-1", "users"); got != "us-east-1:7afaa9fa-0257-3bee-8679-ebc18f40b481" {
		t.Errorf("IdentityPoolID changed (fixtures hard-code it): %s", got)
	}
	if stripScheme("https://token.actions.githubusercontent.com") != "token.actions.githubusercontent.com" {
		t.Error("stripScheme kept the scheme")
	}
}
