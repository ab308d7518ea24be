// The prover's case corpus (actors/tests/cases/prover.json) through the wasm
// build: each case expanded as the corpus describes and verified in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = new URL("../../../", import.meta.url).pathname;
const wasm = require(process.env.HMS_WASM_NODE ?? `${root}target/wasm/pkg-node/hms_wasm.js`);
const corpus = JSON.parse(readFileSync(`${root}actors/tests/cases/prover.json`, "utf8"));
const rank = { violated: 5, unknown: 4, timeout: 3, error: 2, proved: 1, not_applicable: 0 };

function expand(c) {
  const items = [];
  for (const name of c.plan.regimens ?? []) items.push(...corpus.regimens[name]);
  items.push(...(c.plan.items ?? []));
  const patient = { ...corpus.base_patient };
  for (const [k, v] of Object.entries(c.patient ?? {})) {
    if (v === null) delete patient[k];
    else patient[k] = v;
  }
  return { plan: { treatment_plan: items }, patient, options: { as_of: corpus.as_of, ...(c.options ?? {}) } };
}

test("every case of the corpus, as expected", () => {
  assert.ok(corpus.cases.length >= 150, `${corpus.cases.length} cases`);
  const failures = [];
  for (const c of corpus.cases) {
    const { plan, patient, options } = expand(c);
    const report = JSON.parse(wasm.verify_treatment_plan(JSON.stringify(plan), JSON.stringify(patient), JSON.stringify(options)));
    const wrong = [];
    if (report.status !== c.expect.status) wrong.push(`status ${report.status} (expected ${c.expect.status})`);
    for (const [property, want] of Object.entries(c.expect.verdicts ?? {})) {
      const got = report.verdicts.filter((v) => v.property === property).map((v) => v.status);
      const worst = got.sort((a, b) => rank[b] - rank[a])[0];
      if (worst !== want) wrong.push(`${property}: ${worst} (expected ${want})`);
    }
    if (wrong.length) failures.push(`${c.id}: ${wrong.join("; ")}`);
  }
  assert.deepEqual(failures, []);
});

test("without as_of the wasm build dates the report today, from the JavaScript clock", () => {
  const c = corpus.cases[0];
  const { plan, patient } = expand(c);
  const report = JSON.parse(wasm.verify_treatment_plan(JSON.stringify(plan), JSON.stringify(patient)));
  assert.equal(report.as_of, new Date().toISOString().slice(0, 10));
});
