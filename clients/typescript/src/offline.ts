// Verification without a daemon: the wasm prover packaged with this client
// (the committed build of bridges/wasm), the same pure code hmsd runs.

import { createRequire } from "node:module";
import type { Bundle } from "fhir/r4";

import { HmsError } from "./errors.js";
import type { Plan, Report, Unmapped, Verified, VerifyOptions } from "./types.js";

interface WasmProver {
  version(): string;
  verify_treatment_plan(plan: string, patient: string, options?: string | null): string;
  fhir_import(bundle: string, today?: string | null): string;
  fhir_export(
    plan: string,
    timestamp: string,
    report?: string | null,
    patientId?: string | null,
    sources?: string | null,
    provenance?: string | null,
  ): string;
}

let prover: WasmProver | undefined;

/** The packaged wasm prover, loaded on first use. */
export function wasm(): WasmProver {
  if (!prover) {
    const require = createRequire(import.meta.url);
    prover = require("../../wasm/hms_wasm.js") as WasmProver;
  }
  return prover;
}

/** Parses a wasm answer, turning its `{"error": ...}` shape into an HmsError. */
function answer<T>(text: string): T {
  const value = JSON.parse(text) as { error?: { kind: string; path: string; message: string } };
  if (value.error) {
    throw new HmsError(`${value.error.path}: ${value.error.message}`, undefined, value.error.kind, value.error.path);
  }
  return value as T;
}

/** Reads the Bundle, verifies `plan` for its patient, and writes the plan back as FHIR, in this process. */
export function verifyOffline(bundle: Bundle, plan: Plan, options: VerifyOptions = {}): Verified {
  const p = wasm();
  const imported = answer<{ patient: Record<string, unknown>; unmapped: Unmapped[]; sources: Record<string, string[]> }>(
    p.fhir_import(JSON.stringify(bundle), options.as_of ?? null),
  );
  const reportText = p.verify_treatment_plan(JSON.stringify(plan), JSON.stringify(imported.patient), JSON.stringify(options));
  const report = answer<Report>(reportText);
  const patientId = typeof imported.patient["patient_id"] === "string" ? imported.patient["patient_id"] : null;
  const fhir = answer<Bundle>(
    p.fhir_export(JSON.stringify(plan), new Date().toISOString(), reportText, patientId, JSON.stringify(imported.sources), null),
  );
  return { fhir, record: imported.patient, unmapped: imported.unmapped, report, plan, engine: "wasm" };
}
