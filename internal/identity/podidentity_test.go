package identity

import (
	"reflect"
	"testing"
)

// TestEKSPodIdentity covers the request EKS Pod Identity makes: Service
// principal pods.eks.amazonaws.com, sts:AssumeRole, and sts:TagSession
// with the session tags EKS sets unless they are disabled (spec §8.3,
// [S32]).
func TestEKSPodIdentity(t *testing.T) {
	cases := []struct {
		name    string
		b       EKSPodIdentity
		actions []string
		tags    map[string][]string
	}{
		{"§8.3 session tags need sts:TagSession [S32]", EKSPodIdentity{Cluster: "prod", Namespace: "app", ServiceAccount: "api", Region: "eu-west-1"},
			[]string{ActionAssumeRole, ActionTagSession}, map[string][]string{
				"aws:RequestTag/eks-cluster-arn":            {"arn:aws:eks:eu-west-1:111122223333:cluster/prod"},
				"aws:RequestTag/eks-cluster-name":           {"prod"},
				"aws:RequestTag/kubernetes-namespace":       {"app"},
				"aws:RequestTag/kubernetes-service-account": {"api"},
				"sts:TransitiveTagKeys":                     {"eks-cluster-arn", "eks-cluster-name", "kubernetes-namespace", "kubernetes-service-account", "kubernetes-pod-name", "kubernetes-pod-uid"},
			}},
		{"§8.3 disable_session_tags asks for sts:AssumeRole only [S32]", EKSPodIdentity{Cluster: "prod", Namespace: "app", ServiceAccount: "api", NoTags: true},
			[]string{ActionAssumeRole}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := tc.b.Request("arn:aws:iam::111122223333:role/pod")
			if err != nil {
				t.Fatal(err)
			}
			res, err := req.Resolve()
			if err != nil {
				t.Fatal(err)
			}
			if res.PrincipalType != "Service" || res.Principal != EKSPodIdentityService {
				t.Errorf("principal = %s %q, want Service %q", res.PrincipalType, res.Principal, EKSPodIdentityService)
			}
			if !reflect.DeepEqual(res.Actions, tc.actions) {
				t.Errorf("actions = %q, want %q", res.Actions, tc.actions)
			}
			for key, want := range tc.tags {
				if got, _ := res.Lookup(key); !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %q, want %q", key, got, want)
				}
			}
		})
	}
}
