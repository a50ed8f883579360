#!/usr/bin/env python3
"""Writes channel.json the way an attacker holding a key could: any document,
signed with the stock minisign and the trusted comment hocso expects
(docs/channel-format.md, section 2). For the pull tests' attacks.

usage: craft_channel.py SECRET_KEY IN_ENVELOPE OUT_ENVELOPE 'CODE on d'

Reads the document inside IN_ENVELOPE, runs CODE on it as `d` (e.g.
'd["version"] += 5'), signs the result with SECRET_KEY and writes OUT_ENVELOPE.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

key, source, out, code = sys.argv[1:5]
d = json.loads(json.load(open(source))["signed"])
exec(code, {}, {"d": d})
signed = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
comment = "{} channel={} version={} sha256={}".format(
    d["format"], d["channel"], d["version"], hashlib.sha256(signed.encode()).hexdigest())
with tempfile.TemporaryDirectory() as tmp:
    doc = os.path.join(tmp, "doc")
    open(doc, "w").write(signed)
    subprocess.run(["minisign", "-S", "-s", key, "-m", doc, "-t", comment], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    signature = open(doc + ".minisig").read()
json.dump({"signed": signed, "signatures": [signature]}, open(out, "w"), ensure_ascii=False, separators=(",", ":"))
