// Inline SVG charts for the HTML report: horizontal bar charts (one or more
// bars per labelled row, optional whiskers, diverging around zero when the
// range spans it) and vertical grouped bar charts of distributions. Every
// chart scales with its container (viewBox, width 100%), every bar carries a
// <title> with its value (a tooltip without script), and all text is escaped.
// Text elements carry a class naming their role, for the page's phone-width
// styles (sim/report/report_page.cc, Css): lg legend, rl row label, tk tick, ax axis
// title, bv / bvs bar value (one bar / several bars a row), ct category,
// mk marker label. Their sizes here are the desktop and print sizes.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace necsim {

// The viewBox width of a chart in a card of the grid, and of one that spans
// the page (a page of one rule set): text keeps its size as the chart widens.
inline constexpr double kChartWidth = 480;
inline constexpr double kWideChartWidth = 960;

struct HBar {
  double value = 0;
  std::string colour = "#0072b2";
  // Whisker ends (e.g. a 95% interval or a 5-95% range); NaN for none.
  double lo = std::numeric_limits<double>::quiet_NaN();
  double hi = std::numeric_limits<double>::quiet_NaN();
  std::string text;  // printed beside the bar
  std::string tip;   // tooltip
};

struct HRow {
  std::string label;
  std::vector<HBar> bars;
};

struct HChart {
  std::string id;     // the <svg> element's id
  std::string title;  // the <title> of the chart (accessible name)
  std::vector<HRow> rows;
  double xmin = 0, xmax = 1;
  bool percent = false;        // axis ticks as percentages
  bool integer_ticks = false;  // axis ticks on whole numbers
  std::string x_label;
  std::vector<std::pair<std::string, std::string>> legend;  // (name, colour)
  double width = kChartWidth;  // viewBox width (kWideChartWidth for a chart across the page)
};

struct VSeries {
  std::string name;
  std::string colour;
  std::vector<double> values;  // one per category, probabilities
};

struct VChart {
  std::string id;
  std::string title;
  std::vector<std::string> categories;
  std::vector<VSeries> series;
  std::string x_label;
  int marker = -1;  // a dashed line at the left edge of this category (e.g. the women's minimum)
  bool marker_centre = false;  // ... or through its centre (e.g. "no change")
  std::string marker_label;
  double width = kChartWidth;
};

// A line chart of a quantity against a swept value: one line per series,
// each point with an optional band (lo, hi; NaN for none) drawn as a shaded
// area under the lines, and each series' name at its last point.
struct LinePoint {
  double x = 0, y = 0;
  double lo = std::numeric_limits<double>::quiet_NaN();
  double hi = std::numeric_limits<double>::quiet_NaN();
  std::string tip;  // the point's tooltip
};

struct LineSeries {
  std::string name;
  std::string colour;
  std::vector<LinePoint> points;  // in order of x
};

struct LineChart {
  std::string id;
  std::string title;
  std::vector<LineSeries> series;
  std::vector<std::pair<double, std::string>> x_ticks;  // (x, label): the swept values
  std::string x_label, y_label;
  std::string band_label;  // what the band is, for its tooltip
  double ymin = 0, ymax = 1;  // the y axis spans at least this range
  bool percent = false;
  bool integer_ticks = false;
  double width = kChartWidth;
};

std::string RenderHChart(const HChart& c);
std::string RenderVChart(const VChart& c);
std::string RenderLineChart(const LineChart& c);

}  // namespace necsim
