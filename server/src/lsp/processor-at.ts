// `processorLens/processorAt`: the processor at a position, for the run-history panel.
import type { Position } from '../engine/types';
import type { ProcessorAtResult } from '../protocol';
import type { Folder } from './folder';
import { pathToUri } from './uri';

export function processorAt(folder: Folder, path: string, position: Position): ProcessorAtResult | null {
  const info = folder.workspace?.processorAt(path, position);
  if (!info) return null;

  const effective = info.effectiveMethod;
  const findings = effective
    ? (folder.resultFor(effective.path)?.findings ?? []).filter((finding) => finding.className === effective.className)
    : [];

  return {
    className: info.className,
    processorName: info.attributes.processor_type?.value ?? info.className,
    uri: pathToUri(info.path),
    nameRange: info.nameRange,
    effectiveMethod: effective
      ? { className: effective.className, uri: pathToUri(effective.path), nameRange: effective.nameRange }
      : null,
    attributes: info.attributes,
    findings,
  };
}
