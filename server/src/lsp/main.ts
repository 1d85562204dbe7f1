// Entry point of dist/server/server.js. The transport comes from the command line:
// `--stdio`, `--node-ipc` (what the extension uses), `--socket=PORT` or `--pipe=NAME`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
