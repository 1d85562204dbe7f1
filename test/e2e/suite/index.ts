// Entry point for VS Code's extension test mode: the workbench loads this module in the
// extension host and awaits run(). The same file serves @vscode/test-electron on a desktop
// VS Code and code-server's URL payload here, so it must not exit the process or reload the
// window, and it writes its output through console.log, which both hosts forward.
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

/** Logs each test as it ends and keeps the records for the result file. */
class ConsoleReporter extends Mocha.reporters.Base {
  static records: TestRecord[] = [];

  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    ConsoleReporter.records = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => {
      ConsoleReporter.records.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
      console.log(`  ok   ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error: Error) => {
      const message = error?.stack ?? String(error);
      ConsoleReporter.records.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: message });
      console.log(`  FAIL ${test.fullTitle()}\n${indent(message)}`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => {
      ConsoleReporter.records.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 });
      console.log(`  skip ${test.fullTitle()}`);
    });
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `       ${line}`)
    .join('\n');
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, reporter: ConsoleReporter, color: false });
  // Files run in name order because later suites build on the editor state of earlier ones.
  for (const name of readdirSync(__dirname).filter((file) => file.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, name));
  }

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  const records = ConsoleReporter.records;
  const passed = records.filter((record) => record.state === 'passed').length;
  console.log(`api suite: ${passed} passed, ${failures} failed`);

  const resultFile = process.env.PL_E2E_RESULT_FILE;
  if (resultFile) writeFileSync(resultFile, `${JSON.stringify({ tests: records }, null, 2)}\n`);
  if (failures > 0) throw new Error(`${failures} of ${records.length} extension tests failed`);
}
