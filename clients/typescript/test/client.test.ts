// The client against a real hmsd (target/debug/hmsd, or $HMSD), and the
// packaged wasm prover against the daemon on the project's case corpus.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Bundle } from "fhir/r4";

import { HmsClient, HmsError, verifyOffline, wasm, type Plan, type Report, type VerifyOptions } from "../src/index.js";

const root = new URL("../../../../", import.meta.url).pathname;
const TOKEN = "ts-client-test-token";
const bundle = JSON.parse(readFileSync(`${root}tests/fhir/crohns-bundle.json`, "utf8")) as Bundle;
const plan: Plan = {
  treatment_plan: [
    { medication: "Upadacitinib", dosage: 45, unit: "mg", frequency: "daily", route: "oral", phase: "induction", duration: 84, start_week: 0 },
    { medication: "Upadacitinib", dosage: 15, unit: "mg", frequency: "daily", route: "oral", phase: "maintenance", start_week: 12 },
  ],
};
const asOf: VerifyOptions = { as_of: "2026-11-26" };

let daemon: ChildProcess;
let base = "";

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "hms-ts-"));
  const config = join(dir, "hmsd.toml");
  writeFileSync(config, `[genetic_engine.defaults]\ngenerations = 5\n[daemon.auth]\ntoken = "${TOKEN}"\ntoken_env = "HMS_TS_TEST_NO_SUCH_VAR"\n`);
  daemon = spawn(process.env["HMSD"] ?? `${root}target/debug/hmsd`, ["--listen", "127.0.0.1:0", "--config", config, "--data-dir", dir], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, RUST_LOG: "error" },
  });
  const lines = createInterface({ input: daemon.stdout! });
  for await (const line of lines) {
    base = line.split("listening on ")[1]?.split(" ")[0] ?? "";
    break;
  }
  assert.ok(base.startsWith("http://"), "hmsd printed its address");
});

after(() => {
  daemon.kill("SIGTERM");
});

test("a FHIR Bundle in, the verified plan out as FHIR", async () => {
  const hms = new HmsClient(base);
  const got = await hms.verify(bundle, plan, asOf);
  assert.equal(got.engine, "daemon");
  assert.equal(got.report.status, "violated");
  assert.equal(got.fhir.resourceType, "Bundle");
  assert.equal(got.fhir.entry?.[0]?.resource?.resourceType, "RequestGroup");
  assert.ok(got.unmapped.some((u) => u.resource === "Encounter/enc"));
  assert.equal(got.record["patient_id"], "crohns-1");
});

test("no daemon: the packaged wasm prover verifies, with the daemon's verdicts", async () => {
  const online = await new HmsClient(base).verify(bundle, plan, asOf);
  const away = new HmsClient("http://127.0.0.1:9", { timeoutMs: 2000 });
  const got = await away.verify(bundle, plan, asOf);
  assert.equal(got.engine, "wasm");
  const statuses = (r: Report) => r.verdicts.map((v) => `${v.property}|${v.subject ?? ""}|${v.status}`).sort();
  assert.deepEqual(statuses(got.report), statuses(online.report));
  assert.equal(got.fhir.entry?.[0]?.resource?.resourceType, "RequestGroup");
  await assert.rejects(away.verify(bundle), /needs a plan/);
  await assert.rejects(new HmsClient(base).verify({} as Bundle, plan), (e: HmsError) => {
    assert.equal(e.status, 422);
    assert.equal(e.path, "bundle");
    return true;
  });
});

interface Case {
  id: string;
  plan: { regimens?: string[]; items?: unknown[] };
  patient?: Record<string, unknown>;
  options?: Record<string, unknown>;
}

test("offline verification gives the daemon's verdicts on the whole case corpus", async () => {
  const corpus = JSON.parse(readFileSync(`${root}actors/tests/cases/prover.json`, "utf8")) as {
    as_of: string;
    base_patient: Record<string, unknown>;
    regimens: Record<string, unknown[]>;
    cases: Case[];
  };
  const hms = new HmsClient(base);
  const differ: string[] = [];
  for (const c of corpus.cases) {
    const items = [...(c.plan.regimens ?? []).flatMap((r) => corpus.regimens[r] ?? []), ...(c.plan.items ?? [])];
    const patient: Record<string, unknown> = { ...corpus.base_patient };
    for (const [k, v] of Object.entries(c.patient ?? {})) {
      if (v === null) delete patient[k];
      else patient[k] = v;
    }
    const options = { as_of: corpus.as_of, ...(c.options ?? {}) };
    const msg = { type: "verify_treatment_plan", plan: { treatment_plan: items }, patient, ...options };
    const daemon = await hms.post<Report>("/v1/actors/prover/call", msg);
    const local = JSON.parse(wasm().verify_treatment_plan(JSON.stringify(msg.plan), JSON.stringify(patient), JSON.stringify(options))) as Report;
    const key = (r: Report) => [r.status, ...r.verdicts.map((v) => `${v.property}|${v.subject ?? ""}|${v.status}`).sort()].join("\n");
    if (key(daemon) !== key(local)) differ.push(c.id);
  }
  assert.ok(corpus.cases.length >= 150);
  assert.deepEqual(differ, []);
});

test("events: a restart of the prover is seen on the stream", async () => {
  const hms = new HmsClient(base, { token: TOKEN });
  const stop = new AbortController();
  const seen = (async () => {
    for await (const e of hms.events(stop.signal)) {
      const text = JSON.stringify(e.data);
      if (e.event === "supervision" && text.includes('"prover"') && text.toLowerCase().includes("restart")) return e.data;
    }
    return undefined;
  })();
  await new Promise((r) => setTimeout(r, 300));
  await hms.post("/v1/faults", { actor: "prover", fault: { fault: "panic_next" } });
  await hms.post("/v1/actors/prover/call", { type: "verify_treatment_plan", plan, patient: { patient_id: "x" } }).catch(() => undefined);
  const event = await Promise.race([seen, new Promise((_, no) => setTimeout(() => no(new Error("no restart event within 10 s")), 10_000))]);
  stop.abort();
  assert.ok(event);
});

test("verifyOffline names bad input", () => {
  assert.throws(() => verifyOffline(bundle, { treatment_plan: [{ medication: "x" } as never] }), /plan/);
});
