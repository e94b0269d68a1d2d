#include "scenario/sweep.h"

#include "core/input_file.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <set>
#include <sstream>

#include "io/csv.h"
#include "scenario/yaml_reader.h"

namespace necsim {
namespace {

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// A plain decimal: [+-]digits[.digits] (no exponent), at most 18 digits.
struct Decimal {
  bool negative = false;
  std::string int_digits, frac_digits;
};

bool ParseDecimal(const std::string& text, Decimal& d) {
  const std::string s = Trim(text);
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) d.int_digits += s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) d.frac_digits += s[i++];
  }
  if (i != s.size() || (d.int_digits.empty() && d.frac_digits.empty())) return false;
  return d.int_digits.size() + d.frac_digits.size() <= 18;
}

// The decimal as an integer scaled by 10^places (places >= its own).
int64_t Scaled(const Decimal& d, size_t places) {
  std::string digits = d.int_digits + d.frac_digits + std::string(places - d.frac_digits.size(), '0');
  const size_t nz = digits.find_first_not_of('0');
  const int64_t v = nz == std::string::npos ? 0 : std::stoll(digits.substr(nz));
  return d.negative ? -v : v;
}

// An integer scaled by 10^places as canonical decimal text.
std::string FormatScaled(int64_t v, size_t places) {
  const bool neg = v < 0;
  std::string digits = std::to_string(neg ? -v : v);
  if (digits.size() <= places) digits = std::string(places - digits.size() + 1, '0') + digits;
  std::string ip = digits.substr(0, digits.size() - places);
  std::string fp = digits.substr(digits.size() - places);
  while (!fp.empty() && fp.back() == '0') fp.pop_back();
  std::string out = ip + (fp.empty() ? "" : "." + fp);
  if (neg && out != "0") out = "-" + out;
  return out;
}

Error Plain(const std::string& field, const std::string& msg) {
  Error e;
  e.field = field;
  e.message = msg;
  return e;
}

// The shortest text that reads back as exactly `x`.
std::string Exact(double x) {
  for (int digits = 15; digits <= 17; ++digits) {
    std::ostringstream os;
    os << std::setprecision(digits) << x;
    if (std::stod(os.str()) == x || digits == 17) return os.str();
  }
  return "";
}

}  // namespace

std::string CanonicalValue(const std::string& text) {
  Decimal d;
  if (!ParseDecimal(text, d)) return text;
  return FormatScaled(Scaled(d, d.frac_digits.size()), d.frac_digits.size());
}

Result<std::vector<std::string>> ParseSweepValues(const std::string& text, const std::string& field) {
  const std::string t = Trim(text);
  if (t.empty()) return Plain(field, "no values to sweep (give V1,V2,... or START:STOP:STEP)");
  std::vector<std::string> out;
  if (t.find(':') != std::string::npos && t.find(',') == std::string::npos) {
    std::vector<std::string> parts;
    std::stringstream ss(t);
    std::string part;
    while (std::getline(ss, part, ':')) parts.push_back(part);
    if (t.back() == ':') parts.emplace_back();
    Decimal a, b, s;
    if (parts.size() != 3 || !ParseDecimal(parts[0], a) || !ParseDecimal(parts[1], b) || !ParseDecimal(parts[2], s)) {
      return Plain(field, "a range is START:STOP:STEP with decimal numbers (e.g. 0.40:0.60:0.02), got '" + t + "'");
    }
    const size_t places = std::max({a.frac_digits.size(), b.frac_digits.size(), s.frac_digits.size()});
    const int64_t ia = Scaled(a, places), ib = Scaled(b, places), is = Scaled(s, places);
    if (is == 0) return Plain(field, "the range's STEP is 0 in '" + t + "'");
    if ((is > 0 && ib < ia) || (is < 0 && ib > ia)) {
      return Plain(field, "empty range '" + t + "': STOP is " + (is > 0 ? "below" : "above") + " START with a " +
                              (is > 0 ? "positive" : "negative") + " STEP");
    }
    // Points START + k STEP for k = 0 .. floor((STOP - START) / STEP), in integers.
    const int64_t n = (ib - ia) / is + 1;
    if (n > 10000) return Plain(field, "the range '" + t + "' has " + std::to_string(n) + " values (limit 10000)");
    for (int64_t k = 0; k < n; ++k) out.push_back(FormatScaled(ia + k * is, places));
    return out;
  }
  std::stringstream ss(t);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const std::string v = Trim(item);
    if (v.empty()) return Plain(field, "an empty value in the list '" + t + "'");
    out.push_back(CanonicalValue(v));
  }
  if (t.back() == ',') return Plain(field, "an empty value in the list '" + t + "'");
  return out;
}

Result<SweepAxis> ParseSweepArg(const std::string& arg) {
  const size_t eq = arg.find('=');
  if (eq == std::string::npos || Trim(arg.substr(0, eq)).empty()) {
    return Plain("--sweep", "expected PATH=V1,V2,... or PATH=START:STOP:STEP, got '" + arg + "'");
  }
  SweepAxis ax;
  ax.path = Trim(arg.substr(0, eq));
  auto values = ParseSweepValues(arg.substr(eq + 1), "--sweep " + ax.path);
  if (!values) return values.error();
  ax.values = *values;
  ax.origin.file = "--sweep " + arg;
  ax.origin.field = ax.path;
  return ax;
}

Result<std::vector<SweepAxis>> ReadSweepBlock(const std::string& scenario_file) {
  // The file's own `sweep:`, else the nearest base's up the `extends:` chain
  // (paths as the scenario loader resolves them, relative to the file that
  // names them). Unreadable files, bad YAML and cycles are the scenario
  // loader's to report: here they just end the search.
  std::vector<SweepAxis> axes;
  std::string file = scenario_file;
  YAML::Node root;
  for (int depth = 0;; ++depth) {
    auto text = ReadInputFile(file, kScenarioInput);
    if (!text.ok()) return axes;
    try {
      root = LoadYaml(*text);
    } catch (const YAML::Exception&) {
      return axes;
    }
    if (!root.IsMap()) return axes;
    if (root["sweep"]) break;
    const YAML::Node ext = root["extends"];
    if (!ext || !ext.IsScalar() || ext.Scalar().empty() || depth >= 32) return axes;
    file = (std::filesystem::path(file).parent_path() / ext.Scalar()).lexically_normal().string();
  }
  const YAML::Node sw = root["sweep"];
  auto located = [&](const YAML::Node& at, const std::string& field, const std::string& msg) {
    Error e;
    e.file = file;
    const YAML::Mark m = at.Mark();
    if (!m.is_null()) {
      e.line = m.line + 1;
      e.column = m.column + 1;
    }
    e.field = field;
    e.message = msg;
    return e;
  };
  // `sweep: none` (or null, ~, nothing): no sweep here, and none inherited.
  if (sw.IsNull() || (sw.IsScalar() && sw.Scalar() == "none")) return axes;
  if (!sw.IsMap() || sw.size() == 0) {
    return located(sw, "sweep",
                   "expected a mapping of fields to values (e.g. blocs.left.share: 0.40:0.60:0.02), or none (no "
                   "sweep, not even a base's)");
  }
  std::set<std::string> seen;
  for (const auto& kv : sw) {
    SweepAxis ax;
    ax.path = kv.first.IsScalar() ? Trim(kv.first.Scalar()) : "";
    const std::string field = "sweep." + ax.path;
    if (ax.path.empty()) return located(kv.first, "sweep", "expected a field path (e.g. blocs.left.share)");
    if (!seen.insert(ax.path).second) return located(kv.first, field, "'" + ax.path + "' is swept twice");
    const YAML::Node v = kv.second;
    if (v.IsSequence()) {
      if (v.size() == 0) return located(v, field, "no values to sweep (an empty list)");
      for (const auto& item : v) {
        if (!item.IsScalar()) return located(item, field, "each value must be a single number or name");
        ax.values.push_back(CanonicalValue(item.Scalar()));
      }
    } else if (v.IsScalar()) {
      auto values = ParseSweepValues(v.Scalar(), field);
      if (!values) return located(v, field, values.error().message);
      ax.values = *values;
    } else {
      return located(v, field, "expected a list of values or \"START:STOP:STEP\"");
    }
    ax.origin = located(kv.first, field, "");
    axes.push_back(ax);
  }
  return axes;
}

Result<std::vector<SweepPoint>> ExpandGrid(const std::vector<SweepAxis>& axes, size_t max_points) {
  size_t total = 1;
  for (const auto& a : axes) {
    if (a.values.empty()) return Plain(a.path, "no values to sweep");
    if (total > max_points / a.values.size() + 1) total = max_points + 1;
    else total *= a.values.size();
  }
  if (total > max_points) {
    return Plain("sweep", "the grid has more than " + std::to_string(max_points) + " points; sweep fewer values");
  }
  std::vector<SweepPoint> out(total);
  for (size_t i = 0; i < total; ++i) {
    size_t rest = i;
    std::vector<Override> s(axes.size());
    for (size_t k = axes.size(); k-- > 0;) {  // the last axis varies fastest
      const size_t n = axes[k].values.size();
      s[k] = {axes[k].path, axes[k].values[rest % n]};
      rest /= n;
    }
    out[i].settings = s;
  }
  return out;
}

Result<std::vector<Override>> ShareRenormalisation(const Scenario& base, const std::vector<Override>& settings) {
  const size_t B = base.blocs.size(), R = base.regions.size();
  std::vector<std::vector<double>> share(B);
  for (size_t b = 0; b < B; ++b) share[b] = base.blocs[b].share;
  std::vector<std::vector<char>> set(B, std::vector<char>(R, 0));
  std::vector<char> any_set(B, 0);
  bool swept = false;
  for (const Override& o : settings) {
    std::vector<std::string> parts;
    std::stringstream ss(o.path);
    std::string p;
    while (std::getline(ss, p, '.')) parts.push_back(p);
    if ((parts.size() != 3 && parts.size() != 4) || parts[0] != "blocs" || parts[2] != "share") continue;
    int b = -1;
    for (size_t k = 0; k < B; ++k) {
      if (base.blocs[k].name == parts[1]) b = static_cast<int>(k);
    }
    if (b < 0 && !parts[1].empty() && parts[1].find_first_not_of("0123456789") == std::string::npos &&
        parts[1].size() < 9 && std::stoul(parts[1]) < B) {
      b = static_cast<int>(std::stoul(parts[1]));
    }
    if (b < 0) continue;  // an unknown bloc: the loader reports it
    // A number (any length: the rescaled shares are written with 17
    // significant digits); anything else is the loader's to report.
    const std::string text = Trim(o.value);
    char* end = nullptr;
    const double v = text.empty() ? 0.0 : std::strtod(text.c_str(), &end);
    if (text.empty() || text.find_first_of("xXnN") != std::string::npos || end != text.c_str() + text.size() ||
        !std::isfinite(v)) {
      continue;
    }
    for (size_t r = 0; r < R; ++r) {
      if (parts.size() == 4 && base.regions[r].name != parts[3]) continue;
      share[static_cast<size_t>(b)][r] = v;
      set[static_cast<size_t>(b)][r] = 1;
      any_set[static_cast<size_t>(b)] = 1;
      swept = true;
    }
  }
  std::vector<Override> out;
  if (!swept) return out;
  std::vector<char> changed(B, 0);
  for (size_t r = 0; r < R; ++r) {
    double fixed = 0, rest = 0;
    bool region_swept = false;
    for (size_t b = 0; b < B; ++b) {
      region_swept |= set[b][r] != 0;
      if (any_set[b]) fixed += share[b][r];
      else rest += share[b][r];
    }
    if (!region_swept) continue;
    const double target = 1.0 - fixed;  // within the loader's 10^-6 of a sum of 1
    if (target < -1e-6) {
      std::ostringstream os;
      os << "the bloc shares set (by --set or a sweep) in region '" << base.regions[r].name << "' add up to " << fixed
         << ", more than 1";
      return Plain("blocs.share", os.str());
    }
    if (rest <= 0) {
      if (std::fabs(target) <= 1e-6) continue;
      return Plain("blocs.share", "cannot rescale the other blocs' shares in region '" + base.regions[r].name +
                                      "' to fill " + CsvNumber(target) + ": they have no share there");
    }
    for (size_t b = 0; b < B; ++b) {
      if (any_set[b]) continue;
      share[b][r] = std::max(0.0, share[b][r] * target / rest);
      changed[b] = 1;
    }
  }
  for (size_t b = 0; b < B; ++b) {
    if (!changed[b]) continue;
    std::ostringstream os;
    os << "{";
    for (size_t r = 0; r < R; ++r) {
      std::string key;
      for (char c : base.regions[r].name) {
        if (c == '"' || c == '\\') key += '\\';
        key += c;
      }
      os << (r ? ", " : "") << "\"" << key << "\": " << Exact(share[b][r]);
    }
    os << "}";
    out.push_back({"blocs." + base.blocs[b].name + ".share", os.str()});
  }
  return out;
}

}  // namespace necsim
