#!/usr/bin/env python3
"""Verifies an `invites export` without the program: plain SHA-256 over JCS (RFC 8785).

usage: verify_chain.py EXPORT.jsonl   (or - for standard input)

hash(0) = 32 zero bytes; hash(n) = SHA-256(hash(n-1) || JCS(event n without "hash")).
Every event here holds only strings and one integer (position), for which Python's
json.dumps with sorted keys, no spaces and ensure_ascii=False is exactly JCS.
Prints "ok N HASH" and exits 0, or names the first bad line and exits 1.
"""
import hashlib, json, sys

def jcs_number(text):
    """A JSON number as JCS (RFC 8785) writes it: `3.0` and `3E0` (a tool that wrote the export back) are the integer 3."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value

def jcs(event):
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

def main():
    source = sys.stdin if len(sys.argv) < 2 or sys.argv[1] == "-" else open(sys.argv[1], encoding="utf-8")
    previous = bytes(32)
    count = 0
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        event = json.loads(line, parse_float=jcs_number)
        claimed = event.pop("hash", None)
        digest = hashlib.sha256(previous + jcs(event)).digest()
        if claimed != digest.hex():
            print(f"line {number} (position {event.get('position')}): hash {claimed} does not match {digest.hex()}")
            sys.exit(1)
        previous, count = digest, count + 1
    print(f"ok {count} {previous.hex()}")

if __name__ == "__main__":
    main()
