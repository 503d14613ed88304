/**
 * The project is self-contained: no file of the repository or of the package refers to a document outside it, and
 * every reference to a section of its own docs (`docs/facts/envelope.md#http-status` anywhere, a relative link in
 * Markdown) resolves to a file and a heading that exist.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { ROOT } from '../../src/core/paths.js';

/**
 * The names of the notes the facts were first collected in, which live outside the repository, and the ways code
 * pointed at them.
 */
const OUTSIDE: RegExp[] = [
  /im-rest-facts/i,
  // The project's own record of answers is spec/real-answers.json: only the outside notes' names are refused.
  /one-to-one-family(\.md|\s*§)/i,
  /real-answers(\.md|\s*§)/i,
  /shared\/docs/i,
  /\.\.\/shared\b/i,
  /beside the suite/i,
  /admin_set_msg_read\.(en|zh)\.md/i,
];
/** This file names them, and references made-up docs, in order to find such things: it is the one file not searched. */
const SELF = 'tests/data/self-contained.spec.ts';

/** A path of the project's docs, with an optional anchor, wherever it is written: code, data or prose. */
const DOCS_REF = /(?<![\w./-])docs\/[\w./-]+?\.md(?:#([\p{L}\p{N}_-]+))?/gu;
/** A Markdown link or image whose target is a path (not a URL, not a mail address). */
const MD_LINK = /\]\(([^)\s]+)\)/g;

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    let slug = base;
    for (let n = 1; found.has(slug); n++) slug = `${base}-${n}`;
    found.add(slug);
  }
  return found;
}

/** What is wrong with the references of a set of files (path relative to the root, then text), one line each. */
function problems(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const isDir = (p: string) => [...files.keys()].some((f) => f.startsWith(`${p}/`));
  const resolve = (from: string, target: string, anchor: string | undefined, shown: string) => {
    if (target.startsWith('..') || posix.isAbsolute(target)) return out.push(`${from}: ${shown} leaves the repository`);
    const text = files.get(target);
    if (text === undefined && !isDir(target.replace(/\/$/, ''))) return out.push(`${from}: ${shown}: no file ${target}`);
    if (anchor !== undefined && (text === undefined || !anchors(text).has(anchor.toLowerCase()))) {
      out.push(`${from}: ${shown}: no heading #${anchor} in ${target}`);
    }
  };
  for (const [path, text] of files) {
    if (path === SELF) continue;
    for (const re of OUTSIDE) if (re.test(text)) out.push(`${path}: refers to an outside document (${re.source})`);
    for (const m of text.matchAll(DOCS_REF)) {
      const [file, anchor] = m[0].split('#');
      resolve(path, file!, anchor, m[0]);
    }
    if (!path.endsWith('.md')) continue;
    let fence = false;
    for (const line of text.split('\n')) {
      if (/^\s*(```|~~~)/.test(line)) fence = !fence;
      if (fence) continue;
      for (const m of line.matchAll(MD_LINK)) {
        const link = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
        const [file, anchor] = link.split('#');
        const target = file === '' ? path : posix.normalize(posix.join(posix.dirname(path), file!));
        resolve(path, target, anchor, link);
      }
    }
  }
  return out;
}

/** Tracked files and files about to be, plus everything the package ships (its `files`, README, LICENSE). */
function projectFiles(): Map<string, string> {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
  const pkg = JSON.parse(readFileSync(posix.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const walk = (p: string): string[] =>
    !existsSync(posix.join(ROOT, p)) ? [] : statSync(posix.join(ROOT, p)).isDirectory() ? readdirSync(posix.join(ROOT, p)).flatMap((f) => walk(`${p}/${f}`)) : [p];
  const packed = [...pkg.files, 'README.md', 'LICENSE', 'package.json'].flatMap(walk);
  const files = new Map<string, string>();
  for (const p of new Set([...listed, ...packed])) {
    if (p === '' || !existsSync(posix.join(ROOT, p)) || statSync(posix.join(ROOT, p)).isDirectory()) continue;
    const bytes = readFileSync(posix.join(ROOT, p));
    if (!bytes.includes(0)) files.set(p, bytes.toString('utf8'));
  }
  return files;
}

const FIXTURE_DOC = '# Envelope\n\n## HTTP status\n\n```\n## Not a heading\n```\n\n## Region hosts\n\n## Region hosts\n';

/** Each made-up file, and the problems the check must report for it (none for a sound one). */
const CASES: Array<{ name: string; path: string; text: string; found: RegExp[] }> = [
  { name: 'a sound reference', path: 'src/a.ts', text: '// see docs/facts/envelope.md#http-status', found: [] },
  { name: 'a repeated heading', path: 'src/a.ts', text: '// docs/facts/envelope.md#region-hosts-1', found: [] },
  { name: 'a link inside the docs', path: 'docs/facts/other.md', text: 'See [the status](envelope.md#http-status) and [x](#top).\n\n# Top', found: [] },
  { name: 'a notes file by name', path: 'spec/x.json', text: '{"source": "im-rest-facts §1"}', found: [/outside document/] },
  { name: 'a sibling folder', path: 'src/a.ts', text: '// from ../shared/docs', found: [/outside document/, /outside document/] },
  { name: 'an endpoint page copy', path: 'spec/x.json', text: '{"ref": "admin_set_msg_read.zh.md §错误码说明"}', found: [/outside document/] },
  { name: 'a heading that is not there', path: 'src/a.ts', text: '// docs/facts/envelope.md#timeout', found: [/no heading #timeout/] },
  { name: 'a heading inside a code block', path: 'src/a.ts', text: '// docs/facts/envelope.md#not-a-heading', found: [/no heading/] },
  { name: 'a doc that is not there', path: 'src/a.ts', text: '// docs/facts/nowhere.md#x', found: [/no file docs\/facts\/nowhere.md/] },
  { name: 'a link out of the repository', path: 'docs/a.md', text: 'see [notes](../../notes.md)', found: [/leaves the repository/] },
  { name: 'a link to a missing anchor of itself', path: 'docs/a.md', text: '# A\n\n[b](#b)', found: [/no heading #b in docs\/a.md/] },
];

for (const c of CASES) {
  test(`the check reports ${c.name} as it should`, () => {
    const found = problems(new Map([['docs/facts/envelope.md', FIXTURE_DOC], [c.path, c.text]]));
    expect(found.length, found.join('\n')).toBe(c.found.length);
    c.found.forEach((re, i) => expect(found[i]).toMatch(re));
  });
}

test('no file of the repository or the package refers to a document outside it, and every docs reference resolves', () => {
  const files = projectFiles();
  expect(files.has('docs/facts/README.md')).toBe(true);
  // dist/ is built from src/ and types/: when it is older than them, npm run build brings it up to date.
  expect(problems(files)).toEqual([]);
});
