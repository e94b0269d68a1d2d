#include "regional/apportion.h"

#include <algorithm>
#include <cctype>
#include <queue>
#include <set>

namespace necsim {
namespace {

using U128 = unsigned __int128;

// A priority num/den >= 0; den == 0 stands for +infinity (Huntington-Hill's
// first seat). Compared exactly by cross-multiplication: with populations at
// most 10^12 and seats at most 10^6 every product stays below 2^121.
struct Priority {
  U128 num = 0;
  U128 den = 1;
};

int Compare(const Priority& a, const Priority& b) {
  if (a.den == 0 || b.den == 0) {
    if (a.den == 0 && b.den == 0) return 0;
    return a.den == 0 ? 1 : -1;
  }
  const U128 l = a.num * b.den;
  const U128 r = b.num * a.den;
  return l < r ? -1 : (l > r ? 1 : 0);
}

// The priority of a region with population p for its (n+1)-th seat.
Priority DivisorPriority(ApportionMethod m, int64_t p, int n) {
  const U128 pp = static_cast<U128>(p);
  const U128 nn = static_cast<U128>(n);
  switch (m) {
    case ApportionMethod::kDHondt:
      return {pp, nn + 1};  // p / (n + 1)
    case ApportionMethod::kSainteLague:
      return {2 * pp, 2 * nn + 1};  // p / (n + 1/2)
    case ApportionMethod::kHuntingtonHill:
      return {pp * pp, nn * (nn + 1)};  // (p / sqrt(n (n + 1)))^2
    case ApportionMethod::kHamilton:
      break;
  }
  return {0, 1};
}

// "A", "A and B", "A, B and C".
std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size()) ? " and " : ", ";
    out += names[i];
  }
  return out;
}

Error TieError(const std::vector<std::string>& tied, int seats_at_tie) {
  const std::string who = JoinNames(tied);
  if (seats_at_tie <= 1) return MakeError("the last seat is tied between " + who);
  return MakeError("the last " + std::to_string(seats_at_tie) + " seats are tied between " + who);
}

// Divisor methods with a floor: everyone starts at `min`, then each further
// seat goes to the highest priority p / d(n). Equivalent to
// n_i = max(min, round_d(p_i / lambda)) for a suitable divisor lambda.
Result<std::vector<int>> Divisor(const std::vector<std::string>& names, const std::vector<int64_t>& pops, int seats,
                                 ApportionMethod method, int min) {
  const size_t k = pops.size();
  std::vector<int> n(k, min);
  const int64_t to_give = seats - static_cast<int64_t>(min) * static_cast<int64_t>(k);
  if (to_give == 0) return n;

  struct Entry {
    Priority pr;
    size_t region;
  };
  // Highest priority first; equal priorities in input order (a tie across the
  // last seat is reported below, so this order never decides a result).
  auto lower = [](const Entry& a, const Entry& b) {
    const int c = Compare(a.pr, b.pr);
    return c != 0 ? c < 0 : a.region > b.region;
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> queue(lower);
  for (size_t i = 0; i < k; ++i) queue.push({DivisorPriority(method, pops[i], n[i]), i});
  Priority last;
  for (int64_t s = 0; s < to_give; ++s) {
    const Entry top = queue.top();
    queue.pop();
    last = top.pr;
    ++n[top.region];
    queue.push({DivisorPriority(method, pops[top.region], n[top.region]), top.region});
  }
  // A tie matters only if some region still waiting has the priority at which
  // the last seat was given.
  std::vector<std::string> tied;
  int seats_at_tie = 0;
  bool waiting = false;
  for (size_t i = 0; i < k; ++i) {
    if (n[i] > min && Compare(DivisorPriority(method, pops[i], n[i] - 1), last) == 0) {
      tied.push_back(names[i]);
      ++seats_at_tie;
    } else if (Compare(DivisorPriority(method, pops[i], n[i]), last) == 0) {
      tied.push_back(names[i]);
      waiting = true;
    }
  }
  if (waiting) return TieError(tied, seats_at_tie);
  return n;
}

// Hamilton with a floor ("minimum then quota"): regions whose Hare quota is
// below the minimum get the minimum and are set aside; the quota is
// recomputed over the remaining seats and regions until none falls below;
// the rest get the integer parts of their quotas and the seats left over go
// to the largest remainders.
Result<std::vector<int>> Hamilton(const std::vector<std::string>& names, const std::vector<int64_t>& pops, int seats,
                                  int min) {
  const size_t k = pops.size();
  std::vector<int> n(k, 0);
  std::vector<bool> fixed(k, false);
  U128 remaining = static_cast<U128>(seats);
  U128 pop = 0;
  for (int64_t p : pops) pop += static_cast<U128>(p);
  while (true) {
    std::vector<size_t> low;
    for (size_t i = 0; i < k; ++i) {
      // quota p R / P < min  <=>  p R < min P
      if (!fixed[i] && static_cast<U128>(pops[i]) * remaining < static_cast<U128>(min) * pop) low.push_back(i);
    }
    if (low.empty()) break;
    for (size_t i : low) {
      fixed[i] = true;
      n[i] = min;
      remaining -= static_cast<U128>(min);
      pop -= static_cast<U128>(pops[i]);
    }
  }
  // pop > 0 here: setting every region aside would need seats < regions x min.
  std::vector<size_t> active;
  std::vector<U128> rem(k, 0);
  U128 given = 0;
  for (size_t i = 0; i < k; ++i) {
    if (fixed[i]) continue;
    const U128 q = static_cast<U128>(pops[i]) * remaining;
    n[i] = static_cast<int>(q / pop);
    rem[i] = q % pop;
    given += q / pop;
    active.push_back(i);
  }
  const size_t left = static_cast<size_t>(remaining - given);  // < active.size()
  if (left == 0) return n;
  std::stable_sort(active.begin(), active.end(), [&](size_t a, size_t b) { return rem[a] > rem[b]; });
  const U128 cut = rem[active[left - 1]];
  if (left < active.size() && rem[active[left]] == cut) {
    std::vector<std::string> tied;
    int seats_at_tie = 0;
    for (size_t j = 0; j < active.size(); ++j) {
      if (rem[active[j]] == cut && j < left) ++seats_at_tie;
    }
    for (size_t i = 0; i < k; ++i) {
      if (!fixed[i] && rem[i] == cut) tied.push_back(names[i]);
    }
    return TieError(tied, seats_at_tie);
  }
  for (size_t j = 0; j < left; ++j) ++n[active[j]];
  return n;
}

}  // namespace

Result<ApportionMethod> ParseApportionMethod(const std::string& name) {
  std::string s;
  for (char c : name) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "sainte-lague" || s == "webster") return ApportionMethod::kSainteLague;
  if (s == "dhondt" || s == "d'hondt" || s == "jefferson") return ApportionMethod::kDHondt;
  if (s == "hamilton" || s == "hare") return ApportionMethod::kHamilton;
  if (s == "huntington-hill" || s == "equal-proportions") return ApportionMethod::kHuntingtonHill;
  return MakeError("unknown method '" + name + "' (sainte-lague, dhondt, hamilton, huntington-hill)", "method");
}

std::string ApportionMethodName(ApportionMethod method) {
  switch (method) {
    case ApportionMethod::kSainteLague:
      return "sainte-lague";
    case ApportionMethod::kDHondt:
      return "dhondt";
    case ApportionMethod::kHamilton:
      return "hamilton";
    case ApportionMethod::kHuntingtonHill:
      return "huntington-hill";
  }
  return "?";
}

Result<std::vector<int>> Apportion(const std::vector<std::string>& names, const std::vector<int64_t>& populations,
                                   int seats, ApportionMethod method, int min_per_region, int base_per_region) {
  if (names.empty() && populations.empty()) return MakeError("no regions to apportion seats among");
  if (names.size() != populations.size()) {
    return MakeError(std::to_string(names.size()) + " region names but " + std::to_string(populations.size()) +
                     " populations");
  }
  if (seats < 1) return MakeError("the number of seats must be at least 1, got " + std::to_string(seats));
  if (seats > kMaxApportionSeats) {
    return MakeError("at most " + std::to_string(kMaxApportionSeats) + " seats, got " + std::to_string(seats));
  }
  if (min_per_region < 0) {
    return MakeError("the minimum per region must not be negative, got " + std::to_string(min_per_region));
  }
  if (base_per_region < 0) {
    return MakeError("the base seats per region must not be negative, got " + std::to_string(base_per_region),
                     "base");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!seen.insert(names[i]).second) return MakeError("region '" + names[i] + "' is listed twice");
    if (populations[i] <= 0) {
      return MakeError("region '" + names[i] + "' has population " + std::to_string(populations[i]) +
                       "; every population must be positive");
    }
    if (populations[i] > kMaxApportionPopulation) {
      return MakeError("region '" + names[i] + "' has population " + std::to_string(populations[i]) +
                       ", above the limit of 10^12");
    }
  }
  const int64_t k = static_cast<int64_t>(names.size());
  const int64_t base = base_per_region;
  if (static_cast<int64_t>(seats) < k * base) {
    return MakeError(std::to_string(seats) + " seats cannot give each of " + std::to_string(k) + " regions " +
                     std::to_string(base) + " base seat" + (base == 1 ? "" : "s") + " (needs " +
                     std::to_string(k * base) + ")",
                     "base");
  }
  if (static_cast<int64_t>(seats) < k * min_per_region) {
    return MakeError(std::to_string(seats) + " seats cannot give each of " + std::to_string(k) + " regions at least " +
                     std::to_string(min_per_region) + " (needs " + std::to_string(k * min_per_region) + ")");
  }
  // The proportional share: seats - k B seats with a floor of what the
  // minimum asks beyond the base; then everyone gets B on top.
  const int share = static_cast<int>(static_cast<int64_t>(seats) - k * base);
  const int share_min = std::max(0, min_per_region - base_per_region);
  if (method == ApportionMethod::kHuntingtonHill && share_min == 0 && share > 0 && share < k) {
    if (base == 0) {
      return MakeError("Huntington-Hill needs at least one seat per region (" + std::to_string(seats) +
                       " seats for " + std::to_string(k) +
                       " regions): every region's first seat has infinite priority, so they all tie");
    }
    return MakeError("Huntington-Hill needs a proportional share of 0 or at least one seat per region (" +
                     std::to_string(seats) + " seats less " + std::to_string(k) + " x " + std::to_string(base) +
                     " base leave " + std::to_string(share) + " for " + std::to_string(k) +
                     " regions): every region's first seat has infinite priority, so they all tie");
  }
  Result<std::vector<int>> n = method == ApportionMethod::kHamilton
                                   ? Hamilton(names, populations, share, share_min)
                                   : Divisor(names, populations, share, method, share_min);
  if (!n) return n;
  for (int& s : *n) s += base_per_region;
  return n;
}

}  // namespace necsim
