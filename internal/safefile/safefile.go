// Package safefile reads files named by a checkout (configuration, policy,
// request, token and Terraform files) as regular files of bounded size, so
// that a repository under review cannot make stsguard block on a FIFO, read
// a device such as /dev/zero without end, or follow a symbolic link out of
// the directory that names it.
//
// Files: safefile.go (Read, ReadIn, Error), open_unix.go and open_other.go
// (the non-blocking open flag).
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Error is a file that was not read: Path names it as the caller gave it,
// Reason says what is wrong and what to do.
type Error struct {
	Path   string
	Reason string
	// Err is the underlying error, if any (errors.Is(err, fs.ErrNotExist)
	// works through it).
	Err error
}

// Error returns "cannot read PATH: REASON".
func (e *Error) Error() string { return "cannot read " + e.Path + ": " + e.Reason }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Read reads the file at path, which must be a regular file of at most max
// bytes. A symbolic link is followed only when it stays inside the file's
// own directory (filepath.Dir(path)): a link to /dev/zero, /etc/passwd or
// ../../secret is refused. Directories, devices, FIFOs and sockets are
// refused without being opened for reading in a way that could block.
func Read(path string, max int64) ([]byte, error) {
	return ReadIn(filepath.Dir(path), path, max)
}

// ReadIn is Read with the directory the file must stay in given: dir is
// the checkout or working directory and path a file under it (relative to
// the current directory, or absolute). Symbolic links are followed only
// while they stay inside dir. A path outside dir is refused.
func ReadIn(dir, path string, max int64) ([]byte, error) {
	rel, err := relativeTo(dir, path)
	if err != nil {
		return nil, &Error{Path: path, Reason: fmt.Sprintf("it is outside %s; give a file inside it", dir)}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, &Error{Path: path, Reason: "cannot open its directory: " + describe(err), Err: err}
	}
	defer root.Close()
	// Stat through the root: it resolves links only inside dir, and tells
	// a FIFO or device apart before anything is opened.
	info, err := root.Stat(rel)
	if err != nil {
		return nil, statError(path, dir, err)
	}
	if reason := notRegular(info); reason != "" {
		return nil, &Error{Path: path, Reason: reason}
	}
	if info.Size() > max {
		return nil, tooLarge(path, info.Size(), max)
	}
	f, err := root.OpenFile(rel, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, statError(path, dir, err)
	}
	defer f.Close()
	// The file may have been swapped between Stat and OpenFile: judge the
	// open handle again.
	if info, err = f.Stat(); err != nil {
		return nil, &Error{Path: path, Reason: describe(err), Err: err}
	}
	if reason := notRegular(info); reason != "" {
		return nil, &Error{Path: path, Reason: reason}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &Error{Path: path, Reason: describe(err), Err: err}
	}
	if int64(len(data)) > max {
		return nil, tooLarge(path, int64(len(data)), max)
	}
	return data, nil
}

// relativeTo returns path relative to dir, refusing one that leaves it.
func relativeTo(dir, path string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	absPath, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, absPath)
	if err != nil || rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
		return "", errors.New("outside")
	}
	return rel, nil
}

// notRegular says why a file that is not a regular file is refused.
func notRegular(info fs.FileInfo) string {
	m := info.Mode()
	var what string
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "not a regular file (mode " + m.Type().String() + ")"
		return what + "; give a regular file"
	}
	return "it is " + what + ", not a regular file; give a regular file"
}

func tooLarge(path string, size, max int64) error {
	limit := fmt.Sprintf("%d bytes", max)
	if max >= 1<<20 && max%(1<<20) == 0 {
		limit = fmt.Sprintf("%d MiB", max>>20)
	}
	return &Error{Path: path, Reason: fmt.Sprintf("it is %d bytes, larger than the limit of %s; give the file itself, not an archive or a log (no such input is ever that large)", size, limit)}
}

// statError explains an error from Stat or OpenFile through the root.
func statError(path, dir string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &Error{Path: path, Reason: "no such file or directory", Err: err}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil && pe.Err.Error() == "path escapes from parent" {
		return &Error{Path: path, Reason: fmt.Sprintf("it is a symbolic link that leads out of %s; give the file itself", dir), Err: err}
	}
	return &Error{Path: path, Reason: describe(err), Err: err}
}

// describe drops the "op path:" prefix of an fs error (the message names
// the path itself).
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
