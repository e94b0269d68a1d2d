#include "outputs/ballots_out.h"

#include <filesystem>
#include <set>
#include <sstream>

#include "ballots/blt.h"
#include "io/atomic_write.h"
#include "io/csv.h"
#include "regional/regional.h"
#include "voters/reference_sampler.h"
#include "voters/voter_model.h"

namespace necsim {
namespace {

// A name as part of a file name: letters, digits, '.', '-', '+' and '_' kept,
// anything else (spaces, slashes, ...) as '_'.
std::string FilePart(const std::string& name) {
  std::string out;
  for (char ch : name) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                      ch == '-' || ch == '+' || ch == '_';
    out += keep ? ch : '_';
  }
  return out.empty() ? "_" : out;
}

// A district's name: its regions' names joined by '+'.
std::string DistrictName(const Scenario& sc, const RegionalDesign& d, size_t di) {
  std::string out;
  for (int r : d.districts[di]) out += (out.empty() ? "" : "+") + sc.regions[static_cast<size_t>(r)].name;
  return out;
}

}  // namespace

std::map<std::string, std::string> RunBallotFiles(const Scenario& sc, const EngineOptions& opt,
                                                  const std::vector<uint64_t>& runs) {
  const VoterModel model = VoterModel::Build(sc);
  const std::vector<Candidate> cands = sc.CountCandidates();
  const bool exact = opt.sampler == SamplerKind::kReference;
  const std::string source = exact ? "counted" : "redrawn";
  std::map<std::string, std::string> files;
  std::ostringstream manifest, elected;
  manifest << "run,rule_set,district,file,ballots,rule,seats,source\n";
  elected << "run,rule_set,elected\n";
  std::set<std::string> names;  // file names given so far
  auto unique = [&](std::string name) {
    if (names.count(name + ".blt")) {
      int i = 2;
      while (names.count(name + "-" + std::to_string(i) + ".blt")) ++i;
      name += "-" + std::to_string(i);
    }
    names.insert(name + ".blt");
    return name + ".blt";
  };
  for (uint64_t run : runs) {
    const std::string r = std::to_string(run);
    const RunSample sample = SampleRun(sc, model, opt.seed, run);
    auto title = [&](const std::string& what) {
      return sc.name + " (run " + r + ", seed " + std::to_string(opt.seed) + ", " + what +
             (exact ? ", the ballots counted" : ", redrawn from the run's electorate") + ")";
    };
    // The national ballots, with the seats of the first national rule set.
    {
      Election e = SampleBallotsReference(sample, opt.seed, run);
      e.candidates = cands;
      e.seats = sc.rule_sets.front().seats;
      for (const RuleSetConfig& rs : sc.rule_sets) {
        if (!rs.is_regional()) {
          e.seats = rs.seats;
          break;
        }
      }
      e.title = title("all members");
      const std::string file = unique("run-" + r);
      files[file] = WriteBlt(e);
      for (const RuleSetConfig& rs : sc.rule_sets) {
        if (rs.is_regional()) continue;
        manifest << r << "," << CsvField(rs.name) << ",," << file << "," << e.total_ballots() << ","
                 << RuleName(rs.rule) << "," << rs.seats << "," << source << "\n";
      }
    }
    // Each regional rule set's districts, from their own streams.
    for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
      const RuleSetConfig& rs = sc.rule_sets[k];
      if (!rs.is_regional()) continue;
      const RegionalDesign& d = rs.regional;
      for (size_t di = 0; di < d.districts.size(); ++di) {
        if (d.district_seats[di] == 0) continue;  // no count, no ballots
        Election e = ReferenceDistrictBallots(sc, sample, opt.seed, run, &d.districts[di], DistrictStream(k, di));
        e.candidates = cands;
        for (size_t c = 0; c < cands.size(); ++c) {
          if (!StandsInDistrict(sc, d, di, c)) e.candidates[c].withdrawn = true;
        }
        e.seats = d.district_seats[di];
        const std::string district = DistrictName(sc, d, di);
        e.title = title(rs.name + ", " + district);
        const std::string file = unique("run-" + r + "-" + FilePart(rs.name) + "-" + FilePart(district));
        files[file] = WriteBlt(e);
        manifest << r << "," << CsvField(rs.name) << "," << CsvField(district) << "," << file << ","
                 << e.total_ballots() << "," << RuleName(d.rule) << "," << e.seats << "," << source << "\n";
      }
      if (rs.national_seats > 0) {
        // Every member on every candidate; the count withdraws the regional
        // winners (elected.csv lists them first).
        Election e = ReferenceDistrictBallots(sc, sample, opt.seed, run, nullptr, NationalSeatsStream(k));
        e.candidates = cands;
        e.seats = rs.national_seats;
        e.title = title(rs.name + ", national seats");
        const std::string file = unique("run-" + r + "-" + FilePart(rs.name) + "-national");
        files[file] = WriteBlt(e);
        manifest << r << "," << CsvField(rs.name) << ",national," << file << "," << e.total_ballots() << ","
                 << RuleName(rs.national_rule) << "," << e.seats << "," << source << "\n";
      }
    }
    // The run's results as the engine counted them (SimulateRun is a
    // function of the scenario, seed, run and sampler alone).
    const RunRecord rec = SimulateRun(sc, model, opt.seed, run, opt.sampler);
    for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
      std::string who;
      for (CandidateId c : rec.rule_sets[k].elected) {
        who += (who.empty() ? "" : "; ") + sc.candidates[static_cast<size_t>(c)].name;
      }
      elected << r << "," << CsvField(sc.rule_sets[k].name) << "," << CsvField(who) << "\n";
    }
  }
  files["manifest.csv"] = manifest.str();
  files["elected.csv"] = elected.str();
  std::ostringstream readme;
  readme << "Sampled ballots of scenario " << sc.name << ", seed " << opt.seed << ", sampler "
         << (exact ? "reference" : "fast") << " (necsim run --ballots-out).\n\n"
         << "run-R.blt: run R's ballots, every member ranking every candidate (the national rule sets' ballots).\n"
         << "run-R-RULESET-DISTRICT.blt: the ballots of one district of a regional rule set (drawn from the\n"
         << "district's own stream; candidates standing elsewhere are withdrawn); run-R-RULESET-national.blt:\n"
         << "the ballots of its national seats (the count withdraws the regional winners).\n"
         << "manifest.csv: run,rule_set,district,file,ballots,rule,seats,source for each count.\n"
         << "elected.csv: run,rule_set,elected: who the engine elected in that run, in order of election.\n\n";
  if (exact) {
    readme << "source = counted: with --sampler reference these are exactly the ballots the engine counted.\n";
  } else {
    readme << "source = redrawn: the fast sampler never holds individual ballots, so these are a draw, voter by\n"
           << "voter, from the same run's electorate (the same bloc shares, turnout and noise), NOT the ballots\n"
           << "its count saw; a count of them may elect differently from elected.csv. Use --sampler reference\n"
           << "for the exact ballots counted.\n";
  }
  files["README.txt"] = readme.str();
  return files;
}

Status WriteBallotFolder(const std::string& dir, const std::map<std::string, std::string>& files, bool force,
                         const IoFaults* faults) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto out_error = [&](const std::string& message) {
    Error e;
    e.file = dir;
    e.field = "--ballots-out";
    e.message = message;
    return e;
  };
  if (fs::exists(dir, ec)) {
    if (!force) {
      return out_error("the ballots folder already exists; choose another --ballots-out or pass --force to "
                       "overwrite it");
    }
    if (!fs::is_directory(dir, ec)) return out_error("exists and is not a folder");
    bool empty = true;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      (void)e;
      empty = false;
      break;
    }
    if (!empty && !fs::exists(fs::path(dir) / "manifest.csv", ec)) {
      return out_error("is not a necsim ballots folder (it has no manifest.csv), so --force will not replace it; "
                       "choose another --ballots-out");
    }
  }
  return WriteFolderAtomic(dir, files, faults);
}

}  // namespace necsim
