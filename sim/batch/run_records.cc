#include "batch/run_records.h"

#include <cstdint>
#include <cstring>

namespace necsim {
namespace {

template <typename T>
void Put(std::string& s, const T& v) {
  s.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
void PutVector(std::string& s, const std::vector<T>& v) {
  Put(s, static_cast<uint32_t>(v.size()));
  if (!v.empty()) s.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}
  template <typename T>
  bool Get(T& v) {
    if (s_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(&v, s_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  template <typename T>
  bool GetVector(std::vector<T>& v) {
    uint32_t n = 0;
    if (!Get(n) || (s_.size() - pos_) / sizeof(T) < n) return false;
    v.resize(n);
    if (n) std::memcpy(v.data(), s_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  bool done() const { return pos_ == s_.size(); }

 private:
  const std::string& s_;
  size_t pos_ = 0;
};

}  // namespace

std::string EncodeRunRecords(const std::vector<RunRecord>& records) {
  std::string s;
  Put(s, static_cast<uint64_t>(records.size()));
  for (const RunRecord& r : records) {
    Put(s, r.ballots);
    PutVector(s, r.nec_other);
    Put(s, static_cast<uint32_t>(r.rule_sets.size()));
    for (const RuleSetRecord& k : r.rule_sets) {
      PutVector(s, k.elected);
      PutVector(s, k.first_pref_share);
      PutVector(s, k.first_preferences);
      PutVector(s, k.marks);
      Put(s, static_cast<uint8_t>(k.constraints_changed ? 1 : 0));
      PutVector(s, k.vacancy_replacement);
      PutVector(s, k.vacancy_unseats);
    }
  }
  return s;
}

bool DecodeRunRecords(const std::string& bytes, std::vector<RunRecord>& out) {
  Reader rd(bytes);
  uint64_t n = 0;
  if (!rd.Get(n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    RunRecord r;
    uint32_t k = 0;
    if (!rd.Get(r.ballots) || !rd.GetVector(r.nec_other) || !rd.Get(k)) return false;
    r.rule_sets.resize(k);
    for (RuleSetRecord& x : r.rule_sets) {
      uint8_t changed = 0;
      if (!rd.GetVector(x.elected) || !rd.GetVector(x.first_pref_share) || !rd.GetVector(x.first_preferences) ||
          !rd.GetVector(x.marks) || !rd.Get(changed) || !rd.GetVector(x.vacancy_replacement) ||
          !rd.GetVector(x.vacancy_unseats)) {
        return false;
      }
      x.constraints_changed = changed != 0;
    }
    out.push_back(std::move(r));
  }
  return rd.done();
}

}  // namespace necsim
