// Facts about the machine and the checkout that a benchmark figure depends on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  /** Output of `date -u` when the run started. */
  date: string;
  commit: string;
  /** 1-minute load average, sampled at the start and the end of the run. */
  loadStart: number;
  loadEnd?: number;
}

function commandOutput(command: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function osName(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (match) return `${match[1]}, kernel ${release()}`;
  } catch {
    // Fall through to the kernel release alone.
  }
  return `kernel ${release()}`;
}

export function machineInfo(repoRoot: string): MachineInfo {
  const processors = cpus();
  const dirty = commandOutput('git', ['status', '--porcelain', '--untracked-files=no'], repoRoot) !== '';
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    date: commandOutput('date', ['-u']),
    commit: commandOutput('git', ['rev-parse', '--short', 'HEAD'], repoRoot) + (dirty ? ' (with uncommitted changes)' : ''),
    loadStart: loadavg()[0],
  };
}

export function currentLoad(): number {
  return loadavg()[0];
}
