// Parameter sweeps for `necsim batch`: axes (a scenario field and its values),
// the grid of points they span, and the tidy sweep.csv.
//
// An axis is written `PATH=V1,V2,...` (a list: numbers or names, e.g. rule
// names) or `PATH=START:STOP:STEP` (a range of decimal numbers), on the command
// line (`--sweep`) or in a scenario's `sweep:` block. PATH is a `--set` path
// (scenarios/README.md), so any field the scenario has can be swept; each point
// of the grid is the scenario with one `--set PATH=VALUE` per axis.
//
// Ranges are exact: START, STOP and STEP are read as decimals, scaled to
// integers at the largest number of decimal places among them, and point k is
// START + k x STEP computed in integers, so 0.40:0.60:0.02 gives exactly the 11
// values 0.4, 0.42, ..., 0.6 (STOP is included when it is hit exactly). Values
// are printed canonically: no exponent, no trailing zeros (0.40 -> 0.4, 3.0 -> 3).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "scenario/scenario.h"
#include "scenario/scenario_yaml.h"

namespace necsim {

struct SweepAxis {
  std::string path;
  std::vector<std::string> values;  // canonical text, passed to the scenario as YAML
  // Where the axis was given, for messages: "--sweep" or the scenario file
  // with the line and column of its key in `sweep:`.
  Error origin;
};

// One grid point: the value of every axis, in axis order.
struct SweepPoint {
  std::vector<Override> settings;
};

// `PATH=V1,V2,...` or `PATH=START:STOP:STEP` (the --sweep argument).
Result<SweepAxis> ParseSweepArg(const std::string& arg);

// The values of an axis from its text (the part after '='); `field` names the
// axis in messages.
Result<std::vector<std::string>> ParseSweepValues(const std::string& text, const std::string& field);

// The canonical text of a decimal number ("0.40" -> "0.4", "-0" -> "0");
// other text is returned unchanged.
std::string CanonicalValue(const std::string& text);

// The `sweep:` block of a scenario file (a mapping PATH: values, where values
// is a YAML list or a "START:STOP:STEP" / "V1,V2" string). A file without one
// inherits the block of the nearest base up its `extends:` chain (a file's own
// block replaces its bases' whole); the axes' origins and any error then name
// the file the block is in. No block anywhere: {}. `sweep: none` (or a YAML
// null: `null`, `~`, nothing) is a block with no axes: {}, whatever the bases
// sweep.
Result<std::vector<SweepAxis>> ReadSweepBlock(const std::string& scenario_file);

// The grid: every combination of the axes' values, the first axis varying
// slowest. Fails when it would exceed `max_points`.
Result<std::vector<SweepPoint>> ExpandGrid(const std::vector<SweepAxis>& axes, size_t max_points = 10000);

// When a point sets a bloc's share (blocs.NAME.share, or blocs.NAME.share.REGION),
// the other blocs' shares in the regions concerned are rescaled in proportion
// to their shares in `base` so that every region's shares still sum to 1.
// Returns the extra `--set` overrides that do so (one per rescaled bloc, its
// share as a per-region mapping). Fails when the swept shares of a region
// exceed 1, or the other blocs have no share there to rescale.
Result<std::vector<Override>> ShareRenormalisation(const Scenario& base, const std::vector<Override>& settings);

}  // namespace necsim
