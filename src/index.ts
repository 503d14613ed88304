/**
 * The package's main entry: the contract as data and as types, for tools that check requests and reports against
 * it. The mock is under im-rest-conformance/mock; the suite runs through the im-conformance command.
 */
// allClauses adds to the clauses a run judges the rules of a client's requests, which client reports cite.
export { allClauses, clauses, codeSets, command, commands, errorCodes, ledger } from './core/spec.js';
export { conforms, describeErrors, validator, violations, type SchemaFile } from './core/validators.js';
export { craftUserSig, decodeUserSig, verifyUserSig, type UserSigFields, type UserSigVerdict } from './core/usersig.js';
export { redact } from './core/redaction.js';
export type * from '../types/schemas.js';
