package tfplan

import (
	"encoding/json"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// tfjsonKey is what ConfigResource gives: the key of the fully decoded
// resource, "" when it does not decode.
func tfjsonKey(raw []byte) string {
	var cr tfjson.ConfigResource
	if err := json.Unmarshal(raw, &cr); err != nil {
		return ""
	}
	return cr.ProviderConfigKey
}

// shapeKey is what providerConfigKey gives for raw.
func shapeKey(raw []byte) string {
	p := &Plan{cfg: &configIndex{raw: map[string][]byte{"x.y": raw}, resources: map[string]*tfjson.ConfigResource{}}}
	return p.providerConfigKey(&Resource{Address: "x.y", Type: "x", Name: "y"})
}

var configKeySeeds = []string{
	`{"address":"x.y","provider_config_key":"kubernetes","expressions":{"metadata":[{"name":{"constant_value":"a"},"annotations":{"references":["var.a"]}}]}}`,
	`{"provider_config_key":"k","expressions":{"a":{"constant_value":{"x":[1,2]}}}}`,
	`{"provider_config_key":"k","expressions":{"a":{"references":"var.a"}}}`,
	`{"provider_config_key":"k","expressions":{"a":[{"b":{"references":5}}]}}`,
	`{"provider_config_key":"k","expressions":{"a":[1]}}`,
	`{"provider_config_key":"k","expressions":{"a":[null,{"b":null}]}}`,
	`{"provider_config_key":"k","expressions":{"a":"text"}}`,
	`{"provider_config_key":"k","expressions":{"a":null}}`,
	`{"provider_config_key":"k","expressions":[]}`,
	`{"provider_config_key":"k","schema_version":-1}`,
	`{"provider_config_key":"k","schema_version":1.5}`,
	`{"provider_config_key":"k","count_expression":{"references":[1]}}`,
	`{"provider_config_key":"k","for_each_expression":{"REFERENCES":5}}`,
	`{"provider_config_key":"k","provisioners":[{"type":"local-exec","expressions":{"command":{"constant_value":"x"}}}]}`,
	`{"provider_config_key":"k","provisioners":[{"expressions":{"command":5}}]}`,
	`{"provider_config_key":"k","depends_on":[1]}`,
	`{"provider_config_key":"k","mode":5}`,
	`{"provider_config_key":5}`,
	`{"Provider_Config_Key":"k"}`,
	`{"provider_config_key":"k","expressions":{"a":[{"b":[{"c":{"references":[true]}}]}]}}`,
	`{"provider_config_key":"k","expressions":{"a":{"references":null,"constant_value":null}}}`,
}

// TestProviderConfigKey: the provider key read without decoding the
// expressions is the fully decoded resource's, and "" wherever the full
// decoding fails (ConfigResource gives no configuration then), on valid
// and wrongly shaped resources.
func TestProviderConfigKey(t *testing.T) {
	for _, raw := range configKeySeeds {
		if got, want := shapeKey([]byte(raw)), tfjsonKey([]byte(raw)); got != want {
			t.Errorf("%s: key %q, want %q", raw, got, want)
		}
	}
	if shapeKey([]byte(configKeySeeds[0])) != "kubernetes" || shapeKey([]byte(configKeySeeds[2])) != "" {
		t.Error("the seeds no longer cover a key read and a wrongly shaped resource")
	}
}

// FuzzProviderConfigKey: providerConfigKey agrees with decoding the whole
// resource with tfjson on any valid JSON.
func FuzzProviderConfigKey(f *testing.F) {
	for _, s := range configKeySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		if got, want := shapeKey(raw), tfjsonKey(raw); got != want {
			t.Fatalf("%s: key %q, want %q", raw, got, want)
		}
	})
}

// TestProviderExprSkipsOnlyIdleChecks: ProviderExpr, which checks a
// resource's shape only when its key and no key name different provider
// configurations, gives the configuration of the fully decoded
// resource's key, for every seed under keys that are the local name, an
// alias, module-qualified or unknown, with and without a configuration
// keyed "".
func TestProviderExprSkipsOnlyIdleChecks(t *testing.T) {
	const typ = "kubernetes_service_account_v1"
	providers := map[string]string{"kubernetes": "root", "kubernetes.west": "west", "": "empty"}
	for _, withEmpty := range []bool{false, true} {
		pcs := map[string]any{}
		for k, v := range providers {
			if k != "" || withEmpty {
				pcs[k] = map[string]any{"name": "kubernetes", "expressions": map[string]any{"host": map[string]any{"constant_value": v}}}
			}
		}
		for _, seed := range configKeySeeds {
			for _, key := range []string{"kubernetes", "kubernetes.west", "module.m:kubernetes.west", "nope"} {
				var res map[string]any
				if err := json.Unmarshal([]byte(strings.ReplaceAll(strings.ReplaceAll(seed, `"k"`, `"`+key+`"`), `"kubernetes"`, `"`+key+`"`)), &res); err != nil {
					t.Fatal(err)
				}
				res["address"], res["type"] = typ+".y", typ
				if _, ok := res["mode"]; !ok {
					res["mode"] = "managed"
				}
				raw, _ := json.Marshal(res)
				doc, _ := json.Marshal(map[string]any{
					"format_version": "1.2",
					"resource_changes": []any{map[string]any{"address": typ + ".y", "mode": "managed", "type": typ, "name": "y",
						"provider_name": "registry.terraform.io/hashicorp/kubernetes", "change": map[string]any{"actions": []string{"create"}, "after": map[string]any{}}}},
					"configuration": map[string]any{"provider_config": pcs, "root_module": map[string]any{"resources": []json.RawMessage{raw}}},
				})
				p, err := Load(strings.NewReader(string(doc)), "plan.json", Options{Keep: map[string][]string{typ: nil}})
				if err != nil && strings.Contains(err.Error(), "case variant") {
					continue // refused when read: no configuration to choose
				}
				if err != nil {
					t.Fatalf("%s: %v", raw, err)
				}
				r := p.Lookup(typ + ".y")
				want := ""
				if _, ok := res["mode"].(string); ok {
					// Kept: its key is what the full decoding gives.
					want = hostOf(p.providerByKey(tfjsonKey(raw), r))
				} else {
					want = hostOf(p.providerByKey("", r))
				}
				if got := hostOf(p.providerFor(r)); got != want {
					t.Errorf("%s (configuration keyed \"\": %v): provider %q, want %q", raw, withEmpty, got, want)
				}
			}
		}
	}
}

func hostOf(pc *tfjson.ProviderConfig) string {
	if pc == nil {
		return "(none)"
	}
	return pc.Expressions["host"].ConstantValue.(string)
}
