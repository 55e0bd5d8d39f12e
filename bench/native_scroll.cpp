// Native twin of bench/reading.mjs: frame-building CPU time while scrolling a long article,
// the real reader (App + views, headless, no renderer) against the naive baseline
// (ImGui::TextWrapped of every paragraph, every frame), on this machine's CPU with no browser,
// no SwiftShader and no JIT in the way. Prints what it measured, on what, and the ratio; and
// the reader once more with nothing copied from the frame before (App::set_part_replay).
//
//   native_scroll SITE_CONTENT_DIR ARTICLE_ID [frames=300]
// SITE_CONTENT_DIR holds site.json and articles/ (bench/reading.mjs makes one with a
// 20,000-word article); fonts come from Debian's fonts-noto-core.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app.h"
#include "platform/headless/headless_platform.h"

namespace {

std::vector<std::uint8_t> bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {s.begin(), s.end()};
}

struct Stats { double p50, p99, max; };
Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back()};
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: native_scroll SITE_CONTENT_DIR ARTICLE_ID [frames]\n");
    return 2;
  }
  const std::string dir = argv[1], id = argv[2];
  const int frames = argc > 3 ? std::atoi(argv[3]) : 300;
  const std::string noto = "/usr/share/fonts/truetype/noto/NotoSans-";
  const float width = 1000, height = 800, wheel = 40.f / 110.f;  // 40 px per frame, as in reading.mjs

  // The reader, twice: as shipped, and with nothing copied from the frame before (the header
  // and the section column built again at every frame, the article's head too).
  reader::platform::HeadlessPlatform platform;
  std::vector<double> reader_ms, rebuilt_ms;
  std::string body;
  for (const bool copy : {true, false}) {
    std::vector<double>& ms = copy ? reader_ms : rebuilt_ms;
    reader::app::App app(platform);
    app.set_part_replay(copy);
    app.add_file("site.json", bytes_of(dir + "/site.json"));
    for (const auto& e : std::filesystem::directory_iterator(dir + "/articles"))
      app.add_file("articles/" + e.path().filename().string(), bytes_of(e.path().string()));
    for (const char* face : {"Regular", "Bold", "Italic", "BoldItalic"})
      app.add_file(std::string("fonts/NotoSans-") + face + ".ttf", bytes_of(noto + face + ".ttf"));
    app.finish_loading({"en"});
    app.prepare_fonts(1.f);
    ImGuiIO& io = ImGui::GetIO();
    const auto frame = [&] { io.DisplaySize = ImVec2(width, height); io.DeltaTime = 1.f / 60.f; app.build_frame(); };
    frame();
    app.open_article(id);
    frame();
    frame();
    io.AddMousePosEvent(width * 0.6f, height * 0.6f);
    for (int i = 0; i < frames; ++i) {
      io.AddMouseWheelEvent(0, -wheel);
      const auto t0 = std::chrono::steady_clock::now();
      frame();
      ms.push_back(ms_since(t0));
    }
    if (copy) {  // the reader as shipped: where it scrolled to, and the article's text for the baseline
      const auto state = nlohmann::json::parse(app.state_json());
      std::printf("reader    scrolled to %.0f of %.0f px; body layout %.2f ms; parts copied %llu\n", state["scroll"]["y"].get<double>(),
                  state["scroll"]["max"].get<double>(), state["layoutMs"].get<double>(), state["partsReplayed"].get<unsigned long long>());
      const auto* a = app.library().find_article(id);
      if (!a) { std::fprintf(stderr, "no article '%s' in %s\n", id.c_str(), dir.c_str()); return 1; }
      body = a->translations.begin()->second.body_markdown;
    }
  }

  // The naive baseline: every paragraph through ImGui::TextWrapped every frame.
  std::vector<std::string> paragraphs;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find("\n\n", start);
    if (end == std::string::npos) end = body.size();
    if (end > start) paragraphs.push_back(body.substr(start, end - start));
    start = end + 2;
  }
  std::vector<double> naive_ms;
  {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    const std::vector<std::uint8_t> regular = bytes_of(noto + "Regular.ttf");
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    io.Fonts->AddFontFromMemoryTTF(const_cast<std::uint8_t*>(regular.data()), static_cast<int>(regular.size()), 18.f, &cfg,
                                   io.Fonts->GetGlyphRangesDefault());
    io.Fonts->Build();
    float scroll = 0;
    for (int i = -2; i < frames; ++i) {
      io.DisplaySize = ImVec2(width, height);
      io.DeltaTime = 1.f / 60.f;
      const auto t0 = std::chrono::steady_clock::now();
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(io.DisplaySize);
      ImGui::Begin("naive", nullptr, ImGuiWindowFlags_NoDecoration);
      ImGui::BeginChild("column", ImVec2(680, 0));
      if (i >= 0) ImGui::SetScrollY(scroll += 40.f);
      for (const std::string& p : paragraphs) ImGui::TextWrapped("%s", p.c_str());
      ImGui::EndChild();
      ImGui::End();
      ImGui::Render();
      if (i >= 0) naive_ms.push_back(ms_since(t0));
    }
    ImGui::DestroyContext();
  }

  const Stats r = stats(reader_ms), n = stats(naive_ms), rb = stats(rebuilt_ms);
  std::printf("input     %s/articles/%s.json: %zu bytes of markdown, %zu paragraphs; %d frames, 40 px per frame, %gx%g\n",
              dir.c_str(), id.c_str(), body.size(), paragraphs.size(), frames, static_cast<double>(width), static_cast<double>(height));
  std::printf("frame CPU, ms            p50     p99     max\n");
  std::printf("reader              %8.3f %7.3f %7.3f\n", r.p50, r.p99, r.max);
  std::printf("reader, no copying  %8.3f %7.3f %7.3f\n", rb.p50, rb.p99, rb.max);
  std::printf("naive TextWrapped   %8.3f %7.3f %7.3f\n", n.p50, n.p99, n.max);
  std::printf("ratio naive/reader  %7.1fx %6.1fx\n", n.p50 / r.p50, n.p99 / r.p99);
  return 0;
}
