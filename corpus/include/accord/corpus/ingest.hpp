// Ingest: files and folders -> extractor -> store, whole documents grouped into transactions of
// at most ~4 MB / 512 documents / 1 s of work (a document is never split; a .txt or .md file
// larger than a window is read and goes into the store in parts, a window at a time, in a
// transaction of its own, so its size does not bound what can be ingested), with progress
// (bytes, moving inside a large document as each of its windows is extracted) and
// cancellation (between documents, and between the windows of a large one). Unchanged files are skipped before extraction; unreadable,
// unsupported or invalid files are skipped with a reason and the rest go on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "accord/corpus/rules.hpp"
#include "accord/corpus/windowed.hpp"
#include "accord/graph/result.hpp"
#include "accord/graph/store.hpp"

namespace accord::corpus {

struct SkippedFile {
  std::string path;
  std::string reason;  // one sentence
};

struct IngestReport {
  int64_t added = 0;
  int64_t replaced = 0;
  int64_t unchanged = 0;
  int64_t bytes = 0;              // bytes of the documents read
  std::vector<SkippedFile> skipped;
  // Where the time went (wall seconds): reading + parsing + extracting, summed over the worker
  // threads; and writing into the store (on the calling thread), including waits for workers
  // excluded.
  double prepare_seconds = 0;
  double store_seconds = 0;
};

struct IngestOptions {
  // Documents with more text than this are extracted a window of this size at a time
  // (windowed.hpp). Tests lower it to make small files windowed.
  size_t window_bytes = kWindowBytes;
};

// Expands files and folders (recursively; symlink loops and unreadable entries become skipped
// files) into the sorted list of supported documents. Paths that do not exist are skipped.
std::vector<std::filesystem::path> CollectDocuments(const std::vector<std::filesystem::path>& inputs,
                                                    std::vector<SkippedFile>* skipped);

// Ingests `inputs` into `store`. Progress counts bytes (file sizes) and is reported on the
// calling thread: before each document, and after each window of a windowed one. On cancel
// returns kCancelled; documents already committed stay, the document being extracted is
// dropped whole.
graph::Result<IngestReport> IngestPaths(graph::Store& store,
                                        const std::vector<std::filesystem::path>& inputs,
                                        const Rules& rules, const graph::ProgressFn& progress = {},
                                        const IngestOptions& options = {});

// The bundled default corpus folder (corpus/documents in the source tree).
std::filesystem::path BundledCorpusDir();

}  // namespace accord::corpus
