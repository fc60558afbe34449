// Every call the fuzz can make, by name: the worker looks cases up here.

import { LINALG_CALLS } from './linalg';
import { NN_CALLS } from './nn';
import { DYNAMICS_CALLS } from './dynamics';
import { DATA_CALLS } from './data';
import { OPTIM_CALLS } from './optim';
import { RUNTIME_CALLS } from './runtime';
import { SELF_CHECK_CALLS } from './self-check';
import type { CallTable } from './types';

export const CALLS: CallTable = { ...LINALG_CALLS, ...NN_CALLS, ...DYNAMICS_CALLS, ...DATA_CALLS, ...OPTIM_CALLS, ...RUNTIME_CALLS, ...SELF_CHECK_CALLS };
