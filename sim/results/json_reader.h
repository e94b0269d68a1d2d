// Private to sim/results: typed access to the fields of a summary.json with
// the field's path from the summary's root in every error. The readers of
// results.cc (RunResultsFromJson) and boundary_results.cc
// (BoundaryResultsFromJson) share it; it is not part of the library's API.
#pragma once

#include <climits>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/status.h"

namespace necsim::results_detail {

using J = nlohmann::ordered_json;

// A missing or mistyped field, by its path from the summary's root.
struct FieldError : std::runtime_error {
  std::string path;
  FieldError(std::string p, const std::string& what) : std::runtime_error(what), path(std::move(p)) {}
};

// The Error of a FieldError met while reading `source`.
inline Error ToError(const FieldError& e, const std::string& source) {
  Error err;
  err.file = source;
  err.field = e.path;
  err.message = e.what();
  return err;
}

// Typed access: each accessor reads o[key], o being the value at `path`, and
// throws a FieldError naming path.key when it is missing or of another type.
class Reader {
 public:
  const J& At(const J& o, const std::string& path, const std::string& key) const {
    if (!o.is_object()) throw FieldError(path, path + " is not an object");
    auto it = o.find(key);
    if (it == o.end()) throw FieldError(Join(path, key), Join(path, key) + " is missing");
    return *it;
  }
  const J& Obj(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (!v.is_object()) throw FieldError(Join(path, key), Join(path, key) + " is not an object");
    return v;
  }
  double Num(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (!v.is_number()) throw FieldError(Join(path, key), Join(path, key) + " is not a number");
    return v.get<double>();
  }
  // A number, or null (std::nullopt).
  std::optional<double> NumOrNull(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (v.is_null()) return std::nullopt;
    if (!v.is_number()) throw FieldError(Join(path, key), Join(path, key) + " is not a number or null");
    return v.get<double>();
  }
  int64_t Int64(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (!v.is_number_integer()) throw FieldError(Join(path, key), Join(path, key) + " is not a whole number");
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      throw FieldError(Join(path, key), Join(path, key) + " is out of range");
    }
    return v.get<int64_t>();
  }
  // A whole number held as int (seats, counts): one beyond int's range is an error, not wrapped.
  int Int(const J& o, const std::string& path, const std::string& key) const {
    const int64_t v = Int64(o, path, key);
    if (v < INT_MIN || v > INT_MAX) throw FieldError(Join(path, key), Join(path, key) + " is out of range");
    return static_cast<int>(v);
  }
  uint64_t UInt(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0)) {
      throw FieldError(Join(path, key), Join(path, key) + " is not a whole number >= 0");
    }
    return v.get<uint64_t>();
  }
  bool Bool(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (!v.is_boolean()) throw FieldError(Join(path, key), Join(path, key) + " is not true or false");
    return v.get<bool>();
  }
  std::string Str(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (!v.is_string()) throw FieldError(Join(path, key), Join(path, key) + " is not a string");
    return v.get<std::string>();
  }
  // A string, or null (std::nullopt).
  std::optional<std::string> StrOrNull(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (v.is_null()) return std::nullopt;
    if (!v.is_string()) throw FieldError(Join(path, key), Join(path, key) + " is not a string or null");
    return v.get<std::string>();
  }
  const J& Arr(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    if (!v.is_array()) throw FieldError(Join(path, key), Join(path, key) + " is not a list");
    return v;
  }
  // A list, each element read by read(element, its path "path.key[i]").
  template <class Read>
  auto List(const J& o, const std::string& path, const std::string& key, Read read) const {
    const J& a = Arr(o, path, key);
    std::vector<std::decay_t<decltype(read(a, std::string()))>> out;
    out.reserve(a.size());
    for (size_t i = 0; i < a.size(); ++i) out.push_back(read(a[i], Index(Join(path, key), i)));
    return out;
  }
  // A list of numbers.
  std::vector<double> Nums(const J& o, const std::string& path, const std::string& key) const {
    return List(o, path, key, [](const J& x, const std::string& p) {
      if (!x.is_number()) throw FieldError(p, p + " is not a number");
      return x.get<double>();
    });
  }
  // A list of strings.
  std::vector<std::string> Strs(const J& o, const std::string& path, const std::string& key) const {
    const J& a = Arr(o, path, key);
    std::vector<std::string> out;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string()) {
        const std::string p = Index(Join(path, key), i);
        throw FieldError(p, p + " is not a string");
      }
      out.push_back(a[i].get<std::string>());
    }
    return out;
  }
  // A distribution over whole numbers ({"-1": p, "0": q, ...}) in its key
  // order (the results' Distribution).
  std::vector<std::pair<std::string, double>> Dist(const J& o, const std::string& path, const std::string& key) const {
    const J& v = At(o, path, key);
    const std::string p = Join(path, key);
    if (!v.is_object()) throw FieldError(p, p + " is not an object");
    std::vector<std::pair<std::string, double>> d;
    for (const auto& [k, x] : v.items()) {
      if (k.empty() || k.find_first_not_of("-0123456789") != std::string::npos) {
        throw FieldError(p, p + " has a key '" + k + "' that is not a whole number");
      }
      if (!x.is_number()) throw FieldError(p + "." + k, p + "." + k + " is not a number");
      d.emplace_back(k, x.get<double>());
    }
    return d;
  }
  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string Index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }
};

}  // namespace necsim::results_detail
