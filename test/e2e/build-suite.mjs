// Compiles the extension-host test suite to CommonJS in out/e2e/suite, one file per test file,
// because mocha loads each *.test.js by path. `vscode` is provided by the extension host and
// mocha is loaded from the repository's node_modules.
//
// It also writes out/e2e/package.json, the manifest of an empty "runner" extension. VS Code's
// web workbench starts the extension test mode only together with an extension development
// folder. So when the product is tested as an installed .vsix, this folder, which contributes
// nothing, is passed as the development folder, and the suite runs beside the installed product.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = join(root, 'test', 'e2e', 'suite');
const outdir = join(root, 'out', 'e2e', 'suite');

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: readdirSync(suiteDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => join(suiteDir, name)),
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

const runnerManifest = {
  name: 'processor-lens-e2e-runner',
  displayName: 'Processor Lens end-to-end test runner',
  description: 'Hosts the end-to-end suite beside the installed extension; contributes nothing.',
  publisher: 'processor-lens-tests',
  version: '0.0.0',
  private: true,
  engines: { vscode: '^1.100.0' },
  extensionKind: ['workspace'],
};
writeFileSync(join(outdir, '..', 'package.json'), `${JSON.stringify(runnerManifest, null, 2)}\n`);
console.log(`e2e suite built into ${outdir}`);
