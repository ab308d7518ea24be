//! Beta posteriors of response rates and the probabilities an adaptive design
//! decides on: that an arm has the highest rate, that it beats the control,
//! and its credible interval. Computed by quadrature on one grid shared by the
//! arms (not by posterior draws), so an interim costs a few thousand
//! multiplications and gives the same number on every run and platform.

/// Beta(a, b): the posterior of a response rate after a Beta prior and
/// binomial data (`a` = prior a + responses, `b` = prior b + failures).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Beta {
    pub a: f64,
    pub b: f64,
}

impl Beta {
    pub fn mean(&self) -> f64 {
        self.a / (self.a + self.b)
    }

    pub fn sd(&self) -> f64 {
        let s = self.a + self.b;
        (self.a * self.b / (s * s * (s + 1.0))).sqrt()
    }
}

/// Cells over the span at least (more where a posterior is narrow).
const POINTS: usize = 96;
/// Cells per sd of the narrowest posterior at least, so a wide arm sharing
/// the grid does not coarsen a narrow one's quadrature.
const CELLS_PER_SD: f64 = 4.0;
/// Cells at most (bounds an analysis's cost).
const MAX_CELLS: usize = 2048;
/// The grid is usually a run of a fixed fine grid on [0, 1] (cells of a
/// power-of-two number of fine cells, so they tile it exactly) whose
/// logarithms are computed once: an analysis then needs no logarithm, only
/// one exp per arm and point. The tables (256 KiB) stay in cache; a grid
/// finer than they allow (thousands of patients an arm) computes its
/// logarithms instead.
const FINE: usize = 1 << 13;

/// ln x and ln(1 - x) at every multiple of half a fine cell (index m is
/// x = m / (2 FINE)); cell centres fall on them whatever the stride.
fn logs() -> &'static (Vec<f64>, Vec<f64>) {
    static LOGS: std::sync::OnceLock<(Vec<f64>, Vec<f64>)> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let x = (0..2 * FINE).map(|m| m as f64 / (2 * FINE) as f64);
        (
            x.clone().map(f64::ln).collect(),
            x.map(|v| (-v).ln_1p()).collect(),
        )
    })
}

/// The grid spans every posterior's mean ± this many sds (clipped to [0, 1]).
const SPAN_SD: f64 = 9.0;

/// The posteriors of several arms on one grid: each arm's normalised weights
/// at the grid's midpoints and its cumulative distribution there, stored
/// flat (arm-major) so the sums below run over contiguous slices.
pub struct Posteriors {
    lo: f64,
    h: f64,
    /// Cells; cell i's centre is `lo + (i + 0.5) h`.
    n: usize,
    /// `w[k * n + i]`: arm k's probability mass in cell i.
    w: Vec<f64>,
    /// `cdf[k * n + i]`: P(rate_k < x_i), half of cell i's own mass included.
    cdf: Vec<f64>,
}

impl Posteriors {
    pub fn new(arms: &[Beta]) -> Self {
        let (mut lo, mut hi) = (1.0f64, 0.0f64);
        for b in arms {
            let (m, s) = (b.mean(), b.sd());
            lo = lo.min(m - SPAN_SD * s);
            hi = hi.max(m + SPAN_SD * s);
        }
        let (lo, hi) = (lo.max(0.0), hi.min(1.0));
        let narrowest = arms.iter().map(Beta::sd).fold(f64::INFINITY, f64::min);
        // The widest cell that gives POINTS over the span and CELLS_PER_SD
        // over the narrowest posterior, within MAX_CELLS.
        let target = ((hi - lo) / POINTS as f64)
            .min(narrowest / CELLS_PER_SD)
            .max((hi - lo) / MAX_CELLS as f64);
        let (lo, h, ln_x, ln_1mx): (f64, f64, Vec<f64>, Vec<f64>) = if target * FINE as f64 >= 1.0 {
            let first = ((lo * FINE as f64) as usize).min(FINE - 1);
            let last = ((hi * FINE as f64).ceil() as usize).clamp(first + 1, FINE);
            let stride = 1usize << ((target * FINE as f64) as usize).ilog2();
            let first = first / stride * stride;
            let n = (last - first).div_ceil(stride);
            // Cell j's centre, in half fine cells.
            let index = |j: usize| 2 * (first + j * stride) + stride;
            let (lx, l1x) = logs();
            (
                first as f64 / FINE as f64,
                stride as f64 / FINE as f64,
                (0..n).map(|j| lx[index(j)]).collect(),
                (0..n).map(|j| l1x[index(j)]).collect(),
            )
        } else {
            let n = (((hi - lo) / target).ceil() as usize).clamp(1, MAX_CELLS);
            let h = (hi - lo) / n as f64;
            let x = (0..n).map(|j| lo + (j as f64 + 0.5) * h);
            let ln_x = x.clone().map(f64::ln).collect();
            let ln_1mx = x.map(|v| (-v).ln_1p()).collect();
            (lo, h, ln_x, ln_1mx)
        };
        let n = ln_x.len();
        let mut w = vec![0.0; arms.len() * n];
        let mut cdf = vec![0.0; arms.len() * n];
        for (k, b) in arms.iter().enumerate() {
            let wk = &mut w[k * n..(k + 1) * n];
            let (am1, bm1) = (b.a - 1.0, b.b - 1.0);
            let mut top = f64::NEG_INFINITY;
            for ((v, a), b) in wk.iter_mut().zip(&ln_x).zip(&ln_1mx) {
                *v = am1 * a + bm1 * b;
                top = top.max(*v);
            }
            // Cells more than e^-40 below the peak hold no mass worth an exp;
            // single precision is ample for weights that are normalised next.
            let mut total = 0.0;
            for v in wk.iter_mut() {
                let d = *v - top;
                *v = if d < -40.0 {
                    0.0
                } else {
                    f64::from((d as f32).exp())
                };
                total += *v;
            }
            let scale = 1.0 / total;
            let ck = &mut cdf[k * n..(k + 1) * n];
            let mut below = 0.0;
            for (c, v) in ck.iter_mut().zip(wk.iter_mut()) {
                *v *= scale;
                *c = below + 0.5 * *v;
                below += *v;
            }
        }
        Self { lo, h, n, w, cdf }
    }

    fn w(&self, k: usize) -> &[f64] {
        let n = self.n;
        &self.w[k * n..(k + 1) * n]
    }

    fn cdf(&self, k: usize) -> &[f64] {
        let n = self.n;
        &self.cdf[k * n..(k + 1) * n]
    }

    /// P(arm k's rate is the highest of `among`), for each k in `among`.
    pub fn p_best(&self, among: &[usize]) -> Vec<f64> {
        let mut term = vec![0.0; self.n];
        among
            .iter()
            .map(|&k| {
                term.copy_from_slice(self.w(k));
                for &j in among.iter().filter(|&&j| j != k) {
                    for (t, c) in term.iter_mut().zip(self.cdf(j)) {
                        *t *= c;
                    }
                }
                term.iter().sum::<f64>().clamp(0.0, 1.0)
            })
            .collect()
    }

    /// P(rate_k > rate_j).
    pub fn p_greater(&self, k: usize, j: usize) -> f64 {
        self.w(k)
            .iter()
            .zip(self.cdf(j))
            .map(|(w, c)| w * c)
            .sum::<f64>()
            .clamp(0.0, 1.0)
    }

    /// P(|rate_k - rate_j| < d).
    pub fn p_within(&self, k: usize, j: usize, d: f64) -> f64 {
        (0..self.n)
            .map(|i| {
                let x = self.lo + (i as f64 + 0.5) * self.h;
                self.w(k)[i] * (self.cdf_at(j, x + d) - self.cdf_at(j, x - d))
            })
            .sum::<f64>()
            .clamp(0.0, 1.0)
    }

    /// P(the highest and lowest rate of `among` differ by less than d): the
    /// sum over which arm is the lowest, at x, of the others lying in [x, x + d).
    pub fn p_all_within(&self, among: &[usize], d: f64) -> f64 {
        among
            .iter()
            .map(|&k| {
                (0..self.n)
                    .map(|i| {
                        let x = self.lo + (i as f64 + 0.5) * self.h;
                        let others: f64 = among
                            .iter()
                            .filter(|&&j| j != k)
                            .map(|&j| self.cdf_at(j, x + d) - self.cdf(j)[i])
                            .product();
                        self.w(k)[i] * others
                    })
                    .sum::<f64>()
            })
            .sum::<f64>()
            .clamp(0.0, 1.0)
    }

    /// Arm j's CDF at any x, the density taken as uniform within each cell
    /// (so it equals `cdf[j][i]` at the midpoints).
    fn cdf_at(&self, j: usize, x: f64) -> f64 {
        let t = (x - self.lo) / self.h;
        if t <= 0.0 {
            return 0.0;
        }
        let i = t as usize;
        if i >= self.n {
            return 1.0;
        }
        let w = self.w(j)[i];
        self.cdf(j)[i] - 0.5 * w + w * (t - i as f64)
    }

    /// The posterior median of arm k.
    pub fn median(&self, k: usize) -> f64 {
        self.quantile(k, 0.5)
    }

    /// The equal-tailed credible interval of arm k at `level` (0.95 for 95%).
    pub fn interval(&self, k: usize, level: f64) -> [f64; 2] {
        let tail = (1.0 - level) / 2.0;
        [self.quantile(k, tail), self.quantile(k, 1.0 - tail)]
    }

    /// The inverse of the piecewise-uniform distribution the weights define.
    fn quantile(&self, k: usize, q: f64) -> f64 {
        let mut below = 0.0;
        for (i, &w) in self.w(k).iter().enumerate() {
            if w > 0.0 && below + w >= q {
                return self.lo + self.h * (i as f64 + ((q - below) / w).clamp(0.0, 1.0));
            }
            below += w;
        }
        self.lo + self.h * self.n as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ln_beta(a: f64, b: f64) -> f64 {
        libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
    }

    /// P(X > Y) for X ~ Beta(ax, bx), Y ~ Beta(ay, by), integer ax: the exact
    /// finite sum (e.g. Cook, "Exact calculation of beta inequalities", 2005).
    fn exact_greater(x: Beta, y: Beta) -> f64 {
        (0..x.a as usize)
            .map(|i| {
                let i = i as f64;
                libm::exp(
                    ln_beta(y.a + i, y.b + x.b)
                        - libm::log(x.b + i)
                        - ln_beta(1.0 + i, x.b)
                        - ln_beta(y.a, y.b),
                )
            })
            .sum()
    }

    #[test]
    fn quadrature_matches_the_exact_sum() {
        let cases = [
            (Beta { a: 1.0, b: 1.0 }, Beta { a: 1.0, b: 1.0 }),
            (Beta { a: 3.0, b: 8.0 }, Beta { a: 1.0, b: 11.0 }),
            (Beta { a: 21.0, b: 81.0 }, Beta { a: 41.0, b: 61.0 }),
            (Beta { a: 101.0, b: 401.0 }, Beta { a: 111.0, b: 391.0 }),
            (Beta { a: 2.0, b: 300.0 }, Beta { a: 250.0, b: 30.0 }),
            (Beta { a: 1.0, b: 31.0 }, Beta { a: 31.0, b: 1.0 }),
            (
                Beta {
                    a: 346.0,
                    b: 1156.0,
                },
                Beta {
                    a: 301.0,
                    b: 1201.0,
                },
            ),
        ];
        for (x, y) in cases {
            let p = Posteriors::new(&[x, y]);
            let exact = exact_greater(x, y);
            assert!(
                (p.p_greater(0, 1) - exact).abs() < 1e-3,
                "{x:?} > {y:?}: {} vs {exact}",
                p.p_greater(0, 1)
            );
            let best = p.p_best(&[0, 1]);
            assert!((best[0] + best[1] - 1.0).abs() < 1e-9);
            assert!((best[0] - exact).abs() < 1e-3);
            // A wide arm on the same grid does not coarsen the narrow ones.
            let wide = Posteriors::new(&[x, y, Beta { a: 2.0, b: 10.0 }]);
            assert!(
                (wide.p_greater(0, 1) - exact).abs() < 1e-3,
                "{x:?} > {y:?} beside a wide arm: {} vs {exact}",
                wide.p_greater(0, 1)
            );
        }
        // Many patients, rare events: still resolved (exact 0.99352).
        let (x, y) = (
            Beta {
                a: 12.0,
                b: 20000.0,
            },
            Beta { a: 3.0, b: 20000.0 },
        );
        let p = Posteriors::new(&[x, y]).p_greater(0, 1);
        assert!((p - exact_greater(x, y)).abs() < 1e-3, "{p}");
    }

    #[test]
    fn interval_matches_known_quantiles() {
        // Beta(1, 1) is uniform: its 95% interval is [0.025, 0.975].
        let p = Posteriors::new(&[Beta { a: 1.0, b: 1.0 }]);
        let [lo, hi] = p.interval(0, 0.95);
        assert!(
            (lo - 0.025).abs() < 2e-3 && (hi - 0.975).abs() < 2e-3,
            "{lo} {hi}"
        );
        // Beta(11, 41): 0.11289 and 0.33116 by a 400,000-point midpoint
        // integration of its density.
        let p = Posteriors::new(&[Beta { a: 11.0, b: 41.0 }]);
        let [lo, hi] = p.interval(0, 0.95);
        assert!(
            (lo - 0.11289).abs() < 1e-3 && (hi - 0.33116).abs() < 1e-3,
            "{lo} {hi}"
        );
    }

    #[test]
    fn p_best_of_equal_arms_is_even() {
        let arms = [Beta { a: 11.0, b: 31.0 }; 4];
        let p = Posteriors::new(&arms);
        for v in p.p_best(&[0, 1, 2, 3]) {
            assert!((v - 0.25).abs() < 1e-3, "{v}");
        }
    }
}
