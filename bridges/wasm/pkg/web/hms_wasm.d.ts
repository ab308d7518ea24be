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

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly fhir_export: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number) => void;
    readonly fhir_import: (a: number, b: number, c: number, d: number, e: number) => void;
    readonly simulate_treatment_outcome: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number) => void;
    readonly verify_treatment_plan: (a: number, b: number, c: number, d: number, e: number, f: number, g: number) => void;
    readonly version: (a: number) => void;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __wbindgen_add_to_stack_pointer: (a: number) => number;
    readonly __wbindgen_export: (a: number, b: number) => number;
    readonly __wbindgen_export2: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_export3: (a: number, b: number, c: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
