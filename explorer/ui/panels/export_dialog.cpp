// "Export subgraph…" dialog (File menu, Ctrl+E): a path with a default that names no existing
// file ($HOME/accord-export.json, numbered when taken), the format (accord-graph JSON for d3,
// Cytoscape.js, JSON Graph Format, GraphML, GEXF, CSV: choosing one sets the file's extension),
// "Selected only", and Export. An existing file is never overwritten without asking: Export
// first turns into "Overwrite?", and only the confirmation calls App::StartExport with
// overwrite = true. The export runs as a task (status panel).
#include <imgui.h>

#include <algorithm>
#include <iterator>
#include <string>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct ExportDialogState {
  panels::FileDialogState file;
  std::string generated;  // the last default we offered
  bool only_selection = false;
  int format = 0;  // index into kFormats
};

struct FormatChoice {
  graph::ExportFormat format;
  const char* label;
  const char* extension;
};
constexpr FormatChoice kFormats[] = {
    {graph::ExportFormat::kD3, "accord-graph JSON (d3)", ".json"},
    {graph::ExportFormat::kCytoscape, "Cytoscape.js JSON", ".cyjs"},
    {graph::ExportFormat::kJgf, "JSON Graph Format v2", ".jgf.json"},
    {graph::ExportFormat::kGraphml, "GraphML", ".graphml"},
    {graph::ExportFormat::kGexf, "GEXF 1.3 (Gephi)", ".gexf"},
    {graph::ExportFormat::kCsv, "CSV (nodes and edges files)", ".csv"},
};

// `path` with its extension (".jgf.json" counts as one) replaced by `extension`.
std::string WithExtension(const std::string& path, const char* extension) {
  std::string base = path;
  size_t cut = 0;  // the longest known extension (".jgf.json" rather than ".json")
  for (const FormatChoice& f : kFormats)
    if (base.ends_with(f.extension)) cut = std::max(cut, std::string_view(f.extension).size());
  base.resize(base.size() - cut);
  return base + extension;
}

ExportDialogState& State() {
  static ExportDialogState state;
  return state;
}

constexpr const char* kTitle = "Export subgraph";

}  // namespace

void DrawExportDialog(App& app, UiState& ui) {
  auto& state = State();
  if (ui.open_export_dialog) {
    ui.open_export_dialog = false;
    state.file = panels::FileDialogState{};
    std::error_code ec;
    // Offer a fresh default unless the user typed a path of their own.
    if (ui.export_path.empty() ||
        (ui.export_path == state.generated && std::filesystem::exists(ui.export_path, ec))) {
      ui.export_path = DefaultExportPath().string();
      state.generated = ui.export_path;
    }
    state.only_selection = !app.selection().empty() && state.only_selection;
    // The format follows the file name (".jgf.json" before ".json"); anything else: d3 JSON.
    state.format = 0;
    size_t best = 0;
    for (int k = 0; k < static_cast<int>(std::size(kFormats)); ++k) {
      const std::string_view ext = kFormats[k].extension;
      if (ui.export_path.ends_with(ext) && ext.size() > best) {
        state.format = k;
        best = ext.size();
      }
    }
    ImGui::OpenPopup(kTitle);
  }
  panels::CenterNextWindow();
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;

  const auto nodes = app.node_visibility();
  const auto links = app.link_visibility();
  const auto shown_nodes = std::count_if(nodes.begin(), nodes.end(), [](uint8_t v) { return v != 0; });
  const auto shown_links = std::count_if(links.begin(), links.end(), [](uint8_t v) { return v != 0; });
  // A fixed wrap width: TextWrapped would feed back into the auto-resized modal's width.
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
  ImGui::Text("Writes the %s (the formats of `accord export`).",
              state.only_selection ? "selected nodes and the links between them"
                                   : "visible subgraph");
  ImGui::PopTextWrapPos();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  if (ImGui::BeginCombo("Format", kFormats[state.format].label)) {
    for (int k = 0; k < static_cast<int>(std::size(kFormats)); ++k) {
      ImGui::PushID(k);
      if (ImGui::Selectable(kFormats[k].label, k == state.format)) {
        state.format = k;
        ui.export_path = WithExtension(ui.export_path, kFormats[k].extension);
        state.file = panels::FileDialogState{};
      }
      RecordItem(std::string("export.format.") + graph::ExportFormatName(kFormats[k].format));
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  RecordItem("export.format");
  if (kFormats[state.format].format == graph::ExportFormat::kCsv)
    ImGui::TextDisabled("Writes NAME.nodes.csv and NAME.edges.csv.");
  ImGui::TextDisabled("Visible: %td nodes, %td links.  Selected: %zu node%s.", shown_nodes,
                      shown_links, app.selection().size(), app.selection().size() == 1 ? "" : "s");
  const bool nothing_selected = app.selection().empty();
  if (nothing_selected) {
    state.only_selection = false;
    ImGui::BeginDisabled();
  }
  ImGui::Checkbox("Selected only", &state.only_selection);
  RecordItem("export.only_selection");
  if (nothing_selected) ImGui::EndDisabled();

  const FormatChoice& chosen = kFormats[state.format];
  auto written = [&](const std::filesystem::path& p) {
    if (chosen.format != graph::ExportFormat::kCsv) return std::vector<std::filesystem::path>{p};
    const auto [nodes, edges] = graph::CsvExportPaths(p.string());
    return std::vector<std::filesystem::path>{nodes, edges};
  };
  if (auto commit = panels::FileDialogBody("export", ui.export_path, state.file, "Export",
                                           chosen.extension, written)) {
    app.StartExport(commit->path, state.only_selection, commit->overwrite, chosen.format);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace accord::explorer
