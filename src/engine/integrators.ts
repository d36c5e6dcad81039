/**
 * Integrators for τ dx/dt = F(x, t), chosen by name as Brian2's state updaters are. `derivative` writes dx/dt into
 * `out`. Buffers are passed in so a step allocates nothing. State and buffers are Float64Array, or all Float32Array
 * for a float32 session (each combination is then computed in double and rounded when stored).
 */
type Vec = Float64Array | Float32Array;
export type Derivative<V extends Vec = Float64Array> = (x: V, t: number, out: V) => void;

export interface IntegratorBuffers<V extends Vec = Float64Array> {
  k1: V;
  k2: V;
  k3: V;
  k4: V;
  tmp: V;
}

export const integratorNames = ['euler', 'rk4'] as const;
export type IntegratorName = (typeof integratorNames)[number];

/** Forward Euler: x ← x + dt·F(x, t). Global error O(dt). */
export function eulerStep<V extends Vec>(x: V, t: number, dt: number, f: Derivative<V>, b: IntegratorBuffers<V>): void {
  f(x, t, b.k1);
  for (let i = 0; i < x.length; i++) x[i]! += dt * b.k1[i]!;
}

/** Classical fourth-order Runge–Kutta. Global error O(dt⁴). */
export function rk4Step<V extends Vec>(x: V, t: number, dt: number, f: Derivative<V>, b: IntegratorBuffers<V>): void {
  const n = x.length;
  const { k1, k2, k3, k4, tmp } = b;
  f(x, t, k1);
  for (let i = 0; i < n; i++) tmp[i] = x[i]! + 0.5 * dt * k1[i]!;
  f(tmp, t + 0.5 * dt, k2);
  for (let i = 0; i < n; i++) tmp[i] = x[i]! + 0.5 * dt * k2[i]!;
  f(tmp, t + 0.5 * dt, k3);
  for (let i = 0; i < n; i++) tmp[i] = x[i]! + dt * k3[i]!;
  f(tmp, t + dt, k4);
  for (let i = 0; i < n; i++) x[i]! += (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
}

export const integrators: Record<IntegratorName, typeof eulerStep> = { euler: eulerStep, rk4: rk4Step };
