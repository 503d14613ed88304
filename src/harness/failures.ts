/** How a check ends a case other than by passing. */

/** A documented expectation did not hold; names the clause it belongs to. */
export class ConformanceFailure extends Error {
  constructor(
    readonly clause: string,
    detail: string,
  ) {
    super(`[${clause}] ${detail}`);
  }
}

/** The outcome says nothing about conformance: a transport fault or a gateway error that persisted. */
export class Indeterminate extends Error {}

/** The target does not offer what the case needs (for example a fake without the companion APIs). */
export class NotOffered extends Error {}
