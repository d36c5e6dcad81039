/**
 * Per-user CPU accounting: the worker-thread seconds each user's jobs have used (every slice's busy time, measured
 * on the worker around the slice). Totals since start, and one-minute buckets over the last hour so that a quota can
 * ask "how much in the last hour" (the classroom WP's quotas consult this through `CpuAccounting`; the runs layer
 * never imports them).
 *
 * "CPU seconds" here are seconds a pool thread was busy for the user: on a machine with spare cores that is CPU
 * time; on an oversubscribed one it also counts time the thread waited for a core, which every user's slices share
 * alike, so shares stay fair.
 */
export interface CpuAccounting {
  /** Worker-thread seconds of `user`'s jobs in the last `windowMs` (at most an hour; one-minute resolution). */
  cpuSecondsInWindow(user: string, windowMs?: number): number;
  /** Worker-thread seconds of `user`'s jobs since the server started. */
  totalSeconds(user: string): number;
}

const BUCKET_MS = 60_000;
const BUCKETS = 60;

interface UserUsage {
  total: number;
  /** Seconds per minute, ring-indexed by absolute minute number. */
  buckets: Float64Array;
  /** Absolute minute of each ring entry (stale entries are ignored). */
  minutes: Float64Array;
}

export class Accounting implements CpuAccounting {
  private readonly users = new Map<string, UserUsage>();

  constructor(
    private readonly onCharge: (user: string, seconds: number) => void = () => {},
    private readonly clock: () => number = Date.now,
  ) {}

  charge(user: string, seconds: number): void {
    if (!(seconds > 0)) return;
    let u = this.users.get(user);
    if (!u) this.users.set(user, (u = { total: 0, buckets: new Float64Array(BUCKETS), minutes: new Float64Array(BUCKETS).fill(-1) }));
    u.total += seconds;
    const minute = Math.floor(this.clock() / BUCKET_MS);
    const i = minute % BUCKETS;
    if (u.minutes[i] !== minute) {
      u.minutes[i] = minute;
      u.buckets[i] = 0;
    }
    u.buckets[i]! += seconds;
    this.onCharge(user, seconds);
  }

  cpuSecondsInWindow(user: string, windowMs = 3_600_000): number {
    const u = this.users.get(user);
    if (!u) return 0;
    const now = Math.floor(this.clock() / BUCKET_MS);
    const span = Math.max(1, Math.min(BUCKETS, Math.ceil(windowMs / BUCKET_MS)));
    let sum = 0;
    for (let i = 0; i < BUCKETS; i++) if (u.minutes[i]! > now - span) sum += u.buckets[i]!;
    return sum;
  }

  totalSeconds(user: string): number {
    return this.users.get(user)?.total ?? 0;
  }

  /** Every user charged so far. */
  usersSeen(): string[] {
    return [...this.users.keys()];
  }
}
