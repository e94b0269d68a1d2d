#include "fitting/fit_election.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>

#include "counting/count.h"
#include "fitting/fit_format.h"
#include "io/csv.h"
#include "report/report.h"
#include "report/report_page.h"
#include "report/report_svg.h"
#include "scenario/scenario_yaml.h"
#include "voters/reference_sampler.h"
#include "voters/voter_model.h"

namespace necsim {
namespace {

using OJ = nlohmann::ordered_json;

using fitformat::Num;
using fitformat::Quoted;
using fitformat::SeText;

// Blocs in decreasing share (the fit's blocs have no order of their own).
void SortBlocs(const fit::FitData& d, fit::FitResult& r) {
  const int K = r.estimate.K;
  const int G = static_cast<int>(d.slates.size());
  std::vector<int> order(static_cast<size_t>(K));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return r.estimate.share[static_cast<size_t>(a)] > r.estimate.share[static_cast<size_t>(b)]; });
  auto permute = [&](fit::Params& p) {
    fit::Params q = p;
    for (int k = 0; k < K; ++k) {
      const auto from = static_cast<size_t>(order[static_cast<size_t>(k)]);
      q.share[static_cast<size_t>(k)] = p.share[from];
      q.women[static_cast<size_t>(k)] = p.women[from];
      q.log_stop[static_cast<size_t>(k)] = p.log_stop[from];
      for (int g = 0; g < G; ++g) q.affinity[static_cast<size_t>(k * G + g)] = p.affinity[from * static_cast<size_t>(G) + static_cast<size_t>(g)];
    }
    p = q;
  };
  permute(r.estimate);
  permute(r.se);
}

// The slate a bloc leans to most (for its name).
std::string LeaningSlate(const fit::FitData& d, const fit::Params& p, int b) {
  const int G = static_cast<int>(d.slates.size());
  int best = 0;
  for (int g = 1; g < G; ++g) {
    if (p.affinity[static_cast<size_t>(b * G + g)] > p.affinity[static_cast<size_t>(b * G + best)]) best = g;
  }
  return d.slates[static_cast<size_t>(best)];
}

std::string BlocName(const fit::FitData& d, const fit::FitResult& r, const fit::Terms& t, int b) {
  std::string name = "bloc " + std::to_string(b + 1);
  if (t.slate && d.slates.size() > 1) name += " (" + LeaningSlate(d, r.estimate, b) + ")";
  return name;
}

double Concentration(const fit::FitResult& r) { return fitformat::Concentration(r.estimate.share, r.se.share); }

double EffectNoise(const fit::FitResult& r, const fit::Terms& t) {
  return t.profile ? fitformat::EffectNoise(r.se.effect) : 0.0;
}

std::string TermsText(const fit::Terms& t) {
  std::string s;
  auto add = [&](bool on, const char* name) {
    if (on) s += (s.empty() ? "" : ",") + std::string(name);
  };
  add(t.slate, "slate");
  add(t.gender, "gender");
  add(t.profile, "profile");
  return s;
}

}  // namespace

Result<ElectionFit> FitElection(const Election& e, const FitRequest& req) {
  auto data = fit::FitData::FromElection(e);
  if (!data) return data.error();
  const int seats = req.seats > 0 ? req.seats : e.seats;
  if (seats < 1) return MakeError("the number of seats must be at least 1", "seats");
  if (seats >= e.num_candidates()) {
    return MakeError(std::to_string(seats) + " seats for " + std::to_string(e.num_candidates()) +
                         " candidates: every candidate is elected, there is nothing to fit a count to",
                     "seats");
  }
  if (req.rule == "irv" && seats != 1) {
    return MakeError("irv elects one seat and the scenario would have " + std::to_string(seats) +
                         " (give --seats 1, or another --rule)",
                     "--rule");
  }
  if (req.terms.gender) {
    for (const Candidate& c : e.candidates) {
      if (c.gender == Gender::kUnknown) {
        return MakeError("the gender term needs every candidate's gender; " + c.name + " has none (give --genders)",
                         "--terms");
      }
    }
  }
  ElectionFit out;
  out.data = std::move(*data);
  out.terms = req.terms;
  std::vector<int> Ks;
  if (req.blocs > 0) Ks.push_back(req.blocs);
  else
    for (int k = 1; k <= req.max_blocs; ++k) Ks.push_back(k);
  const int workers = WorkerThreads(req.backend, req.threads);
  int rises = 0;
  for (int K : Ks) {
    fit::FitOptions opt;
    opt.K = K;
    opt.terms = req.terms;
    opt.starts = K == 1 ? 0 : req.starts;  // one bloc: the likelihood is concave in the utilities
    opt.seed = req.seed;
    opt.max_evaluations = req.max_evaluations;
    opt.standard_errors = false;  // for the chosen K only, below
    opt.for_each = [&](int n, const std::function<void(int)>& task) {
      ParallelFor(req.backend, workers, n, 1, [&](int64_t b, int64_t en, int) {
        for (int64_t i = b; i < en; ++i) task(static_cast<int>(i));
      });
    };
    // From the best fit of K - 1 blocs, beside the usual starts.
    if (!out.tries.empty() && out.tries.back().ok) opt.warm = &out.tries.back().result.estimate;
    FitTry t;
    t.K = K;
    auto r = fit::Fit(out.data, opt);
    if (!r) {
      if (req.blocs > 0) return r.error();
      t.error = r.error().message;
      out.tries.push_back(std::move(t));
      break;  // more blocs would be worse still
    }
    t.ok = true;
    t.result = std::move(*r);
    SortBlocs(out.data, t.result);
    out.tries.push_back(std::move(t));
    // BIC rising twice in a row: stop.
    const size_t n = out.tries.size();
    if (n >= 2 && out.tries[n - 2].ok) {
      rises = out.tries[n - 1].result.bic > out.tries[n - 2].result.bic ? rises + 1 : 0;
      if (rises >= 2) break;
    }
  }
  bool any = false;
  for (size_t i = 0; i < out.tries.size(); ++i) {
    if (!out.tries[i].ok) continue;
    if (!any || out.tries[i].result.bic < out.tries[out.chosen].result.bic) out.chosen = i;
    any = true;
  }
  if (!any) return MakeError("no number of blocs could be fitted: " + out.tries[0].error, "--blocs");
  fit::AddStandardErrors(out.data, out.terms, out.tries[out.chosen].result);
  return out;
}

FitTables ComputeFitTables(const ElectionFit& fit, int64_t draws, uint64_t seed) {
  const fit::FitData& d = fit.data;
  const fit::FitResult& r = fit.best();
  const int C = d.num_candidates;
  const int G = static_cast<int>(d.slates.size());
  FitTables t;
  t.draws = draws;
  auto tally = [&](const std::vector<std::vector<uint16_t>>& rankings, const std::vector<double>& weights,
                   std::vector<double>& first, std::vector<std::vector<double>>& transfer, std::vector<double>* counts,
                   std::vector<double>& length, double& mean_length) {
    first.assign(static_cast<size_t>(C), 0.0);
    transfer.assign(static_cast<size_t>(G), std::vector<double>(static_cast<size_t>(G) + 1, 0.0));
    std::vector<double> n(static_cast<size_t>(G), 0.0);
    length.assign(static_cast<size_t>(C), 0.0);
    double total = 0;
    mean_length = 0;
    for (size_t i = 0; i < rankings.size(); ++i) {
      const auto& rk = rankings[i];
      const double w = weights[i];
      if (rk.empty()) continue;
      total += w;
      first[rk[0]] += w;
      length[rk.size() - 1] += w;
      mean_length += w * static_cast<double>(rk.size());
      for (size_t k = 0; k < rk.size(); ++k) {
        const auto from = static_cast<size_t>(d.group[rk[k]]);
        if (k + 1 < rk.size()) {
          transfer[from][static_cast<size_t>(d.group[rk[k + 1]])] += w;
        } else if (rk.size() < static_cast<size_t>(C)) {
          transfer[from][static_cast<size_t>(G)] += w;
        } else {
          continue;  // the last candidate left: no choice to make
        }
        n[from] += w;
      }
    }
    if (total <= 0) total = 1;
    for (double& x : first) x /= total;
    for (double& x : length) x /= total;
    mean_length /= total;
    for (int g = 0; g < G; ++g) {
      for (double& x : transfer[static_cast<size_t>(g)]) {
        x = n[static_cast<size_t>(g)] > 0 ? x / n[static_cast<size_t>(g)] : std::numeric_limits<double>::quiet_NaN();
      }
    }
    if (counts != nullptr) *counts = n;
  };
  std::vector<std::vector<uint16_t>> obs;
  for (size_t i = 0; i < d.num_rankings(); ++i) {
    obs.emplace_back(d.prefs.begin() + d.start[i], d.prefs.begin() + d.start[i + 1]);
  }
  tally(obs, d.weight, t.first_observed, t.transfer_observed, &t.transfer_count, t.length_observed,
        t.mean_length_observed);

  // Fitted first preferences exactly (sum over blocs of share * w_j / W);
  // the rest from ballots the reference sampler draws from the fitted model.
  t.first_fitted.assign(static_cast<size_t>(C), 0.0);
  RunSample s;
  s.num_candidates = C;
  for (int b = 0; b < r.estimate.K; ++b) {
    const std::vector<double> u = fit::Utilities(d, r.estimate, fit.terms, b);
    double W = 0;
    for (double x : u) W += std::exp(x);
    for (int j = 0; j < C; ++j) {
      t.first_fitted[static_cast<size_t>(j)] += r.estimate.share[static_cast<size_t>(b)] * std::exp(u[static_cast<size_t>(j)]) / W;
      s.weight.push_back(std::exp(u[static_cast<size_t>(j)]));
    }
    s.bloc_share.push_back(r.estimate.share[static_cast<size_t>(b)]);
    s.turnout.push_back(1.0);
    s.ballots.push_back(std::llround(static_cast<double>(draws) * r.estimate.share[static_cast<size_t>(b)]));
    s.stop.push_back(std::exp(r.estimate.log_stop[static_cast<size_t>(b)]));
  }
  const Election sim = SampleBallotsReference(s, seed, 0);
  std::vector<std::vector<uint16_t>> drawn;
  drawn.reserve(sim.ballots.size());
  for (const Ballot& b : sim.ballots) drawn.emplace_back(b.prefs.begin(), b.prefs.end());
  std::vector<double> first_sim;  // the exact first preferences above are reported instead
  tally(drawn, std::vector<double>(drawn.size(), 1.0), first_sim, t.transfer_fitted, nullptr, t.length_fitted,
        t.mean_length_fitted);
  return t;
}

Result<std::string> FittedScenarioYaml(const Election& e, const ElectionFit& fit, const FitRequest& req,
                                       const std::string& source) {
  const fit::FitData& d = fit.data;
  const fit::FitResult& r = fit.best();
  const fit::Terms& t = fit.terms;
  const int G = static_cast<int>(d.slates.size());
  const int seats = req.seats > 0 ? req.seats : e.seats;
  std::ostringstream y;
  y << "# Fitted by necsim fit from " << source << ": " << Num(d.total, 12) << " ballots ("
    << d.num_rankings() << " distinct rankings";
  if (d.empty_dropped > 0) y << "; " << d.empty_dropped << " empty ballots not fitted";
  y << ").\n# " << fit.K() << " bloc" << (fit.K() == 1 ? "" : "s")
    << (req.blocs > 0 ? " (as asked)" : " (the lowest BIC of K = 1.." + std::to_string(fit.tries.back().K) + ")")
    << "; terms " << TermsText(t) << "; log-likelihood " << Num(r.loglik, 10) << ", BIC " << Num(r.bic, 10) << ".\n"
    << "# Each fitted value is followed by its standard error (observed information).\n"
    << "# Uncertainty carried into runs: bloc shares by the Dirichlet concentration\n"
    << "# matching the shares' standard errors; candidate effects by campaign_noise,\n"
    << "# the root mean square of the effects' standard errors. docs/fit.md.\n";
  // The name labels the results folder: no '/'.
  std::string name = e.title.empty() ? "fitted" : e.title;
  std::replace(name.begin(), name.end(), '/', '-');
  y << "name: " << Quoted("fit: " + name) << "\n";
  y << "description: " << Quoted("The voter model fitted to the ballots of " + source) << "\n";
  y << "seed: " << req.seed << "\nruns: 1000\n";
  // Every voter votes: turnout 1 (capped at 0.999 by the model), members
  // scaled so that a run casts the file's number of ballots.
  const auto members = std::max<int64_t>(1, std::llround((d.total + static_cast<double>(d.empty_dropped)) / 0.999));
  y << "turnout: {mean: 1, sd: 0}\n";
  y << "regions:\n  - {name: " << Quoted("electorate") << ", members: " << members << "}\n";
  std::vector<std::string> slate_names;
  for (const std::string& sl : d.slates) {
    if (sl != "independent") slate_names.push_back(sl);
  }
  if (!slate_names.empty()) {
    y << "slates:\n";
    for (const std::string& sl : slate_names) y << "  - name: " << Quoted(sl) << "\n";
  }
  const double conc = Concentration(r);
  const double noise = EffectNoise(r, t);
  const std::vector<std::string> shares = fitformat::PrintedShares(r.estimate.share);
  y << "blocs:\n";
  for (int b = 0; b < r.estimate.K; ++b) {
    y << "  - name: " << Quoted(BlocName(d, r, t, b)) << "\n";
    y << "    share: " << shares[static_cast<size_t>(b)] << "  # se " << SeText(r.se.share[static_cast<size_t>(b)], 3) << "\n";
    if (conc > 0) y << "    concentration: " << Num(conc) << "\n";
    y << "    behaviour:\n";
    if (t.slate) {
      y << "      affinity:\n";
      for (int g = 0; g < G; ++g) {
        y << "        " << Quoted(d.slates[static_cast<size_t>(g)]) << ": "
          << Num(r.estimate.affinity[static_cast<size_t>(b * G + g)]);
        if (g == 0) y << "  # pinned at 0 (the first slate)\n";
        else y << "  # se " << SeText(r.se.affinity[static_cast<size_t>(b * G + g)], 3) << "\n";
      }
    }
    if (t.gender) {
      y << "      women: " << Num(r.estimate.women[static_cast<size_t>(b)]) << "  # se "
        << SeText(r.se.women[static_cast<size_t>(b)]) << "\n";
    }
    y << "      profile_weight: " << (t.profile ? 1 : 0) << "\n";
    if (noise > 0) y << "      campaign_noise: " << Num(noise) << "\n";
    const double stop = std::exp(r.estimate.log_stop[static_cast<size_t>(b)]);
    y << "      stop: " << Num(std::min(stop, 1e6)) << "  # se "
      << SeText(stop * r.se.log_stop[static_cast<size_t>(b)]) << "\n";
  }
  y << "candidates:\n";
  for (int j = 0; j < d.num_candidates; ++j) {
    const Candidate& c = e.candidates[static_cast<size_t>(j)];
    y << "  - {name: " << Quoted(d.names[static_cast<size_t>(j)]);
    if (c.gender == Gender::kWoman) y << ", gender: f";
    else if (c.gender == Gender::kMan) y << ", gender: m";
    y << ", region: " << Quoted("electorate");
    y << ", slate: " << Quoted(d.slates[static_cast<size_t>(d.group[static_cast<size_t>(j)])]);
    if (t.profile) y << ", profile: " << Num(r.estimate.effect[static_cast<size_t>(j)]);
    y << "}";
    if (t.profile) y << "  # se " << SeText(r.se.effect[static_cast<size_t>(j)], 3);
    y << "\n";
  }
  y << "rule_sets:\n  - {name: " << Quoted(req.rule + "_" + std::to_string(seats)) << ", rule: " << req.rule
    << ", seats: " << seats << "}\n";
  const std::string text = y.str();
  auto back = LoadScenarioText(text, "<fitted scenario>");
  if (!back) return MakeError("the fitted scenario does not load (a bug): " + back.error().ToString(), "--out");
  return text;
}

namespace {

OJ ParamsJson(const fit::FitData& d, const fit::FitResult& r, const fit::Terms& t) {
  const int G = static_cast<int>(d.slates.size());
  auto num = [](double x) { return std::isfinite(x) ? OJ(x) : OJ(nullptr); };
  OJ blocs = OJ::array();
  for (int b = 0; b < r.estimate.K; ++b) {
    OJ j;
    j["name"] = BlocName(d, r, t, b);
    j["share"] = num(r.estimate.share[static_cast<size_t>(b)]);
    j["share_se"] = num(r.se.share[static_cast<size_t>(b)]);
    if (t.slate) {
      OJ a = OJ::object();
      for (int g = 0; g < G; ++g) {
        a[d.slates[static_cast<size_t>(g)]] = {{"value", num(r.estimate.affinity[static_cast<size_t>(b * G + g)])},
                                               {"se", num(r.se.affinity[static_cast<size_t>(b * G + g)])}};
      }
      j["affinity"] = a;
    }
    if (t.gender) {
      j["women"] = num(r.estimate.women[static_cast<size_t>(b)]);
      j["women_se"] = num(r.se.women[static_cast<size_t>(b)]);
    }
    const double stop = std::exp(r.estimate.log_stop[static_cast<size_t>(b)]);
    j["stop"] = num(stop);
    j["stop_se"] = num(stop * r.se.log_stop[static_cast<size_t>(b)]);
    blocs.push_back(j);
  }
  return blocs;
}

}  // namespace

std::string FitJson(const Election& e, const ElectionFit& fit, const FitTables& tables, const FitRequest& req,
                    const std::string& source) {
  const fit::FitData& d = fit.data;
  const fit::FitResult& r = fit.best();
  auto num = [](double x) { return std::isfinite(x) ? OJ(x) : OJ(nullptr); };
  OJ j;
  j["source"] = source;
  j["title"] = e.title;
  j["ballots"] = d.total;
  j["distinct_rankings"] = d.num_rankings();
  j["empty_ballots_not_fitted"] = d.empty_dropped;
  j["terms"] = TermsText(fit.terms);
  j["rule"] = req.rule;
  j["seats"] = req.seats > 0 ? req.seats : e.seats;
  j["blocs_asked"] = req.blocs > 0 ? OJ(req.blocs) : OJ("auto");
  j["k"] = fit.K();
  j["converged"] = r.converged;
  if (!r.message.empty()) j["message"] = r.message;
  j["loglik"] = r.loglik;
  j["bic"] = r.bic;
  j["aic"] = r.aic;
  j["params"] = r.num_params;
  OJ tries = OJ::array();
  for (const FitTry& t : fit.tries) {
    OJ k;
    k["k"] = t.K;
    k["ok"] = t.ok;
    if (t.ok) {
      k["loglik"] = t.result.loglik;
      k["bic"] = t.result.bic;
      k["aic"] = t.result.aic;
      k["params"] = t.result.num_params;
      k["converged"] = t.result.converged;
      k["evaluations"] = t.result.evaluations;
      k["starts"] = t.result.starts;
      k["starts_agreeing"] = t.result.starts_agreeing;
      if (!t.result.message.empty()) k["message"] = t.result.message;
    } else {
      k["error"] = t.error;
    }
    tries.push_back(k);
  }
  j["tries"] = tries;
  j["blocs"] = ParamsJson(d, r, fit.terms);
  OJ cands = OJ::array();
  for (int c = 0; c < d.num_candidates; ++c) {
    OJ x;
    x["name"] = d.names[static_cast<size_t>(c)];
    x["slate"] = d.slates[static_cast<size_t>(d.group[static_cast<size_t>(c)])];
    if (fit.terms.profile) {
      x["effect"] = num(r.estimate.effect[static_cast<size_t>(c)]);
      x["effect_se"] = num(r.se.effect[static_cast<size_t>(c)]);
    }
    x["first_observed"] = tables.first_observed[static_cast<size_t>(c)];
    x["first_fitted"] = tables.first_fitted[static_cast<size_t>(c)];
    cands.push_back(x);
  }
  j["candidates"] = cands;
  OJ tr = OJ::array();
  const int G = static_cast<int>(d.slates.size());
  for (int a = 0; a < G; ++a) {
    for (int b = 0; b <= G; ++b) {
      tr.push_back({{"from", d.slates[static_cast<size_t>(a)]},
                    {"to", b < G ? d.slates[static_cast<size_t>(b)] : std::string("(ends)")},
                    {"observed", num(tables.transfer_observed[static_cast<size_t>(a)][static_cast<size_t>(b)])},
                    {"fitted", num(tables.transfer_fitted[static_cast<size_t>(a)][static_cast<size_t>(b)])},
                    {"preferences", tables.transfer_count[static_cast<size_t>(a)]}});
    }
  }
  j["transfers"] = tr;
  OJ len = OJ::array();
  for (size_t k = 0; k < tables.length_observed.size(); ++k) {
    len.push_back({{"length", k + 1}, {"observed", tables.length_observed[k]}, {"fitted", tables.length_fitted[k]}});
  }
  j["lengths"] = len;
  j["mean_length_observed"] = tables.mean_length_observed;
  j["mean_length_fitted"] = tables.mean_length_fitted;
  j["fitted_draws"] = tables.draws;
  return j.dump(2) + "\n";
}

std::string FitCsv(const ElectionFit& fit, const FitTables& tables) {
  const fit::FitData& d = fit.data;
  const int G = static_cast<int>(d.slates.size());
  const std::string k = std::to_string(fit.K());
  std::string out = "table,k,from,to,observed,fitted\n";
  auto row = [&](const std::string& table, const std::string& kk, const std::string& from, const std::string& to,
                 double obs, double fitted) {
    out += table + "," + kk + "," + CsvField(from) + "," + CsvField(to) + "," + (std::isfinite(obs) ? Num(obs, 8) : "") +
           "," + (std::isfinite(fitted) ? Num(fitted, 8) : "") + "\n";
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const FitTry& t : fit.tries) {
    if (!t.ok) continue;
    row("model", std::to_string(t.K), "loglik", "", nan, t.result.loglik);
    row("model", std::to_string(t.K), "bic", "", nan, t.result.bic);
    row("model", std::to_string(t.K), "params", "", nan, t.result.num_params);
  }
  for (int c = 0; c < d.num_candidates; ++c) {
    row("first_preference", k, d.names[static_cast<size_t>(c)], "", tables.first_observed[static_cast<size_t>(c)],
        tables.first_fitted[static_cast<size_t>(c)]);
  }
  for (int a = 0; a < G; ++a) {
    for (int b = 0; b <= G; ++b) {
      row("transfer", k, d.slates[static_cast<size_t>(a)], b < G ? d.slates[static_cast<size_t>(b)] : "(ends)",
          tables.transfer_observed[static_cast<size_t>(a)][static_cast<size_t>(b)],
          tables.transfer_fitted[static_cast<size_t>(a)][static_cast<size_t>(b)]);
    }
  }
  for (size_t l = 0; l < tables.length_observed.size(); ++l) {
    row("length", k, std::to_string(l + 1), "", tables.length_observed[l], tables.length_fitted[l]);
  }
  return out;
}

std::string FitHtml(const Election& e, const ElectionFit& fit, const FitTables& tables, const FitRequest& req,
                    const std::string& source) {
  const fit::FitData& d = fit.data;
  const fit::FitResult& r = fit.best();
  const int G = static_cast<int>(d.slates.size());
  auto esc = [](const std::string& s) { return HtmlEscape(s); };
  auto pct = [](double p) { return std::isfinite(p) ? Num(100 * p, 3) + "%" : std::string("&ndash;"); };
  auto pm = [](double v, double se) {
    if (v == 0 && se == 0) return std::string("0 (pinned)");  // e.g. the effect of a slate's only candidate
    return Num(v == 0 ? 0.0 : v, 4) +
           (std::isfinite(se) ? " &plusmn; " + Num(se, 2) : std::string(" (no error: at a bound or not identified)"));
  };
  ReportPage page;
  PageHeading h;
  h.name = e.title.empty() ? source : e.title;
  h.kind = "voter model fit";
  h.leads_html.push_back("The voter model of <code>necsim run</code> fitted by maximum likelihood to the ballots of " +
                         esc(source) + ": " + std::to_string(fit.K()) + " bloc(s), terms " + esc(TermsText(fit.terms)) +
                         ". Values are &plusmn; one standard error (observed information). Method: docs/fit.md.");
  h.facts = {{"ballots", Num(d.total, 12)},
             {"distinct rankings", std::to_string(d.num_rankings())},
             {"blocs", std::to_string(fit.K()) + (req.blocs > 0 ? " (asked)" : " (BIC)")},
             {"log-likelihood", Num(r.loglik, 10)},
             {"BIC", Num(r.bic, 10)},
             {"converged", r.converged ? "yes" : "no"}};
  if (!r.message.empty()) page.Note(r.message);
  if (d.empty_dropped > 0) page.Note(std::to_string(d.empty_dropped) + " empty ballots are not fitted");
  std::ostringstream sec;
  // Model choice.
  {
    std::ostringstream rows;
    for (const FitTry& t : fit.tries) {
      rows << "<tr><td>" << t.K << (&t == &fit.tries[fit.chosen] ? " (chosen)" : "") << "</td>";
      if (t.ok) {
        rows << NumberCell(std::to_string(t.result.num_params)) << NumberCell(Num(t.result.loglik, 10))
             << NumberCell(Num(t.result.bic, 10)) << NumberCell(std::to_string(t.result.starts_agreeing) + " of " +
                                                                 std::to_string(t.result.starts))
             << "<td>" << (t.result.converged ? "yes" : "no") << "</td>";
      } else {
        rows << "<td colspan=\"5\">" << esc(t.error) << "</td>";
      }
      rows << "</tr>";
    }
    sec << Section("k", "Blocs tried", "Every number of blocs tried, with its free parameters, log-likelihood and BIC (lower is better).",
                   Table({TextColumn("K"), NumberColumn("parameters"), NumberColumn("log-likelihood"), NumberColumn("BIC"),
                          NumberColumn("starts at the best"), TextColumn("converged")},
                         rows.str()));
  }
  // Blocs.
  {
    std::ostringstream rows;
    std::vector<Column> cols = {TextColumn("bloc"), NumberColumn("share")};
    if (fit.terms.slate) {
      for (int g = 0; g < G; ++g) cols.push_back(NumberColumn("affinity: " + esc(d.slates[static_cast<size_t>(g)])));
    }
    if (fit.terms.gender) cols.push_back(NumberColumn("women"));
    cols.push_back(NumberColumn("stop"));
    for (int b = 0; b < r.estimate.K; ++b) {
      rows << "<tr><td>" << esc(BlocName(d, r, fit.terms, b)) << "</td>"
           << NumberCell(pm(r.estimate.share[static_cast<size_t>(b)], r.se.share[static_cast<size_t>(b)]));
      if (fit.terms.slate) {
        for (int g = 0; g < G; ++g) {
          rows << NumberCell(g == 0 ? std::string("0 (pinned)")
                                    : pm(r.estimate.affinity[static_cast<size_t>(b * G + g)], r.se.affinity[static_cast<size_t>(b * G + g)]));
        }
      }
      if (fit.terms.gender) rows << NumberCell(pm(r.estimate.women[static_cast<size_t>(b)], r.se.women[static_cast<size_t>(b)]));
      const double stop = std::exp(r.estimate.log_stop[static_cast<size_t>(b)]);
      rows << NumberCell(pm(stop, stop * r.se.log_stop[static_cast<size_t>(b)])) << "</tr>";
    }
    sec << Section("blocs", "Blocs", "Each bloc's share of the voters and its utilities (affinity per slate, the first pinned at 0) and stop weight.",
                   Table(cols, rows.str()));
  }
  // Candidates: first preferences.
  {
    HChart c;
    c.id = "chart-first";
    c.title = "First preferences, observed (blue) and fitted (orange)";
    c.percent = true;
    double mx = 0.05;
    std::ostringstream rows;
    for (int j = 0; j < d.num_candidates; ++j) {
      HRow row;
      row.label = d.names[static_cast<size_t>(j)];
      HBar o, f;
      o.value = tables.first_observed[static_cast<size_t>(j)];
      o.tip = row.label + ": observed " + Num(100 * o.value, 3) + "%";
      f.value = tables.first_fitted[static_cast<size_t>(j)];
      f.colour = "#e69f00";
      f.tip = row.label + ": fitted " + Num(100 * f.value, 3) + "%";
      mx = std::max({mx, o.value, f.value});
      row.bars = {o, f};
      c.rows.push_back(row);
      rows << "<tr><td>" << esc(d.names[static_cast<size_t>(j)]) << "</td><td>"
           << esc(d.slates[static_cast<size_t>(d.group[static_cast<size_t>(j)])]) << "</td>"
           << NumberCell(fit.terms.profile ? pm(r.estimate.effect[static_cast<size_t>(j)], r.se.effect[static_cast<size_t>(j)]) : "&ndash;")
           << NumberCell(pct(o.value)) << NumberCell(pct(f.value)) << "</tr>";
    }
    c.xmax = std::min(1.0, mx * 1.1);
    c.legend = {{"observed", "#0072b2"}, {"fitted", "#e69f00"}};
    sec << Section("candidates", "Candidates", "Each candidate's own effect (common to every bloc; each slate's effects sum to 0) and first-preference share, observed and fitted (exactly, from the fitted model).",
                   Figure(page.Chart(c.id, RenderHChart(c)), esc(c.title) + ".") +
                       Table({TextColumn("candidate"), TextColumn("slate"), NumberColumn("effect"), NumberColumn("first, observed"),
                              NumberColumn("first, fitted")},
                             rows.str()));
  }
  // Transfers.
  {
    std::ostringstream rows;
    for (int a = 0; a < G; ++a) {
      for (int b = 0; b <= G; ++b) {
        rows << "<tr><td>" << esc(d.slates[static_cast<size_t>(a)]) << "</td><td>"
             << (b < G ? esc(d.slates[static_cast<size_t>(b)]) : std::string("(ballot ends)")) << "</td>"
             << NumberCell(pct(tables.transfer_observed[static_cast<size_t>(a)][static_cast<size_t>(b)]))
             << NumberCell(pct(tables.transfer_fitted[static_cast<size_t>(a)][static_cast<size_t>(b)])) << "</tr>";
      }
    }
    sec << Section("transfers", "Transfers between slates",
                   "After a preference for a candidate of the first slate (with candidates left to rank), where the next preference goes; fitted from " +
                       std::to_string(tables.draws) + " ballots drawn from the fitted model.",
                   Table({TextColumn("from"), TextColumn("to"), NumberColumn("observed"), NumberColumn("fitted")}, rows.str()));
  }
  // Lengths.
  {
    VChart v;
    v.id = "chart-length";
    v.title = "Ballot length: share of ballots with each number of preferences";
    v.x_label = "preferences";
    for (size_t l = 0; l < tables.length_observed.size(); ++l) v.categories.push_back(std::to_string(l + 1));
    v.series = {{"observed", "#0072b2", tables.length_observed}, {"fitted", "#e69f00", tables.length_fitted}};
    sec << Section("lengths", "Ballot length",
                   "Mean preferences per ballot: observed " + Num(tables.mean_length_observed, 4) + ", fitted " +
                       Num(tables.mean_length_fitted, 4) + ".",
                   Figure(page.Chart(v.id, RenderVChart(v)), esc(v.title) + "."));
  }
  const std::string main = page.Assemble(PageHeader(h),
                                         ContentsNav({{"k", "Blocs tried"}, {"blocs", "Blocs"}, {"candidates", "Candidates"},
                                                      {"transfers", "Transfers"}, {"lengths", "Ballot length"}}),
                                         sec.str());
  return HtmlDocument("necsim fit: " + h.name, NECSIM_VERSION, main);
}

}  // namespace necsim
