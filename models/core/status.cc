#include "core/status.h"

namespace necsim {

std::string Error::ToString() const {
  std::string out;
  if (!file.empty()) {
    out.append(file);
    if (line > 0) {
      out.append(":").append(std::to_string(line));
      if (column > 0) out.append(":").append(std::to_string(column));
    }
    out.append(": ");
  }
  if (!field.empty()) out.append(field).append(": ");
  out.append(message);
  return out;
}

}  // namespace necsim
