// Times the engine's phases inside one process on a folder: loading the parser, scanning every
// file, analyzing every file. Prints one JSON line, including the process's memory by kind.
//
//   node --import tsx bench/engine-phases.ts FOLDER
import { createWorkspace } from '../server/src/engine';

async function main(): Promise<void> {
  const root = process.argv[2];
  if (!root) {
    console.error('usage: node --import tsx bench/engine-phases.ts FOLDER');
    process.exit(2);
  }
  // CPU time per phase as well as wall time: on a loaded machine the wall time includes waiting for a core.
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const started = { wall: performance.now(), cpu: cpuMs() };
  const workspace = await createWorkspace(root);
  const created = { wall: performance.now(), cpu: cpuMs() };
  await workspace.scan();
  const scanned = { wall: performance.now(), cpu: cpuMs() };
  const result = workspace.analyze();
  const analyzed = { wall: performance.now(), cpu: cpuMs() };
  const memory = process.memoryUsage();
  console.log(
    JSON.stringify({
      createMs: created.wall - started.wall,
      scanMs: scanned.wall - created.wall,
      analyzeMs: analyzed.wall - scanned.wall,
      createCpuMs: created.cpu - started.cpu,
      scanCpuMs: scanned.cpu - created.cpu,
      analyzeCpuMs: analyzed.cpu - scanned.cpu,
      filesRead: result.filesRead,
      filesParsed: result.filesParsed,
      findings: result.findings.length,
      rssKb: Math.round(memory.rss / 1024),
      heapUsedKb: Math.round(memory.heapUsed / 1024),
      externalKb: Math.round(memory.external / 1024),
      arrayBuffersKb: Math.round(memory.arrayBuffers / 1024),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(`engine-phases: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
