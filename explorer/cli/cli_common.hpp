// Shared pieces of the `accord` command line: the per-command option parser (with --help and
// usage errors), exit codes, one-line error printing, terminal-safe text, the progress bar and
// opening the database named by --db / ACCORD_DB / the XDG default.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accord/graph/result.hpp"
#include "accord/graph/store.hpp"

namespace accord::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct OptionSpec {
  std::string_view name;        // "--depth"
  std::string_view short_name;  // "-o" or empty
  std::string_view value;       // value placeholder ("K"); empty for a flag
  std::string_view help;
  bool repeatable = false;
};

struct CommandSpec {
  std::string_view name = {};            // "neighbors"
  std::string_view usage = {};           // "ENTITY [--depth K]"
  std::string_view summary = {};         // one line for the command list
  std::string_view description = {};     // paragraph(s) for --help
  std::vector<OptionSpec> options = {};  // --db and --help are added by the parser
  int min_positional = 0;
  int max_positional = -1;         // -1: any number
  std::string_view examples = {};  // optional, printed under "Examples:"
};

struct Args {
  std::map<std::string, std::vector<std::string>, std::less<>> values;  // by long name
  std::vector<std::string> positional;

  bool Has(std::string_view name) const { return values.find(name) != values.end(); }
  // The last value given to `name`, or `fallback`.
  std::string Get(std::string_view name, std::string_view fallback = {}) const;
  // Every value given to `name`, in order (empty when absent).
  std::vector<std::string> All(std::string_view name) const;
};

// Either parsed arguments, or an exit code to return right away (help was printed: 0; a usage
// error was printed: 2).
struct ParseOutcome {
  std::optional<Args> args;
  int exit_code = kExitOk;
};

ParseOutcome ParseArgs(const CommandSpec& spec, const std::vector<std::string>& argv);
void PrintHelp(const CommandSpec& spec);

// Prints "accord: <message>" on stderr (one line) and returns kExitFailure.
int Fail(std::string_view message);
int Fail(const graph::Error& error);
// Prints "accord: <message> (see `accord CMD --help`)" and returns kExitUsage.
int UsageError(const CommandSpec& spec, std::string_view message);

// Parses a whole non-negative integer in [min, max] given to `option`; a usage error otherwise.
std::optional<int64_t> ParseCount(const CommandSpec& spec, std::string_view option,
                                  std::string_view text, int64_t min, int64_t max, int* exit_code);

// Text from documents made safe for a terminal: control characters (escape sequences, CR, LF,
// tabs) become spaces, runs of spaces collapse, invalid UTF-8 bytes become '?'.
std::string Clean(std::string_view text);
// Pads or cuts `text` to `width` display columns (counting UTF-8 code points).
std::string Pad(std::string_view text, size_t width);
std::string Quoted(std::string_view text);  // “text”, cleaned
std::string Megabytes(double bytes);        // "12.3 MB"
std::string Seconds(double seconds);        // "0.42 s"

// The database path from --db, else graph::DefaultDatabasePath().
std::filesystem::path DatabasePath(const Args& args);
// Opens the database for reading; a clear sentence when it does not exist yet.
graph::Result<graph::Store> OpenForReading(const Args& args);
// Opens (creating the folder and file when needed) the database for writing.
graph::Result<graph::Store> OpenForWriting(const Args& args);

// A one-line progress bar on stderr, drawn only when stderr is a terminal: bar, percent,
// megabytes done of total, and the current file. Redraws at most ~15 times a second.
// Cancel() (e.g. from a SIGINT handler flag) makes the next report return false.
class ProgressBar {
 public:
  explicit ProgressBar(std::string verb);
  ~ProgressBar();
  bool Update(double done, double total, std::string_view label);
  void Finish();  // clears the line
  graph::ProgressFn Fn();

 private:
  std::string verb_;
  bool enabled_ = false;
  bool drawn_ = false;
  int64_t last_draw_ns_ = 0;
};

// Installs a SIGINT handler that sets a flag instead of killing the process; Interrupted()
// reads it. Restores the default handler on destruction.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  static bool Interrupted();
};

int64_t NowNs();

}  // namespace accord::cli
