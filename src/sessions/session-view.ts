/** A session as the API shows it (GET /v1/sessions/{id}, lists): from the row, or from the resident runtime. */
import { getModel } from '../models/index.js';
import type { Runtime } from '../engine/simulator.js';
import type { SessionRow } from '../store/store.js';

export interface SessionView {
  id: string;
  name: string | null;
  model: string;
  owner: string;
  seed: number;
  config: unknown;
  live: Record<string, unknown>;
  step: number;
  t: number;
  timeUnit: string;
  size: number;
  activeRun: string | null;
  createdAt: string;
  updatedAt: string;
}

export function sessionView(row: SessionRow, activeRun: string | null, runtime?: Runtime): SessionView {
  const model = getModel(row.kind);
  return {
    id: row.id,
    name: row.name,
    model: row.kind,
    owner: row.owner,
    seed: row.seed,
    config: row.config,
    live: runtime?.live ?? row.live,
    step: runtime?.step ?? row.step,
    t: runtime?.t ?? row.t,
    timeUnit: model?.meta.timeUnit ?? 'ms',
    size: model ? model.size(row.config) : 0,
    activeRun,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
