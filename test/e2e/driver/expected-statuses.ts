// Expected panel statuses of the sample dataset.
// TODO: read them from the sample workspace's dataset once it ships its expectations.
export interface ExpectedStatuses {
  file: string;
  line: number;
  processorName: string;
  statuses: Record<string, string>;
}

export function loadExpectedStatuses(_workspace: string): ExpectedStatuses | null {
  return null;
}
