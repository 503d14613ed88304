/**
 * Listed first among the reporters: scrubs UserSigs from every error, step title and captured output
 * as each test ends. The HTML, JUnit and list reporters share these objects and write their files only after, so what
 * they hold is already redacted, also when a failed request put its full URL in Playwright's call log.
 */
import type { Reporter, TestCase, TestError, TestResult, TestStep } from '@playwright/test/reporter';
import { redact } from '../../core/redaction.js';

/** The key is never sent to a target, so none can echo it: UserSigs and usersig parameters are what is scrubbed. */
export default class RedactingReporter implements Reporter {
  private text<T extends string | undefined>(s: T): T {
    return (s === undefined ? s : redact(s, [])) as T;
  }

  private error(e: TestError | undefined): void {
    if (!e) return;
    e.message = this.text(e.message);
    e.stack = this.text(e.stack);
    e.snippet = this.text(e.snippet);
    e.value = this.text(e.value);
    this.error(e.cause);
  }

  private output(chunks: Array<string | Buffer>): void {
    chunks.forEach((c, i) => {
      chunks[i] = typeof c === 'string' ? this.text(c) : Buffer.from(this.text(c.toString('utf8')));
    });
  }

  onStepEnd(_test: TestCase, _result: TestResult, step: TestStep): void {
    (step as { title: string }).title = this.text(step.title);
    this.error(step.error);
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    result.errors.forEach((e) => this.error(e));
    this.error(result.error);
    this.output(result.stdout);
    this.output(result.stderr);
  }

  onStdOut(): void {}

  printsToStdio(): boolean {
    return false;
  }
}
