/** Open the store the settings name. The embedded default is SQLite in DATA_DIR. */
import type { Settings } from '../config.js';
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

export async function openStore(settings: Pick<Settings, 'dataDir'>): Promise<Store> {
  return new SqliteStore(settings.dataDir);
}
