package admits

import (
	"fmt"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/condition"
	"github.com/stsguard/terraform-provider-stsguard/internal/names"
	"github.com/stsguard/terraform-provider-stsguard/internal/policy"
)

// describeGroup describes what each Allow statement of the group admits.
func describeGroup(l *langs, g *group) []Admitted {
	var out []Admitted
	for _, b := range g.allows {
		a := Admitted{Statement: b.stmt.Index, Sid: b.stmt.Sid, Principal: g.principal, Provider: string(g.provider.Kind), Nothing: b.empty}
		var keys []int
		for ci := range b.stmt.Conditions {
			i := g.index[g.lower(b.stmt.Conditions[ci].Key)]
			if !containsInt(keys, i) {
				keys = append(keys, i)
			}
		}
		for i, d := range g.dims {
			if d.primary && !containsInt(keys, i) {
				keys = append(keys, i)
			}
		}
		for _, i := range keys {
			a.Keys = append(a.Keys, describeKey(l, g, b, i))
		}
		out = append(out, a)
	}
	return out
}

func describeKey(l *langs, g *group, b *box, i int) KeyLanguage {
	d := g.dims[i]
	set := d.domain
	if b.sets[i] != nil {
		set = set.and(*b.sets[i])
	}
	k := KeyLanguage{Key: d.key, Claim: d.claim, MayBeAbsent: set.absent}
	switch d.kind {
	case keyIdentity:
		k.Source = "claim"
	case keyContext:
		k.Source = "request"
	default:
		k.Source = "never"
	}
	k.Unrestricted = set.unrestricted(l, d.multi) && set.absent == d.domain.absent
	var phrases []string
	for ci := range b.stmt.Conditions {
		c := &b.stmt.Conditions[ci]
		if !names.Equal(c.Key, d.key) {
			continue
		}
		phrases = append(phrases, conditionPhrase(c))
		if !c.OperatorValid || c.Operator.Base == condition.Null {
			continue
		}
		if c.Operator.Negated() {
			k.Excludes = append(k.Excludes, rawValues(c)...)
		} else {
			k.Matches = append(k.Matches, rawValues(c)...)
		}
	}
	switch {
	case d.kind == keyNever && set.absent:
		k.Description = fmt.Sprintf("AWS never sets this key in a request from %s, so its conditions are always true (%s)", g.principal, strings.Join(phrases, " and "))
	case d.kind == keyNever:
		k.Description = fmt.Sprintf("AWS never sets this key in a request from %s, but the statement requires it (%s), so the statement admits nobody", g.principal, strings.Join(phrases, " and "))
	case len(phrases) == 0:
		k.Description = "any value: no condition restricts it"
	case k.Unrestricted:
		k.Description = "any value: the condition (" + strings.Join(phrases, " and ") + ") restricts nothing"
	default:
		k.Description = strings.Join(phrases, " and ")
		if set.absent && !d.domain.absent {
			k.Description += "; requests without the key are admitted too"
		} else if set.absent {
			k.Description += ", or the key is absent"
		}
	}
	return k
}

// conditionPhrase says in words what one condition requires of its key.
func conditionPhrase(c *policy.Condition) string {
	if !c.OperatorValid {
		return fmt.Sprintf("unknown operator %q, never true", c.OperatorName)
	}
	op := c.Operator
	vals := rawValues(c)
	if op.Base == condition.Null {
		for _, v := range vals {
			if names.Equal(v, "true") {
				return "is absent"
			}
		}
		return "is present"
	}
	verb := op.Base.String()
	switch op.Base {
	case condition.StringEquals:
		verb = "equals"
	case condition.StringNotEquals:
		verb = "does not equal"
	case condition.StringEqualsIgnoreCase:
		verb = "equals (ignoring case)"
	case condition.StringNotEqualsIgnoreCase:
		verb = "does not equal (ignoring case)"
	case condition.StringLike:
		verb = "matches"
	case condition.StringNotLike:
		verb = "does not match"
	}
	list := quoteAll(vals)
	switch {
	case len(vals) == 0:
		list = "an empty list"
	case len(vals) > 1 && op.Negated():
		list = "any of " + list
	case len(vals) > 1:
		list = "one of " + list
	}
	phrase := verb + " " + list
	switch op.Set {
	case condition.ForAllValues:
		phrase = "every value " + phrase + " (true when the key is absent)"
	case condition.ForAnyValue:
		phrase = "some value " + phrase
	}
	if op.IfExists {
		phrase += " (if present)"
	}
	return phrase
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quote(v)
	}
	return strings.Join(q, ", ")
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
