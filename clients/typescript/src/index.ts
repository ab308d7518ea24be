// HMS-EHR client: what an EHR written in TypeScript needs of hmsd.
//
//   const hms = new HmsClient("http://127.0.0.1:7878", { token });
//   const verified = await hms.verify(bundle, plan);  // FHIR in, the verified plan out as FHIR
//   for await (const e of hms.events()) console.log(e.event, e.data);

import type { Bundle } from "fhir/r4";

import { HmsError, UnreachableError } from "./errors.js";
import { readEvents } from "./events.js";
import { verifyOffline } from "./offline.js";
import type { HmsEvent, Plan, Verified, VerifyOptions } from "./types.js";

export { HmsError, UnreachableError } from "./errors.js";
export { verifyOffline, wasm } from "./offline.js";
export type * from "./types.js";

export interface ClientOptions {
  /** Bearer token (needed off loopback, and for faults, journal and agents). */
  token?: string;
  /** Deadline of a request, ms (default 60 s). */
  timeoutMs?: number;
  /** Verify with the packaged wasm prover when no daemon answers (default true; needs a plan). */
  offline?: boolean;
}

export class HmsClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;
  private readonly offline: boolean;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.offline = options.offline ?? true;
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = {};
    if (json) h["content-type"] = "application/json";
    if (this.token) h["authorization"] = `Bearer ${this.token}`;
    return h;
  }

  /** POSTs JSON; a problem document becomes an HmsError, no answer an UnreachableError. */
  async post<T>(path: string, body: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method: "POST",
        headers: this.headers(true),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      // A daemon that is only slow may still finish (and journal) the call: not "unreachable".
      if ((e as Error).name === "TimeoutError") {
        throw new HmsError(`no answer from ${this.baseUrl} within ${this.timeoutMs} ms`, undefined, "timeout");
      }
      throw new UnreachableError(`no answer from ${this.baseUrl}: ${(e as Error).message}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new HmsError(`the answer from ${this.baseUrl} broke off: ${(e as Error).message}`, res.status);
    }
    if (!res.ok) {
      let p: { detail?: string; kind?: string; path?: string } = {};
      try {
        p = JSON.parse(text) as typeof p;
      } catch {
        // not a problem document
      }
      throw new HmsError(p.detail ?? `${res.status} ${text.slice(0, 200)}`, res.status, p.kind, p.path);
    }
    return JSON.parse(text) as T;
  }

  /**
   * Sends the patient's FHIR Bundle and gets the verified plan back as FHIR.
   * With no `plan`, hmsd's genetic engine proposes one. When no daemon answers
   * and a plan is given, the packaged wasm prover verifies it here instead
   * (`engine: "wasm"`).
   */
  async verify(bundle: Bundle, plan?: Plan, options: VerifyOptions = {}): Promise<Verified> {
    try {
      const got = await this.post<Omit<Verified, "engine">>("/v1/fhir/plan", { bundle, plan: plan ?? null, options });
      return { ...got, engine: "daemon" };
    } catch (e) {
      if (!(e instanceof UnreachableError) || !this.offline) throw e;
      if (!plan) {
        throw new HmsError(`${e.message}; offline verification needs a plan (the optimizer runs in the daemon)`);
      }
      return verifyOffline(bundle, plan, options);
    }
  }

  /** The supervision and healing events, until `signal` aborts. */
  async *events(signal?: AbortSignal): AsyncGenerator<HmsEvent> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/v1/events`, { headers: this.headers(false), ...(signal ? { signal } : {}) });
    } catch (e) {
      throw new UnreachableError(`no answer from ${this.baseUrl}: ${(e as Error).message}`);
    }
    if (!res.ok || !res.body) throw new HmsError(`events: ${res.status}`, res.status);
    yield* readEvents(res.body as unknown as AsyncIterable<Uint8Array>);
  }
}
