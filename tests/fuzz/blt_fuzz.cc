// libFuzzer target for the BLT reader: ParseBlt must never crash, hang, leak,
// throw or hit undefined behaviour, whatever the bytes; what it accepts must
// satisfy the Election invariants, and what it rejects must carry a position.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ballots/blt.h"
#include "fuzz_check.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "blt_fuzz: invariant violated: %s (%s)\n", what, detail.c_str());
  std::abort();
}

void CheckElection(const necsim::Election& e) {
  const int n = e.num_candidates();
  if (n < 1 || n > 10000) Fail("candidate count", std::to_string(n));
  if (e.seats < 1 || e.seats > n) Fail("seats", std::to_string(e.seats));
  int standing = 0;
  for (const auto& c : e.candidates) standing += !c.withdrawn;
  if (standing < e.seats) Fail("standing candidates fewer than seats", std::to_string(standing));
  int64_t total = 0;
  std::vector<char> seen(static_cast<size_t>(n), 0);
  for (const auto& b : e.ballots) {
    if (b.weight < 1 || b.weight > 1'000'000'000) Fail("weight", std::to_string(b.weight));
    total += b.weight;
    for (necsim::CandidateId c : b.prefs) {
      if (c < 0 || c >= n) Fail("preference out of range", std::to_string(c));
      if (seen[c]) Fail("repeated preference", std::to_string(c));
      if (e.candidates[c].withdrawn) Fail("withdrawn candidate in a ballot", std::to_string(c));
      seen[c] = 1;
    }
    for (necsim::CandidateId c : b.prefs) seen[c] = 0;
  }
  if (total > 1'000'000'000) Fail("total weight", std::to_string(total));
  for (necsim::CandidateId c : e.tie_order) {
    if (c < 0 || c >= n) Fail("tie order out of range", std::to_string(c));
  }
  // Names and title go into JSON result sheets: they must be valid UTF-8
  // (nlohmann::json::dump throws on anything else).
  nlohmann::json j;
  j["title"] = e.title;
  for (const auto& c : e.candidates) {
    if (c.name.empty()) Fail("empty name", "");
    j["names"].push_back(c.name);
  }
  try {
    (void)j.dump();
  } catch (const std::exception& ex) {
    Fail("name is not valid UTF-8", ex.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const necsim::Result<necsim::Election> r = necsim::ParseBlt(text, "fuzz.blt");
    necsim::fuzz::Outcome(r.ok());
    if (r.ok()) {
      CheckElection(*r);
    } else {
      const necsim::Error& e = r.error();
      int lines = 1;
      for (char c : text) lines += c == '\n';
      if (e.line < 1 || e.line > lines) Fail("error line", e.ToString());
      if (e.column < 1) Fail("error column", e.ToString());
      if (e.field.empty() || e.message.empty()) Fail("error without field or message", e.ToString());
      if (e.message.size() > 1000) Fail("error message too long", std::to_string(e.message.size()));
    }
  } catch (const std::exception& ex) {
    Fail("exception escaped ParseBlt", ex.what());
  }
  return 0;
}
