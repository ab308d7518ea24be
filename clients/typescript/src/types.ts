// The shapes hmsd and the wasm prover answer with (docs/data-formats.md).

import type { Bundle } from "fhir/r4";

export interface PlanItem {
  medication: string;
  dosage: number;
  unit: "mg" | "mg/kg";
  frequency: string;
  route?: "oral" | "iv" | "sc" | "im";
  phase?: "induction" | "maintenance";
  /** Days. */
  duration?: number;
  start_week?: number;
}

export interface Plan {
  treatment_plan: PlanItem[];
}

/** An element of the FHIR input that the patient record does not hold. */
export interface Unmapped {
  path: string;
  resource: string;
  reason: string;
}

export interface Source {
  citation: string;
  section?: string;
  verified: boolean;
}

export type Status = "proved" | "violated" | "unknown" | "not_applicable" | "timeout" | "error";

export interface Verdict {
  property: string;
  subject?: string;
  status: Status;
  rule: string;
  sources: Source[];
  evidence: Record<string, unknown>;
}

export interface Report {
  status: Status;
  verdicts: Verdict[];
  advisories: string[];
  as_of: string;
}

/** The prover's options: the date labs are aged from, whose labels apply. */
export interface VerifyOptions {
  as_of?: string;
  jurisdiction?: "us" | "eu" | "both";
  lab_max_age_days?: number;
}

export interface Verified {
  /** The plan as FHIR R4: RequestGroup, MedicationRequests, DetectedIssues. */
  fhir: Bundle;
  /** The patient record read from the Bundle. */
  record: Record<string, unknown>;
  unmapped: Unmapped[];
  report: Report;
  plan: Plan;
  /** Who verified: hmsd, or the wasm prover in this process. */
  engine: "daemon" | "wasm";
}

/** An event of `GET /v1/events`: `supervision` or `healing`. */
export interface HmsEvent {
  event: string;
  data: unknown;
}
