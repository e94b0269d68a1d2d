// The report page of `necsim boundary` results: seats on the old and new boundaries, P(majority),
// the changes by party, region and nation, the lead needed for a majority, the seats most
// likely to change hands, and the CLPs per Labour region.
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
#include "results/boundary_results.h"

namespace necsim {

namespace {

using namespace report_detail;

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

// A part of the summary the drawing needs: unreadable, its section becomes a
// note naming the field (ReportPage::Guard).
void Need(const BoundaryResultsView& view, const char* section) {
  if (const Error* e = view.ErrorOf(section)) throw MissingField(e->message);
}

// An entry of a party-keyed object the drawing needs.
template <typename T>
const T& Entry(const Keyed<T>& entries, const std::string& key, const std::string& path) {
  const T* x = FindKey(entries, key);
  if (!x) throw MissingField(path + "." + key + " is missing");
  return *x;
}

// A distribution keyed by signed integers {"-2": p, "0": q, ...} as (first key, dense values).
std::pair<int, std::vector<double>> SignedDistribution(const Distribution& d, const std::string& field) {
  std::map<int, double> m;
  for (const auto& [k, v] : d) {
    const std::string digits = !k.empty() && (k[0] == '-' || k[0] == '+') ? k.substr(1) : k;
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) {
      throw MissingField(field + " has a key '" + k + "' that is not a whole number");
    }
    m[std::stoi(k)] = v;
  }
  if (m.empty()) throw MissingField(field + " is empty");
  if (m.rbegin()->first - m.begin()->first > 5000) throw MissingField(field + " spans more than 5000 seats");
  std::vector<double> out(static_cast<size_t>(m.rbegin()->first - m.begin()->first) + 1, 0.0);
  for (const auto& [k, v] : m) out[static_cast<size_t>(k - m.begin()->first)] = v;
  return {m.begin()->first, out};
}

// A change in seats as an axis label: "+2", "0", "-1".
std::string SignedCount(int v) {
  std::string s = std::to_string(v);
  if (v > 0) s.insert(s.begin(), '+');
  return s;
}

// summary.json's top-level keys (boundary_results.h).
const std::set<std::string> kBoundaryTopKeys = {"scenario", "kind", "seed", "runs", "swing_model",
                                                "parties", "regions", "nations", "sets", "p_majority", "change",
                                                "changes_of_hands", "majority_lead", "clp"};

struct BoundaryPage {
  const ReportInput& in;
  const BoundaryResultsView view;
  const BoundaryResults& r;
  ReportPage page;
  PartyColours colours;
  std::vector<std::string> parties;
  std::string old_label = "old", new_label = "new";
  std::string seats_table;  // drawn with the seats chart, shown after the P(majority) chart

  explicit BoundaryPage(const ReportInput& input)
      : in(input), view(ReadBoundaryResultsView(input.summary)), r(view.results) {}

  static std::string Str0(const J& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
  }

  std::string Header() {
    PageHeading h;
    h.name = r.scenario.empty() ? "(unnamed scenario)" : r.scenario;
    h.kind = "boundary review";
    h.leads_html.push_back("Old boundaries: <b>" + HtmlEscape(old_label) + "</b>; new boundaries: <b>" +
                           HtmlEscape(new_label) + "</b>.");
    auto item = [&](const std::string& k, const std::string& v) { h.facts.emplace_back(k, v); };
    if (view.Has("runs")) item("runs", std::to_string(r.runs));
    if (view.Has("seed")) item("seed", std::to_string(r.seed));
    if (!r.swing_model.empty()) item("swing model", r.swing_model);
    const J& ri = in.run_info;
    if (ri.is_object()) {
      if (!Str0(ri, "version").empty()) item("necsim", Str0(ri, "version"));
      if (!Str0(ri, "finished_at").empty()) item("finished", Str0(ri, "finished_at"));
      if (ri.contains("wall_time_s") && ri["wall_time_s"].is_number()) item("wall time", WallTime(ri["wall_time_s"]));
    }
    return PageHeader(h);
  }

  // The notes on header sections that could not be read (their facts are
  // left out; without the parties no party section can be drawn).
  std::vector<std::string> HeaderNotes() const {
    std::vector<std::string> notes;
    for (const char* section : {"scenario", "kind", "seed", "runs", "swing_model", "parties", "regions", "nations"}) {
      const Error* e = view.ErrorOf(section);
      if (!e) continue;
      notes.push_back(std::string(section == std::string("parties") ? "the party sections" : "the page header") +
                      ": " + e->message + " (results from an older or different necsim?)");
    }
    return notes;
  }

  // A party's seats on set k ("old" 0, "new" 1).
  const BoundarySeatStats& SeatsOf(size_t k, const std::string& p) const {
    return Entry(r.sets[k].parties, p, std::string("sets.") + kBoundarySetKeys[k] + ".parties");
  }

  // Parties that win a seat on either set in some run.
  std::vector<std::string> SeatedParties() const {
    std::vector<std::string> out;
    for (const auto& p : parties) {
      double mx = 0;
      for (size_t k = 0; k < 2; ++k) {
        if (const BoundarySeatStats* x = FindKey(r.sets[k].parties, p)) mx = std::max({mx, double(x->p95), x->mean});
      }
      if (mx > 0) out.push_back(p);
    }
    return out;
  }

  std::string Seats() {
    std::string figures = page.Guard("the seats on each set", [&] {
      Need(view, "sets");
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
        for (size_t k = 0; k < 2; ++k) {
          const std::string set = kBoundarySetKeys[k];
          const BoundarySeatStats& x = SeatsOf(k, p);
          HBar b;
          b.value = x.mean;
          b.lo = x.p5;
          b.hi = x.p95;
          b.colour = k == 0 ? "#b0b0b0" : colours(p);
          b.text = Fixed(b.value, 1);
          b.tip = p + " on the " + set + " boundaries: mean " + Fixed(b.value, 1) + " seats, 5-95% " + Fixed(b.lo, 0) +
                  "-" + Fixed(b.hi, 0);
          mx = std::max(mx, b.hi);
          row.bars.push_back(b);
          const int* base = FindKey(r.sets[k].baseline_seats, p);
          t << NumberCell(base ? std::to_string(*base) : "&ndash;")
            << NumberCell(Fixed(b.value, 1) + " (" + Fixed(b.lo, 0) + "&ndash;" + Fixed(b.hi, 0) + ")");
        }
        for (size_t k = 0; k < 2; ++k) t << NumberCell(Pct(SeatsOf(k, p).p_majority));
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
      Need(view, "p_majority");
      HChart c = ProbabilityChart("chart-majority", "Probability of a majority on each set of boundaries");
      c.legend = {{"old boundaries", "#b0b0b0"}, {"new boundaries (party colour)", "#333333"}};
      auto p_majority = [&](size_t k, const std::string& p) {
        if (p == "none") return r.p_majority[k].none;
        const double* x = FindKey(r.p_majority[k].parties, p);
        return x ? *x : 0.0;
      };
      std::vector<std::string> keys = parties;
      keys.push_back("none");
      for (const auto& p : keys) {
        const double a = p_majority(0, p);
        const double b = p_majority(1, p);
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
      Need(view, "sets");
      std::ostringstream t;
      for (size_t j = 0; j < parties.size(); ++j) {
        const std::string& p = parties[j];
        const BoundarySeatStats& xo = SeatsOf(0, p);
        const BoundarySeatStats& xn = SeatsOf(1, p);
        if (xo.mean < 1 && xn.mean < 1) continue;
        const auto dold = SignedDistribution(xo.distribution, "sets.old.parties." + p + ".distribution");
        const auto dnew = SignedDistribution(xn.distribution, "sets.new.parties." + p + ".distribution");
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

  std::string ChangeSummary(const std::string& id, const std::string& title, const Keyed<BoundaryChangeStats>& area) {
    HChart c;
    c.id = id;
    c.title = title;
    c.integer_ticks = true;
    c.x_label = "seats, new minus old";
    double mx = 1;
    for (const auto& [p, x] : area) {
      HRow row;
      row.label = p;
      HBar b;
      b.value = x.mean;
      b.lo = x.p5;
      b.hi = x.p95;
      b.colour = colours(p);
      b.text = Signed(b.value, 1);
      b.tip = p + ": mean change " + Signed(b.value, 2) + " seats, 5-95% " + Signed(b.lo, 0) + " to " + Signed(b.hi, 0) +
              "; gains in " + Pct(x.p_gain) + " of runs, losses in " + Pct(x.p_loss);
      mx = std::max({mx, std::fabs(b.lo), std::fabs(b.hi), std::fabs(b.value)});
      row.bars.push_back(b);
      c.rows.push_back(row);
    }
    mx = std::ceil(mx);
    c.xmin = -mx;
    c.xmax = mx;
    return page.Chart(c.id, RenderHChart(c));
  }

  std::string Changes() {
    std::ostringstream o;
    o << page.Guard("the national seat changes", [&] {
      Need(view, "change.national");
      const Keyed<BoundaryChangeStats>& nat = r.change.national;
      std::ostringstream t;
      // The whole country's chart alone on its grid line.
      t << "<div class=\"grid\">"
        << Figure(ChangeSummary("chart-change-national", "Change in seats by party, whole country", nat),
                  "Whole country.", "card")
        << "</div>\n";
      std::ostringstream cards;
      for (size_t j = 0; j < parties.size(); ++j) {
        const std::string& p = parties[j];
        const BoundaryChangeStats* x = FindKey(nat, p);
        if (!x) continue;
        const auto d = SignedDistribution(x->distribution, "change.national." + p + ".distribution");
        if (d.second.size() == 1 && d.first == 0) continue;  // never changes
        VChart c;
        c.id = "chart-change-" + std::to_string(j);
        c.title = p + ": change in seats (new minus old), probability over runs";
        c.x_label = "seats, new minus old";
        for (size_t k = 0; k < d.second.size(); ++k) {
          const int v = d.first + static_cast<int>(k);
          c.categories.push_back(SignedCount(v));
          if (v == 0) {
            c.marker = static_cast<int>(k);
            c.marker_centre = true;
            c.marker_label = "no change";
          }
        }
        c.series.push_back({p, colours(p), d.second});
        const std::string chart = page.Chart(c.id, RenderVChart(c));
        const std::string caption = "Mean " + Signed(x->mean, 2) + "; gains in " + Pct(x->p_gain) +
                                    " of runs, losses in " + Pct(x->p_loss) + ".";
        cards << CardWithHeading(HtmlEscape(p), Figure(chart, caption));
      }
      t << "<h3>Distribution of each party's change</h3>\n" << Grid(cards.str());
      return t.str();
    });
    for (const auto& section :
         {std::tuple<std::string, std::string, std::string>{"by_nation", "By nation", "chart-change-nation-"},
          {"by_region", "By region", "chart-change-region-"}}) {
      // Named copies, not structured bindings: lambdas may not capture
      // those before C++20 compilers implement P1091 (clang 14 does not).
      const std::string& key = std::get<0>(section);
      const std::string& title = std::get<1>(section);
      const std::string& prefix = std::get<2>(section);
      o << "<h3>" << title << "</h3>\n";
      o << page.Guard("the seat changes " + std::string(key == "by_nation" ? "by nation" : "by region"), [&] {
        Need(view, key == "by_nation" ? "change.by_nation" : "change.by_region");
        const Keyed<Keyed<BoundaryChangeStats>>& areas = key == "by_nation" ? r.change.by_nation : r.change.by_region;
        // One small multiple per area: the parties whose seats there change
        // in some run (a card fits the page width with a dozen regions), then
        // one table of every area; the distributions are in
        // change_distribution.csv.
        std::string cards;
        std::ostringstream rows;
        size_t i = 0;
        for (const auto& [area, x] : areas) {
          Keyed<BoundaryChangeStats> moving;
          for (const auto& [p, q] : x) {
            if (q.p_gain > 0 || q.p_loss > 0) moving.emplace_back(p, q);
          }
          const std::string content =
              moving.empty() ? std::string("<p>No party's seats change here in any run.</p>\n")
                             : UncaptionedFigure(ChangeSummary(prefix + std::to_string(i),
                                                               "Change in seats by party: " + area, moving));
          cards += CardWithHeading(HtmlEscape(area), content);
          for (const auto& [p, q] : moving) {
            rows << "<tr><td>" << HtmlEscape(area) << "</td><td>" << HtmlEscape(p) << "</td>"
                 << NumberCell(Signed(q.mean, 2)) << NumberCell(Signed(q.p5, 0) + " to " + Signed(q.p95, 0))
                 << NumberCell(Pct(q.p_gain)) << NumberCell(Pct(q.p_loss)) << "</tr>\n";
          }
          ++i;
        }
        const std::string what = key == "by_nation" ? "nation" : "region";
        std::string out = Grid(cards);
        if (!rows.str().empty()) {
          out += Figure(Table({TextColumn(what), TextColumn("party"), NumberColumn("mean change"),
                               NumberColumn("5-95%"), NumberColumn("P(gain)"), NumberColumn("P(loss)")},
                              rows.str()),
                        "Change in seats (new minus old) by " + what + " and party, parties whose seats there change "
                        "in some run.");
        }
        return out;
      });
    }
    return Section("changes", "What the review changes",
                   "Seats on the new boundaries minus seats on the old, in the same run (the same national and "
                   "regional swing on both sets): mean (bars) and 5-95% range (whiskers).",
                   o.str());
  }

  std::string MajorityLead() {
    const std::string body = page.Guard("the majority lead", [&] {
      Need(view, "majority_lead");
      const std::vector<MajorityLeadResult>& leads = r.majority_lead;
      if (leads.empty()) return std::string("<p>The scenario asks for no majority lead.</p>\n");
      std::string cards;
      for (size_t k = 0; k < leads.size(); ++k) {
        const std::string& party = leads[k].party;
        const std::string& rival = leads[k].rival;
        HChart c;
        c.id = "chart-lead-" + std::to_string(k);
        c.title = "Lead " + party + " needs over " + rival + " for a majority";
        c.x_label = "lead in points of national share";
        double lo = 0, hi = 1;
        std::string unreachable;
        for (size_t m = 0; m < 2; ++m) {
          const std::string set = kBoundarySetKeys[m];
          const std::string& label = m == 0 ? old_label : new_label;
          const std::optional<double>& v = leads[k].lead[m];
          HRow row;
          row.label = set + " boundaries";
          if (v) {
            HBar b;
            b.value = *v;
            b.colour = m == 0 ? "#b0b0b0" : colours(party);
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
        if (const std::optional<double>& bias = leads[k].bias) {
          caption += "The review changes the lead " + HtmlEscape(party) + " needs by <b>" + Signed(*bias, 2) +
                     "</b> points.";
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
      Need(view, "changes_of_hands");
      std::string cards;
      for (size_t m = 0; m < 2; ++m) {
        const std::string set = kBoundarySetKeys[m];
        const std::string& label = m == 0 ? old_label : new_label;
        const std::vector<ChangeOfHandsResult>& list = r.changes_of_hands[m];
        std::ostringstream t;
        for (size_t k = 0; k < list.size() && k < 15; ++k) {
          const ChangeOfHandsResult& c = list[k];
          t << "<tr><td>" << HtmlEscape(c.name) << "</td><td>" << HtmlEscape(c.region) << "</td><td>"
            << HtmlEscape(c.baseline_winner) << "</td>" << NumberCell(Pct(c.p_change)) << "<td>"
            << HtmlEscape(c.likeliest_gainer.value_or("")) << "</td></tr>\n";
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
    if (!HasClp()) return "";
    return Section("clp", "Constituency Labour Parties per Labour region", "", page.Guard("the CLPs per region", [&] {
      Need(view, "clp");
      const ClpResult& clp = *r.clp;
      const std::vector<ClpRegionResult>& regs = clp.regions;
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
        const std::string& name = regs[k].labour_region;
        const ClpSetResult& a = regs[k].sets[0];
        const ClpSetResult& b = regs[k].sets[1];
        HRow row;
        row.label = name;
        HBar x, y;
        x.value = static_cast<double>(a.clps);
        x.colour = "#b0b0b0";
        x.text = Fixed(x.value, 0);
        x.tip = name + ": " + x.text + " CLPs on the old boundaries";
        y.value = static_cast<double>(b.clps);
        y.colour = "#e4003b";
        y.text = Fixed(y.value, 0);
        y.tip = name + ": " + y.text + " CLPs on the new boundaries";
        mx = std::max({mx, x.value, y.value});
        row.bars = {x, y};
        c.rows.push_back(row);
        auto opt = [](const auto& v) { return v ? Fixed(static_cast<double>(*v), 0) : std::string("&ndash;"); };
        t << "<tr><td>" << HtmlEscape(name) << "</td>" << NumberCell(x.text) << NumberCell(y.text)
          << NumberCell(opt(a.nec_seats)) << NumberCell(opt(b.nec_seats)) << NumberCell(opt(a.members_per_clp))
          << NumberCell(opt(b.members_per_clp)) << "</tr>\n";
      }
      const std::string table = Table({TextColumn("Labour region"), NumberColumn("CLPs old"), NumberColumn("CLPs new"),
                                       NumberColumn("NEC seats old"), NumberColumn("NEC seats new"),
                                       NumberColumn("members per CLP old"), NumberColumn("new")},
                                      t.str());
      c.xmax = mx;
      std::string how;
      if (const std::optional<ClpApportionResult>& a = clp.apportion) {
        how = "NEC seats: " + std::to_string(a->nec_seats) + " apportioned by " + a->method + " on " + a->by;
        if (a->base_per_region > 0) {
          how += ", " + std::to_string(a->base_per_region) + " base seats per region plus a share";
        }
        if (a->min_per_region > 0) how += ", at least " + std::to_string(a->min_per_region) + " per region";
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
        {"seat_probabilities.csv", "every party's P(win) per seat"},
        {"majority_lead.csv", "lead needed for a majority"},
        {"clp.csv", "CLPs per Labour region (with a clp: block)"}}, {"clp.csv"});
  }

  // A `clp` section to draw (or to say it cannot be read).
  bool HasClp() const { return r.clp.has_value() || view.ErrorOf("clp") != nullptr; }

  Result<std::string> Render() {
    page.notes = in.read_notes;
    if (in.run_info.is_object() && !Str0(in.run_info, "version").empty()) {
      const std::string note = VersionNote(Str0(in.run_info, "version"), in.version);
      if (!note.empty()) page.notes.push_back(note);
    }
    std::vector<std::string> unknown;
    for (const auto& [k, v] : in.summary.items()) {
      if (!kBoundaryTopKeys.count(k)) unknown.push_back(k);
    }
    if (!unknown.empty()) page.notes.push_back(UnknownFieldsNote(unknown));
    for (std::string& note : HeaderNotes()) page.notes.push_back(std::move(note));
    parties = r.parties;
    if (view.Has("sets")) {
      if (!r.sets[0].label.empty()) old_label = r.sets[0].label;
      if (!r.sets[1].label.empty()) new_label = r.sets[1].label;
    }
    std::ostringstream sections;
    sections << Seats() << Changes() << MajorityLead() << ChangesOfHands() << Clp() << Files();
    std::vector<std::pair<std::string, std::string>> contents = {{"seats", "Seats on each set"},
                                                                 {"changes", "What the review changes"},
                                                                 {"lead", "Lead needed for a majority"},
                                                                 {"hands", "Seats most likely to change hands"}};
    if (HasClp()) contents.emplace_back("clp", "CLPs per Labour region");
    contents.emplace_back("files", "Files");
    return page.Assemble(Header(), ContentsNav(contents), sections.str());
  }
};


}  // namespace

Result<PageOutput> RenderBoundaryPage(const ReportInput& in) {
  BoundaryPage page(in);
  auto body = page.Render();
  if (!body) return body.error();
  return PageOutput{*body, page.page.notes, page.page.charts, page.view.Has("scenario") ? page.r.scenario : ""};
}

}  // namespace necsim
