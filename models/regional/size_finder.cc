#include "regional/size_finder.h"

#include "regional/apportion.h"

namespace necsim {

Result<SectionSize> FindSectionSize(const Electorate& sc, const std::vector<RuleSetConfig>& rule_sets,
                                    const std::string& name) {
  const RuleSetConfig* rs = nullptr;
  for (const auto& r : rule_sets) {
    if (r.name == name) rs = &r;
  }
  if (rs == nullptr) return MakeError("no rule set named '" + name + "' in the scenario", "--rule-set");
  if (!rs->is_regional()) {
    return MakeError("rule set '" + name + "' is not a regional design (it has no 'regional:')", "--rule-set");
  }
  const RegionalDesign& d = rs->regional;
  SectionSize out;
  out.rule_set = name;
  std::vector<std::string> names;
  for (const auto& r : sc.regions) names.push_back(r.name);
  const int R = static_cast<int>(sc.regions.size());
  if (d.apportioned) {
    const auto method = static_cast<ApportionMethod>(d.apportion_method);
    out.method = ApportionMethodName(method) + " on " + d.apportion_by;
    bool found = false;
    for (int seats = R; seats <= 2000 && !found; ++seats) {
      auto a = Apportion(names, d.apportion_counts, seats, method, 0);
      if (!a) continue;  // a tie for the last seat: try the next size
      bool all = true;
      for (int s : *a) all &= s >= 1;
      if (all) {
        found = true;
        out.seats_by_region = *a;
        out.regional_seats = seats;
      }
    }
    if (!found) return MakeError("no size up to 2000 seats gives every region a seat under " + out.method, "--rule-set");
  } else {
    out.method = d.apportionment;
    out.seats_by_region.assign(static_cast<size_t>(R), 0);
    for (size_t k = 0; k < d.districts.size(); ++k) {
      // Pairs elect one seat per member region.
      const int each = d.gender == RegionalGender::kPairing ? 1 : d.district_seats[k] / static_cast<int>(d.districts[k].size());
      for (int r : d.districts[k]) out.seats_by_region[static_cast<size_t>(r)] = each;
    }
    out.regional_seats = 0;
    for (int s : d.district_seats) out.regional_seats += s;
  }
  switch (d.gender) {
    case RegionalGender::kPairing:
      out.women_rule = "pairing: each pair elects a woman and a man";
      break;
    case RegionalGender::kTwoPerRegion:
      out.women_rule = "two seats per region, one of each gender";
      break;
    case RegionalGender::kZipping:
      out.women_rule = "zipping of regional winners (needs a woman standing in enough regions)";
      break;
    case RegionalGender::kNone:
      out.top_up_seats = out.regional_seats;
      out.women_rule = "national top-up seats: all " + std::to_string(out.regional_seats) +
                       " regional seats may go to men, so as many top-up seats are needed";
      break;
  }
  out.total_seats = out.regional_seats + out.top_up_seats;
  return out;
}

void ResizeRuleSet(std::vector<RuleSetConfig>& rule_sets, const std::string& name, const SectionSize& size,
                   Rule top_up_rule) {
  for (auto& rs : rule_sets) {
    if (rs.name != name) continue;
    RegionalDesign& d = rs.regional;
    if (d.apportioned && d.gender == RegionalGender::kNone) {
      for (size_t k = 0; k < d.districts.size(); ++k) d.district_seats[k] = size.seats_by_region[static_cast<size_t>(d.districts[k][0])];
    }
    if (size.top_up_seats > 0) {
      rs.national_seats = size.top_up_seats;
      rs.national_rule = top_up_rule;
      rs.seats = size.total_seats;
      rs.women_min = WomenMinimum(size.total_seats);
    } else {
      rs.seats = size.total_seats + rs.national_seats;
    }
    rs.name = name + "_sized";
  }
}

}  // namespace necsim
