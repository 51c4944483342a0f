#!/usr/bin/env python3
"""A unit that answers every POST with the same 8 MiB SOAP envelope, for
tests/soak/large_answers_memory.sh: 8,180 comments of 1 KiB in the Body (just under the broker's
default maxResponseBytes, 8 MiB) and no end tags. The broker reads all of it before it can tell
(at the end) that the answer is cut short, and refuses it with Server.InvalidResponse: what
matters is the memory that takes.
Prints "listening on 127.0.0.1:PORT" once bound (port 0: the kernel chooses)."""
import http.server
import socketserver

COMMENT = b"<!--" + b"a" * (1024 - 8) + b"-->\n"
BODY = (b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>\n'
        + COMMENT * 8180)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
