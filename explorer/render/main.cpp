// `accord-explorer`: the window. Opens the database (ingesting FILES first), then runs the frame
// loop: GLFW events -> GraphView input -> App::Update -> DrawUi (panels) -> GraphView::BuildFrame
// -> our GL drawing of edges and nodes, labels through ImGui's background draw list, then ImGui.
// Also the scripted mode (--script, for tests and demos: same code paths as a user, screenshots
// and frame dumps) and the frame benchmark (--bench-frames). The only code with GLFW and GL.
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accord/corpus/ingest.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/explorer/app.hpp"
#include "accord/explorer/graph_view.hpp"
#include "accord/explorer/script.hpp"
#include "accord/explorer/ui.hpp"
#include "accord/graph/store.hpp"
#include "bench_graph.hpp"
#include "frame_dump.hpp"
#include "gl_renderer.hpp"

namespace accord::explorer {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr float kFontSize = 15.0f;
constexpr int kDefaultWidth = 1280;
constexpr int kDefaultHeight = 800;

constexpr const char* kUsage =
    "Usage: accord-explorer [options] [FILES...]\n"
    "\n"
    "The Accord explorer: a force-directed view of the knowledge graph, with search, filters,\n"
    "an inspector, a document reader, paths and exports. FILES (documents or folders) are\n"
    "ingested first, with progress in the window; with no database yet the bundled corpus is.\n"
    "\n"
    "Options:\n"
    "  --db DB                  the database (default: $ACCORD_DB, else\n"
    "                           $XDG_DATA_HOME/accord/accord.db)\n"
    "  --rules FILE             extraction rules layered over the defaults, for ingests\n"
    "  --script FILE            run a script of steps (search, select, expand, layout-ticks,\n"
    "                           fit, screenshot, export, assert-..., quit); exit code 0 when it\n"
    "                           ran through, 1 when an assert failed\n"
    "  --screenshot-size WxH    window size in pixels (default 1280x800)\n"
    "  --dump-frame FILE        write what is drawn (node positions, labels) as JSON: at each\n"
    "                           screenshot in scripted mode, else every 10 frames\n"
    "  --log-actions            print one line per selection or search change (with its hit "
    "count)\n"
    "  --bench-frames N         draw N frames with vsync off, print frame-time p50/p95 and the\n"
    "                           layout's ms per tick, exit (on a temporary copy of the bundled\n"
    "                           corpus, or of --bench-graph)\n"
    "  --bench-graph G          generated:10000 | generated:100000 (any node count): a seeded\n"
    "                           Barabasi-Albert graph instead of the bundled corpus\n"
    "  --version, -h/--help\n"
    "\n"
    "Keys: / search, F fit, Space pause layout, Esc clear selection, Del hide, Ctrl+E export,\n"
    "Ctrl+S picture. Mouse: drag to pan or move (and pin) a node, wheel to zoom, click to select,\n"
    "shift-click to add, double-click to expand.\n";

struct Options {
  std::optional<fs::path> db;
  std::optional<fs::path> rules;
  std::optional<fs::path> script;
  std::optional<fs::path> dump_frame;
  int width = kDefaultWidth;
  int height = kDefaultHeight;
  bool exact_size = false;
  bool log_actions = false;
  int bench_frames = 0;
  uint32_t bench_nodes = 0;  // 0: the bundled corpus
  std::vector<fs::path> files;
};

int UsageError(const std::string& message) {
  std::fprintf(stderr, "accord-explorer: %s (see 'accord-explorer --help')\n", message.c_str());
  return kExitUsage;
}

bool ParseInt(std::string_view text, long long min, long long max, long long* out) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  *out = value;
  return true;
}

// Returns an exit code when the program should stop right away (help, version, usage error).
std::optional<int> ParseOptions(int argc, char** argv, Options* options) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool only_files = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (only_files || arg.empty() || arg[0] != '-' || arg == "-") {
      options->files.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_files = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
    if (arg == "--version") {
      std::puts("accord-explorer " ACCORD_VERSION);
      return kExitOk;
    }
    if (arg == "--log-actions") {
      options->log_actions = true;
      continue;
    }
    // Options with a value: --opt VALUE or --opt=VALUE.
    std::string value;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (arg == "--db" || arg == "--rules" || arg == "--script" || arg == "--dump-frame" ||
               arg == "--screenshot-size" || arg == "--bench-frames" || arg == "--bench-graph") {
      if (i + 1 >= args.size()) return UsageError(arg + " needs a value");
      value = args[++i];
    } else {
      return UsageError("unknown option " + arg);
    }
    if (value.empty()) return UsageError(arg + " needs a value");
    if (arg == "--db") {
      options->db = value;
    } else if (arg == "--rules") {
      options->rules = value;
    } else if (arg == "--script") {
      options->script = value;
    } else if (arg == "--dump-frame") {
      options->dump_frame = value;
    } else if (arg == "--screenshot-size") {
      size_t x = value.find_first_of("xX");
      long long w = 0, h = 0;
      if (x == std::string::npos ||
          !ParseInt(std::string_view(value).substr(0, x), 64, 16384, &w) ||
          !ParseInt(std::string_view(value).substr(x + 1), 64, 16384, &h)) {
        return UsageError("--screenshot-size wants WIDTHxHEIGHT in pixels, like 1280x800, not '" +
                          value + "'");
      }
      options->width = static_cast<int>(w);
      options->height = static_cast<int>(h);
      options->exact_size = true;
    } else if (arg == "--bench-frames") {
      long long n = 0;
      if (!ParseInt(value, 1, 10000000, &n)) {
        return UsageError("--bench-frames wants a positive frame count, not '" + value + "'");
      }
      options->bench_frames = static_cast<int>(n);
    } else if (arg == "--bench-graph") {
      constexpr std::string_view kPrefix = "generated:";
      long long n = 0;
      if (!value.starts_with(kPrefix) ||
          !ParseInt(std::string_view(value).substr(kPrefix.size()), 2, 10000000, &n)) {
        return UsageError("--bench-graph wants generated:NODES, like generated:10000, not '" +
                          value + "'");
      }
      options->bench_nodes = static_cast<uint32_t>(n);
    } else {
      return UsageError("unknown option " + arg);
    }
  }
  if (options->bench_nodes > 0 && options->bench_frames == 0) {
    return UsageError("--bench-graph goes with --bench-frames N");
  }
  if (options->bench_frames > 0 && options->script) {
    return UsageError("--bench-frames and --script do not go together");
  }
  return std::nullopt;
}

// ---- benchmark databases ----------------------------------------------------------------------

// A temporary database removed (with its -wal/-shm files) when this goes out of scope.
struct TempDatabase {
  fs::path path;
  ~TempDatabase() {
    if (path.empty()) return;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(fs::path(path.string() + suffix), ec);
    }
  }
};

graph::Status PrepareBenchDatabase(const Options& options, TempDatabase* temp, std::string* what) {
  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  temp->path = dir / ("accord-explorer-bench-" + std::to_string(::getpid()) + ".db");
  auto store = graph::Store::Open(temp->path);
  if (!store) return std::unexpected(store.error());
  if (options.bench_nodes > 0) {
    graph::GraphData data = GenerateBarabasiAlbert(options.bench_nodes, 2, kDefaultSeed);
    *what = "a generated Barabasi-Albert graph";
    return store->ImportGraph(data);
  }
  auto rules = options.rules ? corpus::LoadRules(*options.rules) : corpus::LoadDefaultRules();
  if (!rules) return std::unexpected(rules.error());
  auto report = corpus::IngestPaths(*store, {corpus::BundledCorpusDir()}, **rules);
  if (!report) return std::unexpected(report.error());
  *what = "the bundled corpus";
  return {};
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t k = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(k, values.size() - 1)];
}

// ---- window helpers ---------------------------------------------------------------------------

std::string g_glfw_error;  // the last GLFW error, for the one-line failure messages

void OnGlfwError(int /*code*/, const char* description) {
  g_glfw_error = description ? description : "unknown error";
}

void OnDrop(GLFWwindow* window, int count, const char** paths) {
  auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
  if (!app || count <= 0) return;
  std::vector<fs::path> files(paths, paths + count);
  app->StartIngest(std::move(files));
}

void ApplyStyle(float scale) {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 6;
  style.ChildRounding = 4;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 4;
  style.TabRounding = 4;
  style.WindowBorderSize = 1;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 5);
  style.WindowPadding = ImVec2(10, 8);
  ImVec4* colors = style.Colors;
  colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
  colors[ImGuiCol_PopupBg] = ImVec4(0.10f, 0.11f, 0.13f, 0.97f);
  colors[ImGuiCol_Border] = ImVec4(0.26f, 0.28f, 0.32f, 0.60f);
  colors[ImGuiCol_TitleBg] = ImVec4(0.11f, 0.12f, 0.15f, 1.00f);
  colors[ImGuiCol_TitleBgActive] = ImVec4(0.15f, 0.18f, 0.24f, 1.00f);
  colors[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.18f, 0.22f, 1.00f);
  colors[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.25f, 0.31f, 1.00f);
  colors[ImGuiCol_FrameBgActive] = ImVec4(0.26f, 0.30f, 0.38f, 1.00f);
  colors[ImGuiCol_Header] = ImVec4(0.20f, 0.30f, 0.45f, 0.70f);
  colors[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.40f, 0.60f, 0.80f);
  colors[ImGuiCol_HeaderActive] = ImVec4(0.28f, 0.45f, 0.68f, 1.00f);
  colors[ImGuiCol_Button] = ImVec4(0.20f, 0.30f, 0.45f, 0.70f);
  colors[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.40f, 0.60f, 1.00f);
  colors[ImGuiCol_ButtonActive] = ImVec4(0.30f, 0.46f, 0.70f, 1.00f);
  colors[ImGuiCol_PlotHistogram] = ImVec4(0.36f, 0.62f, 0.90f, 1.00f);
  style.ScaleAllSizes(scale);
}

void LoadFont(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  ImFont* font = nullptr;
  if (fs::exists(kFontPath)) {
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    // Latin + Latin Extended + General Punctuation (dashes, quotes) for names like "Türkiye".
    static const ImWchar kRanges[] = {0x0020, 0x024F, 0x2000, 0x206F, 0x20AC, 0x20AC, 0};
    font = io.Fonts->AddFontFromFileTTF(kFontPath, kFontSize * scale, &config, kRanges);
  }
  if (!font) {
    ImFontConfig config;
    config.SizePixels = 13.0f * scale;
    io.Fonts->AddFontDefault(&config);
  }
}

// Reads the back buffer (before the swap) and writes it as PNG, rows flipped to top-down.
graph::Status SaveScreenshot(const fs::path& path, int width, int height) {
  std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  std::vector<unsigned char> flipped(pixels.size());
  const size_t row = static_cast<size_t>(width) * 4;
  for (int y = 0; y < height; ++y) {
    std::copy_n(pixels.data() + (height - 1 - y) * row, row, flipped.data() + y * row);
  }
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;  // opaque picture
  if (path.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
  }
  if (!stbi_write_png(path.c_str(), width, height, 4, flipped.data(), static_cast<int>(row))) {
    return graph::Fail(graph::ErrorCode::kIo, "cannot write the picture " + path.string());
  }
  return {};
}

// The background labels: a dark halo for contrast over edges, then the text.
void DrawLabels(const ViewFrame& frame) {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const ImU32 halo = IM_COL32(10, 11, 14, 200);
  for (const ViewFrame::Label& label : frame.labels) {
    const char* text = label.text.c_str();
    const char* end = text + label.text.size();
    draw->AddText(ImVec2(label.x + 1, label.y + 1), halo, text, end);
    draw->AddText(ImVec2(label.x - 1, label.y), halo, text, end);
    draw->AddText(ImVec2(label.x, label.y), label.color, text, end);
  }
}

// The ImGui windows shown this frame (they cover the canvas), for the frame dumps.
std::vector<std::array<float, 4>> PanelRects() {
  std::vector<std::array<float, 4>> rects;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  for (ImGuiWindow* window : g.Windows) {
    if (!window->Active || window->Hidden) continue;
    rects.push_back({window->Pos.x, window->Pos.y, window->Size.x, window->Size.y});
  }
  return rects;
}

std::string SelectionLine(const App& app) {
  const graph::Snapshot& snap = app.snapshot();
  std::string line;
  for (uint32_t node : app.selection()) {
    if (node >= snap.NodeCount()) continue;
    if (!line.empty()) line += "; ";
    line += snap.labels[node];
  }
  return line.empty() ? std::string("(none)") : line;
}

fs::path ImGuiIniPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  fs::path dir;
  if (xdg && *xdg) {
    dir = fs::path(xdg) / "accord";
  } else if (home && *home) {
    dir = fs::path(home) / ".config" / "accord";
  } else {
    return {};
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  return ec ? fs::path() : dir / "explorer-imgui.ini";
}

int Run(int argc, char** argv) {
  Options options;
  if (auto stop = ParseOptions(argc, argv, &options)) return *stop;

  std::vector<ScriptStep> steps;
  if (options.script) {
    auto parsed = ParseScript(*options.script);
    if (!parsed) {
      std::fprintf(stderr, "accord-explorer: %s\n", parsed.error().message.c_str());
      return kExitUsage;
    }
    steps = std::move(*parsed);
  }

  // No X server (or no usable one): one line, exit 2. No error callback yet: GLFW would print.
  if (!glfwInit()) {
    std::fputs(
        "accord-explorer: cannot open a window: no display (set DISPLAY or run under xvfb-run)\n",
        stderr);
    return kExitUsage;
  }
  glfwSetErrorCallback(OnGlfwError);
  struct GlfwTerminate {
    ~GlfwTerminate() { glfwTerminate(); }
  } glfw_terminate;

  const bool bench = options.bench_frames > 0;
  const bool scripted = options.script.has_value();
  TempDatabase bench_db;
  std::string bench_what;
  AppOptions app_options;
  app_options.db = options.db ? *options.db : graph::DefaultDatabasePath();
  app_options.ingest = options.files;
  app_options.rules = options.rules;
  if (bench) {
    auto t0 = Clock::now();
    if (auto ok = PrepareBenchDatabase(options, &bench_db, &bench_what); !ok) {
      std::fprintf(stderr, "accord-explorer: %s\n", ok.error().message.c_str());
      return kExitFailure;
    }
    std::printf("bench: prepared %s in %.1f s\n", bench_what.c_str(),
                std::chrono::duration<double>(Clock::now() - t0).count());
    app_options.db = bench_db.path;
    app_options.ingest.clear();
    app_options.ingest_bundled_when_empty = false;
  }

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, options.exact_size || bench ? GLFW_FALSE : GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "Accord", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "accord-explorer: cannot open an OpenGL 3.3 window: %s\n",
                 g_glfw_error.c_str());
    return kExitFailure;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(bench || scripted ? 0 : 1);

  float scale_x = 1, scale_y = 1;
  glfwGetWindowContentScale(window, &scale_x, &scale_y);
  const float ui_scale = std::clamp(std::max(scale_x, scale_y), 1.0f, 4.0f);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  static std::string ini_path;
  ini_path = scripted || bench ? std::string() : ImGuiIniPath().string();
  io.IniFilename = ini_path.empty() ? nullptr : ini_path.c_str();
  ApplyStyle(ui_scale);
  LoadFont(ui_scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  int exit_code = kExitOk;
  {
    auto renderer = GlRenderer::Create();
    if (!renderer) {
      std::fprintf(stderr, "accord-explorer: %s\n", renderer.error().message.c_str());
      exit_code = kExitFailure;
    }
    auto app = renderer ? App::Open(app_options) : graph::Result<std::unique_ptr<App>>(nullptr);
    if (renderer && !app) {
      std::fprintf(stderr, "accord-explorer: %s\n", app.error().message.c_str());
      exit_code = kExitFailure;
    }
    if (renderer && app) {
      App& a = **app;
      glfwSetWindowUserPointer(window, &a);
      glfwSetDropCallback(window, OnDrop);

      GraphView view;
      UiState ui;
      std::optional<ScriptRunner> runner;
      if (scripted) runner.emplace(std::move(steps));

      // Until the user touches the canvas, keep the whole graph in view while it unfolds.
      bool auto_fit = !scripted;
      bool canvas_drag = false;
      std::vector<uint32_t> logged_selection = a.selection();
      std::string logged_search = ui.search_text;
      std::vector<double> frame_ms, build_ms, ui_ms, gl_ms;
      if (bench) {
        frame_ms.reserve(options.bench_frames);
        build_ms.reserve(options.bench_frames);
        ui_ms.reserve(options.bench_frames);
        gl_ms.reserve(options.bench_frames);
      }
      int frame_number = 0;
      auto last_frame = Clock::now();

      while (!glfwWindowShouldClose(window)) {
        auto frame_start = Clock::now();
        glfwPollEvents();
        int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
        glfwGetWindowSize(window, &win_w, &win_h);
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        if (win_w <= 0 || win_h <= 0 || fb_w <= 0 || fb_h <= 0) {  // minimised
          glfwWaitEventsTimeout(0.1);
          a.Update();
          continue;
        }
        const float pixel_scale = static_cast<float>(fb_w) / static_cast<float>(win_w);
        view.SetViewport(static_cast<float>(win_w), static_cast<float>(win_h));

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        a.Update();
        bool script_running = true;
        if (runner) script_running = runner->Step(a, view, ui);
        ImGui::NewFrame();

        // Canvas input: the real mouse (never in scripted mode: the script's own clicks rule).
        if (!scripted) {
          const ImVec2 m = io.MousePos;
          const bool valid = ImGui::IsMousePosValid(&m);
          const bool over_ui = io.WantCaptureMouse && !canvas_drag;
          if (valid && (!over_ui || canvas_drag)) {
            view.OnMouseMove(a, m.x, m.y);
          } else if (over_ui && a.hovered()) {
            a.SetHovered(std::nullopt);
          }
          if (valid && !over_ui) {
            if (io.MouseClicked[0]) {
              view.OnMouseDown(a, m.x, m.y, io.KeyShift, io.MouseDoubleClicked[0]);
              canvas_drag = true;
              auto_fit = false;
            }
            if (io.MouseWheel != 0) {
              view.OnScroll(a, m.x, m.y, io.MouseWheel);
              auto_fit = false;
            }
          }
          if (io.MouseReleased[0] && canvas_drag) {
            view.OnMouseUp(a, m.x, m.y);
            canvas_drag = false;
          }
          if (!io.WantCaptureKeyboard && io.InputQueueCharacters.Size > 0) auto_fit = false;
        }
        if (bench && frame_number % 30 == 0) view.FitToView(a);
        if (auto_fit && !bench) {
          view.FitToView(a);
          // The picture has settled: stop following it (one last fit above).
          bool busy = false;
          for (const auto& task : a.tasks()) busy = busy || !task->finished.load();
          if (!busy && a.snapshot().NodeCount() > 0 && a.layout_alpha() < 0.02f) auto_fit = false;
        }
        const Camera camera_before = view.camera();
        const std::vector<uint32_t> selection_before =
            auto_fit ? a.selection() : std::vector<uint32_t>();

        ui.frame_ms =
            frame_ms.empty()
                ? std::chrono::duration<double, std::milli>(frame_start - last_frame).count()
                : frame_ms.back();
        last_frame = frame_start;
        auto ui_start = Clock::now();
        DrawUi(a, view, ui);
        if (auto_fit) {
          // The user moved the camera (search Enter, Fit, keys) or selected: hands off.
          const Camera& c = view.camera();
          if (c.center_x != camera_before.center_x || c.center_y != camera_before.center_y ||
              c.zoom != camera_before.zoom || a.selection() != selection_before) {
            auto_fit = false;
          }
        }
        double ui_time = std::chrono::duration<double, std::milli>(Clock::now() - ui_start).count();

        auto build_start = Clock::now();
        const ViewFrame& frame = view.BuildFrame(a);
        double build =
            std::chrono::duration<double, std::milli>(Clock::now() - build_start).count();
        DrawLabels(frame);
        ImGui::Render();

        auto gl_start = Clock::now();
        glViewport(0, 0, fb_w, fb_h);
        glClearColor(0.055f, 0.062f, 0.078f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        (*renderer)->Draw(frame, static_cast<float>(win_w), static_cast<float>(win_h), pixel_scale);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

        if (ui.pending_screenshot) {
          fs::path path = *ui.pending_screenshot;
          ui.pending_screenshot.reset();
          if (auto saved = SaveScreenshot(path, fb_w, fb_h); !saved) {
            a.SetMessage(saved.error().message);
          } else {
            a.SetMessage("Saved the picture " + path.string());
          }
          if (options.dump_frame && scripted) {
            if (auto dumped =
                    WriteFrameDump(*options.dump_frame, a, view, pixel_scale, PanelRects());
                !dumped) {
              a.SetMessage(dumped.error().message);
            }
          }
        }
        if (options.dump_frame && !scripted && frame_number % 10 == 0) {
          (void)WriteFrameDump(*options.dump_frame, a, view, pixel_scale, PanelRects());
        }
        glfwSwapBuffers(window);
        if (bench) glFinish();  // count the GPU (llvmpipe: CPU) work in this frame
        double gl_time = std::chrono::duration<double, std::milli>(Clock::now() - gl_start).count();

        if (options.log_actions) {
          if (a.selection() != logged_selection) {
            logged_selection = a.selection();
            std::printf("select %s\n", SelectionLine(a).c_str());
          }
          if (ui.search_text != logged_search) {
            logged_search = ui.search_text;
            // The same full-text search the panel runs, to log what it finds.
            auto hits = a.Search(logged_search);
            std::printf("search %s (%zu hits)\n", logged_search.c_str(), hits ? hits->size() : 0);
          }
          std::fflush(stdout);
        }

        ++frame_number;
        if (bench) {
          frame_ms.push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - frame_start).count());
          build_ms.push_back(build);
          ui_ms.push_back(ui_time);
          gl_ms.push_back(gl_time);
          if (frame_number >= options.bench_frames) break;
        }
        if (!script_running) {
          exit_code = runner->exit_code();
          if (exit_code != 0 && !runner->error().empty()) {
            std::fprintf(stderr, "accord-explorer: %s\n", runner->error().c_str());
          }
          break;
        }
        if (ui.quit_requested) {
          exit_code = runner ? runner->exit_code() : kExitOk;
          break;
        }
      }

      if (bench) {
        const graph::Snapshot& snap = a.snapshot();
        std::printf("bench: %d frames at %dx%d on %s (%u nodes, %u links)\n", frame_number,
                    options.width, options.height, bench_what.c_str(), snap.NodeCount(),
                    snap.LinkCount());
        std::printf("frame ms: p50 %.2f  p95 %.2f\n", Percentile(frame_ms, 0.5),
                    Percentile(frame_ms, 0.95));
        std::printf(
            "  of which p50/p95: build frame %.2f/%.2f  panels %.2f/%.2f  "
            "GL draw + swap %.2f/%.2f\n",
            Percentile(build_ms, 0.5), Percentile(build_ms, 0.95), Percentile(ui_ms, 0.5),
            Percentile(ui_ms, 0.95), Percentile(gl_ms, 0.5), Percentile(gl_ms, 0.95));
        std::printf("layout ms/tick: %.2f  (alpha %.3f)\n", a.layout_ms_per_tick(),
                    a.layout_alpha());
      }
      glfwSetWindowUserPointer(window, nullptr);
    }
    // The App (workers joined, positions saved) and the GL objects go before the context does.
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  return exit_code;
}

}  // namespace
}  // namespace accord::explorer

int main(int argc, char** argv) {
  return accord::explorer::Run(argc, argv);
}
