/**
 * A closed-loop load generator: a fixed number of loops over keep-alive connections, the same request bytes every
 * call. Measurement happens in slices so that several targets can be measured in alternation: background load on a
 * shared machine then weighs on all of them alike instead of on whichever ran at a bad moment.
 */
import { Agent, request } from 'node:http';

export interface LoadTarget {
  port: number;
  path: string;
  body: Buffer;
  /** True when a 200 body has the expected shape; anything else counts as bad. */
  accept: (body: string) => boolean;
}

export interface LoadResult {
  ok: number;
  bad: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of this (the load-generating) process over wall time, in percent of one core. */
  clientCpuPercent: number;
  /** A sample of what did not count, for the report. */
  sample?: string;
}

/** Keeps `concurrency` calls in flight against one target until stopped; counts only inside measure(). */
export class LoadSession {
  private readonly agent: Agent;
  private readonly headers: Record<string, string | number>;
  private readonly latencies: number[] = [];
  private ok = 0;
  private bad = 0;
  private errors = 0;
  private seconds = 0;
  private cpuMicros = 0;
  private sample: string | undefined;
  private counting = false;
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly target: LoadTarget,
    private readonly concurrency: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
    this.headers = { 'content-type': 'application/json', 'content-length': target.body.byteLength };
  }

  /** Runs uncounted calls for `ms`: connections opened, code warmed, then the loops pause. */
  async warmUp(ms: number): Promise<void> {
    this.run();
    await sleep(ms);
    await this.pause();
  }

  /**
   * Resumes the loops, lets them settle for `settleMs`, counts the calls completing in the next `ms`, then pauses
   * them again, so that an idle target never competes with the one being measured. Resolves with the calls that
   * counted in it.
   */
  async slice(ms: number, settleMs: number): Promise<number> {
    this.run();
    await sleep(settleMs);
    const ok0 = this.ok;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    this.counting = true;
    await sleep(ms);
    this.counting = false;
    this.seconds += (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    this.cpuMicros += cpu.user + cpu.system;
    const counted = this.ok - ok0;
    await this.pause();
    return counted;
  }

  /** Closes the connections. */
  close(): void {
    this.agent.destroy();
  }

  private run(): void {
    this.running = true;
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  private async pause(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  result(): LoadResult {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN);
    return {
      ok: this.ok,
      bad: this.bad,
      errors: this.errors,
      seconds: this.seconds,
      rps: this.seconds ? this.ok / this.seconds : 0,
      p50Ms: pct(50),
      p99Ms: pct(99),
      clientCpuPercent: this.seconds ? (this.cpuMicros / 1e6 / this.seconds) * 100 : 0,
      ...(this.sample === undefined ? {} : { sample: this.sample }),
    };
  }

  private async loop(): Promise<void> {
    while (this.running) await this.once();
  }

  private once(): Promise<void> {
    const t = this.target;
    return new Promise((resolve) => {
      const t0 = performance.now();
      const req = request({ host: '127.0.0.1', port: t.port, method: 'POST', path: t.path, headers: this.headers, agent: this.agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          // A call counts when it completes inside a measured slice: steady-state throughput, whatever its start.
          if (this.counting) {
            if (res.statusCode === 200 && t.accept(text)) {
              this.ok++;
              this.latencies.push(performance.now() - t0);
            } else {
              this.bad++;
              this.sample ??= `HTTP ${res.statusCode} ${text.slice(0, 200)}`;
            }
          }
          resolve();
        });
        res.on('error', () => resolve());
      });
      req.on('error', (e) => {
        if (this.counting) {
          this.errors++;
          this.sample ??= e.message;
        }
        // A refused or reset connection must not spin the loop.
        setTimeout(resolve, 10);
      });
      req.end(t.body);
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
