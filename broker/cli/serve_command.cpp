// renkei serve: run the broker until SIGINT or SIGTERM, then stop cleanly (requests in hand
// finish, queued audit records are committed). SIGHUP reloads the configuration file
// (BrokerRuntime::reload); SIGUSR1 reopens the access log (log rotation).
#include <malloc.h>

#include <csignal>
#include <iostream>

#include "broker/cli/commands.h"
#include "broker/cli/memory_allocator.h"
#include "broker/config/host_scope.h"
#include "broker/core/line_atomic_log.h"
#include "broker/server/broker_runtime.h"
#include "broker/store/store_factory.h"
#include "broker/xml/schema_set.h"

namespace renkei::cli {

int runServe(const CliArgs& args) {
  // Worker, audit writer, registry poller and federation threads all log: whole lines only.
  useLineAtomicStandardError();
  auto config = loadConfigFor(args);
  if (!config) return 2;
  // For glibc's malloc (sanitizer builds; the release binary runs on jemalloc, which gives pages
  // back from its background thread): message and answer buffers of 256 KiB and more are mapped
  // and unmapped on their own, so a burst of 8 MB answers leaves no memory behind. A fixed
  // threshold also stops glibc from raising it after the first large free, which is what kept
  // such buffers in the heap for good. Under jemalloc this sets an allocator nobody uses.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // Block the signals in every thread; this thread waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    const std::string store = describeStore(*config);
    const std::string host = config->listen_host;
    const std::string admin_host = config->admin_host;
    const std::string scheme = config->listen_tls.enabled ? "https" : "http";
    const std::string admin_scheme = config->admin_tls.enabled ? "https" : "http";
    const bool admin_certificates =
        config->admin_tls.enabled &&
        config->admin_tls.client_certificates == ClientCertificateMode::kRequired;
    BrokerRuntime runtime(std::move(*config));
    runtime.start();
    // The store's registry, not the configuration's: after the first seed the store owns the
    // links (CLI, imports, the admin service), and the configuration may list none of them.
    const RegistrySnapshot registry = runtime.registry().snapshot();
    size_t active = 0;
    for (const Link& link : registry.links) active += link.status == LinkStatus::kActive;
    std::cout << "renkei: listening on " << scheme << "://" << host << ":" << runtime.port() << " ("
              << registry.units.size() << " units, " << registry.links.size() << " links of which "
              << active << " active, store " << store << ")" << std::endl;
    if (runtime.adminPort() != 0) {
      std::cout << "renkei: admin listener on " << admin_scheme << "://" << admin_host << ":"
                << runtime.adminPort()
                << "/ (registry web view; SOAP admin service, WSDL at /registry.wsdl)" << std::endl;
      if (!isLoopbackHost(admin_host) && !admin_certificates) {
        std::cerr << "renkei: warning: the admin listener requires no client certificate and "
                     "listens "
                     "on "
                  << admin_host
                  << ", beyond this machine: anyone who reaches it can change the registry\n";
      }
    }
    std::cout << "renkei: memory allocator " << memoryAllocatorName() << std::endl;
    int signal = 0;
    // Reopening and reloading happen here, on this thread, not in a signal handler: they
    // allocate, read files and log. One at a time, so two quick SIGHUPs reload twice in order.
    while (sigwait(&signals, &signal) == 0) {
      if (signal == SIGUSR1) {
        runtime.reopenLogs();
      } else if (signal == SIGHUP) {
        runtime.reload(std::cerr);
      } else {
        break;
      }
    }
    std::cout << "renkei: stopping (signal " << signal << ")" << std::endl;
    runtime.stop();
    return 0;
  } catch (const xml::SchemaLoadError& e) {
    std::cerr << "renkei: cannot load schemas: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace renkei::cli
