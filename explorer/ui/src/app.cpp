// accord::explorer::App — the explorer's state and actions (see app.hpp): the UI thread's Store
// connection and snapshot, selection / filters / focus / path, background tasks (ingest,
// reload, export) on worker threads that report back through a run queue, and the layout
// worker thread that owns the graph::Simulation and publishes positions into a buffer that
// Update() copies from. No GL, no ImGui.
#include "accord/explorer/app.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "accord/corpus/ingest.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/graph/briefing.hpp"
#include "accord/graph/export_formats.hpp"
#include "accord/graph/json_io.hpp"
#include "accord/graph/layout.hpp"
#include "cat.hpp"

namespace accord::explorer {
namespace {

using Clock = std::chrono::steady_clock;

// How often Update() asks the store whether another process has committed (a cheap PRAGMA).
constexpr auto kChangePollInterval = std::chrono::milliseconds(400);

// ---- saved layout positions: the one place that talks to Store about them -----------------

graph::Result<std::vector<graph::NodePosition>> LoadSavedPositions(graph::Store& store) {
  return store.LoadPositions();
}

graph::Status SaveSavedPositions(graph::Store& store, std::span<const graph::NodePosition> p) {
  return store.SavePositions(p);
}

// ---- layout parameters ------------------------------------------------------------------

// A snapshot with at least this many (and a tenth) nodes without a position gets the stress
// start; the simulation then runs from this alpha (RunAuto refines from 0.02; the explorer's
// stronger charge and collision need a little more to open the start up; more mixes communities again).
constexpr uint32_t kStressStartMinNew = 20;
constexpr double kStressStartAlpha = 0.03;

// Node radius at zoom 1 in world units (the view draws 4 + 2.5 sqrt(degree) pixels, clamped).
float BaseRadius(uint32_t degree) {
  return std::clamp(4.0f + 2.5f * std::sqrt(static_cast<float>(degree)), 4.0f, 22.0f);
}

graph::LayoutOptions MakeLayoutOptions(const graph::Snapshot& snapshot, uint64_t seed) {
  graph::LayoutOptions o;
  o.seed = seed;
  o.charge_strength = -90.0f;  // more room than d3's -30: labels need space
  o.link_distance = 45.0f;
  o.distance_max = 250.0f;  // far components and isolated nodes stop drifting apart
  o.collide_strength = 0.8f;
  o.gravity = 0.06f;  // isolated nodes and small parts stay near the main component
  o.threads = snapshot.NodeCount() > 20000 ? 2 : 1;
  // A gentle community start and no gap refine: the explorer ticks the forces on after its
  // stress start, and they would close RunAuto's gaps between communities again.
  o.community_link_length = 1.25f;
  o.community_gap = 0.0f;
  return o;
}

std::vector<float> CollideRadii(const graph::Snapshot& snapshot) {
  std::vector<float> r(snapshot.NodeCount());
  for (uint32_t i = 0; i < snapshot.NodeCount(); ++i) r[i] = BaseRadius(snapshot.degree[i]) + 3.0f;
  return r;
}

uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// A graph read out of the store on some thread, ready to be swapped in on the UI thread.
struct LoadedGraph {
  std::shared_ptr<const graph::Snapshot> snapshot;
  std::vector<float> init_x, init_y;  // the layout's initial placement (phyllotaxis)
  bool with_cooccurrence = false;
};

graph::Result<LoadedGraph> LoadGraphFrom(graph::Store& store, bool cooccurrence, uint64_t seed) {
  graph::GraphFilter filter;
  filter.include_cooccurrence = cooccurrence;
  filter.with_details = false;
  auto data = store.LoadGraph(filter);
  if (!data) return std::unexpected(data.error());
  LoadedGraph g;
  g.snapshot = graph::BuildSnapshot(*data);
  g.with_cooccurrence = cooccurrence;
  graph::Simulation sim(*g.snapshot, MakeLayoutOptions(*g.snapshot, seed));
  g.init_x = sim.x();
  g.init_y = sim.y();
  return g;
}

// ---- the layout worker --------------------------------------------------------------------

// Owns the Simulation of the current snapshot on its own thread. Commands arrive in a
// mutex-protected vector; positions leave through a published buffer (copied under a second
// mutex). Ticks run while alpha >= alpha_min and not paused (when auto_run), at most
// `ticks_per_second` so the picture animates; RunTicks runs exactly n ticks and waits.
class LayoutWorker {
 public:
  LayoutWorker(bool auto_run, double ticks_per_second)
      : auto_run_(auto_run),
        interval_(std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / ticks_per_second))) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~LayoutWorker() { Stop(); }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void SetGraph(std::shared_ptr<const graph::Snapshot> snapshot, uint64_t generation,
                graph::LayoutOptions options, std::vector<float> x, std::vector<float> y,
                std::vector<uint8_t> pinned, double alpha, std::vector<uint8_t> start_keep = {},
                bool stress_start = false) {
    auto payload = std::make_shared<GraphPayload>();
    payload->stress_start = stress_start;
    payload->start_keep = std::move(start_keep);
    payload->snapshot = std::move(snapshot);
    payload->options = options;
    payload->x = std::move(x);
    payload->y = std::move(y);
    payload->pinned = std::move(pinned);
    payload->alpha = alpha;
    Command c = Make(Kind::kGraph, generation);
    c.graph = std::move(payload);
    Push(std::move(c));
  }
  void Pin(uint64_t generation, uint32_t node, float x, float y) {
    Push(Make(Kind::kPin, generation, node, x, y));
  }
  void Unpin(uint64_t generation, uint32_t node) { Push(Make(Kind::kUnpin, generation, node)); }
  void SetAlpha(double alpha) { Push(Make(Kind::kAlpha, 0, 0, 0, 0, alpha)); }
  void SetPaused(bool paused) { Push(Make(Kind::kPause, 0, 0, 0, 0, paused ? 1.0 : 0.0)); }

  void RunTicks(int ticks) {
    std::unique_lock lock(mu_);
    const uint64_t ticket = ++next_ticket_;
    Command c = Make(Kind::kTicks);
    c.ticks = ticks;
    c.ticket = ticket;
    commands_.push_back(std::move(c));
    cv_.notify_all();
    done_cv_.wait(lock, [&] { return done_ticket_ >= ticket || stop_; });
  }

  // Copies the latest published positions of `generation` when newer than *version.
  bool Fetch(uint64_t generation, uint64_t* version, std::vector<float>& x, std::vector<float>& y,
             float* alpha, double* ms_per_tick, bool* preparing) const {
    std::lock_guard lock(pub_mu_);
    *ms_per_tick = pub_ms_;
    // Until the worker publishes the new generation it is still preparing it (or has not begun).
    if (pub_generation_ != generation) return false;
    *preparing = pub_preparing_;
    *alpha = static_cast<float>(pub_alpha_);
    if (pub_version_ == *version) return false;
    if (pub_x_.size() != x.size()) return false;
    *version = pub_version_;
    std::copy(pub_x_.begin(), pub_x_.end(), x.begin());
    std::copy(pub_y_.begin(), pub_y_.end(), y.begin());
    return true;
  }

 private:
  enum class Kind { kGraph, kPin, kUnpin, kAlpha, kPause, kTicks };
  struct GraphPayload {
    std::shared_ptr<const graph::Snapshot> snapshot;
    graph::LayoutOptions options;
    std::vector<float> x, y;
    std::vector<uint8_t> pinned;
    double alpha = 1;
    // Place the nodes not marked in start_keep (nor pinned) by the engine's stress start first.
    bool stress_start = false;
    std::vector<uint8_t> start_keep;
  };
  struct Command {
    Kind kind = Kind::kAlpha;
    uint64_t generation = 0;
    uint32_t node = 0;
    float x = 0, y = 0;
    double value = 0;
    int ticks = 0;
    uint64_t ticket = 0;
    std::shared_ptr<GraphPayload> graph;
  };

  static Command Make(Kind kind, uint64_t generation = 0, uint32_t node = 0, float x = 0,
                      float y = 0, double value = 0) {
    Command c;
    c.kind = kind;
    c.generation = generation;
    c.node = node;
    c.x = x;
    c.y = y;
    c.value = value;
    return c;
  }

  void Push(Command c) {
    {
      std::lock_guard lock(mu_);
      commands_.push_back(std::move(c));
    }
    cv_.notify_all();
  }

  bool Running() const { return sim_ && auto_run_ && !paused_ && !sim_->Stopped(); }

  void TickOnce() {
    const auto t0 = Clock::now();
    sim_->Tick(1);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    ms_per_tick_ = ms_per_tick_ == 0 ? ms : ms_per_tick_ * 0.9 + ms * 0.1;
  }

  void Publish() {
    std::lock_guard lock(pub_mu_);
    pub_generation_ = generation_;
    ++pub_version_;
    pub_ms_ = ms_per_tick_;
    if (sim_) {
      pub_x_ = sim_->x();
      pub_y_ = sim_->y();
      pub_alpha_ = sim_->alpha();
    } else {
      pub_x_.clear();
      pub_y_.clear();
      pub_alpha_ = 0;
    }
  }

  // The engine's stress start for the new graph (the first stage of Simulation::RunAuto), on
  // this thread while the UI keeps drawing; the status bar says "Preparing layout" meanwhile.
  // A newer graph or Stop cancels it between its stages (the positions then stay as they were).
  void StressStart(std::span<const uint8_t> keep) {
    {
      std::lock_guard lock(pub_mu_);
      pub_preparing_ = true;
    }
    const graph::ProgressFn keep_going = [this](double, double, std::string_view) {
      std::lock_guard lock(mu_);
      if (stop_) return false;
      for (const Command& c : commands_)
        if (c.kind == Kind::kGraph) return false;
      return true;
    };
    (void)sim_->StressStart(keep, keep_going);
    std::lock_guard lock(pub_mu_);
    pub_preparing_ = false;
  }

  void Apply(Command& c) {
    switch (c.kind) {
      case Kind::kGraph: {
        auto& g = *c.graph;
        generation_ = c.generation;
        sim_ = std::make_unique<graph::Simulation>(*g.snapshot, g.options);
        sim_->SetRadii(CollideRadii(*g.snapshot));
        for (uint32_t i = 0; i < sim_->NodeCount(); ++i)
          if (g.pinned[i]) sim_->Pin(i, g.x[i], g.y[i]);
        sim_->SetPositions(g.x, g.y);
        sim_->SetAlpha(g.alpha);
        if (g.stress_start) StressStart(g.start_keep);
        break;
      }
      case Kind::kPin:
        if (sim_ && c.generation == generation_ && c.node < sim_->NodeCount()) {
          sim_->Pin(c.node, c.x, c.y);
          // Keep the neighbours following the dragged node (d3's drag keeps alpha warm).
          if (auto_run_ && sim_->alpha() < 0.1) sim_->SetAlpha(0.1);
        }
        break;
      case Kind::kUnpin:
        if (sim_ && c.generation == generation_ && c.node < sim_->NodeCount()) sim_->Unpin(c.node);
        break;
      case Kind::kAlpha:
        if (sim_) sim_->SetAlpha(c.value);
        break;
      case Kind::kPause:
        paused_ = c.value != 0;
        break;
      case Kind::kTicks:
        if (sim_)
          for (int t = 0; t < c.ticks; ++t) TickOnce();
        break;
    }
  }

  void Loop() {
    auto next_tick = Clock::now();
    std::unique_lock lock(mu_);
    for (;;) {
      const auto ready = [&] { return stop_ || !commands_.empty(); };
      if (!ready()) {
        if (Running())
          cv_.wait_until(lock, next_tick, ready);
        else
          cv_.wait(lock, ready);
      }
      if (stop_) break;
      std::vector<Command> commands;
      commands.swap(commands_);
      lock.unlock();
      uint64_t finished_ticket = 0;
      for (auto& c : commands) {
        Apply(c);
        if (c.kind == Kind::kTicks) finished_ticket = std::max(finished_ticket, c.ticket);
      }
      bool published = false;
      if (!commands.empty()) {
        Publish();
        published = true;
      }
      if (Running() && Clock::now() >= next_tick) {
        TickOnce();
        Publish();
        published = true;
        next_tick = Clock::now() + interval_;
      }
      (void)published;
      lock.lock();
      if (finished_ticket) {
        done_ticket_ = std::max(done_ticket_, finished_ticket);
        done_cv_.notify_all();
      }
    }
    done_ticket_ = next_ticket_;
    done_cv_.notify_all();
  }

  const bool auto_run_;
  const Clock::duration interval_;
  std::thread thread_;

  mutable std::mutex mu_;
  std::condition_variable cv_, done_cv_;
  std::vector<Command> commands_;
  bool stop_ = false;
  uint64_t next_ticket_ = 0, done_ticket_ = 0;

  // worker-thread state
  std::unique_ptr<graph::Simulation> sim_;
  uint64_t generation_ = 0;
  bool paused_ = false;
  double ms_per_tick_ = 0;

  mutable std::mutex pub_mu_;
  std::vector<float> pub_x_, pub_y_;
  uint64_t pub_generation_ = 0, pub_version_ = 0;
  double pub_alpha_ = 0, pub_ms_ = 0;
  bool pub_preparing_ = false;
};

std::string DescribePaths(const std::vector<std::filesystem::path>& paths) {
  if (paths.size() == 1)
    return paths[0].filename().empty() ? paths[0].string() : paths[0].filename().string();
  return Cat(paths.size(), " paths");
}

}  // namespace

// ---- App::Impl ------------------------------------------------------------------------------

struct App::Impl {
  explicit Impl(graph::Store s) : store(std::move(s)) {}

  AppOptions options;
  graph::Store store;
  std::shared_ptr<const graph::Snapshot> snapshot = graph::BuildSnapshot(graph::GraphData{});
  bool snapshot_cooccurrence = false;
  uint64_t generation = 0;

  // positions (UI copy), pins
  std::vector<float> x, y;
  std::vector<uint8_t> pinned;
  std::vector<float> pin_x, pin_y;
  std::unordered_map<int64_t, graph::NodePosition>
      saved;  // from the store, for nodes new to the view
  std::unique_ptr<LayoutWorker> layout;
  uint64_t layout_version = 0;
  bool paused = false;
  float alpha = 0;
  double ms_per_tick = 0;
  bool preparing = false;  // the worker is computing the stress start of a new graph

  // selection, filters, visibility
  std::vector<uint32_t> selection;
  std::optional<uint32_t> selected_link, hovered;
  Filters filters;
  Focus focus;
  std::vector<uint8_t> hidden, forced;
  std::vector<uint8_t> node_vis, link_vis;
  std::optional<int64_t> doc_cache_document;
  uint64_t doc_cache_generation = ~0ull;
  std::vector<uint8_t> doc_members;
  PathResult path;

  // tasks and the run queue
  std::vector<std::shared_ptr<Task>> tasks;
  std::vector<std::pair<std::shared_ptr<Task>, std::thread>> threads;
  std::mutex queue_mu;
  std::vector<std::function<void(Impl&)>> queue;
  uint64_t next_task_id = 1;
  std::shared_ptr<Task> reload_task;
  std::string message;

  // Live reload: another process (`accord ingest`, a script) writing the same database. The UI
  // connection's PRAGMA data_version changes when anyone else commits; Update() polls it.
  int64_t seen_version = -1;
  Clock::time_point next_poll{};

  // The data version as the graph now shown knows it (call before loading or after swapping
  // in a graph loaded by an ingest that wrote it).
  void MarkSeen() {
    if (auto v = store.DataVersion()) seen_version = *v;
  }

  void PollForChanges() {
    const auto now = Clock::now();
    if (now < next_poll) return;
    next_poll = now + kChangePollInterval;
    for (const auto& t : tasks)
      if (!t->finished) return;  // an ingest or reload running reloads the graph itself
    auto v = store.DataVersion();
    // A failed check is not the user's doing and changes nothing: the next poll tries again.
    if (!v || *v == seen_version) return;
    StartReload();
  }

  void Post(std::function<void(Impl&)> fn) {
    std::lock_guard lock(queue_mu);
    queue.push_back(std::move(fn));
  }

  std::shared_ptr<Task> Launch(std::string label, std::function<void(Task&)> body) {
    auto task = std::make_shared<Task>();
    task->id = next_task_id++;
    task->label = std::move(label);
    tasks.push_back(task);
    threads.emplace_back(task, std::thread([task, body = std::move(body)] {
                           body(*task);
                           task->finished = true;
                         }));
    return task;
  }

  void JoinFinished(bool all) {
    for (auto it = threads.begin(); it != threads.end();) {
      if (all || it->first->finished) {
        if (it->second.joinable()) it->second.join();
        it = threads.erase(it);
      } else {
        ++it;
      }
    }
  }

  bool DrainQueue() {
    std::vector<std::function<void(Impl&)>> run;
    {
      std::lock_guard lock(queue_mu);
      run.swap(queue);
    }
    for (auto& fn : run) fn(*this);
    return !run.empty();
  }

  bool QueueEmpty() {
    std::lock_guard lock(queue_mu);
    return queue.empty();
  }

  void FetchPositions() {
    if (!layout) return;
    if (layout->Fetch(generation, &layout_version, x, y, &alpha, &ms_per_tick, &preparing)) {
      for (uint32_t i = 0; i < pinned.size(); ++i)
        if (pinned[i]) {
          x[i] = pin_x[i];
          y[i] = pin_y[i];
        }
    }
  }

  // ---- swapping a new snapshot in ---------------------------------------------------------
  void Swap(LoadedGraph g) {
    const auto old = snapshot;
    const auto& s = *g.snapshot;
    const uint32_t n = s.NodeCount();
    std::vector<float> nx = std::move(g.init_x), ny = std::move(g.init_y);
    std::vector<uint8_t> known(n, 0), npinned(n, 0);
    std::vector<float> npx(n, 0), npy(n, 0);
    uint32_t known_count = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if (auto j = old->IndexOf(s.ids[i]); j && *j < x.size()) {
        nx[i] = x[*j];
        ny[i] = y[*j];
        npinned[i] = pinned[*j];
        known[i] = 1;
      } else if (auto it = saved.find(s.ids[i]); it != saved.end()) {
        nx[i] = it->second.x;
        ny[i] = it->second.y;
        npinned[i] = it->second.pinned;
        known[i] = 1;
      }
      if (known[i]) {
        ++known_count;
        npx[i] = nx[i];
        npy[i] = ny[i];
      }
    }
    // New nodes go near a placed neighbour (two passes, so short chains follow too).
    if (known_count > 0 && known_count < n) {
      std::vector<uint8_t> placed = known;
      for (int pass = 0; pass < 2; ++pass) {
        for (uint32_t i = 0; i < n; ++i) {
          if (placed[i]) continue;
          for (uint32_t nb : s.Neighbors(i)) {
            if (!placed[nb] || nb == i) continue;
            const double a = (Mix(static_cast<uint64_t>(s.ids[i]) ^ options.seed) >> 11) *
                             (6.283185307179586 / 9007199254740992.0);
            nx[i] = nx[nb] + 20.0f * static_cast<float>(std::cos(a));
            ny[i] = ny[nb] + 20.0f * static_cast<float>(std::sin(a));
            placed[i] = 2;
            break;
          }
        }
      }
    }
    if (known_count > 0 && n > 0) saved.clear();  // used once: the view has its own positions now
    double start_alpha = 1.0;
    if (n == 0 || known_count == n)
      start_alpha = 0.0;
    else if (known_count > 0)
      start_alpha = 0.3 + 0.7 * static_cast<double>(n - known_count) / n;
    // Many new nodes: the worker places them by the engine's stress start (distance follows hop
    // distance, so long paths lie straight and big graphs do not start as a hairball), turned
    // onto the nodes already placed; the forces then only refine, from a cool alpha. A few new
    // nodes keep the neighbour placement above.
    const uint32_t fresh = n - known_count;
    const bool stress_start = n >= 3 && fresh >= std::max<uint32_t>(kStressStartMinNew, n / 10);
    if (stress_start) start_alpha = known_count == 0 ? kStressStartAlpha : std::min(start_alpha, 0.3);

    // Remap the selection, hidden and forced sets, the selected link and the path by store id.
    auto remap_node = [&](uint32_t i) -> std::optional<uint32_t> {
      if (i >= old->NodeCount()) return std::nullopt;
      return s.IndexOf(old->ids[i]);
    };
    std::vector<uint32_t> new_selection;
    for (uint32_t i : selection)
      if (auto j = remap_node(i)) new_selection.push_back(*j);
    std::vector<uint8_t> new_hidden(n, 0), new_forced(n, 0);
    for (uint32_t i = 0; i < hidden.size() && i < old->NodeCount(); ++i) {
      if (!hidden[i] && !forced[i]) continue;
      if (auto j = remap_node(i)) {
        new_hidden[*j] = hidden[i];
        new_forced[*j] = forced[i];
      }
    }
    std::optional<uint32_t> new_link;
    if (selected_link && *selected_link < old->LinkCount()) {
      const int64_t id = old->link_ids[*selected_link];
      for (uint32_t k = 0; k < s.LinkCount(); ++k)
        if (s.link_ids[k] == id) new_link = k;
    }
    std::optional<uint32_t> path_from, path_to;
    if (!path.nodes.empty()) {
      path_from = remap_node(path.nodes.front());
      path_to = remap_node(path.nodes.back());
    }
    auto remap_names = [](const std::vector<bool>& flags, const std::vector<std::string>& old_names,
                          const std::vector<std::string>& new_names) {
      if (flags.empty()) return flags;
      std::vector<bool> out(new_names.size(), true);
      for (size_t t = 0; t < new_names.size(); ++t) {
        auto it = std::lower_bound(old_names.begin(), old_names.end(), new_names[t]);
        if (it != old_names.end() && *it == new_names[t]) {
          const size_t o = static_cast<size_t>(it - old_names.begin());
          if (o < flags.size()) out[t] = flags[o];
        }
      }
      return out;
    };
    filters.types = remap_names(filters.types, old->type_names, s.type_names);
    filters.link_types = remap_names(filters.link_types, old->link_type_names, s.link_type_names);

    snapshot = std::move(g.snapshot);
    snapshot_cooccurrence = g.with_cooccurrence;
    ++generation;
    x = nx;
    y = ny;
    pinned = npinned;
    pin_x = std::move(npx);
    pin_y = std::move(npy);
    selection = std::move(new_selection);
    hidden = std::move(new_hidden);
    forced = std::move(new_forced);
    selected_link = new_link;
    hovered.reset();
    path = {};
    layout_version = 0;
    alpha = static_cast<float>(start_alpha);
    if (layout)
      layout->SetGraph(snapshot, generation, MakeLayoutOptions(*snapshot, options.seed), nx, ny,
                       pinned, start_alpha, stress_start ? std::move(known) : std::vector<uint8_t>{},
                       stress_start);
    preparing = stress_start && layout;
    if (path_from && path_to) FindPath(*path_from, *path_to);
    ApplyFilters();
  }

  // ---- visibility ---------------------------------------------------------------------------
  bool LinkPasses(uint32_t k) const {
    const auto& s = *snapshot;
    if (s.link_kinds[k] == graph::RelationKind::kCooccurrence && !filters.show_cooccurrence)
      return false;
    const uint16_t t = s.link_types[k];
    return filters.link_types.empty() || t >= filters.link_types.size() || filters.link_types[t];
  }

  void RefreshDocumentMembers() {
    const auto& s = *snapshot;
    if (doc_cache_document == filters.document && doc_cache_generation == generation) return;
    doc_cache_document = filters.document;
    doc_cache_generation = generation;
    doc_members.assign(s.NodeCount(), 1);
    if (!filters.document) return;
    graph::GraphFilter f;
    f.document = filters.document;
    f.include_cooccurrence = false;
    f.with_details = false;
    auto data = store.LoadGraph(f);
    if (!data) {
      message = data.error().message;
      return;
    }
    std::fill(doc_members.begin(), doc_members.end(), 0);
    for (const auto& node : data->nodes)
      if (auto i = s.IndexOf(node.id)) doc_members[*i] = 1;
  }

  void ApplyFilters() {
    const auto& s = *snapshot;
    const uint32_t n = s.NodeCount(), m = s.LinkCount();
    if (filters.show_cooccurrence != snapshot_cooccurrence &&
        (!reload_task || reload_task->finished))
      StartReload();
    RefreshDocumentMembers();
    hidden.resize(n, 0);
    forced.resize(n, 0);
    node_vis.assign(n, 0);
    link_vis.assign(m, 0);
    for (uint32_t i = 0; i < n; ++i) {
      const uint16_t t = s.types[i];
      bool ok = filters.types.empty() || t >= filters.types.size() || filters.types[t];
      ok = ok && doc_members[i];
      ok = ok && s.degree[i] >= filters.min_degree;
      ok = ok && !(filters.hide_isolated && s.degree[i] == 0);
      uint8_t v = ok ? 2 : 0;
      if (hidden[i]) v = 0;
      if (forced[i]) v = 2;
      node_vis[i] = v;
    }
    for (uint32_t i : path.nodes) node_vis[i] = 2;

    if (focus.enabled && !selection.empty()) {
      std::vector<uint8_t> in_focus(n, 0);
      std::vector<uint32_t> frontier, next;
      for (uint32_t i : selection) {
        if (!in_focus[i]) frontier.push_back(i);
        in_focus[i] = 1;
      }
      for (int hop = 0; hop < focus.hops && !frontier.empty(); ++hop) {
        next.clear();
        for (uint32_t i : frontier) {
          const auto nbs = s.Neighbors(i);
          const auto links = s.IncidentLinks(i);
          for (size_t e = 0; e < nbs.size(); ++e) {
            const uint32_t j = nbs[e];
            if (in_focus[j] || node_vis[j] == 0 || !LinkPasses(links[e])) continue;
            in_focus[j] = 1;
            next.push_back(j);
          }
        }
        frontier.swap(next);
      }
      for (uint32_t i : path.nodes) in_focus[i] = 1;
      for (uint32_t i = 0; i < n; ++i) {
        if (forced[i]) in_focus[i] = 1;
        if (node_vis[i] == 2 && !in_focus[i]) node_vis[i] = focus.fade_others ? 1 : 0;
      }
    }
    for (uint32_t k = 0; k < m; ++k) {
      if (!LinkPasses(k)) continue;
      link_vis[k] = std::min(node_vis[s.link_source[k]], node_vis[s.link_target[k]]);
    }
    for (uint32_t k : path.links) link_vis[k] = 2;
  }

  void StartReload() {
    MarkSeen();  // commits after this point are not sure to be in the load: polled again
    const auto db = store.path();
    const bool cooc = filters.show_cooccurrence;
    const uint64_t seed = options.seed;
    Impl* self = this;
    reload_task = Launch("Loading the graph", [self, db, cooc, seed](Task& t) {
      auto st = graph::Store::Open(db);
      if (!st) {
        t.message = st.error().message;
        t.failed = true;
        return;
      }
      auto g = LoadGraphFrom(*st, cooc, seed);
      if (!g) {
        t.message = g.error().message;
        t.failed = true;
        return;
      }
      auto shared = std::make_shared<LoadedGraph>(std::move(*g));
      self->Post([shared](Impl& impl) { impl.Swap(std::move(*shared)); });
      t.message = "Graph loaded.";
      t.done = 1;
      t.total = 1;
    });
  }

  // ---- path ---------------------------------------------------------------------------------
  void FindPath(uint32_t from, uint32_t to) {
    const auto& s = *snapshot;
    path = {};
    const uint32_t n = s.NodeCount();
    if (from >= n || to >= n) {
      path.message = "The path ends are not in the graph.";
      return;
    }
    std::vector<uint32_t> parent_link(n, UINT32_MAX), parent(n, UINT32_MAX);
    std::vector<uint8_t> seen(n, 0);
    std::deque<uint32_t> queue{from};
    seen[from] = 1;
    while (!queue.empty() && !seen[to]) {
      const uint32_t i = queue.front();
      queue.pop_front();
      const auto nbs = s.Neighbors(i);
      const auto links = s.IncidentLinks(i);
      for (size_t e = 0; e < nbs.size(); ++e) {
        const uint32_t j = nbs[e];
        if (seen[j] || s.link_kinds[links[e]] != graph::RelationKind::kStated) continue;
        seen[j] = 1;
        parent[j] = i;
        parent_link[j] = links[e];
        queue.push_back(j);
      }
    }
    if (!seen[to]) {
      path.message =
          Cat("No path between ", s.labels[from], " and ", s.labels[to], " over stated relations.");
      return;
    }
    for (uint32_t v = to; v != from; v = parent[v]) {
      path.nodes.push_back(v);
      path.links.push_back(parent_link[v]);
    }
    path.nodes.push_back(from);
    std::reverse(path.nodes.begin(), path.nodes.end());
    std::reverse(path.links.begin(), path.links.end());
  }
};

// ---- App --------------------------------------------------------------------------------------

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

graph::Result<std::unique_ptr<App>> App::Open(const AppOptions& options) {
  const std::filesystem::path db = options.db.empty() ? graph::DefaultDatabasePath() : options.db;
  if (db.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(db.parent_path(), ec);
  }
  auto store = graph::Store::Open(db);
  if (!store) return std::unexpected(store.error());
  auto impl = std::make_unique<Impl>(std::move(*store));
  impl->options = options;
  impl->options.db = db;
  Impl& m = *impl;

  if (auto saved = LoadSavedPositions(m.store)) {
    for (const auto& p : *saved) m.saved.emplace(p.entity, p);
  } else {
    m.message = saved.error().message;
  }
  auto loaded = LoadGraphFrom(m.store, m.filters.show_cooccurrence, options.seed);
  if (!loaded) return std::unexpected(loaded.error());
  // Without start_layout the worker starts paused: ticks only on RunLayoutTicks or resume.
  m.layout = std::make_unique<LayoutWorker>(true, 120.0);
  m.paused = !options.start_layout;
  if (m.paused) m.layout->SetPaused(true);
  m.Swap(std::move(*loaded));
  m.MarkSeen();

  std::unique_ptr<App> app(new App(std::move(impl)));
  if (!options.ingest.empty()) {
    app->StartIngest(options.ingest);
  } else if (options.ingest_bundled_when_empty) {
    // an empty database only: one that holds an imported graph (entities, no documents) is not
    auto docs = app->impl_->store.ListDocuments();
    auto stats = app->impl_->store.GetStats();
    if (docs && docs->empty() && stats && stats->entities == 0) app->StartIngest({corpus::BundledCorpusDir()});
  }
  return app;
}

App::~App() {
  for (auto& t : impl_->tasks) t->cancel = true;
  impl_->JoinFinished(true);
  if (impl_->layout) {
    impl_->layout->Stop();
    impl_->FetchPositions();
  }
  if (impl_->layout) SaveLayout();
  impl_->layout.reset();
}

void App::Update() {
  impl_->DrainQueue();
  impl_->FetchPositions();
  impl_->JoinFinished(false);
  impl_->PollForChanges();
}

bool App::busy() const {
  for (const auto& t : impl_->tasks)
    if (!t->finished) return true;
  return !impl_->QueueEmpty();
}

void App::WaitIdle() {
  while (busy()) {
    Update();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  Update();
}

const graph::Snapshot& App::snapshot() const {
  return *impl_->snapshot;
}
std::shared_ptr<const graph::Snapshot> App::snapshot_ptr() const {
  return impl_->snapshot;
}
graph::Store& App::store() {
  return impl_->store;
}
uint64_t App::generation() const {
  return impl_->generation;
}
std::span<const float> App::x() const {
  return impl_->x;
}
std::span<const float> App::y() const {
  return impl_->y;
}

// ---- layout ---------------------------------------------------------------------------------

void App::SetLayoutPaused(bool paused) {
  impl_->paused = paused;
  impl_->layout->SetPaused(paused);
}
bool App::layout_paused() const {
  return impl_->paused;
}
void App::ReheatLayout() {
  impl_->layout->SetAlpha(1.0);
  impl_->alpha = 1.0f;
  SetLayoutPaused(false);
}
float App::layout_alpha() const {
  return impl_->alpha;
}
double App::layout_ms_per_tick() const {
  return impl_->ms_per_tick;
}
bool App::layout_preparing() const {
  return impl_->preparing;
}

void App::PinNode(uint32_t node, float x, float y) {
  auto& m = *impl_;
  if (node >= m.x.size()) return;
  m.x[node] = m.pin_x[node] = x;
  m.y[node] = m.pin_y[node] = y;
  m.pinned[node] = 1;
  m.layout->Pin(m.generation, node, x, y);
}

void App::UnpinNode(uint32_t node) {
  auto& m = *impl_;
  if (node >= m.pinned.size()) return;
  m.pinned[node] = 0;
  m.layout->Unpin(m.generation, node);
}

bool App::IsPinned(uint32_t node) const {
  return node < impl_->pinned.size() && impl_->pinned[node];
}

void App::RunLayoutTicks(int ticks) {
  if (ticks < 0) return;
  impl_->layout->RunTicks(ticks);
  impl_->FetchPositions();
}

void App::SaveLayout() {
  auto& m = *impl_;
  const auto& s = *m.snapshot;
  if (s.NodeCount() == 0 || m.x.size() != s.NodeCount()) return;
  // While the worker prepares the stress start the view holds placeholder positions: saving
  // them would make the placeholder the saved picture (and skip the start next time). The
  // store keeps what it had.
  if (m.preparing) return;
  std::vector<graph::NodePosition> positions(s.NodeCount());
  for (uint32_t i = 0; i < s.NodeCount(); ++i)
    positions[i] = graph::NodePosition{s.ids[i], m.x[i], m.y[i], m.pinned[i] != 0};
  if (auto st = SaveSavedPositions(m.store, positions); !st) m.message = st.error().message;
}

// ---- selection, focus, filters, path -----------------------------------------------------

const std::vector<uint32_t>& App::selection() const {
  return impl_->selection;
}

void App::Select(uint32_t node, bool additive) {
  auto& m = *impl_;
  if (node >= m.snapshot->NodeCount()) return;
  m.selected_link.reset();
  if (!additive) {
    m.selection.assign(1, node);
  } else if (auto it = std::find(m.selection.begin(), m.selection.end(), node);
             it != m.selection.end()) {
    m.selection.erase(it);
  } else {
    m.selection.push_back(node);
  }
  m.ApplyFilters();
}

void App::SelectLink(uint32_t link) {
  auto& m = *impl_;
  if (link >= m.snapshot->LinkCount()) return;
  m.selected_link = link;
  m.selection.clear();
  m.ApplyFilters();
}

std::optional<uint32_t> App::selected_link() const {
  return impl_->selected_link;
}

void App::ClearSelection() {
  impl_->selection.clear();
  impl_->selected_link.reset();
  impl_->ApplyFilters();
}

void App::Expand(uint32_t node, int hops) {
  auto& m = *impl_;
  const auto& s = *m.snapshot;
  if (node >= s.NodeCount()) return;
  m.hidden.resize(s.NodeCount(), 0);
  m.forced.resize(s.NodeCount(), 0);
  std::vector<uint8_t> seen(s.NodeCount(), 0);
  std::vector<uint32_t> frontier{node}, next;
  seen[node] = 1;
  for (int hop = 0; hop < hops && !frontier.empty(); ++hop) {
    next.clear();
    for (uint32_t i : frontier) {
      const auto nbs = s.Neighbors(i);
      const auto links = s.IncidentLinks(i);
      for (size_t e = 0; e < nbs.size(); ++e) {
        if (seen[nbs[e]] || !m.LinkPasses(links[e])) continue;
        seen[nbs[e]] = 1;
        next.push_back(nbs[e]);
      }
    }
    frontier.swap(next);
  }
  for (uint32_t i = 0; i < s.NodeCount(); ++i)
    if (seen[i]) {
      m.hidden[i] = 0;
      m.forced[i] = 1;
    }
  m.ApplyFilters();
}

void App::HideSelection() {
  auto& m = *impl_;
  m.hidden.resize(m.snapshot->NodeCount(), 0);
  m.forced.resize(m.snapshot->NodeCount(), 0);
  for (uint32_t i : m.selection) {
    m.hidden[i] = 1;
    m.forced[i] = 0;
  }
  m.selection.clear();
  m.ApplyFilters();
}

void App::UnhideAll() {
  auto& m = *impl_;
  std::fill(m.hidden.begin(), m.hidden.end(), 0);
  std::fill(m.forced.begin(), m.forced.end(), 0);
  m.ApplyFilters();
}

std::optional<uint32_t> App::hovered() const {
  return impl_->hovered;
}
void App::SetHovered(std::optional<uint32_t> node) {
  impl_->hovered = node;
}

Filters& App::filters() {
  return impl_->filters;
}
Focus& App::focus() {
  return impl_->focus;
}
void App::ApplyFilters() {
  impl_->ApplyFilters();
}
std::span<const uint8_t> App::node_visibility() const {
  return impl_->node_vis;
}
std::span<const uint8_t> App::link_visibility() const {
  return impl_->link_vis;
}

void App::FindPath(uint32_t from, uint32_t to) {
  impl_->FindPath(from, to);
  if (!impl_->path.message.empty()) impl_->message = impl_->path.message;
  impl_->ApplyFilters();
}
const PathResult& App::path() const {
  return impl_->path;
}
void App::ClearPath() {
  impl_->path = {};
  impl_->ApplyFilters();
}

// ---- search ---------------------------------------------------------------------------------

graph::Result<std::vector<graph::SearchHit>> App::Search(std::string_view text, int limit) {
  return impl_->store.Search(text, limit);
}

std::optional<uint32_t> App::NodeOf(int64_t entity) const {
  return impl_->snapshot->IndexOf(entity);
}

// ---- tasks --------------------------------------------------------------------------------

std::shared_ptr<Task> App::StartIngest(std::vector<std::filesystem::path> paths) {
  auto& m = *impl_;
  const auto db = m.store.path();
  const auto rules_file = m.options.rules;
  const bool cooc = m.filters.show_cooccurrence;
  const uint64_t seed = m.options.seed;
  Impl* self = impl_.get();
  std::string label = "Ingesting " + DescribePaths(paths);
  return m.Launch(
      std::move(label), [self, db, rules_file, cooc, seed, paths = std::move(paths)](Task& t) {
        auto store = graph::Store::Open(db);
        if (!store) {
          t.message = store.error().message;
          t.failed = true;
          self->Post([msg = t.message](Impl& impl) { impl.message = msg; });
          return;
        }
        auto rules = rules_file ? corpus::LoadRules(*rules_file) : corpus::LoadDefaultRules();
        if (!rules) {
          t.message = rules.error().message;
          t.failed = true;
          self->Post([msg = t.message](Impl& impl) { impl.message = msg; });
          return;
        }
        auto report = corpus::IngestPaths(*store, paths, **rules,
                                          [&t](double done, double total, std::string_view) {
                                            t.done = done;
                                            t.total = total;
                                            return !t.cancel.load();
                                          });
        std::string msg;
        if (!report) {
          if (report.error().code == graph::ErrorCode::kCancelled) {
            msg = "Ingest cancelled; the documents already stored are kept.";
          } else {
            msg = report.error().message;
            t.failed = true;
          }
        } else {
          msg = Cat("Ingested ", report->added + report->replaced + report->unchanged,
                    " documents: ", report->added, " added, ", report->replaced, " replaced, ",
                    report->unchanged, " unchanged, ", report->skipped.size(), " skipped.");
          if (!report->skipped.empty()) msg += " " + report->skipped.front().reason;
        }
        auto g = LoadGraphFrom(*store, cooc, seed);
        if (g) {
          auto shared = std::make_shared<LoadedGraph>(std::move(*g));
          self->Post([shared](Impl& impl) { impl.Swap(std::move(*shared)); });
        } else {
          msg += " Reloading the graph failed: " + g.error().message;
          t.failed = true;
        }
        t.message = msg;
        // The graph just loaded holds this ingest's own commits: no reload for them.
        self->Post([msg](Impl& impl) {
          impl.message = msg;
          impl.MarkSeen();
        });
      });
}

std::shared_ptr<Task> App::StartExport(std::filesystem::path path, bool only_selection,
                                       bool overwrite, graph::ExportFormat format) {
  auto& m = *impl_;
  const auto& s = *m.snapshot;
  std::vector<int64_t> ids;
  if (only_selection) {
    for (uint32_t i : m.selection) ids.push_back(s.ids[i]);
  } else {
    for (uint32_t i = 0; i < s.NodeCount(); ++i)
      if (m.node_vis[i] == 2) ids.push_back(s.ids[i]);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::unordered_set<std::string> blocked_types;
  for (size_t t = 0; t < m.filters.link_types.size() && t < s.link_type_names.size(); ++t)
    if (!m.filters.link_types[t]) blocked_types.insert(s.link_type_names[t]);
  const bool cooc = m.filters.show_cooccurrence;
  const auto db = m.store.path();
  Impl* self = impl_.get();
  std::string label = "Exporting " + path.filename().string();
  return m.Launch(std::move(label), [self, db, ids = std::move(ids), blocked_types, cooc,
                                     path = std::move(path), overwrite, format](Task& t) {
    auto finish = [&](std::string msg, bool failed) {
      t.message = msg;
      t.failed = failed;
      self->Post([msg](Impl& impl) { impl.message = msg; });
    };
    if (ids.empty()) return finish("Nothing to export: no node is visible or selected.", true);
    auto store = graph::Store::Open(db, graph::OpenMode::kReadOnly);
    if (!store) return finish(store.error().message, true);
    graph::GraphFilter f;
    f.nodes = ids;
    f.include_cooccurrence = cooc;
    f.with_details = true;
    auto data = store->LoadGraph(f);
    if (!data) return finish(data.error().message, true);
    if (!blocked_types.empty())
      std::erase_if(data->links,
                    [&](const graph::LinkInfo& l) { return blocked_types.contains(l.type); });
    t.total = 1;
    if (t.cancel) return finish("Export cancelled.", true);
    std::string where = path.string();
    graph::Status st;
    if (format == graph::ExportFormat::kD3) {
      st = graph::WriteGraphJsonFile(*data, path.string(), overwrite);
    } else if (format == graph::ExportFormat::kCsv) {
      const auto [nodes, edges] = graph::CsvExportPaths(path.string());
      std::error_code ec;
      if (!overwrite && std::filesystem::exists(edges, ec))
        return finish(edges + " already exists; choose another name or allow overwriting", true);
      st = graph::WriteFileAtomically(nodes, overwrite, [&](std::ostream& out) {
        return graph::WriteCsvNodes(*data, out);
      });
      if (st) {
        st = graph::WriteFileAtomically(edges, overwrite, [&](std::ostream& out) {
          return graph::WriteCsvEdges(*data, out);
        });
      }
      where = nodes + " and " + edges;
    } else {
      st = graph::WriteFileAtomically(path.string(), overwrite, [&](std::ostream& out) {
        return graph::WriteGraphAs(*data, format, out);
      });
    }
    if (!st) return finish(st.error().message, true);
    t.done = 1;
    finish(Cat("Exported ", data->nodes.size(), " nodes and ", data->links.size(), " links (",
               graph::ExportFormatName(format), ") to ", where, "."),
           false);
  });
}

std::shared_ptr<Task> App::StartBriefing(std::filesystem::path path, int hops, bool overwrite) {
  auto& m = *impl_;
  const auto& s = *m.snapshot;
  std::vector<int64_t> seeds;
  for (uint32_t i : m.selection) seeds.push_back(s.ids[i]);
  const auto db = m.store.path();
  Impl* self = impl_.get();
  std::string label = "Writing the briefing " + path.filename().string();
  return m.Launch(std::move(label), [self, db, seeds = std::move(seeds), hops,
                                     path = std::move(path), overwrite](Task& t) {
    auto finish = [&](std::string msg, bool failed) {
      t.message = msg;
      t.failed = failed;
      self->Post([msg](Impl& impl) { impl.message = msg; });
    };
    if (seeds.empty()) return finish("Nothing to brief on: select one or more entities first.", true);
    auto store = graph::Store::Open(db, graph::OpenMode::kReadOnly);
    if (!store) return finish(store.error().message, true);
    auto ids = store->Neighborhood(seeds, hops, false);
    if (!ids) return finish(ids.error().message, true);
    graph::GraphFilter f;
    f.nodes = std::move(*ids);
    auto data = store->LoadGraph(f);
    if (!data) return finish(data.error().message, true);
    t.total = 2;
    if (t.cancel) return finish("Briefing cancelled.", true);
    graph::BriefingOptions options;
    options.depth = hops;
    graph::Store& reader = *store;
    options.document_text = [&reader](int64_t d) {
      auto text = reader.DocumentText(d);
      return text ? std::move(*text) : std::string();
    };
    const graph::Briefing briefing = graph::BuildBriefing(*data, seeds, options);
    t.done = 1;
    if (t.cancel) return finish("Briefing cancelled.", true);
    const std::string ext = path.extension().string();
    const bool html = ext == ".html" || ext == ".htm";
    auto st = graph::WriteFileAtomically(path.string(), overwrite, [&](std::ostream& out) {
      return html ? graph::WriteBriefingHtml(briefing, out)
                  : graph::WriteBriefingMarkdown(briefing, out);
    });
    if (!st) return finish(st.error().message, true);
    t.done = 2;
    finish(Cat("Wrote the briefing on ", briefing.title, " (", briefing.graph.nodes.size(),
               " entities, ", briefing.statements.size(), " statements) to ", path.string(), "."),
           false);
  });
}

std::span<const std::shared_ptr<Task>> App::tasks() const {
  return impl_->tasks;
}

void App::DismissFinishedTasks() {
  impl_->JoinFinished(false);
  std::erase_if(impl_->tasks, [](const std::shared_ptr<Task>& t) { return t->finished.load(); });
}

const std::string& App::last_message() const {
  return impl_->message;
}
void App::SetMessage(std::string message) {
  impl_->message = std::move(message);
}

}  // namespace accord::explorer
