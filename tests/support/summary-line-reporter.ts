/** Prints the plain closing line that CI reads: `N passed, N failed, N skipped`. */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryLineReporter implements Reporter {
  private readonly outcomes = new Map<string, TestCase>();

  onTestEnd(test: TestCase, _result: TestResult): void {
    this.outcomes.set(test.id, test);
  }

  onEnd(_result: FullResult): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const t of this.outcomes.values()) {
      const o = t.outcome();
      if (o === 'skipped') skipped++;
      else if (o === 'unexpected') failed++;
      else passed++;
    }
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
