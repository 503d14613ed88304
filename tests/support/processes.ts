/** Starting this package's CLI as a user does, and waiting on its output, for the tests that need a real process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ROOT } from '../../src/core/paths.js';

/** The CLI from source: node with tsx's loader, as the package.json scripts run it. */
export const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

export interface Started {
  child: ChildProcess;
  /** The first line of standard output. */
  first: string;
  url: string;
  stdout: string[];
  stderr: string[];
}

/** Starts `im-conformance mock` and resolves once it printed its first line. */
export async function startMock(args: string[], env: NodeJS.ProcessEnv = {}, command: string[] = [process.execPath, ...CLI]): Promise<Started> {
  const child = spawn(command[0]!, [...command.slice(1), 'mock', '--port', '0', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (l) => stdout.push(l));
  const first: string = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`mock exited with ${code} before listening: ${stderr.join('\n')}`)));
  });
  return { child, first, url: first.replace('listening on ', ''), stdout, stderr };
}

/** Resolves with the exit code once the process ends, or rejects after `ms`. */
export function exited(child: ChildProcess, ms = 10_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${ms} ms`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
