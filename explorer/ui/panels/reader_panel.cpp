// Document reader: a document's original text (Store::DocumentText) with every entity mention
// highlighted in its type's colour and clickable (selects and centres the entity). Mentions come
// from LoadGraph(GraphFilter{document = id}) once per opened document; the wrapped layout is
// cached per document and width and drawn through a list clipper, so long documents stay cheap.
// Scrolls to UiState::reader_scroll_to (a byte offset) and marks that line for a moment.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct ReaderState {
  std::weak_ptr<const graph::Snapshot> snapshot;
  int64_t document = 0;
  std::string title;
  std::string path;
  std::string text;
  std::vector<RichSpan> spans;    // mentions, document offsets
  std::string error;
  // layout for the current width
  float width = -1;
  RichLayout layout;
  // documents for the picker
  std::vector<graph::DocumentInfo> documents;
  // the line to mark after a scroll-to, and until when
  std::optional<size_t> marked_line;
  double mark_until = 0;
};

ReaderState& State() {
  static ReaderState state;
  return state;
}

void Load(App& app, int64_t document, ReaderState& state) {
  const auto documents = std::move(state.documents);
  state = ReaderState{};
  state.snapshot = app.snapshot_ptr();
  state.document = document;
  auto& store = app.store();
  if (auto docs = store.ListDocuments()) state.documents = std::move(*docs);
  else state.documents = documents;
  for (const auto& doc : state.documents)
    if (doc.id == document) {
      state.title = doc.title.empty() ? doc.path : doc.title;
      state.path = doc.path;
    }
  auto text = store.DocumentText(document);
  if (!text) {
    state.error = text.error().message;
    return;
  }
  state.text = std::move(*text);
  graph::GraphFilter filter;
  filter.document = document;
  filter.include_cooccurrence = false;
  filter.with_details = true;
  auto graph = store.LoadGraph(filter);
  if (!graph) {
    state.error = graph.error().message;
    return;
  }
  for (const auto& node : graph->nodes)
    for (const auto& mention : node.mentions)
      if (mention.document == document)
        state.spans.push_back({mention.start, mention.end, TypeColor(node.type), node.id});
}

}  // namespace

void DrawReaderPanel(App& app, GraphView& view, UiState& ui, bool* open) {
  panels::PlaceWindow(316, 28, 520, 560);
  const std::string window_title = "Reader###reader";
  if (!ImGui::Begin(window_title.c_str(), open)) {
    ImGui::End();
    return;
  }
  auto& state = State();
  if (ui.reader_document &&
      (state.document != *ui.reader_document || !panels::SameSnapshot(state.snapshot, app)))
    Load(app, *ui.reader_document, state);
  if (state.documents.empty() && !ui.reader_document) {
    if (auto docs = app.store().ListDocuments()) state.documents = std::move(*docs);
  }

  // Document picker.
  ImGui::SetNextItemWidth(-FLT_MIN);
  const char* preview = ui.reader_document ? state.title.c_str() : "Choose a document";
  if (ImGui::BeginCombo("##reader_document", preview)) {
    for (const auto& doc : state.documents) {
      ImGui::PushID(static_cast<int>(doc.id));
      const std::string title = doc.title.empty() ? doc.path : doc.title;
      if (ImGui::Selectable(title.c_str(), ui.reader_document == doc.id)) {
        ui.reader_document = doc.id;
        ui.reader_scroll_to = 0;
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  RecordItem("reader.document");
  if (!ui.reader_document) {
    ImGui::TextDisabled("No document open. Pick one above, or click a document or a mention");
    ImGui::TextDisabled("in the inspector, or a sentence hit in the search results.");
    ImGui::End();
    return;
  }
  if (!state.path.empty()) ImGui::TextDisabled("%s  ·  %zu mentions", state.path.c_str(), state.spans.size());
  if (!state.error.empty()) {
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", state.error.c_str());
    ImGui::End();
    return;
  }
  if (state.text.empty()) {
    ImGui::TextDisabled("This document has no stored text (it came from an import).");
    ImGui::End();
    return;
  }

  ImGui::BeginChild("##reader_text", ImVec2(0, 0), true);
  const float width = std::max(100.0f, ImGui::GetContentRegionAvail().x);
  if (std::fabs(width - state.width) > 0.5f) {
    state.width = width;
    state.layout = LayoutRichText(state.text, 0, state.spans, width, [](std::string_view piece) {
      return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
    });
  }
  const float line_height = ImGui::GetTextLineHeightWithSpacing();
  if (ui.reader_scroll_to) {
    const size_t line = state.layout.LineOf(*ui.reader_scroll_to);
    ImGui::SetScrollY(std::max(0.0f, static_cast<float>(line) * line_height -
                                         ImGui::GetWindowHeight() * 0.3f));
    state.marked_line = *ui.reader_scroll_to > 0 ? std::optional<size_t>(line) : std::nullopt;
    state.mark_until = ImGui::GetTime() + 2.0;
    ui.reader_scroll_to.reset();
  }
  if (state.marked_line && ImGui::GetTime() < state.mark_until) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float y = origin.y + static_cast<float>(*state.marked_line) * line_height;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(origin.x - 4, y),
                                              ImVec2(origin.x - 1, y + line_height),
                                              IM_COL32(230, 190, 60, 255));
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(state.layout.lines.size()), line_height);
  while (clipper.Step()) {
    panels::DrawRichLines(state.text, state.layout, static_cast<size_t>(clipper.DisplayStart),
                          static_cast<size_t>(clipper.DisplayEnd), [&](const RichSpan& span) {
                            if (const auto node = app.NodeOf(span.entity)) {
                              panels::FocusNode(app, view, *node);
                            } else {
                              app.SetMessage("That entity is not in the current graph.");
                            }
                          },
                          "reader.mention.");
  }
  clipper.End();
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace accord::explorer
