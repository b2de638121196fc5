// Internal to explorer/ui/panels: the ImGui helpers every panel shares (colour chips, rich text
// drawing, focusing a node, first-use window placement, snapshot-keyed caches).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accord/explorer/app.hpp"
#include "accord/explorer/graph_view.hpp"
#include "accord/explorer/panel_support.hpp"
#include "accord/explorer/ui.hpp"

namespace accord::explorer::panels {

// A small filled square in `color` (IM_COL32), on the current line, followed by SameLine.
void ColorChip(uint32_t color);

// Dimmed text colour for secondary information (types, document titles).
ImVec4 DimColor();
// Text colour drawn over a highlight background.
ImVec4 ColorFromU32(uint32_t color);

// Draws laid-out rich text at the cursor: highlighted spans get a tinted background in their
// colour; spans with an entity are clickable (on_click(entity, span start offset)). Lines
// [first, last) only (for clipping); pass 0, lines.size() for all. With item recording on, each
// clickable run is recorded as record_prefix + entity id.
void DrawRichLines(std::string_view text, const RichLayout& layout, size_t first, size_t last,
                   const std::function<void(const RichSpan&)>& on_click,
                   std::string_view record_prefix = {});

// A sentence with the document span [start, end) highlighted, wrapped to the window width.
void SentenceWithHighlight(std::string_view sentence, uint32_t sentence_start, uint32_t start,
                           uint32_t end, uint32_t color);
// A sentence with several highlighted spans (document offsets), wrapped to the window width.
void SentenceWithSpans(std::string_view sentence, uint32_t sentence_start,
                       std::vector<RichSpan> spans);
// The mentions of `entity` inside document span [begin, end) of `document`, as spans in
// `color` (for highlighting a link's two ends in its evidence sentence).
void AppendMentionSpans(const graph::EntityDetail& entity, int64_t document, uint32_t begin,
                        uint32_t end, uint32_t color, std::vector<RichSpan>& spans);

// Select `node` alone, make it visible if hidden, centre the view on it (SelectAndFocus).
void FocusNode(App& app, GraphView& view, uint32_t node);

// Focuses one search hit: an entity hit is selected alone, made visible and centred; a sentence
// hit opens the document reader at that sentence. Returns the selected node, if any.
std::optional<uint32_t> FocusHit(App& app, GraphView& view, UiState& ui,
                                 const graph::SearchHit& hit);

// Opens the document reader on `document`, scrolled to byte offset `offset`.
void OpenReader(UiState& ui, int64_t document, std::optional<uint32_t> offset);

// Scale for sizes given at the default 13 px font (high-DPI: the renderer loads a bigger font).
float UiScale();

// First-use placement relative to the display: x/y negative = from the right/bottom edge.
// x and w are scaled by UiScale(); y and h are pixels.
void PlaceWindow(float x, float y, float w, float h);

// True when `cached` still refers to the app's current snapshot.
inline bool SameSnapshot(const std::weak_ptr<const graph::Snapshot>& cached, const App& app) {
  auto alive = cached.lock();
  return alive != nullptr && alive.get() == app.snapshot_ptr().get();
}

}  // namespace accord::explorer::panels

namespace accord::explorer::panels {

// The shared body of the "write a file" dialogs (export, picture): a path field, the action
// button and Cancel; when the file exists the action first turns into "Overwrite?" with
// Overwrite / Back. Returns the path (and whether overwriting was confirmed) on the frame the
// user commits; Cancel closes the popup. A name without an extension gets `extension` appended
// (before the existence check). `written`, when given, names the files the action will write for
// a path (e.g. CSV's two files); the dialog asks before overwriting any of them. Call inside
// BeginPopupModal.
struct FileDialogState {
  bool confirm_overwrite = false;
  std::string error;
  std::string existing;  // the file that exists (shown in "Overwrite?")
};
struct FileDialogCommit {
  std::filesystem::path path;
  bool overwrite = false;
};
std::optional<FileDialogCommit> FileDialogBody(
    const char* name, std::string& path, FileDialogState& state, const char* action,
    const char* extension,
    const std::function<std::vector<std::filesystem::path>(const std::filesystem::path&)>& written =
        {});

// Opens `title` centred on the display at the next BeginPopupModal.
void CenterNextWindow();

}  // namespace accord::explorer::panels
