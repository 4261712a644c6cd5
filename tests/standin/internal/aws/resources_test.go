package aws

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

func harness(t *testing.T) *standin.Harness {
	t.Helper()
	h, err := standin.NewHarness(Provider())
	if err != nil {
		t.Fatalf("starting the aws stand-in: %v", err)
	}
	return h
}

// create plans and applies config from scratch.
func create(t *testing.T, h *standin.Harness, typ string, attrs map[string]any) (*standin.Object, tftypes.Value) {
	t.Helper()
	cfg, err := h.Config(typ, attrs)
	if err != nil {
		t.Fatal(err)
	}
	planned, _, err := h.Plan(typ, nil, cfg)
	if err != nil {
		t.Fatalf("plan %s: %v", typ, err)
	}
	state, err := h.Apply(typ, nil, planned, cfg)
	if err != nil {
		t.Fatalf("apply %s: %v", typ, err)
	}
	obj, err := standin.NewObject(state)
	if err != nil {
		t.Fatal(err)
	}
	return obj, state
}

func TestIAMRoleComputedValues(t *testing.T) {
	h := harness(t)
	role, _ := create(t, h, "aws_iam_role", map[string]any{
		"name": "app", "path": "/ci/", "assume_role_policy": `{"Version":"2012-10-17","Statement":[]}`,
	})
	want := map[string]string{"arn": "arn:aws:iam::111122223333:role/ci/app", "id": "app", "name_prefix": ""}
	for attr, w := range want {
		if got := role.Str(attr); got != w {
			t.Errorf("%s = %q, want %q", attr, got, w)
		}
	}
	if n, _ := role.Int("max_session_duration"); n != 3600 {
		t.Errorf("max_session_duration = %d, want the default 3600", n)
	}
}

func TestValidPolicyJSON(t *testing.T) {
	h := harness(t)
	tests := []struct {
		name    string
		policy  any
		wantErr bool
	}{
		{"valid document", `{"Version":"2012-10-17","Statement":[]}`, false},
		{"not JSON", "{not json", true},
		{"a JSON string, not an object", `"x"`, true},
		{"unknown until apply", tftypes.NewValue(tftypes.String, tftypes.UnknownValue), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := h.Config("aws_iam_role", map[string]any{"name": "x", "assume_role_policy": tt.policy})
			if err != nil {
				t.Fatal(err)
			}
			obj, _ := standin.NewObject(cfg)
			if err := validPolicyJSON("assume_role_policy")(obj); (err != nil) != tt.wantErr {
				t.Errorf("error = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

func TestOIDCProviderURLStoredWithoutScheme(t *testing.T) {
	h := harness(t)
	const typ = "aws_iam_openid_connect_provider"
	attrs := map[string]any{"url": "https://token.actions.githubusercontent.com", "client_id_list": []string{"sts.amazonaws.com"}}
	provider, state := create(t, h, typ, attrs)
	if got := provider.Str("url"); got != "token.actions.githubusercontent.com" {
		t.Errorf("url = %q, want it without https://", got)
	}
	if got := provider.Str("arn"); got != "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" {
		t.Errorf("arn = %q", got)
	}

	tests := []struct {
		name        string
		url         string
		clientIDs   []string
		wantReplace bool
	}{
		{"same URL with scheme: no change", "https://token.actions.githubusercontent.com", []string{"sts.amazonaws.com"}, false},
		{"client IDs change in place", "https://token.actions.githubusercontent.com", []string{"https://github.com/o"}, false},
		{"new URL replaces", "https://gitlab.com", []string{"sts.amazonaws.com"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := h.Config(typ, map[string]any{"url": tt.url, "client_id_list": tt.clientIDs})
			if err != nil {
				t.Fatal(err)
			}
			planned, replace, err := h.Plan(typ, &state, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if replace != tt.wantReplace {
				t.Errorf("replace = %v, want %v", replace, tt.wantReplace)
			}
			if !tt.wantReplace {
				obj, _ := standin.NewObject(planned)
				if obj.Str("url") != "token.actions.githubusercontent.com" || obj.Str("arn") == "" {
					t.Errorf("planned url/arn = %q/%q, want the stored ones", obj.Str("url"), obj.Str("arn"))
				}
			}
		})
	}
}

func TestEKSClusterIssuer(t *testing.T) {
	h := harness(t)
	cluster, _ := create(t, h, "aws_eks_cluster", map[string]any{
		"name": "prod", "role_arn": "arn:aws:iam::111122223333:role/eks",
		"vpc_config": []any{map[string]any{"subnet_ids": []string{"subnet-1"}}},
	})
	ids := cluster.Objects("identity")
	if len(ids) != 1 || len(ids[0].Objects("oidc")) != 1 {
		t.Fatalf("identity = %s, want identity[0].oidc[0]", cluster.Raw("identity"))
	}
	if got := ids[0].Objects("oidc")[0].Str("issuer"); got != ClusterIssuer("111122223333", "us-east-1", "prod") {
		t.Errorf("issuer = %q", got)
	}
	if got := cluster.Str("arn"); got != "arn:aws:eks:us-east-1:111122223333:cluster/prod" {
		t.Errorf("arn = %q", got)
	}
	vpc := cluster.Objects("vpc_config")
	if len(vpc) != 1 || vpc[0].Str("vpc_id") == "" {
		t.Errorf("vpc_config = %s, want a computed vpc_id", cluster.Raw("vpc_config"))
	}
}

func TestCognitoPoolAndPodIdentity(t *testing.T) {
	h := harness(t)
	pool, _ := create(t, h, "aws_cognito_identity_pool", map[string]any{"identity_pool_name": "users"})
	if got := pool.Str("id"); got != IdentityPoolID("111122223333", "us-east-1", "users") {
		t.Errorf("pool id = %q", got)
	}
	assoc, _ := create(t, h, "aws_eks_pod_identity_association", map[string]any{
		"cluster_name": "prod", "namespace": "app", "service_account": "api", "role_arn": "arn:aws:iam::111122223333:role/x",
	})
	if assoc.Str("association_arn") == "" || assoc.Str("id") != assoc.Str("association_id") {
		t.Errorf("association ids = %q / %q / %q", assoc.Str("association_arn"), assoc.Str("id"), assoc.Str("association_id"))
	}
}

func TestPolicyDocumentDataSource(t *testing.T) {
	h := harness(t)
	cfg, err := h.Config("aws_iam_policy_document", map[string]any{
		"statement": []any{map[string]any{
			"actions": []string{"sts:AssumeRoleWithWebIdentity"},
			"principals": []any{map[string]any{
				"type": "Federated", "identifiers": []string{"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
			}},
			"condition": []any{map[string]any{
				"test": "StringLike", "variable": "token.actions.githubusercontent.com:sub", "values": []string{"repo:o/r:*"},
			}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	state, err := h.Read("aws_iam_policy_document", cfg)
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := standin.NewObject(state)
	var doc struct {
		Version   string
		Statement []struct {
			Effect    string
			Action    string
			Principal map[string]string
			Condition map[string]map[string]string
		}
	}
	if err := json.Unmarshal([]byte(obj.Str("json")), &doc); err != nil {
		t.Fatalf("json is not a policy: %v\n%s", err, obj.Str("json"))
	}
	if doc.Version != "2012-10-17" || len(doc.Statement) != 1 || doc.Statement[0].Effect != "Allow" ||
		doc.Statement[0].Condition["StringLike"]["token.actions.githubusercontent.com:sub"] != "repo:o/r:*" {
		t.Errorf("unexpected document: %s", obj.Str("json"))
	}
	if obj.Str("id") == "" || obj.Str("minified_json") == "" {
		t.Error("id or minified_json not set")
	}
}
