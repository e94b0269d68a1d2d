// A `sweep:` block inherited through `extends:`: a scenario without its own
// sweep takes its nearest base's (through any number of levels, paths
// relative to the file naming them); its own `sweep:` replaces the base's
// whole (no merging of axes); errors in an inherited block name the base file.
// And end to end: `necsim batch` on such a scenario runs the sweep's points.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/sweep.h"
#include "tests/cli/cli_util.h"

namespace necsim {
namespace {

namespace fs = std::filesystem;
using V = std::vector<std::string>;

class SweepExtends : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("necsim_sweep_extends_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
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

}  // namespace
}  // namespace necsim
