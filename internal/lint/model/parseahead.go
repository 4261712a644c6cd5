package model

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/stsguard/terraform-provider-stsguard/internal/tfplan"
)

// parseAheadMin is the fewest distinct trust texts worth parsing on
// several goroutines.
const parseAheadMin = 64

// parseAhead parses the distinct trust texts the roles hold as known
// values on up to four goroutines (one per CPU) and fills the trust
// cache with them, before the roles' trusts are read one by one
// (collectRoles). policy.Parse is a function of the text alone; the rest
// of the model is built on one goroutine, and parseTrust finds every text
// parsed alike either way.
func (w *World) parseAhead() {
	workers := min(runtime.GOMAXPROCS(0), 4)
	if workers < 2 {
		return
	}
	var texts []string
	seen := map[string]bool{}
	for _, role := range w.Roles {
		r := role.Res
		for _, s := range []tfplan.Side{tfplan.Before, tfplan.After} {
			if !r.Exists(s) {
				continue
			}
			if v, ok := trustValue(r, s); ok {
				if text, isString := v.(string); isString && !seen[text] && w.trustCache[text] == nil {
					seen[text] = true
					texts = append(texts, text)
				}
			}
		}
	}
	if len(texts) < parseAheadMin {
		return
	}
	parsed := make([]*Trust, len(texts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(texts); i = int(next.Add(1) - 1) {
				parsed[i] = parsedTrust(texts[i])
			}
		})
	}
	wg.Wait()
	if w.trustCache == nil {
		w.trustCache = make(map[string]*Trust, len(texts))
	}
	for i, t := range parsed {
		w.trustCache[texts[i]] = t
	}
}
