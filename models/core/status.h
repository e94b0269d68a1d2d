// Errors as values: bad input becomes an Error carrying where it came from
// (file, line, column, field) and a plain-English message. Only main() turns
// an Error into an exit code.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace necsim {

struct Error {
  std::string file;     // input file, empty if not from a file
  int line = 0;         // 1-based, 0 if unknown
  int column = 0;       // 1-based, 0 if unknown
  std::string field;    // the field or option at fault, may be empty
  std::string message;  // plain-English description of the problem

  // "file:line:column: field: message" with the unknown parts left out.
  std::string ToString() const;
};

// Result<T> holds either a value or an Error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// For functions that return nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error e) : e_(std::move(e)) {}  // NOLINT: implicit by design
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *e_; }

 private:
  std::optional<Error> e_;
};

inline Error MakeError(std::string message, std::string field = {}) {
  Error e;
  e.message = std::move(message);
  e.field = std::move(field);
  return e;
}

}  // namespace necsim
