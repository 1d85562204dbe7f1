// Runs the same `vscode` API suite in desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code (this one cannot: update.code.visualstudio.com is unreachable, so
// test/e2e/run.sh uses code-server instead).
//
// Usage: node test/e2e/build-suite.mjs && node esbuild.mjs && node --import tsx test/e2e/electron.ts
//   VSCODE_VERSION  VS Code version to download, default "stable".
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const repoRoot = resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'pl-electron-'));
  const workspace = join(runDir, 'sample-workspace');
  cpSync(join(repoRoot, 'sample-workspace'), workspace, { recursive: true });
  const resultFile = join(runDir, 'api-results.json');

  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'e2e', 'suite', 'index.js'),
      extensionTestsEnv: { PL_E2E_RESULT_FILE: resultFile, METADATA_SERVER_DETECTION: 'none' },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(runDir, 'user-data')],
    });
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`desktop VS Code tests failed: ${error.message}`);
  process.exitCode = 1;
});
