/**
 * Everything `im-conformance run` reads from its environment and arguments, checked before anything starts. A bad
 * value stops the run with exit status 2 and one message naming the variable or option.
 */
import { accessSync, constants as fsConstants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clause as clauseOf, clauses, commandsUnderTest } from '../core/spec.js';
import { CREDENTIAL_SETTINGS, EMBEDDED_BASE_URL, env, parseFlag, parseSeed, SettingError } from '../core/settings.js';
import { violations } from '../core/validators.js';
import { credentialsFromEnv } from '../../mocks/config.js';
import { baselineProblem } from '../report/baseline.js';
import type { Selection } from '../suite/cases.js';
import { resolveTarget, type Credentials, type Target } from '../suite/target.js';
import type { KnownDeparture } from '../../types/schemas.js';

export interface RunSettings {
  /** The target's settings; for the embedded mock, with a URL filled in once it listens. */
  target: Target;
  /** Without IM_BASE_URL, or with IM_BASE_URL=embedded, the app the embedded mock serves. */
  embedded?: Credentials;
  seed: number;
  reportDir: string;
  declared: KnownDeparture[];
  /** The previous report, parsed, when IM_BASELINE names one. */
  baseline?: unknown;
  keepAccounts: boolean;
}

/** Settings an earlier version read and this one does not: refused, so that nobody believes they still apply. */
const REMOVED: Record<string, string> = {
  IM_MOCK: 'the embedded mock is always served over loopback HTTP; the MSW handlers are for your own tests (see README)',
  IM_MOCK_VARIANT: 'broken variants of the mock live with the self-tests; point IM_BASE_URL at your own server instead',
};

function readJson(name: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SettingError(name, `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SettingError(name, `${file} is not JSON`);
  }
}

function expectations(file: string): KnownDeparture[] {
  const value = readJson('IM_EXPECTATIONS', file);
  const bad = violations('meta/expectations.schema.json', value);
  if (bad.length) throw new SettingError('IM_EXPECTATIONS', `${file} does not match schemas/meta/expectations.schema.json: ${bad.join('; ')}`);
  const declared = (value as { knownDepartures: KnownDeparture[] }).knownDepartures;
  for (const d of declared) {
    try {
      if (clauseOf(d.clause).strength !== 'documented') throw new SettingError('IM_EXPECTATIONS', `${d.clause} is an open clause: only documented clauses can be departed from`);
    } catch (e) {
      if (e instanceof SettingError) throw e;
      throw new SettingError('IM_EXPECTATIONS', `names unknown clause ${d.clause}`);
    }
  }
  return declared;
}

function baseline(file: string): unknown {
  const value = readJson('IM_BASELINE', file);
  const problem = baselineProblem(value);
  if (problem) throw new SettingError('IM_BASELINE', `${file} ${problem}`);
  return value;
}

/** A folder the run can write to, or will be able to create: checked before anything is sent, not after. */
function writableDir(name: string, dir: string): string {
  let at = dir;
  while (!existsSync(at)) at = dirname(at);
  const isDir = statSync(at).isDirectory();
  try {
    accessSync(at, fsConstants.W_OK);
  } catch {
    throw new SettingError(name, `${dir} cannot be written`);
  }
  if (!isDir) throw new SettingError(name, `${at} is a file, not a folder`);
  return dir;
}

/** Reads and checks every setting; throws SettingError on the first bad one. */
export function runSettings(source: NodeJS.ProcessEnv, cwd = process.cwd()): RunSettings {
  for (const [name, why] of Object.entries(REMOVED)) if (source[name] !== undefined) throw new SettingError(name, `is no longer read: ${why}`);
  const base = env('IM_BASE_URL', source);
  const given = CREDENTIAL_SETTINGS.filter((name) => env(name, source) !== undefined);
  if (base === undefined && given.length) {
    throw new SettingError(
      'IM_BASE_URL',
      `is not set, but ${given.join(', ')} ${given.length > 1 ? 'are' : 'is'}: the run would judge the embedded mock, not your app. Set IM_BASE_URL to the target (https://console.tim.qq.com, or your region's host), or IM_BASE_URL=${EMBEDDED_BASE_URL} to judge the embedded mock with these credentials`,
    );
  }
  const embedded = base === undefined || base === EMBEDDED_BASE_URL ? credentialsFromEnv(source) : undefined;
  // The embedded mock's URL is known once it listens; every other setting is checked now, against a stand-in.
  const withUrl = embedded ? { ...source, IM_BASE_URL: 'http://127.0.0.1:1', IM_SDKAPPID: String(embedded.sdkAppId), IM_SECRET_KEY: embedded.secretKey, IM_ADMIN_IDENTIFIER: embedded.adminIdentifier } : source;
  // With IM_BASE_URL, resolveTarget also requires and checks the app's credentials.
  const target = resolveTarget(withUrl, embedded ? 'embedded-mock' : undefined);
  const seedRaw = env('IM_SEED', source);
  const expectationsFile = env('IM_EXPECTATIONS', source);
  const baselineFile = env('IM_BASELINE', source);
  const keepRaw = env('IM_KEEP_ACCOUNTS', source);
  return {
    target,
    ...(embedded ? { embedded } : {}),
    seed: seedRaw === undefined ? -1 : parseSeed('IM_SEED', seedRaw),
    reportDir: writableDir('IM_REPORT_DIR', resolve(cwd, env('IM_REPORT_DIR', source) ?? 'reports')),
    declared: expectationsFile === undefined ? [] : expectations(resolve(cwd, expectationsFile)),
    ...(baselineFile === undefined ? {} : { baseline: baseline(resolve(cwd, baselineFile)) }),
    keepAccounts: keepRaw === undefined ? false : parseFlag('IM_KEEP_ACCOUNTS', keepRaw),
  };
}

export interface RunArgs {
  selection: Selection;
  list: boolean;
  help: boolean;
}

/** The options of `run`; Playwright's own options are refused, since the run's reporters, workers and projects are fixed. */
export function runArgs(argv: string[]): RunArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        grep: { type: 'string', short: 'g' },
        'grep-invert': { type: 'string' },
        clause: { type: 'string', multiple: true, default: [] },
        command: { type: 'string', multiple: true, default: [] },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    const flag = /'(--?[^']+)'/.exec((e as Error).message)?.[1] ?? (e as Error).message;
    throw new SettingError(
      'run',
      `${flag} is not an option of im-conformance run. Select cases with --grep, --grep-invert, --clause or --command; reporters, workers and projects are fixed so that every run writes the same reports (see --help)`,
    );
  }
  const regex = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    try {
      return new RegExp(raw, 'i');
    } catch {
      throw new SettingError(name, `is not a regular expression: ${raw}`);
    }
  };
  const grep = regex('--grep', values.grep);
  const grepInvert = regex('--grep-invert', values['grep-invert']);
  for (const c of values.clause) {
    const known = c.endsWith('*') ? clauses.some((x) => x.id.startsWith(c.slice(0, -1))) : clauses.some((x) => x.id === c);
    if (!known) throw new SettingError('--clause', `${JSON.stringify(c)} names no clause; give an ID of spec/ (im-conformance run --list shows them) or a prefix ending in *`);
  }
  const underTest = commandsUnderTest();
  for (const c of values.command) {
    if (!underTest.includes(c)) throw new SettingError('--command', `${JSON.stringify(c)} is not a command under test; the commands under test are ${underTest.join(', ')}`);
  }
  return {
    selection: {
      ...(grep ? { grep } : {}),
      ...(grepInvert ? { grepInvert } : {}),
      ...(values.clause.length ? { clauses: values.clause } : {}),
      ...(values.command.length ? { commands: [...new Set(values.command)] } : {}),
    },
    list: values.list,
    help: values.help,
  };
}
