// The report page of `necsim run` results: the scenario in brief, the rule sets side by side,
// one chart per rule set for slates, candidates, regions, women and the NEC, disproportionality,
// paired comparisons, the files.
#include <algorithm>
#include <cmath>
#include <functional>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "report/report_shared.h"

namespace necsim {

namespace {

using namespace report_detail;

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

}  // namespace

Result<PageOutput> RenderNecPage(const ReportInput& in) {
  NecPage page(in);
  auto body = page.Render();
  if (!body) return body.error();
  return PageOutput{*body, page.page.notes, page.page.charts};
}

}  // namespace necsim
