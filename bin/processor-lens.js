#!/usr/bin/env node
// Entry point of the `processor-lens` command; the CLI itself is bundled by `npm run build`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli', 'cli.js');
if (!existsSync(bundle)) {
  process.stderr.write(`processor-lens: ${bundle} is missing. Run "npm run build" first.\n`);
  process.exit(2);
}
require(bundle);
