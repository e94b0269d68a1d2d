#include "report/report.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "io/atomic_write.h"
#include "report/report_page.h"
#include "report/report_svg.h"

namespace necsim {

using J = nlohmann::ordered_json;

namespace {

const J& At(const J& j, const std::string& key, const std::string& path) {
  if (!j.is_object()) throw MissingField(path + " is not a JSON object");
  auto it = j.find(key);
  if (it == j.end()) throw MissingField(path + "." + key + " is missing");
  return *it;
}

double Num(const J& j, const std::string& key, const std::string& path) {
  const J& v = At(j, key, path);
  if (!v.is_number()) throw MissingField(path + "." + key + " is not a number");
  return v.get<double>();
}

std::string Str(const J& j, const std::string& key, const std::string& path) {
  const J& v = At(j, key, path);
  if (!v.is_string()) throw MissingField(path + "." + key + " is not a string");
  return v.get<std::string>();
}

const J& Arr(const J& j, const std::string& key, const std::string& path) {
  const J& v = At(j, key, path);
  if (!v.is_array()) throw MissingField(path + "." + key + " is not a list");
  return v;
}

const J& Obj(const J& j, const std::string& key, const std::string& path) {
  const J& v = At(j, key, path);
  if (!v.is_object()) throw MissingField(path + "." + key + " is not an object");
  return v;
}

// A count of seats or candidates: a whole number in [0, 100000] (a larger or
// fractional value is an edited or corrupt file, not something to draw).
int Count(const J& j, const std::string& key, const std::string& path) {
  const double v = Num(j, key, path);
  if (!(v >= 0 && v <= 100000) || v != std::floor(v)) {
    throw MissingField(path + "." + key + " is not a whole number between 0 and 100000");
  }
  return static_cast<int>(v);
}

// An optional count (e.g. women_min, null when there is none): -1 when absent or null.
int OptionalCount(const J& j, const std::string& key, const std::string& path) {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return -1;
  return Count(j, key, path);
}

// A distribution {"0": p0, "1": p1, ...} as a dense vector indexed by count.
std::vector<double> Distribution(const J& j, const std::string& key, const std::string& path) {
  const J& d = Obj(j, key, path);
  std::map<int, double> m;
  for (const auto& [k, v] : d.items()) {
    if (k.empty() || k.size() > 4 || k.find_first_not_of("0123456789") != std::string::npos) {
      throw MissingField(path + "." + key + " has a key '" + k + "' that is not a count");
    }
    if (!v.is_number()) throw MissingField(path + "." + key + "." + k + " is not a number");
    m[std::stoi(k)] = v.get<double>();
  }
  if (m.empty()) throw MissingField(path + "." + key + " is empty");
  std::vector<double> out(static_cast<size_t>(m.rbegin()->first) + 1, 0.0);
  for (const auto& [k, v] : m) out[static_cast<size_t>(k)] = v;
  return out;
}

std::string Pct(double p, int dp = 1) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(dp) << 100 * p << "%";
  return o.str();
}

std::string Fixed(double x, int dp) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(dp) << x;
  return o.str();
}

std::string Signed(double x, int dp) {
  std::ostringstream o;
  o << std::showpos << std::fixed << std::setprecision(dp) << x;
  return o.str();
}

// run_info.json's wall time, as the header shows it.
std::string WallTime(const J& seconds) { return Fixed(seconds.get<double>(), 1) + " s"; }

// The note on results written by another necsim version; empty when the
// versions agree or the drawing version is unknown.
std::string VersionNote(const std::string& written_by, const std::string& drawn_by) {
  if (drawn_by.empty() || written_by == drawn_by) return "";
  return "these results were written by necsim " + written_by + "; this report is drawn by necsim " + drawn_by;
}

// The note naming summary fields this necsim does not know: the first 12,
// then how many more.
std::string UnknownFieldsNote(const std::vector<std::string>& unknown) {
  std::string list;
  for (size_t k = 0; k < unknown.size() && k < 12; ++k) list += (k ? ", " : "") + unknown[k];
  if (unknown.size() > 12) list += " and " + std::to_string(unknown.size() - 12) + " more";
  return "summary.json has fields this necsim does not know (from a newer necsim?): " + list;
}

// A horizontal bar chart of probabilities: its axis from 0 to 100%.
HChart ProbabilityChart(const std::string& id, const std::string& title) {
  HChart c;
  c.id = id;
  c.title = title;
  c.xmin = 0;
  c.xmax = 1;
  c.percent = true;
  return c;
}

// Slate colours: Okabe-Ito (distinguishable with colour-blindness), in order
// of first appearance; independents grey.
class SlateColours {
 public:
  std::string operator()(const std::string& slate) {
    if (slate == "independent") return "#8c8c8c";
    auto it = map_.find(slate);
    if (it != map_.end()) return it->second;
    static constexpr const char* kPalette[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                               "#e69f00", "#56b4e9", "#7a5195", "#a6761d"};
    const std::string c = kPalette[map_.size() % (sizeof(kPalette) / sizeof(kPalette[0]))];
    map_[slate] = c;
    return c;
  }

 private:
  std::map<std::string, std::string> map_;
};

const std::set<std::string> kTopKeys = {"scenario", "description", "seed", "runs", "sampler", "precision_target",
                                        "stopped_on_precision", "mean_ballots", "rule_sets", "comparisons"};
const std::set<std::string> kRuleSetKeys = {"name",   "rule",  "seats",  "women_min",          "candidates", "slates",
                                            "regions", "women", "design", "disproportionality", "nec"};
const std::set<std::string> kComparisonKeys = {"a",       "b",
                                               "slates",  "candidates",
                                               "regions", "women_mean_difference",
                                               "women_se"};

std::string RuleSetName(const J& rs, size_t i) {
  if (rs.is_object() && rs.contains("name") && rs["name"].is_string()) return rs["name"].get<std::string>();
  return "rule set " + std::to_string(i + 1);
}

// --- The sections of an NEC results page ------------------------------------

struct NecPage {
  const ReportInput& in;
  ReportPage page;
  SlateColours colours;
  const J& s;
  std::vector<const J*> rule_sets;  // the readable rule sets (objects)

  explicit NecPage(const ReportInput& input) : in(input), s(input.summary) {}

  std::string Id(const std::string& kind, size_t i) const { return "chart-" + kind + "-" + std::to_string(i); }

  std::string Header() {
    PageHeading h;
    h.name = s.contains("scenario") && s["scenario"].is_string() ? s["scenario"].get<std::string>()
                                                                   : "(unnamed scenario)";
    h.kind = "NEC election simulation";
    if (s.contains("description") && s["description"].is_string() && !s["description"].get<std::string>().empty()) {
      h.leads_html.push_back(HtmlEscape(s["description"].get<std::string>()));
    }
    auto item = [&](const std::string& k, const std::string& v) { h.facts.emplace_back(k, v); };
    if (s.contains("runs") && s["runs"].is_number()) item("runs", std::to_string(s["runs"].get<int64_t>()));
    if (s.contains("seed") && s["seed"].is_number()) item("seed", s["seed"].dump());
    if (s.contains("sampler") && s["sampler"].is_string()) item("sampler", s["sampler"].get<std::string>());
    if (s.contains("mean_ballots") && s["mean_ballots"].is_number()) {
      item("mean ballots per run", Fixed(s["mean_ballots"].get<double>(), 0));
    }
    if (s.contains("precision_target") && s["precision_target"].is_number()) {
      item("precision target", s["precision_target"].dump());
      if (s.contains("stopped_on_precision") && s["stopped_on_precision"].is_boolean()) {
        item("stopped on precision", s["stopped_on_precision"].get<bool>() ? "yes" : "no (run cap reached)");
      }
    }
    const J& ri = in.run_info;
    if (ri.is_object()) {
      if (ri.contains("version") && ri["version"].is_string()) item("necsim", ri["version"].get<std::string>());
      if (ri.contains("finished_at") && ri["finished_at"].is_string()) {
        item("finished", ri["finished_at"].get<std::string>());
      }
      if (ri.contains("wall_time_s") && ri["wall_time_s"].is_number()) item("wall time", WallTime(ri["wall_time_s"]));
      if (ri.contains("threads") && ri["threads"].is_number()) item("threads", ri["threads"].dump());
    }
    return PageHeader(h);
  }

  // The scenario in brief: rule sets, candidates by slate, regions.
  std::string Brief() {
    std::ostringstream o;
    o << page.Guard("the scenario's rule sets", [&] {
      const std::vector<Column> columns = {TextColumn("rule set"), TextColumn("rule"), NumberColumn("seats"),
                                           NumberColumn("women at least"), TextColumn("design")};
      std::ostringstream t;
      for (size_t i = 0; i < rule_sets.size(); ++i) {
        const J& rs = *rule_sets[i];
        const std::string path = "rule_sets[" + std::to_string(i) + "]";
        t << "<tr><td><a href=\"#rs-" << i << "\">" << HtmlEscape(Str(rs, "name", path)) << "</a></td><td>"
          << HtmlEscape(Str(rs, "rule", path)) << "</td><td class=\"n\">" << Count(rs, "seats", path)
          << "</td><td class=\"n\">";
        if (const int w = OptionalCount(rs, "women_min", path); w >= 0) t << w;
        else t << "&ndash;";
        t << "</td><td>" << DesignText(rs) << "</td></tr>\n";
      }
      return Table(columns, t.str()) + "\n";
    });
    o << page.Guard("the candidates", [&] {
      if (rule_sets.empty()) return std::string();
      const J& cands = Arr(*rule_sets[0], "candidates", "rule_sets[0]");
      std::map<std::string, std::vector<std::string>> by_slate;
      std::vector<std::string> order;
      std::set<std::string> regions;
      int women = 0;
      for (size_t c = 0; c < cands.size(); ++c) {
        const std::string path = "rule_sets[0].candidates[" + std::to_string(c) + "]";
        const std::string slate = Str(cands[c], "slate", path);
        if (!by_slate.count(slate)) order.push_back(slate);
        std::string label = Str(cands[c], "name", path);
        if (cands[c].contains("gender") && cands[c]["gender"] == "f") ++women;
        if (cands[c].contains("region") && cands[c]["region"].is_string() &&
            !cands[c]["region"].get<std::string>().empty()) {
          regions.insert(cands[c]["region"].get<std::string>());
        }
        by_slate[slate].push_back(label);
      }
      std::ostringstream t;
      t << "<p>" << cands.size() << " candidates (" << women << " women) from " << regions.size()
        << " regions:</p>\n<ul>\n";
      for (const auto& sl : order) {
        t << "<li><span class=\"swatch\" style=\"background:" << colours(sl) << "\"></span><b>" << HtmlEscape(sl)
          << "</b> (" << by_slate[sl].size() << "): ";
        for (size_t k = 0; k < by_slate[sl].size(); ++k) t << (k ? ", " : "") << HtmlEscape(by_slate[sl][k]);
        t << "</li>\n";
      }
      t << "</ul>\n";
      return t.str();
    });
    return Section("scenario", "The scenario in brief", "", o.str());
  }

  static std::string DesignText(const J& rs) {
    if (!rs.contains("design") || !rs["design"].is_object()) return "national";
    const J& d = rs["design"];
    std::ostringstream t;
    t << "regional";
    if (d.contains("regional_seats") && d["regional_seats"].is_number()) t << ", " << d["regional_seats"].dump() << " seats";
    if (d.contains("regional_rule") && d["regional_rule"].is_string()) {
      t << " by " << HtmlEscape(d["regional_rule"].get<std::string>());
    }
    if (d.contains("seats")) {
      if (d["seats"].is_string()) {
        t << " (" << HtmlEscape(d["seats"].get<std::string>()) << ")";
      } else if (d["seats"].is_object()) {
        t << " (";
        bool first = true;
        for (const auto& [k, v] : d["seats"].items()) {
          t << (first ? "" : ", ") << HtmlEscape(k) << " " << HtmlEscape(v.dump());
          first = false;
        }
        t << ")";
      }
    }
    if (d.contains("gender") && d["gender"].is_string() && d["gender"] != "none") {
      t << "; gender balance by " << HtmlEscape(d["gender"].get<std::string>());
    }
    if (d.contains("national_seats") && d["national_seats"].is_number_integer() && d["national_seats"].get<int64_t>() > 0) {
      t << "; " << d["national_seats"].get<int64_t>() << " national top-up seats";
      if (d.contains("national_rule") && d["national_rule"].is_string()) {
        t << " by " << HtmlEscape(d["national_rule"].get<std::string>());
      }
    }
    return t.str();
  }

  // At a glance: mean seats per slate per rule set, with 5-95% ranges.
  std::string Glance() {
    return Section("glance", "Rule sets side by side", "", page.Guard("the overview of seats by rule set", [&] {
      std::ostringstream t;
      HChart c;
      c.id = "chart-overview";
      c.title = "Mean seats per slate under each rule set (bars), 5-95% range of runs (whiskers)";
      c.xmin = 0;
      double max_seats = 1;
      std::vector<std::string> slates;
      for (size_t i = 0; i < rule_sets.size(); ++i) {
        const J& rs = *rule_sets[i];
        const std::string path = "rule_sets[" + std::to_string(i) + "]";
        max_seats = std::max(max_seats, static_cast<double>(Count(rs, "seats", path)));
        HRow row;
        row.label = Str(rs, "name", path);
        const J& sl = Arr(rs, "slates", path);
        for (size_t k = 0; k < sl.size(); ++k) {
          const std::string p = path + ".slates[" + std::to_string(k) + "]";
          const std::string name = Str(sl[k], "name", p);
          if (std::find(slates.begin(), slates.end(), name) == slates.end()) slates.push_back(name);
          HBar b;
          b.value = Num(sl[k], "mean", p);
          b.lo = Num(sl[k], "p5", p);
          b.hi = Num(sl[k], "p95", p);
          b.colour = colours(name);
          b.text = Fixed(b.value, 2);
          b.tip = name + ": mean " + Fixed(b.value, 2) + " seats, 5-95% " + Fixed(b.lo, 0) + "-" + Fixed(b.hi, 0);
          row.bars.push_back(b);
        }
        c.rows.push_back(row);
      }
      for (const auto& sl : slates) c.legend.emplace_back(sl, colours(sl));
      c.xmax = max_seats;
      c.x_label = "seats";
      c.integer_ticks = true;
      t << Figure(page.Chart(c.id, RenderHChart(c)), HtmlEscape(c.title) + ".", "card wide") << "\n";
      t << GlanceTable();
      return t.str();
    }));
  }

  std::string GlanceTable() {
    const std::vector<Column> columns = {TextColumn("rule set"), TextColumn("mean seats by slate (5-95%)"),
                                         NumberColumn("women elected (mean)"),
                                         NumberColumn("gender rule changed the result"),
                                         TextColumn("regions with P(represented) &lt; 50%")};
    std::ostringstream t;
    for (size_t i = 0; i < rule_sets.size(); ++i) {
      const J& rs = *rule_sets[i];
      const std::string path = "rule_sets[" + std::to_string(i) + "]";
      t << "<tr><td><a href=\"#rs-" << i << "\">" << HtmlEscape(Str(rs, "name", path)) << "</a></td><td>";
      const J& sl = Arr(rs, "slates", path);
      for (size_t k = 0; k < sl.size(); ++k) {
        const std::string p = path + ".slates[" + std::to_string(k) + "]";
        t << (k ? "<br>" : "") << "<span class=\"swatch\" style=\"background:" << colours(Str(sl[k], "name", p))
          << "\"></span>" << HtmlEscape(Str(sl[k], "name", p)) << " " << Fixed(Num(sl[k], "mean", p), 2) << " ("
          << Fixed(Num(sl[k], "p5", p), 0) << "&ndash;" << Fixed(Num(sl[k], "p95", p), 0) << ")";
      }
      t << "</td>";
      if (rs.contains("women") && rs["women"].is_object()) {
        const J& w = rs["women"];
        t << NumberCell(Fixed(Num(w, "mean", path + ".women"), 2))
          << NumberCell(Pct(Num(w, "p_gender_rule_changed", path + ".women")));
      } else {
        t << NumberCell("&ndash;") << NumberCell("&ndash;");
      }
      t << "<td>";
      if (rs.contains("regions") && rs["regions"].is_array()) {
        std::string names;
        for (size_t g = 0; g < rs["regions"].size(); ++g) {
          const J& r = rs["regions"][g];
          const std::string p = path + ".regions[" + std::to_string(g) + "]";
          if (Num(r, "p_at_least_one", p) < 0.5) names += (names.empty() ? "" : ", ") + HtmlEscape(Str(r, "name", p));
        }
        t << (names.empty() ? "none" : names);
      } else {
        t << "&ndash;";
      }
      t << "</td></tr>\n";
    }
    return Table(columns, t.str()) + "\n";
  }

  // One figure per rule set for a metric, side by side in a grid.
  std::string MetricGrid(const std::string& section_id, const std::string& heading, const std::string& lead,
                         const std::string& what, const std::function<std::string(size_t, const J&)>& draw) {
    std::string cards;
    for (size_t i = 0; i < rule_sets.size(); ++i) {
      const J& rs = *rule_sets[i];
      // The seats cards are the rule sets' anchors (#rs-i) for the tables' links.
      const std::string anchor = section_id == "seats" ? " id=\"rs-" + std::to_string(i) + "\"" : "";
      cards += Card("<h3>" + HtmlEscape(RuleSetName(rs, i)) + "</h3>\n" +
                        page.Guard(what + " of " + RuleSetName(rs, i), [&] { return draw(i, rs); }),
                    anchor);
    }
    return Section(section_id, heading, lead, Grid(cards));
  }

  std::string Subtitle(const J& rs, const std::string& path) {
    std::string t = Str(rs, "rule", path) + ", " + std::to_string(Count(rs, "seats", path)) + " seats";
    if (const int w = OptionalCount(rs, "women_min", path); w >= 0) {
      t += ", at least " + std::to_string(w) + " women";
    }
    return Lead(HtmlEscape(t));
  }

  std::string SeatDistribution(size_t i, const J& rs) {
    const std::string path = "rule_sets[" + std::to_string(i) + "]";
    const int seats = Count(rs, "seats", path);
    const J& sl = Arr(rs, "slates", path);
    VChart c;
    c.id = Id("slates", i);
    c.title = "Seats won by each slate: probability over runs";
    c.x_label = "seats won";
    size_t n = static_cast<size_t>(std::max(seats, 0)) + 1;
    std::vector<std::vector<double>> dists;
    for (size_t k = 0; k < sl.size(); ++k) {
      dists.push_back(Distribution(sl[k], "seat_distribution", path + ".slates[" + std::to_string(k) + "]"));
      n = std::max(n, dists.back().size());
    }
    for (size_t x = 0; x < n; ++x) c.categories.push_back(std::to_string(x));
    std::ostringstream legend;
    for (size_t k = 0; k < sl.size(); ++k) {
      const std::string p = path + ".slates[" + std::to_string(k) + "]";
      VSeries v;
      v.name = Str(sl[k], "name", p);
      v.colour = colours(v.name);
      v.values = dists[k];
      v.values.resize(n, 0.0);
      c.series.push_back(v);
    }
    const std::string subtitle = Subtitle(rs, path);
    const std::string chart = page.Chart(c.id, RenderVChart(c));
    std::ostringstream caption;
    for (size_t k = 0; k < sl.size(); ++k) {
      const std::string p = path + ".slates[" + std::to_string(k) + "]";
      caption << (k ? "; " : "") << HtmlEscape(Str(sl[k], "name", p)) << " mean " << Fixed(Num(sl[k], "mean", p), 2)
              << " seats (5-95%: " << Fixed(Num(sl[k], "p5", p), 0) << "&ndash;" << Fixed(Num(sl[k], "p95", p), 0)
              << ")";
    }
    return subtitle + Figure(chart, caption.str() + ".") + "\n";
  }

  std::string Candidates(size_t i, const J& rs) {
    const std::string path = "rule_sets[" + std::to_string(i) + "]";
    const J& cands = Arr(rs, "candidates", path);
    HChart c = ProbabilityChart(Id("candidates", i), "Probability each candidate is elected");
    std::vector<std::string> slates;
    for (size_t k = 0; k < cands.size(); ++k) {
      const std::string p = path + ".candidates[" + std::to_string(k) + "]";
      const std::string slate = Str(cands[k], "slate", p);
      if (std::find(slates.begin(), slates.end(), slate) == slates.end()) slates.push_back(slate);
      HRow row;
      row.label = Str(cands[k], "name", p);
      if (cands[k].contains("gender") && cands[k]["gender"].is_string() && !cands[k]["gender"].get<std::string>().empty()) {
        row.label += " (" + cands[k]["gender"].get<std::string>() + ")";
      }
      HBar b;
      b.value = Num(cands[k], "p_elected", p);
      const double se = cands[k].contains("se") && cands[k]["se"].is_number() ? cands[k]["se"].get<double>() : 0.0;
      if (se > 0) {
        b.lo = std::max(0.0, b.value - 1.96 * se);
        b.hi = std::min(1.0, b.value + 1.96 * se);
      }
      b.colour = colours(slate);
      b.text = Pct(b.value);
      std::string region;
      if (cands[k].contains("region") && cands[k]["region"].is_string()) region = cands[k]["region"].get<std::string>();
      b.tip = Str(cands[k], "name", p) + " (" + slate + (region.empty() ? "" : ", " + region) +
              "): elected in " + Pct(b.value) + " of runs";
      row.bars.push_back(b);
      c.rows.push_back(row);
    }
    for (const auto& sl : slates) c.legend.emplace_back(sl, colours(sl));
    return Figure(page.Chart(c.id, RenderHChart(c)),
                  "Share of runs in which each candidate is elected, with 95% Monte Carlo intervals; (f) women, "
                  "(m) men.") +
           "\n";
  }

  std::string Regions(size_t i, const J& rs) {
    const std::string path = "rule_sets[" + std::to_string(i) + "]";
    const J& regs = Arr(rs, "regions", path);
    HChart p = ProbabilityChart(Id("regions", i), "Probability each region has at least one member elected");
    HChart sh;
    sh.id = Id("shares", i);
    sh.title = "Share of the party's members and expected share of the seats, by region";
    sh.xmin = 0;
    sh.percent = true;
    sh.legend = {{"members", "#9e9e9e"}, {"seats (expected)", "#b3002d"}};
    double mx = 0;
    for (size_t g = 0; g < regs.size(); ++g) {
      const std::string rp = path + ".regions[" + std::to_string(g) + "]";
      const std::string name = Str(regs[g], "name", rp);
      HRow row;
      row.label = name;
      HBar b;
      b.value = Num(regs[g], "p_at_least_one", rp);
      b.colour = b.value < 0.5 ? "#d55e00" : "#0072b2";
      b.text = Pct(b.value);
      b.tip = name + ": at least one elected in " + Pct(b.value) + " of runs; expected " +
              Fixed(Num(regs[g], "expected_elected", rp), 2) + " elected";
      row.bars.push_back(b);
      p.rows.push_back(row);
      HRow srow;
      srow.label = name;
      HBar m;
      m.value = Num(regs[g], "members_share", rp);
      m.colour = "#9e9e9e";
      m.text = Pct(m.value);
      m.tip = name + ": " + Pct(m.value) + " of members";
      HBar s2;
      s2.value = Num(regs[g], "seats_share", rp);
      s2.colour = "#b3002d";
      s2.text = Pct(s2.value);
      s2.tip = name + ": " + Pct(s2.value) + " of seats (expected)";
      mx = std::max({mx, m.value, s2.value});
      srow.bars = {m, s2};
      sh.rows.push_back(srow);
    }
    sh.xmax = std::max(0.05, mx);
    std::string o =
        Figure(page.Chart(p.id, RenderHChart(p)), "Orange: regions left unrepresented in most runs.") + "\n";
    o += Figure(page.Chart(sh.id, RenderHChart(sh)),
                "Members' share of the whole membership beside the region's expected share of the seats.") +
         "\n";
    return o;
  }

  std::string Women(size_t i, const J& rs) {
    const std::string path = "rule_sets[" + std::to_string(i) + "]";
    const J& w = Obj(rs, "women", path);
    VChart c;
    c.id = Id("women", i);
    c.title = "Number of women elected: probability over runs";
    c.x_label = "women elected";
    const auto d = Distribution(w, "distribution", path + ".women");
    for (size_t x = 0; x < d.size(); ++x) c.categories.push_back(std::to_string(x));
    c.series.push_back({"women elected", "#cc79a7", d});
    if (const int w = OptionalCount(rs, "women_min", path); w >= 0) {
      c.marker = w;
      c.marker_label = "minimum " + std::to_string(c.marker);
    }
    const std::string chart = page.Chart(c.id, RenderVChart(c));
    const std::string caption = "Mean " + Fixed(Num(w, "mean", path + ".women"), 2) +
                                " women; the gender rule changed the result in " +
                                Pct(Num(w, "p_gender_rule_changed", path + ".women")) +
                                " of runs (the elected set differs from the count of the same ballots without the "
                                "rule).";
    return Figure(chart, caption) + "\n";
  }

  std::string Nec(size_t i, const J& rs) {
    const std::string path = "rule_sets[" + std::to_string(i) + "]";
    if (!rs.contains("nec")) return "<p>No <code>nec:</code> block in this scenario.</p>\n";
    const J& nec = Obj(rs, "nec", path);
    const J& facs = Arr(nec, "factions", path + ".nec");
    HChart c = ProbabilityChart(Id("nec", i), "Probability each faction holds a majority of the whole NEC");
    std::ostringstream tab;
    for (size_t f = 0; f < facs.size(); ++f) {
      const std::string p = path + ".nec.factions[" + std::to_string(f) + "]";
      HRow row;
      row.label = Str(facs[f], "name", p);
      HBar b;
      b.value = Num(facs[f], "p_majority", p);
      b.colour = "#7a5195";
      b.text = Pct(b.value);
      b.tip = row.label + ": majority in " + Pct(b.value) + " of runs; mean " + Fixed(Num(facs[f], "mean_seats", p), 2) +
              " seats";
      row.bars.push_back(b);
      c.rows.push_back(row);
      tab << (f ? "; " : "") << HtmlEscape(row.label) << " " << Fixed(Num(facs[f], "mean_seats", p), 2);
    }
    const std::string chart = page.Chart(c.id, RenderHChart(c));
    const std::string caption = "NEC of " + std::to_string(Count(nec, "total_seats", path + ".nec")) +
                                " seats; mean seats: " + tab.str() + ".";
    return Figure(chart, caption) + "\n";
  }

  std::string Disproportionality() {
    const std::string lead =
        "How far each region's share of the seats is from its share of the members, over runs (0 = perfectly "
        "proportional).";
    return Section("disproportionality", "Disproportionality between regions", lead,
                   page.Guard("the disproportionality table", [&] {
      const std::vector<Column> columns = {TextColumn("rule set"), TextColumn("index"), NumberColumn("mean"),
                                           NumberColumn("5%"), NumberColumn("median"), NumberColumn("95%")};
      std::ostringstream t;
      for (size_t i = 0; i < rule_sets.size(); ++i) {
        const J& rs = *rule_sets[i];
        const std::string path = "rule_sets[" + std::to_string(i) + "]";
        const J& d = Obj(rs, "disproportionality", path);
        for (const auto& [key, title] : {std::pair<std::string, std::string>{"loosemore_hanby", "Loosemore-Hanby"},
                                          {"gallagher", "Gallagher"}}) {
          if (!d.contains(key) || d[key].is_null()) continue;
          const std::string p = path + ".disproportionality." + key;
          t << "<tr><td>" << HtmlEscape(Str(rs, "name", path)) << "</td><td>" << title << "</td>";
          for (const char* q : {"mean", "p5", "p50", "p95"}) t << NumberCell(Fixed(Num(d[key], q, p), 3));
          t << "</tr>\n";
        }
      }
      return Table(columns, t.str()) + "\n";
    }));
  }

  // Paired differences between rule sets (same ballots in every run).
  std::string Comparisons() {
    auto section = [](const std::string& body) {
      return Section("differences", "Differences between rule sets",
                     "Each pair counted on the same sampled ballots in every run: first minus second, with 95% "
                     "intervals from the paired standard errors.",
                     body);
    };
    if (!s.contains("comparisons")) {
      return section(
          page.Note("the differences between rule sets: comparisons is missing (results from an older necsim?)"));
    }
    if (!s["comparisons"].is_array()) {
      return section(page.Note("the differences between rule sets: comparisons is not a list"));
    }
    const J& comps = s["comparisons"];
    std::string cards;
    for (size_t k = 0; k < comps.size(); ++k) {
      const J& c = comps[k];
      const std::string path = "comparisons[" + std::to_string(k) + "]";
      cards += Card(page.Guard("comparison " + std::to_string(k + 1), [&] {
        std::ostringstream t;
        const std::string a = Str(c, "a", path), b = Str(c, "b", path);
        t << "<h3>" << HtmlEscape(a) << " minus " << HtmlEscape(b) << "</h3>\n";
        const double wd = Num(c, "women_mean_difference", path);
        const double wse = c.contains("women_se") && c["women_se"].is_number() ? c["women_se"].get<double>() : 0;
        t << "<p>Women elected: " << Signed(wd, 2) << " on average (se " << Fixed(wse, 3) << ").</p>\n";
        t << Diverging(Id("diff-slates", k), "Mean seat difference by slate", Arr(c, "slates", path),
                       path + ".slates", "mean_seat_difference", false, true);
        t << Diverging(Id("diff-candidates", k), "Difference in the probability of being elected",
                       Arr(c, "candidates", path), path + ".candidates", "p_elected_difference", true, false);
        t << Diverging(Id("diff-regions", k), "Difference in the probability a region is represented",
                       Arr(c, "regions", path), path + ".regions", "p_represented_difference", true, false);
        return t.str();
      }));
    }
    return section((comps.empty() ? "<p>Only one rule set: nothing to compare.</p>\n" : "") + Grid(cards));
  }

  std::string Diverging(const std::string& id, const std::string& title, const J& rows, const std::string& path,
                        const std::string& key, bool percent, bool slate_colours) {
    HChart c;
    c.id = id;
    c.title = title;
    c.percent = percent;
    double mx = percent ? 0.05 : 0.5;
    for (size_t r = 0; r < rows.size(); ++r) {
      const std::string p = path + "[" + std::to_string(r) + "]";
      HRow row;
      row.label = Str(rows[r], "name", p);
      HBar b;
      b.value = Num(rows[r], key, p);
      const double se = rows[r].contains("se") && rows[r]["se"].is_number() ? rows[r]["se"].get<double>() : 0.0;
      if (se > 0) {
        b.lo = b.value - 1.96 * se;
        b.hi = b.value + 1.96 * se;
      }
      mx = std::max({mx, std::fabs(b.value), std::fabs(se > 0 ? b.lo : 0), std::fabs(se > 0 ? b.hi : 0)});
      b.colour = slate_colours ? colours(row.label) : (b.value >= 0 ? "#0072b2" : "#d55e00");
      b.text = percent ? (b.value >= 0 ? "+" : "") + Pct(b.value) : Signed(b.value, 2);
      b.tip = row.label + ": " + b.text + (se > 0 ? " (se " + (percent ? Pct(se, 2) : Fixed(se, 3)) + ")" : "");
      row.bars.push_back(b);
      c.rows.push_back(row);
    }
    // A symmetric range ending on a round number, so the end ticks show.
    for (double r : percent ? std::vector<double>{0.05, 0.1, 0.25, 0.5, 1.0} : std::vector<double>{0.5, 1, 2, 3, 4, 5}) {
      if (mx <= r) {
        mx = r;
        break;
      }
    }
    if (!percent && mx > 5) mx = std::ceil(mx);
    c.xmin = -mx;
    c.xmax = mx;
    return Figure(page.Chart(c.id, RenderHChart(c)),
                  HtmlEscape(title) +
                      (slate_colours ? "" : " (blue: higher under the first rule set, orange: under the second)") +
                      ".") +
           "\n";
  }

  std::string Files() {
    return FilesSection(in.files, {
        {"summary.json", "every result in one JSON document"},
        {"run_info.json", "version, timing, threads, host"},
        {"candidates.csv", "candidates' election probabilities"},
        {"slates.csv", "slates' seat distributions"},
        {"regions.csv", "regional representation"},
        {"comparisons.csv", "paired differences between rule sets"},
        {"disproportionality.csv", "disproportionality indices"},
        {"nec.csv", "NEC factional make-up (scenarios with a nec: block)"}}, "nec.csv");
  }

  void UnknownFieldNotes() {
    std::vector<std::string> unknown;
    for (const auto& [k, v] : s.items()) {
      if (!kTopKeys.count(k)) unknown.push_back(k);
    }
    for (size_t i = 0; i < rule_sets.size(); ++i) {
      for (const auto& [k, v] : rule_sets[i]->items()) {
        if (!kRuleSetKeys.count(k)) unknown.push_back("rule_sets[" + std::to_string(i) + "]." + k);
      }
    }
    if (s.contains("comparisons") && s["comparisons"].is_array()) {
      for (size_t i = 0; i < s["comparisons"].size(); ++i) {
        if (!s["comparisons"][i].is_object()) continue;
        for (const auto& [k, v] : s["comparisons"][i].items()) {
          if (!kComparisonKeys.count(k)) unknown.push_back("comparisons[" + std::to_string(i) + "]." + k);
        }
      }
    }
    if (!unknown.empty()) page.notes.push_back(UnknownFieldsNote(unknown));
  }

  Result<std::string> Render() {
    const J& rsj = s["rule_sets"];
    std::vector<std::string> head_notes = in.read_notes;
    for (size_t i = 0; i < rsj.size(); ++i) {
      if (rsj[i].is_object()) rule_sets.push_back(&rsj[i]);
      else head_notes.push_back("rule_sets[" + std::to_string(i) + "] is not a JSON object; it is left out");
    }
    if (in.run_info.is_object() && in.run_info.contains("version") && in.run_info["version"].is_string()) {
      const std::string note = VersionNote(in.run_info["version"].get<std::string>(), in.version);
      if (!note.empty()) head_notes.push_back(note);
    }
    page.notes = head_notes;
    UnknownFieldNotes();
    bool any_nec = false;
    for (const J* rs : rule_sets) any_nec |= rs->contains("nec");
    std::vector<std::pair<std::string, std::string>> contents = {
        {"scenario", "The scenario in brief"},
        {"glance", "Rule sets side by side"},
        {"seats", "Slates' seat distributions"},
        {"candidates", "Candidates' election probabilities"},
        {"regions", "Regional representation"},
        {"women", "Women elected"}};
    if (any_nec) contents.emplace_back("nec", "The whole NEC");
    contents.insert(contents.end(), {{"disproportionality", "Disproportionality"},
                                     {"differences", "Differences between rule sets"},
                                     {"files", "Files"}});
    std::ostringstream sections;
    sections << Brief();
    sections << Glance();
    sections << MetricGrid("seats", "Slates' seat distributions", "", "the seat distribution",
                           [&](size_t i, const J& rs) { return SeatDistribution(i, rs); });
    sections << MetricGrid("candidates", "Candidates' election probabilities", "", "the candidates",
                           [&](size_t i, const J& rs) { return Candidates(i, rs); });
    sections << MetricGrid("regions", "Regional representation", "", "the regions",
                           [&](size_t i, const J& rs) { return Regions(i, rs); });
    sections << MetricGrid("women", "Women elected", "", "the women elected",
                           [&](size_t i, const J& rs) { return Women(i, rs); });
    if (any_nec) {
      sections << MetricGrid("nec", "The whole NEC",
                             "The CLP section's result added to the other sections' seats (the scenario's "
                             "<code>nec:</code> block).",
                             "the NEC", [&](size_t i, const J& rs) { return Nec(i, rs); });
    }
    sections << Disproportionality();
    sections << Comparisons();
    sections << Files();
    // Every note, the head notes first, listed once at the top of the page;
    // section notes also stand where their section would be.
    return page.Assemble(Header(), ContentsNav(contents), sections.str());
  }
};

// --- The sections of a boundary-review results page (`necsim boundary`) ----

// Usual colours of UK parties by their common column names; others from a palette.
class PartyColours {
 public:
  std::string operator()(const std::string& party) {
    static const std::map<std::string, std::string> kKnown = {
        {"con", "#0087dc"},   {"lab", "#e4003b"},  {"ld", "#faa61a"},   {"snp", "#e6c700"},
        {"green", "#02a95b"}, {"pc", "#005b54"},   {"brexit", "#12b6cf"}, {"reform", "#12b6cf"},
        {"dup", "#d46a4c"},   {"sf", "#326760"},   {"sdlp", "#2aa82c"}, {"uup", "#48a5ee"},
        {"alliance", "#c9a400"}, {"ukip", "#70147a"}, {"other", "#6b6b6b"}, {"none", "#5a5a5a"}};
    auto k = kKnown.find(party);
    if (k != kKnown.end()) return k->second;
    auto it = map_.find(party);
    if (it != map_.end()) return it->second;
    static constexpr const char* kPalette[] = {"#7a5195", "#a6761d", "#56b4e9", "#cc79a7", "#666666"};
    const std::string c = kPalette[map_.size() % (sizeof(kPalette) / sizeof(kPalette[0]))];
    map_[party] = c;
    return c;
  }

 private:
  std::map<std::string, std::string> map_;
};

// A distribution keyed by signed integers {"-2": p, "0": q, ...} as (first key, dense values).
std::pair<int, std::vector<double>> SignedDistribution(const J& j, const std::string& key, const std::string& path) {
  const J& d = Obj(j, key, path);
  std::map<int, double> m;
  for (const auto& [k, v] : d.items()) {
    const std::string digits = !k.empty() && (k[0] == '-' || k[0] == '+') ? k.substr(1) : k;
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) {
      throw MissingField(path + "." + key + " has a key '" + k + "' that is not a whole number");
    }
    if (!v.is_number()) throw MissingField(path + "." + key + "." + k + " is not a number");
    m[std::stoi(k)] = v.get<double>();
  }
  if (m.empty()) throw MissingField(path + "." + key + " is empty");
  if (m.rbegin()->first - m.begin()->first > 5000) throw MissingField(path + "." + key + " spans more than 5000 seats");
  std::vector<double> out(static_cast<size_t>(m.rbegin()->first - m.begin()->first) + 1, 0.0);
  for (const auto& [k, v] : m) out[static_cast<size_t>(k - m.begin()->first)] = v;
  return {m.begin()->first, out};
}

const std::set<std::string> kBoundaryTopKeys = {"scenario", "description", "kind", "seed", "runs", "swing_model",
                                                "parties", "regions", "nations", "sets", "p_majority", "change",
                                                "changes_of_hands", "majority_lead", "clp"};

struct BoundaryPage {
  const ReportInput& in;
  const J& s;
  ReportPage page;
  PartyColours colours;
  std::vector<std::string> parties;
  std::string old_label = "old", new_label = "new";
  std::string seats_table;  // drawn with the seats chart, shown after the P(majority) chart

  explicit BoundaryPage(const ReportInput& input) : in(input), s(input.summary) {}

  static std::string Str0(const J& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
  }

  std::string Header() {
    PageHeading h;
    h.name = Str0(s, "scenario").empty() ? "(unnamed scenario)" : Str0(s, "scenario");
    h.kind = "boundary review";
    if (!Str0(s, "description").empty()) h.leads_html.push_back(HtmlEscape(Str0(s, "description")));
    h.leads_html.push_back("Old boundaries: <b>" + HtmlEscape(old_label) + "</b>; new boundaries: <b>" +
                           HtmlEscape(new_label) + "</b>.");
    auto item = [&](const std::string& k, const std::string& v) { h.facts.emplace_back(k, v); };
    if (s.contains("runs") && s["runs"].is_number()) item("runs", s["runs"].dump());
    if (s.contains("seed") && s["seed"].is_number()) item("seed", s["seed"].dump());
    if (!Str0(s, "swing_model").empty()) item("swing model", Str0(s, "swing_model"));
    const J& ri = in.run_info;
    if (ri.is_object()) {
      if (!Str0(ri, "version").empty()) item("necsim", Str0(ri, "version"));
      if (!Str0(ri, "finished_at").empty()) item("finished", Str0(ri, "finished_at"));
      if (ri.contains("wall_time_s") && ri["wall_time_s"].is_number()) item("wall time", WallTime(ri["wall_time_s"]));
    }
    return PageHeader(h);
  }

  const J& Set(const char* which) { return Obj(Obj(s, "sets", "summary"), which, "sets"); }

  // Parties that win a seat on either set in some run.
  std::vector<std::string> SeatedParties() {
    std::vector<std::string> out;
    for (const auto& p : parties) {
      double mx = 0;
      for (const char* set : {"old", "new"}) {
        const J& ps = Obj(Set(set), "parties", std::string("sets.") + set);
        if (ps.contains(p) && ps[p].is_object() && ps[p].contains("p95") && ps[p]["p95"].is_number()) {
          mx = std::max(mx, ps[p]["p95"].get<double>());
        }
        if (ps.contains(p) && ps[p].is_object() && ps[p].contains("mean") && ps[p]["mean"].is_number()) {
          mx = std::max(mx, ps[p]["mean"].get<double>());
        }
      }
      if (mx > 0) out.push_back(p);
    }
    return out;
  }

  std::string Seats() {
    std::string figures = page.Guard("the seats on each set", [&] {
      HChart c;
      c.id = "chart-seats";
      c.title = "Mean seats per party on the old and new boundaries";
      c.xmin = 0;
      c.integer_ticks = true;
      c.x_label = "seats";
      c.legend = {{"old boundaries", "#b0b0b0"}, {"new boundaries (party colour)", "#333333"}};
      double mx = 1;
      std::ostringstream t;
      for (const auto& p : SeatedParties()) {
        HRow row;
        row.label = p;
        t << "<tr><td><span class=\"swatch\" style=\"background:" << colours(p) << "\"></span>" << HtmlEscape(p)
          << "</td>";
        for (const char* set : {"old", "new"}) {
          const std::string path = std::string("sets.") + set + ".parties." + p;
          const J& x = Obj(Obj(Set(set), "parties", std::string("sets.") + set), p, std::string("sets.") + set + ".parties");
          HBar b;
          b.value = Num(x, "mean", path);
          b.lo = Num(x, "p5", path);
          b.hi = Num(x, "p95", path);
          b.colour = std::string(set) == "old" ? "#b0b0b0" : colours(p);
          b.text = Fixed(b.value, 1);
          b.tip = p + " on the " + set + " boundaries: mean " + Fixed(b.value, 1) + " seats, 5-95% " + Fixed(b.lo, 0) +
                  "-" + Fixed(b.hi, 0);
          mx = std::max(mx, b.hi);
          row.bars.push_back(b);
          const J& base = Obj(Set(set), "baseline_seats", std::string("sets.") + set);
          t << NumberCell(base.contains(p) && base[p].is_number() ? base[p].dump() : "&ndash;")
            << NumberCell(Fixed(b.value, 1) + " (" + Fixed(b.lo, 0) + "&ndash;" + Fixed(b.hi, 0) + ")");
        }
        for (const char* set : {"old", "new"}) {
          const std::string path = std::string("sets.") + set + ".parties." + p;
          const J& x = Obj(Obj(Set(set), "parties", std::string("sets.") + set), p, std::string("sets.") + set + ".parties");
          t << NumberCell(Pct(Num(x, "p_majority", path)));
        }
        t << "</tr>\n";
        c.rows.push_back(row);
      }
      seats_table = Table({TextColumn("party"), NumberColumn("old: as given"), NumberColumn("old: mean (5-95%)"),
                           NumberColumn("new: as given"), NumberColumn("new: mean (5-95%)"),
                           NumberColumn("P(majority) old"), NumberColumn("P(majority) new")},
                          t.str()) +
                    "\n";
      c.xmax = mx;
      return Figure(page.Chart(c.id, RenderHChart(c)),
                    "\"As given\": the winners of the votes in the tables, no swing and no noise.", "card") +
             "\n";
    });
    figures += page.Guard("P(majority)", [&] {
      const J& pm = Obj(s, "p_majority", "summary");
      HChart c = ProbabilityChart("chart-majority", "Probability of a majority on each set of boundaries");
      c.legend = {{"old boundaries", "#b0b0b0"}, {"new boundaries (party colour)", "#333333"}};
      const J& po = Obj(pm, "old", "p_majority");
      const J& pn = Obj(pm, "new", "p_majority");
      std::vector<std::string> keys = parties;
      keys.push_back("none");
      for (const auto& p : keys) {
        const double a = po.contains(p) && po[p].is_number() ? po[p].get<double>() : 0.0;
        const double b = pn.contains(p) && pn[p].is_number() ? pn[p].get<double>() : 0.0;
        if (a <= 0 && b <= 0) continue;
        HRow row;
        row.label = p == "none" ? "no majority" : p;
        HBar x, y;
        x.value = a;
        x.colour = "#b0b0b0";
        x.text = Pct(a);
        x.tip = row.label + ", old boundaries: " + Pct(a);
        y.value = b;
        y.colour = colours(p);
        y.text = Pct(b);
        y.tip = row.label + ", new boundaries: " + Pct(b);
        row.bars = {x, y};
        c.rows.push_back(row);
      }
      return Figure(page.Chart(c.id, RenderHChart(c)),
                    "Share of runs in which a party holds a majority of the seats (\"no majority\": a hung "
                    "parliament).",
                    "card") +
             "\n";
    });
    std::string body = Grid(figures);
    if (!seats_table.empty()) body += Card(seats_table, " style=\"margin-top:1rem\"");
    body += page.Guard("the seat distributions", [&] {
      std::ostringstream t;
      for (size_t j = 0; j < parties.size(); ++j) {
        const std::string& p = parties[j];
        const J& xo = Obj(Obj(Set("old"), "parties", "sets.old"), p, "sets.old.parties");
        const J& xn = Obj(Obj(Set("new"), "parties", "sets.new"), p, "sets.new.parties");
        if (Num(xo, "mean", "sets.old.parties." + p) < 1 && Num(xn, "mean", "sets.new.parties." + p) < 1) continue;
        const auto dold = SignedDistribution(xo, "distribution", "sets.old.parties." + p);
        const auto dnew = SignedDistribution(xn, "distribution", "sets.new.parties." + p);
        const int lo = std::min(dold.first, dnew.first);
        const int hi = std::max(dold.first + static_cast<int>(dold.second.size()),
                                dnew.first + static_cast<int>(dnew.second.size())) - 1;
        const int width = std::max(1, (hi - lo + 1 + 39) / 40);
        VChart c;
        c.id = "chart-dist-" + std::to_string(j);
        c.title = p + ": seats won, probability over runs, old and new boundaries";
        c.x_label = width == 1 ? "seats" : "seats (bins of " + std::to_string(width) + ")";
        const int bins = (hi - lo) / width + 1;
        for (int b = 0; b < bins; ++b) c.categories.push_back(std::to_string(lo + b * width));
        VSeries so{"old boundaries", "#b0b0b0", std::vector<double>(static_cast<size_t>(bins), 0.0)};
        VSeries sn{"new boundaries", colours(p), std::vector<double>(static_cast<size_t>(bins), 0.0)};
        for (size_t k = 0; k < dold.second.size(); ++k) {
          so.values[static_cast<size_t>((dold.first + static_cast<int>(k) - lo) / width)] += dold.second[k];
        }
        for (size_t k = 0; k < dnew.second.size(); ++k) {
          sn.values[static_cast<size_t>((dnew.first + static_cast<int>(k) - lo) / width)] += dnew.second[k];
        }
        c.series = {so, sn};
        t << CardWithHeading(HtmlEscape(p), UncaptionedFigure(page.Chart(c.id, RenderVChart(c))));
      }
      return "<h3>Seat distributions</h3>\n" + Grid(t.str());
    });
    return Section("seats", "Seats on each set of boundaries",
                   "Mean seats over runs (bars) with the 5-95% range (whiskers); grey: old boundaries, colour: new.",
                   body);
  }

  std::string ChangeSummary(const std::string& id, const std::string& title, const J& area, const std::string& path) {
    HChart c;
    c.id = id;
    c.title = title;
    c.integer_ticks = true;
    c.x_label = "seats, new minus old";
    double mx = 1;
    for (const auto& [p, x] : area.items()) {
      HRow row;
      row.label = p;
      HBar b;
      b.value = Num(x, "mean", path + "." + p);
      b.lo = Num(x, "p5", path + "." + p);
      b.hi = Num(x, "p95", path + "." + p);
      b.colour = colours(p);
      b.text = Signed(b.value, 1);
      b.tip = p + ": mean change " + Signed(b.value, 2) + " seats, 5-95% " + Signed(b.lo, 0) + " to " + Signed(b.hi, 0) +
              "; gains in " + Pct(Num(x, "p_gain", path + "." + p)) + " of runs, losses in " +
              Pct(Num(x, "p_loss", path + "." + p));
      mx = std::max({mx, std::fabs(b.lo), std::fabs(b.hi), std::fabs(b.value)});
      row.bars.push_back(b);
      c.rows.push_back(row);
    }
    mx = std::ceil(mx);
    c.xmin = -mx;
    c.xmax = mx;
    return page.Chart(c.id, RenderHChart(c));
  }

  // The distributions of several parties' changes in one area, as grouped bars
  // (parties that never change there are left out); empty when none changes.
  std::string ChangeDistributions(const std::string& id, const std::string& title, const J& area,
                                  const std::string& path) {
    std::vector<std::pair<std::string, std::pair<int, std::vector<double>>>> dists;
    int lo = 0, hi = 0;
    for (const auto& [p, x] : area.items()) {
      auto d = SignedDistribution(x, "distribution", path + "." + p);
      if (d.second.size() == 1 && d.first == 0) continue;
      lo = std::min(lo, d.first);
      hi = std::max(hi, d.first + static_cast<int>(d.second.size()) - 1);
      dists.emplace_back(p, std::move(d));
    }
    if (dists.empty()) return "<p>No party's seats change here in any run.</p>\n";
    VChart c;
    c.id = id;
    c.title = title;
    c.x_label = "seats, new minus old";
    for (int v = lo; v <= hi; ++v) {
      c.categories.push_back(v > 0 ? "+" + std::to_string(v) : std::to_string(v));
      if (v == 0) {
        c.marker = -lo;
        c.marker_centre = true;
      }
    }
    for (const auto& [p, d] : dists) {
      VSeries v{p, colours(p), std::vector<double>(static_cast<size_t>(hi - lo + 1), 0.0)};
      for (size_t k = 0; k < d.second.size(); ++k) v.values[static_cast<size_t>(d.first - lo) + k] = d.second[k];
      c.series.push_back(std::move(v));
    }
    return Figure(page.Chart(c.id, RenderVChart(c)),
                  HtmlEscape(title) + ", probability over runs (dashed: no change).") +
           "\n";
  }

  std::string Changes() {
    std::ostringstream o;
    o << page.Guard("the national seat changes", [&] {
      const J& nat = Obj(Obj(s, "change", "summary"), "national", "change");
      std::ostringstream t;
      // The whole country's chart alone on its grid line.
      t << "<div class=\"grid\">"
        << Figure(ChangeSummary("chart-change-national", "Change in seats by party, whole country", nat,
                                "change.national"),
                  "Whole country.", "card")
        << "</div>\n";
      std::ostringstream cards;
      for (size_t j = 0; j < parties.size(); ++j) {
        const std::string& p = parties[j];
        if (!nat.contains(p)) continue;
        const std::string path = "change.national." + p;
        const auto d = SignedDistribution(nat[p], "distribution", path);
        if (d.second.size() == 1 && d.first == 0) continue;  // never changes
        VChart c;
        c.id = "chart-change-" + std::to_string(j);
        c.title = p + ": change in seats (new minus old), probability over runs";
        c.x_label = "seats, new minus old";
        for (size_t k = 0; k < d.second.size(); ++k) {
          const int v = d.first + static_cast<int>(k);
          c.categories.push_back(v > 0 ? "+" + std::to_string(v) : std::to_string(v));
          if (v == 0) {
            c.marker = static_cast<int>(k);
            c.marker_centre = true;
            c.marker_label = "no change";
          }
        }
        c.series.push_back({p, colours(p), d.second});
        const std::string chart = page.Chart(c.id, RenderVChart(c));
        const std::string caption = "Mean " + Signed(Num(nat[p], "mean", path), 2) + "; gains in " +
                                    Pct(Num(nat[p], "p_gain", path)) + " of runs, losses in " +
                                    Pct(Num(nat[p], "p_loss", path)) + ".";
        cards << CardWithHeading(HtmlEscape(p), Figure(chart, caption));
      }
      t << "<h3>Distribution of each party's change</h3>\n" << Grid(cards.str());
      return t.str();
    });
    for (const auto& [key, title, prefix] :
         {std::tuple<std::string, std::string, std::string>{"by_nation", "By nation", "chart-change-nation-"},
          {"by_region", "By region", "chart-change-region-"}}) {
      o << "<h3>" << title << "</h3>\n";
      o << page.Guard("the seat changes " + std::string(key == "by_nation" ? "by nation" : "by region"), [&] {
        const J& areas = Obj(Obj(s, "change", "summary"), key, "change");
        std::string cards;
        size_t i = 0;
        for (const auto& [area, x] : areas.items()) {
          std::string content = UncaptionedFigure(ChangeSummary(prefix + std::to_string(i),
                                                                "Change in seats by party: " + area, x,
                                                                "change." + key + "." + area));
          content += ChangeDistributions(prefix + "dist-" + std::to_string(i), "Distribution of the change: " + area,
                                         x, "change." + key + "." + area);
          cards += CardWithHeading(HtmlEscape(area), content);
          ++i;
        }
        return Grid(cards);
      });
    }
    return Section("changes", "What the review changes",
                   "Seats on the new boundaries minus seats on the old, in the same run (the same national and "
                   "regional swing on both sets): mean (bars) and 5-95% range (whiskers).",
                   o.str());
  }

  std::string MajorityLead() {
    const std::string body = page.Guard("the majority lead", [&] {
      const J& leads = Arr(s, "majority_lead", "summary");
      if (leads.empty()) return std::string("<p>The scenario asks for no majority lead.</p>\n");
      std::string cards;
      for (size_t k = 0; k < leads.size(); ++k) {
        const std::string path = "majority_lead[" + std::to_string(k) + "]";
        const std::string party = Str(leads[k], "party", path), rival = Str(leads[k], "rival", path);
        HChart c;
        c.id = "chart-lead-" + std::to_string(k);
        c.title = "Lead " + party + " needs over " + rival + " for a majority";
        c.x_label = "lead in points of national share";
        double lo = 0, hi = 1;
        std::string unreachable;
        for (const auto& [set, label] : {std::pair<std::string, std::string>{"old", old_label}, {"new", new_label}}) {
          const J& v = At(leads[k], set, path);
          HRow row;
          row.label = set + " boundaries";
          if (v.is_number()) {
            HBar b;
            b.value = v.get<double>();
            b.colour = set == "old" ? "#b0b0b0" : colours(party);
            b.text = Signed(b.value, 2);
            b.tip = label + ": " + party + " needs a lead of " + Signed(b.value, 2) + " points over " + rival;
            lo = std::min(lo, b.value);
            hi = std::max(hi, b.value);
            row.bars.push_back(b);
          } else {
            unreachable += (unreachable.empty() ? "" : " and ") + set;
            row.bars.push_back(HBar{0, "#ffffff", std::nan(""), std::nan(""), "unreachable", label + ": unreachable"});
          }
          c.rows.push_back(row);
        }
        c.xmin = std::floor(lo);
        c.xmax = std::ceil(hi);
        const std::string chart = page.Chart(c.id, RenderHChart(c));
        std::string caption;
        const J& bias = At(leads[k], "bias", path);
        if (bias.is_number()) {
          caption += "The review changes the lead " + HtmlEscape(party) + " needs by <b>" +
                     Signed(bias.get<double>(), 2) + "</b> points.";
        }
        if (!unreachable.empty()) {
          caption += " No majority reachable on the " + HtmlEscape(unreachable) + " boundaries.";
        }
        cards += CardWithHeading(HtmlEscape(party) + " over " + HtmlEscape(rival), Figure(chart, caption));
      }
      return Grid(cards);
    });
    return Section("lead", "Lead needed for a majority",
                   "The lead over the rival, in points of national vote share, at which the party reaches a majority "
                   "on each set (votes moved uniformly from the rival on the tables as given). A longer bar on the new "
                   "boundaries means the review makes a majority harder.",
                   body);
  }

  std::string ChangesOfHands() {
    return Section("hands", "Seats most likely to change hands", "",
                   page.Guard("the seats most likely to change hands", [&] {
      const J& ch = Obj(s, "changes_of_hands", "summary");
      std::string cards;
      for (const auto& [set, label] : {std::pair<std::string, std::string>{"old", old_label}, {"new", new_label}}) {
        const J& list = Arr(ch, set, "changes_of_hands");
        std::ostringstream t;
        for (size_t k = 0; k < list.size() && k < 15; ++k) {
          const std::string path = "changes_of_hands." + set + "[" + std::to_string(k) + "]";
          t << "<tr><td>" << HtmlEscape(Str(list[k], "name", path)) << "</td><td>"
            << HtmlEscape(Str(list[k], "region", path)) << "</td><td>" << HtmlEscape(Str(list[k], "baseline_winner", path))
            << "</td>" << NumberCell(Pct(Num(list[k], "p_change", path))) << "<td>"
            << HtmlEscape(Str0(list[k], "likeliest_gainer")) << "</td></tr>\n";
        }
        const std::string table = Table({TextColumn("seat"), TextColumn("region"), TextColumn("held by"),
                                         NumberColumn("P(change)"), TextColumn("likeliest gainer")},
                                        t.str());
        cards += CardWithHeading(HtmlEscape(set) + " boundaries (" + HtmlEscape(label) + ")", table);
      }
      return Grid(cards, "tables");
    }));
  }

  std::string Clp() {
    if (!s.contains("clp")) return "";
    return Section("clp", "Constituency Labour Parties per Labour region", "", page.Guard("the CLPs per region", [&] {
      const J& clp = Obj(s, "clp", "summary");
      const J& regs = Arr(clp, "regions", "clp");
      HChart c;
      c.id = "chart-clp";
      c.title = "CLPs per Labour region on the old and new boundaries";
      c.xmin = 0;
      c.integer_ticks = true;
      c.x_label = "CLPs";
      c.legend = {{"old boundaries", "#b0b0b0"}, {"new boundaries", "#e4003b"}};
      double mx = 1;
      std::ostringstream t;
      for (size_t k = 0; k < regs.size(); ++k) {
        const std::string path = "clp.regions[" + std::to_string(k) + "]";
        const std::string name = Str(regs[k], "labour_region", path);
        const J& a = Obj(regs[k], "old", path);
        const J& b = Obj(regs[k], "new", path);
        HRow row;
        row.label = name;
        HBar x, y;
        x.value = Num(a, "clps", path + ".old");
        x.colour = "#b0b0b0";
        x.text = Fixed(x.value, 0);
        x.tip = name + ": " + x.text + " CLPs on the old boundaries";
        y.value = Num(b, "clps", path + ".new");
        y.colour = "#e4003b";
        y.text = Fixed(y.value, 0);
        y.tip = name + ": " + y.text + " CLPs on the new boundaries";
        mx = std::max({mx, x.value, y.value});
        row.bars = {x, y};
        c.rows.push_back(row);
        auto opt = [](const J& j, const char* key, int dp) {
          return j.contains(key) && j[key].is_number() ? Fixed(j[key].get<double>(), dp) : std::string("&ndash;");
        };
        t << "<tr><td>" << HtmlEscape(name) << "</td>" << NumberCell(x.text) << NumberCell(y.text)
          << NumberCell(opt(a, "nec_seats", 0)) << NumberCell(opt(b, "nec_seats", 0))
          << NumberCell(opt(a, "members_per_clp", 0)) << NumberCell(opt(b, "members_per_clp", 0)) << "</tr>\n";
      }
      const std::string table = Table({TextColumn("Labour region"), NumberColumn("CLPs old"), NumberColumn("CLPs new"),
                                       NumberColumn("NEC seats old"), NumberColumn("NEC seats new"),
                                       NumberColumn("members per CLP old"), NumberColumn("new")},
                                      t.str());
      c.xmax = mx;
      std::string how;
      if (clp.contains("nec_seats") && clp["nec_seats"].is_number()) {
        how = "NEC seats: " + clp["nec_seats"].dump() + " apportioned by " + Str0(clp, "method") + " on " + Str0(clp, "by");
        // Optional keys (older summaries lack base_per_region): shown when a positive whole number.
        auto positive = [&](const char* key) {
          return clp.contains(key) && clp[key].is_number_integer() && clp[key].get<int64_t>() > 0;
        };
        if (positive("base_per_region")) how += ", " + clp["base_per_region"].dump() + " base seats per region plus a share";
        if (positive("min_per_region")) how += ", at least " + clp["min_per_region"].dump() + " per region";
        how += ".";
      }
      // The chart and its table side by side on one grid line.
      return "<div class=\"grid tables\">" + Figure(page.Chart(c.id, RenderHChart(c)), HtmlEscape(how), "card") +
             "<div class=\"card\">" + table + "\n</div></div>\n";
    }));
  }

  std::string Files() {
    return FilesSection(in.files, {
        {"summary.json", "every result in one JSON document"},
        {"run_info.json", "version, timing, data files, host"},
        {"parties.csv", "seats per party on each set"},
        {"seat_distribution.csv", "seat distributions"},
        {"changes.csv", "changes by party, nation and region"},
        {"change_distribution.csv", "distributions of the changes"},
        {"constituencies.csv", "every seat of both sets"},
        {"majority_lead.csv", "lead needed for a majority"},
        {"clp.csv", "CLPs per Labour region (with a clp: block)"}}, "clp.csv");
  }

  Result<std::string> Render() {
    page.notes = in.read_notes;
    if (in.run_info.is_object() && !Str0(in.run_info, "version").empty()) {
      const std::string note = VersionNote(Str0(in.run_info, "version"), in.version);
      if (!note.empty()) page.notes.push_back(note);
    }
    std::vector<std::string> unknown;
    for (const auto& [k, v] : s.items()) {
      if (!kBoundaryTopKeys.count(k)) unknown.push_back(k);
    }
    if (!unknown.empty()) page.notes.push_back(UnknownFieldsNote(unknown));
    if (s.contains("parties") && s["parties"].is_array()) {
      for (const auto& p : s["parties"]) {
        if (p.is_string()) parties.push_back(p.get<std::string>());
      }
    } else {
      page.notes.push_back("parties is missing: the party sections cannot be drawn");
    }
    if (s.contains("sets") && s["sets"].is_object()) {
      for (auto [set, label] : {std::pair<const char*, std::string*>{"old", &old_label}, {"new", &new_label}}) {
        if (s["sets"].contains(set)) {
          const std::string l = Str0(s["sets"][set], "label");
          if (!l.empty()) *label = l;
        }
      }
    }
    std::ostringstream sections;
    sections << Seats() << Changes() << MajorityLead() << ChangesOfHands() << Clp() << Files();
    std::vector<std::pair<std::string, std::string>> contents = {{"seats", "Seats on each set"},
                                                                 {"changes", "What the review changes"},
                                                                 {"lead", "Lead needed for a majority"},
                                                                 {"hands", "Seats most likely to change hands"}};
    if (s.contains("clp")) contents.emplace_back("clp", "CLPs per Labour region");
    contents.emplace_back("files", "Files");
    return page.Assemble(Header(), ContentsNav(contents), sections.str());
  }
};

// 1-based line and column of byte `offset` in `text`.
std::pair<int, int> LineColumn(const std::string& text, size_t offset) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

ResultsKind DetectResultsKind(const nlohmann::ordered_json& summary) {
  if (!summary.is_object()) return ResultsKind::kUnknown;
  if ((summary.contains("kind") && summary["kind"] == "boundary") ||
      (summary.contains("sets") && summary.contains("change"))) {
    return ResultsKind::kBoundary;
  }
  if (summary.contains("rule_sets") && summary["rule_sets"].is_array()) return ResultsKind::kNec;
  return ResultsKind::kUnknown;
}

Result<nlohmann::ordered_json> ReadJsonFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    Error e;
    e.file = path;
    e.message = "is a folder, not a JSON file";
    return e;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e;
    e.file = path;
    e.message = "cannot open the file";
    return e;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  try {
    return J::parse(text);
  } catch (const nlohmann::json::parse_error& pe) {
    Error e;
    e.file = path;
    // nlohmann's byte is 1-based and points just past the offending character.
    const auto [line, col] = LineColumn(text, pe.byte > 0 ? pe.byte - 1 : 0);
    e.line = line;
    e.column = col;
    std::string what = pe.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing ..."
    const size_t colon = what.find(": ");
    e.message = "malformed JSON: " + (colon != std::string::npos ? what.substr(colon + 2) : what);
    return e;
  }
}

Result<ReportInput> ReadResultsFolder(const std::string& dir, const std::string& version) {
  namespace fs = std::filesystem;
  std::error_code ec;
  ReportInput in;
  in.version = version;
  if (!fs::exists(dir, ec)) {
    Error e;
    e.file = dir;
    e.message = "no such results folder";
    return e;
  }
  if (!fs::is_directory(dir, ec)) {
    Error e;
    e.file = dir;
    e.message = "is not a folder; give the results folder of `necsim run` (the one holding summary.json)";
    return e;
  }
  const fs::path summary_path = fs::path(dir) / "summary.json";
  if (!fs::exists(summary_path, ec)) {
    Error e;
    e.file = summary_path.string();
    e.message = "missing: this is not a necsim results folder (necsim run writes summary.json beside its CSV tables)";
    // A folder of results folders (necsim batch, sweeps): name a few inside.
    std::vector<std::string> inside;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it.depth() >= 2) it.disable_recursion_pending();
      if (it->is_regular_file(ec) && it->path().filename() == "summary.json") {
        inside.push_back(it->path().parent_path().string());
      }
    }
    ec.clear();
    std::sort(inside.begin(), inside.end());
    if (!inside.empty()) {
      e.message += "; it holds " + std::to_string(inside.size()) + " results folder" + (inside.size() > 1 ? "s" : "") +
                   ", e.g. " + inside[0] + (inside.size() > 1 ? ", " + inside[1] : "") + ": report one of those";
    }
    return e;
  }
  auto summary = ReadJsonFile(summary_path.string());
  if (!summary) return summary.error();
  in.summary = std::move(*summary);
  if (DetectResultsKind(in.summary) == ResultsKind::kUnknown) {
    Error e;
    e.file = summary_path.string();
    e.line = 1;
    e.column = 1;
    e.message = in.summary.is_object()
                    ? "not a necsim summary: no `rule_sets` list (necsim run writes one) and not boundary results "
                      "(necsim boundary writes \"kind\": \"boundary\")"
                    : "not a necsim summary: expected a JSON object";
    return e;
  }
  const fs::path info_path = fs::path(dir) / "run_info.json";
  if (fs::exists(info_path, ec)) {
    auto info = ReadJsonFile(info_path.string());
    if (info && info->is_object()) {
      in.run_info = std::move(*info);
    } else {
      in.read_notes.push_back("run_info.json could not be read (" +
                              (info ? std::string("not a JSON object") : info.error().ToString()) +
                              "): version and timing are not shown");
    }
  } else {
    in.read_notes.push_back("run_info.json is missing: version and timing are not shown");
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) in.files.push_back(entry.path().filename().string());
  }
  std::sort(in.files.begin(), in.files.end());
  return in;
}

Result<Report> RenderReport(const ReportInput& in) {
  if (DetectResultsKind(in.summary) == ResultsKind::kUnknown) {
    return MakeError("not a necsim summary: no `rule_sets` list", "summary.json");
  }
  Report r;
  Result<std::string> body = std::string();
  ReportPage* page = nullptr;
  NecPage nec(in);
  BoundaryPage boundary(in);
  if (DetectResultsKind(in.summary) == ResultsKind::kBoundary) {
    body = boundary.Render();
    page = &boundary.page;
  } else {
    body = nec.Render();
    page = &nec.page;
  }
  if (!body) return body.error();
  const std::string scenario =
      in.summary.contains("scenario") && in.summary["scenario"].is_string() ? in.summary["scenario"].get<std::string>()
                                                                            : "results";
  r.html = HtmlDocument(scenario + " - necsim report", in.version, *body);
  r.notes = page->notes;
  r.charts = page->charts;
  return r;
}

bool IsNecsimReport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head.find(kReportGeneratorMark) != std::string::npos;
}

Status WriteReportFile(const std::string& path, const std::string& html, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    Error e;
    e.file = path;
    e.field = "-o";
    e.message = "is a folder; give the report's file name";
    return e;
  }
  if (fs::exists(path, ec) && !force && !IsNecsimReport(path)) {
    Error e;
    e.file = path;
    e.field = "-o";
    e.message = "exists and is not a report necsim wrote; pass --force to overwrite it";
    return e;
  }
  const fs::path final_path(path);
  fs::path parent = final_path.parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec)) {
    Error e;
    e.file = path;
    e.field = "-o";
    e.message = "the folder " + parent.string() + " does not exist";
    return e;
  }
  return WriteFileAtomic(path, html);
}

}  // namespace necsim
