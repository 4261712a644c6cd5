package action_test

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeRelease writes a release directory laid out as the GitHub release
// of .goreleaser.yml: vVERSION/terraform-provider-stsguard_VERSION_OS_ARCH.zip
// holding terraform-provider-stsguard_vVERSION, and
// terraform-provider-stsguard_VERSION_SHA256SUMS. sums edits the SHA256SUMS
// text before it is written. It returns the file:// release URL.
func fakeRelease(t *testing.T, version string, sums func(string) string) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "v"+version)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(stsguardBin)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("terraform-provider-stsguard_%s_linux_%s.zip", version, runtime.GOARCH)
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	hdr := &zip.FileHeader{Name: "terraform-provider-stsguard_v" + version, Method: zip.Deflate}
	hdr.SetMode(0o755)
	w, err := zw.CreateHeader(hdr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(bin); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	text := fmt.Sprintf("%s  %s\n%s  terraform-provider-stsguard_%s_manifest.json\n", hex.EncodeToString(sum[:]), name, strings.Repeat("0", 64), version)
	if sums != nil {
		text = sums(text)
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform-provider-stsguard_"+version+"_SHA256SUMS"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + root
}

// TestActionInstall: the download step against a local release directory:
// it installs only an archive whose SHA-256 is the one SHA256SUMS lists.
func TestActionInstall(t *testing.T) {
	tamper := func(s string) string { // the archive's line with another hash
		return strings.Repeat("f", 64) + s[64:]
	}
	unlisted := func(s string) string { _, rest, _ := strings.Cut(s, "\n"); return rest }
	tests := []struct {
		name    string
		version string
		sums    func(string) string
		env     map[string]string
		code    int
		log     string
	}{
		{"verified", "9.9.9", nil, nil, 1, "installed terraform-provider-stsguard_9.9.9_linux_"},
		{"a leading v is accepted", "v9.9.9", nil, nil, 1, "sha256 "},
		{"checksum mismatch", "9.9.9", tamper, nil, 1, "checksum mismatch for terraform-provider-stsguard_9.9.9_linux_"},
		{"archive not listed", "9.9.9", unlisted, nil, 1, "_SHA256SUMS does not list terraform-provider-stsguard_9.9.9_linux_"},
		{"no such version", "9.9.10", nil, nil, 1, "cannot download file://"},
		{"no version nor binary", "", nil, nil, 1, "set the input 'version'"},
		{"not a version", "latest", nil, nil, 1, `version: "latest" is not a release version`},
		{"unknown runner OS", "9.9.9", nil, map[string]string{"RUNNER_OS": "Plan9"}, 1, `runner OS "Plan9" has no stsguard release`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url := fakeRelease(t, "9.9.9", tc.sums)
			r := runAction(t, workspace(t), map[string]string{"plan": "broken.json", "version": tc.version, "release-url": url}, tc.env)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d; log:\n%s", r.code, tc.code, r.log)
			}
			if !strings.Contains(r.log, tc.log) {
				t.Errorf("log lacks %q:\n%s", tc.log, r.log)
			}
			installed := r.outputs["install"]["path"]
			verified := strings.Contains(tc.log, "installed") || tc.log == "sha256 "
			if verified {
				if r.failed != "Result" || !strings.Contains(r.log, "STSG102") {
					t.Errorf("the installed binary should have linted the plan (failed step %q):\n%s", r.failed, r.log)
				}
				if filepath.Base(installed) != "terraform-provider-stsguard_v9.9.9" {
					t.Errorf("installed %q", installed)
				}
				return
			}
			if r.failed != "Install stsguard" || installed != "" {
				t.Errorf("the install step must fail and install nothing (failed %q, path %q)", r.failed, installed)
			}
			if !strings.Contains(r.log, "::error title=stsguard install::") {
				t.Errorf("the failure should be a workflow error annotation:\n%s", r.log)
			}
		})
	}
}
