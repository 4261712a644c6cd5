package cli

// SetLintToolVersion pins the version SARIF output reports, so golden
// files do not depend on the build.
func SetLintToolVersion(v string) { lintToolVersion = func() string { return v } }
