import type { ScenarioParams } from '../../types/schemas.js';
import type { CaseRun } from './case-run.js';

/** A named sequence of calls for clauses that one request cannot show. Parameters come from the case. */
export interface Scenario {
  /** effect: observes state through companion APIs; load: sends bursts, runs after every other case and alone. */
  kind: 'effect' | 'load';
  /**
   * Accounts of its own that the scenario needs imported. No other case touches the conversations among them, nor
   * their conversations with its `partners`; other cases may use the accounts for other conversations, unless the
   * scenario is `exclusive`.
   */
  accounts: number;
  /** Accounts beyond its own its conversations involve: the App admin, the pair the request cases share. */
  partners?: ReadonlyArray<'admin' | 'shared'>;
  /** It reads totals over all of an account's conversations: its accounts serve no other case. */
  exclusive?: boolean;
  run(run: CaseRun, params: ScenarioParams): Promise<void>;
}

/** The scenarios of every scenario file under one name each. */
export function mergeScenarios(files: Record<string, Record<string, Scenario>>): Record<string, Scenario> {
  const all: Record<string, Scenario> = {};
  for (const [file, list] of Object.entries(files)) {
    for (const [name, s] of Object.entries(list)) {
      if (all[name]) throw new Error(`scenario ${name} of src/suite/scenarios/${file}.ts is defined twice`);
      all[name] = s;
    }
  }
  return all;
}
