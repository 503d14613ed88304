/**
 * A request as the mock reads it, once per call: its target split into path and query, the command the path names, and
 * its body as the documented JSON, decoded when first asked for. The simulator reads every request this way and hands
 * the same reading to its observers (the client report), so that nothing on the path every call takes is parsed twice.
 */
import type { CommandSpec } from '../types/schemas.js';
import { commandAt } from '../src/core/spec.js';
import { jsonValue, utf8Text } from './policies.js';

export interface SimRequest {
  method: string;
  /** Path and query, e.g. /v4/openim/admin_set_msg_read?sdkappid=... */
  url: string;
  body: Uint8Array;
}

export const BASE = 'http://mock.invalid';

/** Whether a method is POST, in any case (Node keeps the case sent); comparing first spares the usual call a copy. */
export const isPost = (method: string): boolean => method === 'POST' || method.toUpperCase() === 'POST';
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
/** How many places of a query lastNames keeps. */
const KEPT_PLACES = 16;

/** Marks a body not decoded yet: undefined already means "no JSON". */
const UNREAD: unique symbol = Symbol('unread');

/**
 * A query as the policies read it: the reading half of URLSearchParams. URLSearchParams is one; a ReadRequest is
 * another, cheaper to make, whose get and has read the first values it keeps.
 */
export type QueryReader = Pick<URLSearchParams, 'get' | 'getAll' | 'has' | 'forEach' | 'keys' | 'values' | 'entries' | 'toString' | typeof Symbol.iterator>;

export class ReadRequest implements QueryReader {
  readonly pathname: string;
  /** The first value of each query parameter, the object the query schema describes. */
  readonly query: Record<string, string> = {};
  /** The command the path names, if any. */
  readonly command: CommandSpec | undefined;
  private params: URLSearchParams | undefined;
  private decoded: unknown = UNREAD;
  private text: string | undefined;

  constructor(readonly request: SimRequest) {
    const target = request.url;
    const q = target.indexOf('?');
    const end = q < 0 ? target.length : q;
    const sent = target.slice(0, end);
    // The path of the last call, when this one has it too: it is not tested again. (Cutting and comparing costs V8 less
    // than startsWith.)
    const samePath = sent === lastPath?.pathname;
    const pathname = samePath ? lastPath!.pathname : sent;
    // A lone surrogate, which only an in-process caller can send, is read as URL reads it (U+FFFD).
    if ((!samePath && !PLAIN_PATH.test(pathname)) || target.includes('#') || !target.isWellFormed()) {
      const url = new URL(target, BASE);
      this.pathname = url.pathname;
      this.params = url.searchParams;
      this.params.forEach(this.first, this);
      this.command = commandAt(this.pathname);
      return;
    }
    this.pathname = pathname;
    if (!samePath) lastPath = { pathname, command: commandAt(pathname) };
    this.command = lastPath!.command;
    // A plain path holds neither % nor +: when the target has none, the query has nothing to decode (no percent escape,
    // no + for a space), and its values are read off the text as they are.
    if (q >= 0 && !target.includes('%') && !target.includes('+')) this.plainQuery(target, q + 1);
    else if (q >= 0) this.searchParams.forEach(this.first, this);
  }

  /**
   * Every parameter of the query, repeats included, decoded as a URL's are. Made when first asked for: the
   * documented policies and the client report read `query` alone.
   */
  get searchParams(): URLSearchParams {
    if (this.params === undefined) {
      const target = this.request.url;
      const q = target.indexOf('?');
      this.params = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
    }
    return this.params;
  }

  get(name: string): string | null {
    // Only own values are text: what the object inherits (constructor, __proto__) never is.
    const value = this.query[name];
    return typeof value === 'string' ? value : null;
  }

  has(name: string, value?: string): boolean {
    return value === undefined ? this.get(name) !== null : this.searchParams.has(name, value);
  }

  // The rest of the reading half of URLSearchParams, for policies written against it: from the full reading.
  getAll(name: string): string[] {
    return this.searchParams.getAll(name);
  }

  forEach(visit: (value: string, name: string, params: URLSearchParams) => void, thisArg?: unknown): void {
    this.searchParams.forEach(visit, thisArg);
  }

  keys(): ReturnType<URLSearchParams['keys']> {
    return this.searchParams.keys();
  }

  values(): ReturnType<URLSearchParams['values']> {
    return this.searchParams.values();
  }

  entries(): ReturnType<URLSearchParams['entries']> {
    return this.searchParams.entries();
  }

  [Symbol.iterator](): ReturnType<URLSearchParams['entries']> {
    return this.searchParams[Symbol.iterator]();
  }

  toString(): string {
    return this.searchParams.toString();
  }

  /**
   * The body as the docs define it, UTF-8 JSON: its value, or undefined when it is none. Every reader gets the same
   * value: read it, never change it.
   */
  json(): unknown {
    if (this.decoded === UNREAD) {
      this.text = utf8Text(this.request.body);
      this.decoded = jsonValue(this.text);
    }
    return this.decoded;
  }

  /** The body's text once json() has read it and found UTF-8; undefined before, and for a body that is not. */
  get bodyText(): string | undefined {
    return this.text;
  }

  private first(value: string, name: string): void {
    this.keepFirst(named(name), value);
  }

  /** A parameter's value unless it has one: only own values are text, what the object inherits never is. */
  private keepFirst(name: string, value: string): void {
    if (typeof this.query[name] === 'string') return;
    // Assigning __proto__ would change the record's prototype instead of naming a parameter.
    if (name === '__proto__') Object.defineProperty(this.query, name, { value, enumerable: true, writable: true, configurable: true });
    else this.query[name] = value;
  }

  /**
   * The first value of each parameter of a query with nothing to decode, as URLSearchParams would read it, from `from`
   * in the target. A name in the place it had in the last query is that same string.
   */
  private plainQuery(target: string, from: number): void {
    let n = 0;
    while (from <= target.length) {
      let to = target.indexOf('&', from);
      if (to < 0) to = target.length;
      if (to > from) {
        const eq = target.indexOf('=', from);
        const nameEnd = eq < 0 || eq > to ? to : eq;
        const sent = target.slice(from, nameEnd);
        const last = lastNames[n];
        const name = sent === last ? last : named(sent);
        this.keepFirst(name, nameEnd === to ? '' : target.slice(eq + 1, to));
        if (n < KEPT_PLACES) lastNames[n] = name;
        n++;
      }
      from = to + 1;
    }
    if (lastNames.length > n) lastNames.length = n;
  }
}
