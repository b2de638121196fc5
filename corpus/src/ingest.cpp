// Ingest: expands files and folders into the documents to read, then reads, parses and
// extracts them on worker threads (in file order, a bounded number of files and bytes ahead)
// while the calling thread writes them into the store, a group of whole documents per
// transaction. Unchanged files (same path and content hash as stored) never reach the
// extractor. A large document is extracted a window at a time (windowed.hpp): its progress
// moves as each window finishes, and a cancel stops it between windows. Progress is counted in
// bytes.
#include "accord/corpus/ingest.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "accord/corpus/document.hpp"
#include "accord/corpus/windowed.hpp"

namespace accord::corpus {
namespace fs = std::filesystem;

namespace {

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

fs::path Normal(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? p : abs).lexically_normal();
}

// Why an explicitly named file with an extension we do not read is refused.
std::string UnsupportedReason(const fs::path& p) {
  const std::string name = p.string();
  const std::string ext = Lower(p.extension().string());
  static constexpr const char* kReads =
      "Accord reads UTF-8 .txt, .md and .markdown files, .pdf, .html, .htm and .docx";
  if (ext == ".doc") return name + " is an old Word (.doc) file; save it as .docx";
  if (ext == ".odt" || ext == ".rtf") {
    return name + " is a word-processor file Accord does not read; save it as .docx";
  }
  if (ext == ".xhtml") return name + " is XHTML; save it as .html";
  if (ext.empty()) return name + " has no file extension; " + kReads;
  return name + " has an unsupported file type (" + ext + "); " + kReads;
}

bool Readable(const fs::path& p, bool directory) {
  return ::access(p.c_str(), directory ? (R_OK | X_OK) : R_OK) == 0;
}

struct Walker {
  std::vector<fs::path>* out;
  std::vector<SkippedFile>* skipped;
  std::vector<std::string> ancestors;  // canonical paths of the folders being walked
  std::unordered_set<std::string> visited;

  void Skip(const fs::path& p, std::string reason) {
    if (skipped) skipped->push_back({p.string(), std::move(reason)});
  }

  void AddFile(const fs::path& p) {
    if (!Readable(p, false)) {
      Skip(p, p.string() + " cannot be read (" + std::strerror(errno) + ")");
      return;
    }
    out->push_back(Normal(p));
  }

  void Walk(const fs::path& dir) {
    std::error_code ec;
    fs::path canon = fs::canonical(dir, ec);
    const std::string key = ec ? Normal(dir).string() : canon.string();
    if (std::find(ancestors.begin(), ancestors.end(), key) != ancestors.end()) {
      Skip(dir, dir.string() + " is a symbolic link loop (it leads back to " + key + ")");
      return;
    }
    if (!visited.insert(key).second) return;  // reached twice through links: walked once
    if (!Readable(dir, true)) {
      Skip(dir, dir.string() + " cannot be read (" + std::strerror(errno) + ")");
      return;
    }
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      Skip(dir, dir.string() + " cannot be read (" + ec.message() + ")");
      return;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    if (ec) Skip(dir, dir.string() + " could not be listed to the end (" + ec.message() + ")");
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path() < b.path(); });
    ancestors.push_back(key);
    for (const fs::directory_entry& e : entries) {
      const fs::path& p = e.path();
      const std::string name = p.filename().string();
      if (!name.empty() && name.front() == '.') continue;  // hidden files and folders
      std::error_code sec;
      fs::file_status st = fs::status(p, sec);
      if (sec) {
        // A broken link (or a vanished entry): only worth a word when it looks like a document.
        if (IsSupportedExtension(p)) Skip(p, p.string() + " is a broken symbolic link");
        continue;
      }
      if (fs::is_directory(st)) {
        Walk(p);
      } else if (fs::is_regular_file(st) && IsSupportedExtension(p)) {
        AddFile(p);
      }
    }
    ancestors.pop_back();
  }
};

// One file's result, produced by a worker and consumed in order by the store thread.
struct Item {
  // kLarge: a text file too large to read whole, checked and parsed (`head`, `file`); the store
  // thread extracts it a window at a time into the store (Store::IngestDocumentInParts).
  enum class Kind { kUnchanged, kDocument, kLarge, kSkipped, kCancelled } kind = Kind::kSkipped;
  graph::DocumentRec doc;
  LoadedDocument head;
  std::shared_ptr<TextFile> file;
  std::string reason;
  int64_t bytes = 0;
  double seconds = 0;  // spent preparing it
};

// `on_window(done, total)` hears the text bytes done after each window of a large document;
// false cancels it (the item comes back kCancelled).
Item PrepareItem(const fs::path& path, const Rules& rules,
                 const std::unordered_map<std::string, std::string>& known, size_t window_bytes,
                 const WindowProgressFn& on_window) {
  Item item;
  const std::string ext = Lower(path.extension().string());
  std::error_code size_ec;
  const auto file_size = fs::file_size(path, size_ec);
  if (!size_ec && file_size > window_bytes && (ext == ".txt" || ext == ".md" || ext == ".markdown")) {
    // Too large to hold: checked and hashed a chunk at a time, extracted later by the store
    // thread window by window.
    auto file = TextFile::Open(path);
    if (!file) {
      item.reason = file.error().message;
      return item;
    }
    item.bytes = static_cast<int64_t>(file->size());
    auto head = ParseLargeText(path.string(), *file);
    if (!head) {
      item.reason = head.error().message;
      return item;
    }
    if (auto it = known.find(path.string()); it != known.end() && it->second == head->content_hash) {
      item.kind = Item::Kind::kUnchanged;
      return item;
    }
    item.head = std::move(*head);
    item.file = std::make_shared<TextFile>(std::move(*file));
    item.kind = Item::Kind::kLarge;
    return item;
  }
  auto bytes = ReadFileBytes(path);
  if (!bytes) {
    item.reason = bytes.error().message;
    return item;
  }
  item.bytes = static_cast<int64_t>(bytes->size());
  const std::string key = path.string();
  if (auto it = known.find(key); it != known.end() && it->second == ContentHash(*bytes)) {
    item.kind = Item::Kind::kUnchanged;
    return item;
  }
  auto doc = ParseDocument(key, std::move(*bytes));
  if (!doc) {
    item.reason = doc.error().message;
    return item;
  }
  auto rec = ExtractWindowed(std::move(*doc), rules, window_bytes, on_window);
  if (!rec) {
    item.kind = Item::Kind::kCancelled;
    return item;
  }
  item.doc = std::move(*rec);
  item.kind = Item::Kind::kDocument;
  return item;
}

// Ordered parallel map over the files: workers claim indices, at most `window` files and
// `budget` bytes (of file size; a single larger file is always let through) ahead of the
// consumer; Take(i) blocks until item i is ready, meanwhile passing on the progress of item i's
// windows.
class Pipeline {
 public:
  Pipeline(const std::vector<fs::path>& files, const std::vector<int64_t>& sizes,
           const Rules& rules, const std::unordered_map<std::string, std::string>& known,
           int workers, size_t window, int64_t budget, size_t window_bytes)
      : files_(files),
        sizes_(sizes),
        rules_(rules),
        known_(known),
        window_(window),
        budget_(budget),
        window_bytes_(window_bytes),
        slots_(files.size()),
        partial_(files.size()) {
    for (int w = 0; w < workers; ++w) threads_.emplace_back([this] { Run(); });
  }
  ~Pipeline() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  // Item i, once ready. While it is being extracted window by window, `on_partial(fraction)`
  // hears each window's progress (0..1 of the file), every window in order, on the calling
  // thread; when it returns false the extraction is cancelled and Take returns nothing.
  std::optional<Item> Take(size_t i, const std::function<bool(double)>& on_partial) {
    std::unique_lock lock(mu_);
    for (;;) {
      ready_cv_.wait(lock, [&] { return slots_[i].has_value() || !partial_[i].empty(); });
      if (partial_[i].empty()) break;  // ready, and every window reported
      std::vector<double> fractions;
      fractions.swap(partial_[i]);
      lock.unlock();
      bool go_on = true;
      for (double f : fractions) go_on = go_on && on_partial(f);
      lock.lock();
      if (!go_on) {
        cancelled_ = true;  // the worker stops at its next window
        return std::nullopt;
      }
    }
    Item item = std::move(*slots_[i]);
    slots_[i].reset();
    consumed_ = i + 1;
    in_flight_ -= sizes_[i];
    lock.unlock();
    cv_.notify_all();
    return item;
  }

 private:
  void Run() {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] {
          return stop_ || cancelled_ || next_ >= files_.size() ||
                 (next_ < consumed_ + window_ &&
                  (in_flight_ == 0 || in_flight_ + sizes_[next_] <= budget_));
        });
        if (stop_ || cancelled_ || next_ >= files_.size()) return;
        i = next_++;
        in_flight_ += sizes_[i];
      }
      const auto t0 = std::chrono::steady_clock::now();
      auto on_window = [this, i](size_t done, size_t total) {
        {
          std::lock_guard lock(mu_);
          if (stop_ || cancelled_) return false;
          partial_[i].push_back(total == 0 ? 1.0
                                           : static_cast<double>(done) / static_cast<double>(total));
        }
        ready_cv_.notify_all();
        return true;
      };
      Item item;
      try {
        item = PrepareItem(files_[i], rules_, known_, window_bytes_, on_window);
      } catch (const std::exception& e) {  // never let an exception cross the thread boundary
        item = Item{};
        item.reason = files_[i].string() + " could not be processed (" + e.what() + ")";
      }
      item.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      {
        std::lock_guard lock(mu_);
        slots_[i] = std::move(item);
      }
      ready_cv_.notify_all();
    }
  }

  const std::vector<fs::path>& files_;
  const std::vector<int64_t>& sizes_;
  const Rules& rules_;
  const std::unordered_map<std::string, std::string>& known_;
  const size_t window_;
  const int64_t budget_;
  const size_t window_bytes_;
  std::vector<std::optional<Item>> slots_;
  std::vector<std::vector<double>> partial_;  // per file: windows done, not yet reported
  std::mutex mu_;
  std::condition_variable cv_, ready_cv_;
  size_t next_ = 0, consumed_ = 0;
  int64_t in_flight_ = 0;  // bytes (file sizes) claimed and not yet taken
  bool stop_ = false;
  bool cancelled_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

std::vector<fs::path> CollectDocuments(const std::vector<fs::path>& inputs,
                                       std::vector<SkippedFile>* skipped) {
  std::vector<fs::path> found;
  Walker walker{&found, skipped, {}, {}};
  for (const fs::path& input : inputs) {
    std::error_code ec;
    fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) {
      std::error_code lec;
      if (fs::is_symlink(fs::symlink_status(input, lec))) {
        walker.Skip(input, input.string() + " is a broken symbolic link");
      } else if (ec && ec != std::errc::no_such_file_or_directory) {
        walker.Skip(input, input.string() + " cannot be read (" + ec.message() + ")");
      } else {
        walker.Skip(input, input.string() + " does not exist");
      }
    } else if (fs::is_directory(st)) {
      walker.Walk(input);
    } else if (!fs::is_regular_file(st)) {
      walker.Skip(input, input.string() + " is not a regular file");
    } else if (!IsSupportedExtension(input)) {
      walker.Skip(input, UnsupportedReason(input));
    } else {
      walker.AddFile(input);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  // The same file reached under two names (links) is read once, under its first name.
  std::unordered_set<std::string> seen;
  std::vector<fs::path> unique;
  unique.reserve(found.size());
  for (fs::path& p : found) {
    std::error_code ec;
    fs::path canon = fs::canonical(p, ec);
    if (seen.insert(ec ? p.string() : canon.string()).second) unique.push_back(std::move(p));
  }
  return unique;
}

graph::Result<IngestReport> IngestPaths(graph::Store& store, const std::vector<fs::path>& inputs,
                                        const Rules& rules, const graph::ProgressFn& progress,
                                        const IngestOptions& options) {
  IngestReport report;
  std::vector<fs::path> files = CollectDocuments(inputs, &report.skipped);

  std::vector<int64_t> sizes(files.size(), 0);
  double total = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    auto size = fs::file_size(files[i], ec);
    sizes[i] = ec ? 0 : static_cast<int64_t>(size);
    total += static_cast<double>(sizes[i]);
  }

  // Stored hashes, so workers can tell unchanged files without touching the store.
  std::unordered_map<std::string, std::string> known;
  {
    auto docs = store.ListDocuments();
    if (!docs) return std::unexpected(docs.error());
    for (auto& d : *docs) known.emplace(std::move(d.path), std::move(d.content_hash));
  }

  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const int workers = files.size() < 2 ? 1 : static_cast<int>(std::clamp(hw, 1u, 4u));
  // Workers run ahead of the store by bytes: up to 16 MB of files (about four transaction
  // groups, so they keep extracting while the store commits one) and at most 4,096 files; a
  // single larger file is let through alone. A folder of big files holds a few of their records
  // at a time, not all of them.
  constexpr int64_t kAheadBytes = int64_t{16} << 20;
  constexpr size_t kAheadFiles = 4096;
  Pipeline pipeline(files, sizes, rules, known, workers, kAheadFiles, kAheadBytes,
                    options.window_bytes);

  // Group commit: extracted documents wait in `batch` and go into the store together, in one
  // transaction, once the batch holds kBatchBytes of text, kBatchDocs documents or has waited
  // kBatchSeconds (and at the end, and before a cancel is reported). Each document is still
  // all-or-nothing: a transaction holds whole documents only, so a crash or a kill loses at
  // most the documents of the open batch, never part of a document. (The age check runs as each
  // document arrives, so a batch waits for a slow next document.) The write lock is
  // held for one commit at a time, so readers and other writers wait at most that long.
  // ACCORD_INGEST_BATCH=N caps a transaction at N documents (1 = one transaction per
  // document, the most durable and the slowest).
  constexpr int64_t kBatchBytes = 4 << 20;
  const size_t kBatchDocs = [] {
    const char* env = std::getenv("ACCORD_INGEST_BATCH");
    const long n = env != nullptr ? std::strtol(env, nullptr, 10) : 0;
    return n >= 1 && n <= 100000 ? static_cast<size_t>(n) : size_t{512};
  }();
  constexpr double kBatchSeconds = 1.0;
  std::vector<graph::DocumentRec> batch;
  int64_t batch_bytes = 0;
  auto batch_started = std::chrono::steady_clock::now();
  auto count = [&](graph::IngestOutcome outcome) {
    if (outcome == graph::IngestOutcome::kAdded)
      ++report.added;
    else if (outcome == graph::IngestOutcome::kReplaced)
      ++report.replaced;
    else
      ++report.unchanged;
  };
  auto flush = [&]() -> graph::Result<void> {
    if (batch.empty()) return {};
    const auto t0 = std::chrono::steady_clock::now();
    auto outcomes = store.IngestDocuments(batch);
    if (!outcomes) {
      // Nothing of the batch was stored: store its documents one by one, so every document
      // before the one that fails is kept, and that one's error is the answer.
      for (const graph::DocumentRec& doc : batch) {
        auto one = store.IngestDocument(doc);
        if (!one) return std::unexpected(one.error());
        count(*one);
      }
    } else {
      for (graph::IngestOutcome o : *outcomes) count(o);
    }
    report.store_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    batch.clear();
    batch_bytes = 0;
    return {};
  };
  double done = 0;
  auto cancelled = [&](size_t i) -> graph::Result<IngestReport> {
    // The documents read so far are whole: keep them, as the message says.
    if (auto ok = flush(); !ok) return std::unexpected(ok.error());
    return graph::Fail(ErrorCode::kCancelled, "Ingest cancelled after " + std::to_string(i) +
                                                  " of " + std::to_string(files.size()) +
                                                  " documents");
  };
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string name = files[i].filename().string();
    if (!graph::Report(progress, done, total, name)) return cancelled(i);
    std::optional<Item> taken = pipeline.Take(i, [&](double fraction) {
      return graph::Report(progress, done + fraction * static_cast<double>(sizes[i]), total, name);
    });
    if (!taken || taken->kind == Item::Kind::kCancelled) return cancelled(i);
    Item& item = *taken;
    report.bytes += item.bytes;
    report.prepare_seconds += item.seconds;
    switch (item.kind) {
      case Item::Kind::kSkipped:
        report.skipped.push_back({files[i].string(), std::move(item.reason)});
        break;
      case Item::Kind::kUnchanged:
        ++report.unchanged;
        break;
      case Item::Kind::kCancelled:  // returned above
        break;
      case Item::Kind::kDocument: {
        if (batch.empty()) batch_started = std::chrono::steady_clock::now();
        batch_bytes += static_cast<int64_t>(item.doc.text.size());
        batch.push_back(std::move(item.doc));
        break;
      }
      case Item::Kind::kLarge: {
        // Its own transaction, after the batch before it; extracted here, a window at a time,
        // as the store takes it (progress after each window, a cancel between windows).
        if (auto ok = flush(); !ok) return std::unexpected(ok.error());
        const TextFile& file = *item.file;
        const double size = static_cast<double>(sizes[i]);
        bool stopped = false;
        std::string buffer;
        WindowedParts parts(
            item.head,
            [&](uint64_t at, size_t n) { return file.Read(at, n, buffer); }, file.size(), rules,
            options.window_bytes, [&](size_t at, size_t all) {
              const double fraction = all == 0 ? 1.0 : static_cast<double>(at) / static_cast<double>(all);
              stopped = !graph::Report(progress, done + fraction * size, total, name);
              return !stopped;
            });
        graph::DocumentRec head;
        head.path = item.head.path;
        head.title = item.head.title;
        head.metadata = item.head.metadata;
        head.content_hash = item.head.content_hash;
        const auto t0 = std::chrono::steady_clock::now();
        auto outcome = store.IngestDocumentInParts(head, file.size(), parts);
        report.store_seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!outcome) {
          if (stopped || outcome.error().code == ErrorCode::kCancelled) return cancelled(i);
          // The file itself failed (unreadable now, or changed while it was read): skipped with
          // its reason, as a file that cannot be read is; nothing of it was stored.
          if (outcome.error().code == ErrorCode::kIo) {
            report.skipped.push_back({files[i].string(), outcome.error().message});
            break;
          }
          return std::unexpected(outcome.error());
        }
        count(*outcome);
        break;
      }
    }
    done += static_cast<double>(sizes[i]);
    if (!batch.empty() &&
        (batch_bytes >= kBatchBytes || batch.size() >= kBatchDocs ||
         std::chrono::steady_clock::now() - batch_started >=
             std::chrono::duration<double>(kBatchSeconds))) {
      if (auto ok = flush(); !ok) return std::unexpected(ok.error());
    }
  }
  if (auto ok = flush(); !ok) return std::unexpected(ok.error());
  (void)graph::Report(progress, total, total, "done");  // everything is in: a late cancel is moot
  return report;
}

fs::path BundledCorpusDir() {
  return fs::path(ACCORD_CORPUS_DIR);
}

}  // namespace accord::corpus
