// A test fixture with a fresh temporary folder per test, removed afterwards:
// dir_ is necsim_<suite>_<pid>_<test> under the system's temporary folder.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace necsim_test {

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("necsim_" + std::string(info->test_suite_name()) + "_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // The path of `rel` in the folder.
  std::string P(const std::string& rel) const { return (dir_ / rel).string(); }
  // Writes `text` to `rel` in the folder (creating its subfolders); returns its path.
  std::string WriteFile(const std::string& rel, const std::string& text) const {
    const std::filesystem::path p = dir_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }

  std::filesystem::path dir_;
};

}  // namespace necsim_test
