#pragma once
// Debian's headless Chromium loading one URL (file:// or http://) and printing the DOM it built.
// Used by the web view test and the conformance report test.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/deadline_scale.h"

namespace renkei::testing {

struct ChromiumDom {
  bool ok = false;
  std::string dom;
  std::string error;
};

inline constexpr const char* kChromiumPath = "/usr/bin/chromium";

// chromium --headless --dump-dom <url>, in its own process group with a fresh profile, killed
// (group and all) after 30 s so a hung browser fails the test instead of stalling ctest.
inline ChromiumDom chromiumDumpDomOnce(const std::string& url) {
  ChromiumDom result;
  if (access(kChromiumPath, X_OK) != 0) {
    result.error = std::string(kChromiumPath) +
                   " is missing: install the Debian package 'chromium' (./renkei.sh deps does)";
    return result;
  }
  char profile_template[] = "/tmp/renkei-chromium-XXXXXX";
  const std::string profile = mkdtemp(profile_template);
  int out[2];
  if (pipe(out) != 0) {
    result.error = "pipe failed";
    return result;
  }
  // Made before fork: the child of a threaded process may only make system calls until it
  // execs (an allocation could wait forever for a lock another thread held at the fork).
  std::vector<std::string> args = {kChromiumPath,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--user-data-dir=" + profile,
                                   "--dump-dom",
                                   url};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(out[1], STDOUT_FILENO);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    execv(kChromiumPath, argv.data());
    _exit(127);
  }
  close(out[1]);
  setpgid(pid, pid);  // also from the parent, so the kill below cannot miss the group
  const auto deadline = std::chrono::steady_clock::now() + scaledDeadline(std::chrono::seconds(30));
  bool exited = false;
  int status = 0;
  char buffer[65536];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{out[0], POLLIN, 0};
    if (poll(&fd, 1, 100) > 0) {
      const ssize_t n = read(out[0], buffer, sizeof buffer);
      if (n > 0) {
        result.dom.append(buffer, static_cast<size_t>(n));
        continue;
      }
    }
    // Helper processes may keep the pipe open after the browser is done: the main process
    // exiting is what counts.
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      while (poll(&fd, 1, 50) > 0) {
        const ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;
        result.dom.append(buffer, static_cast<size_t>(n));
      }
      break;
    }
  }
  kill(-pid, SIGKILL);
  if (!exited) waitpid(pid, &status, 0);
  close(out[0]);
  std::error_code ignored;
  std::filesystem::remove_all(profile, ignored);
  if (!exited) {
    result.error = "chromium did not finish loading " + url + " within 30 s";
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    result.error = "chromium failed on " + url + " (status " + std::to_string(status) + ")";
  } else {
    result.ok = true;
  }
  return result;
}

// As chromiumDumpDomOnce, with a second browser when the first never finished. In one CI run
// under ASan (of many), one load of a page the listener answers in milliseconds hung for the
// whole 90 s; whatever wedged that browser, the tests are about the page, so a hang must
// happen twice in a row to fail them. A browser that exits with an error is not retried.
inline ChromiumDom chromiumDumpDom(const std::string& url) {
  ChromiumDom first = chromiumDumpDomOnce(url);
  if (first.ok || first.error.find("did not finish") == std::string::npos) return first;
  std::fprintf(stderr, "headless chromium: %s; loading it once more\n", first.error.c_str());
  ChromiumDom second = chromiumDumpDomOnce(url);
  if (!second.ok) second.error = "twice: " + second.error;
  return second;
}

}  // namespace renkei::testing
