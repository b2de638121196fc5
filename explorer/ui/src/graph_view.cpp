// accord::explorer::GraphView — the graph canvas without GL (see graph_view.hpp): camera math,
// fit and centre, mouse input (pan, zoom at the cursor, drag-to-pin, click, double-click
// expand, edge click), picking through a uniform grid rebuilt per frame, the per-frame draw
// lists and label placement with level of detail. Also the entity type palette.
#include "accord/explorer/graph_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace accord::explorer {
namespace {

constexpr uint32_t Rgba(uint32_t r, uint32_t g, uint32_t b, uint32_t a = 255) {
  return r | (g << 8) | (b << 16) | (a << 24);
}
constexpr uint32_t WithAlpha(uint32_t c, uint32_t a) {
  return (c & 0x00FFFFFFu) | (a << 24);
}

constexpr uint32_t kWhite = Rgba(255, 255, 255);
constexpr uint32_t kHoverOutline = Rgba(215, 220, 230);
constexpr uint32_t kGold = Rgba(255, 200, 40);
constexpr uint32_t kNodeRing = Rgba(16, 18, 24);
constexpr uint32_t kEdge = Rgba(150, 162, 188, 89);      // alpha 0.35
constexpr uint32_t kEdgeCooc = Rgba(150, 162, 188, 46);  // weaker kind, fainter
constexpr uint32_t kEdgeFaded = Rgba(150, 162, 188, 18);
constexpr uint32_t kEdgeIncident = Rgba(175, 205, 255, 210);
constexpr uint32_t kLabel = Rgba(228, 232, 240);
constexpr uint32_t kLabelFaded = Rgba(228, 232, 240, 90);
constexpr float kFadedAlpha = 51;  // ~0.2

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// At most `max_chars` characters (UTF-8 aware), with an ellipsis when cut.
std::string Truncate(const std::string& s, size_t max_chars) {
  if (Utf8Length(s) <= max_chars) return s;
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars - 1) break;
      ++chars;
    }
  }
  return s.substr(0, i) + "\xE2\x80\xA6";
}

float SegmentDistance2(float px, float py, float x0, float y0, float x1, float y1) {
  const float dx = x1 - x0, dy = y1 - y0;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float qx = x0 + t * dx - px, qy = y0 + t * dy - py;
  return qx * qx + qy * qy;
}

struct Rect {
  float x0, y0, x1, y1;
  bool Overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace

// ---- palette ------------------------------------------------------------------------------

uint32_t TypeColor(std::string_view type) {
  // Hues spread around the wheel with alternating lightness, after Okabe & Ito's colour-blind
  // safe set, brightened for a dark background.
  struct Entry {
    std::string_view type;
    uint32_t color;
  };
  static constexpr Entry kPalette[] = {
      {"organization", Rgba(86, 180, 233)},  // sky blue
      {"country", Rgba(230, 159, 0)},        // orange
      {"place", Rgba(240, 228, 66)},         // yellow
      {"person", Rgba(204, 121, 167)},       // reddish purple
      {"role", Rgba(255, 170, 215)},         // pink
      {"event", Rgba(227, 94, 40)},          // vermillion
      {"initiative", Rgba(0, 178, 130)},     // bluish green
      {"plan", Rgba(128, 222, 200)},         // light teal
      {"policy", Rgba(70, 140, 230)},        // blue
      {"principle", Rgba(185, 160, 240)},    // lavender
      {"pillar", Rgba(140, 105, 210)},       // violet
      {"measure", Rgba(150, 200, 80)},       // light green
      {"sector", Rgba(200, 170, 150)},       // taupe
      {"technology", Rgba(80, 215, 235)},    // cyan
      {"date", Rgba(200, 185, 130)},         // khaki
      {"number", Rgba(150, 160, 180)},       // slate
  };
  for (const auto& e : kPalette)
    if (e.type == type) return e.color;
  return Rgba(128, 128, 128);
}

// ---- camera -------------------------------------------------------------------------------

void GraphView::SetViewport(float width, float height) {
  camera_.width = std::max(width, 1.0f);
  camera_.height = std::max(height, 1.0f);
}

void GraphView::FitToView(const App& app) {
  const auto x = app.x(), y = app.y();
  const auto vis = app.node_visibility();
  float x0 = std::numeric_limits<float>::max(), y0 = x0, x1 = -x0, y1 = -x0;
  bool any = false;
  for (int pass = 0; pass < 2 && !any; ++pass) {
    for (size_t i = 0; i < x.size(); ++i) {
      if (pass == 0 && (i >= vis.size() || vis[i] == 0)) continue;
      x0 = std::min(x0, x[i]);
      x1 = std::max(x1, x[i]);
      y0 = std::min(y0, y[i]);
      y1 = std::max(y1, y[i]);
      any = true;
    }
  }
  if (!any) {
    camera_.center_x = camera_.center_y = 0;
    camera_.zoom = 1;
    return;
  }
  const float margin = 40.0f + 22.0f;
  // the free area between the panels (when it is too small, the whole viewport)
  float left = inset_left_, top = inset_top_, right = inset_right_, bottom = inset_bottom_;
  if (camera_.width - left - right < 0.35f * camera_.width || camera_.height - top - bottom < 0.35f * camera_.height)
    left = top = right = bottom = 0;
  // labels sit beside their discs: leave them room on the left and right
  const float w = std::max(camera_.width - left - right - 2 * (margin + 15.0f), 10.0f);
  const float h = std::max(camera_.height - top - bottom - 2 * margin, 10.0f);
  const float bw = std::max(x1 - x0, 1e-3f), bh = std::max(y1 - y0, 1e-3f);
  camera_.zoom = std::clamp(std::min(w / bw, h / bh), kMinZoom, 4.0f);
  // centre the box in the free area
  const float free_cx = 0.5f * (left + camera_.width - right), free_cy = 0.5f * (top + camera_.height - bottom);
  camera_.center_x = 0.5f * (x0 + x1) - (free_cx - 0.5f * camera_.width) / camera_.zoom;
  camera_.center_y = 0.5f * (y0 + y1) - (free_cy - 0.5f * camera_.height) / camera_.zoom;
}

namespace {
// The insets in force: none when the panels leave too little room to be worth avoiding.
bool UseInsets(const Camera& c, float left, float top, float right, float bottom) {
  return c.width - left - right >= 0.35f * c.width && c.height - top - bottom >= 0.35f * c.height;
}
}  // namespace

float GraphView::FocusScreenX() const {
  if (!UseInsets(camera_, inset_left_, inset_top_, inset_right_, inset_bottom_)) return 0.5f * camera_.width;
  return 0.5f * (inset_left_ + camera_.width - inset_right_);
}

float GraphView::FocusScreenY() const {
  if (!UseInsets(camera_, inset_left_, inset_top_, inset_right_, inset_bottom_)) return 0.5f * camera_.height;
  return 0.5f * (inset_top_ + camera_.height - inset_bottom_);
}

void GraphView::SetInsets(float left, float top, float right, float bottom) {
  inset_left_ = std::max(0.0f, left);
  inset_top_ = std::max(0.0f, top);
  inset_right_ = std::max(0.0f, right);
  inset_bottom_ = std::max(0.0f, bottom);
}

void GraphView::CenterOn(const App& app, uint32_t node, float zoom) {
  if (node >= app.x().size()) return;
  if (zoom > 0) camera_.zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
  camera_.center_x = app.x()[node] - (FocusScreenX() - 0.5f * camera_.width) / camera_.zoom;
  camera_.center_y = app.y()[node] - (FocusScreenY() - 0.5f * camera_.height) / camera_.zoom;
}

namespace {
float BaseRadius(uint32_t degree) {
  return std::clamp(4.0f + 2.5f * std::sqrt(static_cast<float>(degree)), 4.0f, 22.0f);
}
float ZoomScale(float zoom) {
  // mild growth when zoomed in; when far out (big graphs at fit) discs shrink further so the
  // picture is not a solid carpet of discs
  const float k = 0.1296f;  // 0.6^4: where the mild curve reaches 0.6
  if (zoom >= k) return std::clamp(std::pow(zoom, 0.25f), 0.6f, 1.6f);
  return std::max(0.2f, 0.6f * std::sqrt(zoom / k));
}
}  // namespace

float GraphView::NodeRadius(const App& app, uint32_t node) const {
  const auto& s = app.snapshot();
  const uint32_t degree = node < s.degree.size() ? s.degree[node] : 0;
  return BaseRadius(degree) * ZoomScale(camera_.zoom);
}

float GraphView::MeasureText(std::string_view text) const {
  if (measure_text) return measure_text(text);
  return 7.0f / 13.0f * label_font_px * static_cast<float>(Utf8Length(text));
}

// ---- input --------------------------------------------------------------------------------

void GraphView::OnMouseMove(App& app, float sx, float sy) {
  if (std::abs(sx - press_x_) > 3 || std::abs(sy - press_y_) > 3) moved_ = true;
  if (dragging_) {
    if (moved_)
      app.PinNode(*dragging_, camera_.ScreenToWorldX(sx) + grab_dx_,
                  camera_.ScreenToWorldY(sy) + grab_dy_);
  } else if (panning_) {
    camera_.center_x -= (sx - last_x_) / camera_.zoom;
    camera_.center_y -= (sy - last_y_) / camera_.zoom;
  } else {
    app.SetHovered(Pick(app, sx, sy));
  }
  last_x_ = sx;
  last_y_ = sy;
}

void GraphView::OnMouseDown(App& app, float sx, float sy, bool shift, bool double_click) {
  last_x_ = press_x_ = sx;
  last_y_ = press_y_ = sy;
  moved_ = false;
  dragging_.reset();
  panning_ = false;
  pan_shift_ = shift;
  if (auto node = Pick(app, sx, sy)) {
    if (double_click) {
      app.Expand(*node, 1);
      return;
    }
    const auto& sel = app.selection();
    const bool selected = std::find(sel.begin(), sel.end(), *node) != sel.end();
    if (shift || !selected) app.Select(*node, shift);
    dragging_ = node;
    grab_dx_ = app.x()[*node] - camera_.ScreenToWorldX(sx);
    grab_dy_ = app.y()[*node] - camera_.ScreenToWorldY(sy);
    return;
  }
  if (double_click) return;
  if (auto link = PickLink(app, sx, sy)) {
    app.SelectLink(*link);
    return;
  }
  panning_ = true;
}

void GraphView::OnMouseUp(App& app, float sx, float sy) {
  if (std::abs(sx - press_x_) > 3 || std::abs(sy - press_y_) > 3) moved_ = true;
  if (panning_ && !moved_ && !pan_shift_) app.ClearSelection();  // a click on empty space
  // A plain click (no drag) on a node of a multi-selection selects just that node.
  if (dragging_ && !moved_ && !pan_shift_ && app.selection().size() > 1)
    app.Select(*dragging_, false);
  dragging_.reset();
  panning_ = false;
  last_x_ = sx;
  last_y_ = sy;
}

void GraphView::OnScroll(App& app, float sx, float sy, float wheel) {
  (void)app;
  const float wx = camera_.ScreenToWorldX(sx), wy = camera_.ScreenToWorldY(sy);
  camera_.zoom = std::clamp(camera_.zoom * std::pow(kWheelFactor, wheel), kMinZoom, kMaxZoom);
  camera_.center_x = wx - (sx - camera_.width * 0.5f) / camera_.zoom;
  camera_.center_y = wy - (sy - camera_.height * 0.5f) / camera_.zoom;
}

// ---- picking ------------------------------------------------------------------------------

bool GraphView::GridValid(const App& app) const {
  return grid_built_ && grid_generation_ == app.generation() &&
         grid_camera_.center_x == camera_.center_x && grid_camera_.center_y == camera_.center_y &&
         grid_camera_.zoom == camera_.zoom && grid_camera_.width == camera_.width &&
         grid_camera_.height == camera_.height;
}

std::optional<uint32_t> GraphView::Pick(const App& app, float sx, float sy) const {
  std::optional<uint32_t> best;
  if (GridValid(app)) {
    // Topmost (last drawn) node whose disc (+3 px) contains the point.
    const float reach = max_radius_ + 3.0f;
    const int c0 =
        std::clamp(static_cast<int>(std::floor((sx - reach) / grid_cell_)), 0, grid_cols_ - 1);
    const int c1 =
        std::clamp(static_cast<int>(std::floor((sx + reach) / grid_cell_)), 0, grid_cols_ - 1);
    const int r0 =
        std::clamp(static_cast<int>(std::floor((sy - reach) / grid_cell_)), 0, grid_rows_ - 1);
    const int r1 =
        std::clamp(static_cast<int>(std::floor((sy + reach) / grid_cell_)), 0, grid_rows_ - 1);
    int64_t best_draw = -1;
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c) {
        const size_t cell = static_cast<size_t>(r) * grid_cols_ + c;
        for (uint32_t k = grid_start_[cell]; k < grid_start_[cell + 1]; ++k) {
          const uint32_t d = grid_items_[k];
          const float dx = frame_.node_x[d] - sx, dy = frame_.node_y[d] - sy;
          const float rr = frame_.node_radius[d] + 3.0f;
          if (dx * dx + dy * dy <= rr * rr && static_cast<int64_t>(d) > best_draw) {
            best_draw = d;
            best = frame_.node_index[d];
          }
        }
      }
    }
    return best;
  }
  // No current frame: a linear scan, nearest centre wins.
  const auto x = app.x(), y = app.y();
  const auto vis = app.node_visibility();
  float best_d2 = std::numeric_limits<float>::max();
  for (uint32_t i = 0; i < x.size() && i < vis.size(); ++i) {
    if (vis[i] == 0) continue;
    const float dx = camera_.WorldToScreenX(x[i]) - sx, dy = camera_.WorldToScreenY(y[i]) - sy;
    const float rr = NodeRadius(app, i) + 3.0f;
    const float d2 = dx * dx + dy * dy;
    if (d2 <= rr * rr && d2 < best_d2) {
      best_d2 = d2;
      best = i;
    }
  }
  return best;
}

std::optional<uint32_t> GraphView::PickLink(const App& app, float sx, float sy) const {
  std::optional<uint32_t> best;
  float best_d2 = 4.0f * 4.0f;
  if (GridValid(app)) {
    for (size_t e = 0; e < frame_.edge_index.size(); ++e) {
      const float d2 = SegmentDistance2(sx, sy, frame_.edge_x0[e], frame_.edge_y0[e],
                                        frame_.edge_x1[e], frame_.edge_y1[e]);
      if (d2 <= best_d2) {
        best_d2 = d2;
        best = frame_.edge_index[e];
      }
    }
    return best;
  }
  const auto& s = app.snapshot();
  const auto x = app.x(), y = app.y();
  const auto lvis = app.link_visibility();
  if (x.size() != s.NodeCount()) return best;
  for (uint32_t k = 0; k < s.LinkCount() && k < lvis.size(); ++k) {
    if (lvis[k] == 0) continue;
    const uint32_t a = s.link_source[k], b = s.link_target[k];
    const float d2 =
        SegmentDistance2(sx, sy, camera_.WorldToScreenX(x[a]), camera_.WorldToScreenY(y[a]),
                         camera_.WorldToScreenX(x[b]), camera_.WorldToScreenY(y[b]));
    if (d2 <= best_d2) {
      best_d2 = d2;
      best = k;
    }
  }
  return best;
}

// ---- the frame ------------------------------------------------------------------------------

const ViewFrame& GraphView::BuildFrame(const App& app) {
  ViewFrame& f = frame_;
  f.node_x.clear();
  f.node_y.clear();
  f.node_radius.clear();
  f.node_fill.clear();
  f.node_outline.clear();
  f.node_index.clear();
  f.edge_x0.clear();
  f.edge_y0.clear();
  f.edge_x1.clear();
  f.edge_y1.clear();
  f.edge_width.clear();
  f.edge_color.clear();
  f.edge_index.clear();
  f.labels.clear();
  f.arrows = false;
  grid_built_ = false;

  const auto& s = app.snapshot();
  const uint32_t n = s.NodeCount();
  const auto x = app.x(), y = app.y();
  const auto vis = app.node_visibility();
  const auto lvis = app.link_visibility();
  if (x.size() != n || y.size() != n || vis.size() != n || lvis.size() != s.LinkCount()) return f;
  const Camera& cam = camera_;
  const float W = cam.width, H = cam.height;

  // Flags per node: 1 selected, 2 path, 4 hovered.
  mark_.assign(n, 0);
  for (uint32_t i : app.selection())
    if (i < n) mark_[i] |= 1;
  for (uint32_t i : app.path().nodes)
    if (i < n) mark_[i] |= 2;
  const auto hovered = app.hovered();
  if (hovered && *hovered < n) mark_[*hovered] |= 4;
  std::vector<uint8_t> path_link;
  if (!app.path().links.empty()) {
    path_link.assign(s.LinkCount(), 0);
    for (uint32_t k : app.path().links)
      if (k < s.LinkCount()) path_link[k] = 1;
  }
  const auto selected_link = app.selected_link();

  // Screen positions, once per node.
  screen_x_.resize(n);
  screen_y_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    screen_x_[i] = cam.WorldToScreenX(x[i]);
    screen_y_[i] = cam.WorldToScreenY(y[i]);
  }
  const float* px = screen_x_.data();
  const float* py = screen_y_.data();

  // ---- edges: faded, normal, then highlighted on top --------------------------------------
  std::vector<uint32_t> order[3];
  double length_sum = 0;
  size_t length_count = 0;  // the arrows decision samples the first drawn edges
  const float margin = 40;
  for (uint32_t k = 0; k < s.LinkCount(); ++k) {
    if (lvis[k] == 0) continue;
    const uint32_t a = s.link_source[k], b = s.link_target[k];
    const float x0 = px[a], y0 = py[a], x1 = px[b], y1 = py[b];
    if (std::max(x0, x1) < -margin || std::min(x0, x1) > W + margin || std::max(y0, y1) < -margin ||
        std::min(y0, y1) > H + margin)
      continue;
    if (a != b && length_count < 4096) {
      length_sum += std::sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
      ++length_count;
    }
    const bool highlight = (!path_link.empty() && path_link[k]) ||
                           (selected_link && *selected_link == k) || ((mark_[a] | mark_[b]) & 5);
    order[highlight ? 2 : (lvis[k] == 2 ? 1 : 0)].push_back(k);
  }
  const size_t edge_total = order[0].size() + order[1].size() + order[2].size();
  // direction cues only when edges are long enough to carry them and few enough to read
  f.arrows = length_count > 0 && length_sum / length_count > 60.0 && edge_total <= 3000;
  const float zoom_for_tips = ZoomScale(cam.zoom);
  f.edge_x0.reserve(edge_total);
  f.edge_y0.reserve(edge_total);
  f.edge_x1.reserve(edge_total);
  f.edge_y1.reserve(edge_total);
  f.edge_width.reserve(edge_total);
  f.edge_color.reserve(edge_total);
  f.edge_index.reserve(edge_total);
  for (int layer = 0; layer < 3; ++layer) {
    for (uint32_t k : order[layer]) {
      const uint32_t a = s.link_source[k], b = s.link_target[k];
      uint32_t color;
      float width = 1.2f;
      const bool cooc = s.link_kinds[k] == graph::RelationKind::kCooccurrence;
      if (!path_link.empty() && path_link[k]) {
        color = kGold;
        width = 2.5f;
      } else if (selected_link && *selected_link == k) {
        color = kWhite;
        width = 2.5f;
      } else if (layer == 2) {
        color = lvis[k] == 2 ? kEdgeIncident : WithAlpha(kEdgeIncident, 60);
        width = 1.8f;
      } else if (lvis[k] == 1) {
        color = kEdgeFaded;
      } else {
        color = cooc ? kEdgeCooc : kEdge;
        if (cooc) width = 1.0f;
      }
      float ex = px[b], ey = py[b];
      if (f.arrows && a != b) {
        // end at the target's rim, so the arrow head is not under its disc
        const float dx = ex - px[a], dy = ey - py[a];
        const float len = std::sqrt(dx * dx + dy * dy);
        const float rim = BaseRadius(s.degree[b]) * zoom_for_tips + 1.5f;
        if (len > 2 * rim) {
          ex -= dx / len * rim;
          ey -= dy / len * rim;
        }
      }
      f.edge_x0.push_back(px[a]);
      f.edge_y0.push_back(py[a]);
      f.edge_x1.push_back(ex);
      f.edge_y1.push_back(ey);
      f.edge_width.push_back(width);
      f.edge_color.push_back(color);
      f.edge_index.push_back(k);
    }
  }

  // ---- nodes: faded, normal, then highlighted ---------------------------------------------
  std::vector<uint32_t> type_color(s.type_names.size());
  for (size_t t = 0; t < s.type_names.size(); ++t) type_color[t] = TypeColor(s.type_names[t]);
  std::vector<uint32_t> nodes[3];
  std::vector<float> radius(n, 0);
  max_radius_ = 0;
  size_t shown_count = 0;
  const float zoom_scale = ZoomScale(cam.zoom);
  for (uint32_t i = 0; i < n; ++i) {
    if (vis[i] == 0) continue;
    const float r = BaseRadius(s.degree[i]) * zoom_scale;
    const float sx = px[i], sy = py[i];
    if (sx + r < 0 || sx - r > W || sy + r < 0 || sy - r > H) continue;
    radius[i] = r;
    max_radius_ = std::max(max_radius_, r);
    if (vis[i] == 2) ++shown_count;
    nodes[mark_[i] ? 2 : (vis[i] == 2 ? 1 : 0)].push_back(i);
  }
  draw_of_.assign(n, UINT32_MAX);
  for (int layer = 0; layer < 3; ++layer) {
    for (uint32_t i : nodes[layer]) {
      const bool faded = vis[i] == 1;
      uint32_t fill = s.types[i] < type_color.size() ? type_color[s.types[i]] : Rgba(128, 128, 128);
      uint32_t outline = kNodeRing;
      if (mark_[i] & 1)
        outline = kWhite;
      else if (mark_[i] & 2)
        outline = kGold;
      else if (mark_[i] & 4)
        outline = kHoverOutline;
      if (faded && !mark_[i]) {
        fill = WithAlpha(fill, static_cast<uint32_t>(kFadedAlpha));
        outline = WithAlpha(outline, static_cast<uint32_t>(kFadedAlpha));
      }
      draw_of_[i] = static_cast<uint32_t>(f.node_x.size());
      f.node_x.push_back(px[i]);
      f.node_y.push_back(py[i]);
      f.node_radius.push_back(radius[i]);
      f.node_fill.push_back(fill);
      f.node_outline.push_back(outline);
      f.node_index.push_back(i);
    }
  }

  // ---- pick grid (counting sort of drawn nodes into cells) ---------------------------------
  grid_cell_ = 32.0f;
  grid_cols_ = std::max(1, static_cast<int>(std::ceil(W / grid_cell_)));
  grid_rows_ = std::max(1, static_cast<int>(std::ceil(H / grid_cell_)));
  const size_t cells = static_cast<size_t>(grid_cols_) * grid_rows_;
  grid_start_.assign(cells + 1, 0);
  const size_t drawn = f.node_index.size();
  std::vector<uint32_t> cell_of(drawn);
  for (size_t d = 0; d < drawn; ++d) {
    const int c =
        std::clamp(static_cast<int>(std::floor(f.node_x[d] / grid_cell_)), 0, grid_cols_ - 1);
    const int r =
        std::clamp(static_cast<int>(std::floor(f.node_y[d] / grid_cell_)), 0, grid_rows_ - 1);
    cell_of[d] = static_cast<uint32_t>(r * grid_cols_ + c);
    ++grid_start_[cell_of[d] + 1];
  }
  for (size_t c = 0; c < cells; ++c) grid_start_[c + 1] += grid_start_[c];
  grid_items_.resize(drawn);
  {
    std::vector<uint32_t> fill_pos(grid_start_.begin(), grid_start_.end() - 1);
    for (size_t d = 0; d < drawn; ++d)
      grid_items_[fill_pos[cell_of[d]]++] = static_cast<uint32_t>(d);
  }
  grid_camera_ = camera_;
  grid_generation_ = app.generation();
  grid_built_ = true;

  // ---- labels -------------------------------------------------------------------------------
  // Candidates: drawn shown nodes, plus highlighted ones even when faded. Priority: selected,
  // hovered, path, then degree (desc), then index.
  struct Candidate {
    uint32_t draw;
    uint8_t rank;
  };
  // Highlighted ones first (few, sorted); then the shown drawn nodes in the cached degree order,
  // so no per-frame sort over every node.
  auto before = [&](const Candidate& a, const Candidate& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    const uint32_t ia = f.node_index[a.draw], ib = f.node_index[b.draw];
    if (s.degree[ia] != s.degree[ib]) return s.degree[ia] > s.degree[ib];
    return ia < ib;
  };
  std::vector<Candidate> candidates;
  for (uint32_t layer_node : nodes[2]) {
    const uint8_t m = mark_[layer_node];
    const uint8_t rank = (m & 1) ? 0 : (m & 4) ? 1 : 2;
    candidates.push_back({draw_of_[layer_node], rank});
  }
  std::sort(candidates.begin(), candidates.end(), before);
  if (degree_order_generation_ != app.generation() || degree_order_.size() != n) {
    degree_order_.resize(n);
    for (uint32_t i = 0; i < n; ++i) degree_order_[i] = i;
    std::stable_sort(degree_order_.begin(), degree_order_.end(),
                     [&](uint32_t a, uint32_t b) { return s.degree[a] > s.degree[b]; });
    degree_order_generation_ = app.generation();
  }
  const bool try_all = cam.zoom >= 2.5f || shown_count < 80;
  const float line_h = std::ceil(label_font_px * 1.25f);
  const size_t budget =
      try_all ? n : std::max<size_t>(24, static_cast<size_t>(W * H / (9.0f * 60.0f * line_h)));
  // Beyond a few times the budget, further (lower-degree) candidates rarely find room.
  const size_t consider = try_all ? n : budget * 6;
  {
    const size_t priority = candidates.size();
    for (uint32_t i : degree_order_) {
      if (candidates.size() - priority >= consider) break;
      if (draw_of_[i] == UINT32_MAX || vis[i] != 2 || mark_[i]) continue;
      candidates.push_back({draw_of_[i], 3});
    }
  }

  const float label_cell = 64.0f;
  const float gx0 = -200.0f, gy0 = -200.0f;  // the label grid covers the viewport + 200 px
  const int lcols = static_cast<int>(std::ceil((W + 400.0f) / label_cell));
  const int lrows = static_cast<int>(std::ceil((H + 400.0f) / label_cell));
  std::vector<std::vector<uint32_t>> label_grid(static_cast<size_t>(lcols) * lrows);
  std::vector<Rect> placed;
  auto cell_range = [&](const Rect& r, int* c0, int* c1, int* r0, int* r1) {
    *c0 = std::clamp(static_cast<int>(std::floor((r.x0 - gx0) / label_cell)), 0, lcols - 1);
    *c1 = std::clamp(static_cast<int>(std::floor((r.x1 - gx0) / label_cell)), 0, lcols - 1);
    *r0 = std::clamp(static_cast<int>(std::floor((r.y0 - gy0) / label_cell)), 0, lrows - 1);
    *r1 = std::clamp(static_cast<int>(std::floor((r.y1 - gy0) / label_cell)), 0, lrows - 1);
  };
  // panels along the edges hide what is under them: a label there would be cut
  const float free_x0 = inset_left_, free_x1 = W - inset_right_, free_y0 = inset_top_, free_y1 = H - inset_bottom_;
  auto free_at = [&](const Rect& r) {
    if ((r.x0 < free_x0 || r.x1 > free_x1 || r.y0 < free_y0 || r.y1 > free_y1) && r.x1 > 0 && r.x0 < W && r.y1 > 0 &&
        r.y0 < H)
      return false;
    int c0, c1, r0, r1;
    cell_range(r, &c0, &c1, &r0, &r1);
    for (int rr = r0; rr <= r1; ++rr)
      for (int cc = c0; cc <= c1; ++cc)
        for (uint32_t p : label_grid[static_cast<size_t>(rr) * lcols + cc])
          if (placed[p].Overlaps(r)) return false;
    return true;
  };
  auto reserve = [&](const Rect& r) {
    int c0, c1, r0, r1;
    cell_range(r, &c0, &c1, &r0, &r1);
    const uint32_t id = static_cast<uint32_t>(placed.size());
    placed.push_back(r);
    for (int rr = r0; rr <= r1; ++rr)
      for (int cc = c0; cc <= c1; ++cc)
        label_grid[static_cast<size_t>(rr) * lcols + cc].push_back(id);
  };
  for (const Candidate& c : candidates) {
    if (f.labels.size() >= budget && c.rank == 3) break;
    const uint32_t i = f.node_index[c.draw];
    const float sx = f.node_x[c.draw], sy = f.node_y[c.draw], r = f.node_radius[c.draw];
    std::string text = Truncate(s.labels[i], c.rank == 0 ? 80 : 40);
    const float w = std::ceil(MeasureText(text)) + 2.0f;
    const float h = line_h;
    Rect options[4] = {
        {sx + r + 4, sy - h * 0.5f, sx + r + 4 + w, sy + h * 0.5f},  // right
        {sx - r - 4 - w, sy - h * 0.5f, sx - r - 4, sy + h * 0.5f},  // left
        {sx - w * 0.5f, sy - r - 2 - h, sx + w * 0.5f, sy - r - 2},  // above
        {sx - w * 0.5f, sy + r + 2, sx + w * 0.5f, sy + r + 2 + h},  // below
    };
    const int tries = c.rank < 3 ? 4 : 2;
    for (int t = 0; t < tries; ++t) {
      const Rect& rect = options[t];
      if (c.rank == 3 && (rect.x1 < 0 || rect.x0 > W || rect.y1 < 0 || rect.y0 > H)) continue;
      if (!free_at(rect)) continue;
      reserve(rect);
      const bool faded = vis[i] != 2;
      f.labels.push_back(ViewFrame::Label{rect.x0, rect.y0, std::move(text),
                                          c.rank == 0 ? kWhite : (faded ? kLabelFaded : kLabel), i,
                                          w, h});
      break;
    }
  }
  return f;
}

}  // namespace accord::explorer
