package hms

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var plan = map[string]interface{}{"treatment_plan": []interface{}{map[string]interface{}{
	"medication": "Azathioprine", "dosage": 2.5, "unit": "mg/kg", "frequency": "daily"}}}

var patient = map[string]interface{}{
	"patient_id":   "G-1",
	"demographics": map[string]interface{}{"age": 34, "weight": 70},
	"biomarkers": map[string]interface{}{"genetic_markers": []interface{}{
		map[string]interface{}{"gene": "TPMT", "phenotype": "poor"}}},
}

// Both kinds of runtime every test runs on: embedded, and a daemon.
var backends = map[string]*Runtime{}

// TestMain starts an embedded runtime, and connects to the hmsd named by
// HMS_URL/HMS_TOKEN or else starts target/debug/hmsd itself.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	embedded, err := Start(ctx, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "start:", err)
		return 1
	}
	backends["embedded"] = embedded
	url, token := os.Getenv("HMS_URL"), os.Getenv("HMS_TOKEN")
	if url == "" {
		token = "go-test-token"
		stop, u, err := startDaemon(token)
		if err != nil {
			fmt.Fprintln(os.Stderr, "hmsd:", err)
			return 1
		}
		defer stop()
		url = u
	}
	daemon, err := Connect(ctx, url, token)
	if err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		return 1
	}
	backends["daemon"] = daemon
	code := m.Run()
	for _, rt := range backends {
		if err := rt.Close(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "close:", err)
			code = 1
		}
	}
	return code
}

func startDaemon(token string) (func(), string, error) {
	bin := os.Getenv("HMSD")
	if bin == "" {
		bin, _ = filepath.Abs("../../../target/debug/hmsd")
	}
	dir, err := os.MkdirTemp("", "hms-go")
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0", "--data-dir", dir)
	cmd.Env = append(os.Environ(), "HMS_TOKEN="+token, "RUST_LOG=error")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("%s: %w (build it with cargo build -p hmsd)", bin, err)
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); os.RemoveAll(dir) }
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "listening on ") {
		stop()
		return nil, "", fmt.Errorf("unexpected first line %q: %v", line, err)
	}
	url := strings.Fields(strings.SplitN(line, "listening on ", 2)[1])[0]
	return stop, url, nil
}

func each(t *testing.T, f func(t *testing.T, rt *Runtime)) {
	for name, rt := range backends {
		rt := rt
		t.Run(name, func(t *testing.T) { f(t, rt) })
	}
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestABIVersion(t *testing.T) {
	if LibraryABIVersion() != ABIVersion {
		t.Fatalf("library ABI %d, header %d", LibraryABIVersion(), ABIVersion)
	}
}

func TestCalls(t *testing.T) {
	each(t, func(t *testing.T, rt *Runtime) {
		ctx := ctxFor(t, 20*time.Second)
		pong, err := rt.Call(ctx, "coordinator", map[string]string{"type": "ping"})
		if err != nil || !strings.Contains(string(pong), `"pong":true`) {
			t.Fatalf("ping: %s %v", pong, err)
		}
		health, err := rt.Health(ctx)
		if err != nil || !strings.Contains(string(health), `"prover"`) {
			t.Fatalf("health: %.200s %v", health, err)
		}
		var report struct {
			Status   string
			Verdicts []struct {
				Property, Status string
				Sources          []struct{ Citation string }
			}
		}
		raw, err := rt.VerifyTreatmentPlan(ctx, plan, patient)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &report); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, v := range report.Verdicts {
			if v.Property == "thiopurine_pharmacogenomics" {
				found = v.Status == "violated" && len(v.Sources) > 0 && strings.Contains(v.Sources[0].Citation, "CPIC")
			}
		}
		if report.Status != "violated" || !found {
			t.Fatalf("expected a violated thiopurine rule with its CPIC source: %.400s", raw)
		}
		a, err := rt.SimulateTreatmentOutcome(ctx, patient, plan, 1000, 11)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := rt.SimulateTreatmentOutcome(ctx, patient, plan, 1000, 11)
		if string(a) != string(b) || !strings.Contains(string(a), "remission") {
			t.Fatalf("seeded simulations differ:\n%s\n%s", a, b)
		}
		children, err := rt.Coordinate(ctx, "list_children", map[string]string{"supervisor": "root"})
		if err != nil || !strings.Contains(string(children), "prover") {
			t.Fatalf("coordinate: %s %v", children, err)
		}
		if err := rt.Cast("self_healer", `{"type":"monitor_system_health"}`); err != nil {
			t.Fatal(err)
		}
	})
}

func TestErrorsCarryTheirKind(t *testing.T) {
	each(t, func(t *testing.T, rt *Runtime) {
		ctx := ctxFor(t, 10*time.Second)
		_, err := rt.Call(ctx, "no_such_actor", `{"type":"ping"}`)
		if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "no_such_actor") {
			t.Fatalf("unknown actor: %v", err)
		}
		_, err = rt.Call(ctx, "prover", `{"type":"verify_treatment_plan","plan":{"treatment_plan":[{"medication":"Adalimumab","dosage":[]}]},"patient":{}}`)
		var e *Error
		if !errors.As(err, &e) || e.Kind != Validation || !strings.Contains(e.Message, "plan.treatment_plan[0].dosage") {
			t.Fatalf("schema error: %v", err)
		}
		_, err = rt.Call(ctx, "prover", "{not json")
		if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "message_json") {
			t.Fatalf("malformed: %v", err)
		}
		_, err = rt.Call(ctx, "prover", map[string]interface{}{"bad": make(chan int)})
		if !errors.Is(err, ErrValidation) {
			t.Fatalf("unencodable: %v", err)
		}
		done, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := rt.Health(done); !errors.Is(err, ErrTimeout) {
			t.Fatalf("cancelled context: %v", err)
		}
	})
}

// Eight goroutines call at once; each gets its own answer.
func TestEightGoroutines(t *testing.T) {
	each(t, func(t *testing.T, rt *Runtime) {
		ctx := ctxFor(t, 60*time.Second)
		want, err := rt.VerifyTreatmentPlan(ctx, plan, patient)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i := 0; i < 25; i++ {
					got, err := rt.VerifyTreatmentPlan(ctx, plan, patient)
					if err != nil {
						errs <- err
						return
					}
					if string(got) != string(want) {
						errs <- fmt.Errorf("goroutine %d call %d: a different report", g, i)
						return
					}
					pong, err := rt.Call(ctx, "coordinator", map[string]string{"type": "ping"})
					if err != nil || !strings.Contains(string(pong), "pong") {
						errs <- fmt.Errorf("ping: %s %v", pong, err)
						return
					}
				}
			}(g)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// A mailbox a Rust actor (the coordinator, routing) writes to and Go answers.
func TestMailbox(t *testing.T) {
	each(t, func(t *testing.T, rt *Runtime) {
		ctx := ctxFor(t, 30*time.Second)
		mb, err := rt.OpenMailbox(ctx, "go-agent")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rt.OpenMailbox(ctx, "go-agent"); !errors.Is(err, ErrValidation) {
			t.Fatalf("second open of a name: %v", err)
		}
		serving, stop := context.WithCancel(context.Background())
		served := make(chan int)
		go func() {
			n := 0
			defer func() { served <- n }()
			for {
				msg, err := mb.Recv(serving)
				if err != nil {
					return
				}
				n++
				var body struct{ Op string }
				_ = json.Unmarshal(msg.Body, &body)
				switch body.Op {
				case "fail":
					_ = mb.Fail(msg.ID, NotFound, "no such patient")
				case "crash":
					_ = mb.Fail(msg.ID, ActorDown, "handler crashed")
				case "silent":
					time.Sleep(300 * time.Millisecond)
					_ = mb.Reply(msg.ID, nil)
				default:
					_ = mb.Reply(msg.ID, map[string]json.RawMessage{"echo": msg.Body})
				}
			}
		}()
		routed, err := rt.Coordinate(ctx, "route", map[string]interface{}{
			"to": "go-agent", "message": map[string]interface{}{"op": "hello", "n": 1}})
		if err != nil || !strings.Contains(string(routed), `"echo":{"n":1,"op":"hello"}`) {
			t.Fatalf("route: %s %v", routed, err)
		}
		if _, err := rt.Call(ctx, "go-agent", `{"op":"fail"}`); !errors.Is(err, ErrNotFound) {
			t.Fatalf("fail: %v", err)
		}
		if _, err := rt.Call(ctx, "go-agent", `{"op":"crash"}`); !errors.Is(err, ErrActorDown) {
			t.Fatalf("crash: %v", err)
		}
		short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		if _, err := rt.Call(short, "go-agent", `{"op":"silent"}`); !errors.Is(err, ErrTimeout) {
			t.Fatalf("deadline: %v", err)
		}
		// After the crash the bridge restarted: the mailbox still serves.
		echo, err := rt.Call(ctx, "go-agent", `{"op":"again"}`)
		if err != nil || !strings.Contains(string(echo), "again") {
			t.Fatalf("after restart: %s %v", echo, err)
		}
		stop()
		if n := <-served; n < 5 {
			t.Fatalf("served %d messages", n)
		}
		if err := mb.Close(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := mb.Recv(ctx); !errors.Is(err, ErrShutdown) {
			t.Fatalf("recv after close: %v", err)
		}
		if err := mb.Close(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestClosedRuntime(t *testing.T) {
	ctx := ctxFor(t, 20*time.Second)
	rt, err := Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Health(ctx); !errors.Is(err, ErrShutdown) {
		t.Fatalf("health after close: %v", err)
	}
	if err := rt.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := Start(ctx, "[prover]\ncheckers = \"four\"\n"); !errors.Is(err, ErrValidation) ||
		!strings.Contains(err.Error(), "prover.checkers") {
		t.Fatalf("bad config: %v", err)
	}
}

func TestFHIR(t *testing.T) {
	bundle, err := os.ReadFile("../../../tests/fhir/crohns-bundle.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := FHIRImport(json.RawMessage(bundle), "2026-11-26")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Patient  map[string]interface{}
		Unmapped []struct{ Path, Resource, Reason string }
		Sources  json.RawMessage
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Patient["patient_id"] != "crohns-1" || len(got.Unmapped) == 0 {
		t.Fatalf("import: %.300s", raw)
	}
	plan := `{"treatment_plan":[{"medication":"Adalimumab","dosage":40,"unit":"mg","frequency":"every 2 weeks"}]}`
	back, err := FHIRExport(plan, nil, got.Sources, "crohns-1")
	if err != nil || !strings.Contains(string(back), `"RequestGroup"`) || !strings.Contains(string(back), "Patient/crohns-1") {
		t.Fatalf("export: %.300s %v", back, err)
	}
	if _, err := FHIRImport(`{"patient_id":"x"}`, ""); !errors.Is(err, ErrValidation) {
		t.Fatalf("not FHIR: %v", err)
	}
}
