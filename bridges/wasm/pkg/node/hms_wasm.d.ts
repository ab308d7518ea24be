/* tslint:disable */
/* eslint-disable */

/**
 * A plan and (optionally) its report, the import's sources and the healer's
 * provenance as a FHIR R4 collection Bundle, JSON text.
 */
export function fhir_export(plan_json: string, timestamp: string, report_json?: string | null, patient_id?: string | null, sources_json?: string | null, provenance_json?: string | null): string;

/**
 * A FHIR R4 Bundle (or one resource) as the patient record, JSON text:
 * `{"patient", "unmapped", "sources"}` (see `hms_actors::fhir::import`);
 * `today` (YYYY-MM-DD) dates the age, else the browser's clock.
 */
export function fhir_import(bundle_json: string, today_iso?: string | null): string;

/**
 * The simulated outcome of `plan` for `patient` over `n` patients from `seed`, as JSON text.
 */
export function simulate_treatment_outcome(patient_json: string, plan_json: string, n: number, seed: number, options_json?: string | null): string;

/**
 * The verification report of `plan` for `patient` (both JSON text), as JSON
 * text; `options_json` may give `as_of`, `lab_max_age_days` and `jurisdiction`.
 */
export function verify_treatment_plan(plan_json: string, patient_json: string, options_json?: string | null): string;

/**
 * The version of the prover build.
 */
export function version(): string;
