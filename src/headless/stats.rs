//! Small statistics for tournaments: means with confidence intervals,
//! Welch's t-test and a two-proportion (binomial) test, with the special
//! functions they need. No dependencies; accurate to ~1e-7.

/// An exactly rounded running sum (Shewchuk's algorithm, as in Python's
/// `math.fsum`): the result is the true sum rounded once, so it does not
/// depend on the order the values came in. Tournament shards can then be
/// summed in any order and still print exactly the figures of one run.
#[derive(Clone, Debug, Default)]
pub struct ExactSum {
    partials: Vec<f64>,
}

impl ExactSum {
    /// Adds a finite value.
    pub fn add(&mut self, mut x: f64) {
        let mut i = 0;
        for k in 0..self.partials.len() {
            let mut y = self.partials[k];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        self.partials.truncate(i);
        self.partials.push(x);
    }

    /// The sum, correctly rounded.
    pub fn value(&self) -> f64 {
        let p = &self.partials;
        let Some(mut n) = p.len().checked_sub(1) else {
            return 0.0;
        };
        let mut hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        // Round half-even across the partials left below.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        hi
    }
}

/// Count, sum and sum of squares of a sample, kept exactly, so its mean
/// and variance do not depend on the order of the values.
#[derive(Clone, Debug, Default)]
pub struct Moments {
    pub n: u64,
    sum: ExactSum,
    squares: ExactSum,
}

impl Moments {
    /// Adds a finite value.
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        self.sum.add(x);
        self.squares.add(x * x);
    }

    /// Mean (0 for an empty sample).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum.value() / self.n as f64
        }
    }

    /// Unbiased sample variance (0 below two values).
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = self.n as f64;
        let s = self.sum.value();
        ((self.squares.value() - s * s / n) / (n - 1.0)).max(0.0)
    }

    /// Half-width of the 95% confidence interval of the mean (Student's t).
    pub fn ci95(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let se = (self.variance() / self.n as f64).sqrt();
        t_quantile_975((self.n - 1) as f64) * se
    }
}

fn moments(xs: &[f64]) -> Moments {
    let mut m = Moments::default();
    for x in xs {
        m.add(*x);
    }
    m
}

/// Mean of a sample (0 for an empty one).
pub fn mean(xs: &[f64]) -> f64 {
    moments(xs).mean()
}

/// Unbiased sample variance (0 below two values).
pub fn variance(xs: &[f64]) -> f64 {
    moments(xs).variance()
}

/// Half-width of the 95% confidence interval of the mean (Student's t).
pub fn ci95(xs: &[f64]) -> f64 {
    moments(xs).ci95()
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom (bisection
/// on the CDF).
pub fn t_quantile_975(df: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 100.0);
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if t_cdf(mid, df) < 0.975 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

/// ln Γ(x) (Lanczos).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 6] = [
        76.180_091_729_471_46,
        -86.505_320_329_416_77,
        24.014_098_240_830_91,
        -1.231_739_572_450_155,
        0.001_208_650_973_866_179,
        -0.000_005_395_239_384_953,
    ];
    let mut y = x;
    let tmp = x + 5.5;
    let tmp = tmp - (x + 0.5) * tmp.ln();
    let mut ser = 1.000_000_000_190_015;
    for g in G {
        y += 1.0;
        ser += g / y;
    }
    -tmp + (2.506_628_274_631_000_5 * ser / x).ln()
}

/// The continued fraction of the incomplete beta function.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < 1e-300 {
        d = 1e-300;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < 1e-300 { 1e-300 } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < 1e-300 { 1e-300 } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < 1e-300 { 1e-300 } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < 1e-300 { 1e-300 } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-12 {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function I_x(a, b).
pub fn inc_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let bt = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        bt * beta_cf(a, b, x) / a
    } else {
        1.0 - bt * beta_cf(b, a, 1.0 - x) / b
    }
}

/// CDF of Student's t.
pub fn t_cdf(t: f64, df: f64) -> f64 {
    let x = df / (df + t * t);
    let tail = 0.5 * inc_beta(df / 2.0, 0.5, x);
    if t >= 0.0 { 1.0 - tail } else { tail }
}

/// CDF of the standard normal (via erfc's continued fraction relation to the
/// incomplete gamma; here through a high-precision rational approximation).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Complementary error function (Numerical Recipes' erfcc, |error| < 1.2e-7).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Welch's t-test: (difference of means a − b, t, degrees of freedom,
/// two-sided p-value).
pub fn welch(a: &[f64], b: &[f64]) -> (f64, f64, f64, f64) {
    welch_of(&moments(a), &moments(b))
}

/// Welch's t-test of two samples' moments.
pub fn welch_of(a: &Moments, b: &Moments) -> (f64, f64, f64, f64) {
    let (ma, mb) = (a.mean(), b.mean());
    let (va, vb) = (
        a.variance() / a.n.max(1) as f64,
        b.variance() / b.n.max(1) as f64,
    );
    let diff = ma - mb;
    if va + vb <= 0.0 {
        let p = if diff == 0.0 { 1.0 } else { 0.0 };
        return (
            diff,
            if diff == 0.0 {
                0.0
            } else {
                f64::INFINITY * diff.signum()
            },
            0.0,
            p,
        );
    }
    let t = diff / (va + vb).sqrt();
    let df = (va + vb).powi(2)
        / (va * va / (a.n as f64 - 1.0).max(1.0) + vb * vb / (b.n as f64 - 1.0).max(1.0));
    let p = 2.0 * (1.0 - t_cdf(t.abs(), df));
    (diff, t, df, p.clamp(0.0, 1.0))
}

/// Two-proportion z-test of win rates: (difference, two-sided p-value).
pub fn proportions(wins_a: f64, n_a: f64, wins_b: f64, n_b: f64) -> (f64, f64) {
    if n_a == 0.0 || n_b == 0.0 {
        return (0.0, 1.0);
    }
    let (pa, pb) = (wins_a / n_a, wins_b / n_b);
    let pooled = (wins_a + wins_b) / (n_a + n_b);
    let se = (pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b)).sqrt();
    if se == 0.0 {
        return (pa - pb, if pa == pb { 1.0 } else { 0.0 });
    }
    let z = (pa - pb) / se;
    (pa - pb, (2.0 * (1.0 - normal_cdf(z.abs()))).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distributions_match_tables() {
        assert!((t_quantile_975(10.0) - 2.228).abs() < 1e-3);
        assert!((t_quantile_975(1000.0) - 1.962).abs() < 1e-3);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-4);
        assert!((t_cdf(0.0, 5.0) - 0.5).abs() < 1e-12);
        assert!((t_cdf(2.015, 5.0) - 0.95).abs() < 1e-3);
    }

    #[test]
    fn exact_sums_do_not_depend_on_order() {
        let xs: Vec<f64> = (0..2000)
            .map(|i| ((i * 7919) % 1000) as f64 * 0.1 + 1e-3 * (i % 3) as f64)
            .collect();
        let mut forward = ExactSum::default();
        let mut backward = ExactSum::default();
        for x in &xs {
            forward.add(*x);
        }
        for x in xs.iter().rev() {
            backward.add(*x);
        }
        assert_eq!(forward.value().to_bits(), backward.value().to_bits());
        let mut big = ExactSum::default();
        for x in [1e16, 1.0, -1e16] {
            big.add(x);
        }
        assert_eq!(big.value(), 1.0);
        assert!((variance(&[1.0, 2.0, 3.0, 4.0]) - 5.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn welch_detects_a_real_difference_and_not_a_fake_one() {
        let a: Vec<f64> = (0..50).map(|i| 10.0 + (i % 7) as f64).collect();
        let b: Vec<f64> = (0..50).map(|i| 14.0 + (i % 7) as f64).collect();
        let (diff, _, _, p) = welch(&a, &b);
        assert!((diff + 4.0).abs() < 1e-9 && p < 1e-6);
        let (_, _, _, p) = welch(&a, &a);
        assert!(p > 0.99);
        let (d, p) = proportions(30.0, 50.0, 10.0, 50.0);
        assert!((d - 0.4).abs() < 1e-9 && p < 0.001);
    }
}
