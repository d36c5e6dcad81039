/**
 * Token mode. With no tokens configured the server is open (and binds to 127.0.0.1 by default): every request acts
 * as the user "local". With tokens (TOKENS_FILE: a JSON array of {token, user, role}, or TOKENS="user:role:token,…")
 * every request needs `Authorization: Bearer <token>` (`?token=` on WebSocket upgrades only, see src/http/auth.ts); a session belongs to its creator,
 * other students get 404 for it, and the `instructor` role sees every session.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const roles = ['student', 'instructor'] as const;
export type Role = (typeof roles)[number];

export interface User {
  name: string;
  role: Role;
}

export const LOCAL_USER: User = { name: 'local', role: 'instructor' };

const entrySchema = z.object({ token: z.string().min(8), user: z.string().min(1).max(100), role: z.enum(roles).default('student') });

export function loadTokens(file?: string, inline?: string): Map<string, User> | null {
  const entries: z.infer<typeof entrySchema>[] = [];
  if (file) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const list = Array.isArray(raw) ? raw : (raw as { tokens?: unknown }).tokens;
    entries.push(...z.array(entrySchema).parse(list));
  }
  if (inline) {
    for (const part of inline.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [user, role, token] = part.split(':');
      entries.push(entrySchema.parse({ user, role, token }));
    }
  }
  if (entries.length === 0) return null;
  return new Map(entries.map((e) => [e.token, { name: e.user, role: e.role }]));
}

/** May `user` see a thing owned by `owner`? */
export function canAccess(user: User, owner: string): boolean {
  return user.role === 'instructor' || user.name === owner;
}
