// Finds the methods a method may call, from its text: `self.m(...)`, `super().m(...)` and
// `Base.m(self, ...)`. Only the files that define them need a parse.
import type { MethodCall } from './class-index';

const HELPER_SELF = /\bself\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;
const HELPER_SUPER = /\bsuper\s*\([^)]*\)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;
const HELPER_CLASS = /\b([A-Za-z_][A-Za-z0-9_.]*)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*self\b/g;

export function helperCalls(text: string): MethodCall[] {
  const calls: MethodCall[] = [];
  for (const match of text.matchAll(HELPER_SELF)) calls.push({ via: 'self', name: match[1] });
  for (const match of text.matchAll(HELPER_SUPER)) calls.push({ via: 'super', name: match[1] });
  for (const match of text.matchAll(HELPER_CLASS)) {
    if (match[1] === 'self' || match[1].startsWith('self.')) continue;
    calls.push({ via: 'class', className: match[1], name: match[2] });
  }
  return calls;
}
