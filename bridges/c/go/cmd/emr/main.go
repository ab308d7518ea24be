// Command emr is the EMR system's health query: the supervision tree's
// health, then the verification of a treatment plan, against a runtime
// embedded in this process or a running hmsd.
//
//	emr                                   # embedded runtime, the built-in example plan
//	emr -url http://127.0.0.1:7878        # a running hmsd (token from -token or HMS_TOKEN)
//	emr -url http://127.0.0.1:7878 -node b  # the calls run on node b of hmsd's cluster
//	emr -plan plan.json -patient patient.json -json
//	emr -fhir bundle.json                 # the patient as a FHIR R4 Bundle; the plan back as FHIR with -json
//
// Exit status: 0 when the tree is healthy and the plan is not violated,
// 1 when the plan is violated or an actor is down, 2 on errors.
//
// Research and simulation software, not medical advice.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"hms"
)

// Infliximab's label schedule (5 mg/kg at weeks 0, 2 and 6, then every 8
// weeks) with azathioprine, as in SONIC.
const examplePlan = `{"treatment_plan":[
 {"medication":"Infliximab","dosage":5,"unit":"mg/kg","frequency":"once","route":"iv","phase":"induction","start_week":0},
 {"medication":"Infliximab","dosage":5,"unit":"mg/kg","frequency":"once","route":"iv","phase":"induction","start_week":2},
 {"medication":"Infliximab","dosage":5,"unit":"mg/kg","frequency":"once","route":"iv","phase":"induction","start_week":6},
 {"medication":"Infliximab","dosage":5,"unit":"mg/kg","frequency":"every 8 weeks","route":"iv","phase":"maintenance","start_week":14},
 {"medication":"Azathioprine","dosage":2.5,"unit":"mg/kg","frequency":"daily","route":"oral"}]}`

const examplePatient = `{"patient_id":"EMR-0042","demographics":{"age":34,"sex":"female","weight":70},
 "biomarkers":{"genetic_markers":[{"gene":"TPMT","phenotype":"intermediate"},{"gene":"NUDT15","phenotype":"normal"}]}}`

type node struct {
	Name     string
	Kind     string
	Status   string
	Restarts struct{ Total int }
	Children []node
}

type report struct {
	Status     string
	Disclaimer string
	Verdicts   []struct {
		Property, Status, Subject string
		Evidence                  json.RawMessage
		Sources                   []struct{ ID string }
	}
}

func main() {
	url := flag.String("url", "", "hmsd address (default: an embedded runtime)")
	token := flag.String("token", os.Getenv("HMS_TOKEN"), "bearer token for hmsd (default $HMS_TOKEN)")
	onNode := flag.String("node", "", "with -url: run the calls on this node of hmsd's cluster")
	config := flag.String("config", "", "TOML configuration for the embedded runtime (default: the embedded default)")
	planFile := flag.String("plan", "", "treatment plan JSON file (default: an example)")
	patientFile := flag.String("patient", "", "patient record JSON file (default: an example)")
	fhirFile := flag.String("fhir", "", "the patient as a FHIR R4 Bundle (JSON file), instead of -patient")
	asJSON := flag.Bool("json", false, "print the health and the report as JSON")
	timeout := flag.Duration("timeout", 30*time.Second, "deadline of the whole query")
	flag.Parse()
	os.Exit(run(*url, *token, *onNode, *config, *planFile, *patientFile, *fhirFile, *asJSON, *timeout))
}

// imported is what hms.FHIRImport answers.
type imported struct {
	Patient  json.RawMessage
	Unmapped []struct{ Path, Resource, Reason string }
	Sources  json.RawMessage
}

func run(url, token, onNode, config, planFile, patientFile, fhirFile string, asJSON bool, timeout time.Duration) int {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	plan, err := readOr(planFile, examplePlan)
	if err != nil {
		return fail(err)
	}
	patient, err := readOr(patientFile, examplePatient)
	if err != nil {
		return fail(err)
	}
	var fromFHIR *imported
	if fhirFile != "" {
		bundle, err := os.ReadFile(fhirFile)
		if err != nil {
			return fail(err)
		}
		raw, err := hms.FHIRImport(json.RawMessage(bundle), "")
		if err != nil {
			return fail(err)
		}
		fromFHIR = &imported{}
		if err := json.Unmarshal(raw, fromFHIR); err != nil {
			return fail(err)
		}
		patient = fromFHIR.Patient
	}
	var rt *hms.Runtime
	where := "embedded runtime"
	if url != "" && onNode != "" {
		rt, err = hms.ConnectNode(ctx, url, token, onNode)
		where = "hmsd at " + url + ", node " + onNode
	} else if url != "" {
		rt, err = hms.Connect(ctx, url, token)
		where = "hmsd at " + url
	} else {
		toml := ""
		if config != "" {
			b, rerr := os.ReadFile(config)
			if rerr != nil {
				return fail(rerr)
			}
			toml = string(b)
		}
		rt, err = hms.Start(ctx, toml)
	}
	if err != nil {
		return fail(err)
	}
	defer rt.Close(context.Background())

	health, err := rt.Health(ctx)
	if err != nil {
		return fail(err)
	}
	raw, err := rt.VerifyTreatmentPlan(ctx, plan, patient)
	if err != nil {
		return fail(err)
	}
	var h struct{ Root node }
	var r report
	if err := json.Unmarshal(health, &h); err != nil {
		return fail(err)
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return fail(err)
	}
	down := notRunning(h.Root, nil)
	if asJSON {
		doc := map[string]json.RawMessage{"health": health, "verification": raw}
		if fromFHIR != nil {
			var pid struct {
				PatientID string `json:"patient_id"`
			}
			_ = json.Unmarshal(fromFHIR.Patient, &pid)
			back, err := hms.FHIRExport(plan, raw, fromFHIR.Sources, pid.PatientID)
			if err != nil {
				return fail(err)
			}
			doc["fhir"] = back
		}
		out, _ := json.MarshalIndent(doc, "", "  ")
		fmt.Println(string(out))
	} else {
		if fromFHIR != nil {
			fmt.Printf("FHIR bundle %s: %d elements not read (e.g. %s)\n", fhirFile, len(fromFHIR.Unmapped), firstReason(fromFHIR))
		}
		fmt.Printf("EMR health query (%s)\n", where)
		fmt.Printf("tree: %d actors, %d restarts, %d not running%s\n",
			count(h.Root), restarts(h.Root), len(down), list(down))
		fmt.Printf("plan verification: %s\n", r.Status)
		for _, v := range r.Verdicts {
			ids := make([]string, len(v.Sources))
			for i, s := range v.Sources {
				ids[i] = s.ID
			}
			fmt.Printf("  %-30s %-9s [%s]\n", v.Property, v.Status, strings.Join(ids, ", "))
			if v.Status == "violated" {
				fmt.Printf("    evidence: %s\n", v.Evidence)
			}
		}
		fmt.Println(r.Disclaimer)
	}
	if len(down) > 0 || r.Status == "violated" {
		return 1
	}
	return 0
}

func readOr(file, fallback string) (json.RawMessage, error) {
	if file == "" {
		return json.RawMessage(fallback), nil
	}
	b, err := os.ReadFile(file)
	return json.RawMessage(b), err
}

func count(n node) int {
	c := 0
	if n.Kind == "worker" {
		c = 1
	}
	for _, ch := range n.Children {
		c += count(ch)
	}
	return c
}

func restarts(n node) int {
	r := n.Restarts.Total
	for _, ch := range n.Children {
		r += restarts(ch)
	}
	return r
}

func notRunning(n node, acc []string) []string {
	if n.Status != "running" {
		acc = append(acc, n.Name+" "+n.Status)
	}
	for _, ch := range n.Children {
		acc = notRunning(ch, acc)
	}
	return acc
}

func list(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return ": " + strings.Join(items, ", ")
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "emr:", err)
	return 2
}

func firstReason(i *imported) string {
	if len(i.Unmapped) == 0 {
		return "none"
	}
	u := i.Unmapped[0]
	return u.Resource + ": " + u.Reason
}
