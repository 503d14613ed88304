/** The name under which each conformance test attaches its case result, for the reporters to read it back. */
export const RECORD_ATTACHMENT = 'conformance-record';
