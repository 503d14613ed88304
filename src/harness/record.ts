/** What one case leaves for the report: attached to the test as JSON and read back by the conformance reporter. */
import type { Exchange } from '../../types/schemas';

export const RECORD_ATTACHMENT = 'conformance-record';
const MAX_EXCHANGES = 12;

export interface TimelineCall {
  phase: string;
  atEpochMs: number;
  outcome: 'served' | 'refused' | 'other';
  code?: number;
}

export interface CaseRecord {
  clause: string;
  strength: 'documented' | 'open';
  title: string;
  expected: string;
  observed: string;
  exchanges: Exchange[];
  /** Calls beyond MAX_EXCHANGES that were made but not kept. */
  exchangesOmitted: number;
  violated: string[];
  /** Set when the case ends without a pass or fail. */
  verdict?: 'skip' | 'indeterminate';
  reason?: string;
  /** What the target answered, for the ledger. */
  answer?: string;
  timeline?: TimelineCall[];
}

export function newRecord(c: { clause: string; strength: 'documented' | 'open'; title: string }): CaseRecord {
  return { ...c, expected: '', observed: '', exchanges: [], exchangesOmitted: 0, violated: [] };
}

export function keep(record: CaseRecord, e: Exchange): void {
  if (record.exchanges.length < MAX_EXCHANGES) record.exchanges.push(e);
  else record.exchangesOmitted++;
}
