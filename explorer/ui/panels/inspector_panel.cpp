// Inspector panel: everything known about the selected entity — label, type, aliases,
// documents (click: open the reader at its first mention there), relations grouped by type
// (click a row: select and centre the other end) and every mention with its sentence and the
// mention highlighted (click: open the reader there). For a selected link: its type, its ends
// (clickable) and every evidence sentence with its document title. Data comes from
// Store::GetEntity, read once per selection and snapshot.
#include <imgui.h>

#include <map>
#include <string>
#include <vector>

#include "panel_common.hpp"

namespace accord::explorer {

namespace {

struct EntityCache {
  std::weak_ptr<const graph::Snapshot> snapshot;
  int64_t entity = 0;
  std::optional<graph::EntityDetail> detail;
  std::string error;
};

const EntityCache& Entity(App& app, int64_t entity, EntityCache& cache) {
  if (cache.entity == entity && panels::SameSnapshot(cache.snapshot, app)) return cache;
  cache = EntityCache{};
  cache.snapshot = app.snapshot_ptr();
  cache.entity = entity;
  if (auto detail = app.store().GetEntity(entity)) {
    cache.detail = std::move(*detail);
  } else {
    cache.error = detail.error().message;
  }
  return cache;
}

EntityCache& NodeCache() {
  static EntityCache cache;
  return cache;
}
EntityCache& LinkSourceCache() {
  static EntityCache cache;
  return cache;
}
EntityCache& LinkTargetCache() {
  static EntityCache cache;
  return cache;
}

void Heading(const char* text) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", text);
}

// One clickable "-> Other (type)" row; selects and centres the other end.
void EntityLink(App& app, GraphView& view, int64_t entity, const std::string& text,
                const std::string& record_name) {
  const auto node = app.NodeOf(entity);
  if (ImGui::Selectable(text.c_str(), false)) {
    if (node) {
      panels::FocusNode(app, view, *node);
    } else {
      app.SetMessage("That entity is not in the current graph.");
    }
  }
  RecordItem(record_name);
}

void DrawEntity(App& app, GraphView& view, UiState& ui, uint32_t node) {
  const auto& snap = app.snapshot();
  const int64_t entity = snap.ids[node];
  const EntityCache& cache = Entity(app, entity, NodeCache());
  if (!cache.detail) {
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", cache.error.c_str());
    return;
  }
  const graph::EntityDetail& detail = *cache.detail;
  const uint32_t color = TypeColor(detail.type);

  panels::ColorChip(color);
  ImGui::PushStyleColor(ImGuiCol_Text, panels::ColorFromU32(color | 0xFF000000u));
  ImGui::TextWrapped("%s", detail.label.c_str());
  ImGui::PopStyleColor();
  RecordItem("inspector.label");
  ImGui::TextDisabled("%s  ·  degree %u  ·  %zu document%s", detail.type.c_str(),
                      snap.degree[node], detail.documents.size(),
                      detail.documents.size() == 1 ? "" : "s");
  RecordItem("inspector.type");
  if (app.selection().size() > 1)
    ImGui::TextDisabled("%zu selected; showing the last one.", app.selection().size());

  if (!detail.aliases.empty()) {
    Heading("Also called");
    std::string aliases;
    for (size_t i = 0; i < detail.aliases.size(); ++i) {
      if (i) aliases += ", ";
      aliases += detail.aliases[i];
    }
    ImGui::TextWrapped("%s", aliases.c_str());
    RecordItem("inspector.aliases");
  }

  if (!detail.documents.empty()) {
    Heading("Documents");
    for (size_t i = 0; i < detail.documents.size(); ++i) {
      const auto& doc = detail.documents[i];
      ImGui::PushID(static_cast<int>(i));
      const std::string title = doc.title.empty() ? doc.path : doc.title;
      if (ImGui::Selectable(title.c_str())) {
        std::optional<uint32_t> first;
        for (const auto& mention : detail.mentions)
          if (mention.document == doc.id) {
            first = mention.start;
            break;
          }
        panels::OpenReader(ui, doc.id, first);
      }
      RecordItem("inspector.document." + std::to_string(i));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open in the reader\n%s", doc.path.c_str());
      ImGui::PopID();
    }
  }

  Heading(("Relations (" + std::to_string(detail.relations.size()) + ")").c_str());
  if (detail.relations.empty()) ImGui::TextDisabled("none");
  // Grouped by type, in the store's order (stated first, by type, then other label).
  std::vector<std::pair<std::string, std::vector<size_t>>> groups;
  for (size_t i = 0; i < detail.relations.size(); ++i) {
    const auto& rel = detail.relations[i];
    std::string key = rel.type;
    if (rel.kind == graph::RelationKind::kCooccurrence) key += " (co-occurrence)";
    if (groups.empty() || groups.back().first != key) groups.emplace_back(key, std::vector<size_t>{});
    groups.back().second.push_back(i);
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& [type, rows] = groups[g];
    ImGui::PushID(static_cast<int>(g));
    const std::string header = type + "  (" + std::to_string(rows.size()) + ")";
    if (ImGui::TreeNodeEx(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      for (size_t i : rows) {
        const auto& rel = detail.relations[i];
        ImGui::PushID(static_cast<int>(i));
        panels::ColorChip(TypeColor(rel.other_type));
        const std::string text =
            std::string(rel.outgoing ? "-> " : "<- ") + rel.other_label +
            "  (" + rel.other_type + ")";
        EntityLink(app, view, rel.other, text, "inspector.relation." + std::to_string(i));
        if (ImGui::IsItemHovered() && !rel.evidence.empty()) {
          ImGui::BeginTooltip();
          ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
          ImGui::TextUnformatted(rel.evidence.front().sentence.c_str());
          const auto& first = rel.evidence.front();
          ImGui::TextDisabled("%s", SourceLine(first.document_title, first.page).c_str());
          ImGui::PopTextWrapPos();
          ImGui::EndTooltip();
        }
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }

  Heading(("Mentions (" + std::to_string(detail.mentions.size()) + ")").c_str());
  int64_t last_document = 0;
  for (size_t i = 0; i < detail.mentions.size(); ++i) {
    const auto& mention = detail.mentions[i];
    ImGui::PushID(static_cast<int>(1000000 + i));
    if (mention.document != last_document) {
      ImGui::TextColored(panels::DimColor(), "%s", mention.document_title.c_str());
      last_document = mention.document;
    }
    ImGui::Indent(ImGui::GetTextLineHeight() * 0.5f);
    if (mention.page != 0) {  // a PDF: the page of this mention
      ImGui::TextColored(panels::DimColor(), "p. %u", mention.page);
      ImGui::SameLine();
    }
    ImGui::BeginGroup();
    panels::SentenceWithHighlight(mention.sentence, mention.sentence_start, mention.start,
                                  mention.end, color);
    ImGui::EndGroup();
    RecordItem("inspector.mention." + std::to_string(i));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click to open in the reader");
    if (ImGui::IsItemClicked()) panels::OpenReader(ui, mention.document, mention.start);
    ImGui::Unindent(ImGui::GetTextLineHeight() * 0.5f);
    ImGui::PopID();
  }
}

void DrawLink(App& app, GraphView& view, UiState& ui, uint32_t link) {
  const auto& snap = app.snapshot();
  const uint32_t s = snap.link_source[link];
  const uint32_t t = snap.link_target[link];
  const std::string& type = snap.link_type_names[snap.link_types[link]];
  const bool cooccurrence = snap.link_kinds[link] == graph::RelationKind::kCooccurrence;

  ImGui::TextWrapped("%s", type.c_str());
  RecordItem("inspector.link.type");
  ImGui::TextDisabled("%s link", cooccurrence ? "co-occurrence" : "stated");
  Heading("From");
  panels::ColorChip(TypeColor(snap.type_names[snap.types[s]]));
  EntityLink(app, view, snap.ids[s], snap.labels[s], "inspector.link.source");
  Heading("To");
  panels::ColorChip(TypeColor(snap.type_names[snap.types[t]]));
  EntityLink(app, view, snap.ids[t], snap.labels[t], "inspector.link.target");

  const EntityCache& cache = Entity(app, snap.ids[s], LinkSourceCache());
  if (!cache.detail) {
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", cache.error.c_str());
    return;
  }
  const graph::RelationRef* relation = nullptr;
  for (const auto& rel : cache.detail->relations)
    if (rel.relation == snap.link_ids[link]) relation = &rel;
  const size_t evidence_count = relation ? relation->evidence.size() : 0;
  Heading(("Evidence (" + std::to_string(evidence_count) + ")").c_str());
  if (!relation) {
    ImGui::TextDisabled("No evidence stored for this link.");
    return;
  }
  // The two ends are highlighted in their type colours inside each evidence sentence.
  const EntityCache& target = Entity(app, snap.ids[t], LinkTargetCache());
  const uint32_t source_color = TypeColor(snap.type_names[snap.types[s]]);
  const uint32_t target_color = TypeColor(snap.type_names[snap.types[t]]);
  for (size_t i = 0; i < relation->evidence.size(); ++i) {
    const auto& ev = relation->evidence[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TextColored(panels::DimColor(), "%s", SourceLine(ev.document_title, ev.page).c_str());
    ImGui::Indent(ImGui::GetTextLineHeight() * 0.5f);
    ImGui::BeginGroup();
    std::vector<RichSpan> spans;
    panels::AppendMentionSpans(*cache.detail, ev.document, ev.sentence_start, ev.sentence_end,
                               source_color, spans);
    if (target.detail)
      panels::AppendMentionSpans(*target.detail, ev.document, ev.sentence_start, ev.sentence_end,
                                 target_color, spans);
    panels::SentenceWithSpans(ev.sentence, ev.sentence_start, std::move(spans));
    ImGui::EndGroup();
    RecordItem("inspector.evidence." + std::to_string(i));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click to open in the reader");
    if (ImGui::IsItemClicked()) panels::OpenReader(ui, ev.document, ev.sentence_start);
    ImGui::Unindent(ImGui::GetTextLineHeight() * 0.5f);
    ImGui::PopID();
  }
}

}  // namespace

void DrawInspectorPanel(App& app, GraphView& view, UiState& ui, bool* open) {
  panels::PlaceWindow(-8, 28, 300, 640);
  if (!ImGui::Begin("Inspector", open)) {
    ImGui::End();
    return;
  }
  const auto& snap = app.snapshot();
  const auto link = app.selected_link();
  const auto& selection = app.selection();
  if (link && *link < snap.LinkCount()) {
    DrawLink(app, view, ui, *link);
  } else if (!selection.empty() && selection.back() < snap.NodeCount()) {
    DrawEntity(app, view, ui, selection.back());
  } else {
    ImGui::TextDisabled("Nothing selected.");
    ImGui::TextWrapped("Click a node or a link in the view, or search for an entity (/).");
  }
  ImGui::End();
}

}  // namespace accord::explorer
