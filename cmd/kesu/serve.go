package main

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kesuhq/kesu/internal/serve"
	"github.com/spf13/cobra"
)

func (a *app) serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve validate, render and bundle over HTTP, and the intake page for the complaint desk",
		Long: `Serve kesu over HTTP: POST /v1/validate, /v1/render, /v1/bundle; GET /v1/schema,
/v1/documents, /openapi.json, /healthz, /readyz, /metrics; and at / the intake page a desk
clerk fills in, saving cases into --cases DIR.

Binding to an address other than localhost needs --token (clients then send
"Authorization: Bearer TOKEN") or, behind a proxy that authenticates, --insecure.
SIGTERM or Ctrl-C stops taking requests and finishes the ones in flight.`,
		Example: `  kesu serve                                   # http://127.0.0.1:8080/
  kesu serve --cases ./cases                   # the intake page saves into ./cases
  kesu serve --addr :8080 --token "$KESU_TOKEN" # reachable from other hosts
  curl -s -H 'Content-Type: application/yaml' --data-binary @case.yaml \
    'http://127.0.0.1:8080/v1/render?doc=registration&format=pdf' -o registration.pdf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd) },
	}
	f := cmd.Flags()
	f.String("addr", "127.0.0.1:8080", "address to listen on")
	f.String("cases", "", "folder the intake page saves cases into and lists")
	f.String("token", "", "bearer token every /v1 request must carry")
	f.Bool("insecure", false, "listen beyond localhost without a token (behind a proxy that authenticates)")
	f.Int64("max-body", 32<<20, "largest request body in bytes")
	f.Int("renders", 0, "renders at once (default: one per CPU)")
	f.Int("queue", 0, "renders waiting for a place before 503 (default: 4 per render place)")
	f.Duration("timeout", 60*time.Second, "longest a request may work")
	return cmd
}

func (a *app) serve(cmd *cobra.Command) error {
	v := a.v
	addr, token := v.GetString("addr"), v.GetString("token")
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return &usageError{fmt.Errorf("--addr %q: expected host:port, e.g. 127.0.0.1:8080", addr)}
	}
	if !loopback(host) && token == "" && !v.GetBool("insecure") {
		return &usageError{fmt.Errorf("--addr %s listens beyond this machine: give --token (clients send Authorization: Bearer TOKEN) or --insecure", addr)}
	}
	if n := v.GetInt64("max-body"); n <= 0 {
		return &usageError{fmt.Errorf("--max-body %d: expected a positive number of bytes", n)}
	}
	if n := v.GetInt("renders"); n < 0 {
		return &usageError{fmt.Errorf("--renders %d: expected 0 (one per CPU) or more", n)}
	}
	if dir := v.GetString("cases"); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return &usageError{fmt.Errorf("--cases %s: not a folder", dir)}
		}
	}
	g, err := a.generator(cmd)
	if err != nil {
		return err
	}
	// Every document compiled before the first request, which would
	// otherwise pay for its document's compile.
	if err := g.Prepare(); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(a.stderr, nil))
	s := serve.New(serve.Config{Generator: g, Cases: v.GetString("cases"), Token: token,
		MaxBody: v.GetInt64("max-body"), InFlight: v.GetInt("renders"), Queue: v.GetInt("queue"),
		Timeout: v.GetDuration("timeout"), Logger: log})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return &usageError{fmt.Errorf("--addr %s: %w", addr, err)}
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return s.Serve(ctx, ln)
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
