// The version printed by --version and written into JSON and SARIF output; esbuild inlines it
// from package.json at build time.
import { version } from '../../../package.json';

export const CLI_VERSION: string = version;
