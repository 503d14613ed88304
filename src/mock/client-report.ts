/**
 * The mock as a checker of its clients (like TypeSpec's Spector for SDKs): every request is compared with the
 * documented contract, the schemas of the query and of each command's body, and each departure is named with the
 * clause that states the rule, what was sent and what the docs say. Where the sources disagree (ledger readings), the
 * report says which documented reading the client followed; it also says what the client covered.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { writeFileSync } from 'node:fs';
import { redact, REDACTED_SIG } from '../core/redaction.js';
import { catalogued, clauses, commandAt, commands, ledger } from '../core/spec.js';
import { errorsAt, requestSchemaFile, schemaText } from '../core/validators.js';
import { packageInfo } from '../core/package.js';
import type { ClientDeparture, ClientReading, ClientReport, CommandCoverage, CommandSpec, DepartureKind } from '../../types/schemas.js';
import { decodeJsonBody } from './policies.js';
import type { Reply } from './reply.js';
import type { SimRequest } from './simulator.js';

const QUERY_SCHEMA = 'common/query.schema.json';
const SENT_CHARS = 200;

type Schema = { properties?: Record<string, { description?: string }>; required?: string[]; description?: string };

/** The clause that states the rule a departure breaks, for the command or every REST call; else the schema rule. */
function clauseFor(command: string, kind: DepartureKind, field: string | undefined, fallback: string): string {
  const found = clauses.find(
    (c) =>
      (c.id.startsWith('rest.') || c.id.startsWith(`${command}.`)) &&
      (c.client ?? []).some((r) => r.kind === kind && (r.field === undefined || r.field === field)),
  );
  return found?.id ?? fallback;
}

/** The documented field a name most resembles: the same letters in other case or without underscores, or a few edits away. */
export function closestField(name: string, documented: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/_/g, '');
  const same = documented.find((d) => fold(d) === fold(name));
  if (same) return same;
  let best: { field: string; distance: number } | undefined;
  for (const d of documented) {
    const distance = editDistance(fold(name), fold(d));
    if (distance <= Math.max(2, Math.floor(d.length / 4)) && (!best || distance < best.distance)) best = { field: d, distance };
  }
  return best?.field;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

export class ClientChecker {
  private readonly departures = new Map<string, ClientDeparture>();
  private readonly readings = new Map<string, ClientReading>();
  private readonly coverage = new Map<string, { calls: number; exercised: Set<string> }>();
  private requests = 0;
  private readonly startedAt: string;

  constructor(
    /** The key, redacted wherever the report quotes a request. */
    private readonly secrets: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = new Date(now()).toISOString();
  }

  /** Checks one request; `reply` is what the mock answered, for the credential checks. */
  observe(req: SimRequest, reply: Reply): void {
    this.requests++;
    const url = new URL(req.url, 'http://mock.invalid');
    const spec = commandAt(url.pathname);
    // A client that joins its query with & instead of ? puts its usersig in the path.
    const path = redact(url.pathname, [...this.secrets]);
    const name = spec?.command ?? path;
    if (!spec) {
      this.depart(name, 'unknown-path', undefined, path, `an IM command: POST /v4/<service>/<command>; the mock knows ${commands.map((c) => c.path).join(', ')}`, 'docs/facts/envelope.md#request');
    }
    if (req.method.toUpperCase() !== 'POST') this.depart(name, 'method', undefined, req.method, 'The request method is POST.', 'docs/facts/envelope.md#request');
    const departed = this.checkQuery(name, url.searchParams);
    const entry = catalogued(reply.ErrorCode);
    // A refusal of the credentials is the client's to hear about, unless it already departed on one of them.
    if (entry?.refusesCredentials && !['sdkappid', 'identifier', 'usersig'].some((p) => departed.has(p))) {
      this.depart(name, 'credentials', 'usersig', `ErrorCode ${reply.ErrorCode}`, `the mock refused the credentials: ${entry.meaning}`, `rest.auth (ErrorCode ${reply.ErrorCode})`);
    }
    if (spec) {
      const cov = this.coverage.get(spec.command) ?? { calls: 0, exercised: new Set<string>() };
      cov.calls++;
      this.coverage.set(spec.command, cov);
      if (req.method.toUpperCase() === 'POST') this.checkBody(spec, req.body, cov.exercised);
    }
  }

  /** The query's departures; returns the parameters that departed. */
  private checkQuery(command: string, params: URLSearchParams): Set<string> {
    const query: Record<string, string> = {};
    for (const [k, v] of params) if (!(k in query)) query[k] = v;
    const schema = schemaText(QUERY_SCHEMA) as Schema;
    const departed = new Set<string>();
    for (const e of errorsAt(QUERY_SCHEMA, '', query)) {
      const missing = e.keyword === 'required';
      const field = missing ? String(e.params.missingProperty) : e.instancePath.slice(1).split('/')[0]!;
      if (!missing && e.instancePath.split('/').length > 2) continue;
      const kind: DepartureKind = missing ? 'query-missing' : 'query-invalid';
      const sent = missing ? '(absent)' : field === 'usersig' ? REDACTED_SIG : query[field] ?? '';
      this.depart(command, kind, field, sent, `${field}: ${schema.properties?.[field]?.description ?? e.message ?? ''}`, `schemas/${QUERY_SCHEMA}#/properties/${field}`);
      departed.add(field);
    }
    return departed;
  }

  private checkBody(spec: CommandSpec, bytes: Uint8Array, exercised: Set<string>): void {
    const file = requestSchemaFile(spec.command);
    const body = decodeJsonBody(bytes);
    if (body === undefined) {
      this.depart(spec.command, 'body-not-json', undefined, Buffer.from(bytes).toString('utf8'), 'The request packet is a UTF-8 JSON object.', `schemas/${file}`);
      return;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      this.depart(spec.command, 'body-not-object', undefined, JSON.stringify(body), 'The request packet is a JSON object.', `schemas/${file}`);
      return;
    }
    const schema = schemaText(file) as Schema;
    const documented = Object.keys(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    const fields = body as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (documented.includes(key)) {
        if (!required.has(key)) exercised.add(key);
        continue;
      }
      const suggestion = closestField(key, documented);
      this.depart(spec.command, 'unknown-field', `/${key}`, JSON.stringify({ [key]: fields[key] }), `The documented fields are ${documented.join(', ')}.`, `schemas/${file}#/properties`, suggestion);
    }
    this.schemaDepartures(spec.command, file, schema, fields, errorsAt(file, '', fields));
    this.noteReadings(spec.command, fields);
  }

  /** One departure per field, however many keywords of its schema (and of the branches of an anyOf) it breaks. */
  private schemaDepartures(command: string, file: string, schema: Schema, body: Record<string, unknown>, errors: ErrorObject[]): void {
    const byField = new Map<string, ErrorObject[]>();
    // A body that names none of the alternatives of an anyOf of required fields (account_import's UserID or
    // Identifier) shows as one missing field per alternative: they are named together, as one departure.
    const alternatives = errors.filter((e) => e.keyword === 'required' && e.schemaPath.startsWith('#/anyOf/'));
    if (alternatives.length) byField.set(alternatives.map((e) => `/${String(e.params.missingProperty)}`).join(' or '), alternatives);
    for (const e of errors) {
      if (alternatives.includes(e) || (e.instancePath === '' && e.keyword === 'anyOf')) continue;
      const field = e.keyword === 'required' ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath;
      byField.set(field, [...(byField.get(field) ?? []), e]);
    }
    for (const [field, list] of byField) {
      const missing = list.every((e) => e.keyword === 'required');
      const typeOnly = list.every((e) => e.keyword === 'type' || e.keyword === 'anyOf');
      const kind: DepartureKind = missing ? 'missing-field' : typeOnly ? 'wrong-type' : 'invalid-value';
      const top = field.split('/')[1] ?? '';
      const value = missing ? '(absent)' : JSON.stringify(valueAt(body, field));
      const said = schema.properties?.[top]?.description;
      const docs = missing
        ? `${field.replace(/\//g, '').replace(/ or /g, ' or ')} is required.`
        : `${top}: ${said ?? [...new Set(list.filter((e) => e.keyword !== 'anyOf').map((e) => e.message ?? e.keyword))].join(' or ')}`;
      this.depart(command, kind, field, value, docs, `schemas/${file}#/properties/${top}`);
    }
  }

  private noteReadings(command: string, body: Record<string, unknown>): void {
    for (const entry of ledger) {
      for (const r of entry.readings ?? []) {
        if (r.command !== command || !(r.field in body)) continue;
        const [file, pointer] = r.schema.split('#') as [string, string];
        const target = pointer.includes('/properties/') ? body[r.field] : body;
        if (errorsAt(file, pointer, target).length) continue;
        const key = `${entry.id}|${r.id}`;
        const seen = this.readings.get(key);
        if (seen) seen.count++;
        else this.readings.set(key, { ledger: entry.id, command, field: r.field, reading: r.id, summary: r.summary, count: 1 });
      }
    }
  }

  private depart(command: string, kind: DepartureKind, field: string | undefined, sent: string, docs: string, rule: string, suggestion?: string): void {
    const clause = clauseFor(command, kind, field, rule);
    const key = `${command}|${kind}|${field ?? ''}|${clause}`;
    const seen = this.departures.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    const shown = redact(sent, [...this.secrets]);
    this.departures.set(key, {
      command,
      clause,
      kind,
      ...(field === undefined ? {} : { field }),
      sent: shown.length > SENT_CHARS ? `${shown.slice(0, SENT_CHARS - 1)}…` : shown,
      docs,
      ...(suggestion === undefined ? {} : { suggestion }),
      count: 1,
    });
  }

  report(): ClientReport {
    const pkg = packageInfo();
    const departures = [...this.departures.values()];
    const coverage: CommandCoverage[] = commands.map((c) => {
      const schema = schemaText(requestSchemaFile(c.command)) as Schema;
      const optional = Object.keys(schema.properties ?? {}).filter((k) => !(schema.required ?? []).includes(k));
      const seen = this.coverage.get(c.command);
      return { command: c.command, calls: seen?.calls ?? 0, optionalFields: optional, optionalFieldsExercised: optional.filter((f) => seen?.exercised.has(f)) };
    });
    return {
      format: 1,
      suite: { name: pkg.name, version: pkg.version },
      startedAt: this.startedAt,
      finishedAt: new Date(this.now()).toISOString(),
      verdict: departures.length ? 'departs' : 'follows-contract',
      requests: this.requests,
      departures,
      readings: [...this.readings.values()],
      coverage,
    };
  }
}

function valueAt(body: Record<string, unknown>, pointer: string): unknown {
  let v: unknown = body;
  for (const part of pointer.split('/').slice(1)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return v;
}

/** The report as a person reads it: departures first, then readings, then coverage. */
export function renderClientReport(r: ClientReport): string {
  const out: string[] = [`# Client report: ${r.verdict === 'departs' ? 'the client departs from the documented contract' : 'the client follows the documented contract'}`, ''];
  out.push(`${r.requests} requests received between ${r.startedAt} and ${r.finishedAt}.`, '');
  out.push('## Departures', '');
  if (r.departures.length === 0) out.push('None.', '');
  for (const d of r.departures) {
    out.push(`- **${d.command}**, ${d.kind}${d.field ? ` \`${d.field}\`` : ''} (${d.count}×): sent \`${d.sent.replace(/`/g, "'")}\`. ${d.docs}${d.suggestion ? ` Did you mean \`${d.suggestion}\`?` : ''} _Rule: ${d.clause}_`);
  }
  out.push('', '## Documented readings the client chose', '');
  if (r.readings.length === 0) out.push('None of the points where the sources disagree came up.', '');
  for (const x of r.readings) out.push(`- ${x.command} \`${x.field}\`: ${x.summary} (${x.count}×; ledger ${x.ledger})`);
  out.push('', '## Coverage', '', '| command | calls | optional fields exercised |', '|---|---:|---|');
  for (const c of r.coverage) out.push(`| ${c.command} | ${c.calls} | ${c.optionalFields.length ? `${c.optionalFieldsExercised.length} of ${c.optionalFields.length}${c.optionalFieldsExercised.length ? `: ${c.optionalFieldsExercised.join(', ')}` : ''}` : 'none documented'} |`);
  return `${out.join('\n')}\n`;
}

/** Writes FILE (JSON) and, beside it, the same as Markdown (FILE with .md instead of .json). */
export function writeClientReport(file: string, report: ClientReport): string {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const readable = file.endsWith('.json') ? `${file.slice(0, -5)}.md` : `${file}.md`;
  writeFileSync(readable, renderClientReport(report));
  return readable;
}
