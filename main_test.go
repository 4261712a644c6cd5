package main

import "testing"

// TestIsSubcommand checks which argument lists go to the CLI and which serve
// the provider (Terraform starts providers with no arguments).
func TestIsSubcommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want bool
	}{
		{name: "no arguments serves the provider", args: nil, want: false},
		{name: "-debug serves the provider", args: []string{"-debug"}, want: false},
		{name: "--debug serves the provider", args: []string{"--debug"}, want: false},
		{name: "-debug=true serves the provider", args: []string{"-debug=true"}, want: false},
		{name: "explain is a subcommand", args: []string{"explain", "--policy", "p.json"}, want: true},
		{name: "lint is a subcommand", args: []string{"lint", "plan.json"}, want: true},
		{name: "version is a subcommand", args: []string{"version"}, want: true},
		{name: "-version goes to the CLI", args: []string{"-version"}, want: true},
		{name: "a word named debug is a subcommand", args: []string{"debug"}, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isSubcommand(tc.args); got != tc.want {
				t.Errorf("isSubcommand(%q) = %v, want %v", tc.args, got, tc.want)
			}
		})
	}
}
