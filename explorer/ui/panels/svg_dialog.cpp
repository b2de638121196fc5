// "Export SVG…" dialog (File menu): the graph as it is drawn now (positions, colours, labels;
// not the panels) as an SVG file, from the view's last frame (view_svg.hpp). A path with a
// default that names no existing file ($HOME/accord-view.svg, numbered when taken); an existing
// file is replaced only after "Overwrite?" is confirmed. The file is written at once (a frame's
// worth of SVG text) through a temporary beside it, renamed into place.
#include <imgui.h>

#include <string>

#include "accord/explorer/view_svg.hpp"
#include "accord/graph/export_formats.hpp"
#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct SvgDialogState {
  panels::FileDialogState file;
  std::string generated;
};

SvgDialogState& State() {
  static SvgDialogState state;
  return state;
}

constexpr const char* kTitle = "Export SVG";

}  // namespace

void DrawSvgDialog(App& app, GraphView& view, UiState& ui) {
  auto& state = State();
  if (ui.open_svg_dialog) {
    ui.open_svg_dialog = false;
    state.file = panels::FileDialogState{};
    std::error_code ec;
    if (ui.svg_path.empty() ||
        (ui.svg_path == state.generated && std::filesystem::exists(ui.svg_path, ec))) {
      ui.svg_path = DefaultSvgPath().string();
      state.generated = ui.svg_path;
    }
    ImGui::OpenPopup(kTitle);
  }
  panels::CenterNextWindow();
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const ViewFrame& frame = view.frame();
  ImGui::TextUnformatted("Saves the graph as drawn now (nodes, links, labels) as an SVG image.");
  ImGui::TextDisabled("%zu nodes, %zu links and %zu labels in view.", frame.node_x.size(),
                      frame.edge_x0.size(), frame.labels.size());
  if (auto commit = panels::FileDialogBody("svg", ui.svg_path, state.file, "Save", ".svg")) {
    const std::string svg = ViewFrameToSvg(frame, view.camera().width, view.camera().height,
                                           view.label_font_px);
    auto st = graph::WriteFileAtomically(commit->path.string(), commit->overwrite,
                                         [&](std::ostream& out) {
                                           out << svg;
                                           return graph::Status{};
                                         });
    app.SetMessage(st ? "Saved the view as " + commit->path.string() + "."
                      : st.error().message);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace accord::explorer
