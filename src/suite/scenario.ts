import type { ScenarioParams } from '../../types/schemas.js';
import type { CaseRun } from './case-run.js';

/** A named sequence of calls for clauses that one request cannot show. Parameters come from the case. */
export interface Scenario {
  /** effect: observes state through companion APIs; load: sends bursts, runs after every other case and alone. */
  kind: 'effect' | 'load';
  /** Accounts of its own that the scenario needs imported, so that no other case touches its conversations. */
  accounts: number;
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
