// Loads the run-history source module, and with it @google-cloud/bigquery and the DuckDB native
// binding, on the first query instead of at activation. In the esbuild bundle the dynamic import
// becomes a lazily run module wrapper, so requiring extension.js runs none of that code.
type SourcesModule = typeof import('../../../server/src/history/open-source');

let loading: Promise<SourcesModule> | null = null;

/** Returns the source module, loading it on the first call; a failed load is retried on the next. */
export function loadHistorySources(): Promise<SourcesModule> {
  loading ??= import('../../../server/src/history/open-source').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
