package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and FIFOs are unix cases")
	}
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(name, target string) string {
		p := filepath.Join(dir, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("ok.json", `{"accept":[]}`)
	big := write("big.json", strings.Repeat(" ", 101))
	inside := link("inside.json", "ok.json")
	zero := link("zero.json", "/dev/zero")
	escape := link("escape.json", "../"+filepath.Base(dir)+"-elsewhere.json")
	if err := os.WriteFile(dir+"-elsewhere.json", []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(dir + "-elsewhere.json") })
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, path string
		want       string // "" for success; else a substring of the error
	}{
		{"regular file", ok, ""},
		{"symbolic link inside the directory", inside, ""},
		{"symbolic link to /dev/zero", zero, "symbolic link that leads out of"},
		{"symbolic link out of the directory", escape, "symbolic link that leads out of"},
		{"FIFO", fifo, "it is a FIFO (named pipe), not a regular file"},
		{"directory", sub, "it is a directory, not a regular file"},
		{"oversized file", big, "it is 101 bytes, larger than the limit of 100 bytes"},
		{"missing file", filepath.Join(dir, "nope.json"), "no such file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data, err := Read(tc.path, 100)
			if tc.want == "" {
				if err != nil || string(data) != `{"accept":[]}` {
					t.Fatalf("Read = %q, %v", data, err)
				}
				return
			}
			var se *Error
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "cannot read "+tc.path+": ") {
				t.Fatalf("err = %v, want an Error naming %s and saying %q", err, tc.path, tc.want)
			}
		})
	}
	if _, err := Read(filepath.Join(dir, "nope.json"), 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file is not fs.ErrNotExist: %v", err)
	}
	// /dev/zero named directly is refused as a device, without reading.
	if _, err := Read("/dev/zero", 100); err == nil || !strings.Contains(err.Error(), "a device") {
		t.Errorf("/dev/zero: %v", err)
	}
	// ReadIn keeps to the given directory: a path outside it is refused.
	if _, err := ReadIn(sub, ok, 100); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("ReadIn outside the directory: %v", err)
	}
	if data, err := ReadIn(dir, inside, 100); err != nil || len(data) == 0 {
		t.Errorf("ReadIn inside: %q, %v", data, err)
	}
}
