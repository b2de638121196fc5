// The `accord` commands: each takes the arguments after its name and returns the exit code
// (0 ok, 1 failure, 2 usage). Each has a CommandSpec for its --help and the command list.
#pragma once

#include <string>
#include <vector>

#include "cli_common.hpp"

namespace accord::cli {

struct Command {
  const CommandSpec* spec;
  int (*run)(const Args& args);
};

// Every command, in the order `accord --help` lists them.
const std::vector<Command>& AllCommands();

// Defined in ingest_commands.cpp.
extern const CommandSpec kIngestSpec, kRemoveSpec, kImportSpec, kExportSpec;
int RunIngest(const Args& args);
int RunRemove(const Args& args);
int RunImport(const Args& args);
int RunExport(const Args& args);

// Defined in query_commands.cpp.
extern const CommandSpec kStatsSpec, kSearchSpec, kShowSpec, kNeighborsSpec, kPathSpec;
int RunStats(const Args& args);
int RunSearch(const Args& args);
int RunShow(const Args& args);
int RunNeighbors(const Args& args);
int RunPath(const Args& args);

// Defined in brief_command.cpp.
extern const CommandSpec kBriefSpec;
int RunBrief(const Args& args);

// Defined in layout_command.cpp.
extern const CommandSpec kLayoutSpec;
int RunLayout(const Args& args);

// Defined in bench.cpp.
extern const CommandSpec kBenchSpec;
int RunBench(const Args& args);

}  // namespace accord::cli
