// Shared pieces of the `accord` command line: option parsing, help, errors, terminal-safe text,
// the progress bar and opening the database.
#include "cli_common.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

namespace accord::cli {
namespace fs = std::filesystem;

namespace {

const OptionSpec kDbOption{"--db", "", "DB",
                           "the database file (default: $ACCORD_DB, else "
                           "$XDG_DATA_HOME/accord/accord.db)"};
const OptionSpec kHelpOption{"--help", "-h", "", "show this help and exit"};

const OptionSpec* FindOption(const CommandSpec& spec, std::string_view name) {
  if (name == kDbOption.name) return &kDbOption;
  if (name == kHelpOption.name || name == kHelpOption.short_name) return &kHelpOption;
  for (const OptionSpec& o : spec.options) {
    if (o.name == name || (!o.short_name.empty() && o.short_name == name)) return &o;
  }
  return nullptr;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::atomic<bool> g_interrupted{false};

extern "C" void OnSigint(int) {
  g_interrupted.store(true);
}

}  // namespace

std::string Args::Get(std::string_view name, std::string_view fallback) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) return std::string(fallback);
  return it->second.back();
}

std::vector<std::string> Args::All(std::string_view name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

void PrintHelp(const CommandSpec& spec) {
  std::string out;
  out += "Usage: accord ";
  out += spec.name;
  out += " [--db DB]";
  if (!spec.usage.empty()) {
    out += " ";
    out += spec.usage;
  }
  out += "\n\n";
  out += spec.description;
  out += "\n\nOptions:\n";
  std::vector<const OptionSpec*> all;
  for (const OptionSpec& o : spec.options) all.push_back(&o);
  all.push_back(&kDbOption);
  all.push_back(&kHelpOption);
  size_t width = 0;
  auto left = [](const OptionSpec& o) {
    std::string l;
    if (!o.short_name.empty()) {
      l += o.short_name;
      l += ", ";
    }
    l += o.name;
    if (!o.value.empty()) {
      l += " ";
      l += o.value;
    }
    return l;
  };
  for (const OptionSpec* o : all) width = std::max(width, left(*o).size());
  for (const OptionSpec* o : all) {
    std::string l = left(*o);
    out += "  " + l + std::string(width - l.size() + 2, ' ');
    out += o->help;
    if (o->repeatable) out += " (repeatable)";
    out += "\n";
  }
  if (!spec.examples.empty()) {
    out += "\nExamples:\n";
    out += spec.examples;
    if (out.back() != '\n') out += "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

ParseOutcome ParseArgs(const CommandSpec& spec, const std::vector<std::string>& argv) {
  ParseOutcome result;
  Args args;
  bool options_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (options_done || a.size() < 2 || a[0] != '-' ||
        (a[1] >= '0' && a[1] <= '9')) {  // "-" alone and negative numbers are positional
      args.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    std::string name = a, value;
    bool inline_value = false;
    if (size_t eq = a.find('='); a.starts_with("--") && eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      inline_value = true;
    }
    const OptionSpec* opt = FindOption(spec, name);
    if (!opt) {
      result.exit_code = UsageError(
          spec, "unknown option " + Clean(name) + " for '" + std::string(spec.name) + "'");
      return result;
    }
    if (opt == &kHelpOption) {
      PrintHelp(spec);
      result.exit_code = kExitOk;
      return result;
    }
    if (opt->value.empty()) {
      if (inline_value) {
        result.exit_code = UsageError(spec, std::string(opt->name) + " takes no value");
        return result;
      }
    } else if (!inline_value) {
      if (i + 1 >= argv.size()) {
        result.exit_code = UsageError(
            spec, std::string(opt->name) + " needs a value (" + std::string(opt->value) + ")");
        return result;
      }
      value = argv[++i];
    }
    auto& slot = args.values[std::string(opt->name)];
    if (!slot.empty() && !opt->repeatable && opt->value.empty()) continue;  // repeated flag
    slot.push_back(value);
  }
  const int n = static_cast<int>(args.positional.size());
  if (n < spec.min_positional) {
    result.exit_code =
        UsageError(spec, spec.usage.empty() ? std::string("missing argument")
                                            : "missing argument: accord " + std::string(spec.name) +
                                                  " " + std::string(spec.usage));
    return result;
  }
  if (spec.max_positional >= 0 && n > spec.max_positional) {
    result.exit_code =
        UsageError(spec, "unexpected argument " + Quoted(args.positional[spec.max_positional]));
    return result;
  }
  result.args = std::move(args);
  return result;
}

int Fail(std::string_view message) {
  std::string line = "accord: " + Clean(message) + "\n";
  std::fflush(stdout);
  std::fwrite(line.data(), 1, line.size(), stderr);
  return kExitFailure;
}

int Fail(const graph::Error& error) {
  return Fail(error.message);
}

int UsageError(const CommandSpec& spec, std::string_view message) {
  std::string line =
      "accord: " + Clean(message) + " (see 'accord " + std::string(spec.name) + " --help')\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  return kExitUsage;
}

std::optional<int64_t> ParseCount(const CommandSpec& spec, std::string_view option,
                                  std::string_view text, int64_t min, int64_t max, int* exit_code) {
  int64_t v = 0;
  bool ok = !text.empty() && text.size() <= 12;
  for (char c : text) {
    if (c < '0' || c > '9') {
      ok = false;
      break;
    }
    v = v * 10 + (c - '0');
  }
  if (!ok || v < min || v > max) {
    *exit_code =
        UsageError(spec, std::string(option) + " wants a whole number from " + std::to_string(min) +
                             " to " + std::to_string(max) + ", not " + Quoted(text));
    return std::nullopt;
  }
  return v;
}

std::string Clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c < 0x20 || c == 0x7F) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      ++i;
      continue;
    }
    if (c < 0x80) {
      if (c == ' ' && !out.empty() && out.back() == ' ') {
        ++i;
        continue;
      }
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool valid = len > 0 && c <= 0xF4 && i + len <= n;
    for (size_t k = 1; valid && k < len; ++k) valid = (p[i + k] & 0xC0) == 0x80;
    // C1 controls (U+0080..U+009F) can act as escape sequences on some terminals.
    if (valid && len == 2 && c == 0xC2 && p[i + 1] < 0xA0) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      i += 2;
      continue;
    }
    if (!valid) {
      out += '?';
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  size_t lead = 0;
  while (lead < out.size() && out[lead] == ' ') ++lead;
  return out.substr(lead);
}

std::string Pad(std::string_view text, size_t width) {
  std::string s(text);
  size_t len = Utf8Length(s);
  if (len > width && width > 1) {
    // Cut on a code point boundary and mark it.
    size_t cps = 0, i = 0;
    while (i < s.size() && cps < width - 1) {
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
      ++cps;
    }
    s = s.substr(0, i) + "…";
    len = width;
  }
  if (len < width) s.append(width - len, ' ');
  return s;
}

std::string Quoted(std::string_view text) {
  return "“" + Clean(text) + "”";
}

std::string Megabytes(double bytes) {
  char buf[64];
  if (bytes < 100e3) {
    std::snprintf(buf, sizeof buf, "%.1f KB", bytes / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  }
  return buf;
}

std::string Seconds(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, seconds < 10 ? "%.2f s" : "%.1f s", seconds);
  return buf;
}

fs::path DatabasePath(const Args& args) {
  if (args.Has("--db")) return fs::path(args.Get("--db"));
  return graph::DefaultDatabasePath();
}

graph::Result<graph::Store> OpenForReading(const Args& args) {
  fs::path path = DatabasePath(args);
  if (path.empty()) {
    return graph::Fail(graph::ErrorCode::kInvalid, "the database path is empty; give --db FILE");
  }
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return graph::Fail(graph::ErrorCode::kNotFound,
                       "there is no database at " + path.string() +
                           " yet; add documents with 'accord ingest PATH…' first");
  }
  if (fs::is_directory(path, ec)) {
    return graph::Fail(graph::ErrorCode::kIo,
                       path.string() + " is a folder; --db wants a database file");
  }
  return graph::Store::Open(path, graph::OpenMode::kReadOnly);
}

graph::Result<graph::Store> OpenForWriting(const Args& args) {
  fs::path path = DatabasePath(args);
  if (path.empty()) {
    return graph::Fail(graph::ErrorCode::kInvalid, "the database path is empty; give --db FILE");
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return graph::Fail(graph::ErrorCode::kIo,
                       path.string() + " is a folder; --db wants a database file");
  }
  if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
      return graph::Fail(
          graph::ErrorCode::kIo,
          "cannot create the folder " + path.parent_path().string() + " (" + ec.message() + ")");
    }
  }
  return graph::Store::Open(path, graph::OpenMode::kReadWrite);
}

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

ProgressBar::ProgressBar(std::string verb) : verb_(std::move(verb)) {
  enabled_ = ::isatty(STDERR_FILENO) == 1;
}

ProgressBar::~ProgressBar() {
  Finish();
}

bool ProgressBar::Update(double done, double total, std::string_view label) {
  if (InterruptGuard::Interrupted()) return false;
  if (!enabled_) return true;
  const int64_t now = NowNs();
  if (drawn_ && now - last_draw_ns_ < 66'000'000 && done < total) return true;
  last_draw_ns_ = now;
  int columns = 80;
  winsize ws{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) columns = ws.ws_col;
  const double frac = total > 0 ? std::clamp(done / total, 0.0, 1.0) : 0.0;
  constexpr int kBar = 24;
  const int filled = static_cast<int>(frac * kBar + 0.5);
  std::string line = "\r" + verb_ + " [";
  for (int i = 0; i < kBar; ++i) line += i < filled ? "#" : "-";
  char nums[96];
  std::snprintf(nums, sizeof nums, "] %3d%%  %.1f/%.1f MB  ", static_cast<int>(frac * 100),
                done / 1e6, total / 1e6);
  line += nums;
  const size_t used = Utf8Length(line) - 1;
  const size_t room = static_cast<size_t>(columns) > used + 2 ? columns - used - 2 : 0;
  if (room > 3) line += Pad(Clean(label), room);
  line += "\x1b[K";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  drawn_ = true;
  return true;
}

void ProgressBar::Finish() {
  if (enabled_ && drawn_) {
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }
}

graph::ProgressFn ProgressBar::Fn() {
  return [this](double done, double total, std::string_view label) {
    return Update(done, total, label);
  };
}

InterruptGuard::InterruptGuard() {
  g_interrupted.store(false);
  std::signal(SIGINT, OnSigint);
}

InterruptGuard::~InterruptGuard() {
  std::signal(SIGINT, SIG_DFL);
}

bool InterruptGuard::Interrupted() {
  return g_interrupted.load();
}

}  // namespace accord::cli
