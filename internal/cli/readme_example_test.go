package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestReadmeExplainExample runs the README's first command on the bundled
// example: the EKS service account is refused because the namespace in the
// trust is misspelt, and the fix names the right subject.
func TestReadmeExplainExample(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main([]string{"explain", "--policy", "../../examples/explain/eks-trust.json", "--request", "../../examples/explain/eks-request.json"}, &out, &errOut, "test")
	if code != ExitFindings {
		t.Fatalf("exit code %d, want %d; stderr: %s", code, ExitFindings, errOut.String())
	}
	for _, want := range []string{"DENIED (implicit_deny)", "the namespace differs", `Fix: In Statement[0] "PaymentsApi"`, "system:serviceaccount:payments:api"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
