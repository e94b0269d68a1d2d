#include "outputs/runs_table.h"

#include <cmath>
#include <map>

#include "io/csv.h"

namespace necsim {

namespace {

constexpr const char* kHeader = "run,rule_set,elected,gender_rule_changed,nec_majority";
constexpr const char* kJoin = "; ";

Error At(const std::string& source, int line, const std::string& field, const std::string& message) {
  Error e;
  e.file = source;
  e.line = line;
  e.field = field;
  e.message = message;
  return e;
}

// Mean and variance (n - 1) of values given as sums.
struct Moments {
  double n = 0, sum = 0, sum2 = 0;
  void Add(double x) { n += 1, sum += x, sum2 += x * x; }
  double mean() const { return n > 0 ? sum / n : 0; }
  double var() const { return n > 1 ? std::max(0.0, (sum2 - sum * sum / n) / (n - 1)) : 0; }
};

double Round6(double x) { return std::round(x * 1e6) / 1e6; }

std::string JoinFields(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out;
}

}  // namespace

std::string RunsCsv(const Scenario& sc, const Tally& tally) {
  std::string out = std::string(kHeader) + "\n";
  for (int64_t i = 0; i < tally.runs; ++i) {
    for (size_t k = 0; k < tally.rule_sets.size(); ++k) {
      const RuleSetTally& t = tally.rule_sets[k];
      std::string elected;
      for (CandidateId c : t.elected_by_run[static_cast<size_t>(i)]) {
        if (!elected.empty()) elected += kJoin;
        elected += sc.candidates[static_cast<size_t>(c)].name;
      }
      const int16_t f = t.nec_majority_by_run[static_cast<size_t>(i)];
      out += std::to_string(i) + "," + CsvField(sc.rule_sets[k].name) + "," + CsvField(elected) + "," +
             (t.changed_by_run[static_cast<size_t>(i)] ? "1" : "0") + "," +
             (f >= 0 ? CsvField(sc.nec.factions[static_cast<size_t>(f)]) : std::string()) + "\n";
    }
  }
  return out;
}

Result<std::vector<std::vector<RunOutcome>>> ReadRunsCsv(const std::string& text, const std::string& source,
                                                         const RunResults& summary) {
  auto records = ParseCsv(text, source);
  if (!records) return records.error();
  const std::vector<CsvRecord>& rows = *records;
  if (rows.empty() || JoinFields(rows[0].fields) != kHeader) {
    return At(source, rows.empty() ? 1 : rows[0].line, "header", std::string("expected the header '") + kHeader + "'");
  }
  std::map<std::string, size_t> rule_set_index;
  for (size_t k = 0; k < summary.rule_sets.size(); ++k) rule_set_index[summary.rule_sets[k].name] = k;
  std::vector<std::map<std::string, int>> cand_index(summary.rule_sets.size());
  for (size_t k = 0; k < summary.rule_sets.size(); ++k) {
    const auto& cands = summary.rule_sets[k].candidates;
    for (size_t c = 0; c < cands.size(); ++c) cand_index[k][cands[c].name] = static_cast<int>(c);
  }
  std::vector<std::vector<RunOutcome>> out(summary.rule_sets.size());
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRecord& rec = rows[r];
    if (rec.fields.size() != 5) {
      return At(source, rec.line, "row", "expected 5 fields (" + std::string(kHeader) + "), found " +
                                             std::to_string(rec.fields.size()));
    }
    const auto it = rule_set_index.find(rec.fields[1]);
    if (it == rule_set_index.end()) {
      return At(source, rec.line, "rule_set", "'" + rec.fields[1] + "' is not a rule set of the summary");
    }
    std::vector<RunOutcome>& runs = out[it->second];
    if (rec.fields[0] != std::to_string(runs.size())) {
      return At(source, rec.line, "run",
                "expected run " + std::to_string(runs.size()) + " of rule set '" + rec.fields[1] + "', found '" +
                    rec.fields[0] + "'");
    }
    RunOutcome o;
    // Names joined by "; ": pieces are joined back while they name no
    // candidate, so a name holding "; " still reads.
    const std::string& el = rec.fields[2];
    std::string pending;
    for (size_t at = 0; !el.empty() && at <= el.size();) {
      size_t next = el.find(kJoin, at);
      if (next == std::string::npos) next = el.size();
      pending += (pending.empty() ? "" : kJoin) + el.substr(at, next - at);
      const auto c = cand_index[it->second].find(pending);
      if (c != cand_index[it->second].end()) {
        o.elected.push_back(c->second);
        pending.clear();
      }
      at = next + 2;
    }
    if (!pending.empty()) {
      return At(source, rec.line, "elected", "'" + pending + "' is not a candidate of rule set '" + rec.fields[1] + "'");
    }
    if (rec.fields[3] != "0" && rec.fields[3] != "1") {
      return At(source, rec.line, "gender_rule_changed", "expected 0 or 1, found '" + rec.fields[3] + "'");
    }
    o.gender_rule_changed = rec.fields[3] == "1";
    o.nec_majority = rec.fields[4];
    if (!o.nec_majority.empty()) {
      const auto& rs = summary.rule_sets[it->second];
      bool known = false;
      if (rs.nec) {
        for (const auto& f : rs.nec->factions) known = known || f.name == o.nec_majority;
      }
      if (!known) {
        return At(source, rec.line, "nec_majority", "'" + o.nec_majority + "' is not an NEC faction of rule set '" +
                                                         rec.fields[1] + "'");
      }
    }
    runs.push_back(std::move(o));
  }
  for (size_t k = 0; k < out.size(); ++k) {
    if (static_cast<int64_t>(out[k].size()) != summary.runs) {
      return At(source, rows.back().line, "run",
                "rule set '" + summary.rule_sets[k].name + "' has " + std::to_string(out[k].size()) +
                    " runs, the summary " + std::to_string(summary.runs));
    }
  }
  return out;
}

std::vector<PairedRow> CompareRuns(const RunResults& a, const std::vector<std::vector<RunOutcome>>& runs_a,
                                   const RunResults& b, const std::vector<std::vector<RunOutcome>>& runs_b,
                                   bool paired) {
  std::vector<PairedRow> out;
  for (size_t ka = 0; ka < a.rule_sets.size(); ++ka) {
    const RuleSetResult& A = a.rule_sets[ka];
    size_t kb = 0;
    while (kb < b.rule_sets.size() && b.rule_sets[kb].name != A.name) ++kb;
    if (kb == b.rule_sets.size()) continue;
    const RuleSetResult& B = b.rule_sets[kb];
    const std::vector<RunOutcome>& ra = runs_a[ka];
    const std::vector<RunOutcome>& rb = runs_b[kb];
    // One measure: x(rule set's results, run outcome) per run on each side.
    auto measure = [&](const char* name, const std::string& entity, auto&& xa, auto&& xb) {
      Moments ma, mb, md;
      for (const RunOutcome& o : ra) ma.Add(xa(o));
      for (const RunOutcome& o : rb) mb.Add(xb(o));
      if (paired) {
        for (size_t i = 0; i < ra.size() && i < rb.size(); ++i) md.Add(xb(rb[i]) - xa(ra[i]));
      }
      PairedRow row;
      row.rule_set = A.name;
      row.measure = name;
      row.entity = entity;
      row.a = Round6(ma.mean());
      row.b = Round6(mb.mean());
      row.difference = Round6(mb.mean() - ma.mean());
      const double se = paired ? (md.n > 0 ? std::sqrt(md.var() / md.n) : 0)
                               : std::sqrt((ma.n > 0 ? ma.var() / ma.n : 0) + (mb.n > 0 ? mb.var() / mb.n : 0));
      row.se = Round6(se);
      out.push_back(row);
    };
    auto index_of = [](const std::vector<CandidateResult>& cands, const std::string& name) {
      for (size_t c = 0; c < cands.size(); ++c) {
        if (cands[c].name == name) return static_cast<int>(c);
      }
      return -1;
    };
    auto count_if = [](const std::vector<CandidateResult>& cands, auto&& pred) {
      return [&cands, pred](const RunOutcome& o) {
        double n = 0;
        for (int c : o.elected) n += pred(cands[static_cast<size_t>(c)]) ? 1 : 0;
        return n;
      };
    };
    for (const SlateResult& s : A.slates) {
      bool in_b = false;
      for (const SlateResult& t : B.slates) in_b = in_b || t.name == s.name;
      if (!in_b) continue;
      auto on = [&s](const CandidateResult& c) { return c.slate == s.name; };
      measure("slate_mean_seats", s.name, count_if(A.candidates, on), count_if(B.candidates, on));
    }
    for (size_t c = 0; c < A.candidates.size(); ++c) {
      const int cb = index_of(B.candidates, A.candidates[c].name);
      if (cb < 0) continue;
      auto has = [](int id) {
        return [id](const RunOutcome& o) {
          for (int e : o.elected) {
            if (e == id) return 1.0;
          }
          return 0.0;
        };
      };
      measure("candidate_p_elected", A.candidates[c].name, has(static_cast<int>(c)), has(cb));
    }
    for (const RegionResult& g : A.regions) {
      bool in_b = false;
      for (const RegionResult& h : B.regions) in_b = in_b || h.name == g.name;
      if (!in_b) continue;
      auto in = [&g](const CandidateResult& c) { return c.region == g.name; };
      auto any_a = count_if(A.candidates, in);
      auto any_b = count_if(B.candidates, in);
      measure("region_p_at_least_one", g.name, [&](const RunOutcome& o) { return any_a(o) > 0 ? 1.0 : 0.0; },
              [&](const RunOutcome& o) { return any_b(o) > 0 ? 1.0 : 0.0; });
    }
    auto woman = [](const CandidateResult& c) { return c.gender == "f"; };
    measure("women_mean", "women", count_if(A.candidates, woman), count_if(B.candidates, woman));
    auto changed = [](const RunOutcome& o) { return o.gender_rule_changed ? 1.0 : 0.0; };
    measure("p_gender_rule_changed", "women", changed, changed);
    if (A.nec && B.nec) {
      for (const NecFactionResult& f : A.nec->factions) {
        bool in_b = false;
        for (const NecFactionResult& g : B.nec->factions) in_b = in_b || g.name == f.name;
        if (!in_b) continue;
        auto holds = [&f](const RunOutcome& o) { return o.nec_majority == f.name ? 1.0 : 0.0; };
        measure("nec_p_majority", f.name, holds, holds);
      }
    }
  }
  return out;
}

}  // namespace necsim
