import type { Preset } from '../contract.js';
import type { HopfieldConfig } from './hopfield-config.js';

export const hopfieldPresets: Preset<HopfieldConfig>[] = [
  {
    name: 'glyph-completion',
    description: 'Four letters (T, L, X, O) as 10×14 pictures; the T is cued with 20% of its pixels flipped and is completed',
    reference: 'Lecture slide "Example of pattern completion"; Hopfield 1982',
    config: { patterns: { type: 'glyphs', chars: 'TLXO', scale: 2 }, rule: 'pseudo-inverse', cue: { pattern: 0, flip: 0.2, mask: 0 } },
    run: { steps: 10 },
  },
  {
    name: 'glyph-half-masked',
    description: 'The same letters; the bottom half of the X is hidden and filled in',
    config: { patterns: { type: 'glyphs', chars: 'TLXO', scale: 2 }, rule: 'pseudo-inverse', cue: { pattern: 2, flip: 0, mask: 0.5 } },
    run: { steps: 10 },
  },
  {
    name: 'below-capacity-a0.05',
    description: 'N = 1000, Hebbian, α = 0.05: a 10%-corrupted cue is recalled (overlap ≈ 1.00)',
    reference: 'Amit, Gutfreund & Sompolinsky 1985; reference table: overlap 1.00 at α = 0.05',
    config: { size: 1000, rule: 'hebbian', patterns: { type: 'random', count: 50, load: 0.05, activity: 0.5 }, cue: { pattern: 0, flip: 0.1, mask: 0 } },
    run: { steps: 20 },
  },
  {
    name: 'above-capacity-a0.2',
    description: 'N = 1000, Hebbian, α = 0.2 > α_c ≈ 0.138: recall collapses into a spurious state (overlap ≈ 0.35)',
    reference: 'Amit, Gutfreund & Sompolinsky 1985',
    config: { size: 1000, rule: 'hebbian', patterns: { type: 'random', count: 200, load: 0.2, activity: 0.5 }, cue: { pattern: 0, flip: 0.1, mask: 0 } },
    run: { steps: 30 },
  },
  {
    name: 'storkey-a0.2',
    description: 'N = 500, Storkey rule at α = 0.2, where the Hebbian rule fails: recall still works',
    reference: 'Storkey 1997',
    config: { size: 500, rule: 'storkey', patterns: { type: 'random', count: 100, load: 0.2, activity: 0.5 }, cue: { pattern: 0, flip: 0.1, mask: 0 } },
    run: { steps: 30 },
  },
];
