// Named checks of the browser scenario, each followed by a screenshot, so a failed run leaves a
// picture of the state it failed in.
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export interface CheckResult {
  name: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  error?: string;
  screenshot?: string;
}

export class CheckRunner {
  readonly results: CheckResult[] = [];
  private screenshotIndex = 0;
  private failedGroup: string | null = null;

  constructor(
    private readonly page: Page,
    private readonly artifacts: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts a group of dependent checks: after one fails, the rest of its group is skipped. */
  group(name: string): void {
    this.failedGroup = null;
    this.log(`  -- ${name}`);
  }

  async check(name: string, body: () => Promise<void>, options: { screenshot?: string } = {}): Promise<boolean> {
    if (this.failedGroup) {
      this.results.push({ name, state: 'skipped', durationMs: 0, error: `skipped because "${this.failedGroup}" failed` });
      this.log(`  skip ${name}`);
      return false;
    }

    const started = Date.now();
    let error: string | undefined;
    try {
      await body();
    } catch (caught) {
      error = (caught as Error).stack ?? String(caught);
    }
    const screenshot = await this.screenshot(options.screenshot ?? name);
    const durationMs = Date.now() - started;
    this.results.push({ name, state: error ? 'failed' : 'passed', durationMs, error, screenshot });
    this.log(`  ${error ? 'FAIL' : 'ok  '} ${name} (${durationMs} ms)${error ? `\n${error.replace(/^/gm, '       ')}` : ''}`);
    if (error) this.failedGroup = name;
    return !error;
  }

  async screenshot(label: string): Promise<string | undefined> {
    this.screenshotIndex += 1;
    const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const path = join(this.artifacts, `${String(this.screenshotIndex).padStart(2, '0')}-${slug}.png`);
    try {
      await this.page.screenshot({ path });
      return path;
    } catch {
      return undefined;
    }
  }
}
