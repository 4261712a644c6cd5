package manifests

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stsguard/terraform-provider-stsguard/internal/safefile"
	"github.com/stsguard/terraform-provider-stsguard/internal/yamldoc"
)

// maxFile bounds each YAML file read (no manifest or values file comes
// near it).
const maxFile = 8 << 20

// file is one YAML file read: its path as the command line names it
// (DIR joined with the path under it) and its documents.
type file struct {
	path string
	dir  string // the directory holding it, as path
	base string
	docs []*yamldoc.Doc
}

// Options are the settings of the source besides its directories.
type Options struct {
	// Cluster names the EKS cluster the manifests are applied to, a
	// cluster of any plan linted together (by name, address, or address
	// prefixed with its plan); "" for the single cluster in the plans.
	Cluster string
}

// Read reads every .yaml and .yml file under each directory (recursively,
// in name order; .git and the templates/ directory of a Helm chart, which
// holds Go templates rather than YAML, are skipped). An unreadable
// directory or file is an error naming it; a file that is not YAML an
// error naming FILE:LINE:COLUMN.
func Read(dirs []string, opts Options) (*Source, error) {
	src := &Source{opts: opts, dirs: dirs}
	for _, dir := range dirs {
		files, err := readDir(dir)
		if err != nil {
			return nil, err
		}
		src.files = append(src.files, files...)
	}
	src.index()
	return src, nil
}

func readDir(dir string) ([]*file, error) {
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return nil, fmt.Errorf("--manifests %s: cannot read the directory: %v", dir, describe(err))
	case !info.IsDir():
		return nil, fmt.Errorf("--manifests %s: not a directory; give the directory that holds the manifests", dir)
	}
	var paths []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("--manifests %s: cannot read %s: %v", dir, p, describe(err))
		}
		if d.IsDir() {
			if p != dir && (d.Name() == ".git" || (d.Name() == "templates" && isFile(filepath.Join(filepath.Dir(p), "Chart.yaml")))) {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := strings.ToLower(filepath.Ext(p)); (ext == ".yaml" || ext == ".yml") && d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []*file
	for _, p := range paths {
		data, err := safefile.Read(p, maxFile)
		if err != nil {
			return nil, fmt.Errorf("--manifests %s: %v", dir, err)
		}
		docs, err := yamldoc.Parse(data)
		if err != nil {
			var ye *yamldoc.Error
			if errors.As(err, &ye) {
				return nil, fmt.Errorf("%s:%d:%d: not valid YAML: %s; fix the file, or move it out of --manifests %s", p, ye.Line, ye.Column, ye.Msg, dir)
			}
			return nil, fmt.Errorf("%s: not valid YAML: %v", p, err)
		}
		slash := filepath.ToSlash(p)
		out = append(out, &file{path: p, dir: path.Dir(slash), base: path.Base(slash), docs: docs})
	}
	return out, nil
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// describe drops the "op path:" prefix of an fs error.
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
