// TODO: placeholder until the data-loss inventory lands; its owner replaces this file.
import type { Connection } from 'vscode-languageserver/node';
import type { AnalysisWorkspace } from '../engine/api';

export function registerInventoryRequest(_connection: Connection, _workspaces: () => AnalysisWorkspace[]): void {}
