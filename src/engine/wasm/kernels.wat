;; rnnlab numerical kernels: WebAssembly SIMD (128-bit), assembled at build time by scripts/build-wasm.mjs.
;;
;; Every pointer is a byte offset into the imported (shared) memory; every matrix is row-major.
;; Reproducibility: WebAssembly arithmetic is IEEE-754 with round-to-nearest and no fused multiply-add, so a fixed
;; order of operations gives the same bits on every machine and thread. Each kernel documents its reduction order;
;; src/engine/linalg/*.ts holds a plain-JS twin of every per-step kernel with exactly the same order, so an array
;; that is not in WebAssembly memory gives bit-identical results on the JS path.
;;
;; The "8-lane dot" order used by every row reduction (dot, mat-vec, RLS, field sweeps, Cholesky):
;;   s_k = Σ_{b} a[8b+k]·x[8b+k]  for k = 0..7 over the full blocks of 8 (sequential in b),
;;   s   = ((s0+s2)+(s4+s6)) + ((s1+s3)+(s5+s7)),  then s += a[j]·x[j] for the tail j (sequential).
(module
  (import "env" "memory" (memory 1 32768 shared))

  ;; ---- reductions -------------------------------------------------------------------------------------------

  ;; 8-lane dot product of n float64 at pa and pb (order above).
  (func $dot8 (param $pa i32) (param $pb i32) (param $n i32) (result f64)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $end i32) (local $s f64)
    (local.set $end (i32.add (local.get $pa) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $pa) (local.get $end)))
      (local.set $v0 (f64x2.add (local.get $v0) (f64x2.mul (v128.load (local.get $pa)) (v128.load (local.get $pb)))))
      (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (v128.load offset=16 (local.get $pa)) (v128.load offset=16 (local.get $pb)))))
      (local.set $v2 (f64x2.add (local.get $v2) (f64x2.mul (v128.load offset=32 (local.get $pa)) (v128.load offset=32 (local.get $pb)))))
      (local.set $v3 (f64x2.add (local.get $v3) (f64x2.mul (v128.load offset=48 (local.get $pa)) (v128.load offset=48 (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
      (br $l)))
    ;; (v0+v1)+(v2+v3): lane 0 = (s0+s2)+(s4+s6), lane 1 = (s1+s3)+(s5+s7)
    (local.set $v0 (f64x2.add (f64x2.add (local.get $v0) (local.get $v1)) (f64x2.add (local.get $v2) (local.get $v3))))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $v0)) (f64x2.extract_lane 1 (local.get $v0))))
    (local.set $end (i32.add (local.get $pa) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 3))))
    (block $tdone (loop $t
      (br_if $tdone (i32.ge_u (local.get $pa) (local.get $end)))
      (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
      (br $t)))
    (local.get $s))

  (func (export "dot_f64") (param $pa i32) (param $pb i32) (param $n i32) (result f64)
    (call $dot8 (local.get $pa) (local.get $pb) (local.get $n)))

  ;; y = A·x (accum = 0) or y += A·x (accum = 1); each row is an 8-lane dot. Two rows per pass share the loads of x
  ;; (the per-row order is unchanged).
  (func $matvec_f64 (export "matvec_f64") (param $a i32) (param $rows i32) (param $cols i32) (param $x i32) (param $y i32) (param $accum i32)
    (local $i i32) (local $pa i32) (local $pb i32) (local $px i32) (local $end i32) (local $rowBytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $xv v128) (local $sa f64) (local $sb f64) (local $tail i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $tail (i32.and (local.get $cols) (i32.const 7)))
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $rows)))
      (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $pb (i32.add (local.get $pa) (local.get $rowBytes)))
      (local.set $px (local.get $x))
      (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $cols) (i32.const -8)) (i32.const 3))))
      (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
      (local.set $a2 (v128.const i64x2 0 0)) (local.set $a3 (v128.const i64x2 0 0))
      (local.set $b0 (v128.const i64x2 0 0)) (local.set $b1 (v128.const i64x2 0 0))
      (local.set $b2 (v128.const i64x2 0 0)) (local.set $b3 (v128.const i64x2 0 0))
      (block $jdone (loop $jl
        (br_if $jdone (i32.ge_u (local.get $px) (local.get $end)))
        (local.set $xv (v128.load (local.get $px)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $pa)) (local.get $xv))))
        (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (v128.load (local.get $pb)) (local.get $xv))))
        (local.set $xv (v128.load offset=16 (local.get $px)))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (local.get $pa)) (local.get $xv))))
        (local.set $b1 (f64x2.add (local.get $b1) (f64x2.mul (v128.load offset=16 (local.get $pb)) (local.get $xv))))
        (local.set $xv (v128.load offset=32 (local.get $px)))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load offset=32 (local.get $pa)) (local.get $xv))))
        (local.set $b2 (f64x2.add (local.get $b2) (f64x2.mul (v128.load offset=32 (local.get $pb)) (local.get $xv))))
        (local.set $xv (v128.load offset=48 (local.get $px)))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load offset=48 (local.get $pa)) (local.get $xv))))
        (local.set $b3 (f64x2.add (local.get $b3) (f64x2.mul (v128.load offset=48 (local.get $pb)) (local.get $xv))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
        (local.set $px (i32.add (local.get $px) (i32.const 64)))
        (br $jl)))
      (local.set $a0 (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $a2) (local.get $a3))))
      (local.set $b0 (f64x2.add (f64x2.add (local.get $b0) (local.get $b1)) (f64x2.add (local.get $b2) (local.get $b3))))
      (local.set $sa (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
      (local.set $sb (f64.add (f64x2.extract_lane 0 (local.get $b0)) (f64x2.extract_lane 1 (local.get $b0))))
      (local.set $end (i32.add (local.get $px) (i32.shl (local.get $tail) (i32.const 3))))
      (block $tdone (loop $tl
        (br_if $tdone (i32.ge_u (local.get $px) (local.get $end)))
        (local.set $sa (f64.add (local.get $sa) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $px)))))
        (local.set $sb (f64.add (local.get $sb) (f64.mul (f64.load (local.get $pb)) (f64.load (local.get $px)))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
        (local.set $px (i32.add (local.get $px) (i32.const 8)))
        (br $tl)))
      (local.set $pa (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))
      (if (local.get $accum) (then
        (local.set $sa (f64.add (f64.load (local.get $pa)) (local.get $sa)))
        (local.set $sb (f64.add (f64.load offset=8 (local.get $pa)) (local.get $sb)))))
      (f64.store (local.get $pa) (local.get $sa))
      (f64.store offset=8 (local.get $pa) (local.get $sb))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $rl)))
    ;; odd last row
    (if (i32.lt_u (local.get $i) (local.get $rows)) (then
      (local.set $sa (call $dot8 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))) (local.get $x) (local.get $cols)))
      (local.set $pa (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))
      (if (local.get $accum) (then (local.set $sa (f64.add (f64.load (local.get $pa)) (local.get $sa)))))
      (f64.store (local.get $pa) (local.get $sa)))))

  ;; y = Aᵀ·x: y = 0, then for each row i with x_i ≠ 0 (in order) y_j += a_ij·x_i. Elementwise, so SIMD keeps the
  ;; scalar order exactly.
  (func (export "mattvec_f64") (param $a i32) (param $rows i32) (param $cols i32) (param $x i32) (param $y i32)
    (local $i i32) (local $pa i32) (local $py i32) (local $end i32) (local $end2 i32) (local $xi f64) (local $xv v128)
    (local.set $py (local.get $y))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $cols) (i32.const 3))))
    (block $z (loop $zl (br_if $z (i32.ge_u (local.get $py) (local.get $end)))
      (f64.store (local.get $py) (f64.const 0))
      (local.set $py (i32.add (local.get $py) (i32.const 8))) (br $zl)))
    (local.set $end2 (i32.add (local.get $y) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 3))))
    (local.set $pa (local.get $a))
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $xi (f64.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3)))))
      (if (f64.ne (local.get $xi) (f64.const 0)) (then
        (local.set $xv (f64x2.splat (local.get $xi)))
        (local.set $py (local.get $y))
        (block $jd (loop $jl
          (br_if $jd (i32.ge_u (local.get $py) (local.get $end2)))
          (v128.store (local.get $py) (f64x2.add (v128.load (local.get $py)) (f64x2.mul (v128.load (local.get $pa)) (local.get $xv))))
          (v128.store offset=16 (local.get $py) (f64x2.add (v128.load offset=16 (local.get $py)) (f64x2.mul (v128.load offset=16 (local.get $pa)) (local.get $xv))))
          (local.set $py (i32.add (local.get $py) (i32.const 32)))
          (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
          (br $jl)))
        (block $td (loop $tl
          (br_if $td (i32.ge_u (local.get $py) (local.get $end)))
          (f64.store (local.get $py) (f64.add (f64.load (local.get $py)) (f64.mul (f64.load (local.get $pa)) (local.get $xi))))
          (local.set $py (i32.add (local.get $py) (i32.const 8)))
          (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
          (br $tl))))
        (else (local.set $pa (i32.add (local.get $pa) (i32.shl (local.get $cols) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rl))))

  ;; out += Σ_k W[idx_k, :] (rows added one after another, in the order of idx): spike propagation through a dense
  ;; row-major weight matrix (row = presynaptic neuron).
  (func (export "add_rows_f64") (param $w i32) (param $cols i32) (param $idx i32) (param $count i32) (param $out i32)
    (local $k i32) (local $pa i32) (local $py i32) (local $end i32) (local $end2 i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $cols) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $out) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 3))))
    (block $kd (loop $kl
      (br_if $kd (i32.ge_u (local.get $k) (local.get $count)))
      (local.set $pa (i32.add (local.get $w) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 2)))) (i32.shl (local.get $cols) (i32.const 3)))))
      (local.set $py (local.get $out))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $py) (local.get $end2)))
        (v128.store (local.get $py) (f64x2.add (v128.load (local.get $py)) (v128.load (local.get $pa))))
        (v128.store offset=16 (local.get $py) (f64x2.add (v128.load offset=16 (local.get $py)) (v128.load offset=16 (local.get $pa))))
        (local.set $py (i32.add (local.get $py) (i32.const 32)))
        (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
        (br $jl)))
      (block $td (loop $tl
        (br_if $td (i32.ge_u (local.get $py) (local.get $end)))
        (f64.store (local.get $py) (f64.add (f64.load (local.get $py)) (f64.load (local.get $pa))))
        (local.set $py (i32.add (local.get $py) (i32.const 8)))
        (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
        (br $tl)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $kl))))

  ;; ---- float32 mat-vec ----------------------------------------------------------------------------------------
  ;; 16 lanes: s_k = Σ_b a[16b+k]·x[16b+k] (k = 0..15), combined as (v0+v1)+(v2+v3) lane-wise, then lanes
  ;; ((l0+l2)+(l1+l3)) ... see linalg/dense32.ts for the exact scalar twin; tail sequential.
  (func $dot16f (param $pa i32) (param $pb i32) (param $n i32) (result f32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $end i32) (local $s f32)
    (local.set $end (i32.add (local.get $pa) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $pa) (local.get $end)))
      (local.set $v0 (f32x4.add (local.get $v0) (f32x4.mul (v128.load (local.get $pa)) (v128.load (local.get $pb)))))
      (local.set $v1 (f32x4.add (local.get $v1) (f32x4.mul (v128.load offset=16 (local.get $pa)) (v128.load offset=16 (local.get $pb)))))
      (local.set $v2 (f32x4.add (local.get $v2) (f32x4.mul (v128.load offset=32 (local.get $pa)) (v128.load offset=32 (local.get $pb)))))
      (local.set $v3 (f32x4.add (local.get $v3) (f32x4.mul (v128.load offset=48 (local.get $pa)) (v128.load offset=48 (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
      (br $l)))
    (local.set $v0 (f32x4.add (f32x4.add (local.get $v0) (local.get $v1)) (f32x4.add (local.get $v2) (local.get $v3))))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v0)) (f32x4.extract_lane 2 (local.get $v0)))
      (f32.add (f32x4.extract_lane 1 (local.get $v0)) (f32x4.extract_lane 3 (local.get $v0)))))
    (local.set $end (i32.add (local.get $pa) (i32.shl (i32.and (local.get $n) (i32.const 15)) (i32.const 2))))
    (block $tdone (loop $t
      (br_if $tdone (i32.ge_u (local.get $pa) (local.get $end)))
      (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
      (br $t)))
    (local.get $s))

  ;; Two rows per pass share the loads of x; each row keeps the $dot16f order.
  (func (export "matvec_f32") (param $a i32) (param $rows i32) (param $cols i32) (param $x i32) (param $y i32) (param $accum i32)
    (local $i i32) (local $pa i32) (local $pb i32) (local $px i32) (local $end i32) (local $rowBytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $xv v128) (local $sa f32) (local $sb f32) (local $py i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $rows)))
      (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $pb (i32.add (local.get $pa) (local.get $rowBytes)))
      (local.set $px (local.get $x))
      (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $cols) (i32.const -16)) (i32.const 2))))
      (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
      (local.set $a2 (v128.const i64x2 0 0)) (local.set $a3 (v128.const i64x2 0 0))
      (local.set $b0 (v128.const i64x2 0 0)) (local.set $b1 (v128.const i64x2 0 0))
      (local.set $b2 (v128.const i64x2 0 0)) (local.set $b3 (v128.const i64x2 0 0))
      (block $jdone (loop $jl
        (br_if $jdone (i32.ge_u (local.get $px) (local.get $end)))
        (local.set $xv (v128.load (local.get $px)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $pa)) (local.get $xv))))
        (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (v128.load (local.get $pb)) (local.get $xv))))
        (local.set $xv (v128.load offset=16 (local.get $px)))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $pa)) (local.get $xv))))
        (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (v128.load offset=16 (local.get $pb)) (local.get $xv))))
        (local.set $xv (v128.load offset=32 (local.get $px)))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $pa)) (local.get $xv))))
        (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (v128.load offset=32 (local.get $pb)) (local.get $xv))))
        (local.set $xv (v128.load offset=48 (local.get $px)))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $pa)) (local.get $xv))))
        (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (v128.load offset=48 (local.get $pb)) (local.get $xv))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 64)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
        (local.set $px (i32.add (local.get $px) (i32.const 64)))
        (br $jl)))
      (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3))))
      (local.set $b0 (f32x4.add (f32x4.add (local.get $b0) (local.get $b1)) (f32x4.add (local.get $b2) (local.get $b3))))
      (local.set $sa (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 2 (local.get $a0)))
        (f32.add (f32x4.extract_lane 1 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
      (local.set $sb (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $b0)) (f32x4.extract_lane 2 (local.get $b0)))
        (f32.add (f32x4.extract_lane 1 (local.get $b0)) (f32x4.extract_lane 3 (local.get $b0)))))
      (local.set $end (i32.add (local.get $px) (i32.shl (i32.and (local.get $cols) (i32.const 15)) (i32.const 2))))
      (block $tdone (loop $tl
        (br_if $tdone (i32.ge_u (local.get $px) (local.get $end)))
        (local.set $sa (f32.add (local.get $sa) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $px)))))
        (local.set $sb (f32.add (local.get $sb) (f32.mul (f32.load (local.get $pb)) (f32.load (local.get $px)))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
        (local.set $px (i32.add (local.get $px) (i32.const 4)))
        (br $tl)))
      (local.set $py (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2))))
      (if (local.get $accum) (then
        (local.set $sa (f32.add (f32.load (local.get $py)) (local.get $sa)))
        (local.set $sb (f32.add (f32.load offset=4 (local.get $py)) (local.get $sb)))))
      (f32.store (local.get $py) (local.get $sa))
      (f32.store offset=4 (local.get $py) (local.get $sb))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $rl)))
    (if (i32.lt_u (local.get $i) (local.get $rows)) (then
      (local.set $sa (call $dot16f (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))) (local.get $x) (local.get $cols)))
      (local.set $py (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2))))
      (if (local.get $accum) (then (local.set $sa (f32.add (f32.load (local.get $py)) (local.get $sa)))))
      (f32.store (local.get $py) (local.get $sa)))))

  ;; ---- float32 tanh, in place ----------------------------------------------------------------------------------
  ;; tanh_f32(x) for n float32 at p. Each value is widened to float64 (exact) and evaluated there in this fixed order
  ;; (no fused multiply-add), then rounded once to float32; linalg/tanh-f32.ts is the plain-JS twin and
  ;; native/kernels.c the x86 one (the same bits):
  ;;   x ← 9 < x ? 9 : x,  x ← x < −9 ? −9 : x        (NaN passes through; |x| ≥ 9 gives exactly ±1)
  ;;   s = x·x
  ;;   p = ((((((s·a13 + a11)·s + a9)·s + a7)·s + a5)·s + a3)·s + a1)·x     (each "·s" is s·(…), as written below)
  ;;   q = ((s·b6 + b4)·s + b2)·s + b0
  ;;   tanh = f32(p / q)
  ;; a_k, b_k: the float32 coefficients of Eigen's 13/6 rational minimax tanh (generic_fast_tanh_float).
  (func $tanh_f64x2 (param $x v128) (result v128)
    (local $s v128) (local $p v128) (local $q v128)
    (local.set $x (f64x2.pmin (local.get $x) (v128.const f64x2 9 9)))
    (local.set $x (f64x2.pmax (local.get $x) (v128.const f64x2 -9 -9)))
    (local.set $s (f64x2.mul (local.get $x) (local.get $x)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $s) (v128.const f64x2 -2.7607683663038313e-16 -2.7607683663038313e-16))
      (v128.const f64x2 2.0001879384549948e-13 2.0001879384549948e-13)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $s) (local.get $p)) (v128.const f64x2 -8.604671836165423e-11 -8.604671836165423e-11)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $s) (local.get $p)) (v128.const f64x2 5.122297253024044e-8 5.122297253024044e-8)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $s) (local.get $p)) (v128.const f64x2 0.000014857223504805006 0.000014857223504805006)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $s) (local.get $p)) (v128.const f64x2 0.0006372619536705315 0.0006372619536705315)))
    (local.set $p (f64x2.add (f64x2.mul (local.get $s) (local.get $p)) (v128.const f64x2 0.004893524572253227 0.004893524572253227)))
    (local.set $p (f64x2.mul (local.get $x) (local.get $p)))
    (local.set $q (f64x2.add (f64x2.mul (local.get $s) (v128.const f64x2 0.0000011982583600911312 0.0000011982583600911312))
      (v128.const f64x2 0.00011853470641653985 0.00011853470641653985)))
    (local.set $q (f64x2.add (f64x2.mul (local.get $s) (local.get $q)) (v128.const f64x2 0.0022684347350150347 0.0022684347350150347)))
    (local.set $q (f64x2.add (f64x2.mul (local.get $s) (local.get $q)) (v128.const f64x2 0.0048935250379145145 0.0048935250379145145)))
    (f64x2.div (local.get $p) (local.get $q)))

  (func (export "tanh_f32") (param $p i32) (param $n i32)
    (local $end i32) (local $v v128) (local $x f64)
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $v (v128.load (local.get $p)))
      ;; lanes 0, 1 and 2, 3 widened, evaluated, narrowed (each to the low half) and put back together
      (v128.store (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero (call $tanh_f64x2 (f64x2.promote_low_f32x4 (local.get $v))))
        (f32x4.demote_f64x2_zero (call $tanh_f64x2 (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l)))
    ;; tail: the same operations on one lane (splat in, lane 0 out)
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $tdone (loop $t
      (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
      (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 0
        (call $tanh_f64x2 (f64x2.splat (f64.promote_f32 (f32.load (local.get $p))))))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $t))))

  ;; ---- sparse ---------------------------------------------------------------------------------------------------
  ;; CSR y = A·x (or y += A·x). Per row, four partial sums break the chain of dependent adds (latency-bound
  ;; otherwise): s_r = Σ values[k]·x[col[k]] over the full blocks of four entries with (k − rowStart) mod 4 = r,
  ;; s = (s0 + s1) + (s2 + s3), then the remaining entries added in order. sparse.ts's JS twin does the same.
  (func (export "csr_matvec_f64") (param $rowPtr i32) (param $col i32) (param $val i32) (param $rows i32) (param $x i32) (param $y i32) (param $accum i32)
    (local $i i32) (local $k i32) (local $kEnd i32) (local $kEnd4 i32) (local $py i32) (local $pc i32) (local $pv i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local.set $k (i32.load (local.get $rowPtr)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $kEnd (i32.load (i32.add (local.get $rowPtr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
      (local.set $kEnd4 (i32.add (local.get $k) (i32.and (i32.sub (local.get $kEnd) (local.get $k)) (i32.const -4))))
      (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0)) (local.set $s2 (f64.const 0)) (local.set $s3 (f64.const 0))
      (local.set $pc (i32.add (local.get $col) (i32.shl (local.get $k) (i32.const 2))))
      (local.set $pv (i32.add (local.get $val) (i32.shl (local.get $k) (i32.const 3))))
      (block $kd (loop $kl
        (br_if $kd (i32.ge_s (local.get $k) (local.get $kEnd4)))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pv))
          (f64.load (i32.add (local.get $x) (i32.shl (i32.load (local.get $pc)) (i32.const 3)))))))
        (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load offset=8 (local.get $pv))
          (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=4 (local.get $pc)) (i32.const 3)))))))
        (local.set $s2 (f64.add (local.get $s2) (f64.mul (f64.load offset=16 (local.get $pv))
          (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=8 (local.get $pc)) (i32.const 3)))))))
        (local.set $s3 (f64.add (local.get $s3) (f64.mul (f64.load offset=24 (local.get $pv))
          (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=12 (local.get $pc)) (i32.const 3)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
        (local.set $pv (i32.add (local.get $pv) (i32.const 32)))
        (br $kl)))
      (local.set $s0 (f64.add (f64.add (local.get $s0) (local.get $s1)) (f64.add (local.get $s2) (local.get $s3))))
      (block $td (loop $tl
        (br_if $td (i32.ge_s (local.get $k) (local.get $kEnd)))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pv))
          (f64.load (i32.add (local.get $x) (i32.shl (i32.load (local.get $pc)) (i32.const 3)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 4)))
        (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
        (br $tl)))
      (local.set $py (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))
      (if (local.get $accum) (then (local.set $s0 (f64.add (f64.load (local.get $py)) (local.get $s0)))))
      (f64.store (local.get $py) (local.get $s0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; ---- FORCE: recursive least squares (Sussillo & Abbott 2009, eqs. 4-5) ----------------------------------------
  ;; k = P·r (8-lane rows), c = 1/(1 + r·k) (8-lane dot), P_ij −= (c·k_i)·k_j. Returns c. P symmetric n×n.
  (func (export "rls_update_f64") (param $p i32) (param $n i32) (param $r i32) (param $k i32) (result f64)
    (local $c f64) (local $i i32) (local $pp i32) (local $pk i32) (local $end i32) (local $end2 i32) (local $s v128) (local $sc f64)
    (call $matvec_f64 (local.get $p) (local.get $n) (local.get $n) (local.get $r) (local.get $k) (i32.const 0))
    (local.set $c (f64.div (f64.const 1) (f64.add (f64.const 1) (call $dot8 (local.get $r) (local.get $k) (local.get $n)))))
    (local.set $pp (local.get $p))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $sc (f64.mul (local.get $c) (f64.load (i32.add (local.get $k) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $s (f64x2.splat (local.get $sc)))
      (local.set $pk (local.get $k))
      (local.set $end (i32.add (local.get $k) (i32.shl (local.get $n) (i32.const 3))))
      (local.set $end2 (i32.add (local.get $k) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $pk) (local.get $end2)))
        (v128.store (local.get $pp) (f64x2.sub (v128.load (local.get $pp)) (f64x2.mul (local.get $s) (v128.load (local.get $pk)))))
        (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
        (local.set $pk (i32.add (local.get $pk) (i32.const 16)))
        (br $jl)))
      (if (i32.lt_u (local.get $pk) (local.get $end)) (then
        (f64.store (local.get $pp) (f64.sub (f64.load (local.get $pp)) (f64.mul (local.get $sc) (f64.load (local.get $pk)))))
        (local.set $pp (i32.add (local.get $pp) (i32.const 8)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $c))

  ;; ---- Hopfield / Gibbs field sweeps --------------------------------------------------------------------------
  ;; For each visit v = 0..count−1: i = order[v]; h = (W_i·s) [8-lane] + bias_i (when hasBias);
  ;; θ = thr[v] (when hasThr, else 0); d = h − θ; s_i = hi if d > tie, lo if d < −tie, unchanged otherwise (a tie keeps
  ;; the state, Hopfield 1982; tie ≥ 0 is the rounding band of the field, see src/models/attractor/dynamics.ts;
  ;; tie = 0 is the exact comparison h ≷ θ). Returns the number of units that changed. Asynchronous: each visit sees
  ;; every earlier update.
  (func (export "field_sweep_f64") (param $w i32) (param $n i32) (param $s i32) (param $order i32) (param $count i32)
      (param $bias i32) (param $hasBias i32) (param $thr i32) (param $hasThr i32) (param $hi f64) (param $lo f64)
      (param $tie f64) (result i32)
    (local $v i32) (local $i i32) (local $h f64) (local $th f64) (local $ps i32) (local $old f64) (local $new f64) (local $changed i32)
    (local $diff f64)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $v) (local.get $count)))
      (local.set $i (i32.load (i32.add (local.get $order) (i32.shl (local.get $v) (i32.const 2)))))
      (local.set $h (call $dot8 (i32.add (local.get $w) (i32.mul (local.get $i) (i32.shl (local.get $n) (i32.const 3)))) (local.get $s) (local.get $n)))
      (if (local.get $hasBias) (then
        (local.set $h (f64.add (local.get $h) (f64.load (i32.add (local.get $bias) (i32.shl (local.get $i) (i32.const 3))))))))
      (local.set $th (f64.const 0))
      (if (local.get $hasThr) (then
        (local.set $th (f64.load (i32.add (local.get $thr) (i32.shl (local.get $v) (i32.const 3)))))))
      (local.set $ps (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $old (f64.load (local.get $ps)))
      (local.set $new (local.get $old))
      (local.set $diff (f64.sub (local.get $h) (local.get $th)))
      (if (f64.gt (local.get $diff) (local.get $tie)) (then (local.set $new (local.get $hi))))
      (if (f64.lt (local.get $diff) (f64.neg (local.get $tie))) (then (local.set $new (local.get $lo))))
      (if (f64.ne (local.get $new) (local.get $old)) (then
        (local.set $changed (i32.add (local.get $changed) (i32.const 1)))
        (f64.store (local.get $ps) (local.get $new))))
      (local.set $v (i32.add (local.get $v) (i32.const 1)))
      (br $l)))
    (local.get $changed))

  ;; ---- LIF (exact integration of τ dv/dt = −(v − vRest) + R·I for I constant over dt) ---------------------------
  ;; For each i: if ref_i > 0: ref_i −= dt, v_i = vReset; else v_i = vRest + (v_i − vRest)·α + β·I_i, and when
  ;; v_i ≥ vTh: v_i = vReset, ref_i = tRef, spikes[count++] = i. Returns count. α = e^(−dt/τm), β = R(1 − α).
  (func (export "lif_step_f64") (param $v i32) (param $cur i32) (param $ref i32) (param $n i32)
      (param $alpha f64) (param $beta f64) (param $vRest f64) (param $vTh f64) (param $vReset f64) (param $tRef f64) (param $dt f64)
      (param $spikes i32) (result i32)
    (local $i i32) (local $pv i32) (local $pr i32) (local $x f64) (local $count i32) (local $r f64)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $pv (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $pr (i32.add (local.get $ref) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $r (f64.load (local.get $pr)))
      (if (f64.gt (local.get $r) (f64.const 0))
        (then
          (f64.store (local.get $pr) (f64.sub (local.get $r) (local.get $dt)))
          (f64.store (local.get $pv) (local.get $vReset)))
        (else
          (local.set $x (f64.add (f64.add (local.get $vRest) (f64.mul (f64.sub (f64.load (local.get $pv)) (local.get $vRest)) (local.get $alpha)))
            (f64.mul (local.get $beta) (f64.load (i32.add (local.get $cur) (i32.shl (local.get $i) (i32.const 3)))))))
          (if (f64.ge (local.get $x) (local.get $vTh))
            (then
              (local.set $x (local.get $vReset))
              (f64.store (local.get $pr) (local.get $tRef))
              (i32.store (i32.add (local.get $spikes) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
              (local.set $count (i32.add (local.get $count) (i32.const 1)))))
          (f64.store (local.get $pv) (local.get $x))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $count))

  ;; x ← x·decay, elementwise (exponential synaptic decay, exact for a first-order synapse).
  (func (export "scale_f64") (param $x i32) (param $n i32) (param $f f64)
    (local $p i32) (local $end i32) (local $end2 i32) (local $fv v128)
    (local.set $fv (f64x2.splat (local.get $f)))
    (local.set $p (local.get $x))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $d (loop $l (br_if $d (i32.ge_u (local.get $p) (local.get $end2)))
      (v128.store (local.get $p) (f64x2.mul (v128.load (local.get $p)) (local.get $fv)))
      (local.set $p (i32.add (local.get $p) (i32.const 16))) (br $l)))
    (if (i32.lt_u (local.get $p) (local.get $end)) (then
      (f64.store (local.get $p) (f64.mul (f64.load (local.get $p)) (local.get $f))))))

  ;; n bytes from p set to zero (bulk memory: a memset; `fill` on a JS view of shared memory goes element by element).
  (func (export "zero_bytes") (param $p i32) (param $n i32)
    (memory.fill (local.get $p) (i32.const 0) (local.get $n)))

  ;; ---- Gram matrix / GEMM (Aᵀ·B), packed panels -----------------------------------------------------------------
  ;; C (m×n) = Aᵀ·B for A (k×m), B (k×n) row-major. Every C_ij = Σ_t A_ti·B_tj summed sequentially in t from 0, so the
  ;; result does not depend on the blocking. The caller packs a block of t-rows into panels of 4 columns:
  ;; panel q holds tb×4 values [t][c] (columns 4q..4q+3, zero padded), and Cp is mp×np padded (multiples of 4).
  ;; This kernel adds one packed block: for every 4×4 tile (qa, qb) (qb ≥ qa when sym), Cp += panelAᵀ·panelB.
  (func (export "gemm_tn_block_f64") (param $pa i32) (param $pb i32) (param $tb i32) (param $ma i32) (param $nb i32)
      (param $c i32) (param $sym i32)
    (local $qa i32) (local $qb i32) (local $t i32) (local $ra i32) (local $rb i32) (local $pc i32) (local $ldc i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128) (local $panelBytes i32)
    ;; ma, nb: number of 4-column panels of A and B; Cp row stride = nb·4 values
    (local.set $ldc (i32.shl (local.get $nb) (i32.const 5)))
    (local.set $panelBytes (i32.shl (local.get $tb) (i32.const 5)))
    (block $qad (loop $qal
      (br_if $qad (i32.ge_u (local.get $qa) (local.get $ma)))
      (local.set $qb (select (local.get $qa) (i32.const 0) (local.get $sym)))
      (block $qbd (loop $qbl
        (br_if $qbd (i32.ge_u (local.get $qb) (local.get $nb)))
        (local.set $pc (i32.add (local.get $c) (i32.add (i32.mul (i32.shl (local.get $qa) (i32.const 2)) (local.get $ldc)) (i32.shl (local.get $qb) (i32.const 5)))))
        (local.set $c00 (v128.load (local.get $pc))) (local.set $c01 (v128.load offset=16 (local.get $pc)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $c10 (v128.load (local.get $pc))) (local.set $c11 (v128.load offset=16 (local.get $pc)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $c20 (v128.load (local.get $pc))) (local.set $c21 (v128.load offset=16 (local.get $pc)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $c30 (v128.load (local.get $pc))) (local.set $c31 (v128.load offset=16 (local.get $pc)))
        (local.set $ra (i32.add (local.get $pa) (i32.mul (local.get $qa) (local.get $panelBytes))))
        (local.set $rb (i32.add (local.get $pb) (i32.mul (local.get $qb) (local.get $panelBytes))))
        (local.set $t (i32.const 0))
        (block $td (loop $tl
          (br_if $td (i32.ge_u (local.get $t) (local.get $tb)))
          (local.set $b0 (v128.load (local.get $rb)))
          (local.set $b1 (v128.load offset=16 (local.get $rb)))
          (local.set $a (v128.load64_splat (local.get $ra)))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $a) (local.get $b0))))
          (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $a) (local.get $b1))))
          (local.set $a (v128.load64_splat offset=8 (local.get $ra)))
          (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $a) (local.get $b0))))
          (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $a) (local.get $b1))))
          (local.set $a (v128.load64_splat offset=16 (local.get $ra)))
          (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $a) (local.get $b0))))
          (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $a) (local.get $b1))))
          (local.set $a (v128.load64_splat offset=24 (local.get $ra)))
          (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $a) (local.get $b0))))
          (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $a) (local.get $b1))))
          (local.set $ra (i32.add (local.get $ra) (i32.const 32)))
          (local.set $rb (i32.add (local.get $rb) (i32.const 32)))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br $tl)))
        (local.set $pc (i32.add (local.get $c) (i32.add (i32.mul (i32.shl (local.get $qa) (i32.const 2)) (local.get $ldc)) (i32.shl (local.get $qb) (i32.const 5)))))
        (v128.store (local.get $pc) (local.get $c00)) (v128.store offset=16 (local.get $pc) (local.get $c01))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (local.get $c10)) (v128.store offset=16 (local.get $pc) (local.get $c11))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (local.get $c20)) (v128.store offset=16 (local.get $pc) (local.get $c21))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (v128.store (local.get $pc) (local.get $c30)) (v128.store offset=16 (local.get $pc) (local.get $c31))
        (local.set $qb (i32.add (local.get $qb) (i32.const 1)))
        (br $qbl)))
      (local.set $qa (i32.add (local.get $qa) (i32.const 1)))
      (br $qal))))

  ;; Pack rows t0..t0+tb−1 of X (rows × cols, row-major) into 4-column panels (see gemm_tn_block_f64).
  (func (export "pack_panels_f64") (param $x i32) (param $cols i32) (param $t0 i32) (param $tb i32) (param $out i32)
    (local $t i32) (local $j i32) (local $src i32) (local $q i32) (local $panelBytes i32) (local $np i32)
    (local.set $panelBytes (i32.shl (local.get $tb) (i32.const 5)))
    (local.set $np (i32.and (i32.add (local.get $cols) (i32.const 3)) (i32.const -4)))
    (block $td (loop $tl
      (br_if $td (i32.ge_u (local.get $t) (local.get $tb)))
      (local.set $src (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (local.get $t0) (local.get $t)) (local.get $cols)) (i32.const 3))))
      (local.set $j (i32.const 0))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $np)))
        (f64.store
          (i32.add (local.get $out) (i32.add (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $panelBytes))
            (i32.add (i32.shl (local.get $t) (i32.const 5)) (i32.shl (i32.and (local.get $j) (i32.const 3)) (i32.const 3)))))
          (if (result f64) (i32.lt_u (local.get $j) (local.get $cols))
            (then (f64.load (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 3)))))
            (else (f64.const 0))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $tl))))

  ;; ---- Cholesky (Cholesky–Banachiewicz, row by row) ------------------------------------------------------------
  ;; In place on the lower triangle of A (n×n): L_ij = (A_ij − L_i,0:j·L_j,0:j)/L_jj, L_ii = √(A_ii − ‖L_i,0:i‖²),
  ;; each inner product an 8-lane dot over the contiguous row prefix. Zeros the strict upper triangle. Returns 0,
  ;; or i+1 when the matrix is not positive definite at row i.
  (func (export "cholesky_f64") (param $a i32) (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $ri i32) (local $rj i32) (local $s f64) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (block $id (loop $il
      (br_if $id (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $ri (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $j (i32.const 0))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $i)))
        (local.set $rj (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $s (f64.sub (f64.load (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))))
          (call $dot8 (local.get $ri) (local.get $rj) (local.get $j))))
        (f64.store (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3)))
          (f64.div (local.get $s) (f64.load (i32.add (local.get $rj) (i32.shl (local.get $j) (i32.const 3))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl)))
      (local.set $s (f64.sub (f64.load (i32.add (local.get $ri) (i32.shl (local.get $i) (i32.const 3))))
        (call $dot8 (local.get $ri) (local.get $ri) (local.get $i))))
      (if (i32.eqz (f64.gt (local.get $s) (f64.const 0))) (then (return (i32.add (local.get $i) (i32.const 1)))))
      (f64.store (i32.add (local.get $ri) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (local.get $s)))
      (local.set $j (i32.add (local.get $i) (i32.const 1)))
      (block $zd (loop $zl
        (br_if $zd (i32.ge_u (local.get $j) (local.get $n)))
        (f64.store (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3))) (f64.const 0))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $zl)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il)))
    (i32.const 0))

  ;; Solve L·Lᵀ·x = b in place (b → x) for the lower-triangular L from cholesky_f64.
  ;; Forward: y_i = (b_i − L_i,0:i·y_0:i)/L_ii (8-lane dot). Backward, column-oriented on rows of L:
  ;; for i = n−1..0: x_i = y_i/L_ii, then y_k −= L_ik·x_i for k < i (elementwise, in order of i).
  (func (export "chol_solve_f64") (param $l i32) (param $n i32) (param $b i32)
    (local $i i32) (local $ri i32) (local $pb i32) (local $xi f64) (local $k i32) (local $rowBytes i32) (local $xv v128) (local $end2 i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (block $fd (loop $fl
      (br_if $fd (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $ri (i32.add (local.get $l) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3))))
      (f64.store (local.get $pb) (f64.div
        (f64.sub (f64.load (local.get $pb)) (call $dot8 (local.get $ri) (local.get $b) (local.get $i)))
        (f64.load (i32.add (local.get $ri) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fl)))
    (local.set $i (local.get $n))
    (block $bd (loop $bl
      (br_if $bd (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (local.set $ri (i32.add (local.get $l) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $xi (f64.div (f64.load (local.get $pb)) (f64.load (i32.add (local.get $ri) (i32.shl (local.get $i) (i32.const 3))))))
      (f64.store (local.get $pb) (local.get $xi))
      (local.set $xv (f64x2.splat (local.get $xi)))
      (local.set $k (i32.const 0))
      (local.set $end2 (i32.and (local.get $i) (i32.const -2)))
      (block $kd (loop $kl
        (br_if $kd (i32.ge_u (local.get $k) (local.get $end2)))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 3))))
        (v128.store (local.get $pb) (f64x2.sub (v128.load (local.get $pb))
          (f64x2.mul (v128.load (i32.add (local.get $ri) (i32.shl (local.get $k) (i32.const 3)))) (local.get $xv))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $kl)))
      (if (i32.lt_u (local.get $k) (local.get $i)) (then
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 3))))
        (f64.store (local.get $pb) (f64.sub (f64.load (local.get $pb))
          (f64.mul (f64.load (i32.add (local.get $ri) (i32.shl (local.get $k) (i32.const 3)))) (local.get $xi))))))
      (br $bl))))
)
