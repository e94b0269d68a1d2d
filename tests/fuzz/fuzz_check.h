// Checks shared by the libFuzzer targets: an invariant that fails aborts
// (libFuzzer then keeps the input as a reproducer), and every rejected input
// must come back as an Error that says what is wrong, and where when it can.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/status.h"

namespace necsim::fuzz {

[[noreturn]] inline void Fail(const char* target, const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: invariant violated: %s (%s)\n", target, what, detail.c_str());
  std::abort();
}

// How the inputs of a run ended: accepted (what `necsim` would exit 0 on) or
// rejected with an Error (exit 2). Printed when the fuzzer exits, as the line
// `necsim_fuzz_outcomes accepted=N rejected=M` that scripts/fuzz reads.
struct Outcomes {
  long accepted = 0;
  long rejected = 0;
  ~Outcomes() { std::fprintf(stderr, "necsim_fuzz_outcomes accepted=%ld rejected=%ld\n", accepted, rejected); }
};
inline Outcomes& Tally() {
  static Outcomes outcomes;
  return outcomes;
}
inline void Outcome(bool accepted) { ++(accepted ? Tally().accepted : Tally().rejected); }

inline int CountLines(const std::string& text) {
  int lines = 1;
  for (char c : text) lines += c == '\n';
  return lines;
}

// A rejection: a message of sane length and, when it names a line of the
// fuzzed text (`source`), a line that exists.
inline void CheckError(const char* target, const Error& e, const std::string& text, const std::string& source) {
  if (e.message.empty()) Fail(target, "error without a message", e.ToString());
  if (e.message.size() > 4000) Fail(target, "error message too long", std::to_string(e.message.size()));
  if (e.line < 0 || e.column < 0) Fail(target, "negative position", e.ToString());
  if (e.file == source && e.line > CountLines(text) + 1) Fail(target, "error line beyond the text", e.ToString());
}

}  // namespace necsim::fuzz
