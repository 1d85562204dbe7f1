// Records every TCP connection and DNS lookup the process starts, so a test can assert that
// nothing left 127.0.0.1 (Google's auth library would otherwise probe the cloud metadata server).
import dns from 'node:dns';
import net from 'node:net';

export interface ConnectionGuard {
  /** Hosts of connections and lookups, in order; `pipe` for Unix sockets. */
  readonly targets: string[];
  /** Targets other than 127.0.0.1 and pipes. */
  outside(): string[];
  restore(): void;
}

function hostOf(args: unknown[]): string {
  // net's internal callers pass the normalized [options, callback] array as the first argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    if (options.path) return 'pipe';
    return options.host ?? 'localhost';
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return typeof args[1] === 'string' ? args[1] : 'localhost';
  return typeof first === 'string' ? 'pipe' : 'unknown';
}

export function guardConnections(): ConnectionGuard {
  const targets: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  const originalPromiseLookup = dns.promises.lookup;

  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    targets.push(hostOf(args));
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  dns.lookup = function (hostname: string, ...rest: unknown[]) {
    targets.push(hostname);
    return (originalLookup as (...a: unknown[]) => void)(hostname, ...rest);
  } as typeof dns.lookup;
  dns.promises.lookup = function (hostname: string, ...rest: unknown[]) {
    targets.push(hostname);
    return (originalPromiseLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
  } as typeof dns.promises.lookup;

  return {
    targets,
    outside: () => targets.filter((target) => target !== '127.0.0.1' && target !== 'pipe'),
    restore() {
      net.Socket.prototype.connect = originalConnect;
      dns.lookup = originalLookup;
      dns.promises.lookup = originalPromiseLookup;
    },
  };
}
