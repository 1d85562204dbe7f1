// Scans a folder's files on worker threads. Files go out in chunks on demand, so a worker that
// meets large files does not hold up the others, and come back in path order whatever the
// order in which the workers finish.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CancellationSignal, ScanProgress } from '../api';
import { scanFile, type ScannedFile } from './scan-file';
import type { ScanRequest } from './scan-worker';

/** Files per request to a worker: large enough that messaging costs little, small enough to balance. */
const CHUNK_FILES = 25;

/**
 * Worker script: engine-worker.js next to the bundle that runs this code (esbuild builds it
 * there), or the TypeScript source when running from source under tsx. Null when neither exists.
 */
export function workerScript(): string | null {
  if (typeof __dirname !== 'string') return null;
  for (const name of ['engine-worker.js', 'scan-worker.ts']) {
    const candidate = join(__dirname, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Reads and scans `paths` on `count` worker threads and the calling thread, and returns the
 * results in the order of `paths`. The calling thread takes chunks too, so it works while the
 * workers start. After a cancellation it returns the results of a prefix of `paths`. Rejects
 * when a worker fails; the caller then scans in-process.
 */
export async function scanInWorkers(
  script: string,
  paths: readonly string[],
  maxBytes: number,
  count: number,
  options: { signal?: CancellationSignal; onProgress?: (progress: ScanProgress) => void },
): Promise<ScannedFile[]> {
  const chunks: string[][] = [];
  for (let start = 0; start < paths.length; start += CHUNK_FILES) chunks.push(paths.slice(start, start + CHUNK_FILES));
  const results: (ScannedFile[] | undefined)[] = new Array(chunks.length);
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  const finished = (files: number): void => {
    const before = Math.floor(done / 200);
    done += files;
    if (options.onProgress && (Math.floor(done / 200) > before || done === paths.length)) options.onProgress({ done, total: paths.length });
  };

  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      let busy = 0;
      const dispatch = (worker: Worker, queued: { chunk: number }): void => {
        if (next >= chunks.length || options.signal?.isCancellationRequested) {
          if (busy === 0) resolveAll();
          return;
        }
        queued.chunk = next++;
        busy++;
        const request: ScanRequest = { paths: chunks[queued.chunk], maxBytes };
        worker.postMessage(request);
      };
      for (let i = 0; i < Math.min(count, chunks.length); i++) {
        const worker = startWorker(script);
        workers.push(worker);
        const queued = { chunk: -1 };
        worker.on('message', (scanned: ScannedFile[]) => {
          busy--;
          results[queued.chunk] = scanned;
          finished(scanned.length);
          dispatch(worker, queued);
        });
        worker.on('error', rejectAll);
        worker.on('exit', (code) => {
          if (code !== 0) rejectAll(new Error(`scan worker exited with code ${code}`));
        });
        dispatch(worker, queued);
      }
      if (chunks.length === 0) resolveAll();
      const scanHere = (): void => {
        if (next >= chunks.length || options.signal?.isCancellationRequested) {
          if (busy === 0) resolveAll();
          return;
        }
        const chunk = next++;
        busy++;
        results[chunk] = chunks[chunk].map((path) => scanFile(path, maxBytes));
        busy--;
        finished(chunks[chunk].length);
        // Yields so that replies from the workers are handled and they get their next chunk.
        setImmediate(scanHere);
      };
      setImmediate(scanHere);
    });
  } finally {
    for (const worker of workers) void worker.terminate();
  }

  const ordered: ScannedFile[] = [];
  for (const chunk of results) {
    if (!chunk) break;
    ordered.push(...chunk);
  }
  return ordered;
}

/**
 * Starts a worker on a bundle, or on the TypeScript source through tsx's require hook: Node 20
 * does not apply the parent's `--import tsx` loader to a worker's entry file.
 */
function startWorker(script: string): Worker {
  if (!script.endsWith('.ts')) return new Worker(script);
  const tsx = createRequire(script).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { eval: true });
}
