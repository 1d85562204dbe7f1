// Bundles the CLI, the language server, the extension client and the panel's webview script.
// Entry points that do not exist yet are skipped, so each part can be built on its own.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --outdir=DIR writes the bundles under DIR instead of dist; the benchmark builds its own copy there.
const outdirArgument = process.argv.find((argument) => argument.startsWith('--outdir='));
const outRoot = outdirArgument ? outdirArgument.slice('--outdir='.length) : 'dist';

// web-tree-sitter reads import.meta.url to find its .wasm file; a CommonJS bundle has no
// import.meta, so it gets the bundle's own file URL, and the .wasm files sit next to it.
const importMetaBanner = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";

const nodeTargets = [
  { entry: 'server/src/cli/main.ts', outfile: `${outRoot}/cli/cli.js` },
  // Worker threads of the folder scan; the engine looks for this file next to the CLI bundle.
  { entry: 'server/src/engine/workers/scan-worker.ts', outfile: `${outRoot}/cli/engine-worker.js` },
  { entry: 'server/src/lsp/main.ts', outfile: `${outRoot}/server/server.js` },
  { entry: 'client/src/extension.ts', outfile: `${outRoot}/client/extension.js` },
];

const wasmFiles = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
];

async function buildNode({ entry, outfile }) {
  const options = {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-*'],
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: importMetaBanner },
    logLevel: 'warning',
  };
  for (const wasm of wasmFiles) {
    mkdirSync(dirname(outfile), { recursive: true });
    copyFileSync(wasm, join(dirname(outfile), wasm.split('/').pop()));
  }
  return options;
}

const webviewTarget = {
  entryPoints: ['webview/src/main.ts'],
  outfile: `${outRoot}/webview/panel.js`,
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [];
for (const target of nodeTargets) {
  if (existsSync(target.entry)) builds.push(await buildNode(target));
}
if (existsSync(webviewTarget.entryPoints[0])) builds.push(webviewTarget);

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log(`esbuild: watching ${builds.length} bundles`);
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`esbuild: built ${builds.length} bundles${production ? ' (production)' : ''}`);
}
