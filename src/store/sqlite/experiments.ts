/**
 * Experiments in SQLite: the experiment with its request, and one row per grid point × seed with its status and
 * metrics, written as tasks finish.
 */
import type Database from 'better-sqlite3';
import type { ExperimentRepository } from '../store.js';
import type { ExperimentRow, ExperimentStatus, ResultRow, RowStatus } from '../types.js';

export class SqliteExperimentRepository implements ExperimentRepository {
  constructor(private readonly db: Database.Database) {}

  async insert(e: ExperimentRow, rows: ResultRow[]): Promise<void> {
    const ins = this.db.prepare(
      `INSERT INTO experiment_rows (experiment_id, idx, params, seed, status, metrics, error, ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO experiments (id, owner, name, kind, request, status, total, versions, error, created_at, finished_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(e.id, e.owner, e.name, e.kind, JSON.stringify(e.request), e.status, e.total, JSON.stringify(e.versions), e.error, e.createdAt, e.finishedAt);
      for (const r of rows) ins.run(e.id, r.index, JSON.stringify(r.params), r.seed, r.status, r.metrics ? JSON.stringify(r.metrics) : null, r.error, r.ms);
    })();
  }

  async get(id: string): Promise<ExperimentRow | undefined> {
    const r = this.db.prepare(`SELECT * FROM experiments WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? toExperiment(r) : undefined;
  }

  async list(owner?: string): Promise<ExperimentRow[]> {
    const rows = (owner === undefined
      ? this.db.prepare(`SELECT * FROM experiments ORDER BY created_at`).all()
      : this.db.prepare(`SELECT * FROM experiments WHERE owner = ? ORDER BY created_at`).all(owner)) as Record<string, unknown>[];
    return rows.map(toExperiment);
  }

  async unfinished(): Promise<ExperimentRow[]> {
    return (this.db.prepare(`SELECT * FROM experiments WHERE status = 'running' ORDER BY created_at`).all() as Record<string, unknown>[]).map(toExperiment);
  }

  async setStatus(id: string, status: ExperimentStatus, error: string | null = null): Promise<void> {
    const finished = status === 'running' ? null : new Date().toISOString();
    this.db.prepare(`UPDATE experiments SET status = ?, error = ?, finished_at = ? WHERE id = ?`).run(status, error, finished, id);
  }

  async delete(id: string): Promise<void> {
    this.db.prepare(`DELETE FROM experiments WHERE id = ?`).run(id);
  }

  async rows(id: string, statuses?: RowStatus[]): Promise<ResultRow[]> {
    const all = this.db.prepare(`SELECT * FROM experiment_rows WHERE experiment_id = ? ORDER BY idx`).all(id) as Record<string, unknown>[];
    const out = all.map(toResult);
    return statuses ? out.filter((r) => statuses.includes(r.status)) : out;
  }

  async todo(id: string): Promise<number[]> {
    return (this.db.prepare(`SELECT idx FROM experiment_rows WHERE experiment_id = ? AND status IN ('pending','running') ORDER BY idx`).all(id) as { idx: number }[]).map((r) => r.idx);
  }

  async counts(id: string): Promise<Record<RowStatus, number>> {
    const out: Record<RowStatus, number> = { pending: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
    for (const r of this.db.prepare(`SELECT status, COUNT(*) AS n FROM experiment_rows WHERE experiment_id = ? GROUP BY status`).all(id) as { status: RowStatus; n: number }[]) {
      out[r.status] = r.n;
    }
    return out;
  }

  async setRow(id: string, index: number, status: RowStatus, metrics: Record<string, unknown> | null = null, error: string | null = null, ms: number | null = null): Promise<void> {
    this.db
      .prepare(`UPDATE experiment_rows SET status = ?, metrics = ?, error = ?, ms = ? WHERE experiment_id = ? AND idx = ?`)
      .run(status, metrics ? JSON.stringify(metrics) : null, error, ms, id, index);
  }

  async cancelPending(id: string): Promise<number> {
    return this.db.prepare(`UPDATE experiment_rows SET status = 'cancelled' WHERE experiment_id = ? AND status = 'pending'`).run(id).changes;
  }
}

function toExperiment(r: Record<string, unknown>): ExperimentRow {
  return {
    id: r.id as string,
    owner: r.owner as string,
    name: (r.name as string | null) ?? null,
    kind: r.kind as string,
    request: JSON.parse(r.request as string),
    status: r.status as ExperimentStatus,
    total: Number(r.total),
    versions: JSON.parse(r.versions as string),
    error: (r.error as string | null) ?? null,
    createdAt: r.created_at as string,
    finishedAt: (r.finished_at as string | null) ?? null,
  };
}

function toResult(r: Record<string, unknown>): ResultRow {
  return {
    index: Number(r.idx),
    params: JSON.parse(r.params as string),
    seed: Number(r.seed),
    status: r.status as RowStatus,
    metrics: r.metrics ? JSON.parse(r.metrics as string) : null,
    error: (r.error as string | null) ?? null,
    ms: r.ms === null || r.ms === undefined ? null : Number(r.ms),
  };
}
