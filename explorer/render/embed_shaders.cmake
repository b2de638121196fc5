# Turns every shaders/*.glsl into one C++ source holding each as a raw string literal, looked up
# by file name: accord::explorer::ShaderSource("node.vert") (empty when there is no such shader).
# Usage: cmake -DOUT=embedded_shaders.cpp -DSHADER_DIR=shaders -P embed_shaders.cmake
file(GLOB ACCORD_GLSL_FILES ${SHADER_DIR}/*.glsl)
list(SORT ACCORD_GLSL_FILES)
set(ACCORD_TABLE "")
foreach(file IN LISTS ACCORD_GLSL_FILES)
  get_filename_component(name ${file} NAME)
  string(REGEX REPLACE "\\.glsl$" "" key ${name})   # node.vert.glsl -> node.vert
  file(READ ${file} text)
  string(APPEND ACCORD_TABLE
    "    {\"${key}\", R\"accord_glsl(${text})accord_glsl\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from shaders/*.glsl by explorer/render/embed_shaders.cmake: do not edit.\n"
  "#include <string_view>\n"
  "#include <utility>\n"
  "namespace accord::explorer {\n"
  "std::string_view ShaderSource(std::string_view name) {\n"
  "  static constexpr std::pair<std::string_view, std::string_view> kShaders[] = {\n"
  "${ACCORD_TABLE}"
  "  };\n"
  "  for (const auto& [key, text] : kShaders) {\n"
  "    if (key == name) return text;\n"
  "  }\n"
  "  return {};\n"
  "}\n"
  "}  // namespace accord::explorer\n")
# Only touch the output when it changed (no needless relinks).
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
