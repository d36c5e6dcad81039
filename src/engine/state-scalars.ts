/**
 * The non-array part of a model state: numbers, booleans, strings and nulls, in a fixed walk order.
 *
 * A state's typed arrays live in shared memory, so every thread that holds a copy of the state object sees the same
 * numbers in them. Its other values do not: a worker that steps its own structured clone of the state (ESN's
 * `sinceTrain` counter, say) changes only its copy. After a slice the worker compares these values with those at the
 * slice's start and, when a step changed one, sends them back, and the main thread writes them into its copy — so the
 * main thread's runtime is the whole truth between slices, and a run can move to another thread or be persisted at
 * any slice boundary. A state that keeps everything that changes in arrays costs one cheap walk per slice.
 */
type Leaf = number | boolean | string | null | undefined;

function walk(node: unknown, visit: (holder: Record<string | number, unknown>, key: string | number, value: Leaf) => void): void {
  if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
  const holder = node as Record<string | number, unknown>;
  const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
  for (const key of keys) {
    const v = holder[key];
    if (v !== null && typeof v === 'object') walk(v, visit);
    else if (typeof v !== 'function' && typeof v !== 'symbol' && typeof v !== 'bigint') visit(holder, key, v as Leaf);
  }
}

/** The state's scalar values in walk order. */
export function stateScalars(state: unknown): Leaf[] {
  const out: Leaf[] = [];
  walk(state, (_h, _k, v) => out.push(v));
  return out;
}

/** Same values (Object.is: NaN equals NaN, +0 is not −0). */
export function sameScalars(a: readonly Leaf[], b: readonly Leaf[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Write scalar values (from `stateScalars` of a copy of the same state) into `state`, in walk order. */
export function applyScalars(state: unknown, values: readonly unknown[]): void {
  let i = 0;
  walk(state, (holder, key) => {
    if (i >= values.length) throw new RangeError('state scalars: more values in the state than were sent');
    holder[key] = values[i++];
  });
  if (i !== values.length) throw new RangeError(`state scalars: ${values.length} values sent, the state holds ${i}`);
}
