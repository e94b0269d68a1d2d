#include "report/report_backtest.h"

#include <cstdio>

#include "report/report.h"
#include "report/report_page.h"

namespace necsim {
namespace {

using Json = nlohmann::ordered_json;

std::string Fixed(double x, int dp) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", dp, x);
  return buf;
}

std::string Cell(const std::string& text) { return "<td>" + HtmlEscape(text) + "</td>"; }

}  // namespace

std::string BacktestReportHtml(const Json& b, const std::string& version) {
  const std::string scenario = b.value("scenario", "");
  const int seats = b.value("seats", 0);
  PageHeading h;
  h.name = scenario;
  h.kind = "boundary backtest";
  h.leads_html.push_back("The base table (set " + HtmlEscape(b.value("base_set", "")) + ": " +
                         HtmlEscape(b.value("base_label", "")) + ", " + HtmlEscape(b.value("base_file", "")) +
                         ") projected to the actual result (" + HtmlEscape(b.value("actual_file", "")) +
                         ") under each swing model, its central swing set from the actual " + HtmlEscape(b.value("by", "")) +
                         " shares, with the scenario's uncertainty.");
  h.facts = {{"seats", std::to_string(seats)},
             {"runs", std::to_string(b.value("runs", int64_t{0}))},
             {"seed", std::to_string(b.value("seed", uint64_t{0}))}};
  std::string rows;
  const Json& actual = b.contains("actual_seats") ? b["actual_seats"] : Json::object();
  std::vector<std::string> parties;
  for (const auto& [p, n] : actual.items()) parties.push_back(p);
  std::vector<Column> cols = {TextColumn("model"), NumberColumn("seats right"), NumberColumn("Brier"),
                              NumberColumn("log score")};
  for (const auto& p : parties) cols.push_back(NumberColumn(HtmlEscape(p)));
  rows += "<tr><td>actual</td><td></td><td></td><td></td>";
  for (const auto& p : parties) rows += NumberCell(std::to_string(actual[p].get<int>()));
  rows += "</tr>";
  const Json& models = b.contains("models") ? b["models"] : Json::array();
  for (const Json& m : models) {
    rows += "<tr>" + Cell(m.value("model", "")) +
            NumberCell(std::to_string(m.value("seats_right", 0)) + " / " + std::to_string(seats)) +
            NumberCell(Fixed(m.value("brier", 0.0), 4)) + NumberCell(Fixed(m.value("log_score", 0.0), 4));
    const Json& ms = m.contains("mean_seats") ? m["mean_seats"] : Json::object();
    for (const auto& p : parties) rows += NumberCell(ms.contains(p) ? Fixed(ms[p].get<double>(), 1) : "&ndash;");
    rows += "</tr>";
  }
  std::string body = Section("scores", "Scores",
                             Lead("Seats right: the likeliest winner is the actual winner. Brier: the mean over seats of "
                                  "the sum over parties of (P(win) &minus; won)&sup2; (0 best, 2 worst). Log score: the "
                                  "mean of &minus;ln P(actual winner), P floored at 1/(2 runs) (lower is better). Party "
                                  "columns: expected seats (the sum of P(win))."),
                             Table(cols, rows));
  std::vector<std::pair<std::string, std::string>> nav = {{"scores", "Scores"}};
  int i = 0;
  for (const Json& m : models) {
    const std::string id = "misses-" + std::to_string(i++);
    const std::string name = m.value("model", "");
    nav.emplace_back(id, "Misses: " + name);
    std::string mr;
    const Json& misses = m.contains("misses") ? m["misses"] : Json::array();
    for (const Json& x : misses) {
      mr += "<tr>" + Cell(x.value("id", "")) + Cell(x.value("name", "")) + Cell(x.value("region", "")) +
            Cell(x.value("actual_winner", "")) + Cell(x.value("likeliest_winner", "")) +
            NumberCell(Fixed(x.value("p_actual_winner", 0.0), 3)) + NumberCell(Fixed(x.value("p_likeliest_winner", 0.0), 3)) +
            "</tr>";
    }
    body += Section(id, "Misses: " + HtmlEscape(name),
                    Lead(std::to_string(misses.size()) + " seats whose likeliest winner under this model is not the actual winner."),
                    misses.empty() ? std::string("<p>None.</p>")
                                   : Table({TextColumn("id"), TextColumn("seat"), TextColumn("region"),
                                            TextColumn("actual winner"), TextColumn("likeliest winner"),
                                            NumberColumn("P(actual winner)"), NumberColumn("P(likeliest)")},
                                           mr));
  }
  std::string nav_html;
  std::vector<std::pair<std::string, std::string>> escaped;
  for (const auto& [id, t] : nav) escaped.emplace_back(id, HtmlEscape(t));
  nav_html = ContentsNav(escaped);
  return HtmlDocument(scenario + " - boundary backtest", version, PageHeader(h) + nav_html + body);
}

}  // namespace necsim
