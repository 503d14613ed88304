/**
 * A request as the mock reads it, once per call: its target split into path and query, the command the path names, and
 * its body as the documented JSON, decoded when first asked for. The simulator reads every request this way and hands
 * the same reading to its observers (the client report), so that nothing on the path every call takes is parsed twice.
 */
import type { CommandSpec } from '../types/schemas.js';
import { commandAt } from '../src/core/spec.js';
import { decodeJsonBody } from './policies.js';

export interface SimRequest {
  method: string;
  /** Path and query, e.g. /v4/openim/admin_set_msg_read?sdkappid=... */
  url: string;
  body: Uint8Array;
}

export const BASE = 'http://mock.invalid';
/** A path that needs no normalising (no dot segment, no escape, no empty segment): URL would give the same. */
const PLAIN_PATH = /^(\/[A-Za-z0-9_-]+)+$/;
/**
 * Query parameter names as first seen, so that the records of a client's requests are built with the same strings:
 * V8 then gives them one shape, cheap to build and to read. Bounded: past this many names, new ones are used as they
 * come.
 */
const NAMES = new Map<string, string>();
const KEPT_NAMES = 256;

function named(name: string): string {
  const kept = NAMES.get(name);
  if (kept !== undefined) return kept;
  if (NAMES.size < KEPT_NAMES) NAMES.set(name, name);
  return name;
}

/**
 * The last plain path read, with its command, and the names of its query in order: a client's next call usually has
 * the same, and comparing strings costs less than hashing them.
 */
let lastPath: { pathname: string; command: CommandSpec | undefined } | undefined;
const lastNames: string[] = [];

/** Marks a body not decoded yet: undefined already means "no JSON". */
const UNREAD: unique symbol = Symbol('unread');

export class ReadRequest {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
  /** The first value of each query parameter, the object the query schema describes. */
  readonly query: Record<string, string> = {};
  /** The command the path names, if any. */
  readonly command: CommandSpec | undefined;
  private decoded: unknown = UNREAD;

  constructor(readonly request: SimRequest) {
    const target = request.url;
    const q = target.indexOf('?');
    const pathname = q < 0 ? target : target.slice(0, q);
    const query = q < 0 ? '' : target.slice(q + 1);
    const samePath = pathname === lastPath?.pathname;
    if ((!samePath && !PLAIN_PATH.test(pathname)) || target.includes('#')) {
      const url = new URL(target, BASE);
      this.pathname = url.pathname;
      this.searchParams = url.searchParams;
      this.searchParams.forEach(this.first, this);
      this.command = commandAt(this.pathname);
      return;
    }
    this.pathname = pathname;
    if (!samePath) lastPath = { pathname, command: commandAt(pathname) };
    this.command = lastPath!.command;
    // Nothing to decode: no percent escape, no + for a space.
    if (!query.includes('%') && !query.includes('+')) this.searchParams = this.plainParams(query);
    else {
      this.searchParams = new URLSearchParams(query);
      this.searchParams.forEach(this.first, this);
    }
  }

  /**
   * The body as the docs define it, UTF-8 JSON: its value, or undefined when it is none. Every reader gets the same
   * value: read it, never change it.
   */
  json(): unknown {
    if (this.decoded === UNREAD) this.decoded = decodeJsonBody(this.request.body);
    return this.decoded;
  }

  private first(value: string, name: string): void {
    if (!(name in this.query)) this.query[named(name)] = value;
  }

  /** Parameters of a query with nothing to decode: the same as URLSearchParams would read, without its decoding pass. */
  private plainParams(query: string): URLSearchParams {
    const params = new URLSearchParams();
    let n = 0;
    for (let from = 0; from <= query.length; ) {
      let to = query.indexOf('&', from);
      if (to < 0) to = query.length;
      if (to > from) {
        const eq = query.indexOf('=', from);
        const sent = eq < 0 || eq > to ? query.slice(from, to) : query.slice(from, eq);
        const last = lastNames[n];
        const name = sent === last ? last : named(sent);
        const value = eq < 0 || eq > to ? '' : query.slice(eq + 1, to);
        params.append(name, value);
        if (!(name in this.query)) this.query[name] = value;
        lastNames[n++] = name;
      }
      from = to + 1;
    }
    if (lastNames.length > n) lastNames.length = n;
    return params;
  }
}
