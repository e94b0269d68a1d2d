// The small two-slate NEC scenario shared by the run, batch, MPI batch and
// sweep tests: 3 regions, two blocs (left, right) with concentrated
// preferences, 8 candidates (4 Left, 3 Right, one independent), and a block
// vote and ERS97 STV for 4 seats with at least half women.
#pragma once

#include <string>

namespace necsim_test {

// The scenario's YAML text. `left` is the left bloc's share (the right bloc
// has the rest). `extra` is appended after the last block, `rule_sets:`, so
// lines starting "  - " add rule sets and unindented lines add top-level keys
// (e.g. `precision:` or a `sweep:` block).
inline std::string TwoSlateScenario(const std::string& name, int seed, int runs, double left = 0.55,
                                    const std::string& extra = "") {
  const std::string l = std::to_string(left), r = std::to_string(1 - left);
  return "name: " + name + "\nseed: " + std::to_string(seed) + "\nruns: " + std::to_string(runs) + R"(
turnout: {mean: 0.3, sd: 0.02}
regions:
  - {name: North, members: 3000}
  - {name: South, members: 2000}
  - {name: West, members: 1500}
slates: [Left, Right]
blocs:
  - name: left
    share: )" + l + R"(
    concentration: 300
    behaviour: {affinity: {Left: 2.5, Right: -1}, home_region: 0.3, campaign_noise: 0.2, mean_preferences: 4}
  - name: right
    share: )" + r + R"(
    concentration: 300
    behaviour: {affinity: {Left: -1, Right: 2.5}, home_region: 0.3, campaign_noise: 0.2, mean_preferences: 4}
candidates:
  - {name: A1, gender: f, region: North, slate: Left, profile: 0.5}
  - {name: A2, gender: m, region: South, slate: Left}
  - {name: A3, gender: m, region: West, slate: Left}
  - {name: A4, gender: f, region: North, slate: Left}
  - {name: B1, gender: m, region: North, slate: Right, profile: 0.5}
  - {name: B2, gender: f, region: South, slate: Right}
  - {name: B3, gender: m, region: West, slate: Right}
  - {name: C1, gender: f, region: West}
rule_sets:
  - {name: block4, rule: block, seats: 4, women_min: half}
  - {name: stv4, rule: ers97, seats: 4, women_min: half}
)" + extra;
}

}  // namespace necsim_test
