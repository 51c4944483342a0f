#pragma once
// The broker's configuration after validation: every field has its value, paths are absolute.
#include <cstddef>
#include <stdexcept>
#include <string>

#include "broker/config/signature_config.h"
#include "broker/registry/types.h"

namespace renkei {

// A configuration problem, worded for the operator: "config/x.xml:12:7: element 'link':
// attribute 'status' ...".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BrokerConfig {
  std::string source_file;

  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  int workers = 64;
  int queue_capacity = 256;
  int idle_timeout_s = 30;
  int request_timeout_ms = 10000;
  int max_queue_wait_ms = 2000;
  int max_connections = 10000;
  int max_connections_per_peer = 2000;

  std::string store_kind = "sqlite";
  std::string store_path;      // sqlite: absolute file path
  std::string store_conninfo;  // postgresql: libpq connection string
  int registry_poll_ms = 250;
  int audit_timeout_ms = 3000;  // longest wait for an audit commit before Server.AuditUnavailable

  bool admin_enabled = true;
  std::string admin_host = "127.0.0.1";
  int admin_port = 8081;

  size_t max_message_bytes = 4 * 1024 * 1024;
  int max_depth = 64;
  int max_attributes = 64;

  long connect_timeout_ms = 2000;
  long timeout_ms = 10000;
  size_t max_response_bytes = 8 * 1024 * 1024;
  int max_concurrent_per_receiver = 16;  // bulkhead and circuit breaker per receiver unit
  int max_queued_per_receiver = 32;
  int breaker_failures = 5;
  long breaker_open_ms = 5000;

  bool validate_messages = true;  // <schemas validate>: off only for measuring its cost
  std::string xsd_dir;
  std::string wsdl_dir;

  SignatureConfig signatures;  // <signatures> and each <unit signingCertSha256>

  RegistrySnapshot registry;  // units, services and links to seed the store with
};

}  // namespace renkei
