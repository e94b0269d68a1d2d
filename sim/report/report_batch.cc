// The report page of a batch folder (`necsim batch`'s OUTDIR, read from its
// index.csv and each sweep's sweep.csv) or of one sweep's folder (sweep.csv):
// the seat curve of every slate against the swept value with its band, one
// chart per rule set (and per combination of the other axes' values), and the
// index table with a link to each results folder. The tables were checked as
// they were read (report.cc, ReadBatchFolder): here every field used exists.
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "report/report_shared.h"

namespace necsim {

namespace {

using namespace report_detail;

constexpr const char* kMeanSeatsPrefix = "mean_seats:";
constexpr const char* kMajorityPrefix = "p_majority:";

double Number(const std::string& s) {
  try {
    size_t used = 0;
    const double x = std::stod(s, &used);
    if (used == s.size() && std::isfinite(x)) return x;
  } catch (const std::exception&) {
  }
  return std::nan("");
}

// One chart of a sweep: a rule set at one combination of the other axes.
struct Curve {
  std::string rule_set;
  std::string others;  // "axis=value; ..." of the axes other than the last, empty with one axis
  std::vector<std::string> x_values;  // the last axis's values, in the table's order
  // slate -> x value -> (mean, se)
  std::map<std::string, std::map<std::string, std::pair<double, double>>> seats;
  std::vector<std::string> slates;  // in order of first appearance
};

struct BatchPage {
  const ReportInput& in;
  ReportPage page;
  SlateColours colours;

  explicit BatchPage(const ReportInput& input) : in(input) {}

  bool Reported(const std::string& folder) const {
    return std::find(in.reported_folders.begin(), in.reported_folders.end(), folder) != in.reported_folders.end();
  }

  // A link to a results folder: its report when it has one, else its summary.
  std::string FolderLink(const std::string& folder, const std::string& text) const {
    if (folder.empty()) return HtmlEscape(text);
    const std::string target = in.link_prefix + folder + (Reported(folder) ? "/report.html" : "/summary.json");
    return "<a href=\"" + HtmlEscape(target) + "\">" + HtmlEscape(text) + "</a>";
  }

  // Slates in page order: the index's mean_seats columns, then the sweeps'
  // rows; every chart and table takes its colours from this one assignment.
  void AssignColours() {
    std::vector<std::string> order;
    auto add = [&](const std::string& s) {
      if (std::find(order.begin(), order.end(), s) == order.end()) order.push_back(s);
    };
    for (const std::string& h : in.index.header) {
      if (h.rfind(kMeanSeatsPrefix, 0) == 0) add(h.substr(std::string(kMeanSeatsPrefix).size()));
    }
    for (const SweepInput& sw : in.sweeps) {
      const int measure = sw.table.Column("measure"), entity = sw.table.Column("entity");
      for (const CsvRecord& r : sw.table.rows) {
        if (r.fields[static_cast<size_t>(measure)] == "slate_mean_seats") add(r.fields[static_cast<size_t>(entity)]);
      }
    }
    colours.Assign(order);
  }

  // The curves of one sweep, in the table's order.
  static std::vector<Curve> Curves(const ReportCsv& t) {
    const int rule_set = t.Column("rule_set"), measure = t.Column("measure"), entity = t.Column("entity"),
              value = t.Column("value"), se = t.Column("se");
    const int last_axis = rule_set - 1;
    std::vector<Curve> curves;
    for (const CsvRecord& r : t.rows) {
      if (r.fields[static_cast<size_t>(measure)] != "slate_mean_seats") continue;
      std::string others;
      for (int a = 1; a < last_axis; ++a) {
        others += (others.empty() ? "" : "; ") + t.header[static_cast<size_t>(a)] + " = " +
                  r.fields[static_cast<size_t>(a)];
      }
      const std::string& rs = r.fields[static_cast<size_t>(rule_set)];
      auto it = std::find_if(curves.begin(), curves.end(),
                             [&](const Curve& c) { return c.rule_set == rs && c.others == others; });
      if (it == curves.end()) {
        curves.push_back({rs, others, {}, {}, {}});
        it = curves.end() - 1;
      }
      const std::string& x = r.fields[static_cast<size_t>(last_axis)];
      if (std::find(it->x_values.begin(), it->x_values.end(), x) == it->x_values.end()) it->x_values.push_back(x);
      const std::string& slate = r.fields[static_cast<size_t>(entity)];
      if (std::find(it->slates.begin(), it->slates.end(), slate) == it->slates.end()) it->slates.push_back(slate);
      it->seats[slate][x] = {Number(r.fields[static_cast<size_t>(value)]), Number(r.fields[static_cast<size_t>(se)])};
    }
    return curves;
  }

  std::string CurveChart(const SweepInput& sw, size_t s, size_t k, const Curve& c, bool wide) {
    const std::string axis = sw.table.header[static_cast<size_t>(sw.table.Column("rule_set") - 1)];
    LineChart ch;
    ch.id = "chart-sweep-" + std::to_string(s) + "-" + std::to_string(k);
    ch.title = "Mean seats of each slate against " + axis + " under " + c.rule_set +
               (c.others.empty() ? "" : " (" + c.others + ")");
    ch.x_label = axis;
    ch.y_label = "mean seats";
    ch.band_label = "95% interval of the mean (mean \xC2\xB1 1.96 se)";
    ch.integer_ticks = true;
    ch.ymin = 0;
    ch.ymax = 1;
    if (wide) ch.width = kWideChartWidth;
    // Numeric swept values are placed by value; others evenly, in order.
    bool numeric = true;
    for (const std::string& x : c.x_values) numeric &= !std::isnan(Number(x));
    std::map<std::string, double> at;
    for (size_t i = 0; i < c.x_values.size(); ++i) {
      at[c.x_values[i]] = numeric ? Number(c.x_values[i]) : static_cast<double>(i);
      ch.x_ticks.emplace_back(at[c.x_values[i]], c.x_values[i]);
    }
    std::sort(ch.x_ticks.begin(), ch.x_ticks.end());
    for (const std::string& slate : c.slates) {
      LineSeries line;
      line.name = slate;
      line.colour = colours(slate);
      for (const auto& [x, label] : ch.x_ticks) {
        auto f = c.seats.at(slate).find(label);
        if (f == c.seats.at(slate).end()) continue;
        const auto [mean, se] = f->second;
        LinePoint p;
        p.x = x;
        p.y = mean;
        if (se > 0) {
          p.lo = std::max(0.0, mean - 1.96 * se);
          p.hi = mean + 1.96 * se;
        } else {
          p.lo = p.hi = mean;
        }
        p.tip = slate + " at " + axis + " = " + label + ": mean " + Fixed(mean, 3) + " seats (se " + Fixed(se, 4) +
                ")";
        line.points.push_back(p);
      }
      ch.series.push_back(line);
    }
    const std::string caption =
        "Lines: each slate's mean seats at each value of " + HtmlEscape(axis) +
        "; shaded band: the 95% Monte Carlo interval of the mean (mean &plusmn; 1.96 standard errors, from "
        "sweep.csv's <code>se</code>), which narrows with more runs. It is not the spread of seats between runs: "
        "each point's own report shows that (5-95% of runs).";
    return Card("<h3>" + HtmlEscape(c.rule_set) + (c.others.empty() ? "" : " <small>" + HtmlEscape(c.others) + "</small>") +
                    "</h3>\n" + Figure(page.Chart(ch.id, RenderLineChart(ch)), caption) + "\n");
  }

  std::string SeatCurves() {
    std::ostringstream o;
    if (in.sweeps.empty()) {
      return Section("curves", "Seat curves", "",
                     "<p>No scenario of this batch has a sweep (<code>--sweep</code> or a <code>sweep:</code> "
                     "block): there are no seat curves to draw.</p>\n");
    }
    for (size_t s = 0; s < in.sweeps.size(); ++s) {
      const SweepInput& sw = in.sweeps[s];
      const std::vector<Curve> curves = Curves(sw.table);
      std::string cards;
      for (size_t k = 0; k < curves.size(); ++k) cards += CurveChart(sw, s, k, curves[k], curves.size() == 1);
      o << "<h3 id=\"sweep-" << s << "\">" << HtmlEscape(sw.scenario) << "</h3>\n";
      o << Lead("From " + HtmlEscape(sw.folder.empty() ? std::string("sweep.csv") : sw.folder + "/sweep.csv") +
                ": " + std::to_string(curves.empty() ? 0 : curves[0].x_values.size()) + " values of the swept " +
                "setting, " + std::to_string(curves.size()) + " chart" + (curves.size() == 1 ? "" : "s") +
                " (one per rule set).");
      o << (curves.empty() ? "<p>sweep.csv has no slate_mean_seats rows.</p>\n"
                           : Grid(cards, curves.size() == 1 ? "single" : ""));
    }
    return Section("curves", "Seat curves", "The seats each slate wins on average as the swept setting moves.",
                   o.str());
  }

  // The index of a batch folder: one row per (scenario, point, rule set).
  std::string BatchIndex() {
    const ReportCsv& t = in.index;
    const auto col = [&](const std::string& n) { return t.Column(n); };
    const auto field = [&](const CsvRecord& r, int c) { return c < 0 ? std::string() : r.fields[static_cast<size_t>(c)]; };
    std::vector<std::pair<int, std::string>> seats_cols, majority_cols;
    for (size_t k = 0; k < t.header.size(); ++k) {
      if (t.header[k].rfind(kMeanSeatsPrefix, 0) == 0) {
        seats_cols.emplace_back(static_cast<int>(k), t.header[k].substr(std::string(kMeanSeatsPrefix).size()));
      } else if (t.header[k].rfind(kMajorityPrefix, 0) == 0) {
        majority_cols.emplace_back(static_cast<int>(k), t.header[k].substr(std::string(kMajorityPrefix).size()));
      }
    }
    std::vector<Column> columns = {TextColumn("scenario"), TextColumn("point"), TextColumn("status"),
                                   TextColumn("rule set"), TextColumn("rule"), NumberColumn("seats"),
                                   TextColumn("mean seats by slate"), NumberColumn("women (mean)")};
    if (!majority_cols.empty()) columns.push_back(TextColumn("P(majority of the NEC)"));
    std::ostringstream rows;
    size_t failed = 0;
    for (const CsvRecord& r : t.rows) {
      const std::string status = field(r, col("status"));
      const std::string folder = field(r, col("folder"));
      const std::string point = field(r, col("point"));
      const std::string sweep = field(r, col("sweep"));
      rows << "<tr><td>" << FolderLink(folder, field(r, col("scenario"))) << "</td><td>"
           << (point.empty() ? "&ndash;" : HtmlEscape(point) + (sweep.empty() ? "" : " <small>" + HtmlEscape(sweep) + "</small>"))
           << "</td>";
      if (status != "ok") {
        ++failed;
        rows << "<td class=\"failed\"><b>" << HtmlEscape(status) << "</b></td><td colspan=\""
             << columns.size() - 3 << "\">" << HtmlEscape(field(r, col("message"))) << "</td></tr>\n";
        continue;
      }
      rows << "<td>ok</td><td>" << HtmlEscape(field(r, col("rule_set"))) << "</td><td>"
           << HtmlEscape(field(r, col("rule"))) << "</td>" << NumberCell(HtmlEscape(field(r, col("seats")))) << "<td>";
      bool first = true;
      for (const auto& [c, slate] : seats_cols) {
        const std::string v = field(r, c);
        if (v.empty()) continue;
        rows << (first ? "" : "<br>") << "<span class=\"swatch\" style=\"background:" << colours(slate)
             << "\"></span>" << HtmlEscape(slate) << " " << HtmlEscape(v);
        first = false;
      }
      rows << "</td>" << NumberCell(field(r, col("women_mean")).empty() ? "&ndash;" : HtmlEscape(field(r, col("women_mean"))));
      if (!majority_cols.empty()) {
        rows << "<td>";
        bool any = false;
        double sum = 0;
        for (const auto& [c, faction] : majority_cols) {
          const double v = Number(field(r, c));
          if (std::isnan(v)) continue;
          rows << (any ? "<br>" : "") << HtmlEscape(faction) << " " << Pct(v);
          sum += v;
          any = true;
        }
        // Majorities of one NEC exclude one another: the rest is no majority.
        if (any && field(r, col("kind")) == "nec") rows << "<br>no majority " << Pct(std::max(0.0, 1 - sum));
        rows << (any ? "" : "&ndash;") << "</td>";
      }
      rows << "</tr>\n";
    }
    const std::string lead = std::to_string(t.rows.size()) + " rows of index.csv (one per scenario, sweep point and "
                             "rule set)" + (failed ? ", " + std::to_string(failed) + " failed" : "") +
                             ". Each scenario's name links to its results folder's report (or its summary.json "
                             "where it has no report: <code>necsim report FOLDER</code> draws one).";
    return Section("index", "The index", lead, Table(columns, rows.str()) + "\n");
  }

  // The index of a sweep folder: one row per (point, rule set) of sweep.csv.
  std::string SweepIndex() {
    const SweepInput& sw = in.sweeps[0];
    const ReportCsv& t = sw.table;
    const int rule_set = t.Column("rule_set"), measure = t.Column("measure"), entity = t.Column("entity"),
              value = t.Column("value"), se = t.Column("se");
    std::vector<Column> columns = {TextColumn("point")};
    for (int a = 1; a < rule_set; ++a) columns.push_back(TextColumn(HtmlEscape(t.header[static_cast<size_t>(a)])));
    columns.push_back(TextColumn("rule set"));
    columns.push_back(TextColumn("mean seats by slate (se)"));
    std::ostringstream rows;
    std::string key;
    bool open = false;
    for (const CsvRecord& r : t.rows) {
      if (r.fields[static_cast<size_t>(measure)] != "slate_mean_seats") continue;
      const std::string k = r.fields[0] + "\x1f" + r.fields[static_cast<size_t>(rule_set)];
      if (k != key) {
        if (open) rows << "</td></tr>\n";
        key = k;
        open = true;
        rows << "<tr><td>" << FolderLink(r.fields[0], r.fields[0]) << "</td>";
        for (int a = 1; a < rule_set; ++a) rows << "<td>" << HtmlEscape(r.fields[static_cast<size_t>(a)]) << "</td>";
        rows << "<td>" << HtmlEscape(r.fields[static_cast<size_t>(rule_set)]) << "</td><td>";
      } else {
        rows << "<br>";
      }
      const std::string& slate = r.fields[static_cast<size_t>(entity)];
      rows << "<span class=\"swatch\" style=\"background:" << colours(slate) << "\"></span>" << HtmlEscape(slate)
           << " " << HtmlEscape(r.fields[static_cast<size_t>(value)]) << " <small>("
           << HtmlEscape(r.fields[static_cast<size_t>(se)]) << ")</small>";
    }
    if (open) rows << "</td></tr>\n";
    return Section("index", "The points",
                   "One row per sweep point and rule set of sweep.csv; each point links to its results folder's "
                   "report (or its summary.json where it has no report).",
                   Table(columns, rows.str()) + "\n");
  }

  Result<std::string> Render(std::string& title) {
    page.notes = in.read_notes;
    AssignColours();
    const bool batch = in.folder == FolderKind::kBatch;
    PageHeading h;
    h.name = batch ? "Batch" : (in.sweeps.empty() ? "Sweep" : in.sweeps[0].scenario);
    h.kind = batch ? "necsim batch results" : "necsim sweep results";
    if (batch) {
      std::vector<std::string> scenarios;
      const int sc = in.index.Column("scenario");
      for (const CsvRecord& r : in.index.rows) {
        const std::string& n = r.fields[static_cast<size_t>(sc)];
        if (std::find(scenarios.begin(), scenarios.end(), n) == scenarios.end()) scenarios.push_back(n);
      }
      h.facts.emplace_back("scenarios", std::to_string(scenarios.size()));
      h.facts.emplace_back("sweeps", std::to_string(in.sweeps.size()));
      h.facts.emplace_back("index rows", std::to_string(in.index.rows.size()));
    }
    title = h.name;
    std::ostringstream sections;
    sections << SeatCurves();
    sections << (batch ? BatchIndex() : SweepIndex());
    sections << FilesSection(in.files,
                             batch ? std::vector<std::pair<std::string, std::string>>{
                                         {"index.csv", "status and key figures of every scenario, point and rule set"},
                                         {"index.json", "the same as nested objects"}}
                                   : std::vector<std::pair<std::string, std::string>>{
                                         {"sweep.csv", "every point's figures, and the changes between neighbours"}},
                             {});
    const std::vector<std::pair<std::string, std::string>> contents = {
        {"curves", "Seat curves"}, {"index", batch ? "The index" : "The points"}, {"files", "Files"}};
    return page.Assemble(PageHeader(h), ContentsNav(contents), sections.str());
  }
};

}  // namespace

Result<PageOutput> RenderBatchPage(const ReportInput& in) {
  BatchPage page(in);
  std::string title;
  auto body = page.Render(title);
  if (!body) return body.error();
  return PageOutput{*body, page.page.notes, page.page.charts, title};
}

}  // namespace necsim
