// Errors as values: Result<T> = std::expected<T, Error>. Every expected failure (bad file, bad
// query, locked or too-new database, cancellation) travels as an Error carrying a code and one
// human sentence that names the file and, where it applies, the line.
#pragma once

#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace accord::graph {

enum class ErrorCode {
  kIo,            // a file could not be read or written
  kParse,         // malformed input (JSON, front matter, query syntax)
  kUnsupported,   // a file type or encoding we refuse
  kInvalid,       // well-formed input that breaks a rule (unknown type, missing node)
  kNotFound,      // an entity, document or path that does not exist
  kDatabase,      // SQLite reported an error
  kLocked,        // the database stayed busy past the timeout
  kSchemaTooNew,  // the database was written by a newer Accord
  kReadOnly,      // a write was asked of a read-only database
  kCancelled,     // the progress hook asked to stop
};

struct Error {
  ErrorCode code;
  std::string message;  // one sentence, no trailing newline
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

// Progress and cancellation hook shared by every long operation (igraph style): called with
// the work done so far and the total (same unit, e.g. bytes or items) and a short label.
// Returning false asks the operation to stop; it then returns ErrorCode::kCancelled and leaves
// everything already committed intact. An empty function means "no progress, never cancel".
using ProgressFn = std::function<bool(double done, double total, std::string_view label)>;

inline bool Report(const ProgressFn& fn, double done, double total, std::string_view label) {
  return !fn || fn(done, total, label);
}

}  // namespace accord::graph
