// The scaffolding shared by the pages of `necsim report` (sim/report/report_nec.cc, report_boundary.cc): the
// NEC results page and the boundary-review page are drawn from the same
// pieces, so both carry the same document head, styles, header, contents,
// notes box, sections, figures, cards, grids, tables and file list.
//
// Every helper returns HTML. Arguments named `..._html` are inserted as they
// are (the caller has escaped any user text in them); plain text arguments
// are escaped here. None of the helpers adds to the page's notes or charts:
// that is ReportPage's, whose Guard/Chart/Note calls must run in page order.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace necsim {

// The mark in every page necsim writes; WriteReportFile replaces only files
// that carry it (unless forced).
inline constexpr std::string_view kReportGeneratorMark = "<meta name=\"generator\" content=\"necsim report";

// A field the page needs is absent or of the wrong type. Thrown while one
// section is drawn, caught at the section (ReportPage::Guard): the section
// becomes a note.
struct MissingField : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The page being assembled: notes and chart ids are collected as it goes.
class ReportPage {
 public:
  std::vector<std::string> notes;
  std::vector<std::string> charts;

  // A visible note in place of what could not be drawn; also kept in `notes`.
  std::string Note(const std::string& text);
  // Records the chart's id (page order) and returns its SVG.
  std::string Chart(const std::string& svg_id, const std::string& svg);
  // Draws one part; a missing field turns it into a note naming `what`, and
  // the charts it had drawn are forgotten.
  std::string Guard(const std::string& what, const std::function<std::string()>& draw);
  // The page's main content: header, contents, the box listing every note
  // (so call it after the sections are drawn), then the sections.
  std::string Assemble(const std::string& header_html, const std::string& nav_html,
                       const std::string& sections_html) const;
};

// The whole HTML document around the page's main content: head (charset,
// viewport, generator mark, a Content-Security-Policy forbidding scripts and
// fetches, title, styles), <main>, footer.
std::string HtmlDocument(const std::string& title, const std::string& version, const std::string& main_html);

// The page's header: the scenario's name and the kind of results as title
// (escaped here), lead paragraphs under it (HTML), then a line of facts
// (name, value; escaped here).
struct PageHeading {
  std::string name;
  std::string kind;
  std::vector<std::string> leads_html;
  std::vector<std::pair<std::string, std::string>> facts;
};
std::string PageHeader(const PageHeading& h);

// The table of contents: (section id, title) links.
std::string ContentsNav(const std::vector<std::pair<std::string, std::string>>& entries);

// The box at the top listing every note; empty when there is none.
std::string NotesBox(const std::vector<std::string>& notes);

// A paragraph of lead text (grey, under a heading).
std::string Lead(const std::string& text_html);

// <section id=...> with its <h2> heading, a lead paragraph unless `lead_html`
// is empty, and its body.
std::string Section(const std::string& id, const std::string& heading_html, const std::string& lead_html,
                    const std::string& body_html);

// A responsive grid of cards ("grid" plus `extra_class`, e.g. "tables" for wider cells).
std::string Grid(const std::string& cards_html, const std::string& extra_class = "");

// A card (one cell of a grid): `attributes` are added to its <div> as they
// are (e.g. ` id="rs-0"`); CardWithHeading puts an <h3> first.
std::string Card(const std::string& content_html, const std::string& attributes = "");
std::string CardWithHeading(const std::string& heading_html, const std::string& content_html);

// A chart in a <figure>, with its caption; `css_class` for the figure
// ("card" when it stands alone in a grid). No line break after it.
std::string Figure(const std::string& chart_html, const std::string& caption_html, const std::string& css_class = "");
std::string UncaptionedFigure(const std::string& chart_html);

// A table (scrolling sideways when too wide) of the given columns and rows
// (<tr> elements); numeric columns are right-aligned. No line break after it.
struct Column {
  std::string heading_html;
  bool numeric = false;
};
inline Column TextColumn(std::string heading_html) { return {std::move(heading_html), false}; }
inline Column NumberColumn(std::string heading_html) { return {std::move(heading_html), true}; }
std::string Table(const std::vector<Column>& columns, const std::string& rows_html);
// A right-aligned table cell (a number, or &ndash; for none).
std::string NumberCell(const std::string& html);

// The section listing the results folder's files: each known one linked with
// what it holds (file, description); a known one that is absent marked
// missing, unless it is one of `optional`.
std::string FilesSection(const std::vector<std::string>& files,
                         const std::vector<std::pair<std::string, std::string>>& known,
                         const std::vector<std::string>& optional);

}  // namespace necsim
