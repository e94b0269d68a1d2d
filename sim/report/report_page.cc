#include <algorithm>
#include "report/report_page.h"

#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/report.h"

namespace necsim {
namespace {

// The page's styles. Charts are 480 units wide, scaled to their card: about
// 0.78 on a 390 px phone, where the SVG's 11-13 unit text would be 8.5-10 px.
// Below 480 px the chart text is enlarged by role (classes from
// sim/report/report_svg.h) to 10-12 px, as far as the chart's layout leaves room:
// the row labels (right-aligned, their gutter sized for 13 units) grow by
// 14/13, which for the longest label (28 characters) reaches at most 8 units
// into the page's side padding (overflow is visible); the values of rows of
// several bars are 10 units apart, hence 13. Desktop and print keep the SVG's
// own sizes.
std::string Css() {
  return R"(:root{--fg:#1b1b1b;--muted:#5a5a5a;--line:#d8d8d8;--bg:#fff;--card:#f7f7f5;--accent:#b3002d}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1400px;padding:1rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.6rem;margin:.2rem 0 .4rem}h2{font-size:1.3rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--accent)}
h3{font-size:1.05rem;margin:.2rem 0 .4rem}
p.lead{color:var(--muted);margin:.2rem 0 .8rem}
nav{margin:.8rem 0;padding:.5rem .8rem;background:var(--card);border-radius:6px}
nav ol{margin:0;padding-left:1.2rem;columns:2 16rem}
.meta{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:.3rem 0;color:var(--muted);font-size:.9rem}
.meta b{color:var(--fg);font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,380px),1fr));gap:1rem}
.card{background:var(--card);border-radius:6px;padding:.6rem .8rem;min-width:0}
.wide{max-width:560px}
.grid.tables{grid-template-columns:repeat(auto-fill,minmax(min(100%,600px),1fr))}
.grid.single{grid-template-columns:1fr}
figure{margin:0}figcaption{font-size:.85rem;color:var(--muted);margin-top:.2rem}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font-family:inherit}
.note{background:#fff4d6;border-left:4px solid #e0a100;padding:.4rem .7rem;margin:.5rem 0;border-radius:3px}
.notes{background:#fff4d6;border:1px solid #e0a100;padding:.5rem .9rem;border-radius:6px;margin:.8rem 0}
.notes ul{margin:.3rem 0;padding-left:1.2rem}
.tablewrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.88rem;margin:.3rem 0}
th,td{padding:.25rem .55rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.3em;vertical-align:-.05em}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
@media (max-width:600px){body{padding:.4rem;font-size:14px}.card{padding:.4rem .3rem}h1{font-size:1.3rem}nav ol{columns:1}}
@media screen and (max-width:480px){
 body{padding:.4rem .3rem;font-size:15px}
 .card{padding:.4rem .2rem}
 svg.chart{overflow:visible}
 svg.chart .bv,svg.chart .tk{font-size:15px}
 svg.chart .rl,svg.chart .lg,svg.chart .ax,svg.chart .ct,svg.chart .mk{font-size:14px}
 svg.chart .bvs{font-size:13px}
}
@media print{
 @page{size:A4;margin:12mm}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 body{max-width:none;padding:0;font-size:10pt}
 nav{display:none}
 h2{break-after:avoid;margin-top:1.2rem}
 .card,figure,table,.note{break-inside:avoid}
 .grid{grid-template-columns:1fr 1fr;gap:.5rem}
 .grid.single{grid-template-columns:1fr}
 .wide{max-width:11cm}
 a{color:inherit;text-decoration:none}
}
)";
}

}  // namespace

std::string ReportPage::Note(const std::string& text) {
  notes.push_back(text);
  return "<p class=\"note\" role=\"note\"><strong>Not shown:</strong> " + HtmlEscape(text) + "</p>\n";
}

std::string ReportPage::Chart(const std::string& svg_id, const std::string& svg) {
  charts.push_back(svg_id);
  return svg;
}

std::string ReportPage::Guard(const std::string& what, const std::function<std::string()>& draw) {
  const size_t charts_before = charts.size();
  try {
    return draw();
  } catch (const MissingField& e) {
    charts.resize(charts_before);
    return Note(what + ": " + e.what() + " (results from an older or different necsim?)");
  } catch (const nlohmann::json::exception& e) {
    charts.resize(charts_before);
    return Note(what + ": unexpected data (" + std::string(e.what()) + ")");
  }
}

std::string ReportPage::Assemble(const std::string& header_html, const std::string& nav_html,
                                 const std::string& sections_html) const {
  return header_html + nav_html + NotesBox(notes) + sections_html;
}

std::string HtmlDocument(const std::string& title, const std::string& version, const std::string& main_html) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << kReportGeneratorMark << " " << HtmlEscape(version) << "\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "img-src data:\">\n"
    << "<title>" << HtmlEscape(title) << "</title>\n<style>\n"
    << Css() << "</style>\n</head>\n<body>\n"
    << "<main>\n" << main_html << "</main>\n<footer>Drawn by necsim report" << (version.empty() ? "" : " ")
    << HtmlEscape(version)
    << " from summary.json. Probabilities are shares of Monte Carlo runs; hover over a bar for its value.</footer>\n"
    << "</body>\n</html>\n";
  return o.str();
}

std::string PageHeader(const PageHeading& h) {
  std::ostringstream o;
  o << "<header>\n<h1>" << HtmlEscape(h.name) << " <small style=\"font-weight:400;color:var(--muted)\">"
    << HtmlEscape(h.kind) << "</small></h1>\n";
  for (const auto& lead : h.leads_html) o << Lead(lead);
  o << "<div class=\"meta\">";
  for (const auto& [name, value] : h.facts) {
    o << "<span>" << HtmlEscape(name) << " <b>" << HtmlEscape(value) << "</b></span>";
  }
  o << "</div>\n</header>\n";
  return o.str();
}

std::string ContentsNav(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string o = "<nav aria-label=\"Contents\"><ol>";
  for (const auto& [id, title] : entries) o += "<li><a href=\"#" + id + "\">" + title + "</a></li>";
  return o + "</ol></nav>\n";
}

std::string NotesBox(const std::vector<std::string>& notes) {
  if (notes.empty()) return "";
  std::string o = "<div class=\"notes\" id=\"notes\" role=\"note\"><strong>This report is incomplete or approximate:"
                  "</strong><ul>\n";
  for (const auto& n : notes) o += "<li>" + HtmlEscape(n) + "</li>\n";
  return o + "</ul></div>\n";
}

std::string Lead(const std::string& text_html) { return "<p class=\"lead\">" + text_html + "</p>\n"; }

std::string Section(const std::string& id, const std::string& heading_html, const std::string& lead_html,
                    const std::string& body_html) {
  return "<section id=\"" + id + "\">\n<h2>" + heading_html + "</h2>\n" + (lead_html.empty() ? "" : Lead(lead_html)) +
         body_html + "</section>\n";
}

std::string Grid(const std::string& cards_html, const std::string& extra_class) {
  return "<div class=\"grid" + (extra_class.empty() ? "" : " " + extra_class) + "\">\n" + cards_html + "</div>\n";
}

std::string Card(const std::string& content_html, const std::string& attributes) {
  return "<div class=\"card\"" + attributes + ">" + content_html + "</div>\n";
}

std::string CardWithHeading(const std::string& heading_html, const std::string& content_html) {
  return Card("<h3>" + heading_html + "</h3>" + content_html);
}

std::string Figure(const std::string& chart_html, const std::string& caption_html, const std::string& css_class) {
  return "<figure" + (css_class.empty() ? "" : " class=\"" + css_class + "\"") + ">" + chart_html + "<figcaption>" +
         caption_html + "</figcaption></figure>";
}

std::string UncaptionedFigure(const std::string& chart_html) { return "<figure>" + chart_html + "</figure>"; }

std::string Table(const std::vector<Column>& columns, const std::string& rows_html) {
  std::string o = "<div class=\"tablewrap\"><table><thead><tr>";
  for (const auto& c : columns) o += (c.numeric ? "<th class=\"n\">" : "<th>") + c.heading_html + "</th>";
  return o + "</tr></thead><tbody>\n" + rows_html + "</tbody></table></div>";
}

std::string NumberCell(const std::string& html) { return "<td class=\"n\">" + html + "</td>"; }

std::string FilesSection(const std::vector<std::string>& files,
                         const std::vector<std::pair<std::string, std::string>>& known,
                         const std::vector<std::string>& optional) {
  std::ostringstream o;
  o << "<ul>\n";
  const std::set<std::string> present(files.begin(), files.end());
  for (const auto& [f, what] : known) {
    if (present.count(f)) {
      o << "<li><a href=\"" << HtmlEscape(f) << "\">" << HtmlEscape(f) << "</a>: " << what << "</li>\n";
    } else if (std::find(optional.begin(), optional.end(), f) == optional.end()) {
      o << "<li>" << HtmlEscape(f) << ": <em>missing</em></li>\n";
    }
  }
  o << "</ul>\n";
  return Section("files", "Files in this results folder", "", o.str());
}

}  // namespace necsim
