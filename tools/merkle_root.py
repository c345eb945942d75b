#!/usr/bin/env python3
"""Recompute the RFC 9162 Merkle root of an `invites export` (its first N events) from the events alone.

usage: merkle_root.py [FILE|-] [--size N]    prints the root as hex

An auditor's check that a published digest still matches the log: no ledger, no stored
nodes, only the exported lines and Python's hashlib.
"""
import hashlib, json, sys

def H(*parts): return hashlib.sha256(b"".join(parts)).digest()

def root(lines, size):
    count, stack = 0, []                                 # (height, hash) of the perfect subtrees on the right edge
    for count, line in enumerate(lines, 1):
        if count > size: break
        event = {k: v for k, v in json.loads(line).items() if k != "hash"}
        node = (0, H(b"\x00", json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()))
        while stack and stack[-1][0] == node[0]:
            node = (node[0] + 1, H(b"\x01", stack.pop()[1], node[1]))
        stack.append(node)
    else:
        if size != float("inf") and count < size: sys.exit(f"the export has only {count} events")
    if not stack: return H()
    hash = stack.pop()[1]
    while stack: hash = H(b"\x01", stack.pop()[1], hash)
    return hash

if __name__ == "__main__":
    args = sys.argv[1:]
    size = int(args[args.index("--size") + 1]) if "--size" in args else float("inf")
    files = [a for i, a in enumerate(args) if a != "--size" and (i == 0 or args[i - 1] != "--size")]
    with (open(files[0]) if files and files[0] != "-" else sys.stdin) as f:
        print(root(f, size).hex())
