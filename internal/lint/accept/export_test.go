package accept

// MaxConfigBytes exposes the configuration size cap to the external tests.
const MaxConfigBytes = maxConfigBytes
