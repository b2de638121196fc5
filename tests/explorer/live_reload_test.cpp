// The explorer reading while another process writes: `accord ingest` runs as a separate
// process on the database an App has open. While it writes, the App's own reads (search,
// stats, the graph reloads) never fail and no "locked" message reaches the user; the App picks
// up the new documents by itself (Update() polls the store's data version) and ends with the
// same graph a freshly opened App shows. Its own ingest does not make it reload twice.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "../cli/generated_corpus.hpp"
#include "accord/explorer/app.hpp"
#include "core_test_util.hpp"

extern char** environ;

namespace accord::explorer {
namespace {

using testing::TempDir;

std::unique_ptr<App> OpenQuiet(const std::filesystem::path& db) {
  AppOptions options;
  options.db = db;
  options.start_layout = false;
  options.ingest_bundled_when_empty = false;
  auto app = App::Open(options);
  EXPECT_TRUE(app.has_value()) << app.error().message;
  return app ? std::move(*app) : nullptr;
}

pid_t SpawnIngest(const std::filesystem::path& db, const std::filesystem::path& corpus,
                  const std::filesystem::path& log) {
  std::vector<std::string> args = {ACCORD_CLI, "ingest", "--db", db.string(), corpus.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, ACCORD_CLI, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

bool Mentions(const std::string& s, const char* what) {
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(what) != std::string::npos;
}

TEST(LiveReload, ShowsWhatAnotherProcessIngestsWithoutLockErrors) {
  TempDir dir;
  const auto db = dir / "shared.db";
  const auto corpus = dir / "corpus";
  accord::testing::GenerateCorpus(corpus, 150, 99);
  auto app = OpenQuiet(db);
  ASSERT_TRUE(app);
  {
    auto first = app->StartIngest({std::filesystem::path(ACCORD_TEST_DATA) / "mini"});
    app->WaitIdle();
    ASSERT_FALSE(first->failed) << first->message;
  }
  const uint32_t nodes_before = app->snapshot().NodeCount();
  const uint64_t generation_before = app->generation();

  const pid_t writer = SpawnIngest(db, corpus, dir / "ingest.log");
  ASSERT_GT(writer, 0);
  int status = 0, reads = 0;
  uint64_t reloads_during = 0, last_generation = generation_before;
  for (;;) {
    app->Update();
    auto hits = app->Search("National AI Plan");
    ASSERT_TRUE(hits.has_value()) << hits.error().message;
    auto stats = app->store().GetStats();
    ASSERT_TRUE(stats.has_value()) << stats.error().message;
    ++reads;
    EXPECT_FALSE(Mentions(app->last_message(), "locked")) << app->last_message();
    for (const auto& t : app->tasks()) {
      if (t->finished) {
        EXPECT_FALSE(t->failed) << t->label << ": " << t->message;
      }
    }
    if (app->generation() != last_generation) {
      ++reloads_during;
      last_generation = app->generation();
    }
    if (::waitpid(writer, &status, WNOHANG) == writer) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the writer failed";

  // The App catches up by itself: no restart, no explicit reload.
  auto fresh = OpenQuiet(db);
  ASSERT_TRUE(fresh);
  const uint32_t want_nodes = fresh->snapshot().NodeCount();
  const uint32_t want_links = fresh->snapshot().LinkCount();
  ASSERT_GT(want_nodes, nodes_before);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((app->snapshot().NodeCount() != want_nodes || app->busy()) &&
         std::chrono::steady_clock::now() < deadline) {
    app->Update();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(app->snapshot().NodeCount(), want_nodes);
  EXPECT_EQ(app->snapshot().LinkCount(), want_links);
  EXPECT_GT(app->generation(), generation_before);
  EXPECT_FALSE(Mentions(app->last_message(), "locked")) << app->last_message();
  for (const auto& t : app->tasks()) EXPECT_FALSE(t->failed) << t->label << ": " << t->message;
  std::printf("[ live ] %d reads on the UI connection and %llu reloads while the writer ran\n",
              reads, static_cast<unsigned long long>(reloads_during));
}

TEST(LiveReload, NoReloadWithoutOtherWritersAndOneForItsOwnIngest) {
  TempDir dir;
  const auto db = dir / "own.db";
  auto app = OpenQuiet(db);
  ASSERT_TRUE(app);
  const uint64_t g0 = app->generation();
  auto poll_for = [&](std::chrono::milliseconds how_long) {
    const auto end = std::chrono::steady_clock::now() + how_long;
    while (std::chrono::steady_clock::now() < end) {
      app->Update();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    app->WaitIdle();
  };
  poll_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(app->generation(), g0) << "reloaded with nothing changed";
  auto task = app->StartIngest({std::filesystem::path(ACCORD_TEST_DATA) / "mini"});
  app->WaitIdle();
  ASSERT_FALSE(task->failed) << task->message;
  const uint64_t g1 = app->generation();
  EXPECT_EQ(g1, g0 + 1);
  app->SaveLayout();  // its own writes are not another process's
  poll_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(app->generation(), g1) << "its own ingest made it reload again";
  // Another connection's write is seen.
  {
    auto other = graph::Store::Open(db);
    ASSERT_TRUE(other.has_value());
    ASSERT_TRUE(other->RemoveDocument(app->store().ListDocuments()->front().path).has_value());
  }
  poll_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(app->generation(), g1 + 1);
}

}  // namespace
}  // namespace accord::explorer
