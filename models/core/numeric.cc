#include "core/numeric.h"

#include <cassert>
#include <cctype>

namespace necsim {

int64_t Pow10(int dp) {
  assert(dp >= 0 && dp <= 18);
  int64_t p = 1;
  for (int i = 0; i < dp; ++i) p *= 10;
  return p;
}

std::string FormatFixed(int64_t scaled, int dp) {
  const bool neg = scaled < 0;
  // Use unsigned magnitude so INT64_MIN is safe.
  uint64_t mag = neg ? (~static_cast<uint64_t>(scaled) + 1) : static_cast<uint64_t>(scaled);
  const auto unit = static_cast<uint64_t>(Pow10(dp));
  std::string frac = std::to_string(mag % unit);
  std::string out = (neg ? "-" : "") + std::to_string(mag / unit);
  if (dp > 0) out += "." + std::string(static_cast<size_t>(dp) - frac.size(), '0') + frac;
  return out;
}

std::string FormatRational(const Rational& r, int dp) {
  const BigInt scale = BigInt(Pow10(dp));
  Rational shifted = r * Rational(scale) + Rational(1, 2);
  const bool neg = shifted < 0;
  // floor(shifted)
  BigInt num = boost::multiprecision::numerator(shifted);
  BigInt den = boost::multiprecision::denominator(shifted);
  BigInt v = num / den;  // truncates toward zero
  if (neg && v * den != num) v -= 1;
  const bool vneg = v < 0;
  if (vneg) v = -v;
  BigInt ip = v / scale;
  BigInt fp = v % scale;
  std::string frac = fp.str();
  std::string out = (vneg ? "-" : "") + ip.str();
  if (dp > 0) out += "." + std::string(static_cast<size_t>(dp) - frac.size(), '0') + frac;
  return out;
}

bool ParseDecimal(const std::string& s, Rational& out) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  BigInt num = 0;
  BigInt den = 1;
  bool digits = false;
  bool point = false;
  for (; i < s.size(); ++i) {
    const char ch = s[i];
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      digits = true;
      num = num * 10 + (ch - '0');
      if (point) den *= 10;
    } else if (ch == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  if (!digits) return false;
  out = Rational(neg ? BigInt(-num) : num, den);
  return true;
}

double ToDouble(const Rational& r) { return r.convert_to<double>(); }

}  // namespace necsim
