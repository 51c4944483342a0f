#pragma once
// A real, throwaway PostgreSQL server for tests: a cluster in a temp dir, postgres on 127.0.0.1
// with an ephemeral port, a fresh database per test. One server per test process
// (PostgresTestServer::shared()). ctest runs each test case in its own process, so the
// initdb'd cluster is cached as a template in the temp dir and copied: a server is up in ~0.2 s.
//
// PostgreSQL refuses to run as root; when the tests run as root (CI containers) the server runs
// as the `postgres` user (or `nobody`), which owns the temp dir. The postmaster gets
// PR_SET_PDEATHSIG, so a test binary killed by a ctest timeout does not leave a server behind.
//
// Binaries: $RENKEI_PG_BINDIR, else the newest /usr/lib/postgresql/<v>/bin (Debian's layout),
// else initdb on PATH. Missing binaries are a test failure with a clear message, never a skip:
// CI installs Debian's postgresql package (renkei.sh lists it).
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace renkei::testing {

class PostgresTestServer {
 public:
  PostgresTestServer() {
    namespace fs = std::filesystem;
    bin_dir_ = findBinDir();
    chooseRunUser();
    std::string pattern = (fs::temp_directory_path() / "renkei-pg-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    try {
      if (drop_privileges_ && chown(dir_.c_str(), run_uid_, run_gid_) != 0) {
        throw std::runtime_error("cannot hand " + dir_ + " to the PostgreSQL user");
      }
      prepareDataDir();
      start();
      execute("postgres", "CREATE DATABASE renkei STRATEGY FILE_COPY");
    } catch (...) {
      stop();
      throw;
    }
  }

  ~PostgresTestServer() { stop(); }
  PostgresTestServer(const PostgresTestServer&) = delete;
  PostgresTestServer& operator=(const PostgresTestServer&) = delete;

  // The one server of this test binary, started on first use.
  static PostgresTestServer& shared() {
    static PostgresTestServer server;
    return server;
  }

  int port() const { return port_; }
  std::string conninfo(const std::string& dbname = "renkei") const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=renkei dbname=" + dbname;
  }

  // A new empty database; returns its conninfo. Tests never see each other's rows.
  std::string createDatabase() {
    static std::atomic<int> counter{0};
    const std::string name = "t_" + std::to_string(++counter);
    // FILE_COPY: with fsync off its checkpoint is nearly free, and it is ~3x faster than the
    // default WAL_LOG for an empty template.
    execute("postgres", "CREATE DATABASE " + name + " STRATEGY FILE_COPY");
    return conninfo(name);
  }

  // Outage drills. stopFast() is `pg_ctl stop -m fast` (SIGINT to the postmaster: backends are
  // told to end, connections close); restart() starts the same cluster on the same port.
  // pause()/resume() SIGSTOP/SIGCONT the postmaster and all its processes: a hung server whose
  // kernel still accepts and acknowledges, which no TCP-level timeout notices.
  void stopFast() { stopServer(); }
  void restart() {
    for (int attempt = 0; attempt < 20; ++attempt) {
      if (launch(port_)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // port in TIME_WAIT use
    }
    throw std::runtime_error("PostgreSQL did not restart:\n" + logTail());
  }
  void pause() { signalServer(SIGSTOP); }
  void resume() { signalServer(SIGCONT); }

  // Runs SQL as the superuser, e.g. to tamper with a table behind the store's back.
  void execute(const std::string& dbname, const std::string& sql) const {
    PGconn* conn = PQconnectdb(conninfo(dbname).c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
      error = PQerrorMessage(conn);
    } else {
      PGresult* result = PQexec(conn, sql.c_str());
      const auto status = PQresultStatus(result);
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        error = PQresultErrorMessage(result);
      }
      PQclear(result);
    }
    PQfinish(conn);
    if (!error.empty()) throw std::runtime_error("test PostgreSQL: " + sql + ": " + error);
  }

 private:
  static std::string findBinDir() {
    namespace fs = std::filesystem;
    auto has_server = [](const fs::path& dir) {
      return fs::exists(dir / "initdb") && fs::exists(dir / "postgres");
    };
    if (const char* env = std::getenv("RENKEI_PG_BINDIR"); env != nullptr && *env != '\0') {
      if (has_server(env)) return env;
      throw std::runtime_error(std::string("RENKEI_PG_BINDIR=") + env +
                               " holds no initdb/postgres");
    }
    fs::path best;
    int best_version = -1;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
      const std::string name = entry.path().filename().string();
      const int version = std::atoi(name.c_str());
      if (version > best_version && has_server(entry.path() / "bin")) {
        best_version = version;
        best = entry.path() / "bin";
      }
    }
    if (best_version >= 0) return best.string();
    if (const char* path = std::getenv("PATH")) {
      std::stringstream dirs(path);
      for (std::string dir; std::getline(dirs, dir, ':');) {
        if (!dir.empty() && has_server(dir)) return dir;
      }
    }
    throw std::runtime_error(
        "PostgreSQL server binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin "
        "or on PATH: install Debian's postgresql package (./renkei.sh test does) or set "
        "RENKEI_PG_BINDIR");
  }

  void chooseRunUser() {
    if (geteuid() != 0) return;
    for (const char* name : {"postgres", "nobody"}) {
      if (const passwd* pw = getpwnam(name)) {
        drop_privileges_ = true;
        run_uid_ = pw->pw_uid;
        run_gid_ = pw->pw_gid;
        return;
      }
    }
    throw std::runtime_error(
        "running as root, and neither a postgres nor a nobody user exists to run PostgreSQL");
  }

  static int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      if (fd >= 0) close(fd);
      throw std::runtime_error("cannot find a free loopback port");
    }
    close(fd);
    return ntohs(addr.sin_port);
  }

  // fork + exec with output appended to the log; only async-signal-safe calls after fork,
  // because the test process may already have threads.
  pid_t spawn(const std::vector<std::string>& args, bool die_with_parent) const {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string log = dir_ + "/server.log";
    const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) throw std::runtime_error("cannot open " + log);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid == 0) {
      dup2(log_fd, STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
      if (chdir(dir_.c_str()) != 0) _exit(126);
      if (drop_privileges_ &&
          (setgroups(0, nullptr) != 0 || setgid(run_gid_) != 0 || setuid(run_uid_) != 0)) {
        _exit(126);
      }
      // Set after setuid: a credential change clears it. SIGQUIT is PostgreSQL's immediate
      // shutdown, which also ends its backends.
      if (die_with_parent) {
        prctl(PR_SET_PDEATHSIG, SIGQUIT);
        if (getppid() != parent) _exit(0);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(log_fd);
    if (pid < 0) throw std::runtime_error("fork failed");
    return pid;
  }

  std::string logTail() const {
    std::ifstream in(dir_ + "/server.log");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
  }

  // initdb takes ~0.8 s and ctest runs every test case in its own process, so the cluster is
  // made once into a template (per binaries and user) and copied (~0.1 s) for each server.
  void prepareDataDir() {
    namespace fs = std::filesystem;
    const std::string tmp = fs::temp_directory_path().string();
    const std::string key =
        std::to_string(std::hash<std::string>{}(bin_dir_)) + "-" + std::to_string(run_uid_);
    const std::string templ = tmp + "/renkei-pg-template-" + key;
    if (!fs::exists(templ + "/data/PG_VERSION")) {
      // Built beside the final name and renamed into place, so a concurrent test process never
      // copies a half-made template.
      std::string pattern = tmp + "/renkei-pg-template-new-XXXXXX";
      if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
      if (drop_privileges_ && chown(pattern.c_str(), run_uid_, run_gid_) != 0) {
        throw std::runtime_error("cannot hand " + pattern + " to the PostgreSQL user");
      }
      // trust on loopback only, C.UTF-8 so sorting does not depend on the host's locales, and
      // no sync: a test database need not survive power loss.
      run({bin_dir_ + "/initdb", "-D", pattern + "/data", "-U", "renkei", "-A", "trust", "-E",
           "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"},
          "initdb (" + bin_dir_ + ")");
      std::error_code ec;
      fs::rename(pattern, templ, ec);
      if (ec) fs::remove_all(pattern, ec);  // another process won the race: use its template
    }
    run({"/bin/cp", "-a", templ + "/data", dir_ + "/data"}, "copying the template cluster");
  }

  // Runs a program as the server user and waits for it.
  void run(const std::vector<std::string>& args, const std::string& what) const {
    const pid_t pid = spawn(args, /*die_with_parent=*/false);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      throw std::runtime_error(what + " failed:\n" + logTail());
    }
  }

  void start() {
    // The free port can be taken between our probe and the server's bind; try a few.
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (launch(freePort())) return;
    }
    throw std::runtime_error("PostgreSQL did not start:\n" + logTail());
  }

  bool launch(int port) {
    port_ = port;
    pid_ = spawn({bin_dir_ + "/postgres", "-D", dir_ + "/data", "-p", std::to_string(port_), "-c",
                  "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir_, "-c",
                  "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=200", "-c",
                  "shared_buffers=32MB", "-c", "log_min_messages=warning"},
                 /*die_with_parent=*/true);
    if (waitUntilReady()) return true;
    stopServer();
    return false;
  }

  // The postmaster and every process whose parent it is (backends, checkpointer, ...).
  void signalServer(int sig) const {
    if (pid_ <= 0) return;
    kill(pid_, sig);
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
      const std::string name = entry.path().filename().string();
      if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream in(entry.path() / "stat");
      std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const auto close_paren = stat.rfind(')');
      if (close_paren == std::string::npos) continue;
      std::istringstream fields(stat.substr(close_paren + 2));
      std::string state;
      int ppid = 0;
      fields >> state >> ppid;
      if (ppid == pid_) kill(std::stoi(name), sig);
    }
  }

  bool waitUntilReady() {
    const std::string ping = conninfo("postgres") + " connect_timeout=2";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (PQping(ping.c_str()) == PQPING_OK) return true;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;  // exited: most likely the port was taken
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  void stopServer() {
    if (pid_ <= 0) return;
    // SIGINT is PostgreSQL's "fast" shutdown, what pg_ctl stop -m fast sends; escalate to
    // immediate (SIGQUIT) and then SIGKILL if it does not go.
    const int signals[] = {SIGINT, SIGQUIT, SIGKILL};
    for (int sig : signals) {
      kill(pid_, sig);
      for (int i = 0; i < 200; ++i) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = -1;
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
    }
  }

  void stop() {
    stopServer();
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }

  std::string bin_dir_;
  std::string dir_;
  bool drop_privileges_ = false;
  uid_t run_uid_ = 0;
  gid_t run_gid_ = 0;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace renkei::testing
