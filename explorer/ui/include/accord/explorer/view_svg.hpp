// The current view as SVG: what GraphView::BuildFrame decided to draw (edges, arrow heads when
// the frame has them, node discs with their fill and outline, the placed labels), in screen
// pixels on the explorer's background, so the file looks like the window's graph without the
// panels. Deterministic: the same frame gives the same bytes.
#pragma once

#include <string>

#include "accord/explorer/graph_view.hpp"

namespace accord::explorer {

// The explorer's canvas colour (the renderer's clear colour), RGB.
inline constexpr uint32_t kCanvasRgb = 0x0e1014;

// An <svg> document (with XML prolog) of `frame`, `width` x `height` pixels, labels at
// `font_px`.
std::string ViewFrameToSvg(const ViewFrame& frame, float width, float height, float font_px);

}  // namespace accord::explorer
