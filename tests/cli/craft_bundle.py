#!/usr/bin/env python3
"""Writes bundles the way an attacker with a trusted key could: any manifest,
any entry names, in hocso's canonical zip layout, signed with the stock minisign
and hocso's trusted comment. For the CLI tests of what verify and inspect do
with hostile but validly signed bundles.

usage: craft_bundle.py SECRET_KEY < SCRIPT

SCRIPT is Python calling, once per bundle (one interpreter for them all: it
starts slowly),

    bundle(OUT, files={NAME: TEXT, ...}, change="CODE on m")

which writes OUT with the entries `files` and a manifest.json listing them: the
one hocso would write for one lesson, after `change` has run on it as `m`
(e.g. 'del m["profile"]').
"""
import copy
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile

BASE_MANIFEST = {
    "format": "hocso-bundle/1", "generator": "hocso 0.1.0",
    "pack": {"id": "demo", "version": "1.0.0", "title": "Demo", "source_language": "vi"},
    "profile": "default", "languages": [{"tag": "vi", "name": "Tiếng Việt", "coverage": 1.0}],
    "lessons": [{"id": "bai-1", "title": "Bài 1", "level": "co-ban", "requires": []}],
}


def bundle(out, files, change="", secret_key=None):
    data = {name: text.encode("utf-8") for name, text in files.items()}
    m = copy.deepcopy(BASE_MANIFEST)
    m["entries"] = [{"path": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                    for name, content in sorted(data.items())]
    exec(change, {}, {"m": m})
    manifest = json.dumps(m, ensure_ascii=False).encode("utf-8")
    pack = m.get("pack") if isinstance(m.get("pack"), dict) else {}
    comment = "hocso-bundle/1 pack={} version={} manifest-sha256={}".format(
        pack.get("id", ""), pack.get("version", ""), hashlib.sha256(manifest).hexdigest())
    with tempfile.TemporaryDirectory() as tmp:
        manifest_path = os.path.join(tmp, "manifest.json")
        with open(manifest_path, "wb") as f:
            f.write(manifest)
        subprocess.run(["minisign", "-S", "-s", secret_key or SECRET_KEY, "-m", manifest_path, "-t", comment],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        with open(manifest_path + ".minisig", "rb") as f:
            signature = f.read()
    data["manifest.json"] = manifest
    data["manifest.json.minisig"] = signature
    # Stored entries, sorted by name, one fixed time, no extra fields: the layout
    # the reader requires, so that only the names and the manifest are at fault.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name in sorted(data, key=lambda n: n.encode("utf-8")):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            z.writestr(info, data[name])


SECRET_KEY = sys.argv[1]
exec(sys.stdin.read(), {"bundle": bundle})
