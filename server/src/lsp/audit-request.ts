// The audit checklist for `processorLens/audit`, rendered by the same formatter as
// `processor-lens audit`, one section per workspace folder.
import { basename } from 'node:path';
import { formatAudit } from '../cli/format-audit';
import type { Folder } from './folder';

export function renderWorkspaceAudit(folders: Folder[]): string {
  const sections: string[] = [];
  for (const folder of folders) {
    if (!folder.workspace) continue;
    // A full analysis: the audit lists every processor, and open documents count with their unsaved text.
    const result = folder.workspace.analyze();
    const markdown = formatAudit({
      cwd: folder.root,
      processors: result.processors,
      methods: result.methods,
      methodName: folder.config.methodName,
      findings: result.findings,
    });
    sections.push(folders.length > 1 ? markdown.replace(/^# Processor audit/, `# Processor audit: ${basename(folder.root)}`) : markdown);
  }
  if (sections.length === 0) return '# Processor audit\n\nNo workspace folder with Python analysis enabled is open.\n';
  return sections.join('\n---\n\n');
}
