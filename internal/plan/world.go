package plan

import (
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/evaluate"
)

// trustCache and the other caches live on world; declared here to keep
// providers.go about providers.
type worldCaches struct {
	trustCache  map[string]*Trust
	docCache    map[*Resource]*Trust
	attached    [2]map[*Role][]policySource
	policyByARN [2]map[string]*Resource
	nameIndex   [2]map[string]*Role
	repoByName  [2]map[string]*Resource
	evalCache   map[string]*evaluate.Result
	pools       map[*Resource]*identityPool
	broad       broadState
}

// displayer replaces stand-ins in a message with what they stand for;
// notes that explain a stand-in keep it, as they say what it stands for.
func (w *world) displayer() func(string) string {
	if len(w.labels) == 0 {
		return func(s string) string { return s }
	}
	keys := sortedKeys(w.labels)
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, w.labels[k])
	}
	rep := strings.NewReplacer(pairs...)
	return rep.Replace
}

func newWorld(p *Plan) *world {
	w := &world{p: p}
	w.findAccount()
	w.findRegion()
	w.collectClusters()
	w.collectProviders()
	w.collectPools()
	w.collectRoles()
	return w
}
