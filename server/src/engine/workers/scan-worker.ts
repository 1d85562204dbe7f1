// Worker-thread entry of the folder scan: scans the files of each request and posts them back,
// moving each file's bytes instead of copying them. Bundled as engine-worker.js next to the CLI.
import { parentPort } from 'node:worker_threads';
import { scanFile, type ScannedFile } from './scan-file';

export interface ScanRequest {
  paths: string[];
  maxBytes: number;
}

parentPort?.on('message', (request: ScanRequest) => {
  const results: ScannedFile[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const path of request.paths) {
    const result = scanFile(path, request.maxBytes);
    if (result.ok) {
      // A buffer that shares its memory with others (Node's small-read pool) is copied first.
      let bytes = result.bytes;
      if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = new Uint8Array(bytes);
      result.bytes = bytes;
      transfer.push(bytes.buffer as ArrayBuffer);
    }
    results.push(result);
  }
  parentPort!.postMessage(results, transfer);
});
