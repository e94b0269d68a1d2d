#include "report/report_svg.h"

#include <algorithm>
#include <iomanip>
#include <limits>
#include <sstream>

#include "report/report.h"

namespace necsim {
namespace {

constexpr double kCharWidth = 7.1;  // average advance of a 13px sans-serif character

std::string F(double x) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << x;
  std::string s = o.str();
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

// Characters (UTF-8 code points) in s.
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first `n` code points of s, with an ellipsis when cut.
std::string Clip(const std::string& s, size_t n) {
  if (Chars(s) <= n) return s;
  size_t seen = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == n - 1) break;
      ++seen;
    }
  }
  return s.substr(0, i) + "\xE2\x80\xA6";
}

// A round step (1, 2, 2.5, 5 x 10^k) giving at most about `ticks` intervals.
double NiceStep(double span, int ticks, bool integer) {
  if (!(span > 0)) return 1;
  const double raw = span / ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  }
  if (integer) step = std::max(1.0, std::ceil(step));
  return step;
}

std::string TickText(double v, bool percent, double step) {
  std::ostringstream o;
  if (percent) {
    const double pct_step = step * 100;
    const int dp = std::fabs(pct_step - std::round(pct_step)) < 1e-9 ? 0 : (pct_step * 10 >= 1 - 1e-9 ? 1 : 2);
    o << std::fixed << std::setprecision(dp) << (std::fabs(v) < 1e-12 ? 0.0 : v * 100) << "%";
  } else {
    const int dp = std::fabs(step - std::round(step)) < 1e-9 ? 0 : (std::fabs(step * 10 - std::round(step * 10)) < 1e-9 ? 1 : 2);
    o << std::fixed << std::setprecision(dp) << (std::fabs(v) < 1e-12 ? 0.0 : v);
  }
  return o.str();
}

// Legend items laid out in lines across the chart's width; returns the height used.
double Legend(std::ostringstream& o, const std::vector<std::pair<std::string, std::string>>& items, double x_start,
              double width) {
  if (items.empty()) return 0;
  double x = x_start, y = 4;
  for (const auto& [name, colour] : items) {
    const std::string label = Clip(name, 40);
    const double w = 16 + kCharWidth * static_cast<double>(Chars(label)) + 14;
    if (x + w > width && x > x_start) {
      x = x_start;
      y += 18;
    }
    o << "<rect x=\"" << F(x) << "\" y=\"" << F(y + 2) << "\" width=\"11\" height=\"11\" rx=\"2\" fill=\"" << colour
      << "\"/><text class=\"lg\" x=\"" << F(x + 15) << "\" y=\"" << F(y + 12) << "\" font-size=\"13\" fill=\"#333\">"
      << HtmlEscape(label) << "</text>\n";
    x += w;
  }
  return y + 20;
}

std::string Open(const std::string& id, const std::string& title, double width, double h) {
  std::ostringstream o;
  o << "<svg id=\"" << HtmlEscape(id) << "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
    << F(width) << " " << F(h) << "\" role=\"img\" aria-labelledby=\"" << HtmlEscape(id) << "-title\">"
    << "<title id=\"" << HtmlEscape(id) << "-title\">" << HtmlEscape(title) << "</title>\n";
  return o.str();
}

}  // namespace

std::string RenderHChart(const HChart& c) {
  const double width = c.width;
  size_t longest = 4;
  bool any_text = false;
  for (const auto& r : c.rows) {
    longest = std::max(longest, Chars(r.label));
    for (const auto& b : r.bars) any_text |= !b.text.empty();
  }
  const size_t max_label = 28;
  const double label_w = kCharWidth * static_cast<double>(std::min(longest, max_label)) + 8;
  const double x0 = label_w + 6;
  const double x1 = width - (any_text ? 60 : 12);
  const double xmin = c.xmin, xmax = c.xmax > c.xmin ? c.xmax : c.xmin + 1;
  auto X = [&](double v) { return x0 + (std::clamp(v, xmin, xmax) - xmin) / (xmax - xmin) * (x1 - x0); };

  std::ostringstream body;
  const double legend_h = Legend(body, c.legend, x0, width);
  const double top = legend_h + 6;
  size_t max_bars = 1;
  for (const auto& r : c.rows) max_bars = std::max(max_bars, r.bars.size());
  const double bh = max_bars > 1 ? 10 : 13;
  const double row_h = static_cast<double>(max_bars) * bh + 8;
  const double plot_h = std::max(1.0, static_cast<double>(c.rows.size()) * row_h);
  const double bottom = top + plot_h;

  // Grid and axis.
  const double step = NiceStep(xmax - xmin, 5, c.integer_ticks);
  for (double t = std::ceil(xmin / step - 1e-9) * step; t <= xmax + 1e-9; t += step) {
    const double x = X(t);
    body << "<line x1=\"" << F(x) << "\" y1=\"" << F(top - 2) << "\" x2=\"" << F(x) << "\" y2=\"" << F(bottom)
         << "\" stroke=\"" << (std::fabs(t) < 1e-12 ? "#777" : "#e1e1e1") << "\" stroke-width=\"1\"/>"
         << "<text class=\"tk\" x=\"" << F(x) << "\" y=\"" << F(bottom + 13) << "\" font-size=\"12\" fill=\"#555\" "
         << "text-anchor=\"middle\">" << TickText(t, c.percent, step) << "</text>\n";
  }
  if (!c.x_label.empty()) {
    body << "<text class=\"ax\" x=\"" << F((x0 + x1) / 2) << "\" y=\"" << F(bottom + 27)
         << "\" font-size=\"12\" fill=\"#555\" text-anchor=\"middle\">" << HtmlEscape(c.x_label) << "</text>\n";
  }
  const double base = X(std::clamp(0.0, xmin, xmax));
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const HRow& r = c.rows[i];
    const double ry = top + static_cast<double>(i) * row_h + 4;
    const double block = static_cast<double>(r.bars.size()) * bh;
    body << "<g><title>" << HtmlEscape(r.label) << "</title><text class=\"rl\" x=\"" << F(label_w) << "\" y=\""
         << F(ry + block / 2 + 4) << "\" font-size=\"13\" fill=\"#222\" text-anchor=\"end\">"
         << HtmlEscape(Clip(r.label, max_label)) << "</text></g>\n";
    for (size_t k = 0; k < r.bars.size(); ++k) {
      const HBar& b = r.bars[k];
      const double y = ry + static_cast<double>(k) * bh;
      const double xv = X(b.value);
      body << "<g><title>" << HtmlEscape(b.tip.empty() ? r.label + ": " + b.text : b.tip) << "</title>";
      body << "<rect x=\"" << F(std::min(base, xv)) << "\" y=\"" << F(y) << "\" width=\""
           << F(std::max(std::fabs(xv - base), b.value != 0 ? 1.0 : 0.0)) << "\" height=\"" << F(bh - 1)
           << "\" fill=\"" << b.colour << "\"/>";
      if (!std::isnan(b.lo) && !std::isnan(b.hi)) {
        const double ym = y + (bh - 1) / 2;
        const double a = X(b.lo), z = X(b.hi);
        body << "<path d=\"M" << F(a) << " " << F(ym) << "H" << F(z) << "M" << F(a) << " " << F(ym - 3) << "V"
             << F(ym + 3) << "M" << F(z) << " " << F(ym - 3) << "V" << F(ym + 3)
             << "\" stroke=\"#222\" stroke-width=\"1\" fill=\"none\"/>";
      }
      if (!b.text.empty()) {
        body << "<text class=\"" << (r.bars.size() > 1 ? "bvs" : "bv") << "\" x=\"" << F(x1 + 5) << "\" y=\""
             << F(y + bh - 3) << "\" font-size=\"" << (r.bars.size() > 1 ? "11" : "12") << "\" fill=\"#333\">"
             << HtmlEscape(b.text) << "</text>";
      }
      body << "</g>\n";
    }
  }
  const double h = bottom + (c.x_label.empty() ? 20 : 32);
  return Open(c.id, c.title, width, h) + body.str() + "</svg>\n";
}

std::string RenderVChart(const VChart& c) {
  const double width = c.width;
  std::ostringstream body;
  const double x0 = 46, x1 = width - 10;
  std::vector<std::pair<std::string, std::string>> legend;
  if (c.series.size() > 1) {
    for (const auto& s : c.series) legend.emplace_back(s.name, s.colour);
  }
  const double legend_h = Legend(body, legend, x0, width);
  const double top = legend_h + 10;
  const double h = top + 190;
  const double bottom = h - 34;
  double ymax = 0.05;
  for (const auto& s : c.series) {
    for (double v : s.values) ymax = std::max(ymax, v);
  }
  const double step = NiceStep(ymax, 4, false);
  ymax = std::ceil(ymax / step - 1e-9) * step;
  auto Y = [&](double v) { return bottom - std::clamp(v, 0.0, ymax) / ymax * (bottom - top); };
  for (double t = 0; t <= ymax + 1e-9; t += step) {
    body << "<line x1=\"" << F(x0) << "\" y1=\"" << F(Y(t)) << "\" x2=\"" << F(x1) << "\" y2=\"" << F(Y(t))
         << "\" stroke=\"" << (t == 0 ? "#777" : "#e1e1e1") << "\" stroke-width=\"1\"/><text class=\"tk\" x=\""
         << F(x0 - 5) << "\" y=\"" << F(Y(t) + 4) << "\" font-size=\"12\" fill=\"#555\" text-anchor=\"end\">"
         << TickText(t, true, step) << "</text>\n";
  }
  const size_t n = std::max<size_t>(c.categories.size(), 1);
  const double band = (x1 - x0) / static_cast<double>(n);
  const double group = band * 0.82;
  const double bw = group / static_cast<double>(std::max<size_t>(c.series.size(), 1));
  // Label every k-th category so that labels do not run into each other.
  size_t longest = 1;
  for (const auto& cat : c.categories) longest = std::max(longest, Chars(cat));
  const double label_w = 6.8 * static_cast<double>(longest) + 6;
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(label_w / band)));
  for (size_t i = 0; i < c.categories.size(); ++i) {
    const double bx = x0 + static_cast<double>(i) * band + (band - group) / 2;
    if (i % every == 0) {
      body << "<text class=\"ct\" x=\"" << F(x0 + (static_cast<double>(i) + 0.5) * band) << "\" y=\"" << F(bottom + 14)
           << "\" font-size=\"12\" fill=\"#333\" text-anchor=\"middle\">" << HtmlEscape(c.categories[i]) << "</text>\n";
    }
    for (size_t k = 0; k < c.series.size(); ++k) {
      const VSeries& s = c.series[k];
      const double v = i < s.values.size() ? s.values[i] : 0.0;
      if (v <= 0) continue;
      std::ostringstream pct;
      pct << std::fixed << std::setprecision(1) << 100 * v << "%";
      body << "<rect x=\"" << F(bx + static_cast<double>(k) * bw) << "\" y=\"" << F(Y(v)) << "\" width=\""
           << F(std::max(bw - 1, 1.0)) << "\" height=\"" << F(std::max(bottom - Y(v), 0.5)) << "\" fill=\"" << s.colour
           << "\"><title>" << HtmlEscape(s.name) << ", " << HtmlEscape(c.x_label) << " " << HtmlEscape(c.categories[i])
           << ": " << pct.str() << "</title></rect>\n";
      // The bar's value on it, where the bar is wide enough for the text.
      if (bw >= 20 && v >= 0.005) {
        body << "<text class=\"bvs\" x=\"" << F(bx + (static_cast<double>(k) + 0.5) * bw - 0.5) << "\" y=\""
             << F(Y(v) - 2) << "\" font-size=\"9\" fill=\"#333\" text-anchor=\"middle\">" << std::fixed
             << std::setprecision(0) << 100 * v << "%</text>\n";
      }
    }
  }
  if (c.marker >= 0 && static_cast<size_t>(c.marker) <= c.categories.size()) {
    const double mx = x0 + (static_cast<double>(c.marker) + (c.marker_centre ? 0.5 : 0.0)) * band;
    body << "<line x1=\"" << F(mx) << "\" y1=\"" << F(top - 4) << "\" x2=\"" << F(mx) << "\" y2=\"" << F(bottom)
         << "\" stroke=\"#222\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/><text class=\"mk\" x=\"" << F(mx + 4)
         << "\" y=\"" << F(top + 6) << "\" font-size=\"12\" fill=\"#222\">" << HtmlEscape(c.marker_label)
         << "</text>\n";
  }
  if (!c.x_label.empty()) {
    body << "<text class=\"ax\" x=\"" << F((x0 + x1) / 2) << "\" y=\"" << F(bottom + 28)
         << "\" font-size=\"12\" fill=\"#555\" text-anchor=\"middle\">" << HtmlEscape(c.x_label) << "</text>\n";
  }
  return Open(c.id, c.title, width, h) + body.str() + "</svg>\n";
}

std::string RenderLineChart(const LineChart& c) {
  const double width = c.width;
  std::ostringstream body;
  const double x0 = 46, x1 = width - 64;  // room on the right for the series' labels
  std::vector<std::pair<std::string, std::string>> legend;
  for (const auto& s : c.series) legend.emplace_back(s.name, s.colour);
  const double legend_h = Legend(body, legend, x0, width);
  const double top = legend_h + 10;
  const double h = top + 230;
  const double bottom = h - 36;
  double ymax = std::max(c.ymin + 1e-9, c.ymax);
  for (const auto& s : c.series) {
    for (const auto& p : s.points) ymax = std::max({ymax, p.y, std::isnan(p.hi) ? p.y : p.hi});
  }
  const double step = NiceStep(ymax - c.ymin, 5, c.integer_ticks);
  ymax = c.ymin + std::ceil((ymax - c.ymin) / step - 1e-9) * step;
  double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin;
  for (const auto& [x, label] : c.x_ticks) {
    xmin = std::min(xmin, x);
    xmax = std::max(xmax, x);
  }
  if (!(xmax > xmin)) {
    xmin = c.x_ticks.empty() ? 0 : c.x_ticks[0].first - 1;
    xmax = xmin + 2;
  }
  auto X = [&](double v) { return x0 + (v - xmin) / (xmax - xmin) * (x1 - x0); };
  auto Y = [&](double v) { return bottom - (std::clamp(v, c.ymin, ymax) - c.ymin) / (ymax - c.ymin) * (bottom - top); };
  for (double t = c.ymin; t <= ymax + 1e-9; t += step) {
    body << "<line x1=\"" << F(x0) << "\" y1=\"" << F(Y(t)) << "\" x2=\"" << F(x1) << "\" y2=\"" << F(Y(t))
         << "\" stroke=\"" << (t == c.ymin ? "#777" : "#e1e1e1") << "\" stroke-width=\"1\"/><text class=\"tk\" x=\""
         << F(x0 - 5) << "\" y=\"" << F(Y(t) + 4) << "\" font-size=\"12\" fill=\"#555\" text-anchor=\"end\">"
         << TickText(t, c.percent, step) << "</text>\n";
  }
  // Tick labels along x, thinned so that they do not run into each other.
  size_t longest = 1;
  for (const auto& [x, label] : c.x_ticks) longest = std::max(longest, Chars(label));
  const double room = c.x_ticks.size() > 1 ? (x1 - x0) / static_cast<double>(c.x_ticks.size() - 1) : x1 - x0;
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((6.8 * static_cast<double>(longest) + 6) / room)));
  for (size_t i = 0; i < c.x_ticks.size(); ++i) {
    if (i % every != 0 && i + 1 != c.x_ticks.size()) continue;
    const double x = X(c.x_ticks[i].first);
    body << "<line x1=\"" << F(x) << "\" y1=\"" << F(bottom) << "\" x2=\"" << F(x) << "\" y2=\"" << F(bottom + 4)
         << "\" stroke=\"#777\" stroke-width=\"1\"/><text class=\"ct\" x=\"" << F(x) << "\" y=\"" << F(bottom + 16)
         << "\" font-size=\"12\" fill=\"#333\" text-anchor=\"middle\">" << HtmlEscape(c.x_ticks[i].second)
         << "</text>\n";
  }
  if (!c.x_label.empty()) {
    body << "<text class=\"ax\" x=\"" << F((x0 + x1) / 2) << "\" y=\"" << F(bottom + 31)
         << "\" font-size=\"12\" fill=\"#555\" text-anchor=\"middle\">" << HtmlEscape(c.x_label) << "</text>\n";
  }
  if (!c.y_label.empty()) {
    body << "<text class=\"ax\" x=\"" << F(x0) << "\" y=\"" << F(top - 4)
         << "\" font-size=\"12\" fill=\"#555\">" << HtmlEscape(c.y_label) << "</text>\n";
  }
  // Bands first (under every line), then the lines with a dot per point, then
  // each series' name at its last point.
  for (const auto& s : c.series) {
    std::string upper, lower;
    bool any_band = false;
    for (const auto& p : s.points) {
      if (std::isnan(p.lo) || std::isnan(p.hi)) continue;
      any_band = true;
      upper += upper.empty() ? 'M' : 'L';  // (appended piece by piece: GCC 12 warns falsely on "M" + string)
      upper += F(X(p.x));
      upper += ' ';
      upper += F(Y(p.hi));
    }
    for (auto it = s.points.rbegin(); it != s.points.rend(); ++it) {
      if (std::isnan(it->lo) || std::isnan(it->hi)) continue;
      lower += 'L';
      lower += F(X(it->x));
      lower += ' ';
      lower += F(Y(it->lo));
    }
    if (any_band) {
      body << "<path class=\"band\" d=\"" << upper << lower << "Z\" fill=\"" << s.colour
           << "\" fill-opacity=\"0.18\" stroke=\"none\"><title>" << HtmlEscape(s.name + ": " + c.band_label)
           << "</title></path>\n";
    }
  }
  for (const auto& s : c.series) {
    std::string d;
    for (const auto& p : s.points) {
      d += d.empty() ? 'M' : 'L';
      d += F(X(p.x));
      d += ' ';
      d += F(Y(p.y));
    }
    body << "<path class=\"line\" d=\"" << d << "\" fill=\"none\" stroke=\"" << s.colour << "\" stroke-width=\"2\"/>\n";
    for (const auto& p : s.points) {
      body << "<circle cx=\"" << F(X(p.x)) << "\" cy=\"" << F(Y(p.y)) << "\" r=\"3\" fill=\"" << s.colour
           << "\"><title>" << HtmlEscape(p.tip) << "</title></circle>\n";
    }
  }
  // Series labels at the right end, pushed apart to stay legible.
  std::vector<std::pair<double, size_t>> ends;
  for (size_t k = 0; k < c.series.size(); ++k) {
    if (!c.series[k].points.empty()) ends.emplace_back(Y(c.series[k].points.back().y), k);
  }
  std::sort(ends.begin(), ends.end());
  for (size_t k = 1; k < ends.size(); ++k) ends[k].first = std::max(ends[k].first, ends[k - 1].first + 12);
  for (const auto& [y, k] : ends) {
    body << "<text class=\"lg\" x=\"" << F(x1 + 6) << "\" y=\"" << F(y + 4) << "\" font-size=\"11\" fill=\""
         << c.series[k].colour << "\">" << HtmlEscape(Clip(c.series[k].name, 9)) << "</text>\n";
  }
  return Open(c.id, c.title, width, h) + body.str() + "</svg>\n";
}

}  // namespace necsim
