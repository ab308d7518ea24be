/** What hmsd answered instead (a problem document), or why it could not be asked. */
export class HmsError extends Error {
  constructor(
    message: string,
    /** HTTP status; absent when no daemon answered. */
    readonly status?: number,
    /** The error taxonomy's kind (`validation`, `actor_down`, ...). */
    readonly kind?: string,
    /** The JSON path of bad input, when the daemon names one. */
    readonly path?: string,
  ) {
    super(message);
    this.name = "HmsError";
  }
}

/** No daemon answered at all (refused, unreachable, timed out). */
export class UnreachableError extends HmsError {
  constructor(message: string) {
    super(message);
    this.name = "UnreachableError";
  }
}
