import { describe, expect, it } from 'vitest';
import { glyph, glyphChars, hasGlyph, scaledGlyph } from '../../src/stimuli/glyphs.js';

describe('glyphs (5×7 font)', () => {
  it('has A–Z then 0–9, each 5×7 with ink, all distinct', () => {
    expect(glyphChars.join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    const seen = new Set<string>();
    for (const ch of glyphChars) {
      const g = glyph(ch);
      expect(g.width * g.height).toBe(g.pixels.length);
      expect(g.pixels.reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
      seen.add(g.pixels.join(''));
    }
    expect(seen.size).toBe(glyphChars.length);
  });
  it('is case-insensitive, copies pixels, rejects unknown characters, scales', () => {
    expect(glyph('a').pixels).toEqual(glyph('A').pixels);
    glyph('A').pixels[0] = 9;
    expect(glyph('A').pixels[0]).toBe(0);
    expect(hasGlyph('?')).toBe(false);
    expect(() => glyph('?')).toThrow(RangeError);
    const s = scaledGlyph('T', 2);
    expect([s.width, s.height]).toEqual([10, 14]);
    expect(s.pixels[0]).toBe(1);
  });
});
