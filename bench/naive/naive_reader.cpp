// The reading benchmark's naive baseline (see bench/reading.mjs and bench/README.md).
//
// The article body (markdown source, passed in by naive.js) is split into paragraphs at blank
// lines, and every frame draws every paragraph with plain ImGui::TextWrapped in a scrolling child
// window whose text column is 680 CSS px wide: ImGui wraps (lays out) the whole text each frame,
// nothing is cached. Same platform layer (WebPlatform), same font (Noto Sans Regular subset at
// 18 px x devicePixelRatio, FontGlobalScale = 1/ratio), same frame policy (a frame only when
// input arrived) and the same frame CPU measurement as the reader (steady_clock around
// ImGui::NewFrame .. ImGui::Render, see App::build_frame).
#include <emscripten/emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "platform/web/web_platform.h"

namespace {

constexpr float kColumn = 680.f;    // CSS px of text per line, the reader's reading width
constexpr float kFontSize = 18.f;   // the reader's body size (CSS px)

reader::platform::WebPlatform g_platform;
std::vector<std::uint8_t> g_font;
std::string g_body;
std::vector<std::string> g_paragraphs;
ImVector<ImWchar> g_ranges;  // ImGui keeps a pointer to the ranges: they live as long as the atlas
float g_ratio = 0;           // ratio the atlas was built for
bool g_started = false;
bool g_font_ok = false;

std::array<double, 600> g_frame_ms{};
std::size_t g_frame_count = 0;
long g_frames = 0;
bool g_frame_marks = false;  // the reader's ?frame-marks: console.timeStamp at frame start, built, drawn
float g_scroll_y = 0, g_scroll_max = 0;
std::string g_state;

// Paragraphs: runs of non-blank lines, separated by blank lines (lines joined with '\n').
void split_paragraphs() {
  g_paragraphs.clear();
  std::string cur;
  std::size_t pos = 0;
  while (pos <= g_body.size()) {
    std::size_t end = g_body.find('\n', pos);
    if (end == std::string::npos) end = g_body.size();
    std::string_view line(g_body.data() + pos, end - pos);
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (blank) {
      if (!cur.empty()) g_paragraphs.push_back(std::move(cur));
      cur.clear();
    } else {
      if (!cur.empty()) cur += '\n';
      cur.append(line);
    }
    pos = end + 1;
  }
  if (!cur.empty()) g_paragraphs.push_back(std::move(cur));
}

void build_font(float ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
  builder.AddText(g_body.data(), g_body.data() + g_body.size());
  g_ranges.clear();
  builder.BuildRanges(&g_ranges);
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = 1;  // as the reader: rasterised at device resolution
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  g_font_ok = !g_font.empty() &&
              io.Fonts->AddFontFromMemoryTTF(g_font.data(), static_cast<int>(g_font.size()), kFontSize * ratio, &cfg, g_ranges.Data);
  if (!g_font_ok) {
    io.Fonts->AddFontDefault();
    io.FontGlobalScale = 1.f;
  } else {
    io.FontGlobalScale = 1.f / ratio;
  }
  io.Fonts->Build();
}

void draw() {
  const ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("##naive", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus);
  // A child whose content region is exactly the column: padding and scroll bar added around it.
  const float child_w = kColumn + 2 * style.WindowPadding.x + style.ScrollbarSize;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (avail > child_w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - child_w) * 0.5f);
  ImGui::BeginChild("##column", ImVec2(child_w, 0.f), ImGuiChildFlags_None, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  for (const std::string& p : g_paragraphs) {
    ImGui::TextWrapped("%s", p.c_str());
    ImGui::Spacing();
  }
  g_scroll_y = ImGui::GetScrollY();
  g_scroll_max = ImGui::GetScrollMaxY();
  ImGui::EndChild();
  ImGui::End();
}

void frame() {
  if (!g_started) return;
  bool requested = g_platform.take_frame_request();
  if (g_platform.pixel_ratio() != g_ratio) {
    g_ratio = g_platform.pixel_ratio();
    build_font(g_ratio);
    g_platform.fonts_changed();
    requested = true;
  }
  if (!requested) return;
  if (g_frame_marks) EM_ASM(console.timeStamp('frame-start'));
  g_platform.new_frame(emscripten_get_now() / 1000.0);
  const auto start = std::chrono::steady_clock::now();
  ImGui::NewFrame();
  draw();
  ImGui::Render();
  g_frame_ms[g_frame_count++ % g_frame_ms.size()] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ++g_frames;
  if (g_frame_marks) EM_ASM(console.timeStamp('frame-built'));
  g_platform.render();
  if (g_frame_marks) EM_ASM(console.timeStamp('frame-drawn'));
}

}  // namespace

extern "C" {

// Takes ownership of `data` (malloc'ed by naive.js).
EMSCRIPTEN_KEEPALIVE void naive_set_font(std::uint8_t* data, int size) {
  g_font.assign(data, data + (size > 0 ? size : 0));
  std::free(data);
}

EMSCRIPTEN_KEEPALIVE void naive_set_body(const char* body) {
  g_body = body ? body : "";
  split_paragraphs();
}

EMSCRIPTEN_KEEPALIVE void naive_start() {
  g_started = true;
  g_ratio = 0;  // atlas built before the first frame
  g_platform.request_frames(3);
}

EMSCRIPTEN_KEEPALIVE void naive_frame_marks(int on) { g_frame_marks = on != 0; }

// Frames drawn, as naive_state_json's "frames", cheap enough to poll every animation frame.
EMSCRIPTEN_KEEPALIVE double naive_frames() { return static_cast<double>(g_frames); }

// {ready, frames, paragraphs, fontOk, scroll: {y, max}, frameCpu: {samples, recent: [ms, oldest first]}}
EMSCRIPTEN_KEEPALIVE const char* naive_state_json() {
  const std::size_t n = std::min(g_frame_count, g_frame_ms.size());
  std::string recent;
  char buf[64];
  for (std::size_t i = g_frame_count - n; i < g_frame_count; ++i) {
    std::snprintf(buf, sizeof buf, "%s%.6f", recent.empty() ? "" : ",", g_frame_ms[i % g_frame_ms.size()]);
    recent += buf;
  }
  char head[256];
  std::snprintf(head, sizeof head,
                "{\"ready\":%s,\"frames\":%ld,\"paragraphs\":%zu,\"fontOk\":%s,\"scroll\":{\"y\":%.2f,\"max\":%.2f},\"frameCpu\":{\"samples\":%zu,\"recent\":[",
                g_started && g_frames > 0 ? "true" : "false", g_frames, g_paragraphs.size(), g_font_ok ? "true" : "false",
                static_cast<double>(g_scroll_y), static_cast<double>(g_scroll_max), n);
  g_state = head + recent + "]}}";
  return g_state.c_str();
}

}  // extern "C"

int main() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  ImGui::StyleColorsLight();
  if (!g_platform.init("#canvas")) return 1;
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
