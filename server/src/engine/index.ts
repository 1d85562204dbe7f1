// Public entry points of the analysis engine. It imports neither `vscode` nor the language
// server libraries, so the language server, the CLI and the tests share it.
export * from './types';
export type { AnalysisWorkspace, CancellationSignal, ProcessorLensConfig, ScanProgress } from './api';
export { createWorkspace, type WorkspaceOptions } from './workspace';
export { loadConfig, findWorkspaceRoot, ConfigError } from './config/load';
export { DEFAULT_CONFIG, DEFAULT_RULE_LEVELS, DEFAULT_WRITE_METHODS, mergeConfig } from './config/defaults';
export { applyTextEdits } from './fixes/apply';
export { RULES, SEVERITY_RANK, type RuleDefinition } from './rules/index';
export { DEFAULT_MAX_FILE_BYTES } from './files/read';
