#!/usr/bin/env python3
"""Client assertions for the REST bridge benchmark: COUNT HS256 JWTs (RFC 7523), one a line, for
ISSUER and AUDIENCE, each with its own jti. The broker accepts a jti once, as a real
client_secret_jwt client signs a fresh assertion per call; wrk cannot compute HMACs cheaply,
so they are made before the run (lib/post_rest.lua hands them out).
Usage: make_jwts.py SECRET_FILE ISSUER AUDIENCE COUNT OUT [LIFETIME_SECONDS]"""
import base64
import hashlib
import hmac
import json
import sys
import time
import uuid


def b64url(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def main() -> int:
    if len(sys.argv) not in (6, 7):
        print(__doc__.splitlines()[-1], file=sys.stderr)
        return 2
    secret_file, issuer, audience, count, out = sys.argv[1:6]
    lifetime = int(sys.argv[6]) if len(sys.argv) == 7 else 600
    secret = open(secret_file, "rb").read().rstrip()
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    now = int(time.time())
    with open(out, "wb") as f:
        for _ in range(int(count)):
            claims = {"iss": issuer, "sub": issuer, "aud": audience, "iat": now,
                      "exp": now + lifetime, "jti": str(uuid.uuid4())}
            signing_input = header + b"." + b64url(json.dumps(claims, separators=(",", ":")).encode())
            signature = hmac.new(secret, signing_input, hashlib.sha256).digest()
            f.write(signing_input + b"." + b64url(signature) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
