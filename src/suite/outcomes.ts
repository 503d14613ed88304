/** How a case ends other than by passing. Each names why, so that a report can say it in one line. */

/** A documented expectation did not hold: names the one clause it breaks. */
export class Departure extends Error {
  constructor(
    readonly clause: string,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * The outcome says nothing about conformance: an answer that was not the API's own (a transport fault, a gateway
 * error, a timeout), or a precondition that did not hold (a companion API that misbehaved).
 */
export class Indeterminate extends Error {}

/** The case does not apply to this target: a companion it needs is not offered, or the run did not enable it. */
export class NotApplicable extends Error {}
