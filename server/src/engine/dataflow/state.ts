// The analysis state: the set of (rows written, stat set) pairs that some path can be in, each
// with one witness path that explains how it got there.
import type { SyntaxNode } from '../parse/parser';

/** Index of a state: bit 1 = rows written, bit 0 = stat set. */
export type StateBit = 0 | 1 | 2 | 3;
export const UNSET_NO_WRITE: StateBit = 0;
export const SET_NO_WRITE: StateBit = 1;
export const UNSET_AFTER_WRITE: StateBit = 2;
export const SET_AFTER_WRITE: StateBit = 3;

export function wrote(bit: number): boolean {
  return (bit & 2) !== 0;
}

export function isSet(bit: number): boolean {
  return (bit & 1) !== 0;
}

/** A location in some file of the workspace. */
export interface Site {
  path: string;
  node: SyntaxNode;
}

/** The last write on a path: a write call, or a call of a helper method that wrote. */
export interface WriteWitness {
  site: Site;
  /** Method called: `load_table_from_json`, or the helper's name. */
  name: string;
  /** Expression passed as rows, when it is a plain name usable at the exit. */
  rows: string | null;
  /** For a helper: the write inside it. */
  inner: WriteWitness | null;
}

export interface Witness {
  write: WriteWitness | null;
  /** Last branch taken, for example "`if job.errors:` is true". */
  label: string | null;
  /**
   * A helper exit through which the path returned without the stat; `partial` when other
   * paths reach that same exit with the stat set.
   */
  helperExit: { site: Site; method: string; partial: boolean } | null;
}

/** One optional witness per state bit; null means no path is in that state. */
export type StateVector = [Witness | null, Witness | null, Witness | null, Witness | null];

export function emptyVector(): StateVector {
  return [null, null, null, null];
}

export function isEmpty(vector: StateVector): boolean {
  return vector[0] === null && vector[1] === null && vector[2] === null && vector[3] === null;
}

/** Adds the states of `from` missing in `into`; returns true when `into` grew. */
export function mergeInto(into: StateVector, from: StateVector, label: string | null): boolean {
  let grew = false;
  for (let bit = 0; bit < 4; bit++) {
    const witness = from[bit];
    if (witness && !into[bit]) {
      into[bit] = label ? { ...witness, label } : witness;
      grew = true;
    }
  }
  return grew;
}
