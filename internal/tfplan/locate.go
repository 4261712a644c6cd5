package tfplan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/safefile"
)

// Locator finds the .tf file and line that declare a resource, for SARIF
// locations. The plan's configuration gives the module tree and each
// local module's source directory; the block itself is found by scanning
// the module directory's .tf files for its `resource "TYPE" "NAME"`
// header. Registry modules are found through .terraform/modules/
// modules.json when it exists.
type Locator struct {
	p *Plan
	// Root is the root module's directory (where terraform plan ran).
	Root    string
	dirs    map[string]map[string]Location // module dir -> local name -> location
	modJSON map[string]string              // module key -> dir, from modules.json
	// files caches the lines of .tf files read by InBlock.
	files map[string][]string
	// Skipped says which files were not read and why (a symbolic link out
	// of its directory, a FIFO or device, a file over MaxTFFile): the
	// checkout is untrusted input, and a location is not worth a hang.
	Skipped []string
}

// MaxTFFile is the largest .tf (or modules.json) file the locator reads.
const MaxTFFile = 10 << 20

// Location is a place in a .tf file.
type Location struct {
	File string
	Line int
}

// NewLocator returns a locator for the plan's configuration rooted at dir.
func (p *Plan) NewLocator(root string) *Locator {
	return &Locator{p: p, Root: root, dirs: map[string]map[string]Location{}}
}

// Locate returns where the resource with this address is declared.
func (l *Locator) Locate(address string) (Location, bool) {
	if l == nil || l.p == nil {
		return Location{}, false
	}
	parts := SplitAddress(StripKeys(address))
	var modules []string
	for len(parts) >= 2 && parts[0] == "module" {
		modules = append(modules, parts[1])
		parts = parts[2:]
	}
	if len(parts) < 2 {
		return Location{}, false
	}
	dir, ok := l.moduleDir(modules)
	if !ok {
		return Location{}, false
	}
	loc, ok := l.index(dir)[strings.Join(parts, ".")]
	return loc, ok
}

// moduleDir follows module calls from the root to a module's directory.
func (l *Locator) moduleDir(modules []string) (string, bool) {
	dir := l.Root
	path := ""
	for i, name := range modules {
		path = joinAddress(path, "module."+name)
		m := l.p.module(path)
		if m == nil || m.call == nil {
			return "", false
		}
		src := m.call.Source
		if strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") {
			dir = filepath.Join(dir, filepath.FromSlash(src))
			continue
		}
		d, ok := l.modulesJSON()[strings.Join(modules[:i+1], ".")]
		if !ok {
			return "", false
		}
		dir = filepath.Join(l.Root, filepath.FromSlash(d))
	}
	return dir, true
}

func (l *Locator) modulesJSON() map[string]string {
	if l.modJSON != nil {
		return l.modJSON
	}
	l.modJSON = map[string]string{}
	data, err := safefile.ReadIn(l.Root, filepath.Join(l.Root, ".terraform", "modules", "modules.json"), MaxTFFile)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.skip(err)
		}
		return l.modJSON
	}
	var doc struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(data, &doc) == nil {
		for _, m := range doc.Modules {
			l.modJSON[m.Key] = m.Dir
		}
	}
	return l.modJSON
}

var blockHeader = regexp.MustCompile(`^\s*(resource|data)\s+"([^"]+)"\s+"([^"]+)"`)

// index maps the resources declared in a directory's .tf files to their
// first line.
func (l *Locator) index(dir string) map[string]Location {
	if idx, ok := l.dirs[dir]; ok {
		return idx
	}
	idx := map[string]Location{}
	l.dirs[dir] = idx
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	sort.Strings(files)
	for _, file := range files {
		data, err := safefile.ReadIn(dir, file, MaxTFFile)
		if err != nil {
			l.skip(err)
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for line := 1; sc.Scan(); line++ {
			m := blockHeader.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			key := m[2] + "." + m[3]
			if m[1] == "data" {
				key = "data." + key
			}
			if _, dup := idx[key]; !dup {
				idx[key] = Location{File: file, Line: line}
			}
		}
	}
	return idx
}

// skip records a file that was not read.
func (l *Locator) skip(err error) {
	l.Skipped = append(l.Skipped, err.Error()+"; its resources have no .tf location")
}
