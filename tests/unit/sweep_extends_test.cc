// A `sweep:` block inherited through `extends:`: a scenario without its own
// sweep takes its nearest base's (through any number of levels, paths
// relative to the file naming them); its own `sweep:` replaces the base's
// whole (no merging of axes); errors in an inherited block name the base file.
// `sweep: none` (or a YAML null) drops an inherited block; any other value
// that is not a mapping is an error at its file:line:column.
// And end to end: `necsim batch` on such a scenario runs the sweep's points,
// and with `sweep: none` runs it once (as `necsim run` does).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scenario/sweep.h"
#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"

namespace necsim {
namespace {

namespace fs = std::filesystem;
using V = std::vector<std::string>;

class SweepExtends : public necsim_test::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    fs::create_directories(dir_ / "sub");
  }
  std::string Write(const std::string& name, const std::string& text) { return WriteFile(name, text); }
};

TEST_F(SweepExtends, InheritedThroughEveryLevel) {
  const std::string base = Write("base.yaml", "name: base\nruns: 10\nsweep:\n  blocs.left.share: 0.40:0.50:0.05\n"
                                              "  rule_sets.0.rule: [block, meek]\n");
  const std::string child = Write("child.yaml", "extends: base.yaml\nname: child\n");
  const std::string grandchild = Write("sub/grandchild.yaml", "extends: ../child.yaml\nname: grandchild\n");
  for (const std::string& f : {child, grandchild}) {
    SCOPED_TRACE(f);
    auto axes = ReadSweepBlock(f);
    ASSERT_TRUE(axes.ok()) << axes.error().ToString();
    ASSERT_EQ(axes->size(), 2u);
    EXPECT_EQ((*axes)[0].path, "blocs.left.share");
    EXPECT_EQ((*axes)[0].values, (V{"0.4", "0.45", "0.5"}));
    EXPECT_EQ((*axes)[1].path, "rule_sets.0.rule");
    EXPECT_EQ((*axes)[1].values, (V{"block", "meek"}));
    // Located where the block is written: the base file, its line and column.
    EXPECT_EQ(fs::path((*axes)[0].origin.file), fs::path(base));
    EXPECT_EQ((*axes)[0].origin.line, 4);
    EXPECT_EQ((*axes)[0].origin.column, 3);
  }
}

TEST_F(SweepExtends, OwnBlockReplacesTheBasesWhole) {
  Write("base.yaml", "name: base\nsweep:\n  blocs.left.share: [0.4, 0.5]\n  runs: [10, 20]\n");
  const std::string child = Write("child.yaml", "extends: base.yaml\nname: child\nsweep:\n  runs: [30, 40, 50]\n");
  const std::string grandchild = Write("grandchild.yaml", "extends: child.yaml\nname: g\n");
  for (const std::string& f : {child, grandchild}) {
    SCOPED_TRACE(f);
    auto axes = ReadSweepBlock(f);
    ASSERT_TRUE(axes.ok()) << axes.error().ToString();
    ASSERT_EQ(axes->size(), 1u);  // not merged with the base's two axes
    EXPECT_EQ((*axes)[0].path, "runs");
    EXPECT_EQ((*axes)[0].values, (V{"30", "40", "50"}));
    EXPECT_EQ(fs::path((*axes)[0].origin.file), fs::path(child));
  }
}

TEST_F(SweepExtends, ErrorsInAnInheritedBlockNameTheBase) {
  const std::string base = Write("base.yaml", "name: base\nsweep:\n  blocs.left.share: \"0.6:0.4:0.1\"\n");
  const std::string child = Write("child.yaml", "extends: base.yaml\nname: child\n");
  auto axes = ReadSweepBlock(child);
  ASSERT_FALSE(axes.ok());
  EXPECT_EQ(fs::path(axes.error().file), fs::path(base));
  EXPECT_EQ(axes.error().line, 3);
  EXPECT_EQ(axes.error().field, "sweep.blocs.left.share");
  EXPECT_NE(axes.error().message.find("empty range"), std::string::npos) << axes.error().message;
}

TEST_F(SweepExtends, NoSweepMissingBaseAndCyclesGiveNoAxes) {
  Write("plain.yaml", "name: plain\n");
  EXPECT_TRUE(ReadSweepBlock(Write("a.yaml", "extends: plain.yaml\nname: a\n"))->empty());
  EXPECT_TRUE(ReadSweepBlock(Write("b.yaml", "extends: missing.yaml\nname: b\n"))->empty());
  Write("c.yaml", "extends: d.yaml\nname: c\n");
  EXPECT_TRUE(ReadSweepBlock(Write("d.yaml", "extends: c.yaml\nname: d\n"))->empty());  // the loader reports the cycle
}

// `necsim batch` on a scenario that extends the sanity sweep example (5 points
// of the left bloc's share) runs those 5 points. Before inheritance it ran the
// scenario once, with no point folders.
TEST_F(SweepExtends, BatchRunsTheInheritedSweep) {
  const std::string example = std::string(NECSIM_SOURCE_DIR) + "/scenarios/examples/two_slates_share_sweep.yaml";
  const std::string child = Write("inherits.yaml", "extends: " + example + "\nname: inherits\n");
  const auto r = necsim_test::RunNecsim({"batch", child, "--out", (dir_ / "out").string(), "--runs", "20"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto index = nlohmann::json::parse(necsim_test::Slurp((dir_ / "out/index.json").string()));
  ASSERT_EQ(index["scenarios"].size(), 5u) << index.dump(2);
  EXPECT_EQ(index["scenarios"][0]["point"], "point_000");
  EXPECT_EQ(index["scenarios"][0]["sweep"]["blocs.left.share"], "0.4");
  EXPECT_EQ(index["scenarios"][4]["sweep"]["blocs.left.share"], "0.6");
  EXPECT_TRUE(fs::exists(dir_ / "out/inherits/point_004/summary.json"));
  EXPECT_TRUE(fs::exists(dir_ / "out/inherits/sweep.csv"));
}

TEST_F(SweepExtends, NoneDropsTheInheritedBlock) {
  Write("base.yaml", "name: base\nsweep:\n  blocs.left.share: [0.4, 0.5]\n");
  for (const std::string value : {"none", "\"none\"", "null", "~", ""}) {
    SCOPED_TRACE("sweep: " + value);
    const std::string child = Write("child.yaml", "extends: base.yaml\nname: child\nsweep: " + value + "\n");
    auto axes = ReadSweepBlock(child);
    ASSERT_TRUE(axes.ok()) << axes.error().ToString();
    EXPECT_TRUE(axes->empty());
    // Inherited in turn: a grandchild without its own block has no sweep either.
    auto further = ReadSweepBlock(Write("grandchild.yaml", "extends: child.yaml\nname: g\n"));
    ASSERT_TRUE(further.ok()) << further.error().ToString();
    EXPECT_TRUE(further->empty());
  }
}

TEST_F(SweepExtends, OtherValuesAreLocatedErrors) {
  Write("base.yaml", "name: base\nsweep:\n  blocs.left.share: [0.4, 0.5]\n");
  for (const std::string value : {"off", "None", "[]", "{}", "[none]", "0"}) {
    SCOPED_TRACE("sweep: " + value);
    const std::string child = Write("child.yaml", "extends: base.yaml\nname: child\n\nsweep:  " + value + "\n");
    auto axes = ReadSweepBlock(child);
    ASSERT_FALSE(axes.ok());
    EXPECT_EQ(fs::path(axes.error().file), fs::path(child));
    EXPECT_EQ(axes.error().line, 4);
    EXPECT_EQ(axes.error().column, 9);
    EXPECT_EQ(axes.error().field, "sweep");
    EXPECT_NE(axes.error().message.find("or none"), std::string::npos) << axes.error().message;
  }
}

// End to end: the child of the sanity sweep example with `sweep: none` is one
// scenario in `necsim batch` (one results folder, no points, no sweep.csv),
// with exactly the results of `necsim run`; `--sweep` still applies to it; a
// bad value fails it with its file:line:column.
TEST_F(SweepExtends, BatchRunsAChildWithSweepNoneOnce) {
  const std::string example = std::string(NECSIM_SOURCE_DIR) + "/scenarios/examples/two_slates_share_sweep.yaml";
  const std::string child = Write("single.yaml", "extends: " + example + "\nname: single\nsweep: none\n");
  const std::string out = (dir_ / "out").string();
  auto r = necsim_test::RunNecsim({"batch", child, "--out", out, "--runs", "20"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto index = nlohmann::json::parse(necsim_test::Slurp(out + "/index.json"));
  ASSERT_EQ(index["scenarios"].size(), 1u) << index.dump(2);
  EXPECT_EQ(index["scenarios"][0]["status"], "ok");
  EXPECT_FALSE(index["scenarios"][0].contains("point")) << index.dump(2);
  EXPECT_EQ(index["scenarios"][0]["folder"], "single");
  EXPECT_TRUE(fs::exists(dir_ / "out/single/summary.json"));
  EXPECT_FALSE(fs::exists(dir_ / "out/single/sweep.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "out/single/point_000"));
  r = necsim_test::RunNecsim({"run", child, "--out", (dir_ / "run").string(), "--runs", "20"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(necsim_test::Slurp((dir_ / "run/summary.json").string()),
            necsim_test::Slurp((dir_ / "out/single/summary.json").string()));

  r = necsim_test::RunNecsim({"batch", child, "--out", (dir_ / "cli").string(), "--runs", "20", "--sweep",
                              "blocs.left.share=0.4,0.5"});
  ASSERT_EQ(r.code, 0) << r.err;
  index = nlohmann::json::parse(necsim_test::Slurp((dir_ / "cli/index.json").string()));
  ASSERT_EQ(index["scenarios"].size(), 2u) << index.dump(2);
  EXPECT_EQ(index["scenarios"][1]["sweep"], nlohmann::json::parse(R"({"blocs.left.share": "0.5"})"));

  const std::string bad = Write("bad.yaml", "extends: " + example + "\nname: bad\nsweep: nothing\n");
  r = necsim_test::RunNecsim({"batch", bad, "--out", (dir_ / "bad").string(), "--runs", "20"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find(bad + ":3:8: sweep: expected a mapping"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "bad/bad"));
}

}  // namespace
}  // namespace necsim
