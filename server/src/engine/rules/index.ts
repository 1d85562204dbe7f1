import type { RuleId } from '../types';
import type { RuleDefinition } from './rule';
import { unsetAfterWrite } from './unset-after-write';
import { unsetOnRaise } from './unset-on-raise';
import { unsetWithoutWrite } from './unset-without-write';
import { unusedSuppression } from './unused-suppression';

export type { RuleDefinition } from './rule';
export { SEVERITY_RANK } from './rule';

export const RULES: Readonly<Record<RuleId, RuleDefinition>> = {
  'unset-after-write': unsetAfterWrite,
  'unset-without-write': unsetWithoutWrite,
  'unset-on-raise': unsetOnRaise,
  'unused-suppression': unusedSuppression,
};
