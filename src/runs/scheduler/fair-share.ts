/**
 * Fair share of the pool between users: start-time fair queuing (Goyal, Vin & Cheng 1996) on measured worker time,
 * in the form Linux's CFS uses. Every user has a virtual time: the worker seconds their jobs have used, divided by
 * their weight. The next slice goes to the user with the smallest virtual time among those with work ready, so over
 * any stretch in which two users both have work, each gets the same share of the threads (or a share in proportion
 * to their weights), however many jobs each has — a student's one session and a researcher's 10,000-task sweep alike.
 *
 * A user who had nothing ready does not bank the idle time: on becoming ready again their virtual time is raised to
 * at least the present floor (the smallest virtual time of the users with work, which never decreases) minus a small
 * grace, so they go first for about `grace` seconds of work and then share evenly. Slices are charged their estimate
 * when dispatched and corrected to the measured time when they end, so one user cannot fill every thread before the
 * first of their slices is charged.
 */
export class FairShare {
  private readonly vt = new Map<string, number>();
  private floor = 0;

  constructor(
    private readonly weightOf: (user: string) => number = () => 1,
    /** Seconds of head start a user returning from idle may have over the floor. */
    private readonly grace = 0.05,
  ) {}

  /** The user has work ready again (from nothing ready). */
  activate(user: string): void {
    const v = this.vt.get(user);
    this.vt.set(user, Math.max(v ?? -Infinity, this.floor - this.grace));
  }

  /** Charge (or, with a negative amount, refund) worker seconds. */
  charge(user: string, seconds: number): void {
    const w = Math.max(1e-6, this.weightOf(user));
    this.vt.set(user, (this.vt.get(user) ?? this.floor) + seconds / w);
  }

  /** How far ahead of the floor a user is (seconds of weighted work): > 0 means they had more than their share. */
  lead(user: string): number {
    return (this.vt.get(user) ?? this.floor) - this.floor;
  }

  virtualTime(user: string): number {
    return this.vt.get(user) ?? this.floor;
  }

  /** The candidate with the smallest virtual time (ties: the first given); the floor follows the smallest. */
  pick(candidates: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestVt = Infinity;
    for (const u of candidates) {
      const v = this.vt.get(u) ?? this.floor;
      if (v < bestVt) {
        best = u;
        bestVt = v;
      }
    }
    if (best !== undefined && bestVt > this.floor) this.floor = bestVt;
    return best;
  }

  /** Forget a user with no jobs left (they come back at the floor). */
  drop(user: string): void {
    this.vt.delete(user);
  }
}
