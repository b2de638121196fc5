// accord::explorer::App — the explorer's state and actions, with no GL and no GLFW (the
// renderer in explorer/render reads it; panels in explorer/ui/panels draw it with ImGui).
//
// Threads (ARCHITECTURE.md habit 4): the UI thread owns App and calls Update() once per frame;
// it never waits. Ingest, export, path search over big graphs and the force layout run on
// workers, each with its own graph::Store connection; results come back through a run queue
// drained by Update() (a new snapshot is swapped in, positions are copied from the layout
// worker's latest published frame). Expected failures are Error values shown in the status
// panel; nothing throws across the frame loop.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "accord/graph/export_formats.hpp"
#include "accord/graph/result.hpp"
#include "accord/graph/snapshot.hpp"
#include "accord/graph/store.hpp"

namespace accord::explorer {

inline constexpr uint64_t kDefaultSeed = 20251129;

struct AppOptions {
  std::filesystem::path db;                  // the database (graph::DefaultDatabasePath() by default)
  std::vector<std::filesystem::path> ingest; // files/folders to ingest at start (with progress)
  bool ingest_bundled_when_empty = true;     // first run: ingest corpus::BundledCorpusDir()
  std::optional<std::filesystem::path> rules;  // --rules FILE for ingests started by the app
  uint64_t seed = kDefaultSeed;              // layout seed
  bool start_layout = true;                  // run the layout worker (tests may turn it off)
};

// A long operation on a worker: progress, cancel, outcome. Shared with the worker.
struct Task {
  uint64_t id = 0;
  std::string label;                  // "Ingesting 3 documents", "Exporting graph.json"
  std::atomic<double> done{0};        // progress, in `total` units
  std::atomic<double> total{0};       // 0 = indeterminate
  std::atomic<bool> cancel{false};    // set by the UI's Cancel button
  std::atomic<bool> finished{false};
  std::string message;                // outcome sentence (written by the worker before finished)
  bool failed = false;                // written before finished
};

// Which nodes are shown. Recomputed into App::visible() whenever it changes.
struct Filters {
  std::vector<bool> types;            // by snapshot type id; empty = all shown
  std::vector<bool> link_types;       // by snapshot link type id; empty = all shown
  std::optional<int64_t> document;    // only entities mentioned in this document
  uint32_t min_degree = 0;
  bool hide_isolated = false;
  bool show_cooccurrence = false;
};

struct Focus {
  bool enabled = false;
  int hops = 1;                       // selection + k hops
  bool fade_others = true;            // true: others faded; false: hidden
};

struct PathResult {
  std::vector<uint32_t> nodes;        // snapshot indices, from -> to
  std::vector<uint32_t> links;        // snapshot link indices, in walking order
  std::string message;                // "no path between A and B" when empty
};

class App {
 public:
  static graph::Result<std::unique_ptr<App>> Open(const AppOptions& options);
  ~App();  // cancels tasks, stops and joins workers, saves layout positions
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Once per frame on the UI thread. Never blocks.
  void Update();
  // True while a task runs or its result waits in the run queue (scripts wait on it).
  bool busy() const;
  // Calls Update() until !busy() (scripts and tests only; never in a frame).
  void WaitIdle();

  // ---- the graph --------------------------------------------------------------------------
  const graph::Snapshot& snapshot() const;
  std::shared_ptr<const graph::Snapshot> snapshot_ptr() const;
  graph::Store& store();                      // the UI thread's own connection (fast reads only)
  uint64_t generation() const;                // bumps whenever a new snapshot is swapped in
  // Node positions in world units (layout coordinates), index = snapshot node index.
  std::span<const float> x() const;
  std::span<const float> y() const;

  // ---- layout -------------------------------------------------------------------------------
  void SetLayoutPaused(bool paused);
  bool layout_paused() const;
  void ReheatLayout();                        // alpha back to 1 (resumes when paused)
  float layout_alpha() const;
  double layout_ms_per_tick() const;          // mean over the last ticks
  // True while the layout worker computes the stress start of a newly loaded graph (the engine's
  // RunAuto start for nodes without a saved position); the view shows the old positions meanwhile.
  bool layout_preparing() const;
  void PinNode(uint32_t node, float x, float y);  // drag: move and pin
  void UnpinNode(uint32_t node);
  bool IsPinned(uint32_t node) const;
  // Runs `ticks` layout ticks and waits for them (scripts and tests only; never in a frame);
  // 0 just waits until the worker has taken the graph (and its stress start) and every command.
  void RunLayoutTicks(int ticks);
  void SaveLayout();                          // positions into the store (also done on exit;
                                              // nothing while layout_preparing())

  // ---- selection, focus, filters, path -----------------------------------------------------
  const std::vector<uint32_t>& selection() const;
  void Select(uint32_t node, bool additive);  // click / shift-click
  void SelectLink(uint32_t link);             // an edge: the inspector shows its evidence
  std::optional<uint32_t> selected_link() const;
  void ClearSelection();                      // Esc
  void Expand(uint32_t node, int hops);       // double-click: neighbours become visible (and hidden ones unhidden)
  void HideSelection();                       // Del
  void UnhideAll();
  std::optional<uint32_t> hovered() const;
  void SetHovered(std::optional<uint32_t> node);

  Filters& filters();                         // edit, then call ApplyFilters()
  Focus& focus();                             // edit, then call ApplyFilters()
  void ApplyFilters();
  // Per node: 0 hidden, 1 faded, 2 shown. Per link: same. Index = snapshot index.
  std::span<const uint8_t> node_visibility() const;
  std::span<const uint8_t> link_visibility() const;

  void FindPath(uint32_t from, uint32_t to);  // shortest path over stated links
  const PathResult& path() const;
  void ClearPath();

  // ---- search (FTS, on the UI thread's connection; fast) ---------------------------------
  graph::Result<std::vector<graph::SearchHit>> Search(std::string_view text, int limit = 20);
  // Node index of a store entity id, if it is in the snapshot.
  std::optional<uint32_t> NodeOf(int64_t entity) const;

  // ---- tasks --------------------------------------------------------------------------------
  std::shared_ptr<Task> StartIngest(std::vector<std::filesystem::path> paths);
  // Writes the visible (or, with only_selection, the selected + its links) subgraph in `format`
  // (graph/export_formats.hpp; default accord-graph JSON; CSV writes PATH-without-.csv
  // .nodes.csv and .edges.csv); refuses to overwrite unless overwrite (the dialog asks first).
  std::shared_ptr<Task> StartExport(std::filesystem::path path, bool only_selection, bool overwrite,
                                    graph::ExportFormat format = graph::ExportFormat::kD3);
  // Writes a briefing (graph/briefing.hpp) on the selected entities and everything within
  // `hops` of them: HTML (one standalone file with a picture) when `path` ends in .html/.htm,
  // Markdown otherwise. Refuses to overwrite unless overwrite (the dialog asks first).
  std::shared_ptr<Task> StartBriefing(std::filesystem::path path, int hops, bool overwrite);
  std::span<const std::shared_ptr<Task>> tasks() const;   // running and recently finished
  void DismissFinishedTasks();

  // ---- messages for the status bar ----------------------------------------------------------
  const std::string& last_message() const;    // one sentence, e.g. an error from a task
  void SetMessage(std::string message);

 private:
  struct Impl;
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace accord::explorer
