/**
 * Folders import one way: the core under everything; the mock and the suite each on the core and never on each other;
 * the report on the core; the runner and the CLI on top. A folder is a top-level folder, a subfolder of src/, or the
 * conformance tests (tests/conformance), which stand on the suite alone.
 */
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../src/core/paths.js';

/** What each folder may import; types/ (generated from the schemas) is open to all. */
const ALLOWED: Record<string, string[]> = {
  'src/core': ['types'],
  // The package's main entry: the contract as data and types.
  'src/index.ts': ['src/core', 'types'],
  mocks: ['src/core', 'types'],
  'src/suite': ['src/core', 'types'],
  'src/report': ['src/core', 'types'],
  'src/runner': ['src/core', 'mocks', 'src/suite', 'src/report', 'types'],
  'src/cli': ['src/core', 'mocks', 'src/runner', 'src/report', 'types'],
  'src/generate': ['src/core', 'types'],
  types: [],
  scripts: ['src/core', 'src/generate', 'types'],
  // The suite's client and transports are what bench/load-phases.ts measures.
  bench: ['src/core', 'mocks', 'src/suite', 'src/generate', 'types'],
  'tests/conformance': ['src/core', 'src/suite', 'types'],
  tests: ['src/core', 'mocks', 'src/suite', 'src/report', 'src/runner', 'src/cli', 'src/generate', 'types'],
};

function unitOf(path: string): string {
  const [top, sub] = relative(ROOT, path).split('/');
  return top === 'src' || (top === 'tests' && sub === 'conformance') ? `${top}/${sub}` : top!;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')
      ? []
      : e.isDirectory()
        ? sources(join(dir, e.name))
        : /\.(ts|mts)$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
  );
}

/** Every relative import of every source file, as folder → folder edges with one example each. */
function edges(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const files = ['src', 'tests', 'scripts', 'bench', 'types'].flatMap((d) => sources(join(ROOT, d)));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // Statements only: an import written inside a string (a generator's template) is not one.
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;'"]*?\sfrom\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]/gm)) {
      const from = unitOf(file);
      const to = unitOf(resolve(dirname(file), (m[1] ?? m[2] ?? m[3])!));
      if (from === to) continue;
      if (!out.has(from)) out.set(from, new Map());
      out.get(from)!.set(to, `${relative(ROOT, file)} imports ${m[1] ?? m[2] ?? m[3]}`);
    }
  }
  return out;
}

const graph = edges();

test('every folder imports only what it is allowed to', () => {
  const wrong: string[] = [];
  for (const [from, tos] of graph) {
    for (const [to, example] of tos) if (!(ALLOWED[from] ?? []).includes(to)) wrong.push(`${from} -> ${to}: ${example}`);
  }
  expect(wrong).toEqual([]);
});

test('no two folders import each other, directly or through others', () => {
  const reach = (start: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [...(graph.get(start)?.keys() ?? [])];
    while (todo.length) {
      const next = todo.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(graph.get(next)?.keys() ?? []));
    }
    return seen;
  };
  const cycles = [...graph.keys()].filter((u) => reach(u).has(u));
  expect(cycles).toEqual([]);
});

test('the check sees imports: the runner imports the mock and the suite', () => {
  expect([...(graph.get('src/runner')?.keys() ?? [])]).toEqual(expect.arrayContaining(['mocks', 'src/suite', 'src/report', 'src/core']));
});

test('reports/ holds run output only', () => {
  let tracked: string[] = [];
  try {
    tracked = readdirSync(join(ROOT, 'reports')).filter((f) => /\.(ts|js|md)$/.test(f) && f !== 'conformance.md');
  } catch {
    tracked = [];
  }
  expect(tracked).toEqual([]);
});
