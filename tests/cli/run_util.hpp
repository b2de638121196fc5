// Running the `accord` binary from robustness tests without a shell: fork + execve with a clean
// environment, stdout/stderr into files, and the few things a plain posix_spawn cannot do —
// run as another user (root ignores file permissions), cap the size of files the child may
// write (RLIMIT_FSIZE: a full disk), start it in the background and SIGKILL it, and read its
// peak resident memory (wait4's rusage).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace accord::testing {

namespace fs = std::filesystem;

inline std::string ReadBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteBytes(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline int CountLines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

struct RunOptions {
  std::vector<std::string> env;           // extra NAME=VALUE entries
  std::optional<uid_t> uid;               // run as this user (and group = uid)
  std::optional<rlim_t> max_file_bytes;   // RLIMIT_FSIZE; SIGXFSZ is ignored so writes fail
  std::string stdin_path = "/dev/null";
};

struct RunResult {
  int exit_code = -1;  // -1: did not exit normally
  int signal = 0;      // the signal that ended it, if any
  std::string out, err;
  long max_rss_kb = 0;
};

// A started process; Wait() or Kill() it exactly once.
class Child {
 public:
  Child(const std::string& program, const std::vector<std::string>& args, const fs::path& scratch,
        const RunOptions& options = {}) {
    static int counter = 0;
    const int n = counter++;
    out_ = scratch / ("run" + std::to_string(n) + ".out");
    err_ = scratch / ("run" + std::to_string(n) + ".err");
    std::vector<std::string> env_strings = {"HOME=" + scratch.string(),
                                            "XDG_DATA_HOME=" + (scratch / "xdg").string(),
                                            "PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
    for (const char* keep : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "ACCORD_INGEST_BATCH"}) {
      if (const char* v = ::getenv(keep)) env_strings.push_back(std::string(keep) + "=" + v);
    }
    env_strings.insert(env_strings.end(), options.env.begin(), options.env.end());
    std::vector<std::string> argv_strings = {program};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv, envp;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    const std::string out = out_.string(), err = err_.string();
    pid_ = ::fork();
    if (pid_ != 0) return;
    // Child: async-signal-safe calls only.
    int in_fd = ::open(options.stdin_path.c_str(), O_RDONLY);
    int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(126);
    ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (options.max_file_bytes) {
      ::signal(SIGXFSZ, SIG_IGN);  // an ignored signal stays ignored across execve
      struct rlimit lim = {*options.max_file_bytes, *options.max_file_bytes};
      if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) ::_exit(126);
    }
    if (options.uid) {
      if (::setgid(*options.uid) != 0 || ::setuid(*options.uid) != 0) ::_exit(125);
    }
    ::execve(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }

  pid_t pid() const { return pid_; }

  // Waits for the exit and reaps the process.
  RunResult Wait() {
    int status = 0;
    struct rusage usage {};
    while (::wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    return Collect(status, usage);
  }

  // SIGKILL (if still running) and reap. `killed` tells whether the signal ended it.
  RunResult Kill(bool* killed) {
    int status = 0;
    struct rusage usage {};
    ::kill(pid_, SIGKILL);
    while (::wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    *killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    return Collect(status, usage);
  }

 private:
  RunResult Collect(int status, const struct rusage& usage) {
    RunResult r;
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    r.max_rss_kb = usage.ru_maxrss;
    r.out = ReadBytes(out_);
    r.err = ReadBytes(err_);
    std::error_code ec;
    fs::remove(out_, ec);
    fs::remove(err_, ec);
    return r;
  }

  pid_t pid_ = -1;
  fs::path out_, err_;
};

// Runs `accord args...` to the end.
inline RunResult RunAccord(const std::vector<std::string>& args, const fs::path& scratch,
                           const RunOptions& options = {}) {
  return Child(ACCORD_CLI, args, scratch, options).Wait();
}

// A scratch folder removed (with everything in it) at the end of the scope.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag = "robust") {
    std::string templ = (fs::temp_directory_path() / ("accord-" + tag + "-XXXXXX")).string();
    if (::mkdtemp(templ.data()) == nullptr) std::abort();
    path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  fs::path path_;
};

}  // namespace accord::testing
