#pragma once
// `renkei serve` as a real child process, for what only a separate process can show: kill -9
// under load. Its stderr goes to a file the test can print.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/integration/support/running_broker.h"
#include "tests/support/deadline_scale.h"

namespace renkei::testing {

class BrokerProcess {
 public:
  // `max_open_files` > 0: the process's descriptor limit (ulimit -n, soft and hard), for tests
  // of what the broker does when it runs out.
  explicit BrokerProcess(const BrokerSetup& setup, int max_open_files = 0)
      : max_open_files_(max_open_files) {
    char tmpl[] = "/tmp/renkei-proc-XXXXXX";
    dir_ = mkdtemp(tmpl);
    owns_dir_ = true;
    config_path_ = dir_ + "/renkei.xml";
    std::ofstream(config_path_) << brokerConfigText(setup, dir_);
    launch();
  }
  // A broker on a configuration (and store) the test prepared in `dir`, which it keeps.
  BrokerProcess(const std::string& dir, const std::string& config_path)
      : dir_(dir), config_path_(config_path) {
    launch();
  }
  ~BrokerProcess() {
    kill9();
    if (stdout_ >= 0) close(stdout_);
    std::error_code ignored;
    if (owns_dir_) std::filesystem::remove_all(dir_, ignored);
  }
  BrokerProcess(const BrokerProcess&) = delete;
  BrokerProcess& operator=(const BrokerProcess&) = delete;

  std::string url(const std::string& path = "/services/IdoJohoShokai") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }
  const std::string& configPath() const { return config_path_; }
  std::string stderrText() const { return readTextFile(dir_ + "/stderr.log"); }
  std::string dbPath() const { return dir_ + "/renkei.db"; }
  // "renkei: listening on http://127.0.0.1:PORT (N units, M links ..., store ...)".
  const std::string& startupLine() const { return startup_line_; }

  // A new process on the same directory, configuration and database, after kill9(); it
  // listens on a new HTTP port (fixed ports in the configuration, like a federation listener,
  // stay).
  void restart() {
    kill9();
    if (stdout_ >= 0) close(stdout_);
    stdout_ = -1;
    admin_port_ = 0;
    launch();
  }

  // SIGHUP (reload the configuration), SIGUSR1 (reopen the access log), ...
  void sendSignal(int signal) const {
    if (pid_ > 0) kill(pid_, signal);
  }

  // The admin listener, from the line `renkei serve` prints after the listening one; read on
  // first use (a configuration without <admin> prints none).
  std::string adminUrl(const std::string& path) {
    if (admin_port_ == 0) {
      admin_port_ = portAfter(readLine(stdout_), "admin listener on http://127.0.0.1:");
    }
    return "http://127.0.0.1:" + std::to_string(admin_port_) + path;
  }

  // No chance to flush or commit anything: what is acknowledged must already be durable.
  void kill9() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  void launch() {
    const std::string exe = std::string(RENKEI_BINARY_DIR) + "/broker/renkei";
    const std::string log = dir_ + "/stderr.log";
    // Made before fork: the child of a threaded process may only make system calls until it
    // execs (an allocation could wait forever for a lock another thread held at the fork).
    std::vector<std::string> args = {exe, "serve", "--config", config_path_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      // Appended to: a restarted broker's lines follow its predecessor's.
      const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(out[1], STDOUT_FILENO);
      if (err >= 0) dup2(err, STDERR_FILENO);
      close(out[0]);
      close(out[1]);
      if (max_open_files_ > 0) {
        const rlimit limit{static_cast<rlim_t>(max_open_files_),
                           static_cast<rlim_t>(max_open_files_)};
        setrlimit(RLIMIT_NOFILE, &limit);
      }
      execv(exe.c_str(), argv.data());
      _exit(127);
    }
    close(out[1]);
    port_ = readPort(out[0]);
    stdout_ = out[0];  // kept open so the broker's later lines never hit a closed pipe
  }

  // "renkei: listening on http://127.0.0.1:PORT (...)" within ten seconds.
  int readPort(int fd) {
    startup_line_ = readLine(fd);
    return portAfter(startup_line_, "listening on http://127.0.0.1:");
  }

  // The next line the broker prints, waiting at most ten seconds for it.
  std::string readLine(int fd) {
    std::string line;
    const auto deadline =
        std::chrono::steady_clock::now() + scaledDeadline(std::chrono::seconds(10));
    char c;
    while (std::chrono::steady_clock::now() < deadline && read(fd, &c, 1) == 1 && c != '\n') {
      line += c;
    }
    return line;
  }

  int portAfter(const std::string& line, const std::string& marker) const {
    const auto at = line.find(marker);
    if (at == std::string::npos) {
      throw std::runtime_error("renkei serve did not start: '" + line + "' " + stderrText());
    }
    return std::stoi(line.substr(at + marker.size()));
  }

  int max_open_files_ = 0;
  std::string dir_;
  bool owns_dir_ = false;
  std::string startup_line_;
  std::string config_path_;
  pid_t pid_ = -1;
  int stdout_ = -1;
  int port_ = 0;
  int admin_port_ = 0;
};

}  // namespace renkei::testing
