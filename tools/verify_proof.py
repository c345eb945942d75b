#!/usr/bin/env python3
"""Check an `invites prove` document with Python's standard library only (RFC 9162 §2.1.3.2, §2.1.4.2).

usage: verify_proof.py [FILE|-] [--root HEX]   prints {"ok": true} (exit 0) or {"ok": false, "error": ...} (exit 1)
"""
import hashlib, json, sys

def H(*parts): return hashlib.sha256(b"".join(parts)).digest()

def need(condition, message):
    if not condition: raise ValueError(message)

def jcs_number(text):
    """A JSON number as JCS (RFC 8785) writes it: `3.0` and `3E0` are the integer 3, as `invites verify-proof` reads them."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value

def inclusion(p):
    event = {k: v for k, v in p["event"].items() if k != "hash"}        # the leaf covers the event without its hash
    jcs = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    leaf = H(b"\x00", jcs)
    need(leaf.hex() == p["leaf_hash"], "leaf_hash is not the hash of the event")
    need(event.get("position") == p["position"] and 1 <= p["position"] <= p["size"], "position does not fit")
    fn, sn, r = p["position"] - 1, p["size"] - 1, leaf                  # RFC 9162 §2.1.3.2
    for c in map(bytes.fromhex, p["proof"]):
        need(sn > 0, "proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = H(b"\x01", c, r)
            while not fn & 1 and fn: fn, sn = fn >> 1, sn >> 1
        else:
            r = H(b"\x01", r, c)
        fn, sn = fn >> 1, sn >> 1
    need(sn == 0 and r.hex() == p["root"], "proof does not lead to root")
    return p["root"]

def consistency(p):
    m, n, path = p["size1"], p["size2"], [bytes.fromhex(c) for c in p["proof"]]
    need(0 < m <= n, "sizes must satisfy 0 < size1 <= size2")
    if m == n:
        need(not path and p["root1"] == p["root2"], "equal sizes need an empty proof and equal roots")
        return p["root1"]
    if m & (m - 1) == 0: path = [bytes.fromhex(p["root1"])] + path      # size1 a power of two: root1 starts the walk
    need(path, "proof is empty")
    fn, sn = m - 1, n - 1                                               # RFC 9162 §2.1.4.2
    while fn & 1: fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        need(sn > 0, "proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr, sr = H(b"\x01", c, fr), H(b"\x01", c, sr)
            while not fn & 1 and fn: fn, sn = fn >> 1, sn >> 1
        else:
            sr = H(b"\x01", sr, c)
        fn, sn = fn >> 1, sn >> 1
    need(sn == 0 and fr.hex() == p["root1"] and sr.hex() == p["root2"], "proof does not lead to root1 and root2")
    return p["root1"]

def main(argv):
    root = argv[argv.index("--root") + 1].lower() if "--root" in argv else None
    files = [a for i, a in enumerate(argv) if a != "--root" and (i == 0 or argv[i - 1] != "--root")]
    try:
        with (open(files[0]) if files and files[0] != "-" else sys.stdin) as f: proof = json.load(f, parse_float=jcs_number)
        trusted = {"inclusion": inclusion, "consistency": consistency}[proof["kind"]](proof)
        need(root is None or root == trusted, "the proof is not for the trusted root")
    except (ValueError, KeyError, TypeError, OSError) as e:
        print(json.dumps({"ok": False, "error": str(e)})); return 1
    print(json.dumps({"ok": True})); return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
