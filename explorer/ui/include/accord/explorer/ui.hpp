// The explorer's ImGui layer (no GL, no GLFW): the frame is a flat list of panels, one file
// each in explorer/ui/panels (ARCHITECTURE.md habit 3), plus the keyboard shortcuts and the
// dialogs. Runs with any ImGui backend, including none (headless tests set DisplaySize and
// build the font atlas themselves).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "accord/explorer/app.hpp"
#include "accord/explorer/graph_view.hpp"

namespace accord::explorer {

struct UiState {
  bool show_search = true;
  bool show_filters = true;
  bool show_inspector = true;
  bool show_reader = false;
  bool show_path = false;
  bool show_focus = false;
  bool show_status = true;
  bool show_legend = true;
  // search
  std::string search_text;
  bool focus_search = false;          // "/" pressed: keyboard focus to the search box
  // document reader
  std::optional<int64_t> reader_document;
  std::optional<uint32_t> reader_scroll_to;  // byte offset to bring into view
  // path picker
  std::optional<uint32_t> path_from, path_to;
  // dialogs
  bool open_export_dialog = false;
  bool open_picture_dialog = false;
  bool open_briefing_dialog = false;
  bool open_svg_dialog = false;
  std::string export_path;            // default: ~/accord-export.json (unique)
  std::string picture_path;           // default: ~/accord-view.png (unique)
  std::string briefing_path;          // default: ~/accord-briefing.html (unique)
  std::string svg_path;               // default: ~/accord-view.svg (unique)
  // frame statistics (the renderer fills these)
  double frame_ms = 0;
  // set by the picture dialog; the renderer saves the next frame there and clears it
  std::optional<std::filesystem::path> pending_screenshot;
  bool quit_requested = false;
};

// Draws every open panel and handles the shortcuts (/ search, F fit, Space pause layout, Esc
// clear, Del hide, Ctrl+E export, Ctrl+S picture, Ctrl+B briefing). Call between ImGui::NewFrame and Render.
void DrawUi(App& app, GraphView& view, UiState& ui);

// One function per panel (panels/<name>_panel.cpp); each draws a window when *open.
void DrawSearchPanel(App& app, GraphView& view, UiState& ui, bool* open);
void DrawFiltersPanel(App& app, UiState& ui, bool* open);
void DrawInspectorPanel(App& app, GraphView& view, UiState& ui, bool* open);
void DrawReaderPanel(App& app, GraphView& view, UiState& ui, bool* open);
void DrawPathPanel(App& app, GraphView& view, UiState& ui, bool* open);
void DrawFocusPanel(App& app, UiState& ui, bool* open);
void DrawStatusPanel(App& app, UiState& ui, bool* open);
void DrawLegendPanel(App& app, bool* open);
void DrawExportDialog(App& app, UiState& ui);
void DrawPictureDialog(App& app, UiState& ui);
void DrawBriefingDialog(App& app, UiState& ui);
void DrawSvgDialog(App& app, GraphView& view, UiState& ui);

}  // namespace accord::explorer
