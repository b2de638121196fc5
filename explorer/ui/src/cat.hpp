// Cat(a, b, ...): concatenates anything ostream can print into one std::string (GCC 12 has no
// <format>). For the messages of explorer/ui/src.
#pragma once

#include <sstream>
#include <string>

namespace accord::explorer {

template <class... Args>
std::string Cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

}  // namespace accord::explorer
