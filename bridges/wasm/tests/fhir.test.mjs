// FHIR through the wasm build: the Crohn's patient of tests/fhir read as the
// record (the values the native tests check), and a plan written back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = new URL("../../../", import.meta.url).pathname;
const wasm = require(process.env.HMS_WASM_NODE ?? `${root}target/wasm/pkg-node/hms_wasm.js`);
const bundle = readFileSync(`${root}tests/fhir/crohns-bundle.json`, "utf8");

test("a Bundle becomes the record, with what was left out", () => {
  const got = JSON.parse(wasm.fhir_import(bundle, "2026-11-26"));
  assert.equal(got.patient.patient_id, "crohns-1");
  assert.equal(got.patient.demographics.age, 36);
  assert.equal(got.patient.clinical_data.crohns_type, "ileocolonic");
  assert.deepEqual(got.patient.labs[0], { test: "lymphocytes", value: 0.45, unit: "10^3/uL", date: "2026-11-01" });
  assert.deepEqual(got.sources["labs[0]"], ["Observation/alc"]);
  assert.ok(got.unmapped.some((u) => u.resource === "Encounter/enc"));
});

test("a plan goes back as FHIR; bad input is named", () => {
  const got = JSON.parse(wasm.fhir_import(bundle, "2026-11-26"));
  const plan = { treatment_plan: [{ medication: "Upadacitinib", dosage: 45, unit: "mg", frequency: "daily", duration: 84 }] };
  const report = wasm.verify_treatment_plan(JSON.stringify(plan), JSON.stringify(got.patient), JSON.stringify({ as_of: "2026-11-26" }));
  const out = JSON.parse(wasm.fhir_export(JSON.stringify(plan), "2026-11-26T10:00:00Z", report, "crohns-1", JSON.stringify(got.sources), null));
  const kinds = out.entry.map((e) => e.resource.resourceType);
  assert.equal(kinds[0], "RequestGroup");
  assert.ok(kinds.includes("DetectedIssue"));
  assert.equal(JSON.parse(wasm.fhir_import("{}", null)).error.path, "bundle");
  assert.equal(JSON.parse(wasm.fhir_export("{}", "x", null, null, null, null)).error.path.startsWith("plan"), true);
});
