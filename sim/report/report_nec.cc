// The report page of `necsim run` results: the scenario in brief, the rule sets side by side,
// one chart per rule set for slates, candidates, regions, women and the NEC, disproportionality,
// paired comparisons, the files. Drawn from the typed results (ReadRunResultsBySection,
// sim/results/results.h): a section whose part of the summary could not be read
// becomes a note carrying the reader's error, which names the field's path.
#include <algorithm>
#include <cmath>
#include <functional>
#include <iomanip>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "report/report_shared.h"
#include "results/results.h"

namespace necsim {

namespace {

using namespace report_detail;

// A part of the summary the drawing needs: unreadable, its section becomes a
// note naming the field (ReportPage::Guard).
void Need(const Status& part) {
  if (!part.ok()) throw MissingField(part.error().message);
}

// A count of seats or women: a whole number in [0, 100000] (a larger value is
// an edited or corrupt file, not something to draw).
int CheckCount(int value, const std::string& field) {
  if (value < 0 || value > 100000) throw MissingField(field + " is not a whole number between 0 and 100000");
  return value;
}

// A distribution {"0": p0, "1": p1, ...} as a dense vector indexed by count.
std::vector<double> DenseCounts(const Distribution& d, const std::string& field) {
  std::map<int, double> m;
  for (const auto& [k, v] : d) {
    if (k.empty() || k.size() > 4 || k.find_first_not_of("0123456789") != std::string::npos) {
      throw MissingField(field + " has a key '" + k + "' that is not a count");
    }
    m[std::stoi(k)] = v;
  }
  if (m.empty()) throw MissingField(field + " is empty");
  std::vector<double> out(static_cast<size_t>(m.rbegin()->first) + 1, 0.0);
  for (const auto& [k, v] : m) out[static_cast<size_t>(k)] = v;
  return out;
}

// --- The sections of an NEC results page ------------------------------------

// A rule set the page draws (one that is a JSON object): its results, which
// of its parts read, and its path in the summary (`rule_sets[1]`).
struct DrawnRuleSet {
  const RuleSetResult* r;
  const RuleSetSections* read;
  std::string path;
  std::string Field(const std::string& key) const { return path + "." + key; }
  int Seats() const {
    Need(read->seats);
    return CheckCount(r->seats, Field("seats"));
  }
  // The minimum number of women, -1 when there is none.
  int WomenMin() const {
    Need(read->women_min);
    return r->women_min ? CheckCount(*r->women_min, Field("women_min")) : -1;
  }
};

struct NecPage {
  const ReportInput& in;
  ReportPage page;
  SlateColours colours;
  const RunResultsView view;
  const RunResults& s;
  std::vector<DrawnRuleSet> rule_sets;  // the readable rule sets (objects)
  // The charts of a rule set span the page when there is one rule set.
  double chart_width = kChartWidth;

  explicit NecPage(const ReportInput& input)
      : in(input), view(ReadRunResultsBySection(input.summary)), s(view.results) {}

  std::string Id(const std::string& kind, size_t i) const { return "chart-" + kind + "-" + std::to_string(i); }

  static std::string RuleSetName(const DrawnRuleSet& rs, size_t i) {
    return rs.read->name.ok() ? rs.r->name : "rule set " + std::to_string(i + 1);
  }

  std::string Header() {
    PageHeading h;
    h.name = view.scenario.ok() ? s.scenario : "(unnamed scenario)";
    h.kind = "NEC election simulation";
    if (view.description.ok() && !s.description.empty()) h.leads_html.push_back(HtmlEscape(s.description));
    auto item = [&](const std::string& k, const std::string& v) { h.facts.emplace_back(k, v); };
    if (view.runs.ok()) item("runs", std::to_string(s.runs));
    if (view.seed.ok()) item("seed", std::to_string(s.seed));
    if (view.sampler.ok()) item("sampler", s.sampler);
    if (view.mean_ballots.ok()) item("mean ballots per run", Fixed(s.mean_ballots, 0));
    if (s.precision_target) {
      item("precision target", J(*s.precision_target).dump());
      if (view.stopped_on_precision.ok()) {
        item("stopped on precision", s.stopped_on_precision ? "yes" : "no (run cap reached)");
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

  // The notes on header fields that could not be read (their facts are left out).
  std::vector<std::string> HeaderNotes() const {
    std::vector<std::string> notes;
    for (const Status* f : {&view.scenario, &view.description, &view.seed, &view.runs, &view.sampler,
                            &view.precision_target, &view.stopped_on_precision, &view.mean_ballots}) {
      if (!f->ok()) {
        notes.push_back("the page header: " + f->error().message + " (results from an older or different necsim?)");
      }
    }
    return notes;
  }

  // The scenario in brief: rule sets, candidates by slate, regions.
  std::string Brief() {
    std::ostringstream o;
    o << page.Guard("the scenario's rule sets", [&] {
      const std::vector<Column> columns = {TextColumn("rule set"), TextColumn("rule"), NumberColumn("seats"),
                                           NumberColumn("women at least"), TextColumn("design")};
      std::ostringstream t;
      for (size_t i = 0; i < rule_sets.size(); ++i) {
        const DrawnRuleSet& rs = rule_sets[i];
        Need(rs.read->name);
        Need(rs.read->rule);
        t << "<tr><td><a href=\"#rs-" << i << "\">" << HtmlEscape(rs.r->name) << "</a></td><td>"
          << HtmlEscape(rs.r->rule) << "</td><td class=\"n\">" << rs.Seats() << "</td><td class=\"n\">";
        if (const int w = rs.WomenMin(); w >= 0) t << w;
        else t << "&ndash;";
        Need(rs.read->design);
        t << "</td><td>" << DesignText(*rs.r) << "</td></tr>\n";
      }
      return Table(columns, t.str()) + "\n";
    });
    o << page.Guard("the candidates", [&] {
      if (rule_sets.empty()) return std::string();
      Need(rule_sets[0].read->candidates);
      const std::vector<CandidateResult>& cands = rule_sets[0].r->candidates;
      std::map<std::string, std::vector<std::string>> by_slate;
      std::vector<std::string> order;
      std::set<std::string> regions;
      int women = 0;
      for (const CandidateResult& c : cands) {
        if (!by_slate.count(c.slate)) order.push_back(c.slate);
        if (c.gender == "f") ++women;
        if (!c.region.empty()) regions.insert(c.region);
        by_slate[c.slate].push_back(c.name);
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
    o << Assumptions();
    return Section("scenario", "The scenario in brief", "", o.str());
  }

  // What the design does, in the terms of models/regional/rule_set.h and
  // docs/regionalisation.md.
  // The assumptions: regions' members and turnout, each bloc's share by
  // region, turnout and behaviour, and the first-preference split by slate
  // its behaviour implies.
  std::string Assumptions() {
    if (!view.assumptions.ok()) return page.Note("the scenario's assumptions: " + view.assumptions.error().message);
    if (!s.assumptions) {
      return "<p>This summary does not record the scenario's assumptions (results from an older necsim).</p>\n";
    }
    const AssumptionsResult& a = *s.assumptions;
    std::ostringstream t;
    {
      std::vector<Column> columns = {TextColumn("region"), NumberColumn("members"), NumberColumn("turnout (sd)")};
      for (const BlocAssumption& b : a.blocs) columns.push_back(NumberColumn("bloc " + HtmlEscape(b.name)));
      std::ostringstream rows;
      for (size_t r = 0; r < a.regions.size(); ++r) {
        const RegionAssumption& g = a.regions[r];
        rows << "<tr><td>" << HtmlEscape(g.name) << "</td>" << NumberCell(std::to_string(g.members))
             << NumberCell(Pct(g.turnout_mean) + " (" + Pct(g.turnout_sd) + ")");
        for (const BlocAssumption& b : a.blocs) {
          rows << NumberCell(r < b.share.size() ? Pct(b.share[r].second) : std::string("&ndash;"));
        }
        rows << "</tr>\n";
      }
      t << "<h3>Members, turnout and blocs by region</h3>\n"
        << Figure(Table(columns, rows.str()),
                  "Each bloc's share of the region's members (the run's shares are drawn around these when the bloc "
                  "has a concentration); turnout: the mean share of members who vote, and its standard deviation "
                  "over runs.")
        << "\n";
    }
    std::vector<std::string> slates;
    for (const BlocAssumption& b : a.blocs) {
      for (const auto& [sl, p] : b.first_preferences) {
        if (std::find(slates.begin(), slates.end(), sl) == slates.end()) slates.push_back(sl);
      }
    }
    std::vector<Column> columns = {TextColumn("bloc"), TextColumn("behaviour")};
    for (const std::string& sl : slates) {
      columns.push_back(NumberColumn("<span class=\"swatch\" style=\"background:" + colours(sl) + "\"></span>" +
                                     HtmlEscape(sl)));
    }
    std::ostringstream rows;
    for (const BlocAssumption& b : a.blocs) {
      std::ostringstream how;
      how << "affinity ";
      for (size_t k = 0; k < b.affinity.size(); ++k) {
        how << (k ? ", " : "") << HtmlEscape(b.affinity[k].first) << " " << Signed(b.affinity[k].second, 2);
      }
      if (b.home_region != 0) how << "; home region " << Signed(b.home_region, 2);
      if (b.women != 0) how << "; women " << Signed(b.women, 2);
      if (b.campaign_noise != 0) how << "; campaign noise sd " << Fixed(b.campaign_noise, 2);
      how << "; stop weight " << Fixed(b.stop, 3);
      if (b.turnout_factor != 1) how << "; turnout &times;" << Fixed(b.turnout_factor, 2);
      for (const FollowAssumption& f : b.follow) {
        how << "; " << Pct(f.share, 0) << " follow the card " << HtmlEscape(f.card)
            << (f.slate.empty() ? "" : " (" + HtmlEscape(f.slate) + ")");
      }
      if (!b.follow.empty()) how << ", compliance " << Pct(b.compliance, 0);
      rows << "<tr><td>" << HtmlEscape(b.name) << "</td><td>" << how.str() << "</td>";
      for (const std::string& sl : slates) {
        auto it = std::find_if(b.first_preferences.begin(), b.first_preferences.end(),
                               [&](const auto& x) { return x.first == sl; });
        rows << NumberCell(it == b.first_preferences.end() ? std::string("&ndash;") : Pct(it->second));
      }
      rows << "</tr>\n";
    }
    t << "<h3>Each bloc's behaviour and its first preferences by slate</h3>\n"
      << Figure(Table(columns, rows.str()),
                "What each bloc's behaviour implies: the probability that one of its voters gives the first "
                "preference to a candidate of each slate (Plackett-Luce: a candidate's weight, exp of its utility, "
                "over the weights of every candidate on the ballot; a card follower ranks the card's first name "
                "first with the compliance probability, else chooses freely). Without campaign noise, averaged over "
                "regions by the bloc's expected voters, on a national ballot (a regional design's voters choose among "
                "their own district's candidates).")
      << "\n";
    return t.str();
  }

  static std::string DesignText(const RuleSetResult& rs) {
    if (!rs.design) return "national: every member votes for every candidate";
    const DesignResult& d = *rs.design;
    std::ostringstream t;
    t << "regional: members vote only for their own district's candidates; " << d.regional_seats << " seats by "
      << HtmlEscape(d.regional_rule);
    if (d.gender == "pairing") {
      t << ", regions twinned in pairs, each pair electing two, one woman and one man (a region alone elects one)";
    } else if (d.gender == "zipping") {
      t << ", one seat per region; if women fall short, the weakest male winners give way to their region's "
           "highest-placed woman";
    } else if (d.gender == "two_per_region") {
      t << ", two seats per region, one woman and one man";
    } else {
      t << " (" << HtmlEscape(d.seats) << ")";
      if (d.gender != "none") t << "; gender balance by " << HtmlEscape(d.gender);
    }
    if (d.national_seats > 0) {
      t << "; then " << d.national_seats << " national seat" << (d.national_seats == 1 ? "" : "s");
      if (d.national_rule) t << " by " << HtmlEscape(*d.national_rule);
      t << ", counted on the same ballots after the regional ones";
      if (rs.women_min) t << " and restoring the section's minimum of " << *rs.women_min << " women";
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
      for (const DrawnRuleSet& rs : rule_sets) {
        max_seats = std::max(max_seats, static_cast<double>(rs.Seats()));
        Need(rs.read->name);
        HRow row;
        row.label = rs.r->name;
        Need(rs.read->slates);
        for (const SlateResult& sl : rs.r->slates) {
          if (std::find(slates.begin(), slates.end(), sl.name) == slates.end()) slates.push_back(sl.name);
          HBar b;
          b.value = sl.mean;
          b.lo = sl.p5;
          b.hi = sl.p95;
          b.colour = colours(sl.name);
          b.text = Fixed(b.value, 2);
          b.tip = sl.name + ": mean " + Fixed(b.value, 2) + " seats, 5-95% " + Fixed(b.lo, 0) + "-" + Fixed(b.hi, 0);
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

  // The table under the overview; a rule set's unreadable women or regions
  // show as &ndash; (their own sections carry the note).
  std::string GlanceTable() {
    const std::vector<Column> columns = {TextColumn("rule set"), TextColumn("mean seats by slate (5-95%)"),
                                         NumberColumn("women elected (mean)"),
                                         NumberColumn("gender rule changed the result"),
                                         TextColumn("regions with P(represented) &lt; 50%")};
    std::ostringstream t;
    for (size_t i = 0; i < rule_sets.size(); ++i) {
      const DrawnRuleSet& rs = rule_sets[i];
      Need(rs.read->name);
      t << "<tr><td><a href=\"#rs-" << i << "\">" << HtmlEscape(rs.r->name) << "</a></td><td>";
      Need(rs.read->slates);
      for (size_t k = 0; k < rs.r->slates.size(); ++k) {
        const SlateResult& sl = rs.r->slates[k];
        t << (k ? "<br>" : "") << "<span class=\"swatch\" style=\"background:" << colours(sl.name) << "\"></span>"
          << HtmlEscape(sl.name) << " " << Fixed(sl.mean, 2) << " (" << Fixed(sl.p5, 0) << "&ndash;"
          << Fixed(sl.p95, 0) << ")";
      }
      t << "</td>";
      if (rs.read->women.ok()) {
        t << NumberCell(Fixed(rs.r->women.mean, 2)) << NumberCell(Pct(rs.r->women.p_gender_rule_changed));
      } else {
        t << NumberCell("&ndash;") << NumberCell("&ndash;");
      }
      t << "<td>";
      if (rs.read->regions.ok()) {
        std::string names;
        for (const RegionResult& r : rs.r->regions) {
          if (r.p_at_least_one < 0.5) names += (names.empty() ? "" : ", ") + HtmlEscape(r.name);
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
                         const std::string& what,
                         const std::function<std::string(size_t, const DrawnRuleSet&)>& draw) {
    std::string cards;
    for (size_t i = 0; i < rule_sets.size(); ++i) {
      const DrawnRuleSet& rs = rule_sets[i];
      // The seats cards are the rule sets' anchors (#rs-i) for the tables' links.
      const std::string anchor = section_id == "seats" ? " id=\"rs-" + std::to_string(i) + "\"" : "";
      cards += Card("<h3>" + HtmlEscape(RuleSetName(rs, i)) + "</h3>\n" +
                        page.Guard(what + " of " + RuleSetName(rs, i), [&] { return draw(i, rs); }),
                    anchor);
    }
    return Section(section_id, heading, lead, Grid(cards, rule_sets.size() == 1 ? "single" : ""));
  }

  std::string Subtitle(const DrawnRuleSet& rs) {
    Need(rs.read->rule);
    std::string t = rs.r->rule + ", " + std::to_string(rs.Seats()) + " seats";
    if (const int w = rs.WomenMin(); w >= 0) {
      t += ", at least " + std::to_string(w) + " women";
    }
    return Lead(HtmlEscape(t));
  }

  std::string SeatDistribution(size_t i, const DrawnRuleSet& rs) {
    const int seats = rs.Seats();
    Need(rs.read->slates);
    const std::vector<SlateResult>& sl = rs.r->slates;
    VChart c;
    c.id = Id("slates", i);
    c.title = "Seats won by each slate: probability over runs";
    c.width = chart_width;
    c.x_label = "seats won";
    size_t n = static_cast<size_t>(std::max(seats, 0)) + 1;
    std::vector<std::vector<double>> dists;
    for (size_t k = 0; k < sl.size(); ++k) {
      dists.push_back(
          DenseCounts(sl[k].seat_distribution, rs.path + ".slates[" + std::to_string(k) + "].seat_distribution"));
      n = std::max(n, dists.back().size());
    }
    for (size_t x = 0; x < n; ++x) c.categories.push_back(std::to_string(x));
    for (size_t k = 0; k < sl.size(); ++k) {
      VSeries v;
      v.name = sl[k].name;
      v.colour = colours(v.name);
      v.values = dists[k];
      v.values.resize(n, 0.0);
      c.series.push_back(v);
    }
    const std::string subtitle = Subtitle(rs);
    const std::string chart = page.Chart(c.id, RenderVChart(c));
    std::ostringstream caption;
    for (size_t k = 0; k < sl.size(); ++k) {
      caption << (k ? "; " : "") << HtmlEscape(sl[k].name) << " mean " << Fixed(sl[k].mean, 2)
              << " seats (5-95%: " << Fixed(sl[k].p5, 0) << "&ndash;" << Fixed(sl[k].p95, 0) << ")";
    }
    return subtitle + Figure(chart, caption.str() + ".") + "\n";
  }

  std::string Candidates(size_t i, const DrawnRuleSet& rs) {
    Need(rs.read->candidates);
    HChart c = ProbabilityChart(Id("candidates", i), "Probability each candidate is elected");
    c.width = chart_width;
    std::vector<std::string> slates;
    for (const CandidateResult& cand : rs.r->candidates) {
      if (std::find(slates.begin(), slates.end(), cand.slate) == slates.end()) slates.push_back(cand.slate);
      HRow row;
      row.label = cand.name;
      if (!cand.gender.empty()) row.label += " (" + cand.gender + ")";
      HBar b;
      b.value = cand.p_elected;
      if (cand.se > 0) {
        b.lo = std::max(0.0, b.value - 1.96 * cand.se);
        b.hi = std::min(1.0, b.value + 1.96 * cand.se);
      }
      b.colour = colours(cand.slate);
      b.text = Pct(b.value);
      b.tip = cand.name + " (" + cand.slate + (cand.region.empty() ? "" : ", " + cand.region) + "): elected in " +
              Pct(b.value) + " of runs";
      row.bars.push_back(b);
      c.rows.push_back(row);
    }
    for (const auto& sl : slates) c.legend.emplace_back(sl, colours(sl));
    return Figure(page.Chart(c.id, RenderHChart(c)),
                  "Share of runs in which each candidate is elected, with 95% Monte Carlo intervals; (f) women, "
                  "(m) men.") +
           "\n";
  }

  // Each candidate's expected first preferences (count and share) and, under
  // the block vote, marks, each with its 5-95% range over runs: the figures
  // to set beside a reported count.
  std::string Votes(size_t, const DrawnRuleSet& rs) {
    Need(rs.read->candidates);
    const std::vector<CandidateResult>& cands = rs.r->candidates;
    bool any_first = false, any_marks = false;
    for (const CandidateResult& c : cands) {
      any_first |= c.first_preferences.has_value();
      any_marks |= c.marks.has_value();
    }
    if (!any_first) {
      return "<p>This summary has no first preferences (results from an older necsim?).</p>\n";
    }
    auto range = [](const std::optional<RangeResult>& r, bool share) {
      if (!r) return NumberCell("&ndash;");
      if (share) {
        return NumberCell(Pct(r->mean) + " <small>(" + Pct(r->p5) + "&ndash;" + Pct(r->p95) + ")</small>");
      }
      return NumberCell(Fixed(r->mean, 0) + " <small>(" + Fixed(r->p5, 0) + "&ndash;" + Fixed(r->p95, 0) +
                        ")</small>");
    };
    std::vector<Column> columns = {TextColumn("candidate"), NumberColumn("first preferences (5-95%)"),
                                   NumberColumn("share (5-95%)")};
    if (any_marks) columns.push_back(NumberColumn("marks (5-95%)"));
    std::ostringstream t;
    for (const CandidateResult& c : cands) {
      t << "<tr><td>" << HtmlEscape(c.name) << "</td>" << range(c.first_preferences, false)
        << range(c.first_preference_share, true);
      if (any_marks) t << range(c.marks, false);
      t << "</tr>\n";
    }
    std::string caption = "Mean over runs, with the 5% and 95% quantiles of the runs' values in brackets.";
    if (any_marks) {
      caption += " Marks: ballots naming the candidate among their first " + std::to_string(rs.Seats()) +
                 " preferences, the votes the block vote elects on.";
    }
    return Subtitle(rs) + Figure(Table(columns, t.str()), caption) + "\n";
  }

  // The joint outcome: the likeliest splits of the seats across slates.
  std::string Splits(size_t, const DrawnRuleSet& rs) {
    Need(rs.read->seat_splits);
    const std::vector<SeatSplitResult>& sp = rs.r->seat_splits;
    if (sp.empty()) return "<p>This summary has no seat splits (results from an older necsim?).</p>\n";
    const std::vector<Column> columns = {TextColumn("split"), NumberColumn("probability"), NumberColumn("se")};
    std::ostringstream t;
    double shown = 0;
    const size_t kShown = 10;
    for (size_t k = 0; k < sp.size() && k < kShown; ++k) {
      t << "<tr><td>" << HtmlEscape(sp[k].label) << "</td>" << NumberCell(Pct(sp[k].p)) << NumberCell(Fixed(sp[k].se, 4))
        << "</tr>\n";
      shown += sp[k].p;
    }
    double rest = 0;
    size_t rest_n = sp.size() > kShown ? sp.size() - kShown : 0;
    for (size_t k = kShown; k < sp.size(); ++k) rest += sp[k].p;
    if (rs.r->seat_splits_other) {
      rest += rs.r->seat_splits_other->p;
      rest_n += static_cast<size_t>(std::max<int64_t>(rs.r->seat_splits_other->splits, 0));
    }
    if (rest_n > 0) {
      t << "<tr><td>" << rest_n << " other split" << (rest_n == 1 ? "" : "s") << "</td>" << NumberCell(Pct(rest))
        << NumberCell("&ndash;") << "</tr>\n";
    }
    return Subtitle(rs) + Figure(Table(columns, t.str()),
                                 "Seats of every slate in the same run, likeliest first; the splits listed cover " +
                                     Pct(shown) + " of runs.") +
           "\n";
  }

  // P(slate wins at least k seats) for every k, and the mean seat share.
  std::string AtLeast(size_t, const DrawnRuleSet& rs) {
    Need(rs.read->slates);
    const std::vector<SlateResult>& sl = rs.r->slates;
    size_t n = 0;
    for (const SlateResult& x : sl) n = std::max(n, x.p_at_least.size());
    if (n < 2) return "<p>This summary has no P(at least k seats) (results from an older necsim?).</p>\n";
    std::vector<Column> columns = {TextColumn("slate"), NumberColumn("seat share")};
    for (size_t k = 1; k < n; ++k) columns.push_back(NumberColumn("&ge;" + std::to_string(k)));
    std::ostringstream t;
    for (const SlateResult& x : sl) {
      t << "<tr><td>" << HtmlEscape(x.name) << "</td>"
        << NumberCell(x.seat_share ? Pct(*x.seat_share) : std::string("&ndash;"));
      for (size_t k = 1; k < n; ++k) {
        t << NumberCell(k < x.p_at_least.size() ? Pct(x.p_at_least[k]) : std::string("&ndash;"));
      }
      t << "</tr>\n";
    }
    return Subtitle(rs) + Figure(Table(columns, t.str()),
                                 "Probability that the slate wins at least k seats; seat share: mean seats over the "
                                 "rule set's seats, to compare rule sets of different sizes.") +
           "\n";
  }

  // Casual vacancies: who takes each member's seat when they leave.
  std::string Vacancies(size_t, const DrawnRuleSet& rs) {
    Need(rs.read->vacancies);
    if (!rs.r->vacancies) return "<p>Not computed for this rule set.</p>\n";
    const std::vector<Column> columns = {TextColumn("member leaving"), NumberColumn("elected"),
                                         TextColumn("who takes the seat (probability)"),
                                         NumberColumn("recount unseats another")};
    std::ostringstream t;
    for (const VacancyResult& v : *rs.r->vacancies) {
      t << "<tr><td>" << HtmlEscape(v.elected) << "</td>" << NumberCell(Pct(v.p_elected)) << "<td>";
      for (size_t k = 0; k < v.replacements.size() && k < 3; ++k) {
        const ReplacementResult& r = v.replacements[k];
        t << (k ? ", " : "") << (r.name ? HtmlEscape(*r.name) : std::string("none")) << " " << Pct(r.p, 0);
      }
      if (v.replacements.size() > 3) t << ", &hellip;";
      t << "</td>" << NumberCell(Pct(v.p_unseats)) << "</tr>\n";
    }
    return Subtitle(rs) +
           Figure(Table(columns, t.str()),
                  "Given that the member was elected: the count re-run without them (block vote and FPTP: the next "
                  "highest), and the member it elects who was not elected before; the likeliest three shown "
                  "(vacancies.csv has all).") +
           "\n";
  }

  std::string Regions(size_t i, const DrawnRuleSet& rs) {
    Need(rs.read->regions);
    HChart p = ProbabilityChart(Id("regions", i), "Probability each region has at least one member elected");
    HChart sh;
    sh.id = Id("shares", i);
    sh.title = "Share of the party's members and expected share of the seats, by region";
    sh.xmin = 0;
    sh.percent = true;
    p.width = sh.width = chart_width;
    sh.legend = {{"members", kMembersColour}, {"seats (expected)", kMeasureColour}};
    double mx = 0;
    for (const RegionResult& g : rs.r->regions) {
      HRow row;
      row.label = g.name;
      HBar b;
      b.value = g.p_at_least_one;
      b.colour = b.value < 0.5 ? kShortfallColour : kMeasureColour;
      b.text = Pct(b.value);
      b.tip = g.name + ": at least one elected in " + Pct(b.value) + " of runs; expected " +
              Fixed(g.expected_elected, 2) + " elected";
      row.bars.push_back(b);
      p.rows.push_back(row);
      HRow srow;
      srow.label = g.name;
      HBar m;
      m.value = g.members_share;
      m.colour = kMembersColour;
      m.text = Pct(m.value);
      m.tip = g.name + ": " + Pct(m.value) + " of members";
      HBar s2;
      s2.value = g.seats_share;
      s2.colour = kMeasureColour;
      s2.text = Pct(s2.value);
      s2.tip = g.name + ": " + Pct(s2.value) + " of seats (expected)";
      mx = std::max({mx, m.value, s2.value});
      srow.bars = {m, s2};
      sh.rows.push_back(srow);
    }
    sh.xmax = std::max(0.05, mx);
    std::string o =
        Figure(page.Chart(p.id, RenderHChart(p)),
               "Orange: regions left unrepresented in most runs (P &lt; 50%); dark: the others.") + "\n";
    o += Figure(page.Chart(sh.id, RenderHChart(sh)),
                "Members' share of the whole membership beside the region's expected share of the seats.") +
         "\n";
    return o;
  }

  std::string Women(size_t i, const DrawnRuleSet& rs) {
    Need(rs.read->women);
    const WomenResult& w = rs.r->women;
    VChart c;
    c.id = Id("women", i);
    c.title = "Number of women elected: probability over runs";
    c.x_label = "women elected";
    const auto d = DenseCounts(w.distribution, rs.Field("women.distribution"));
    for (size_t x = 0; x < d.size(); ++x) c.categories.push_back(std::to_string(x));
    c.series.push_back({"women elected", kMeasureColour, d});
    c.width = chart_width;
    if (const int min = rs.WomenMin(); min >= 0) {
      c.marker = min;
      c.marker_label = "minimum " + std::to_string(c.marker);
    }
    const std::string chart = page.Chart(c.id, RenderVChart(c));
    const std::string caption = "Mean " + Fixed(w.mean, 2) + " women; the gender rule changed the result in " +
                                Pct(w.p_gender_rule_changed) +
                                " of runs (the elected set differs from the count of the same ballots without the "
                                "rule).";
    return Figure(chart, caption) + "\n";
  }

  std::string Nec(size_t i, const DrawnRuleSet& rs) {
    Need(rs.read->nec);
    if (!rs.r->nec) return "<p>No <code>nec:</code> block in this scenario.</p>\n";
    const NecResult& nec = *rs.r->nec;
    HChart c = ProbabilityChart(Id("nec", i), "Probability each faction holds a majority of the whole NEC");
    std::ostringstream tab;
    double p_some = 0;
    for (size_t f = 0; f < nec.factions.size(); ++f) {
      const NecFactionResult& fac = nec.factions[f];
      HRow row;
      row.label = fac.name;
      HBar b;
      b.value = fac.p_majority;
      b.colour = kMeasureColour;
      b.text = Pct(b.value);
      b.tip = row.label + ": majority in " + Pct(b.value) + " of runs; mean " + Fixed(fac.mean_seats, 2) + " seats";
      row.bars.push_back(b);
      c.rows.push_back(row);
      tab << (f ? "; " : "") << HtmlEscape(row.label) << " " << Fixed(fac.mean_seats, 2);
      p_some += fac.p_majority;
    }
    // A majority is more than half the seats, so at most one faction holds
    // one in a run: the rest of the runs have no majority.
    const double p_none = std::clamp(1 - p_some, 0.0, 1.0);
    HRow none;
    none.label = "no majority";
    HBar nb;
    nb.value = p_none;
    nb.colour = kMeasureColour;
    nb.text = Pct(p_none);
    nb.tip = "no faction holds a majority in " + Pct(p_none) + " of runs";
    none.bars.push_back(nb);
    c.rows.push_back(none);
    c.width = chart_width;
    const std::string chart = page.Chart(c.id, RenderHChart(c));
    const std::string caption = "NEC of " + std::to_string(CheckCount(nec.total_seats, rs.Field("nec.total_seats"))) +
                                " seats; mean seats: " + tab.str() + ". P(no majority): " + Pct(p_none) +
                                " of runs, when no faction holds more than half the seats.";
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
      for (const DrawnRuleSet& rs : rule_sets) {
        if (!rs.read->has_disproportionality) throw MissingField(rs.Field("disproportionality") + " is missing");
        for (const auto& [read, spread, title] :
             {std::tuple<const Status*, const std::optional<SpreadResult>*, std::string>{
                  &rs.read->loosemore_hanby, &rs.r->loosemore_hanby, "Loosemore-Hanby"},
              {&rs.read->gallagher, &rs.r->gallagher, "Gallagher"}}) {
          Need(*read);
          if (!*spread) continue;
          Need(rs.read->name);
          t << "<tr><td>" << HtmlEscape(rs.r->name) << "</td><td>" << title << "</td>";
          for (const double q : {(*spread)->mean, (*spread)->p5, (*spread)->p50, (*spread)->p95}) {
            t << NumberCell(Fixed(q, 3));
          }
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
    if (!view.has_comparisons) {
      return section(
          page.Note("the differences between rule sets: comparisons is missing (results from an older necsim?)"));
    }
    if (!view.comparisons_list.ok()) {
      return section(page.Note("the differences between rule sets: " + view.comparisons_list.error().message));
    }
    const std::vector<ComparisonResult>& comps = s.comparisons;
    std::string cards;
    for (size_t k = 0; k < comps.size(); ++k) {
      const ComparisonResult& c = comps[k];
      cards += Card(page.Guard("comparison " + std::to_string(k + 1), [&] {
        Need(view.comparisons[k]);
        std::ostringstream t;
        t << "<h3>" << HtmlEscape(c.a) << " minus " << HtmlEscape(c.b) << "</h3>\n";
        t << "<p>Women elected: " << Signed(c.women_mean_difference, 2) << " on average (se " << Fixed(c.women_se, 3)
          << ").</p>\n";
        t << Diverging(Id("diff-slates", k), "Mean seat difference by slate", c.slates, false, true);
        t << Diverging(Id("diff-candidates", k), "Difference in the probability of being elected", c.candidates, true,
                       false);
        t << Diverging(Id("diff-regions", k), "Difference in the probability a region is represented", c.regions, true,
                       false);
        return t.str();
      }));
    }
    return section((comps.empty() ? "<p>Only one rule set: nothing to compare.</p>\n" : "") + Grid(cards));
  }

  std::string Diverging(const std::string& id, const std::string& title, const std::vector<DifferenceResult>& rows,
                        bool percent, bool slate_colours) {
    HChart c;
    c.id = id;
    c.title = title;
    c.percent = percent;
    double mx = percent ? 0.05 : 0.5;
    for (const DifferenceResult& d : rows) {
      HRow row;
      row.label = d.name;
      HBar b;
      b.value = d.difference;
      const double se = d.se;
      if (se > 0) {
        b.lo = b.value - 1.96 * se;
        b.hi = b.value + 1.96 * se;
      }
      mx = std::max({mx, std::fabs(b.value), std::fabs(se > 0 ? b.lo : 0), std::fabs(se > 0 ? b.hi : 0)});
      b.colour = slate_colours ? colours(row.label) : (b.value >= 0 ? kFirstHigherColour : kSecondHigherColour);
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
                      (slate_colours ? "" : " (teal: higher under the first rule set, wine: under the second)") +
                      ".") +
           "\n";
  }

  std::string Files() {
    return FilesSection(in.files, {
        {"summary.json", "every result in one JSON document"},
        {"run_info.json", "version, timing, threads, host"},
        {"candidates.csv", "candidates' election probabilities, first preferences and marks"},
        {"slates.csv", "slates' seat distributions, P(at least k seats), seat shares"},
        {"seat_splits.csv", "the joint outcome: each split of the seats across slates"},
        {"regions.csv", "regional representation"},
        {"comparisons.csv", "paired differences between rule sets"},
        {"disproportionality.csv", "disproportionality indices"},
        {"nec.csv", "NEC factional make-up (scenarios with a nec: block)"},
        {"vacancies.csv", "casual vacancies: who takes each member's seat (with vacancies: true)"}},
        {"nec.csv", "seat_splits.csv", "vacancies.csv"});
  }

  Result<std::string> Render() {
    if (!view.object.ok()) return view.object.error();
    if (!view.rule_sets_list.ok()) return view.rule_sets_list.error();
    std::vector<std::string> head_notes = in.read_notes;
    for (const std::string& note : HeaderNotes()) head_notes.push_back(note);
    for (size_t i = 0; i < s.rule_sets.size(); ++i) {
      const RuleSetSections& read = view.rule_sets[i];
      if (read.object.ok()) rule_sets.push_back({&s.rule_sets[i], &read, "rule_sets[" + std::to_string(i) + "]"});
      else head_notes.push_back(read.object.error().message + "; it is left out");
    }
    if (in.run_info.is_object() && in.run_info.contains("version") && in.run_info["version"].is_string()) {
      const std::string note = VersionNote(in.run_info["version"].get<std::string>(), in.version);
      if (!note.empty()) head_notes.push_back(note);
    }
    page.notes = head_notes;
    if (rule_sets.size() == 1) chart_width = kWideChartWidth;
    // One colour per slate on every chart: assigned in the rule sets' order
    // of slates, then of candidates, before anything is drawn.
    for (const DrawnRuleSet& rs : rule_sets) {
      for (const SlateResult& sl : rs.r->slates) colours(sl.name);
    }
    for (const DrawnRuleSet& rs : rule_sets) {
      for (const CandidateResult& c : rs.r->candidates) colours(c.slate);
    }
    if (!view.unknown_fields.empty()) page.notes.push_back(UnknownFieldsNote(view.unknown_fields));
    bool any_nec = false;
    for (const DrawnRuleSet& rs : rule_sets) any_nec |= rs.r->nec.has_value() || !rs.read->nec.ok();
    std::vector<std::pair<std::string, std::string>> contents = {
        {"scenario", "The scenario in brief"},
        {"glance", "Rule sets side by side"},
        {"seats", "Slates' seat distributions"},
        {"splits", "Seat splits across slates"},
        {"at_least", "P(at least k seats)"},
        {"candidates", "Candidates' election probabilities"},
        {"votes", "First preferences and marks"},
        {"regions", "Regional representation"},
        {"women", "Women elected"}};
    if (any_nec) contents.emplace_back("nec", "The whole NEC");
    bool any_vacancies = false;
    for (const DrawnRuleSet& rs : rule_sets) any_vacancies |= rs.r->vacancies.has_value() || !rs.read->vacancies.ok();
    if (any_vacancies) contents.emplace_back("vacancies", "Casual vacancies");
    contents.insert(contents.end(), {{"disproportionality", "Disproportionality"},
                                     {"differences", "Differences between rule sets"},
                                     {"files", "Files"}});
    std::ostringstream sections;
    sections << Brief();
    sections << Glance();
    sections << MetricGrid("seats", "Slates' seat distributions", "", "the seat distribution",
                           [&](size_t i, const DrawnRuleSet& rs) { return SeatDistribution(i, rs); });
    sections << MetricGrid("splits", "Seat splits across slates",
                           "The joint outcome: how the seats divide between the slates in one run.", "the seat splits",
                           [&](size_t i, const DrawnRuleSet& rs) { return Splits(i, rs); });
    sections << MetricGrid("at_least", "P(at least k seats)", "", "P(at least k seats)",
                           [&](size_t i, const DrawnRuleSet& rs) { return AtLeast(i, rs); });
    sections << MetricGrid("candidates", "Candidates' election probabilities", "", "the candidates",
                           [&](size_t i, const DrawnRuleSet& rs) { return Candidates(i, rs); });
    sections << MetricGrid("votes", "First preferences and marks",
                           "Each candidate's votes in a run's count, to set beside a reported count.",
                           "the first preferences", [&](size_t i, const DrawnRuleSet& rs) { return Votes(i, rs); });
    sections << MetricGrid("regions", "Regional representation", "", "the regions",
                           [&](size_t i, const DrawnRuleSet& rs) { return Regions(i, rs); });
    sections << MetricGrid("women", "Women elected", "", "the women elected",
                           [&](size_t i, const DrawnRuleSet& rs) { return Women(i, rs); });
    if (any_nec) {
      sections << MetricGrid("nec", "The whole NEC",
                             "The CLP section's result added to the other sections' seats (the scenario's "
                             "<code>nec:</code> block).",
                             "the NEC", [&](size_t i, const DrawnRuleSet& rs) { return Nec(i, rs); });
    }
    if (any_vacancies) {
      sections << MetricGrid("vacancies", "Casual vacancies",
                             "Who takes an elected member's seat when they leave: the last count re-run without "
                             "them (the party's rule since 2021).",
                             "the casual vacancies", [&](size_t i, const DrawnRuleSet& rs) { return Vacancies(i, rs); });
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
  return PageOutput{*body, page.page.notes, page.page.charts, page.view.scenario.ok() ? page.s.scenario : ""};
}

}  // namespace necsim
