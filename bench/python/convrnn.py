"""ConvRNN forward unroll in numpy (one thread), the same algorithm as src/models/convrnn: per step every layer takes
the previous layer's output of the previous step, a 'same' 3x3 convolution (im2col + matmul), the reciprocal gated
cell (four recurrent 3x3 convolutions), ELU, 2x2 max pooling; a linear readout of the last step."""
import json
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_same(x, w):
    k = w.shape[0]
    p = k // 2
    b, h, wd, c = x.shape
    xp = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
    win = sliding_window_view(xp, (k, k), axis=(1, 2))  # b h w c k k
    cols = np.ascontiguousarray(win.transpose(0, 1, 2, 4, 5, 3)).reshape(b * h * wd, k * k * c)
    return (cols @ w.reshape(k * k * c, -1)).reshape(b, h, wd, -1)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def maxpool(x):
    b, h, w, c = x.shape
    return x[:, : h // 2 * 2, : w // 2 * 2].reshape(b, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def main():
    args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    batch, side, steps, channels, repeats = args.get('batch', 32), args.get('side', 16), args.get('steps', 16), args.get('channels', 8), args.get('repeats', 3)
    rng = np.random.default_rng(1)
    f32 = np.float32
    layers = []
    cin, s = 1, side
    for _ in range(2):
        layers.append({
            'W': (rng.normal(size=(3, 3, cin, channels)) * np.sqrt(2 / (9 * cin))).astype(f32),
            'b': np.zeros(channels, f32),
            **{n: (rng.normal(size=(3, 3, channels, channels)) * 0.5 / np.sqrt(9 * channels)).astype(f32) for n in ('Whc', 'Wcc', 'Wch', 'Whh')},
            'side': s,
        })
        cin, s = channels, s // 2
    wout = rng.normal(size=(s * s * channels, 2)).astype(f32)
    img = rng.random((batch, side, side, 1)).astype(f32)

    def unroll():
        h = [np.zeros((batch, l['side'], l['side'], channels), f32) for l in layers]
        c = [np.zeros_like(x) for x in h]
        y = [np.zeros((batch, l['side'] // 2, l['side'] // 2, channels), f32) for l in layers]
        for _ in range(steps):
            ny, nh, nc = [], [], []
            for i, l in enumerate(layers):
                x = img if i == 0 else y[i - 1]
                a = conv_same(x, l['W']) + l['b']
                cc = (1 - sigmoid(conv_same(h[i], l['Whc']) - 1)) * a + (1 - sigmoid(conv_same(c[i], l['Wcc']))) * c[i]
                hh = (1 - sigmoid(conv_same(c[i], l['Wch']) - 1)) * a + (1 - sigmoid(conv_same(h[i], l['Whh']))) * h[i]
                nh.append(hh)
                nc.append(cc)
                ny.append(maxpool(elu(hh)))
            h, c, y = nh, nc, ny
        return y[-1].reshape(batch, -1) @ wout

    unroll()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        unroll()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    print(json.dumps({'unrollMs': ts[len(ts) // 2] * 1000}))


if __name__ == '__main__':
    main()
