/**
 * A small bitmap font: the letters A–Z and digits 0–9 as 5×7 pixel glyphs, for the visual demos (stored patterns of
 * a Hopfield network, input sequences of a convolutional RNN…).
 *
 * The shapes follow the classic 5×7 dot-matrix character set (the HD44780 LCD controller's ROM), which is legible at
 * this size and in the public domain. Each glyph is given as 7 rows of 5 characters ('#' on, '.' off) so that the
 * source is its own picture; `glyph(char)` turns it into row-major pixels (1 = on).
 */

/** Width and height of every glyph, in pixels. */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

export interface Glyph {
  width: number;
  height: number;
  /** Row-major pixels, `height` rows of `width`, 1 = ink, 0 = background. */
  pixels: Uint8Array;
}

const FONT: Record<string, string[]> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['###..', '#..#.', '#...#', '#...#', '#...#', '#..#.', '###..'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
};

/** Every character the font draws, in order: 'A'…'Z' then '0'…'9'. */
export const glyphChars: readonly string[] = Object.freeze(Object.keys(FONT).sort((a, b) => {
  const da = /\d/.test(a);
  const db = /\d/.test(b);
  return da === db ? a.localeCompare(b) : da ? 1 : -1;
}));

const cache = new Map<string, Uint8Array>();

/** True when the font has a glyph for `char` (case-insensitive for letters). */
export function hasGlyph(char: string): boolean {
  return char.length === 1 && FONT[char.toUpperCase()] !== undefined;
}

/**
 * The glyph of one character (letters are case-insensitive). Returns a fresh copy of the pixels, so callers may
 * modify it. Throws for a character the font does not have (check with `hasGlyph`).
 */
export function glyph(char: string): Glyph {
  const key = char.toUpperCase();
  const rows = FONT[key];
  if (char.length !== 1 || rows === undefined) {
    throw new RangeError(`no glyph for ${JSON.stringify(char)}; the font has ${glyphChars.join('')}`);
  }
  let pixels = cache.get(key);
  if (pixels === undefined) {
    pixels = new Uint8Array(GLYPH_WIDTH * GLYPH_HEIGHT);
    for (let r = 0; r < GLYPH_HEIGHT; r++) {
      for (let c = 0; c < GLYPH_WIDTH; c++) pixels[r * GLYPH_WIDTH + c] = rows[r]![c] === '#' ? 1 : 0;
    }
    cache.set(key, pixels);
  }
  return { width: GLYPH_WIDTH, height: GLYPH_HEIGHT, pixels: pixels.slice() };
}

/**
 * The glyph scaled up by an integer factor (each pixel becomes a factor×factor block), e.g. for a larger network or
 * a convolutional input where one stroke should span several pixels.
 */
export function scaledGlyph(char: string, factor: number): Glyph {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError('factor must be a positive integer');
  const g = glyph(char);
  const width = g.width * factor;
  const height = g.height * factor;
  const pixels = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) pixels[r * width + c] = g.pixels[Math.floor(r / factor) * g.width + Math.floor(c / factor)]!;
  }
  return { width, height, pixels };
}
