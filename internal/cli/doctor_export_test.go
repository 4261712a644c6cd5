package cli

import "net/http"

// SetDoctorHTTPClient replaces the client doctor fetches discovery
// documents and GitHub Actions tokens with; it returns a function that
// restores the default.
func SetDoctorHTTPClient(c *http.Client) (restore func()) {
	old := doctorHTTPClient
	doctorHTTPClient = c
	return func() { doctorHTTPClient = old }
}
