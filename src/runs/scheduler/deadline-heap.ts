/**
 * A binary min-heap of items by deadline (earliest first), for the paced runs waiting for their next frame. Entries
 * are not removed in place: an item that left the heap's concern (paused, stopped, dispatched early) is skipped when
 * it surfaces, because its `deadlineVersion` no longer matches the entry's.
 */
export interface Deadlined {
  deadline: number;
  deadlineVersion: number;
}

interface Entry<T> {
  at: number;
  version: number;
  item: T;
}

export class DeadlineHeap<T extends Deadlined> {
  private readonly a: Entry<T>[] = [];

  get size(): number {
    return this.a.length;
  }

  push(item: T): void {
    this.a.push({ at: item.deadline, version: item.deadlineVersion, item });
    let i = this.a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.a[p]!.at <= this.a[i]!.at) break;
      [this.a[p], this.a[i]] = [this.a[i]!, this.a[p]!];
      i = p;
    }
  }

  /** The earliest live item (stale entries are dropped on the way), without removing it. */
  peek(): T | undefined {
    this.dropStale();
    return this.a[0]?.item;
  }

  pop(): T | undefined {
    this.dropStale();
    return this.take();
  }

  private dropStale(): void {
    while (this.a.length > 0 && this.a[0]!.version !== this.a[0]!.item.deadlineVersion) this.take();
  }

  private take(): T | undefined {
    const top = this.a[0];
    if (!top) return undefined;
    const last = this.a.pop()!;
    if (this.a.length > 0) {
      this.a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.a[l]!.at < this.a[m]!.at) m = l;
        if (r < this.a.length && this.a[r]!.at < this.a[m]!.at) m = r;
        if (m === i) break;
        [this.a[m], this.a[i]] = [this.a[i]!, this.a[m]!];
        i = m;
      }
    }
    return top.item;
  }
}
