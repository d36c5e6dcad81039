/**
 * Nonlinearities f by name, as in the lecture's rate equations. Applied elementwise in place or into `out`, on
 * float64 or float32 arrays (computed in double, rounded when stored into a Float32Array). tanh from a Float32Array
 * into a Float32Array is `tanhF32` (linalg/tanh-f32.ts: vectorised, within 2 ulp of the correctly rounded float32
 * tanh, the same bits on every machine); float64 is Math.tanh, computed for arrays in the WebAssembly memory by a
 * native vectorised port of V8's own fdlibm tanh that gives exactly Math.tanh's bits (checked at load).
 */
import { tanhF32 } from './linalg/tanh-f32.js';
import { heapOffset, nativeTanhF64, NATIVE_MIN_TANH_F64 } from './wasm/heap.js';

export const nonlinearityNames = ['tanh', 'relu', 'sigmoid', 'linear', 'step'] as const;
export type NonlinearityName = (typeof nonlinearityNames)[number];

export function applyNonlinearity(name: NonlinearityName, x: Float64Array | Float32Array, out: Float64Array | Float32Array = x): void {
  const n = x.length;
  switch (name) {
    case 'tanh':
      if (x instanceof Float32Array && out instanceof Float32Array) {
        if (out !== x) out.set(x);
        tanhF32(out);
        return;
      }
      if (out instanceof Float64Array && out.length === n && n >= NATIVE_MIN_TANH_F64) {
        // In the WebAssembly memory: the native kernel, Math.tanh's own bits, vectorised (engine/wasm/heap.ts).
        const p = heapOffset(out);
        if (p >= 0) {
          if (out !== x) out.set(x);
          if (nativeTanhF64(p, n)) return;
        }
      }
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
      return;
    case 'relu': // threshold-linear [x]₊
      for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? x[i]! : 0;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
      return;
    case 'linear':
      if (out !== x) out.set(x);
      return;
    case 'step': // Heaviside, with f(0) = 0
      for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? 1 : 0;
      return;
  }
}
