// Scripted mode (see script.hpp): parses the step language into ScriptSteps, checking every
// command and argument up front so a bad line fails before anything runs, and runs one step per
// frame through the same App / GraphView / actions calls a user's input makes.
#include "accord/explorer/script.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "accord/explorer/actions.hpp"
#include "accord/explorer/view_svg.hpp"
#include "accord/graph/export_formats.hpp"
#include "cat.hpp"

namespace accord::explorer {
namespace {

std::unexpected<graph::Error> ParseError(std::string_view name, int line, std::string message) {
  return graph::Fail(graph::ErrorCode::kParse, Cat(name, ":", line, ": ", message));
}

bool ParseInt(const std::string& s, long long* out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool ParseFloat(const std::string& s, float* out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Splits a line into words; "double quoted" words may hold spaces and \" or \\ escapes.
graph::Result<std::vector<std::string>> Tokenize(std::string_view line, std::string_view name,
                                                 int line_no) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= line.size()) break;
    std::string word;
    if (line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        const char c = line[i++];
        if (c == '\\' && i < line.size()) {
          word += line[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          word += c;
        }
      }
      if (!closed) return ParseError(name, line_no, "unterminated quoted string");
    } else {
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
        word += line[i++];
    }
    words.push_back(std::move(word));
  }
  return words;
}

const char* const kOps[] = {"==", "!=", "<", "<=", ">", ">="};

// Checks one command's arguments; an empty string means fine.
std::string Check(const std::string& cmd, std::vector<std::string>& args) {
  auto count = [&](size_t n) -> std::string {
    if (args.size() == n) return {};
    return Cat("'", cmd, "' takes ", n, " argument", n == 1 ? "" : "s", ", got ", args.size());
  };
  auto joined = [&]() -> std::string {
    if (args.empty()) return Cat("'", cmd, "' needs a name");
    std::string all = args[0];
    for (size_t i = 1; i < args.size(); ++i) all += " " + args[i];
    args.assign(1, all);
    return {};
  };
  long long v = 0;
  float fv = 0;
  if (cmd == "search" || cmd == "select" || cmd == "assert-visible" || cmd == "assert-selected")
    return joined();
  if (cmd == "expand" || cmd == "layout-ticks" || cmd == "wait-frames") {
    if (auto e = count(1); !e.empty()) return e;
    if (!ParseInt(args[0], &v) || v < 0 || (cmd == "layout-ticks" && v > 1000000))
      return Cat("'", cmd, "' needs a whole number, got '", args[0], "'");
    return {};
  }
  if (cmd == "focus") {
    if (auto e = count(1); !e.empty()) return e;
    if (args[0] == "off") return {};
    if (!ParseInt(args[0], &v) || v < 0)
      return Cat("'focus' needs K hops or off, got '", args[0], "'");
    return {};
  }
  if (cmd == "path") return count(2);
  if (cmd == "pause" || cmd == "resume" || cmd == "reheat" || cmd == "fit" || cmd == "quit")
    return count(0);
  if (cmd == "filter-type") {
    if (auto e = count(2); !e.empty()) return e;
    if (args[1] != "on" && args[1] != "off")
      return Cat("'filter-type' needs on or off, got '", args[1], "'");
    return {};
  }
  if (cmd == "click" || cmd == "move") {
    if (auto e = count(2); !e.empty()) return e;
    for (const auto& a : args)
      if (!ParseFloat(a, &fv)) return Cat("'", cmd, "' needs pixel coordinates, got '", a, "'");
    return {};
  }
  if (cmd == "screenshot" || cmd == "export" || cmd == "svg") return count(1);
  if (cmd == "brief") {
    if (args.size() != 1 && args.size() != 2) return "'brief' needs FILE and optionally hops K";
    if (args.size() == 2 && (!ParseFloat(args[1], &fv) || fv < 0 || fv > 10))
      return Cat("'brief' needs hops between 0 and 10, got '", args[1], "'");
    return {};
  }
  if (cmd == "assert-count") {
    if (auto e = count(3); !e.empty()) return e;
    if (args[0] != "nodes" && args[0] != "links")
      return Cat("'assert-count' counts nodes or links, not '", args[0], "'");
    if (std::find(std::begin(kOps), std::end(kOps), args[1]) == std::end(kOps))
      return Cat("'assert-count' needs one of == != < <= > >=, got '", args[1], "'");
    if (!ParseInt(args[2], &v)) return Cat("'assert-count' needs a number, got '", args[2], "'");
    return {};
  }
  return Cat("unknown command '", cmd, "'");
}

// The node a script names: exact label (most connected first), then case-insensitive, then the
// store's resolver (aliases, search).
std::optional<uint32_t> FindNode(App& app, const std::string& name) {
  const auto& s = app.snapshot();
  std::optional<uint32_t> best;
  for (uint32_t i = 0; i < s.NodeCount(); ++i)
    if (s.labels[i] == name && (!best || s.degree[i] > s.degree[*best])) best = i;
  if (best) return best;
  auto lower = [](std::string t) {
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
  };
  const std::string key = lower(name);
  for (uint32_t i = 0; i < s.NodeCount(); ++i)
    if (lower(s.labels[i]) == key && (!best || s.degree[i] > s.degree[*best])) best = i;
  if (best) return best;
  if (auto id = app.store().ResolveEntity(name)) return app.NodeOf(*id);
  return std::nullopt;
}

}  // namespace

graph::Result<std::vector<ScriptStep>> ParseScriptText(std::string_view text,
                                                       std::string_view name) {
  std::vector<ScriptStep> steps;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto words = Tokenize(line, name, line_no);
    if (!words) return std::unexpected(words.error());
    if (words->empty() || (*words)[0].starts_with('#')) {
      if (end == text.size()) break;
      continue;
    }
    ScriptStep step;
    step.file = std::string(name);
    step.line = line_no;
    step.command = (*words)[0];
    step.args.assign(words->begin() + 1, words->end());
    if (auto e = Check(step.command, step.args); !e.empty()) return ParseError(name, line_no, e);
    steps.push_back(std::move(step));
    if (end == text.size()) break;
  }
  return steps;
}

graph::Result<std::vector<ScriptStep>> ParseScript(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return graph::Fail(graph::ErrorCode::kIo, Cat("cannot read the script ", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseScriptText(text.str(), file.string());
}

ScriptRunner::ScriptRunner(std::vector<ScriptStep> steps) : steps_(std::move(steps)) {}

bool ScriptRunner::Fail(const ScriptStep& step, const std::string& message) {
  exit_code_ = 1;
  done_ = true;
  error_ = Cat(step.file.empty() ? "script" : step.file, ":", step.line, ": ", message);
  return false;
}

bool ScriptRunner::Step(App& app, GraphView& view, UiState& ui) {
  if (done_) return false;
  if (wait_frames_ > 0) {
    --wait_frames_;
    return true;
  }
  if (app.busy()) return true;  // ingest, reload or export still running: the next step waits
  if (pending_task_) {
    auto task = std::move(pending_task_);
    pending_task_.reset();
    if (task->failed) return Fail(*pending_step_, task->message);
  }
  if (next_ >= steps_.size()) {
    done_ = true;
    return false;
  }
  const ScriptStep& step = steps_[next_++];
  return Run(step, app, view, ui);
}

bool ScriptRunner::Run(const ScriptStep& step, App& app, GraphView& view, UiState& ui) {
  const std::string& cmd = step.command;
  const auto& a = step.args;
  auto node_named = [&](const std::string& name) { return FindNode(app, name); };
  auto number = [](const std::string& s) {
    long long v = 0;
    ParseInt(s, &v);
    return v;
  };
  auto coord = [](const std::string& s) {
    float v = 0;
    ParseFloat(s, &v);
    return v;
  };

  if (cmd == "search") {
    if (!SearchAndFocus(app, view, ui, a[0]))
      return Fail(step, Cat("no entity matches \"", a[0], "\""));
  } else if (cmd == "select") {
    auto node = node_named(a[0]);
    if (!node) return Fail(step, Cat("no entity named \"", a[0], "\" in the graph"));
    SelectAndFocus(app, view, *node);
  } else if (cmd == "expand") {
    if (app.selection().empty()) return Fail(step, "'expand' needs a selection");
    const auto selection = app.selection();
    for (uint32_t node : selection) app.Expand(node, static_cast<int>(number(a[0])));
  } else if (cmd == "focus") {
    app.focus().enabled = a[0] != "off";
    if (a[0] != "off") app.focus().hops = static_cast<int>(number(a[0]));
    app.ApplyFilters();
    ui.show_focus = true;
  } else if (cmd == "path") {
    auto from = node_named(a[0]), to = node_named(a[1]);
    if (!from) return Fail(step, Cat("no entity named \"", a[0], "\" in the graph"));
    if (!to) return Fail(step, Cat("no entity named \"", a[1], "\" in the graph"));
    ui.path_from = from;
    ui.path_to = to;
    ui.show_path = true;
    app.FindPath(*from, *to);
  } else if (cmd == "layout-ticks") {
    app.RunLayoutTicks(static_cast<int>(number(a[0])));
  } else if (cmd == "pause") {
    app.SetLayoutPaused(true);
  } else if (cmd == "resume") {
    app.SetLayoutPaused(false);
  } else if (cmd == "reheat") {
    app.ReheatLayout();
  } else if (cmd == "fit") {
    view.FitToView(app);
  } else if (cmd == "filter-type") {
    const auto& names = app.snapshot().type_names;
    auto it = std::find(names.begin(), names.end(), a[0]);
    if (it == names.end()) return Fail(step, Cat("no entity of type '", a[0], "' in the graph"));
    auto& types = app.filters().types;
    if (types.size() != names.size()) types.assign(names.size(), true);
    types[static_cast<size_t>(it - names.begin())] = a[1] == "on";
    app.ApplyFilters();
  } else if (cmd == "click") {
    const float x = coord(a[0]), y = coord(a[1]);
    view.OnMouseMove(app, x, y);
    view.OnMouseDown(app, x, y, false, false);
    view.OnMouseUp(app, x, y);
  } else if (cmd == "move") {
    view.OnMouseMove(app, coord(a[0]), coord(a[1]));
  } else if (cmd == "wait-frames") {
    wait_frames_ = static_cast<int>(number(a[0]));
  } else if (cmd == "screenshot") {
    ui.pending_screenshot = std::filesystem::path(a[0]);
    wait_frames_ = 2;
  } else if (cmd == "export") {
    pending_task_ = app.StartExport(a[0], false, true);
    pending_step_ = &step;
  } else if (cmd == "brief") {
    pending_task_ = app.StartBriefing(a[0], a.size() > 1 ? static_cast<int>(number(a[1])) : 1, true);
    pending_step_ = &step;
  } else if (cmd == "svg") {
    const ViewFrame& frame = view.BuildFrame(app);
    const std::string svg =
        ViewFrameToSvg(frame, view.camera().width, view.camera().height, view.label_font_px);
    auto st = graph::WriteFileAtomically(a[0], true, [&](std::ostream& out) {
      out << svg;
      return graph::Status{};
    });
    if (!st) return Fail(step, st.error().message);
  } else if (cmd == "assert-visible") {
    auto node = node_named(a[0]);
    if (!node) return Fail(step, Cat("no entity named \"", a[0], "\" in the graph"));
    const auto vis = app.node_visibility();
    if (*node >= vis.size() || vis[*node] != 2)
      return Fail(step, Cat("\"", a[0], "\" is not visible"));
  } else if (cmd == "assert-selected") {
    auto node = node_named(a[0]);
    if (!node) return Fail(step, Cat("no entity named \"", a[0], "\" in the graph"));
    const auto& sel = app.selection();
    if (std::find(sel.begin(), sel.end(), *node) == sel.end())
      return Fail(step, Cat("\"", a[0], "\" is not selected"));
  } else if (cmd == "assert-count") {
    const auto vis = a[0] == "nodes" ? app.node_visibility() : app.link_visibility();
    const long long count = std::count(vis.begin(), vis.end(), uint8_t{2});
    const long long want = number(a[2]);
    const std::string& op = a[1];
    const bool ok = op == "=="   ? count == want
                    : op == "!=" ? count != want
                    : op == "<"  ? count < want
                    : op == "<=" ? count <= want
                    : op == ">"  ? count > want
                                 : count >= want;
    if (!ok) return Fail(step, Cat(count, " visible ", a[0], ", expected ", op, " ", want));
  } else if (cmd == "quit") {
    ui.quit_requested = true;
    done_ = true;
    return false;
  } else {
    return Fail(step, Cat("unknown command '", cmd, "'"));
  }
  return true;
}

}  // namespace accord::explorer
