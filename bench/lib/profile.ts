// Reads a V8 CPU profile (`node --cpu-prof`) and lists the functions with the most self time.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds between consecutive samples; the first is relative to `startTime`. */
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotFunction {
  name: string;
  /** File and 1-based line, relative to the repository when inside it. */
  location: string;
  selfMs: number;
  /** Share of the profile's total sampled time, 0..1. */
  share: number;
}

/** Maps bundle positions back to the TypeScript sources through the bundle's `.map` file, when it has one. */
class SourceLocator {
  private readonly maps = new Map<string, SourceMap | null>();

  constructor(private readonly repoRoot: string) {}

  locate(url: string, line: number, column: number): string {
    if (!url.startsWith('file://')) return url ? `${url}:${line + 1}` : '(native)';
    const file = decodeURIComponent(url.slice('file://'.length));
    const map = this.mapFor(file);
    const entry = map?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource) {
      const source = entry.originalSource.startsWith('file://') ? decodeURIComponent(entry.originalSource.slice(7)) : resolve(dirname(file), entry.originalSource);
      return `${relative(this.repoRoot, source)}:${(entry.originalLine ?? 0) + 1}`;
    }
    return `${relative(this.repoRoot, file)}:${line + 1}`;
  }

  private mapFor(file: string): SourceMap | null {
    if (!this.maps.has(file)) {
      const mapFile = `${file}.map`;
      this.maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
    }
    return this.maps.get(file) ?? null;
  }
}

export interface HotFile {
  file: string;
  selfMs: number;
  share: number;
}

export function topSelfTime(profilePath: string, repoRoot: string, limit = 15): { totalMs: number; top: HotFunction[]; files: HotFile[] } {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, { name: string; location: string; us: number }>();
  const locator = new SourceLocator(repoRoot);
  let totalUs = 0;

  // Each sample's time is the delta to the next sample, as Chrome DevTools attributes it.
  for (let index = 0; index < profile.samples.length; index++) {
    const node = byId.get(profile.samples[index]);
    const delta = profile.timeDeltas[index + 1] ?? 0;
    if (!node || delta <= 0) continue;
    totalUs += delta;
    const frame = node.callFrame;
    const location = locator.locate(frame.url, frame.lineNumber, frame.columnNumber);
    const name = frame.functionName || '(anonymous)';
    const key = `${name}@${location}`;
    const entry = selfUs.get(key) ?? { name, location, us: 0 };
    entry.us += delta;
    selfUs.set(key, entry);
  }

  const byFile = new Map<string, number>();
  for (const entry of selfUs.values()) {
    const file = entry.location.replace(/:\d+$/, '');
    byFile.set(file, (byFile.get(file) ?? 0) + entry.us);
  }
  const files = [...byFile]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([file, us]) => ({ file, selfMs: us / 1000, share: totalUs > 0 ? us / totalUs : 0 }));

  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((entry) => ({ name: entry.name, location: entry.location, selfMs: entry.us / 1000, share: totalUs > 0 ? entry.us / totalUs : 0 }));
  return { totalMs: totalUs / 1000, top, files };
}
