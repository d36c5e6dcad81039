/**
 * TensorFlow.js for the ConvRNN kind: the WebAssembly backend (XNNPACK) loaded from node_modules by file path (no
 * network), falling back to tfjs' plain-JS 'cpu' backend when WebAssembly cannot start.
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel (the weight gradient of a 2-D convolution), so BPTT
 * would fail there; we register one written in TypeScript below. The gradient tests (tests/models/convrnn.test.ts)
 * check every gradient against finite differences.
 *
 * Backend start-up is asynchronous in tfjs while the model contract is synchronous, so this module starts it with a
 * top-level await: every importer (worker, tests, scripts) has a ready backend before any model function runs.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

type Info = { dataId: object; shape: number[]; dtype: string };
interface WasmBackendLike {
  readSync(dataId: object): Float32Array;
  makeOutput(shape: number[], dtype: string): Info;
  typedArrayFromHeap(info: Info): Float32Array;
  disposeData(dataId: object): boolean;
}

/**
 * The weight gradient of an NHWC convolution, dW[i,j,c,o] = Σ_b Σ_y Σ_x X[b, y·s_h + i − p_top, x·s_w + j − p_left, c]
 * · dY[b, y, x, o] (Dumoulin & Visin 2016, §2), as one matrix product: the input patches (im2col, stored transposed
 * as k_h·k_w·C × N with N = B·OH·OW) times dY (N × O), run by the backend's own BatchMatMul kernel (XNNPACK).
 * (Delegating to the backend's Conv3DBackpropFilterV2 with depth 1 gave wrong values for stride 2 with 'same'
 * padding, so the patches are gathered here.)
 */
function registerConv2dFilterGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (!matMul) throw new Error('tfjs-backend-wasm lacks BatchMatMul');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as unknown as { x: Info; dy: Info };
      const a = attrs as unknown as { strides: number | [number, number]; pad: 'same' | 'valid' | number; filterShape: number[]; dataFormat?: string; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
      if (a.dataFormat && a.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter on wasm: NHWC only');
      const be = backend as unknown as WasmBackendLike;
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number], a.filterShape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode,
      );
      const [B, H, W, C] = x.shape as [number, number, number, number];
      const [, OH, OW, O] = dy.shape as [number, number, number, number];
      const [KH, KW] = a.filterShape as [number, number];
      const N = B * OH * OW;
      const K = KH * KW * C;
      // The patches are written transposed (K × N): XNNPACK multiplies an untransposed K × N by N × O several
      // times faster than it multiplies with its transposeA flag.
      const cols = be.makeOutput([K, N], 'float32');
      // Views on the wasm heap, taken after the allocation (which may grow and move the heap).
      const xs = be.typedArrayFromHeap(x);
      const cs = be.typedArrayFromHeap(cols);
      const sh = info.strideHeight;
      const sw = info.strideWidth;
      const pt = info.padInfo.top;
      const pl = info.padInfo.left;
      let n = 0;
      for (let b = 0; b < B; b++) {
        for (let oy = 0; oy < OH; oy++) {
          for (let ox = 0; ox < OW; ox++, n++) {
            let k = 0;
            for (let i = 0; i < KH; i++) {
              const iy = oy * sh + i - pt;
              for (let j = 0; j < KW; j++, k += C) {
                const ix = ox * sw + j - pl;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) for (let c = 0; c < C; c++) cs[(k + c) * N + n] = 0;
                else for (let c = 0, src = ((b * H + iy) * W + ix) * C; c < C; c++) cs[(k + c) * N + n] = xs[src + c]!;
              }
            }
          }
        }
      }
      const dw = matMul.kernelFunc({
        inputs: { a: cols, b: { dataId: dy.dataId, shape: [N, O], dtype: dy.dtype } } as never,
        backend,
        attrs: { transposeA: false, transposeB: false } as never,
      }) as Info;
      be.disposeData(cols.dataId);
      return { dataId: dw.dataId, shape: a.filterShape, dtype: dw.dtype } as never;
    },
  });
}

/**
 * tfjs-backend-wasm's own Conv2DBackpropInput is a plain loop, ~6× slower than its XNNPACK forward convolution. For
 * stride 1, no dilation, odd square kernels and 'same' padding (every recurrent convolution here), the input gradient
 * is itself a 'same' convolution: dX = dY ∗ W′ with W′[i,j,o,c] = W[k−1−i, k−1−j, c, o] (the kernel rotated by 180°
 * with in/out channels swapped; Dumoulin & Visin 2016, §4.1). Other cases keep the backend's kernel.
 */
function registerFastConv2dInputGradient(): void {
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  const conv = tf.getKernel('Conv2D', 'wasm');
  if (!original || !conv || (original as { fast?: boolean }).fast) return;
  const slow = original.kernelFunc;
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    fast: true,
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const { dy, filter } = inputs as unknown as { dy: Info; filter: Info };
      const a = attrs as unknown as { strides: number | [number, number]; pad: unknown; dataFormat?: string; dilations?: number | [number, number] };
      const [kh, kw, c, o] = filter.shape as [number, number, number, number];
      const unit = (v: unknown) => v === undefined || v === 1 || (Array.isArray(v) && v.every((e) => e === 1));
      if (!(unit(a.strides) && unit(a.dilations) && a.pad === 'same' && kh === kw && kh % 2 === 1 && (a.dataFormat ?? 'NHWC') === 'NHWC')) {
        return slow(args);
      }
      const be = backend as unknown as WasmBackendLike;
      const rotated = be.makeOutput([kh, kw, o, c], 'float32');
      const w = be.typedArrayFromHeap(filter);
      const r = be.typedArrayFromHeap(rotated);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const src = ((kh - 1 - i) * kw + (kw - 1 - j)) * c * o;
          const dst = (i * kw + j) * o * c;
          for (let ci = 0; ci < c; ci++) for (let oi = 0; oi < o; oi++) r[dst + oi * c + ci] = w[src + ci * o + oi]!;
        }
      }
      const dx = conv.kernelFunc({
        inputs: { x: dy, filter: rotated } as never,
        backend,
        attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } as never,
      });
      be.disposeData(rotated.dataId);
      return dx;
    },
  } as tf.KernelConfig);
}

async function start(): Promise<string> {
  if (process.env.RNNLAB_TF_BACKEND === 'cpu') {
    await tf.setBackend('cpu');
    return 'cpu';
  }
  try {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + path.sep);
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend returned false');
    await tf.ready();
    registerConv2dFilterGradient();
    registerFastConv2dInputGradient();
    return 'wasm';
  } catch (err) {
    process.emitWarning(`convrnn: WebAssembly backend unavailable (${(err as Error).message}); using tfjs cpu`);
    await tf.setBackend('cpu');
    return 'cpu';
  }
}

/** The backend in use: 'wasm' normally, 'cpu' when WebAssembly could not start (or RNNLAB_TF_BACKEND=cpu). */
export const tfBackend: string = await start();
export { tf };
