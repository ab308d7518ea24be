// Command soak is the Go client of the seeded soak (tests/soak): for a set
// time, several goroutines call hmsd's domain actors with the messages of a
// workload file, and it prints what became of every call as JSON: replies,
// errors by kind, calls that outlived their deadline, and errors outside
// the taxonomy (both must stay 0).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"hms"
)

type step struct {
	Actor     string          `json:"actor"`
	Message   json.RawMessage `json:"message"`
	TimeoutMs int             `json:"timeout_ms"`
}

type tally struct {
	Calls   int            `json:"calls"`
	Replies int            `json:"replies"`
	Errors  map[string]int `json:"errors"`
	Late    int            `json:"late"`
	Unknown []string       `json:"unknown"`
	MaxMs   float64        `json:"max_ms"`
}

func main() {
	url := flag.String("url", "http://127.0.0.1:7878", "hmsd")
	token := flag.String("token", "", "bearer token")
	seconds := flag.Float64("seconds", 60, "how long to call")
	workers := flag.Int("workers", 4, "goroutines calling at once")
	workload := flag.String("workload", "", "JSON file: [{actor, message, timeout_ms}]")
	slackMs := flag.Int("slack-ms", 2000, "time past a call's deadline that counts as late")
	flag.Parse()
	text, err := os.ReadFile(*workload)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var steps []step
	if err := json.Unmarshal(text, &steps); err != nil || len(steps) == 0 {
		fmt.Fprintln(os.Stderr, "workload:", err)
		os.Exit(2)
	}
	until := time.Now().Add(time.Duration(*seconds * float64(time.Second)))
	var rt *hms.Runtime
	// The daemon may be restarting when the client starts: keep trying until the end.
	for rt == nil && time.Now().Before(until) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		rt, err = hms.Connect(ctx, *url, *token)
		cancel()
		if err != nil {
			time.Sleep(200 * time.Millisecond)
		}
	}
	total := tally{Errors: map[string]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < *workers && rt != nil; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; time.Now().Before(until); i += *workers {
				s := steps[i%len(steps)]
				deadline := time.Duration(s.TimeoutMs) * time.Millisecond
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				start := time.Now()
				_, err := rt.Call(ctx, s.Actor, s.Message)
				took := time.Since(start)
				cancel()
				mu.Lock()
				total.Calls++
				if ms := float64(took.Microseconds()) / 1e3; ms > total.MaxMs {
					total.MaxMs = ms
				}
				if took > deadline+time.Duration(*slackMs)*time.Millisecond {
					total.Late++
				}
				var e *hms.Error
				switch {
				case err == nil:
					total.Replies++
				case errors.As(err, &e) && e.Kind.String() != fmt.Sprintf("kind(%d)", int32(e.Kind)):
					total.Errors[e.Kind.String()]++
				default:
					total.Unknown = append(total.Unknown, err.Error())
				}
				mu.Unlock()
				if err != nil {
					// A refused connection (the daemon restarting) answers at once: do not spin.
					time.Sleep(20 * time.Millisecond)
				}
			}
		}(w)
	}
	wg.Wait()
	if rt != nil {
		rt.Close(context.Background())
	}
	out, _ := json.Marshal(total)
	fmt.Println(string(out))
}
