#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds pure-Python wheels and a PEP 503 simple index for Kumo's tests, offline.

Reads a JSON list on stdin: [{"name": "kumo-hello", "version": "1.0",
"modules": {"hello.py": "..."}, "requires": ["kumo-base"]}, ...] and writes
ROOT/files/*.whl and ROOT/simple/<name>/index.html (ROOT is argv[1]).
"""
import base64
import hashlib
import html
import json
import os
import re
import sys
import zipfile


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def build_wheel(root, package):
    name, version = package["name"], package["version"]
    stem = "%s-%s" % (re.sub(r"[-.]+", "_", name), version)
    info = stem + ".dist-info"
    metadata = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)
    for requirement in package.get("requires", []):
        metadata += "Requires-Dist: %s\n" % requirement
    files = {path: text.encode() for path, text in package.get("modules", {}).items()}
    files[info + "/METADATA"] = metadata.encode()
    files[info + "/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: kumo-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [record_line(path, data) for path, data in files.items()] + [info + "/RECORD,,"]
    files[info + "/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = os.path.join(root, "files", stem + "-py3-none-any.whl")
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel


def main():
    root = sys.argv[1]
    os.makedirs(os.path.join(root, "files"), exist_ok=True)
    by_project = {}
    for package in json.load(sys.stdin):
        wheel = build_wheel(root, package)
        by_project.setdefault(normalize(package["name"]), []).append(wheel)
    os.makedirs(os.path.join(root, "simple"), exist_ok=True)
    links = []
    for project, wheels in sorted(by_project.items()):
        os.makedirs(os.path.join(root, "simple", project), exist_ok=True)
        anchors = []
        for wheel in wheels:
            with open(wheel, "rb") as file:
                digest = hashlib.sha256(file.read()).hexdigest()
            filename = os.path.basename(wheel)
            anchors.append('<a href="../../files/%s#sha256=%s">%s</a><br>' % (filename, digest, html.escape(filename)))
        with open(os.path.join(root, "simple", project, "index.html"), "w") as page:
            page.write("<!DOCTYPE html><html><body>\n%s\n</body></html>\n" % "\n".join(anchors))
        links.append('<a href="%s/">%s</a><br>' % (project, project))
    with open(os.path.join(root, "simple", "index.html"), "w") as page:
        page.write("<!DOCTYPE html><html><body>\n%s\n</body></html>\n" % "\n".join(links))


if __name__ == "__main__":
    main()
