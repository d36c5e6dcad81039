/** Sessions and their encoded state in SQLite (one row per session). */
import type Database from 'better-sqlite3';
import type { SessionRepository } from '../store.js';
import type { SessionRow } from '../types.js';
import { parseJson } from './json.js';

const ROW_COLUMNS = `id, owner, name, kind, config, seed, live, step, t, rng, created_at, updated_at`;

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class SqliteSessionRepository implements SessionRepository {
  constructor(private readonly db: Database.Database) {}

  async insert(row: SessionRow, state: Uint8Array): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sessions (id, owner, name, kind, config, seed, live, step, t, rng, state, created_at, updated_at)
         VALUES (@id, @owner, @name, @kind, @config, @seed, @live, @step, @t, @rng, @state, @createdAt, @updatedAt)`,
      )
      .run({ ...params(row), state: asBuffer(state) });
  }

  async update(row: SessionRow, state?: Uint8Array): Promise<void> {
    const p = params(row);
    if (state) {
      this.db
        .prepare(`UPDATE sessions SET name=@name, config=@config, seed=@seed, live=@live, step=@step, t=@t, rng=@rng, state=@state, updated_at=@updatedAt WHERE id=@id`)
        .run({ ...p, state: asBuffer(state) });
    } else {
      this.db.prepare(`UPDATE sessions SET name=@name, config=@config, seed=@seed, live=@live, step=@step, t=@t, rng=@rng, updated_at=@updatedAt WHERE id=@id`).run(p);
    }
  }

  async get(id: string): Promise<SessionRow | undefined> {
    const r = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM sessions WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? toRow(r) : undefined;
  }

  async load(id: string): Promise<{ row: SessionRow; state: Uint8Array } | undefined> {
    const r = this.db.prepare(`SELECT * FROM sessions WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? { row: toRow(r), state: r.state as Buffer } : undefined;
  }

  async list(owner?: string): Promise<SessionRow[]> {
    const rows = (owner === undefined
      ? this.db.prepare(`SELECT ${ROW_COLUMNS} FROM sessions ORDER BY created_at`).all()
      : this.db.prepare(`SELECT ${ROW_COLUMNS} FROM sessions WHERE owner = ? ORDER BY created_at`).all(owner)) as Record<string, unknown>[];
    return rows.map(toRow);
  }

  async count(owner?: string): Promise<number> {
    const r = (owner === undefined
      ? this.db.prepare(`SELECT COUNT(*) AS n FROM sessions`).get()
      : this.db.prepare(`SELECT COUNT(*) AS n FROM sessions WHERE owner = ?`).get(owner)) as { n: number };
    return r.n;
  }

  async delete(id: string): Promise<void> {
    this.db.prepare(`DELETE FROM sessions WHERE id = ?`).run(id);
  }
}

function params(row: SessionRow) {
  return {
    id: row.id,
    owner: row.owner,
    name: row.name,
    kind: row.kind,
    config: JSON.stringify(row.config),
    seed: row.seed,
    live: JSON.stringify(row.live),
    step: row.step,
    t: row.t,
    rng: JSON.stringify(row.rngState),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toRow(r: Record<string, unknown>): SessionRow {
  return {
    id: r.id as string,
    owner: r.owner as string,
    name: (r.name as string | null) ?? null,
    kind: r.kind as string,
    config: parseJson(r.config),
    seed: Number(r.seed),
    live: parseJson(r.live) as Record<string, unknown>,
    step: Number(r.step),
    t: Number(r.t),
    rngState: parseJson(r.rng) as number[],
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}
