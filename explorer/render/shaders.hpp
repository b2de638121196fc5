// The GLSL sources of shaders/, embedded at build time by embed_shaders.cmake into
// embedded_shaders.cpp (generated). Names are the file names without ".glsl": "node.vert".
#pragma once

#include <string_view>

namespace accord::explorer {

// The source text of the named shader, or an empty view when there is no such shader.
std::string_view ShaderSource(std::string_view name);

}  // namespace accord::explorer
