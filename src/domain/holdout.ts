// "Did nextdeal help?": the hold-out's arithmetic, pure. Who is held out (a keyed hash), how sure a difference in
// return rates is (Wilson, Newcombe, the exact Beta-Bernoulli description) and when it is proven (a safe test in
// blocks, valid however often the owner looks). The design, the formulas and their test vectors are in the README
// ("Does nextdeal help?") and come from: Wilson 1927; Newcombe 1998 (method 10); Evan Miller, "Formulas for Bayesian
// A/B testing" (2015); Turner, Ly & Grünwald, "Generic E-variables for exact sequential k-sample tests that allow
// for optional stopping" (2024); Mantel & Haenszel 1959.
import { createHash } from 'node:crypto';

/** z for a two-sided 95% interval, exactly (an approximate probit is off in the third decimal). */
export const Z95 = 1.959963984540054;

/** The shares a shop may hold out, in percent (0: off). */
export const holdoutShares = [0, 10, 20, 30, 50] as const;
export type HoldoutShare = (typeof holdoutShares)[number];

// ─── Who is held out ──────────────────────────────────────────────────────────────────────────────────────────────

/** The customer's draw in [0, 1): the first four bytes of SHA-256(salt ":" key), big-endian, over 2^32. */
export function draw(salt: string, key: string): number {
  return createHash('sha256').update(`${salt}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Held out when the draw falls below the share (a fraction: 0.2 for 20%). */
export const heldOut = (salt: string, key: string, share: number): boolean => draw(salt, key) < share;

// ─── One rate, and the difference of two ─────────────────────────────────────────────────────────────────────────

export interface Interval {
  lo: number;
  hi: number;
}

/** Wilson's score interval for x of n (95%); [0, 1] when n is 0. */
export function wilson(x: number, n: number, z = Z95): Interval {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** Newcombe's hybrid score interval (method 10) for pT − pC, from the two Wilson intervals. */
export function newcombe(xT: number, nT: number, xC: number, nC: number): { estimate: number } & Interval {
  const pT = nT ? xT / nT : 0;
  const pC = nC ? xC / nC : 0;
  const t = wilson(xT, nT);
  const c = wilson(xC, nC);
  const d = pT - pC;
  return { estimate: d, lo: d - Math.hypot(pT - t.lo, c.hi - pC), hi: d + Math.hypot(t.hi - pT, pC - c.lo) };
}

// ─── Special functions ───────────────────────────────────────────────────────────────────────────────────────────

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x), Lanczos (g = 7), with the reflection formula below 0.5. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

export const lnBeta = (a: number, b: number): number => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** The continued fraction of the incomplete beta (modified Lentz), for x < (a+1)/(a+b+2). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function betaInc(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - lnBeta(a, b));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

// ─── The Bayesian description ────────────────────────────────────────────────────────────────────────────────────

/** P(pT > pC) with uniform priors, exactly (Evan Miller's closed form, summing over the messaged group's successes). */
export function chanceHelps(xT: number, nT: number, xC: number, nC: number): number {
  const [aT, bT, aC, bC] = [1 + xT, 1 + nT - xT, 1 + xC, 1 + nC - xC];
  let total = 0;
  // Term i in logs, the next from the last by the ratio of consecutive terms (the Beta functions' recurrences):
  // a shop with tens of thousands of returns sums as many terms, and a log a step costs far less than three lnBeta.
  let term = lnBeta(aC, bC + bT) - Math.log(bT) - lnBeta(1, bT) - lnBeta(aC, bC);
  for (let i = 0; i < aT; i++) {
    total += Math.exp(term);
    term += Math.log(((aC + i) * (1 + i + bT) * (bT + i)) / ((aC + bC + bT + i) * (1 + i) * (bT + i + 1)));
  }
  return Math.min(1, Math.max(0, total));
}

/** Simpson's intervals over [0, 1], and the grid of the difference's distribution: steps of 1/4,000. */
const GRID = 4000;

/**
 * The distribution function of pT − pC (uniform priors) at δ = k/N: F(k) = ∫ f_C(c) · I_{c+k/N}(αT, βT) dc by Simpson's
 * rule over N = 4,000 intervals (the Simpson nodes shifted by whole steps, so each needs one incomplete beta per node).
 */
function differenceCdf(xT: number, nT: number, xC: number, nC: number): (k: number) => number {
  const [aT, bT, aC, bC] = [1 + xT, 1 + nT - xT, 1 + xC, 1 + nC - xC];
  const lnB = lnBeta(aC, bC);
  // Simpson's weights times the held-out group's density at each node c_i = i/N.
  const weighted = new Float64Array(GRID + 1);
  for (let i = 0; i <= GRID; i++) {
    const c = i / GRID;
    const density = c === 0 || c === 1 ? (c === 0 ? (aC === 1 ? Math.exp(-lnB) : 0) : bC === 1 ? Math.exp(-lnB) : 0) : Math.exp((aC - 1) * Math.log(c) + (bC - 1) * Math.log(1 - c) - lnB);
    weighted[i] = (density * (i === 0 || i === GRID ? 1 : i % 2 ? 4 : 2)) / (3 * GRID);
  }
  // The messaged group's distribution function at j/N for j in [0, N] (outside: 0 or 1).
  const cdf = new Float64Array(GRID + 1);
  for (let j = 0; j <= GRID; j++) cdf[j] = betaInc(j / GRID, aT, bT);
  const G = (j: number) => (j <= 0 ? 0 : j >= GRID ? 1 : cdf[j]!);
  // Only the nodes where the held-out density is not negligible add anything (a large group's is narrow).
  const peak = weighted.reduce((m, v) => Math.max(m, v), 0);
  let [first, last] = [0, GRID];
  while (first < last && weighted[first]! < peak * 1e-17) first++;
  while (last > first && weighted[last]! < peak * 1e-17) last--;
  const cache = new Map<number, number>();
  return (k: number): number => {
    let v = cache.get(k);
    if (v === undefined) {
      v = 0;
      for (let i = first; i <= last; i++) v += weighted[i]! * G(i + k);
      cache.set(k, v);
    }
    return v;
  };
}

/** The first k in [−N, N] with F(k) > q (F non-decreasing, F(N) = 1), by bisection. */
function firstAbove(F: (k: number) => number, q: number): number {
  let [lo, hi] = [-GRID - 1, GRID]; // F(lo) ≤ q < F(hi), F(−N−1) read as 0
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (F(mid) <= q) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The 95% credible interval for pT − pC: F(δ) inverted at 2.5% and 97.5%, the bracket found by bisection over k, and
 * the point within it by cubic interpolation through the four nearest k.
 */
export function credibleInterval(xT: number, nT: number, xC: number, nC: number): Interval {
  const F = differenceCdf(xT, nT, xC, nC);
  const quantile = (q: number): number => {
    const hi = firstAbove(F, q);
    const lo = hi - 1; // F(lo) ≤ q < F(hi)
    // Cubic (Lagrange) through k = lo-1 … lo+2, solved for F = q by bisection on [lo, hi].
    const ks = [lo - 1, lo, lo + 1, lo + 2];
    const fs = ks.map(F);
    const at = (t: number) =>
      ks.reduce((sum, k, a) => sum + fs[a]! * ks.reduce((prod, m, b) => (b === a ? prod : (prod * (t - m)) / (k - m)), 1), 0);
    let [a, b] = [lo, hi];
    for (let n = 0; n < 60; n++) {
      const m = (a + b) / 2;
      if (at(m) <= q) a = m;
      else b = m;
    }
    return (a + b) / 2 / GRID;
  };
  return { lo: quantile(0.025), hi: quantile(0.975) };
}

/** One period's counts: messaged xT of nT came back, held out xC of nC. */
export interface PeriodCounts {
  xT: number;
  nT: number;
  xC: number;
  nC: number;
}

/** The periods that compare anything (both groups have customers), each with its Mantel-Haenszel weight as a share of the total. */
function weighted(periods: readonly PeriodCounts[]): (PeriodCounts & { a: number })[] {
  const parts = periods.filter((p) => p.nT > 0 && p.nC > 0).map((p) => ({ ...p, w: (p.nT * p.nC) / (p.nT + p.nC) }));
  const total = parts.reduce((s, p) => s + p.w, 0);
  return parts.map(({ w, ...p }) => ({ ...p, a: w / total }));
}

/**
 * The Bayesian description when the share changed: each period's own posterior for pT − pC (uniform priors), combined
 * as the difference is (D = Σ aₖ·dₖ with the Mantel-Haenszel weights aₖ), so that a period with a higher base rate
 * and another share never shows up as a difference (Simpson's paradox). One period: exactly chanceHelps and
 * credibleInterval. Several: each dₖ's distribution (the same Simpson's-rule F, as masses on steps of 1/1,000, finer for
 * a narrow one), scaled by aₖ onto a grid as fine, and the periods convolved; P(D > 0) and the 2.5% and 97.5% points
 * read from it (to about a step, far below the whole percent shown).
 */
export function pooledDescription(periods: readonly PeriodCounts[]): Description {
  const key = periods.map((p) => `${p.xT},${p.nT},${p.xC},${p.nC}`).join(';');
  const known = described.get(key);
  if (known) return known;
  const d = describe(periods);
  if (described.size >= DESCRIBED) described.delete(described.keys().next().value!);
  described.set(key, d);
  return d;
}

type Description = Readonly<{ chanceHelps: number } & Interval>;

/**
 * pooledDescription's answers by the counts they came from, the oldest first out: the owner's page asks again with
 * the same counts until a customer's outcome is in (about once a day), and combining two or more periods takes 20-200
 * ms, one period 4-10 ms. A few per shop.
 */
const described = new Map<string, Description>();
const DESCRIBED = 1000;

function describe(periods: readonly PeriodCounts[]): Description {
  const parts = weighted(periods);
  if (parts.length === 0) return { chanceHelps: 0.5, lo: -1, hi: 1 };
  if (parts.length === 1) {
    const p = parts[0]!;
    return { chanceHelps: chanceHelps(p.xT, p.nT, p.xC, p.nC), ...credibleInterval(p.xT, p.nT, p.xC, p.nC) };
  }
  // The combined grid: steps of S/4,000 from −1 to 1 (index j is D = (j − M)/M), S = 4 unless a period's scaled
  // distribution is narrow (a large shop's), when finer steps keep its shape: at least 200 steps across each.
  const cdfs = parts.map((p) => {
    const F = differenceCdf(p.xT, p.nT, p.xC, p.nC);
    return { p, F, from: firstAbove(F, 1e-13), to: firstAbove(F, 1 - 1e-13) };
  });
  const S = Math.max(1, Math.min(4, Math.floor(Math.min(...cdfs.map((c) => c.p.a * (c.to - c.from))) / 200)));
  const M = Math.floor(GRID / S);
  const size = 2 * M + 1;
  let total: Float64Array | null = null;
  for (const { p, F, from, to } of cdfs) {
    const mass = new Float64Array(size);
    for (let k = from - (from % S) + S; k < to + 2 * S; k += S) {
      const m = F(k) - F(k - S); // the mass of ((k − S)/N, k/N]
      const at = (p.a * (k - S / 2)) / S + M; // its centre, scaled by the period's weight, in combined steps
      const j = Math.floor(at);
      mass[Math.min(size - 1, Math.max(0, j))]! += m * (1 - (at - j));
      mass[Math.min(size - 1, Math.max(0, j + 1))]! += m * (at - j);
    }
    if (total === null) {
      total = mass;
      continue;
    }
    const sum: Float64Array = new Float64Array(size);
    const nonZero = (v: Float64Array) => [...v.keys()].filter((j) => v[j]! > 1e-16);
    const left = nonZero(total);
    for (const j of nonZero(mass)) for (const i of left) sum[Math.min(size - 1, Math.max(0, i + j - M))]! += total[i]! * mass[j]!;
    total = sum;
  }
  const t = total!;
  const all = t.reduce((s, v) => s + v, 0);
  // Each grid point's mass spread evenly over its step: half of the mass at D = 0 lies above it.
  let above = t[M]! / 2;
  for (let j = M + 1; j < size; j++) above += t[j]!;
  const quantile = (q: number): number => {
    let cum = 0;
    for (let j = 0; j < size; j++) {
      const m = t[j]! / all;
      if (cum + m > q) return (j - M - 0.5 + (q - cum) / m) / M;
      cum += m;
    }
    return 1;
  };
  return { chanceHelps: Math.min(1, Math.max(0, above / all)), lo: quantile(0.025), hi: quantile(0.975) };
}

/**
 * One group's return rate over several periods, standardized as the difference is pooled: the periods' rates weighed
 * with the same Mantel-Haenszel weights in both groups (so the two rates differ by exactly the pooled difference), and
 * the Wilson half-widths pooled the same way.
 */
export function pooledRate(periods: readonly PeriodCounts[], arm: 'messaged' | 'heldOut'): { rate: number } & Interval {
  const pick = (p: PeriodCounts) => (arm === 'messaged' ? { x: p.xT, n: p.nT } : { x: p.xC, n: p.nC });
  const parts = weighted(periods).map((p) => ({ a: p.a, ...pick(p), w: wilson(pick(p).x, pick(p).n) }));
  const rate = parts.reduce((s, p) => s + p.a * (p.x / p.n), 0);
  const below = Math.sqrt(parts.reduce((s, p) => s + (p.a * (p.x / p.n - p.w.lo)) ** 2, 0));
  const above = Math.sqrt(parts.reduce((s, p) => s + (p.a * (p.w.hi - p.x / p.n)) ** 2, 0));
  return { rate, lo: Math.max(0, rate - below), hi: Math.min(1, rate + above) };
}

// ─── "Proven": the one-sided safe test in blocks ─────────────────────────────────────────────────────────────────

/** Customers per block, messaged + held out, about (1−h):h. */
export function blockSizes(sharePercent: number): { a: number; b: number } {
  switch (sharePercent) {
    case 10:
      return { a: 9, b: 1 };
    case 30:
      return { a: 7, b: 3 };
    case 50:
      return { a: 1, b: 1 };
    default:
      return { a: 4, b: 1 }; // 20%
  }
}

/** Where the test stands: completed blocks' successes and counts per group, the two e-values, and outcomes waiting for a block. */
export interface SafeTest {
  sa: number;
  na: number;
  sb: number;
  nb: number;
  /** E for "the messages help" (one-sided) and for "they hurt" (the reverse). */
  help: number;
  hurt: number;
  /** The highest each has been: once 20, proven, and it stays proven (the test is valid at the first crossing). */
  peakHelp: number;
  peakHurt: number;
  /** Matured customers' outcomes (1: came back) not in a block yet, in order. */
  waitingA: number[];
  waitingB: number[];
  blocks: number;
}

export const newSafeTest = (): SafeTest => ({ sa: 0, na: 0, sb: 0, nb: 0, help: 1, hurt: 1, peakHelp: 1, peakHurt: 1, waitingA: [], waitingB: [], blocks: 0 });

/**
 * Adds matured customers' outcomes (in order of first sale) and closes every block they complete: before each block
 * the rates are predicted from earlier blocks only (Laplace), and the block's likelihood ratio against the common
 * rate multiplies E, for "help" only when the messaged group was predicted higher, for "hurt" only when lower.
 */
export function advance(test: SafeTest, outcomes: readonly { heldOut: boolean; back: boolean }[], size: { a: number; b: number }): SafeTest {
  const t: SafeTest = { ...test, waitingA: [...test.waitingA], waitingB: [...test.waitingB] };
  for (const o of outcomes) (o.heldOut ? t.waitingB : t.waitingA).push(o.back ? 1 : 0);
  while (t.waitingA.length >= size.a && t.waitingB.length >= size.b) {
    const yA = t.waitingA.splice(0, size.a).reduce((s, y) => s + y, 0);
    const yB = t.waitingB.splice(0, size.b).reduce((s, y) => s + y, 0);
    const thA = (t.sa + 1) / (t.na + 2);
    const thB = (t.sb + 1) / (t.nb + 2);
    const th0 = (size.a * thA + size.b * thB) / (size.a + size.b);
    const ln = (th: number, y: number, n: number) => y * Math.log(th) + (n - y) * Math.log(1 - th);
    const factor = Math.exp(ln(thA, yA, size.a) + ln(thB, yB, size.b) - ln(th0, yA + yB, size.a + size.b));
    if (thA > thB) t.help *= factor;
    if (thB > thA) t.hurt *= factor;
    t.peakHelp = Math.max(t.peakHelp ?? 1, t.help);
    t.peakHurt = Math.max(t.peakHurt ?? 1, t.hurt);
    t.sa += yA;
    t.na += size.a;
    t.sb += yB;
    t.nb += size.b;
    t.blocks++;
  }
  return t;
}

/** E at or above this: proven (by Ville's inequality, a false "proven" happens at most 5% of the time, however often one looks). */
export const PROVEN = 20;

// ─── Checks and plans ────────────────────────────────────────────────────────────────────────────────────────────

/** ln of the binomial probability of k of n at p. */
const lnBinom = (k: number, n: number, p: number) =>
  lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) + (k === 0 ? 0 : k * Math.log(p)) + (k === n ? 0 : (n - k) * Math.log(1 - p));

/** The sample-ratio check: the exact two-sided binomial test of k held out of n at share h (the sum of every outcome no likelier than k). */
export function sampleRatioP(k: number, n: number, h: number): number {
  if (n === 0) return 1;
  const at = lnBinom(k, n, h);
  // Outcomes more than 40 standard deviations from the mean have probabilities below 1e-100 (Bernstein's
  // inequality; the range covers all outcomes while n is small): leaving them out changes no digit anyone reads, and
  // the time grows with √n instead of n.
  const mean = n * h, reach = 40 * Math.sqrt(n * h * (1 - h)) + 1;
  let p = 0;
  for (let i = Math.max(0, Math.floor(mean - reach)); i <= Math.min(n, Math.ceil(mean + reach)); i++) {
    const l = lnBinom(i, n, h);
    if (l <= at + 1e-7) p += Math.exp(l);
  }
  return Math.min(1, p);
}

/** Months of new customers until the difference's range narrows to ±w, at return rate p and m new customers a month (the 60-day wait not included). */
export const monthsToWidth = (p: number, m: number, h: number, w = 0.1): number =>
  m > 0 ? (Z95 * Z95 * p * (1 - p) * (1 / h + 1 / (1 - h))) / (w * w * m) : Infinity;

/** Mantel-Haenszel pooling of per-period differences (weights nT·nC/(nT+nC)); the interval pools each period's half-widths the same way. */
export function pooledDifference(periods: readonly { xT: number; nT: number; xC: number; nC: number }[]): { estimate: number } & Interval {
  const parts = periods.filter((p) => p.nT > 0 && p.nC > 0).map((p) => ({ w: (p.nT * p.nC) / (p.nT + p.nC), d: newcombe(p.xT, p.nT, p.xC, p.nC) }));
  const total = parts.reduce((s, p) => s + p.w, 0);
  if (total === 0) return { estimate: 0, lo: -1, hi: 1 };
  if (parts.length === 1) return parts[0]!.d;
  const estimate = parts.reduce((s, p) => s + p.w * p.d.estimate, 0) / total;
  const below = Math.sqrt(parts.reduce((s, p) => s + (p.w * (p.d.estimate - p.d.lo)) ** 2, 0)) / total;
  const above = Math.sqrt(parts.reduce((s, p) => s + (p.w * (p.d.hi - p.d.estimate)) ** 2, 0)) / total;
  return { estimate, lo: estimate - below, hi: estimate + above };
}

// ─── The verdict ─────────────────────────────────────────────────────────────────────────────────────────────────

export type Verdict = 'too_early' | 'proven_helping' | 'proven_hurting' | 'probably_helping' | 'probably_not_helping' | 'no_clear_difference';

/** The ladder, on matured customers: too early below 20 held out or 60 in all; then the safe test; then the description. */
export function verdict(o: { heldOut: number; all: number; help: number; hurt: number; chanceHelps: number }): Verdict {
  if (o.heldOut < 20 || o.all < 60) return 'too_early';
  if (o.help >= PROVEN) return 'proven_helping';
  if (o.hurt >= PROVEN) return 'proven_hurting';
  if (o.chanceHelps >= 0.9) return 'probably_helping';
  if (o.chanceHelps <= 0.1) return 'probably_not_helping';
  return 'no_clear_difference';
}
