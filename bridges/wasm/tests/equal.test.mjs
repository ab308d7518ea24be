// The wasm prover and the native prover give identical JSON: verification on
// every case of the corpus (>= 50 plans and patients), and simulation with a
// seed. Run by tests/wasm:  node --test bridges/wasm/tests/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = new URL("../../../", import.meta.url).pathname;
const wasm = require(process.env.HMS_WASM_NODE ?? `${root}target/wasm/pkg-node/hms_wasm.js`);
const corpus = JSON.parse(readFileSync(process.env.HMS_CORPUS ?? `${root}target/wasm/corpus.json`, "utf8"));

test("the corpus holds at least 50 plans and patients, with every status", () => {
  assert.ok(corpus.length >= 50, `${corpus.length} cases`);
  const statuses = new Set(corpus.map((c) => c.verify.status));
  for (const s of ["proved", "violated", "unknown"]) assert.ok(statuses.has(s), `no ${s} case`);
});

test("verification: identical JSON", () => {
  for (const [i, c] of corpus.entries()) {
    const got = JSON.parse(wasm.verify_treatment_plan(JSON.stringify(c.plan), JSON.stringify(c.patient), JSON.stringify(c.options)));
    assert.deepEqual(got, c.verify, `case ${i}`);
  }
});

test("simulation with a seed: identical JSON", () => {
  for (const [i, c] of corpus.entries()) {
    const got = JSON.parse(wasm.simulate_treatment_outcome(JSON.stringify(c.patient), JSON.stringify(c.plan), c.n, c.seed, JSON.stringify(c.options)));
    assert.deepEqual(got, c.simulate, `case ${i}`);
  }
});

test("bad input names the path instead of throwing", () => {
  const plan = { treatment_plan: [{ medication: "ADA", dosage: "forty", unit: "mg", frequency: "q2w" }] };
  const got = JSON.parse(wasm.verify_treatment_plan(JSON.stringify(plan), "{}"));
  assert.equal(got.error.kind, "validation");
  assert.equal(got.error.path, "plan.treatment_plan[0].dosage");
  assert.equal(JSON.parse(wasm.verify_treatment_plan("{", "{}")).error.path, "plan");
});
