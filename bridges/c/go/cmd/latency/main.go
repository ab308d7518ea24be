// Command latency times one call (the coordinator's ping) through the Go
// wrapper on an embedded runtime and prints the percentiles as JSON; the
// bench of bridges/c (cargo bench -p hms-c) runs it beside Rust and Ruby.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	"hms"
)

func main() {
	n := flag.Int("n", 20000, "timed calls")
	warm := flag.Int("warmup", 2000, "untimed calls first")
	flag.Parse()
	ctx := context.Background()
	rt, err := hms.Start(ctx, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer rt.Close(ctx)
	ping := json.RawMessage(`{"type":"ping"}`)
	samples := make([]time.Duration, 0, *n)
	for i := 0; i < *warm+*n; i++ {
		start := time.Now()
		if _, err := rt.Call(ctx, "coordinator", ping); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if i >= *warm {
			samples = append(samples, time.Since(start))
		}
	}
	sort.Slice(samples, func(a, b int) bool { return samples[a] < samples[b] })
	q := func(p float64) float64 {
		return float64(samples[int(float64(len(samples)-1)*p+0.5)].Nanoseconds()) / 1e3
	}
	// The binding alone: a call that does no work (mean of a million).
	const noops = 1000000
	start := time.Now()
	for i := 0; i < noops; i++ {
		hms.LibraryABIVersion()
	}
	noop := float64(time.Since(start).Nanoseconds()) / noops / 1e3
	out, _ := json.Marshal(map[string]float64{"p50_us": q(0.5), "p99_us": q(0.99), "noop_us": noop})
	fmt.Println(string(out))
}
