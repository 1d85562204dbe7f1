// Opens the run-history source a workspace folder's settings select, and keeps it open while
// those settings stay the same. Imports no `vscode`, so unit tests drive it directly.
import { loadConfig } from '../../../server/src/engine/config/load';
import { effectiveSourceKind, loadHistoryConfig, type HistoryConfig, type HistorySettings } from '../../../server/src/history/config';
import { HistoryError, type RunHistorySource } from '../../../server/src/history/types';
import type { PanelError } from '../panel/messages';
import { errorSettingsLocation, historySettingsLocation, type SettingsLocation } from '../panel/settings-location';
import { loadHistorySources } from './lazy-sources';

export interface SourceRequest {
  /** Absolute path of the workspace folder; relative paths in the settings resolve against it. */
  folder: string;
  /** The folder's `processorLens.history.*` settings; pyproject.toml overrides them. */
  settings: Partial<HistorySettings>;
  /** Whether the workspace is trusted. BigQuery is queried only in a trusted workspace. */
  trusted: boolean;
  /** The editor's `processorLens.statKey`; a folder with [tool.processor-lens] in pyproject.toml takes its own. */
  statKey?: string;
}

export type OpenedSource =
  | { ok: true; source: RunHistorySource; config: HistoryConfig; settings?: SettingsLocation }
  | { ok: false; error: PanelError };

/** Opens a source for a configuration; replaceable in tests. */
export type SourceOpener = (config: HistoryConfig) => Promise<RunHistorySource>;

export const UNTRUSTED_BIGQUERY_ERROR: PanelError = {
  code: 'untrusted-workspace',
  message: 'Run history comes from BigQuery here, and Processor Lens does not query BigQuery in an untrusted workspace.',
  hint: 'Trust the workspace (Workspaces: Manage Workspace Trust) to query BigQuery, or set processorLens.history.source to "duckdb" to use a local DuckDB file.',
};

function toPanelError(error: unknown, settings: SettingsLocation): PanelError {
  const location = errorSettingsLocation(error, settings);
  if (error instanceof HistoryError) return { code: error.code, message: error.message, hint: error.hint, settings: location };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'invalid-configuration', message, hint: `Correct ${describeLocation(location)}.`, settings: location };
}

/** Names a settings location for a hint, for example "fail-on in [tool.processor-lens] of /w/pyproject.toml". */
export function describeLocation(location: SettingsLocation): string {
  if (location.kind === 'editor-settings') return `the ${location.query} settings`;
  const key = location.key === undefined ? '' : `${location.key} in `;
  return `${key}[${location.section}] of ${location.path}`;
}

/** Reads a folder's history configuration: the editor settings with pyproject.toml over them. */
export function readHistoryConfig(request: SourceRequest): HistoryConfig {
  return readHistoryConfigAt(request).config;
}

/** Reads a folder's history configuration and where its settings are edited. */
function readHistoryConfigAt(request: SourceRequest): { config: HistoryConfig; settings: SettingsLocation } {
  let settings = historySettingsLocation(null);
  try {
    const pyproject = loadConfig(request.folder);
    settings = historySettingsLocation(pyproject);
    const statKey = pyproject.source === null && request.statKey ? request.statKey : pyproject.statKey;
    const config = loadHistoryConfig({ root: request.folder, settings: request.settings, pyprojectRaw: pyproject.raw ?? null, statKey });
    return { config, settings };
  } catch (error) {
    throw new ConfigReadError(error, settings);
  }
}

/** A configuration error with the settings location known when it was thrown. */
class ConfigReadError extends Error {
  constructor(
    readonly cause: unknown,
    readonly settings: SettingsLocation,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

interface OpenEntry {
  signature: string;
  opened: Promise<OpenedSource>;
}

/**
 * The open source of each workspace folder. A folder's source is reopened only when its
 * configuration or the workspace trust changes; the replaced source is closed.
 */
export class SourceRegistry {
  private readonly entries = new Map<string, OpenEntry>();

  constructor(private readonly open: SourceOpener = async (config) => (await loadHistorySources()).openHistorySource(config)) {}

  async get(request: SourceRequest): Promise<OpenedSource> {
    let config: HistoryConfig;
    let settings: SettingsLocation;
    try {
      ({ config, settings } = readHistoryConfigAt(request));
    } catch (error) {
      if (error instanceof ConfigReadError) return { ok: false, error: toPanelError(error.cause, error.settings) };
      return { ok: false, error: toPanelError(error, historySettingsLocation(null)) };
    }
    if (effectiveSourceKind(config) === 'bigquery' && !request.trusted) {
      return { ok: false, error: { ...UNTRUSTED_BIGQUERY_ERROR, settings } };
    }

    const signature = JSON.stringify({ config, settings });
    const existing = this.entries.get(request.folder);
    if (existing !== undefined && existing.signature === signature) {
      const opened = await existing.opened;
      if (opened.ok) return opened;
    }
    if (existing !== undefined) void closeEntry(existing);

    const opened = this.open(config).then(
      (source): OpenedSource => ({ ok: true, source, config, settings }),
      (error: unknown): OpenedSource => ({ ok: false, error: toPanelError(error, settings) }),
    );
    this.entries.set(request.folder, { signature, opened });
    return opened;
  }

  /** Closes every open source. */
  async dispose(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map(closeEntry));
  }
}

async function closeEntry(entry: OpenEntry): Promise<void> {
  const opened = await entry.opened;
  if (opened.ok) await opened.source.close();
}
