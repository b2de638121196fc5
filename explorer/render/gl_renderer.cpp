// GlRenderer: the explorer's own OpenGL drawing (instanced edges and node discs). See
// gl_renderer.hpp for the contract and shaders/ for the GLSL.
#include "gl_renderer.hpp"

#include <GL/gl.h>
#include <GL/glext.h>

#include <array>
#include <string>
#include <vector>

#include "shaders.hpp"

namespace accord::explorer {
namespace {

using graph::ErrorCode;

// Above this many edges in a frame, edges at most kThinEdgeWidth pixels wide are drawn as GL
// lines instead of anti-aliased quads.
constexpr GLsizei kLineEdgeThreshold = 4000;
constexpr float kThinEdgeWidth = 1.5f;
using graph::Fail;

// One line of a GL info log (drivers end them with newlines).
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

graph::Result<GLuint> CompileShader(GLenum kind, std::string_view name) {
  std::string_view source = ShaderSource(name);
  if (source.empty()) {
    return Fail(ErrorCode::kInvalid, "the shader " + std::string(name) + " is not embedded");
  }
  GLuint shader = glCreateShader(kind);
  const char* text = source.data();
  GLint length = static_cast<GLint>(source.size());
  glShaderSource(shader, 1, &text, &length);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    std::array<char, 2048> log{};
    glGetShaderInfoLog(shader, log.size(), nullptr, log.data());
    glDeleteShader(shader);
    return Fail(ErrorCode::kInvalid,
                "the shader " + std::string(name) + " does not compile: " + OneLine(log.data()));
  }
  return shader;
}

graph::Result<GLuint> LinkProgram(std::string_view vert, std::string_view frag) {
  auto vs = CompileShader(GL_VERTEX_SHADER, vert);
  if (!vs) return std::unexpected(vs.error());
  auto fs = CompileShader(GL_FRAGMENT_SHADER, frag);
  if (!fs) {
    glDeleteShader(*vs);
    return std::unexpected(fs.error());
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, *vs);
  glAttachShader(program, *fs);
  glLinkProgram(program);
  glDeleteShader(*vs);
  glDeleteShader(*fs);
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    std::array<char, 2048> log{};
    glGetProgramInfoLog(program, log.size(), nullptr, log.data());
    glDeleteProgram(program);
    return Fail(ErrorCode::kInvalid, "the shaders " + std::string(vert) + " + " +
                                         std::string(frag) +
                                         " do not link: " + OneLine(log.data()));
  }
  return program;
}

// Orphans the buffer and uploads `data` (the driver hands a fresh store; no stall on the
// previous frame still reading the old one).
template <class T>
void Upload(GLuint buffer, const std::vector<T>& data) {
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  GLsizeiptr bytes = static_cast<GLsizeiptr>(data.size() * sizeof(T));
  glBufferData(GL_ARRAY_BUFFER, bytes, nullptr, GL_STREAM_DRAW);
  if (bytes > 0) glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, data.data());
}

void FloatAttribute(GLuint location, GLuint buffer) {
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  glEnableVertexAttribArray(location);
  glVertexAttribPointer(location, 1, GL_FLOAT, GL_FALSE, sizeof(float), nullptr);
  glVertexAttribDivisor(location, 1);
}

// RGBA8 0xAABBGGRR (IM_COL32): in memory R, G, B, A on little-endian machines.
void ColorAttribute(GLuint location, GLuint buffer) {
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  glEnableVertexAttribArray(location);
  glVertexAttribPointer(location, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(uint32_t), nullptr);
  glVertexAttribDivisor(location, 1);
}

}  // namespace

struct GlRenderer::Gl {
  GLuint node_program = 0;
  GLuint edge_program = 0;
  GLuint node_vao = 0;
  GLuint edge_vao = 0;
  // node_x, node_y, node_radius, node_fill, node_outline
  std::array<GLuint, 5> node_buffers{};
  // edge_x0, edge_y0, edge_x1, edge_y1, edge_width, edge_color
  std::array<GLuint, 6> edge_buffers{};
  GLint node_viewport = -1, node_outline_px = -1;
  GLint edge_viewport = -1, edge_mode = -1, edge_arrows_on = -1, edge_thin_max = -1;
};

graph::Result<std::unique_ptr<GlRenderer>> GlRenderer::Create() {
  std::unique_ptr<GlRenderer> renderer(new GlRenderer());
  renderer->gl_ = std::make_unique<Gl>();
  Gl& gl = *renderer->gl_;
  auto node_program = LinkProgram("node.vert", "node.frag");
  if (!node_program) return std::unexpected(node_program.error());
  gl.node_program = *node_program;
  auto edge_program = LinkProgram("edge.vert", "edge.frag");
  if (!edge_program) return std::unexpected(edge_program.error());
  gl.edge_program = *edge_program;
  gl.node_viewport = glGetUniformLocation(gl.node_program, "u_viewport");
  gl.node_outline_px = glGetUniformLocation(gl.node_program, "u_outline_px");
  gl.edge_viewport = glGetUniformLocation(gl.edge_program, "u_viewport");
  gl.edge_mode = glGetUniformLocation(gl.edge_program, "u_mode");
  gl.edge_thin_max = glGetUniformLocation(gl.edge_program, "u_thin_max");
  gl.edge_arrows_on = glGetUniformLocation(gl.edge_program, "u_arrows_on");

  glGenBuffers(gl.node_buffers.size(), gl.node_buffers.data());
  glGenBuffers(gl.edge_buffers.size(), gl.edge_buffers.data());

  glGenVertexArrays(1, &gl.node_vao);
  glBindVertexArray(gl.node_vao);
  for (GLuint i = 0; i < 3; ++i) FloatAttribute(i, gl.node_buffers[i]);
  ColorAttribute(3, gl.node_buffers[3]);
  ColorAttribute(4, gl.node_buffers[4]);

  glGenVertexArrays(1, &gl.edge_vao);
  glBindVertexArray(gl.edge_vao);
  for (GLuint i = 0; i < 5; ++i) FloatAttribute(i, gl.edge_buffers[i]);
  ColorAttribute(5, gl.edge_buffers[5]);

  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return renderer;
}

GlRenderer::~GlRenderer() {
  if (!gl_) return;
  glDeleteVertexArrays(1, &gl_->node_vao);
  glDeleteVertexArrays(1, &gl_->edge_vao);
  glDeleteBuffers(gl_->node_buffers.size(), gl_->node_buffers.data());
  glDeleteBuffers(gl_->edge_buffers.size(), gl_->edge_buffers.data());
  glDeleteProgram(gl_->node_program);
  glDeleteProgram(gl_->edge_program);
}

void GlRenderer::Draw(const ViewFrame& frame, float width, float height, float pixel_scale) {
  Gl& gl = *gl_;
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);

  const GLsizei edges = static_cast<GLsizei>(frame.edge_x0.size());
  if (edges > 0) {
    Upload(gl.edge_buffers[0], frame.edge_x0);
    Upload(gl.edge_buffers[1], frame.edge_y0);
    Upload(gl.edge_buffers[2], frame.edge_x1);
    Upload(gl.edge_buffers[3], frame.edge_y1);
    Upload(gl.edge_buffers[4], frame.edge_width);
    Upload(gl.edge_buffers[5], frame.edge_color);
    glUseProgram(gl.edge_program);
    glUniform2f(gl.edge_viewport, width, height);
    glUniform1i(gl.edge_arrows_on, frame.arrows ? 1 : 0);
    glBindVertexArray(gl.edge_vao);
    // Dense frames: thin edges as 1-pixel lines (a quarter of the fragments of anti-aliased
    // quads, which matters on software rasterisers); sparse frames: every edge a smooth quad.
    const bool lines = edges > kLineEdgeThreshold;
    glUniform1f(gl.edge_thin_max, lines ? kThinEdgeWidth : -1.0f);
    glUniform1i(gl.edge_mode, 0);
    glDrawArraysInstanced(GL_TRIANGLES, 0, 6, edges);
    if (lines) {
      glUniform1i(gl.edge_mode, 2);
      glDrawArraysInstanced(GL_LINES, 0, 2, edges);
    }
    if (frame.arrows) {
      glUniform1i(gl.edge_mode, 1);
      glDrawArraysInstanced(GL_TRIANGLES, 0, 3, edges);
    }
  }

  const GLsizei nodes = static_cast<GLsizei>(frame.node_x.size());
  if (nodes > 0) {
    Upload(gl.node_buffers[0], frame.node_x);
    Upload(gl.node_buffers[1], frame.node_y);
    Upload(gl.node_buffers[2], frame.node_radius);
    Upload(gl.node_buffers[3], frame.node_fill);
    Upload(gl.node_buffers[4], frame.node_outline);
    glUseProgram(gl.node_program);
    glUniform2f(gl.node_viewport, width, height);
    glUniform1f(gl.node_outline_px, 1.5f);  // window pixels: fwidth() keeps it crisp on high DPI
    (void)pixel_scale;
    glBindVertexArray(gl.node_vao);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, nodes);
  }

  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glUseProgram(0);
}

}  // namespace accord::explorer
