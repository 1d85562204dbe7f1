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

export interface ProfileSummary {
  totalMs: number;
  /** Functions by self time. */
  top: HotFunction[];
  /** Functions by total time (self and callees), the program's root and entry frames left out. */
  inclusive: HotFunction[];
  files: HotFile[];
}

/** Frames every sample passes through; they show nothing about where the time goes. */
const ROOT_FRAMES = new Set(['(root)', '(program)', '(idle)']);

export function topSelfTime(profilePath: string, repoRoot: string, limit = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const locator = new SourceLocator(repoRoot);
  const frameKey = new Map<number, { key: string; name: string; location: string }>();
  const describe = (node: ProfileNode) => {
    let described = frameKey.get(node.id);
    if (!described) {
      const frame = node.callFrame;
      const location = locator.locate(frame.url, frame.lineNumber, frame.columnNumber);
      const name = frame.functionName || '(anonymous)';
      described = { key: `${name}@${location}`, name, location };
      frameKey.set(node.id, described);
    }
    return described;
  };

  const selfUs = new Map<string, { name: string; location: string; us: number }>();
  const inclusiveUs = new Map<string, { name: string; location: string; us: number }>();
  let totalUs = 0;

  // Each sample's time is the delta to the next sample, as Chrome DevTools attributes it.
  for (let index = 0; index < profile.samples.length; index++) {
    const node = byId.get(profile.samples[index]);
    const delta = profile.timeDeltas[index + 1] ?? 0;
    if (!node || delta <= 0) continue;
    totalUs += delta;
    const self = describe(node);
    const selfEntry = selfUs.get(self.key) ?? { name: self.name, location: self.location, us: 0 };
    selfEntry.us += delta;
    selfUs.set(self.key, selfEntry);

    // A recursive function counts once per sample.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
      const frame = describe(byId.get(id)!);
      if (seen.has(frame.key) || ROOT_FRAMES.has(frame.name)) continue;
      seen.add(frame.key);
      const entry = inclusiveUs.get(frame.key) ?? { name: frame.name, location: frame.location, us: 0 };
      entry.us += delta;
      inclusiveUs.set(frame.key, entry);
    }
  }

  const share = (us: number) => (totalUs > 0 ? us / totalUs : 0);
  const ranked = (entries: Iterable<{ name: string; location: string; us: number }>) =>
    [...entries]
      .sort((a, b) => b.us - a.us)
      .slice(0, limit)
      .map((entry) => ({ name: entry.name, location: entry.location, selfMs: entry.us / 1000, share: share(entry.us) }));

  const byFile = new Map<string, number>();
  for (const entry of selfUs.values()) {
    const file = entry.location.replace(/:\d+$/, '');
    byFile.set(file, (byFile.get(file) ?? 0) + entry.us);
  }
  const files = [...byFile]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([file, us]) => ({ file, selfMs: us / 1000, share: share(us) }));

  // Node's module loader and the CLI's entry frames contain nearly the whole run, so they would fill the list.
  const entryFrames = /^(node:internal|\(native\))|server\/src\/cli\/(main|run|check)\.ts/;
  const inclusive = ranked([...inclusiveUs.values()].filter((entry) => !entryFrames.test(entry.location) && entry.name !== '(anonymous)'));
  return { totalMs: totalUs / 1000, top: ranked(selfUs.values()), inclusive, files };
}
