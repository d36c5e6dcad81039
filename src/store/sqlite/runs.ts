/** Runs and trainings with their recordings in SQLite. */
import type Database from 'better-sqlite3';
import type { RunRepository } from '../store.js';
import type { RunEventRow, RunRow, RunStatus, RunType } from '../types.js';
import { jsonOrNull, parseJson } from './json.js';
import { asBuffer } from './sessions.js';

const ROW_COLUMNS = `id, session_id, owner, type, status, request, steps_done, steps_total, metrics, curves, error, created_at,
  started_at, finished_at, events, recording IS NOT NULL AS has_recording`;

export class SqliteRunRepository implements RunRepository {
  constructor(private readonly db: Database.Database) {}

  async insert(row: RunRow): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO runs (id, session_id, owner, type, status, request, steps_done, steps_total, metrics, curves, error, created_at, started_at, finished_at, events)
         VALUES (@id, @sessionId, @owner, @type, @status, @request, @stepsDone, @stepsTotal, @metrics, @curves, @error, @createdAt, @startedAt, @finishedAt, @events)`,
      )
      .run(params(row));
  }

  async update(row: RunRow, recording?: Uint8Array): Promise<void> {
    const p = params(row);
    const sql = `UPDATE runs SET status=@status, steps_done=@stepsDone, metrics=@metrics, curves=@curves, error=@error,
      started_at=@startedAt, finished_at=@finishedAt, events=@events${recording ? ', recording=@recording' : ''} WHERE id=@id`;
    this.db.prepare(sql).run(recording ? { ...p, recording: asBuffer(recording) } : p);
  }

  async delete(id: string): Promise<void> {
    this.db.prepare(`DELETE FROM runs WHERE id = ?`).run(id);
  }

  async get(id: string): Promise<RunRow | undefined> {
    const r = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM runs WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? toRow(r) : undefined;
  }

  async recording(id: string): Promise<Uint8Array | undefined> {
    const r = this.db.prepare(`SELECT recording FROM runs WHERE id = ?`).get(id) as { recording: Buffer | null } | undefined;
    return r?.recording ?? undefined;
  }

  async list(sessionId: string): Promise<RunRow[]> {
    const rows = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM runs WHERE session_id = ? ORDER BY created_at`).all(sessionId) as Record<string, unknown>[];
    return rows.map(toRow);
  }

  async failUnfinished(reason: string): Promise<number> {
    const res = this.db
      .prepare(`UPDATE runs SET status='failed', error=?, finished_at=? WHERE status IN ('queued','running','paused')`)
      .run(reason, new Date().toISOString());
    return res.changes;
  }
}

function params(row: RunRow) {
  return {
    id: row.id,
    sessionId: row.sessionId,
    owner: row.owner,
    type: row.type,
    status: row.status,
    request: JSON.stringify(row.request),
    stepsDone: row.stepsDone,
    stepsTotal: row.stepsTotal,
    metrics: jsonOrNull(row.metrics),
    curves: jsonOrNull(row.curves),
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    events: JSON.stringify(row.events ?? []),
  };
}

function toRow(r: Record<string, unknown>): RunRow {
  return {
    id: r.id as string,
    sessionId: r.session_id as string,
    owner: r.owner as string,
    type: r.type as RunType,
    status: r.status as RunStatus,
    request: parseJson(r.request),
    stepsDone: Number(r.steps_done),
    stepsTotal: Number(r.steps_total),
    metrics: parseJson(r.metrics),
    curves: parseJson(r.curves),
    error: (r.error as string | null) ?? null,
    createdAt: r.created_at as string,
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
    hasRecording: Boolean(r.has_recording),
    events: (parseJson(r.events) as RunEventRow[] | null) ?? [],
  };
}
