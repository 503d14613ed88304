/**
 * Child processes of the benchmark, each in its own process group so that a wrapper (npm, sh, tsx) and what it starts
 * go down together; every child started is killed on the way out, also on error or Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const started = new Set<ChildProcess>();

export interface Child {
  name: string;
  port: number;
  proc: ChildProcess;
}

/**
 * Starts `command` and resolves once a line of its output matches `ready` (whose first group is the port), or rejects
 * after timeoutMs. Output after that is drained and dropped, so a chatty child never blocks on a full pipe.
 */
export function startChild(name: string, command: string, args: string[], ready: RegExp, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    started.add(proc);
    let seen = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${name} did not report its port within ${timeoutMs} ms; output:\n${seen.slice(-2000)}`)), timeoutMs);
    const finish = (err?: Error, port?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ name, port: port!, proc });
    };
    const onData = (d: Buffer) => {
      if (done) return;
      seen += d.toString('utf8');
      const m = ready.exec(seen);
      if (m) finish(undefined, Number(m[1]));
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('error', (e) => finish(new Error(`${name} failed to start: ${e.message}`)));
    proc.on('exit', (code, signal) => {
      // Stays in `started`: what it started may still run in its group until stopChild or stopAll.
      finish(new Error(`${name} exited early (${signal ?? code}); output:\n${seen.slice(-2000)}`));
    });
  });
}

/** Runs a command to completion (or its deadline) and reports exit code and wall time. */
export function runToEnd(command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; ms: number; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const proc = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    started.add(proc);
    let output = '';
    let timedOut = false;
    const keep = (d: Buffer) => (output = (output + d.toString('utf8')).slice(-20_000));
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(proc, 'SIGKILL');
    }, timeoutMs);
    proc.on('error', (e) => keep(Buffer.from(e.message)));
    proc.on('close', (code) => {
      clearTimeout(timer);
      started.delete(proc);
      resolve({ code, ms: performance.now() - t0, output, timedOut });
    });
  });
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stops one child: SIGTERM to its group, SIGKILL if still there after graceMs. */
export async function stopChild(proc: ChildProcess, graceMs = 2000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    killGroup(proc, 'SIGKILL');
    return;
  }
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  killGroup(proc, 'SIGTERM');
  const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Grandchildren (the node under npm and tsx) may outlive their parent's exit by a moment.
  killGroup(proc, 'SIGKILL');
  started.delete(proc);
}

/** Stops every child still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((p) => stopChild(p)));
}

/** Last resort when the process exits without running stopAll (a throw in a handler, process.exit). */
process.on('exit', () => {
  for (const p of started) killGroup(p, 'SIGKILL');
});
