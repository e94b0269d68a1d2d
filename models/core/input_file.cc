#include "core/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace necsim {

namespace {

Error FileError(const std::string& path, const std::string& message) {
  Error e;
  e.file = path;
  e.message = message;
  return e;
}

const char* KindOf(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO, a named pipe";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a plain file";
}

// Closes the descriptor however the read ends.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

uint64_t InputLimit(const InputKind& kind) {
  if (kind.limit_env) {
    if (const char* v = std::getenv(kind.limit_env)) {
      char* end = nullptr;
      errno = 0;
      const unsigned long long n = std::strtoull(v, &end, 10);
      if (errno == 0 && end != v && *end == '\0' && n > 0) return n;
    }
  }
  return kind.max_bytes;
}

size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // no overlong forms
      if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

Status CheckUtf8(std::string_view text, const std::string& source, const std::string& field) {
  const size_t at = FirstInvalidUtf8(text);
  if (at == std::string_view::npos) return {};
  Error e;
  e.file = source;
  e.field = field;
  e.line = 1;
  size_t line_start = 0;
  for (size_t k = 0; k < at; ++k) {
    if (text[k] == '\n') {
      ++e.line;
      line_start = k + 1;
    }
  }
  e.column = static_cast<int>(at - line_start) + 1;
  if (e.field.empty()) {
    // In a YAML or key: value line, the key whose value holds the byte (the
    // last `word:` before it on its line).
    const std::string_view before = text.substr(line_start, at - line_start);
    for (size_t colon = before.rfind(':'); colon != std::string_view::npos && colon > 0;
         colon = colon > 0 ? before.rfind(':', colon - 1) : std::string_view::npos) {
      size_t b = colon;
      while (b > 0 && (std::isalnum(static_cast<unsigned char>(before[b - 1])) || before[b - 1] == '_')) --b;
      if (b < colon) {
        e.field = std::string(before.substr(b, colon - b));
        break;
      }
    }
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[at])));
  e.message = std::string("not valid UTF-8: byte ") + hex + " at byte " + std::to_string(at + 1) +
              " of the file (line " + std::to_string(e.line) + ", byte " + std::to_string(e.column) +
              " of the line); save the file as UTF-8 (for example: iconv -f latin1 -t utf-8)";
  return e;
}

Result<std::string> ReadInputFile(const std::string& path, const InputKind& kind) {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
  Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (f.fd < 0) return FileError(path, std::string("cannot open ") + kind.what + ": " + std::strerror(errno));
  struct stat st;
  if (::fstat(f.fd, &st) != 0) return FileError(path, std::string("cannot read ") + kind.what + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    return FileError(path, std::string("not a regular file (") + KindOf(st.st_mode) + "), so not " + kind.what);
  }
  const uint64_t limit = InputLimit(kind);
  auto too_large = [&](const std::string& size) {
    std::string msg = std::string(kind.what) + " is too large (" + size + " bytes; at most " + std::to_string(limit) + ")";
    if (kind.limit_env) msg += std::string("; set ") + kind.limit_env + " to allow more";
    return FileError(path, msg);
  };
  if (static_cast<uint64_t>(st.st_size) > limit) return too_large(std::to_string(st.st_size));
  std::string text;
  text.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t got = ::read(f.fd, buf, sizeof buf);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return FileError(path, std::string("could not read ") + kind.what + ": " + std::strerror(errno));
    }
    if (text.size() + static_cast<size_t>(got) > limit) return too_large("more than " + std::to_string(limit));
    text.append(buf, static_cast<size_t>(got));
  }
  if (kind.check_utf8) {
    if (Status u = CheckUtf8(text, path); !u) return u.error();
  }
  return text;
}

}  // namespace necsim
