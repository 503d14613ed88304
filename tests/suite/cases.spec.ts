/** Generated cases are drawn from the seed alone, and selection happens before anything is sent. */
import { expect, test } from '@playwright/test';
import { MAX_ACCOUNTS, planPool, poolIds } from '../../src/suite/accounts.js';
import { commandsUnderTest } from '../../src/core/spec.js';
import { loadCases, selectCases } from '../../src/suite/cases.js';
import { scenarios } from '../../src/suite/scenarios/index.js';

test('the same seed draws the same cases, another seed others', () => {
  const generated = (seed: number) => JSON.stringify(loadCases(seed).filter((c) => c.title.startsWith('generated ')));
  expect(generated(7)).toBe(generated(7));
  expect(generated(7)).not.toBe(generated(8));
});

test('a cut body keeps between 1 and 99 percent of the body', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    for (const c of loadCases(seed).filter((x) => typeof x.request?.truncate === 'number')) {
      expect(c.request!.truncate).toBeGreaterThanOrEqual(1);
      expect(c.request!.truncate).toBeLessThanOrEqual(99);
      expect(c.title).toContain(`${c.request!.truncate}%`);
    }
  }
});

test.describe('selection', () => {
  const all = loadCases(1);

  test('by title, case-insensitive, and leaving out', () => {
    const picked = selectCases(all, { grep: /msgreadtime/i, grepInvert: /generated/ });
    expect(picked.length).toBeGreaterThan(3);
    expect(picked.every((c) => /MsgReadTime/.test(c.title) && !c.title.startsWith('generated'))).toBe(true);
  });

  test('by clause ID and by prefix', () => {
    expect(selectCases(all, { clauses: ['admin_set_msg_read.request.valid'] }).map((c) => c.clause)).toEqual(['admin_set_msg_read.request.valid', 'admin_set_msg_read.request.valid']);
    expect(selectCases(all, { clauses: ['rest.auth.*'] }).every((c) => c.clause.startsWith('rest.auth.'))).toBe(true);
  });

  test('by command, and together with the other options as an AND', () => {
    const names = [...new Set(all.map((c) => c.command))];
    for (const name of names) expect(selectCases(all, { commands: [name] })).toEqual(all.filter((c) => c.command === name));
    expect(selectCases(all, { commands: ['no_such_command'] })).toEqual([]);
    const both = selectCases(all, { commands: [names[0]!], clauses: ['rest.auth.*'], grepInvert: /generated/ });
    expect(both.length).toBeGreaterThan(0);
    expect(both).toEqual(selectCases(all, { clauses: ['rest.auth.*'], grepInvert: /generated/ }).filter((c) => c.command === names[0]));
  });

  test('selecting cases that are not loads selects no load', () => {
    expect(selectCases(all, { grep: /MsgReadTime/ }).some((c) => c.kind === 'load')).toBe(false);
  });

  test('the accounts a run imports follow what it selected', () => {
    expect(poolIds(planPool('r', selectCases(all, { clauses: ['rest.auth.usersig.*'] })))).toHaveLength(2);
    expect(poolIds(planPool('r', selectCases(all, { grep: /unread messages from another peer/ })))).toHaveLength(3);
    expect(poolIds(planPool('r', selectCases(all, { grep: /^GET instead/ })))).toHaveLength(0);
    expect(poolIds(planPool('r', all)).length).toBeLessThanOrEqual(MAX_ACCOUNTS);
  });

  test('effect cases may share accounts, never a conversation, and an exclusive one shares none', () => {
    const pool = planPool('r', all);
    const owners = new Map<string, string>();
    const users = new Map<string, string[]>();
    for (const c of all.filter((x) => x.kind === 'effect')) {
      const s = scenarios[c.scenario!]!;
      const ids = pool.own[c.title]!;
      expect(new Set(ids).size, c.title).toBe(s.accounts);
      for (const a of ids) users.set(a, [...(users.get(a) ?? []), c.title]);
      const partners = (s.partners ?? []).flatMap((p) => (p === 'admin' ? ['admin'] : ['shared report', 'shared peer']));
      for (const [i, a] of ids.entries()) {
        for (const b of [...ids.slice(i + 1), ...partners]) {
          const pair = [a, b].sort().join(' ');
          expect(owners.get(pair), `${c.title} and ${owners.get(pair)} share ${pair}`).toBeUndefined();
          owners.set(pair, c.title);
        }
      }
    }
    for (const c of all.filter((x) => x.kind === 'effect' && scenarios[x.scenario!]!.exclusive)) {
      for (const a of pool.own[c.title]!) expect(users.get(a), c.title).toEqual([c.title]);
    }
    expect([...users.values()].some((titles) => titles.length > 1)).toBe(true);
  });
});

test('every command under test has a case of every shared rule, its own or the shared one with its sample body', () => {
  const all = loadCases(1);
  const rules = new Set(all.filter((c) => c.clause.startsWith('rest.') && c.kind === 'request').map((c) => c.clause));
  expect(rules.size).toBeGreaterThan(10);
  for (const command of commandsUnderTest()) {
    const own = all.filter((c) => c.command === command);
    for (const rule of rules) expect(own.some((c) => c.clause === rule), `${command} has no case of ${rule}`).toBe(true);
    for (const c of own.filter((x) => x.kind === 'request' && x.clause.startsWith('rest.'))) {
      expect(c.request?.body ?? c.request?.raw ?? c.request?.rawBase64, c.title).toBeDefined();
    }
  }
});
