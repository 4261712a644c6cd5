package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
	"github.com/stsguard/terraform-provider-stsguard/internal/identity"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
	"github.com/stsguard/terraform-provider-stsguard/internal/requestdoc"
)

// This file reads the policy and request arguments of evaluate and allows:
// each is a JSON string or a Terraform value (an object as jsonencode()
// would take). A value is converted to the Go shapes encoding/json
// produces, then read by the same engine code as a string.

// goValue converts a Terraform value to map[string]any, []any, string,
// json.Number, bool or nil. ok is false when any part is unknown.
func goValue(v attr.Value) (out any, ok bool, err error) {
	if v.IsUnknown() {
		return nil, false, nil
	}
	if v.IsNull() {
		return nil, true, nil
	}
	switch v := v.(type) {
	case basetypes.DynamicValue:
		return goValue(v.UnderlyingValue())
	case basetypes.StringValue:
		return v.ValueString(), true, nil
	case basetypes.BoolValue:
		return v.ValueBool(), true, nil
	case basetypes.NumberValue:
		return numberText(v.ValueBigFloat()), true, nil
	case basetypes.Int64Value:
		return json.Number(fmt.Sprint(v.ValueInt64())), true, nil
	case basetypes.Float64Value:
		return numberText(big.NewFloat(v.ValueFloat64())), true, nil
	case basetypes.ObjectValue:
		return goObject(v.Attributes())
	case basetypes.MapValue:
		return goObject(v.Elements())
	case basetypes.ListValue:
		return goList(v.Elements())
	case basetypes.SetValue:
		return goList(v.Elements())
	case basetypes.TupleValue:
		return goList(v.Elements())
	}
	return nil, true, fmt.Errorf("a value of type %s cannot be read as JSON", v.Type(context.Background()))
}

// numberText writes a number as jsonencode() does: every digit, no exponent.
func numberText(f *big.Float) json.Number {
	return json.Number(f.Text('f', -1))
}

func goObject(attrs map[string]attr.Value) (any, bool, error) {
	out := make(map[string]any, len(attrs))
	for k, e := range attrs {
		g, ok, err := goValue(e)
		if !ok || err != nil {
			return nil, ok, err
		}
		out[k] = g
	}
	return out, true, nil
}

func goList(elems []attr.Value) (any, bool, error) {
	out := make([]any, len(elems))
	for i, e := range elems {
		g, ok, err := goValue(e)
		if !ok || err != nil {
			return nil, ok, err
		}
		out[i] = g
	}
	return out, true, nil
}

// decide reads both arguments and evaluates the request. known is false
// when a part of an argument is not known until apply: the caller returns
// an unknown result (Terraform does not pass unknown values to parameters
// without AllowUnknownValues, so this is defence). Errors are function
// errors on the argument at fault.
func decide(policyArg, requestArg basetypes.DynamicValue) (result *evaluate.Result, problems []policy.Problem, known bool, funcErr *function.FuncError) {
	pv, pok, perr := goValue(policyArg)
	rv, rok, rerr := goValue(requestArg)
	if !pok || !rok {
		return nil, nil, false, nil
	}
	if perr != nil {
		return nil, nil, true, function.NewArgumentFuncError(policyArgument, "the trust policy cannot be read: "+perr.Error())
	}
	doc, problems, funcErr := readPolicyArgument(pv)
	if funcErr != nil {
		return nil, nil, true, funcErr
	}
	if rerr != nil {
		return nil, nil, true, function.NewArgumentFuncError(requestArgument, requestErrorText(rerr))
	}
	request, err := readRequestArgument(rv)
	if err == nil {
		result, err = evaluate.Request(doc, request)
	}
	if err != nil {
		return nil, nil, true, function.NewArgumentFuncError(requestArgument, requestErrorText(err))
	}
	return result, problems, true, nil
}

// readPolicyArgument parses the policy argument: a JSON string, or an
// object such as jsonencode() takes.
func readPolicyArgument(v any) (*policy.Document, []policy.Problem, *function.FuncError) {
	text, isString := v.(string)
	data := []byte(text)
	if !isString {
		var err error
		if data, err = json.Marshal(v); err != nil {
			return nil, nil, function.NewArgumentFuncError(policyArgument, "the trust policy cannot be read: "+err.Error())
		}
	}
	doc, problems, err := policy.Parse(data)
	if err != nil {
		return nil, nil, function.NewArgumentFuncError(policyArgument, policyArgumentErrorText(err, isString))
	}
	return doc, problems, nil
}

// policyArgumentErrorText places a policy error: line:column and path for
// a string, the path under "policy" for an object (its JSON was written by
// the provider, so a position would mean nothing).
func policyArgumentErrorText(err error, isString bool) string {
	var se *policy.SyntaxError
	if isString || !errors.As(err, &se) {
		return policyErrorText(err)
	}
	return fmt.Sprintf("the trust policy is not a valid policy document at %s: %s", policy.DisplayPath("policy", se.Path), se.Message)
}

// readRequestArgument decodes the request argument: a JSON string, or an
// object with the fields of the request format (the same checks, field
// list and did-you-mean as explain --request).
func readRequestArgument(v any) (*identity.Request, error) {
	if text, isString := v.(string); isString {
		return requestdoc.ParseAt([]byte(text), "request")
	}
	return requestdoc.Decode(v, "request")
}

// requestFieldText is an engine error about the request for a function
// error: a field named at the start gets the "request." prefix, and a
// quoted value is left out (the argument may be sensitive).
func requestFieldText(err error) string {
	msg := err.Error()
	var fe *identity.FieldError
	if errors.As(err, &fe) {
		msg = fe.Redacted()
	}
	if field, _, found := strings.Cut(msg, ":"); found && field != "" && !strings.ContainsAny(field, " .\"[") && !strings.HasPrefix(field, "request") {
		msg = "request." + msg
	}
	return msg
}
