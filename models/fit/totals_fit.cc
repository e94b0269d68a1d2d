#include "fit/totals_fit.h"

#include <Eigen/Dense>
#include <unsupported/Eigen/LevenbergMarquardt>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/rng.h"

namespace necsim::fit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double NormalCdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// log(Phi(b) - Phi(a)) for a < b, accurate in both tails.
double LogNormalInterval(double a, double b) {
  if (a > 0) {  // both in the upper tail: use the mirror image
    const double t = -a;
    a = -b;
    b = t;
  }
  const double pb = NormalCdf(b), pa = NormalCdf(a);
  const double diff = pb - pa;
  if (diff > 1e-300) return std::log(diff);
  // Far in the lower tail: log Phi(b) ~ -b^2/2 - log(-b sqrt(2 pi)).
  return -0.5 * b * b - std::log(-b * std::sqrt(2 * std::numbers::pi));
}

// Box-Muller on a Stream (the same numbers on every platform).
double StandardNormal(Stream& rng) {
  const double u1 = 1.0 - rng.Uniform(), u2 = rng.Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

}  // namespace

std::vector<double> MarkProbabilities(const std::vector<double>& weights, double stop, int marks) {
  const int n = static_cast<int>(weights.size());
  std::vector<double> p(static_cast<size_t>(n), 0.0);
  if (n == 0 || marks <= 0) return p;
  double W = 0;
  for (double x : weights) W += x;
  // Scale so that the weights sum to 1 (the law is unchanged).
  std::vector<double> w(weights);
  for (double& x : w) x /= W;
  const double s = stop / W;
  if (marks == 1) return w;
  if (marks >= n) {
    // H_j(t) = P(at least one other arrived) = 1 - exp(-(1 - w_j) t): closed form.
    for (int j = 0; j < n; ++j) p[static_cast<size_t>(j)] = w[static_cast<size_t>(j)] * (1 + s) / (w[static_cast<size_t>(j)] + s);
    return p;
  }
  const int m1 = marks;  // counts 0 .. marks - 1 are kept
  // The integrand e^u exp(-(w_j + s) e^u) H_j(e^u) in u = log t: below t = 1e-8
  // it is at most t^2; above T it is at most marks * exp(-r t) with r the
  // larger of s and the (marks + 1)-th heaviest weight (once the heaviest
  // `marks` others have arrived, H is 0), so T = (log(marks / r) + 36) / r.
  std::vector<double> sorted(w);
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const double r = std::max({s, sorted[static_cast<size_t>(marks)], 1e-300});
  const double t_hi = (std::log(marks / r) + 36.0) / r;
  const double u_lo = std::log(1e-8), u_hi = std::log(std::max(t_hi, 1.0));
  const double h = 0.25;
  const int nodes = static_cast<int>(std::ceil((u_hi - u_lo) / h)) + 1;
  std::vector<double> I(static_cast<size_t>(n), 0.0);
  std::vector<double> q(static_cast<size_t>(n)), cs(static_cast<size_t>(m1));
  // prefix[i][k]: P(k arrivals among candidates 0..i-1), k < m1; suffix likewise from i on.
  std::vector<double> prefix(static_cast<size_t>((n + 1) * m1)), suffix(static_cast<size_t>((n + 1) * m1));
  for (int node = 0; node < nodes; ++node) {
    const double u = u_lo + h * node;
    const double t = std::exp(u);
    for (int i = 0; i < n; ++i) q[static_cast<size_t>(i)] = -std::expm1(-w[static_cast<size_t>(i)] * t);
    std::fill(prefix.begin(), prefix.begin() + m1, 0.0);
    prefix[0] = 1.0;
    for (int i = 0; i < n; ++i) {
      const double* a = &prefix[static_cast<size_t>(i * m1)];
      double* b = &prefix[static_cast<size_t>((i + 1) * m1)];
      const double qi = q[static_cast<size_t>(i)], ri = 1 - qi;
      b[0] = a[0] * ri;
      for (int k = 1; k < m1; ++k) b[k] = a[k] * ri + a[k - 1] * qi;
    }
    std::fill(suffix.begin() + n * m1, suffix.end(), 0.0);
    suffix[static_cast<size_t>(n * m1)] = 1.0;
    for (int i = n - 1; i >= 0; --i) {
      const double* a = &suffix[static_cast<size_t>((i + 1) * m1)];
      double* b = &suffix[static_cast<size_t>(i * m1)];
      const double qi = q[static_cast<size_t>(i)], ri = 1 - qi;
      b[0] = a[0] * ri;
      for (int k = 1; k < m1; ++k) b[k] = a[k] * ri + a[k - 1] * qi;
    }
    for (int j = 0; j < n; ++j) {
      const double* a = &prefix[static_cast<size_t>(j * m1)];      // candidates before j
      const double* b = &suffix[static_cast<size_t>((j + 1) * m1)];  // candidates after j
      // H = P(1 <= A + B <= m1 - 1) with A the arrivals before j, B after:
      // a[0] * P(1 <= B <= m1 - 1) + sum_{x >= 1} a[x] * P(B <= m1 - 1 - x),
      // summed without a subtraction.
      double c = 0;
      for (int y = 0; y < m1; ++y) cs[static_cast<size_t>(y)] = (c += b[y]);
      double tail = 0;
      for (int y = 1; y < m1; ++y) tail += b[y];
      double H = a[0] * tail;
      for (int x = 1; x < m1; ++x) H += a[x] * cs[static_cast<size_t>(m1 - 1 - x)];
      const double wj = w[static_cast<size_t>(j)];
      I[static_cast<size_t>(j)] += t * std::exp(-(wj + s) * t) * H;
    }
  }
  for (int j = 0; j < n; ++j) {
    const double wj = w[static_cast<size_t>(j)];
    p[static_cast<size_t>(j)] = std::min(1.0, wj + wj * (1 + s) * h * I[static_cast<size_t>(j)]);
  }
  return p;
}

int TotalsData::num_reported() const {
  int k = 0;
  for (double v : votes) k += std::isnan(v) ? 0 : 1;
  return k;
}

void TotalsData::DeriveBounds() {
  const size_t n = names.size();
  double max_loser = 0, min_winner = kInf;
  for (size_t j = 0; j < n; ++j) {
    if (std::isnan(votes[j])) continue;
    if (elected[j]) min_winner = std::min(min_winner, votes[j]);
    else max_loser = std::max(max_loser, votes[j]);
  }
  lo.assign(n, 0.0);
  hi.assign(n, ballots > 0 ? ballots : kInf);
  for (size_t j = 0; j < n; ++j) {
    if (!std::isnan(votes[j])) continue;
    if (elected[j]) lo[j] = max_loser;
    else if (std::isfinite(min_winner)) hi[j] = min_winner;
  }
}

Status CheckTotals(const TotalsData& d, const TotalsPrior& prior) {
  const int n = d.num_candidates();
  if (d.seats < 1) return MakeError("seats must be at least 1", "seats");
  if (n <= d.seats) {
    return MakeError(std::to_string(n) + " candidates for " + std::to_string(d.seats) +
                         " seats: every candidate is elected and the totals say nothing about the voters",
                     "candidates");
  }
  if (d.num_reported() == 0) return MakeError("no candidate has a reported total", "votes");
  for (int j = 0; j < n; ++j) {
    const double v = d.votes[static_cast<size_t>(j)];
    if (std::isnan(v)) continue;
    if (v < 0) return MakeError("a negative total for " + d.names[static_cast<size_t>(j)], "votes");
    if (d.ballots > 0 && v > d.ballots) {
      return MakeError("the total for " + d.names[static_cast<size_t>(j)] + " exceeds the valid ballots (" +
                           std::to_string(static_cast<int64_t>(d.ballots)) + ")",
                       "votes");
    }
  }
  if (prior.K() < 1) return MakeError("at least one bloc is needed", "blocs");
  if (static_cast<int>(prior.own_slate.size()) != prior.K()) return MakeError("one slate (or -1) per bloc", "blocs");
  for (int s : prior.own_slate) {
    if (s >= static_cast<int>(d.slates.size())) return MakeError("a bloc's slate is out of range", "blocs");
  }
  if (!prior.affinity_mean.empty() && prior.affinity_mean.size() != static_cast<size_t>(prior.K()) * d.slates.size()) {
    return MakeError("affinity prior means: one per bloc and slate", "blocs");
  }
  return {};
}

namespace {

// The free parameters: share logits of blocs 1..K-1 (bloc 0's is 0), the
// affinities [K][S], log stop, the effects [n], and log N when N was not
// reported.
struct Layout {
  int K = 0, S = 0, n = 0;
  bool fit_ballots = false;
  int share() const { return 0; }
  int affinity(int b, int s) const { return K - 1 + b * S + s; }
  int log_stop() const { return K - 1 + K * S; }
  int effect(int j) const { return log_stop() + 1 + j; }
  int log_ballots() const { return effect(n); }
  int size() const { return effect(n) + (fit_ballots ? 1 : 0); }
};

TotalsParams Natural(const Layout& L, const TotalsData& d, const Eigen::VectorXd& x) {
  TotalsParams p;
  p.K = L.K;
  p.share.assign(static_cast<size_t>(L.K), 0.0);
  double mx = 0;
  for (int b = 1; b < L.K; ++b) mx = std::max(mx, x[b - 1]);
  double sum = 0;
  for (int b = 0; b < L.K; ++b) sum += (p.share[static_cast<size_t>(b)] = std::exp((b == 0 ? 0.0 : x[b - 1]) - mx));
  for (double& s : p.share) s /= sum;
  p.affinity.resize(static_cast<size_t>(L.K * L.S));
  for (int b = 0; b < L.K; ++b) {
    for (int s = 0; s < L.S; ++s) p.affinity[static_cast<size_t>(b * L.S + s)] = x[L.affinity(b, s)];
  }
  p.log_stop = x[L.log_stop()];
  p.effect.resize(static_cast<size_t>(L.n));
  for (int j = 0; j < L.n; ++j) p.effect[static_cast<size_t>(j)] = x[L.effect(j)];
  p.ballots = L.fit_ballots ? std::exp(x[L.log_ballots()]) : d.ballots;
  return p;
}

std::vector<double> BlocMarks(const TotalsData& d, const TotalsParams& p, int b) {
  const int n = d.num_candidates();
  const int S = static_cast<int>(d.slates.size());
  std::vector<double> u(static_cast<size_t>(n));
  double mx = -kInf;
  for (int j = 0; j < n; ++j) {
    u[static_cast<size_t>(j)] = p.affinity[static_cast<size_t>(b * S + d.group[static_cast<size_t>(j)])] +
                                p.effect[static_cast<size_t>(j)];
    mx = std::max(mx, u[static_cast<size_t>(j)]);
  }
  mx = std::max(mx, p.log_stop);
  std::vector<double> w(static_cast<size_t>(n));
  for (int j = 0; j < n; ++j) w[static_cast<size_t>(j)] = std::exp(u[static_cast<size_t>(j)] - mx);
  return MarkProbabilities(w, std::exp(p.log_stop - mx), d.seats);
}

std::vector<double> Mixed(const TotalsData& d, const TotalsParams& p, const std::vector<std::vector<double>>& bloc) {
  std::vector<double> pbar(static_cast<size_t>(d.num_candidates()), 0.0);
  for (int b = 0; b < p.K; ++b) {
    for (size_t j = 0; j < pbar.size(); ++j) pbar[j] += p.share[static_cast<size_t>(b)] * bloc[static_cast<size_t>(b)][j];
  }
  return pbar;
}

// The residuals whose half squared norm is -log posterior (up to a constant).
class Residuals {
 public:
  Residuals(const TotalsData& d, const TotalsPrior& prior, const Layout& L) : d_(d), prior_(prior), L_(L) {
    mean_.assign(static_cast<size_t>(L.K * L.S), 0.0);
    if (!prior.affinity_mean.empty()) mean_ = prior.affinity_mean;
    else {
      for (int b = 0; b < L.K; ++b) {
        const int own = prior.own_slate[static_cast<size_t>(b)];
        if (own >= 0) mean_[static_cast<size_t>(b * L.S + own)] = prior.own_affinity;
      }
    }
    for (int j = 0; j < L.n; ++j) {
      const double v = d.votes[static_cast<size_t>(j)];
      if (!std::isnan(v) || d.lo[static_cast<size_t>(j)] > 0 || std::isfinite(d.hi[static_cast<size_t>(j)])) {
        observed_.push_back(j);
      }
    }
    count_ = static_cast<int>(observed_.size()) + L.K * L.S + 1 + L.n + 1 + (L.fit_ballots ? 1 : 0);
    count_ = std::max(count_, L.size());
  }
  int count() const { return count_; }
  const std::vector<double>& affinity_mean() const { return mean_; }

  // From the bloc marks (so a Jacobian column need only redo the blocs it moves).
  void Fill(const Eigen::VectorXd& x, const TotalsParams& p, const std::vector<std::vector<double>>& bloc,
            Eigen::VectorXd& r) const {
    r.setZero(count_);
    const std::vector<double> pbar = Mixed(d_, p, bloc);
    int k = 0;
    for (int j : observed_) {
      const double e = p.ballots * pbar[static_cast<size_t>(j)];
      const double sd = std::sqrt(p.ballots * pbar[static_cast<size_t>(j)] * (1 - pbar[static_cast<size_t>(j)]) + 1.0);
      const double v = d_.votes[static_cast<size_t>(j)];
      if (!std::isnan(v)) r[k++] = (v - e) / sd;
      else {
        const double a = (d_.lo[static_cast<size_t>(j)] - e) / sd;
        const double b = std::isfinite(d_.hi[static_cast<size_t>(j)]) ? (d_.hi[static_cast<size_t>(j)] - e) / sd : 40.0;
        r[k++] = std::sqrt(std::max(0.0, -2.0 * LogNormalInterval(a, b)) + 1.0);
      }
    }
    for (int i = 0; i < L_.K * L_.S; ++i) {
      r[k++] = (x[L_.K - 1 + i] - mean_[static_cast<size_t>(i)]) / prior_.affinity_sd;
    }
    r[k++] = (x[L_.log_stop()] - prior_.log_stop_mean) / prior_.log_stop_sd;
    for (int j = 0; j < L_.n; ++j) r[k++] = x[L_.effect(j)] / prior_.effect_sd;
    double logsum = 0;
    for (double s : p.share) logsum += std::log(std::max(s, 1e-300));
    r[k++] = std::sqrt(-2.0 * prior_.share_alpha * logsum + 1.0);
    if (L_.fit_ballots) {
      double mm = 0;
      for (double v : pbar) mm += v;
      r[k++] = (mm / d_.seats - prior_.marks_share_mean) / prior_.marks_share_sd;
    }
  }

  std::vector<std::vector<double>> AllBlocs(const TotalsParams& p) const {
    std::vector<std::vector<double>> bloc(static_cast<size_t>(p.K));
    for (int b = 0; b < p.K; ++b) bloc[static_cast<size_t>(b)] = BlocMarks(d_, p, b);
    return bloc;
  }

  void Value(const Eigen::VectorXd& x, Eigen::VectorXd& r) const {
    const TotalsParams p = Natural(L_, d_, x);
    Fill(x, p, AllBlocs(p), r);
  }

  // Central differences; a column moves only the blocs its parameter enters.
  void Jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& J) const {
    const int P = L_.size();
    J.resize(count_, P);
    const TotalsParams p0 = Natural(L_, d_, x);
    const std::vector<std::vector<double>> base = AllBlocs(p0);
    Eigen::VectorXd rp(count_), rm(count_);
    for (int i = 0; i < P; ++i) {
      const double h = 1e-5 * std::max(1.0, std::abs(x[i]));
      Eigen::VectorXd xp = x, xm = x;
      xp[i] += h;
      xm[i] -= h;
      const TotalsParams pp = Natural(L_, d_, xp), pm = Natural(L_, d_, xm);
      std::vector<std::vector<double>> bp = base, bm = base;
      int only = -2;  // -2: no bloc moves; -1: every bloc; b: bloc b
      if (i >= L_.K - 1 && i < L_.log_stop()) only = (i - (L_.K - 1)) / L_.S;
      else if (i >= L_.log_stop() && i < L_.effect(L_.n)) only = -1;
      for (int b = 0; b < L_.K; ++b) {
        if (only == -1 || only == b) {
          bp[static_cast<size_t>(b)] = BlocMarks(d_, pp, b);
          bm[static_cast<size_t>(b)] = BlocMarks(d_, pm, b);
        }
      }
      Fill(xp, pp, bp, rp);
      Fill(xm, pm, bm, rm);
      J.col(i) = (rp - rm) / (2 * h);
    }
  }

 private:
  const TotalsData& d_;
  const TotalsPrior& prior_;
  Layout L_;
  std::vector<double> mean_;
  std::vector<int> observed_;
  int count_ = 0;
};

struct LmFunctor : Eigen::DenseFunctor<double> {
  LmFunctor(const Residuals& r, int inputs, int* evaluations)
      : Eigen::DenseFunctor<double>(inputs, r.count()), res(r), evals(evaluations) {}
  int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& fvec) const {
    ++*evals;
    res.Value(x, fvec);
    return 0;
  }
  int df(const Eigen::VectorXd& x, Eigen::MatrixXd& fjac) const {
    res.Jacobian(x, fjac);
    return 0;
  }
  const Residuals& res;
  int* evals;
};

}  // namespace

std::vector<double> ExpectedTotals(const TotalsData& d, const TotalsParams& p) {
  std::vector<std::vector<double>> bloc(static_cast<size_t>(p.K));
  for (int b = 0; b < p.K; ++b) bloc[static_cast<size_t>(b)] = BlocMarks(d, p, b);
  std::vector<double> e = Mixed(d, p, bloc);
  for (double& v : e) v *= p.ballots;
  return e;
}

double MeanMarks(const TotalsData& d, const TotalsParams& p) {
  TotalsParams one = p;
  one.ballots = 1;
  double m = 0;
  for (double v : ExpectedTotals(d, one)) m += v;
  return m;
}

Result<TotalsFitResult> FitTotals(const TotalsData& d, const TotalsPrior& prior, const TotalsFitOptions& opt) {
  if (Status st = CheckTotals(d, prior); !st) return st.error();
  TotalsData data = d;
  if (data.lo.size() != data.names.size()) data.DeriveBounds();
  Layout L;
  L.K = prior.K();
  L.S = static_cast<int>(data.slates.size());
  L.n = data.num_candidates();
  L.fit_ballots = !(data.ballots > 0);
  const int P = L.size();
  const Residuals res(data, prior, L);

  // The deterministic start: the prior means, equal shares, and N from the
  // totals at the prior's marks per ballot.
  Eigen::VectorXd x0 = Eigen::VectorXd::Zero(P);
  for (int i = 0; i < L.K * L.S; ++i) x0[L.K - 1 + i] = res.affinity_mean()[static_cast<size_t>(i)];
  x0[L.log_stop()] = prior.log_stop_mean;
  if (L.fit_ballots) {
    double sum = 0, reported_max = 0;
    for (int j = 0; j < L.n; ++j) {
      const double v = data.votes[static_cast<size_t>(j)];
      if (std::isnan(v)) continue;
      sum += v;
      reported_max = std::max(reported_max, v);
    }
    const double share = static_cast<double>(data.num_reported()) / L.n;
    x0[L.log_ballots()] =
        std::log(std::max(reported_max * 1.05, sum / share / (prior.marks_share_mean * data.seats)));
  }

  struct StartResult {
    Eigen::VectorXd x;
    double value = kInf;
    bool converged = false;
    int evaluations = 0;
  };
  std::vector<StartResult> runs(static_cast<size_t>(opt.starts) + 1);
  auto run_start = [&](int s) {
    Eigen::VectorXd x = x0;
    if (s > 0) {
      Stream rng(opt.seed, static_cast<uint64_t>(s), StreamPurpose::kFit, 21);
      for (int b = 1; b < L.K; ++b) x[b - 1] = StandardNormal(rng);
      for (int i = 0; i < L.K * L.S; ++i) x[L.K - 1 + i] += prior.affinity_sd * StandardNormal(rng);
      x[L.log_stop()] += StandardNormal(rng);
      for (int j = 0; j < L.n; ++j) x[L.effect(j)] += 0.3 * StandardNormal(rng);
    }
    StartResult& out = runs[static_cast<size_t>(s)];
    LmFunctor f(res, P, &out.evaluations);
    Eigen::LevenbergMarquardt<LmFunctor> lm(f);
    lm.setMaxfev(opt.max_evaluations);
    lm.setFtol(1e-10);
    lm.setXtol(1e-8);
    // MINPACK's steps, with one more stopping rule: along the curved ridges
    // the totals leave to the prior the steps shrink without ending, so a
    // start also stops once 20 steps have lowered -log posterior by less
    // than 1e-3 in all. Points that close in log posterior are alike next to
    // the posterior's own spread (about sqrt(P / 2) in log density), and no
    // output moves visibly (docs/fit.md).
    namespace lms = Eigen::LevenbergMarquardtSpace;
    lms::Status st = lm.minimizeInit(x);
    std::vector<double> trace;
    bool stalled = false;
    if (st != lms::ImproperInputParameters) {
      do {
        st = lm.minimizeOneStep(x);
        trace.push_back(0.5 * lm.fnorm() * lm.fnorm());
        if (trace.size() > 20 && trace[trace.size() - 21] - trace.back() < 1e-3) {
          stalled = true;
          break;
        }
      } while (st == lms::Running);
    }
    Eigen::VectorXd r;
    res.Value(x, r);
    out.x = x;
    out.value = 0.5 * r.squaredNorm();
    out.converged = stalled || st == lms::RelativeReductionTooSmall || st == lms::RelativeErrorTooSmall ||
                    st == lms::RelativeErrorAndReductionTooSmall || st == lms::CosinusTooSmall ||
                    st == lms::FtolTooSmall || st == lms::XtolTooSmall || st == lms::GtolTooSmall;
    if (!std::isfinite(out.value)) out.value = kInf;
  };
  const int n_starts = opt.starts + 1;
  if (opt.for_each) opt.for_each(n_starts, run_start);
  else {
    for (int s = 0; s < n_starts; ++s) run_start(s);
  }
  size_t best = 0;
  TotalsFitResult out;
  for (size_t s = 0; s < runs.size(); ++s) {
    out.evaluations += runs[s].evaluations;
    if (runs[s].value < runs[best].value) best = s;
  }
  out.starts = n_starts;
  for (const StartResult& r : runs) {
    if (std::abs(r.value - runs[best].value) <= 0.01) ++out.starts_agreeing;
  }
  if (!std::isfinite(runs[best].value)) return MakeError("the fit failed at every start", "totals");
  const Eigen::VectorXd xb = runs[best].x;
  out.objective = runs[best].value;
  out.converged = runs[best].converged;
  if (!out.converged) out.message = "the optimiser reached its cap of " + std::to_string(opt.max_evaluations) + " evaluations";
  out.estimate = Natural(L, data, xb);
  out.expected = ExpectedTotals(data, out.estimate);
  out.mean_marks = MeanMarks(data, out.estimate);

  // The Laplace approximation: covariance (J'J)^-1 at the mode. Two sets of
  // draws: from the whole posterior (the SDs reported for every value, which
  // show what the totals leave to the prior), and from the full conditionals
  // of the shares (as a block) and of each effect, the rest at the mode: the
  // uncertainty the totals identify, which is what a scenario carries into
  // runs (docs/fit.md says why the ridge the totals leave is not).
  Eigen::MatrixXd J;
  res.Jacobian(xb, J);
  const Eigen::MatrixXd H = J.transpose() * J;
  auto root_of = [](const Eigen::MatrixXd& A, double* min_ev) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(A);
    if (min_ev != nullptr) *min_ev = eig.eigenvalues().minCoeff();
    Eigen::VectorXd inv(A.rows());
    for (int i = 0; i < A.rows(); ++i) inv[i] = eig.eigenvalues()[i] > 1e-12 ? 1.0 / eig.eigenvalues()[i] : 0.0;
    return Eigen::MatrixXd(eig.eigenvectors() * inv.cwiseSqrt().asDiagonal());
  };
  const Eigen::MatrixXd root_all = root_of(H, &out.min_eigenvalue);
  Eigen::MatrixXd root_given = Eigen::MatrixXd::Zero(P, P);
  if (L.K > 1) {
    const Eigen::MatrixXd rs = root_of(H.block(0, 0, L.K - 1, L.K - 1), nullptr);
    root_given.block(0, 0, L.K - 1, L.K - 1) = rs;
  }
  for (int j = 0; j < L.n; ++j) {
    const int i = L.effect(j);
    root_given(i, i) = H(i, i) > 1e-12 ? 1.0 / std::sqrt(H(i, i)) : 0.0;
  }

  const int n = L.n;
  auto sum_sq = [](const std::vector<double>& v, double& mean) {
    mean = 0;
    for (double a : v) mean += a;
    mean /= static_cast<double>(v.size());
    double ss = 0;
    for (double a : v) ss += (a - mean) * (a - mean);
    return std::sqrt(ss / std::max<double>(1.0, static_cast<double>(v.size()) - 1));
  };
  struct DrawSet {
    std::vector<std::vector<double>> totals;  // [candidate][draw]
    std::vector<double> mean_marks;
    TotalsParams sd;
  };
  auto draw = [&](const Eigen::MatrixXd& root, uint32_t sub, bool keep) {
    DrawSet ds;
    ds.totals.resize(static_cast<size_t>(n));
    Stream rng(opt.seed, 0, StreamPurpose::kFit, sub);
    std::vector<std::vector<double>> values;  // per draw: the natural parameters flattened
    for (int k = 0; k < opt.draws; ++k) {
      Eigen::VectorXd z(root.cols());
      for (int i = 0; i < root.cols(); ++i) z[i] = StandardNormal(rng);
      const Eigen::VectorXd x = xb + root * z;
      TotalsParams p = Natural(L, data, x);
      const std::vector<double> e = ExpectedTotals(data, p);
      double m = 0;
      for (int j = 0; j < n; ++j) {
        const double pj = std::clamp(e[static_cast<size_t>(j)] / p.ballots, 0.0, 1.0);
        const double sd = std::sqrt(p.ballots * pj * (1 - pj));
        ds.totals[static_cast<size_t>(j)].push_back(e[static_cast<size_t>(j)] + sd * StandardNormal(rng));
        m += pj;
      }
      ds.mean_marks.push_back(m);
      std::vector<double> flat;
      flat.insert(flat.end(), p.share.begin(), p.share.end());
      flat.insert(flat.end(), p.affinity.begin(), p.affinity.end());
      flat.push_back(p.log_stop);
      flat.insert(flat.end(), p.effect.begin(), p.effect.end());
      flat.push_back(p.ballots);
      values.push_back(std::move(flat));
      if (keep) out.draws.push_back(std::move(p));
    }
    const size_t V = values.empty() ? 0 : values[0].size();
    std::vector<double> sd(V, 0.0);
    for (size_t i = 0; i < V; ++i) {
      std::vector<double> col;
      for (const auto& row : values) col.push_back(row[i]);
      double mean = 0;
      sd[i] = sum_sq(col, mean);
    }
    ds.sd = out.estimate;
    size_t k = 0;
    for (double& v : ds.sd.share) v = sd[k++];
    for (double& v : ds.sd.affinity) v = sd[k++];
    ds.sd.log_stop = sd[k++];
    for (double& v : ds.sd.effect) v = sd[k++];
    ds.sd.ballots = L.fit_ballots ? sd[k] : 0.0;  // 0 in the draws given N
    return ds;
  };
  DrawSet all = draw(root_all, 22, false);
  DrawSet given = draw(root_given, 23, true);
  out.se = all.sd;
  out.se_given = given.sd;
  out.se_given.affinity.assign(out.se_given.affinity.size(), 0.0);
  out.se_given.log_stop = 0;
  {
    // The delta method on the whole posterior: the marks per ballot are
    // nearly fixed by the totals, and draws off the curved ridge would
    // overstate their spread.
    Eigen::VectorXd grad(P);
    for (int i = 0; i < P; ++i) {
      const double h = 1e-5 * std::max(1.0, std::abs(xb[i]));
      Eigen::VectorXd xp = xb, xm = xb;
      xp[i] += h;
      xm[i] -= h;
      grad[i] = (MeanMarks(data, Natural(L, data, xp)) - MeanMarks(data, Natural(L, data, xm))) / (2 * h);
    }
    out.mean_marks_se = (root_all.transpose() * grad).norm();
  }
  out.p05.resize(static_cast<size_t>(n));
  out.p95.resize(static_cast<size_t>(n));
  out.z.assign(static_cast<size_t>(n), kNaN);
  for (int j = 0; j < n; ++j) {
    // An unreported total is bounded, not fixed, by the result: most of its
    // uncertainty lies in the behaviour the full conditionals hold fixed, so
    // its interval comes from the whole posterior.
    const bool unreported = std::isnan(data.votes[static_cast<size_t>(j)]);
    std::vector<double>& t = (unreported ? all : given).totals[static_cast<size_t>(j)];
    double mean = 0;
    const double sd = t.empty() ? 0 : sum_sq(t, mean);
    std::sort(t.begin(), t.end());
    if (!t.empty()) {
      // Nearest-rank quantiles.
      auto q = [&](double f) {
        const size_t i = static_cast<size_t>(std::ceil(f * static_cast<double>(t.size()))) - 1;
        return t[std::min(i, t.size() - 1)];
      };
      out.p05[static_cast<size_t>(j)] = q(0.05);
      out.p95[static_cast<size_t>(j)] = q(0.95);
    }
    const double v = data.votes[static_cast<size_t>(j)];
    if (!std::isnan(v) && sd > 0) {
      out.z[static_cast<size_t>(j)] = (v - out.expected[static_cast<size_t>(j)]) / sd;
      out.chi2 += out.z[static_cast<size_t>(j)] * out.z[static_cast<size_t>(j)];
    }
  }

  // What the totals leave to the prior: parameters whose posterior spread is
  // more than half their prior spread.
  for (int b = 0; b < L.K; ++b) {
    for (int s = 0; s < L.S; ++s) {
      const double ratio = out.se.affinity[static_cast<size_t>(b * L.S + s)] / prior.affinity_sd;
      if (ratio > 0.5) {
        out.notes.push_back("the affinity of bloc " + prior.bloc_names[static_cast<size_t>(b)] + " for " +
                            data.slates[static_cast<size_t>(s)] + " is mostly the prior's (posterior SD " +
                            std::to_string(out.se.affinity[static_cast<size_t>(b * L.S + s)]).substr(0, 4) +
                            " against the prior's " + std::to_string(prior.affinity_sd).substr(0, 4) + ")");
      }
    }
  }
  if (L.fit_ballots) {
    out.notes.push_back("the ballots cast were not reported: N is fitted, with the prior on marks per ballot (" +
                        std::to_string(prior.marks_share_mean).substr(0, 4) + " of the seats, SD " +
                        std::to_string(prior.marks_share_sd).substr(0, 4) + ")");
  }
  out.notes.push_back(
      "the totals are marks, not rankings: the order of preferences beyond the marks (which STV transfers read) is "
      "the model's Plackett-Luce order under the fitted utilities, not observed");
  return out;
}

}  // namespace necsim::fit
