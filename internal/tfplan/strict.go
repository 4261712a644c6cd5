package tfplan

import (
	"errors"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/stsguard/terraform-provider-stsguard/internal/strictjson"
)

// strictNames refuses a member of raw (a part of the plan starting at
// byte start) that fills a field of v only by ignoring case:
// encoding/json would read {"type":"a","TYPE":"b"} as type "b", past the
// scanner's exact-key duplicate check, and other JSON readers would not.
// Terraform writes every member name of the plan format in lower case.
func strictNames(raw []byte, v any, start int64) error {
	err := strictjson.CheckNames(raw, v)
	var ne *strictjson.NameError
	if errors.As(err, &ne) {
		return &strictError{offset: start + int64(ne.Offset),
			msg:    fmt.Sprintf("the member %q is a case variant of %q", ne.Got, ne.Want),
			detail: fmt.Sprintf(" (JSON readers disagree on it: encoding/json reads it as %q, others ignore it)", ne.Want)}
	}
	return err
}

// configResourceShape is the type a configuration resource is decoded
// into (lazily, see ConfigResource); its names are checked when read.
var configResourceShape = &tfjson.ConfigResource{}
