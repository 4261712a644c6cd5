package helm

import (
	"testing"

	"github.com/stsguard/terraform-provider-stsguard/tests/standin/internal/standin"
)

func TestReleaseMetadata(t *testing.T) {
	h, err := standin.NewHarness(Provider())
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := h.Config("helm_release", map[string]any{
		"name": "lbc", "chart": "aws-load-balancer-controller", "namespace": "kube-system",
		"set": []any{map[string]any{"name": "serviceAccount.name", "value": "lbc"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	planned, _, err := h.Plan("helm_release", nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	state, err := h.Apply("helm_release", nil, planned, cfg)
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := standin.NewObject(state)
	meta := obj.Objects("metadata")
	if obj.Str("status") != "deployed" || len(meta) != 1 || meta[0].Str("namespace") != "kube-system" {
		t.Errorf("status %q, metadata %s", obj.Str("status"), obj.Raw("metadata"))
	}
	if got := meta[0].Str("values"); got != `{"serviceAccount.name":"lbc"}` {
		t.Errorf("metadata[0].values = %s", got)
	}
}
