// Package requestdoc reads the sts:AssumeRoleWithWebIdentity request
// document of docs/guides/explain-request.md for every door: the CLI reads
// it from a file (JSON text, errors placed at LINE:COLUMN), the provider's
// functions from a Terraform value (an object or a JSON string, errors
// placed at the field path such as request.claims.aud). Both go through the
// same shape check, field list and did-you-mean, then identity.ParseRequest.
//
// Files:
//   - check.go: the shape check of a JSON document (Check), token by token,
//     with the field tables; FieldOffset and LineColumn for placing errors.
//   - value.go: Parse (a document) and Decode (a Go value as encoding/json
//     produces it, e.g. converted from a Terraform object).
package requestdoc
