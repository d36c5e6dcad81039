/** Inputs that used to crash the server (500) are refused as 400 problem+json naming the field (#15 item 9). */
import { describe, expect, it } from 'vitest';
import { build } from '../helper.js';

describe('glyph characters and FORCE target sequences', () => {
  it('refuses glyph patterns with characters outside the font, naming config.patterns.chars', async () => {
    const app = await build();
    for (const chars of ['<script>', '', '💥', '\u0000', 'A💥']) {
      const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'hopfield', config: { patterns: { type: 'glyphs', chars } } } });
      expect(res.statusCode, JSON.stringify(chars)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('config.patterns.chars');
    }
    for (const chars of ['💥', '\u0000']) {
      const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'convrnn', config: { classes: 2, task: { type: 'glyphs', chars: `A${chars}` } } } });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('config.task.chars');
    }
  });

  it('refuses an empty FORCE target sequence, naming config.target.values', async () => {
    const app = await build();
    for (const values of [[], [[]], [[1]]]) {
      const res = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { model: 'force', config: { size: 20, target: { type: 'sequence', values } } } });
      expect(res.statusCode, JSON.stringify(values)).toBe(400);
      expect(res.json().errors.some((e: { path: string }) => e.path.startsWith('config.target.values'))).toBe(true);
    }
  });
});
