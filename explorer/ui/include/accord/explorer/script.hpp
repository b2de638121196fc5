// Scripted mode for tests and demos: `accord-explorer --script FILE` runs steps through the
// same code paths as a user, one step per frame (or more frames for waits):
//   search "World AI Cooperation Organization"   type into the search box, focus the first hit
//   select "Name"                                 select the entity (exact name or first hit)
//   expand K                                      the selection plus K hops visible
//   focus K | focus off                           focus mode with K hops
//   path "A" "B"                                  shortest path highlighted
//   layout-ticks N                                run N layout ticks (waits)
//   pause | resume | reheat | fit
//   filter-type TYPE on|off
//   click X Y | move X Y                          synthetic mouse at screen pixels
//   wait-frames N
//   screenshot FILE.png                           save the next frame
//   export FILE.json                              export the visible subgraph (overwrites: a
//                                                 script asks for it explicitly)
//   svg FILE.svg                                  the view as drawn now, as SVG (overwrites)
//   brief FILE.html|FILE.md [K]                   a briefing on the selection + K hops (default
//                                                 1; overwrites)
//   assert-visible "Name" | assert-selected "Name" | assert-count nodes|links OP N
//   quit
// Lines starting with # and blank lines are ignored. A bad line is an error naming the file and
// line; a failed assert ends the run with exit code 1.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "accord/explorer/app.hpp"
#include "accord/explorer/graph_view.hpp"
#include "accord/explorer/ui.hpp"
#include "accord/graph/result.hpp"

namespace accord::explorer {

struct ScriptStep {
  std::string file;  // the script's name, for messages ("demo.script:12: ...")
  int line = 0;
  std::string command;
  std::vector<std::string> args;
};

graph::Result<std::vector<ScriptStep>> ParseScript(const std::filesystem::path& file);
graph::Result<std::vector<ScriptStep>> ParseScriptText(std::string_view text, std::string_view name);

class ScriptRunner {
 public:
  explicit ScriptRunner(std::vector<ScriptStep> steps);
  // Called once per frame before DrawUi. Runs the next step (or keeps waiting). Returns false
  // when the script is done or failed; then `exit_code()` says how (0 ok, 1 failed).
  bool Step(App& app, GraphView& view, UiState& ui);
  int exit_code() const { return exit_code_; }
  const std::string& error() const { return error_; }

 private:
  bool Fail(const ScriptStep& step, const std::string& message);
  bool Run(const ScriptStep& step, App& app, GraphView& view, UiState& ui);

  std::vector<ScriptStep> steps_;
  std::shared_ptr<Task> pending_task_;  // an export the script waits for
  const ScriptStep* pending_step_ = nullptr;
  bool done_ = false;
  size_t next_ = 0;
  int wait_frames_ = 0;
  int exit_code_ = 0;
  std::string error_;
};

}  // namespace accord::explorer
