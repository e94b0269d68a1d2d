// What the report's pages share (private to sim/report): number formats,
// notes and colours. Each page reads its summary through sim/results' typed
// readers, section by section (ReadRunResultsBySection,
// ReadBoundaryResultsView); a section it cannot read throws MissingField with
// the field's path, and ReportPage::Guard turns that into a visible note.
#pragma once

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report/report.h"
#include "report/report_page.h"
#include "report/report_svg.h"

namespace necsim {
namespace report_detail {

using J = nlohmann::ordered_json;

inline std::string Pct(double p, int dp = 1) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(dp) << 100 * p << "%";
  return o.str();
}

inline std::string Fixed(double x, int dp) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(dp) << x;
  return o.str();
}

inline std::string Signed(double x, int dp) {
  std::ostringstream o;
  o << std::showpos << std::fixed << std::setprecision(dp) << x;
  return o.str();
}

// run_info.json's wall time, as the header shows it.
inline std::string WallTime(const J& seconds) { return Fixed(seconds.get<double>(), 1) + " s"; }

// The note on results written by another necsim version; empty when the
// versions agree or the drawing version is unknown.
inline std::string VersionNote(const std::string& written_by, const std::string& drawn_by) {
  if (drawn_by.empty() || written_by == drawn_by) return "";
  return "these results were written by necsim " + written_by + "; this report is drawn by necsim " + drawn_by;
}

// The note naming summary fields this necsim does not know: the first 12,
// then how many more.
inline std::string UnknownFieldsNote(const std::vector<std::string>& unknown) {
  std::string list;
  for (size_t k = 0; k < unknown.size() && k < 12; ++k) list += (k ? ", " : "") + unknown[k];
  if (unknown.size() > 12) list += " and " + std::to_string(unknown.size() - 12) + " more";
  return "summary.json has fields this necsim does not know (from a newer necsim?): " + list;
}

// A horizontal bar chart of probabilities: its axis from 0 to 100%.
inline HChart ProbabilityChart(const std::string& id, const std::string& title) {
  HChart c;
  c.id = id;
  c.title = title;
  c.xmin = 0;
  c.xmax = 1;
  c.percent = true;
  return c;
}

// The slates' colours: a fixed palette of 20, assigned by slate order (the
// scenario's order of slates, then any met later), so that every chart on a
// page gives a slate the same colour and up to 20 slates get 20 distinct
// ones. The first eight are Okabe-Ito (distinguishable with colour-blindness),
// the rest from Kelly's colours of maximum contrast. Independents are grey.
// Beyond 20 slates the palette repeats.
inline constexpr const char* kSlatePalette[] = {
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7a5195", "#a6761d", "#be0032", "#8db600",
    "#604e97", "#f38400", "#2b3d26", "#e68fac", "#882d17", "#a1caf1", "#dcd300", "#654522", "#f99379", "#1f3a93"};
inline constexpr size_t kSlatePaletteSize = sizeof(kSlatePalette) / sizeof(kSlatePalette[0]);
inline constexpr const char* kIndependentColour = "#8c8c8c";

// The colours of what is not a slate, one meaning each, none of them a
// slate's: a probability or count of the whole section (women, regions,
// factions), a region left unrepresented in most runs, the members' share
// beside the seats' share, and the two sides of a difference.
inline constexpr const char* kMeasureColour = "#3d4a5c";
inline constexpr const char* kShortfallColour = "#ff4f00";
inline constexpr const char* kMembersColour = "#c8c8c8";
inline constexpr const char* kFirstHigherColour = "#00545c";
inline constexpr const char* kSecondHigherColour = "#5c0029";

class SlateColours {
 public:
  // Assigns the next palette colours to `slates` in order (those not yet seen).
  void Assign(const std::vector<std::string>& slates) {
    for (const std::string& s : slates) (*this)(s);
  }
  std::string operator()(const std::string& slate) {
    if (slate == "independent") return kIndependentColour;
    auto it = map_.find(slate);
    if (it != map_.end()) return it->second;
    const std::string c = kSlatePalette[map_.size() % kSlatePaletteSize];
    map_[slate] = c;
    return c;
  }

 private:
  std::map<std::string, std::string> map_;
};

}  // namespace report_detail

// One page's body with the notes and chart ids it produced.
struct PageOutput {
  std::string body;
  std::vector<std::string> notes;
  std::vector<std::string> charts;
  std::string title;  // the scenario's name, empty when unknown
};

// The page of `necsim run` results (report_nec.cc).
Result<PageOutput> RenderNecPage(const ReportInput& in);
// The page of `necsim boundary` results (report_boundary.cc).
Result<PageOutput> RenderBoundaryPage(const ReportInput& in);
// The page of a batch or sweep folder (report_batch.cc).
Result<PageOutput> RenderBatchPage(const ReportInput& in);

}  // namespace necsim
