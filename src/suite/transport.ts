/**
 * The one thing the suite needs from the network: send a request, get the status, headers and body back, or an error
 * for a transport fault. Playwright's request context is one transport; the runner's fetch is another; the self-tests
 * add one that calls a simulator in the same process.
 */
export interface WireRequest {
  /** Scheme, host and port. */
  baseUrl: string;
  /** Starts with a slash. */
  path: string;
  query: URLSearchParams;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
  timeoutMs: number;
}

export interface WireResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface Transport {
  /** Rejects on a transport fault: no connection, a reset, a timeout, a body cut short. */
  send(request: WireRequest): Promise<WireResponse>;
}

/** Node's fetch: used by the runner around the cases, and by anything that is not a Playwright test. */
export const fetchTransport: Transport = {
  async send(r) {
    const url = `${r.baseUrl}${r.path}?${r.query.toString()}`;
    const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
    const res = await fetch(url, {
      method: r.method,
      headers: r.headers,
      ...(hasBody ? { body: r.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(r.timeoutMs),
    });
    const body = Buffer.from(await res.arrayBuffer());
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { status: res.status, headers, body };
  },
};
