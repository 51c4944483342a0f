#include "broker/reports/graphviz_svg.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <tuple>
#include <vector>

extern char** environ;

namespace renkei::reports {

namespace {

class Fd {
 public:
  Fd() = default;
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int* out() { return &fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read;
  Fd write;
  void open() {
    int fds[2];
    // O_CLOEXEC: only the ends dup2'ed onto the child's 0/1/2 may survive into it.
    if (pipe2(fds, O_CLOEXEC) != 0) throw GraphvizError(std::string("pipe: ") + strerror(errno));
    *read.out() = fds[0];
    *write.out() = fds[1];
  }
};

// A writer hitting a `dot` that already exited would get SIGPIPE, which kills the process by
// default. Blocking it in this thread only (and swallowing a pending one afterwards) leaves the
// rest of the broker's signal handling alone.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &previous_);
  }
  ~SigpipeBlock() {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_only, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  const sigset_t& previous() const { return previous_; }

 private:
  sigset_t previous_;
};

pid_t spawn(const std::string& program, Pipe& in, Pipe& out, Pipe& err, const sigset_t& mask) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write.get(), STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // The child starts with the caller's own mask, not our temporary SIGPIPE block.
  posix_spawnattr_setsigmask(&attr, &mask);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> argv = {const_cast<char*>(program.c_str()), const_cast<char*>("-Tsvg"),
                             nullptr};
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, program.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) {
    throw GraphvizError("Graphviz is not installed: '" + program +
                        "' was not found on PATH (Debian package graphviz; ./renkei.sh deps "
                        "installs it). The DOT form works without it: --format dot");
  }
  if (rc != 0) throw GraphvizError("cannot run " + program + ": " + strerror(rc));
  return pid;
}

}  // namespace

std::string renderSvg(const std::string& dot_text, const std::string& dot_program,
                      std::chrono::milliseconds timeout) {
  SigpipeBlock sigpipe;
  Pipe in, out, err;
  in.open();
  out.open();
  err.open();
  const pid_t pid = spawn(dot_program, in, out, err, sigpipe.previous());
  in.read.reset();
  out.write.reset();
  err.write.reset();
  fcntl(in.write.get(), F_SETFL, O_NONBLOCK);

  // Write DOT and read SVG at once: `dot` may fill its output pipe before it has read all input.
  std::string svg, errors;
  std::size_t written = 0;
  if (dot_text.empty()) in.write.reset();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  while (out.read.get() >= 0 || err.read.get() >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[3] = {
        {in.write.get(), POLLOUT, 0}, {out.read.get(), POLLIN, 0}, {err.read.get(), POLLIN, 0}};
    if (poll(fds, 3, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    if (fds[0].revents != 0) {
      const ssize_t n =
          ::write(in.write.get(), dot_text.data() + written, dot_text.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      // EPIPE: dot gave up early; its stderr will say why.
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == dot_text.size()) {
        in.write.reset();
      }
    }
    for (auto [index, fd, sink] :
         {std::tuple{1, &out.read, &svg}, std::tuple{2, &err.read, &errors}}) {
      if (fds[index].revents == 0) continue;
      char buffer[16384];
      const ssize_t n = ::read(fd->get(), buffer, sizeof buffer);
      if (n > 0) {
        sink->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        fd->reset();
      }
    }
  }
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    throw GraphvizError(dot_program + " did not finish within " + std::to_string(timeout.count()) +
                        " ms");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw GraphvizError(dot_program + " -Tsvg failed" +
                        (errors.empty() ? std::string() : ": " + errors));
  }
  return svg;
}

}  // namespace renkei::reports
