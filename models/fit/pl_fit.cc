#include "fit/pl_fit.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlopt.hpp>
#include <numeric>
#include <random>

#include "core/rng.h"

namespace necsim::fit {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Where each free parameter lives.
class Layout {
 public:
  Layout(const FitData& d, int K, const Terms& t) : d_(d), K_(K), t_(t) {
    const int G = static_cast<int>(d.slates.size());
    n_ = K - 1;
    bloc_base_.resize(static_cast<size_t>(K));
    for (int b = 0; b < K; ++b) {
      bloc_base_[static_cast<size_t>(b)] = n_;
      if (t.slate) n_ += G - 1;
      if (t.gender && !(t.profile && b == 0)) n_ += 1;
      n_ += 1;  // log stop
    }
    // Effects: within each group (the slates, or all candidates when the
    // slate term is off) all but the last candidate are free; the last is
    // minus their sum.
    effect_index_.assign(static_cast<size_t>(d.num_candidates), -1);
    last_of_.assign(static_cast<size_t>(d.num_candidates), -1);
    if (t.profile) {
      std::map<int, std::vector<int>> members;
      for (int j = 0; j < d.num_candidates; ++j) members[t.slate ? d.group[static_cast<size_t>(j)] : 0].push_back(j);
      for (auto& [g, js] : members) {
        const int last = js.back();
        for (size_t k = 0; k + 1 < js.size(); ++k) {
          effect_index_[static_cast<size_t>(js[k])] = n_++;
        }
        for (int j : js) last_of_[static_cast<size_t>(j)] = last;
      }
    }
  }

  int size() const { return n_; }
  int K() const { return K_; }
  int num_candidates() const { return d_.num_candidates; }
  int affinity(int b, int g) const {  // -1: fixed at 0
    if (!t_.slate || g == 0) return -1;
    return bloc_base_[static_cast<size_t>(b)] + g - 1;
  }
  // With candidates' own effects, a shift of every bloc's women term is
  // taken up by the effects: the first bloc's is pinned at 0 and the others
  // are relative to it.
  bool women_free(int b) const { return t_.gender && !(t_.profile && b == 0); }
  int women(int b) const {
    if (!women_free(b)) return -1;
    return bloc_base_[static_cast<size_t>(b)] + (t_.slate ? static_cast<int>(d_.slates.size()) - 1 : 0);
  }
  int log_stop(int b) const {
    return bloc_base_[static_cast<size_t>(b)] + (t_.slate ? static_cast<int>(d_.slates.size()) - 1 : 0) +
           (women_free(b) ? 1 : 0);
  }
  int effect(int j) const { return effect_index_[static_cast<size_t>(j)]; }
  int last_of(int j) const { return last_of_[static_cast<size_t>(j)]; }

  Params Unpack(const std::vector<double>& x) const {
    Params p;
    const int G = static_cast<int>(d_.slates.size());
    const int C = d_.num_candidates;
    p.K = K_;
    p.share.assign(static_cast<size_t>(K_), 0.0);
    double mx = 0;
    for (int b = 0; b + 1 < K_; ++b) mx = std::max(mx, x[static_cast<size_t>(b)]);
    double z = 0;
    for (int b = 0; b < K_; ++b) {
      const double l = b + 1 < K_ ? x[static_cast<size_t>(b)] : 0.0;
      p.share[static_cast<size_t>(b)] = std::exp(l - mx);
      z += p.share[static_cast<size_t>(b)];
    }
    for (double& s : p.share) s /= z;
    p.affinity.assign(static_cast<size_t>(K_ * G), 0.0);
    p.women.assign(static_cast<size_t>(K_), 0.0);
    p.log_stop.assign(static_cast<size_t>(K_), 0.0);
    for (int b = 0; b < K_; ++b) {
      for (int g = 0; g < G; ++g) {
        const int i = affinity(b, g);
        if (i >= 0) p.affinity[static_cast<size_t>(b * G + g)] = x[static_cast<size_t>(i)];
      }
      if (women(b) >= 0) p.women[static_cast<size_t>(b)] = x[static_cast<size_t>(women(b))];
      p.log_stop[static_cast<size_t>(b)] = x[static_cast<size_t>(log_stop(b))];
    }
    p.effect.assign(static_cast<size_t>(C), 0.0);
    if (t_.profile) {
      std::vector<double> sum(static_cast<size_t>(C), 0.0);
      for (int j = 0; j < C; ++j) {
        if (effect(j) >= 0) {
          p.effect[static_cast<size_t>(j)] = x[static_cast<size_t>(effect(j))];
          sum[static_cast<size_t>(last_of(j))] += p.effect[static_cast<size_t>(j)];
        }
      }
      for (int j = 0; j < C; ++j) {
        if (effect(j) < 0) p.effect[static_cast<size_t>(j)] = -sum[static_cast<size_t>(j)];
      }
    }
    return p;
  }

  // Natural parameters back to free ones (shares as logits against the last
  // bloc; fixed entries are ignored).
  std::vector<double> Pack(const Params& p) const {
    std::vector<double> x(static_cast<size_t>(n_), 0.0);
    const int G = static_cast<int>(d_.slates.size());
    for (int b = 0; b + 1 < K_; ++b) {
      x[static_cast<size_t>(b)] = std::log(std::max(p.share[static_cast<size_t>(b)], 1e-300)) -
                                  std::log(std::max(p.share[static_cast<size_t>(K_ - 1)], 1e-300));
    }
    for (int b = 0; b < K_; ++b) {
      for (int g = 0; g < G; ++g) {
        if (affinity(b, g) >= 0) x[static_cast<size_t>(affinity(b, g))] = p.affinity[static_cast<size_t>(b * G + g)];
      }
      if (women(b) >= 0) x[static_cast<size_t>(women(b))] = p.women[static_cast<size_t>(b)];
      x[static_cast<size_t>(log_stop(b))] = p.log_stop[static_cast<size_t>(b)];
    }
    for (int j = 0; j < d_.num_candidates; ++j) {
      if (effect(j) >= 0) x[static_cast<size_t>(effect(j))] = p.effect[static_cast<size_t>(j)];
    }
    return x;
  }

 private:
  const FitData& d_;
  int K_;
  Terms t_;
  int n_ = 0;
  std::vector<int> bloc_base_;
  std::vector<int> effect_index_, last_of_;
};

// -log L / N and its gradient in the free parameters.
class Objective {
 public:
  Objective(const FitData& d, const Layout& layout, const Terms& t) : d_(d), L_(layout), t_(t) {}

  double operator()(const std::vector<double>& x, std::vector<double>* grad) {
    ++evaluations;
    const Params p = L_.Unpack(x);
    const int K = p.K;
    const int C = d_.num_candidates;
    const size_t n = d_.num_rankings();
    w_.resize(static_cast<size_t>(K * C));
    u_.resize(static_cast<size_t>(K * C));
    s_.resize(static_cast<size_t>(K));
    Wtot_.assign(static_cast<size_t>(K), 0.0);
    for (int b = 0; b < K; ++b) {
      const std::vector<double> u = Utilities(d_, p, t_, b);
      for (int j = 0; j < C; ++j) {
        const double w = std::exp(u[static_cast<size_t>(j)]);
        u_[static_cast<size_t>(b * C + j)] = u[static_cast<size_t>(j)];
        w_[static_cast<size_t>(b * C + j)] = w;
        Wtot_[static_cast<size_t>(b)] += w;
      }
      s_[static_cast<size_t>(b)] = std::exp(p.log_stop[static_cast<size_t>(b)]);
    }
    std::vector<double> log_share(static_cast<size_t>(K));
    for (int b = 0; b < K; ++b) log_share[static_cast<size_t>(b)] = std::log(p.share[static_cast<size_t>(b)]);
    ll_.resize(static_cast<size_t>(K));
    const bool want = grad != nullptr;
    if (want) {
      gu_.assign(static_cast<size_t>(K * C), 0.0);
      gls_.assign(static_cast<size_t>(K), 0.0);
      A_.assign(static_cast<size_t>(K), 0.0);
      gshare_.assign(static_cast<size_t>(K), 0.0);
    }
    double total = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint16_t* r = d_.prefs.data() + d_.start[i];
      const int len = static_cast<int>(d_.start[i + 1] - d_.start[i]);
      double mx = -std::numeric_limits<double>::infinity();
      for (int b = 0; b < K; ++b) {
        ll_[static_cast<size_t>(b)] = log_share[static_cast<size_t>(b)] + BallotLogLik(b, p, r, len, 0.0, nullptr);
        mx = std::max(mx, ll_[static_cast<size_t>(b)]);
      }
      double z = 0;
      for (int b = 0; b < K; ++b) z += std::exp(ll_[static_cast<size_t>(b)] - mx);
      const double li = mx + std::log(z);
      total += d_.weight[i] * li;
      if (!want) continue;
      for (int b = 0; b < K; ++b) {
        const double resp = std::exp(ll_[static_cast<size_t>(b)] - li);
        const double q = d_.weight[i] * resp;
        gshare_[static_cast<size_t>(b)] += q;
        if (q > 0) BallotLogLik(b, p, r, len, q, &gu_);
      }
    }
    const double N = d_.total;
    if (want) {
      grad->assign(x.size(), 0.0);
      std::vector<double>& g = *grad;
      for (int b = 0; b + 1 < K; ++b) g[static_cast<size_t>(b)] = -(gshare_[static_cast<size_t>(b)] - N * p.share[static_cast<size_t>(b)]) / N;
      for (int b = 0; b < K; ++b) {
        double* gub = gu_.data() + static_cast<size_t>(b * C);
        for (int j = 0; j < C; ++j) gub[j] -= w_[static_cast<size_t>(b * C + j)] * A_[static_cast<size_t>(b)];
        for (int j = 0; j < C; ++j) {
          const int a = L_.affinity(b, d_.group[static_cast<size_t>(j)]);
          if (a >= 0) g[static_cast<size_t>(a)] -= gub[j] / N;
          if (L_.women(b) >= 0 && d_.woman[static_cast<size_t>(j)]) g[static_cast<size_t>(L_.women(b))] -= gub[j] / N;
          // A free effect moves its own utility up and its group's last
          // candidate's (minus the sum of the others) down.
          const int e = L_.effect(j);
          if (e >= 0) g[static_cast<size_t>(e)] -= (gub[j] - gub[L_.last_of(j)]) / N;
        }
        g[static_cast<size_t>(L_.log_stop(b))] -= gls_[static_cast<size_t>(b)] / N;
      }
    }
    return -total / N;
  }

  int evaluations = 0;

 private:
  // log P(ranking | bloc b). With gu non-null, adds q times its gradient in
  // the utilities to gu (the part -w_j * S_F common to every candidate goes
  // to A_[b], applied once per evaluation) and in log s to gls_[b].
  double BallotLogLik(int b, const Params& p, const uint16_t* r, int len, double q, std::vector<double>* gu) {
    const int C = d_.num_candidates;
    const double* w = w_.data() + static_cast<size_t>(b * C);
    const double* u = u_.data() + static_cast<size_t>(b * C);
    const double s = s_[static_cast<size_t>(b)];
    const double W = Wtot_[static_cast<size_t>(b)];
    const bool grad = gu != nullptr;
    double rem = W;
    // log L = sum of log w_j - sum of log D_t: the denominators multiplied
    // and their log taken once (renormalised before the product could leave
    // the range of a double), except in the gradient pass, which needs none.
    double ll = 0, S = 0, prod = 1;
    if (grad) S_.resize(static_cast<size_t>(len));
    for (int t = 0; t < len; ++t) {
      if (rem < 1e-9 * W) rem = Remaining(w, r, t);
      const double D = rem + (t > 0 ? s : 0.0);
      const int j = r[t];
      if (grad) {
        S += 1.0 / D;
        S_[static_cast<size_t>(t)] = S;
      } else {
        ll += u[j];
        prod *= D;
        if (prod > 1e200 || prod < 1e-200) {
          ll -= std::log(prod);
          prod = 1;
        }
      }
      rem -= w[j];
    }
    double SF = S;
    const bool stopped = len < C;
    if (stopped) {
      if (rem < 1e-9 * W) rem = Remaining(w, r, len);
      const double D = rem + s;
      if (grad) SF += 1.0 / D;
      else prod *= D / s;
    }
    if (!grad) return ll - std::log(prod);
    double* g = gu->data() + static_cast<size_t>(b * C);
    for (int t = 0; t < len; ++t) g[r[t]] += q * (1.0 + w[r[t]] * (SF - S_[static_cast<size_t>(t)]));
    A_[static_cast<size_t>(b)] += q * SF;
    // s is in every denominator from the second on.
    gls_[static_cast<size_t>(b)] += q * ((stopped ? 1.0 : 0.0) - s * (SF - S_[0]));
    return 0.0;
  }

  // The weight of the candidates not among the first t of the ranking,
  // summed afresh (when subtracting has lost the precision).
  double Remaining(const double* w, const uint16_t* r, int t) {
    mark_.assign(static_cast<size_t>(d_.num_candidates), 0);
    for (int k = 0; k < t; ++k) mark_[r[k]] = 1;
    double rem = 0;
    for (int j = 0; j < d_.num_candidates; ++j) {
      if (!mark_[static_cast<size_t>(j)]) rem += w[j];
    }
    return rem;
  }

  const FitData& d_;
  const Layout& L_;
  Terms t_;
  std::vector<double> w_, u_, s_, Wtot_, ll_, gu_, gls_, A_, gshare_, S_;
  std::vector<char> mark_;
};

// A deterministic start: bloc b leans to the b-th slate by first
// preferences, effects from each slate's first-preference split, the stop
// weight from the mean ballot length.
Params FirstStart(const FitData& d, int K, const Terms& t) {
  const int C = d.num_candidates;
  const int G = static_cast<int>(d.slates.size());
  std::vector<double> first(static_cast<size_t>(C), 0.5), by_group(static_cast<size_t>(G), 0.0);
  double len = 0;
  for (size_t i = 0; i < d.num_rankings(); ++i) {
    first[d.prefs[d.start[i]]] += d.weight[i];
    len += d.weight[i] * (d.start[i + 1] - d.start[i]);
  }
  len /= d.total;
  for (int j = 0; j < C; ++j) by_group[static_cast<size_t>(d.group[static_cast<size_t>(j)])] += first[static_cast<size_t>(j)];
  std::vector<int> order(static_cast<size_t>(G));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return by_group[static_cast<size_t>(a)] > by_group[static_cast<size_t>(b)]; });
  Params p;
  p.K = K;
  p.share.assign(static_cast<size_t>(K), 1.0 / K);
  p.affinity.assign(static_cast<size_t>(K * G), 0.0);
  p.women.assign(static_cast<size_t>(K), 0.0);
  p.log_stop.assign(static_cast<size_t>(K), 0.0);
  p.effect.assign(static_cast<size_t>(C), 0.0);
  if (t.profile) {
    for (int j = 0; j < C; ++j) p.effect[static_cast<size_t>(j)] = std::log(first[static_cast<size_t>(j)]);
  }
  for (int b = 0; b < K; ++b) {
    if (t.slate) {
      for (int g = 0; g < G; ++g) {
        p.affinity[static_cast<size_t>(b * G + g)] = std::log(by_group[static_cast<size_t>(g)] / d.total + 1e-3);
      }
      if (K > 1 && b < G) p.affinity[static_cast<size_t>(b * G + order[static_cast<size_t>(b)])] += 2.0;
    }
    // s such that stopping after a preference has about probability 1/len.
    p.log_stop[static_cast<size_t>(b)] = std::log(std::max(0.02, 1.0 / std::max(1.0, len - 0.5)));
  }
  return p;
}

// The free vector of a start: effects re-centred and affinities shifted so
// that the pinned entries hold (the likelihood is unchanged by both moves).
std::vector<double> Normalise(const FitData& d, const Layout& L, const Terms& t, Params p) {
  const int C = d.num_candidates;
  const int G = static_cast<int>(d.slates.size());
  if (t.profile) {
    const int groups = t.slate ? G : 1;
    std::vector<double> sum(static_cast<size_t>(groups), 0.0), cnt(static_cast<size_t>(groups), 0.0);
    for (int j = 0; j < C; ++j) {
      const int g = t.slate ? d.group[static_cast<size_t>(j)] : 0;
      sum[static_cast<size_t>(g)] += p.effect[static_cast<size_t>(j)];
      cnt[static_cast<size_t>(g)] += 1;
    }
    for (int j = 0; j < C; ++j) {
      const int g = t.slate ? d.group[static_cast<size_t>(j)] : 0;
      p.effect[static_cast<size_t>(j)] -= sum[static_cast<size_t>(g)] / cnt[static_cast<size_t>(g)];
    }
    if (t.slate) {
      for (int b = 0; b < p.K; ++b) {
        for (int g = 0; g < G; ++g) p.affinity[static_cast<size_t>(b * G + g)] += sum[static_cast<size_t>(g)] / cnt[static_cast<size_t>(g)];
      }
    }
  }
  if (t.slate) {
    for (int b = 0; b < p.K; ++b) {
      const double a0 = p.affinity[static_cast<size_t>(b * G)];
      for (int g = 0; g < G; ++g) p.affinity[static_cast<size_t>(b * G + g)] -= a0;
      p.log_stop[static_cast<size_t>(b)] -= a0;
    }
  }
  return L.Pack(p);
}

// The optimiser's box: utilities within +-30, effects within +-20, log
// stop from -40 to 30.
void Bounds(const Layout& L, std::vector<double>& lo, std::vector<double>& hi) {
  lo.assign(static_cast<size_t>(L.size()), -30.0);
  hi.assign(static_cast<size_t>(L.size()), 30.0);
  for (int b = 0; b < L.K(); ++b) lo[static_cast<size_t>(L.log_stop(b))] = -40.0;
  for (int j = 0; j < L.num_candidates(); ++j) {
    if (L.effect(j) >= 0) lo[static_cast<size_t>(L.effect(j))] = -20.0, hi[static_cast<size_t>(L.effect(j))] = 20.0;
  }
}

}  // namespace

void AddStandardErrors(const FitData& d, const Terms& terms, FitResult& res) {
  const int K = res.estimate.K;
  const Layout L(d, K, terms);
  const int P = L.size();
  const std::vector<double> best_x = L.Pack(res.estimate);
  std::vector<double> lo, hi;
  Bounds(L, lo, hi);
  Objective f(d, L, terms);
  // Observed information by central differences of the exact gradient.
  Eigen::MatrixXd H(P, P);
  for (int k = 0; k < P; ++k) {
    const double h = 1e-5 * std::max(1.0, std::abs(best_x[static_cast<size_t>(k)]));
    std::vector<double> xp = best_x, xm = best_x, gp, gm;
    xp[static_cast<size_t>(k)] += h;
    xm[static_cast<size_t>(k)] -= h;
    f(xp, &gp);
    f(xm, &gm);
    for (int i = 0; i < P; ++i) H(i, k) = (gp[static_cast<size_t>(i)] - gm[static_cast<size_t>(i)]) / (2 * h) * d.total;
  }
  H = 0.5 * (H + H.transpose()).eval();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(H);
  const Eigen::VectorXd ev = eig.eigenvalues();
  res.min_eigenvalue = ev.size() > 0 ? ev(0) : 0.0;
  const double tol = 1e-8 * std::max(1.0, ev.size() > 0 ? ev(ev.size() - 1) : 1.0);
  Eigen::VectorXd inv = Eigen::VectorXd::Zero(P);
  int singular = 0;
  for (int i = 0; i < P; ++i) {
    if (ev(i) > tol) inv(i) = 1.0 / ev(i);
    else ++singular;
  }
  const Eigen::MatrixXd cov = eig.eigenvectors() * inv.asDiagonal() * eig.eigenvectors().transpose();
  // Parameters at a bound, or in a direction the information does not pin,
  // get no standard error.
  std::vector<char> unknown(static_cast<size_t>(P), 0);
  for (int i = 0; i < P; ++i) {
    const double xi = best_x[static_cast<size_t>(i)];
    if (xi <= lo[static_cast<size_t>(i)] + 1e-3 || xi >= hi[static_cast<size_t>(i)] - 1e-3) unknown[static_cast<size_t>(i)] = 1;
  }
  // A direction the information does not pin leaves unknown the parameters
  // that carry a real part of it (over 1% of its squared length); the
  // others' errors come from the identified directions (the pseudo-inverse).
  for (int k = 0; k < P; ++k) {
    if (ev(k) > tol) continue;
    for (int i = 0; i < P; ++i) {
      if (std::abs(eig.eigenvectors()(i, k)) > 0.1) unknown[static_cast<size_t>(i)] = 1;
    }
  }
  if (singular > 0) {
    if (!res.message.empty()) res.message += "; ";
    res.message += std::to_string(singular) + " direction(s) of the parameters are not identified by the ballots";
  }
  // Delta method: the Jacobian of the natural parameters (flattened) in the
  // free ones, by differences of Unpack (exact for the linear parts).
  auto flatten = [](const Params& p) {
    std::vector<double> v;
    v.insert(v.end(), p.share.begin(), p.share.end());
    v.insert(v.end(), p.affinity.begin(), p.affinity.end());
    v.insert(v.end(), p.women.begin(), p.women.end());
    v.insert(v.end(), p.log_stop.begin(), p.log_stop.end());
    v.insert(v.end(), p.effect.begin(), p.effect.end());
    return v;
  };
  const std::vector<double> base = flatten(res.estimate);
  const int M = static_cast<int>(base.size());
  Eigen::MatrixXd J = Eigen::MatrixXd::Zero(M, P);
  std::vector<std::vector<char>> depends(static_cast<size_t>(M), std::vector<char>(static_cast<size_t>(P), 0));
  for (int k = 0; k < P; ++k) {
    const double h = 1e-6;
    std::vector<double> xp = best_x, xm = best_x;
    xp[static_cast<size_t>(k)] += h;
    xm[static_cast<size_t>(k)] -= h;
    const std::vector<double> vp = flatten(L.Unpack(xp)), vm = flatten(L.Unpack(xm));
    for (int m = 0; m < M; ++m) {
      J(m, k) = (vp[static_cast<size_t>(m)] - vm[static_cast<size_t>(m)]) / (2 * h);
      if (std::abs(J(m, k)) > 1e-12) depends[static_cast<size_t>(m)][static_cast<size_t>(k)] = 1;
    }
  }
  const Eigen::MatrixXd cn = J * cov * J.transpose();
  std::vector<double> se(static_cast<size_t>(M));
  for (int m = 0; m < M; ++m) {
    bool bad = false;
    for (int k = 0; k < P; ++k) bad = bad || (depends[static_cast<size_t>(m)][static_cast<size_t>(k)] && unknown[static_cast<size_t>(k)]);
    se[static_cast<size_t>(m)] = bad ? kNaN : std::sqrt(std::max(0.0, cn(m, m)));
  }
  Params s = res.estimate;
  size_t at = 0;
  for (auto* v : {&s.share, &s.affinity, &s.women, &s.log_stop, &s.effect}) {
    for (double& x : *v) x = se[at++];
  }
  // Pinned entries are exact by construction: no error, not unknown.
  const int G = static_cast<int>(d.slates.size());
  for (int b = 0; b < K; ++b) {
    for (int g = 0; g < G; ++g) {
      if (L.affinity(b, g) < 0) s.affinity[static_cast<size_t>(b * G + g)] = 0.0;
    }
    if (L.women(b) < 0) s.women[static_cast<size_t>(b)] = 0.0;
  }
  if (!terms.profile) std::fill(s.effect.begin(), s.effect.end(), 0.0);
  res.se = s;
}

std::vector<double> Utilities(const FitData& d, const Params& p, const Terms& t, int b) {
  const int C = d.num_candidates;
  const int G = static_cast<int>(d.slates.size());
  std::vector<double> u(static_cast<size_t>(C), 0.0);
  for (int j = 0; j < C; ++j) {
    double x = 0;
    if (t.slate) x += p.affinity[static_cast<size_t>(b * G + d.group[static_cast<size_t>(j)])];
    if (t.gender && d.woman[static_cast<size_t>(j)]) x += p.women[static_cast<size_t>(b)];
    if (t.profile) x += p.effect[static_cast<size_t>(j)];
    u[static_cast<size_t>(j)] = x;
  }
  return u;
}

Result<FitData> FitData::FromElection(const Election& e) {
  FitData d;
  d.num_candidates = e.num_candidates();
  if (d.num_candidates < 2) return MakeError("a fit needs at least two candidates, the file has " + std::to_string(d.num_candidates), "candidates");
  if (d.num_candidates > 65'000) return MakeError("too many candidates to fit", "candidates");
  std::map<std::string, int> slate_index;
  for (const Candidate& c : e.candidates) {
    d.names.push_back(c.name);
    const std::string label = c.slate.empty() || c.slate == "independent" ? "independent" : c.slate;
    auto [it, fresh] = slate_index.try_emplace(label, static_cast<int>(d.slates.size()));
    if (fresh) d.slates.push_back(label);
    d.group.push_back(it->second);
    d.woman.push_back(c.gender == Gender::kWoman ? 1 : 0);
  }
  std::map<std::vector<uint16_t>, double> merged;
  for (const Ballot& b : e.ballots) {
    if (b.weight <= 0) continue;
    if (b.prefs.empty()) {
      d.empty_dropped += b.weight;
      continue;
    }
    std::vector<uint16_t> key(b.prefs.begin(), b.prefs.end());
    merged[key] += static_cast<double>(b.weight);
  }
  if (merged.empty()) return MakeError("no ballot has a preference", "ballots");
  d.start.push_back(0);
  for (const auto& [key, w] : merged) {
    d.prefs.insert(d.prefs.end(), key.begin(), key.end());
    d.start.push_back(static_cast<uint32_t>(d.prefs.size()));
    d.weight.push_back(w);
    d.total += w;
  }
  return d;
}

double NegLogLikFree(const FitData& d, int K, const Terms& t, const std::vector<double>& x, std::vector<double>* grad) {
  Layout L(d, K, t);
  Objective f(d, L, t);
  return f(x, grad);
}

std::vector<double> FreeParams(const FitData& d, const Terms& t, const Params& p) { return Layout(d, p.K, t).Pack(p); }

int NumFreeParams(const FitData& d, int K, const Terms& t) { return Layout(d, K, t).size(); }

double LogLikelihood(const FitData& d, const Params& p, const Terms& t) {
  Layout L(d, p.K, t);
  Objective f(d, L, t);
  return -f(L.Pack(p), nullptr) * d.total;
}

Result<FitResult> Fit(const FitData& d, const FitOptions& opt) {
  const int K = opt.K;
  if (K < 1) return MakeError("the number of blocs must be at least 1", "--blocs");
  const Layout L(d, K, opt.terms);
  const int P = L.size();
  if (static_cast<size_t>(P) >= d.num_rankings()) {
    return MakeError(std::to_string(K) + " blocs need " + std::to_string(P) + " free parameters, more than the " +
                         std::to_string(d.num_rankings()) + " distinct rankings can support; use fewer blocs or --blocs auto",
                     "--blocs");
  }
  std::vector<double> lo, hi;
  Bounds(L, lo, hi);
  FitResult res;
  Params first = FirstStart(d, K, opt.terms);
  if (opt.warm != nullptr && opt.warm->K == K - 1 && K > 1) {
    // The K - 1 blocs, and a copy of the largest with half its share and
    // its affinities moved apart, so the new bloc can take its own voters.
    const Params& w = *opt.warm;
    const int G = static_cast<int>(d.slates.size());
    size_t big = 0;
    for (size_t b = 1; b < w.share.size(); ++b) {
      if (w.share[b] > w.share[big]) big = b;
    }
    first.effect = w.effect;
    for (int b = 0; b < K; ++b) {
      const size_t from = b < K - 1 ? static_cast<size_t>(b) : big;
      first.share[static_cast<size_t>(b)] = w.share[from] * (from == big ? 0.5 : 1.0);
      first.women[static_cast<size_t>(b)] = w.women[from];
      first.log_stop[static_cast<size_t>(b)] = w.log_stop[from];
      for (int g = 0; g < G; ++g) {
        const double shift = from == big ? (b == K - 1 ? 1.0 : -1.0) * (g % 2 == 0 ? 0.5 : -0.5) : 0.0;
        first.affinity[static_cast<size_t>(b * G + g)] = w.affinity[from * static_cast<size_t>(G) + static_cast<size_t>(g)] + (g == 0 ? 0.0 : shift);
      }
    }
  }
  struct StartResult {
    std::vector<double> x;
    double value = std::numeric_limits<double>::infinity();
    bool converged = false;
    std::string message;
    int evaluations = 0;
  };
  std::vector<StartResult> runs(static_cast<size_t>(opt.starts) + 1);
  auto run_start = [&](int s) {
    Objective f(d, L, opt.terms);
    Params start = first;
    if (s > 0) {
      Stream rng(opt.seed, static_cast<uint64_t>(K) * 1000 + static_cast<uint64_t>(s), StreamPurpose::kFit);
      std::normal_distribution<double> z(0.0, 1.0);
      for (double& a : start.affinity) a += 1.5 * z(rng);
      for (double& e : start.effect) e += 0.3 * z(rng);
      double sum = 0;
      for (double& sh : start.share) sum += (sh = std::exp(0.5 * z(rng)));
      for (double& sh : start.share) sh /= sum;
    }
    std::vector<double> x = Normalise(d, L, opt.terms, start);
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::clamp(x[i], lo[i] + 1e-6, hi[i] - 1e-6);
    nlopt::opt o(nlopt::LD_LBFGS, static_cast<unsigned>(P));
    o.set_lower_bounds(lo);
    o.set_upper_bounds(hi);
    o.set_min_objective(
        [](unsigned n, const double* xx, double* g, void* data) -> double {
          auto* obj = static_cast<Objective*>(data);
          std::vector<double> xv(xx, xx + n);
          std::vector<double> gv;
          const double v = (*obj)(xv, g != nullptr ? &gv : nullptr);
          if (g != nullptr) std::copy(gv.begin(), gv.end(), g);
          return v;
        },
        &f);
    o.set_ftol_rel(1e-11);
    o.set_xtol_rel(1e-9);
    o.set_maxeval(opt.max_evaluations);
    o.set_vector_storage(20);
    double value = 0;
    nlopt::result r = nlopt::FAILURE;
    std::string message;
    try {
      r = o.optimize(x, value);
    } catch (const nlopt::roundoff_limited&) {
      r = nlopt::ROUNDOFF_LIMITED;
      value = f(x, nullptr);
    } catch (const std::exception&) {  // nlopt's "failure": x holds the best point found
      r = nlopt::FAILURE;
      value = f(x, nullptr);
    }
    bool converged = r == nlopt::SUCCESS || r == nlopt::FTOL_REACHED || r == nlopt::XTOL_REACHED;
    if (!converged && r != nlopt::MAXEVAL_REACHED) {
      // NLopt's L-BFGS can stop on roundoff ("failure") at the optimum: it
      // counts as converged when the projected gradient is flat there.
      std::vector<double> g;
      value = f(x, &g);
      double worst = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        const bool at_lo = x[i] <= lo[i] + 1e-9 && g[i] > 0, at_hi = x[i] >= hi[i] - 1e-9 && g[i] < 0;
        if (!at_lo && !at_hi) worst = std::max(worst, std::abs(g[i]));
      }
      converged = worst < 1e-4;
      if (!converged) {
        message = "the optimiser stopped (" + std::string(r == nlopt::ROUNDOFF_LIMITED ? "roundoff" : "failure") +
                  ") where the gradient is still " + std::to_string(worst) + " per ballot";
      }
    }
    if (!converged && message.empty()) {
      message = r == nlopt::MAXEVAL_REACHED ? "the optimiser reached its cap of " + std::to_string(opt.max_evaluations) +
                                                  " evaluations"
                                            : "the optimiser stopped with code " + std::to_string(static_cast<int>(r));
    }
    StartResult& out = runs[static_cast<size_t>(s)];
    out.x = std::move(x);
    out.value = std::isfinite(value) ? value : std::numeric_limits<double>::infinity();
    out.converged = converged;
    out.message = message;
    out.evaluations = f.evaluations;
  };
  if (opt.for_each) {
    opt.for_each(static_cast<int>(runs.size()), run_start);
  } else {
    for (int s = 0; s < static_cast<int>(runs.size()); ++s) run_start(s);
  }
  // The best start; ties to the earliest, so the answer does not depend on
  // the order the starts finished in.
  size_t bi = 0;
  for (size_t s = 1; s < runs.size(); ++s) {
    if (runs[s].value < runs[bi].value) bi = s;
  }
  const double best = runs[bi].value;
  const std::vector<double> best_x = runs[bi].x;
  res.starts = static_cast<int>(runs.size());
  for (const StartResult& r : runs) {
    res.starts_agreeing += (r.value - best) * d.total < 1e-3;
    res.evaluations += r.evaluations;
  }
  res.converged = runs[bi].converged;
  res.message = runs[bi].message;
  res.estimate = L.Unpack(best_x);
  res.loglik = -best * d.total;
  res.num_params = P;
  res.bic = -2 * res.loglik + P * std::log(d.total);
  res.aic = -2 * res.loglik + 2 * P;

  if (opt.standard_errors) {
    AddStandardErrors(d, opt.terms, res);
  } else {
    res.se = res.estimate;
    for (auto* v : {&res.se.share, &res.se.affinity, &res.se.women, &res.se.log_stop, &res.se.effect}) {
      std::fill(v->begin(), v->end(), kNaN);
    }
  }

  const double min_share = *std::min_element(res.estimate.share.begin(), res.estimate.share.end());
  if (K > 1 && min_share * d.total < 1.0) {
    return MakeError(std::to_string(K) + " blocs are more than these ballots support: a fitted bloc holds " +
                         std::to_string(min_share * d.total) + " ballots; use fewer blocs or --blocs auto",
                     "--blocs");
  }
  return res;
}

}  // namespace necsim::fit
