// `accord`: the headless command line of Accord. Dispatches `accord COMMAND [options]` to the
// command's Run function; prints the command list for `accord --help`.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.hpp"

namespace accord::cli {
namespace {

void PrintUsage(std::FILE* out) {
  std::string text =
      "Usage: accord COMMAND [options]\n"
      "\n"
      "Accord turns AI-governance documents (.txt, .md, .pdf, .html, .docx) into a knowledge\n"
      "graph of the bodies, countries, events, plans and principles they name, every link\n"
      "traceable to its sentence (and a PDF's page).\n"
      "\n"
      "Commands:\n";
  for (const Command& c : AllCommands()) {
    text += "  " + Pad(c.spec->name, 11) + std::string(c.spec->summary) + "\n";
  }
  text +=
      "\n"
      "Every command takes --db DB (default: $ACCORD_DB, else $XDG_DATA_HOME/accord/accord.db)\n"
      "and --help. Exit status: 0 ok, 1 failure, 2 usage error.\n";
  std::fputs(text.c_str(), out);
}

}  // namespace

const std::vector<Command>& AllCommands() {
  static const std::vector<Command> kCommands = {
      {&kIngestSpec, RunIngest}, {&kRemoveSpec, RunRemove}, {&kStatsSpec, RunStats},
      {&kSearchSpec, RunSearch}, {&kShowSpec, RunShow},     {&kNeighborsSpec, RunNeighbors},
      {&kPathSpec, RunPath},     {&kExportSpec, RunExport}, {&kImportSpec, RunImport},
      {&kBriefSpec, RunBrief},
      {&kLayoutSpec, RunLayout},
      {&kBenchSpec, RunBench},
  };
  return kCommands;
}

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Options given before the command (accord --db X stats) are passed on to it.
  std::vector<std::string> leading;
  size_t i = 0;
  while (i < args.size() && args[i].starts_with("-")) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      PrintUsage(stdout);
      return kExitOk;
    }
    if (a == "--version") {
      std::puts("accord " ACCORD_VERSION);
      return kExitOk;
    }
    if (a == "--db" && i + 1 < args.size()) {
      leading.push_back(a);
      leading.push_back(args[i + 1]);
      i += 2;
      continue;
    }
    if (a.starts_with("--db=")) {
      leading.push_back(a);
      ++i;
      continue;
    }
    std::fprintf(stderr, "accord: unknown option %s before the command (see 'accord --help')\n",
                 Clean(a).c_str());
    return kExitUsage;
  }
  if (i >= args.size()) {
    std::fputs("accord: no command given (see 'accord --help')\n", stderr);
    return kExitUsage;
  }
  std::string name = args[i++];
  if (name == "help") {
    if (i >= args.size()) {
      PrintUsage(stdout);
      return kExitOk;
    }
    name = args[i];
    for (const Command& c : AllCommands()) {
      if (c.spec->name == name) {
        PrintHelp(*c.spec);
        return kExitOk;
      }
    }
    std::fprintf(stderr, "accord: unknown command %s (see 'accord --help')\n",
                 Quoted(name).c_str());
    return kExitUsage;
  }
  for (const Command& c : AllCommands()) {
    if (c.spec->name != name) continue;
    std::vector<std::string> rest(leading);
    rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    ParseOutcome parsed = ParseArgs(*c.spec, rest);
    if (!parsed.args) return parsed.exit_code;
    int code = c.run(*parsed.args);
    std::fflush(stdout);
    return code;
  }
  std::fprintf(stderr, "accord: unknown command %s (see 'accord --help')\n", Quoted(name).c_str());
  return kExitUsage;
}

}  // namespace accord::cli

int main(int argc, char** argv) {
  try {
    return accord::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "accord: internal error: %s\n", accord::cli::Clean(e.what()).c_str());
    return accord::cli::kExitFailure;
  }
}
