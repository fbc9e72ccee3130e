#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Dockerfiles and compose.yaml agree with the repository, checked without a Docker engine:
every COPY source exists (and is not excluded by .dockerignore), every script a RUN, ENTRYPOINT
or HEALTHCHECK calls is one the recipe installs and is executable, and compose.yaml builds
from these files with the settings the README documents."""
import fnmatch
import json
import pathlib
import re
import shlex
import sys
import unittest

ROOT = pathlib.Path(sys.argv.pop(1)).resolve() if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
INSTALLED = {  # what build-server.sh puts in the prefix
    "/opt/kumo/libexec/kumo/entrypoint": DOCKER / "scripts/entrypoint.sh",
    "/opt/kumo/libexec/kumo/healthcheck": DOCKER / "scripts/healthcheck.sh",
}


def instructions(dockerfile):
    """(keyword, argument) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, argument = line.partition(" ")
            yield keyword.upper(), argument.strip()


def ignored(path):
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines()
                if p.strip() and not p.startswith("#")]
    return any(fnmatch.fnmatch(path, p) or path.startswith(p.rstrip("/") + "/") for p in patterns)


class Dockerfiles(unittest.TestCase):
    files = [DOCKER / "Dockerfile", DOCKER / "Dockerfile.browser"]

    def test_copy_sources_exist_in_the_context(self):
        for dockerfile in self.files:
            for keyword, argument in instructions(dockerfile):
                if keyword != "COPY" or argument.startswith("--from"):
                    continue
                *sources, _ = shlex.split(argument)
                for source in sources:
                    with self.subTest(dockerfile=dockerfile.name, source=source):
                        self.assertTrue((ROOT / source).exists(), f"{source} does not exist")
                        if source != ".":
                            self.assertFalse(ignored(source), f"{source} is excluded by .dockerignore")

    def test_called_scripts_exist_and_are_executable(self):
        for dockerfile in self.files:
            for keyword, argument in instructions(dockerfile):
                for script in re.findall(r"(?:docker/scripts|/tmp/kumo)/[\w.-]+\.sh", argument):
                    local = DOCKER / "scripts" / pathlib.Path(script).name
                    with self.subTest(dockerfile=dockerfile.name, script=script):
                        self.assertTrue(local.is_file(), f"{script} is missing")
                        self.assertTrue(local.stat().st_mode & 0o111, f"{script} is not executable")

    def test_entrypoint_and_healthcheck_are_installed_by_the_build(self):
        build_server = (DOCKER / "scripts/build-server.sh").read_text()
        for dockerfile in self.files:
            commands = {k: json.loads(a.split("CMD", 1)[-1].strip()) if k == "HEALTHCHECK" else json.loads(a)
                        for k, a in instructions(dockerfile) if k in ("ENTRYPOINT", "HEALTHCHECK", "CMD")}
            self.assertEqual(commands["ENTRYPOINT"][0], "/usr/bin/tini")
            for path in (commands["ENTRYPOINT"][-1], commands["HEALTHCHECK"][0]):
                with self.subTest(dockerfile=dockerfile.name, path=path):
                    self.assertIn(path, INSTALLED)
                    self.assertIn(INSTALLED[path].name, build_server)
            self.assertEqual(commands["CMD"][:3], ["serve", "--listen", "0.0.0.0:8000"])

    def test_runs_as_an_unprivileged_user_with_the_data_volume(self):
        for dockerfile in self.files:
            pairs = list(instructions(dockerfile))
            with self.subTest(dockerfile=dockerfile.name):
                self.assertIn(("USER", "kumo"), pairs)
                self.assertIn(("VOLUME", '["/app/data"]'), pairs)
                self.assertIn(("EXPOSE", "8000"), pairs)
                args = {a.split("=")[0] for k, a in pairs if k == "ARG"}
                self.assertLessEqual({"KUMO_UID", "KUMO_GID"}, args)

    def test_the_browser_image_adds_only_the_browser(self):
        plain = [p for p in instructions(DOCKER / "Dockerfile")]
        browser = [p for p in instructions(DOCKER / "Dockerfile.browser")]
        differing = [p for p in browser if p not in plain]
        self.assertTrue(any("--browser" in a for _, a in differing))
        self.assertTrue(all(k in ("RUN", "ENV") for k, _ in differing), differing)
        packages = (DOCKER / "scripts/browser-packages.txt").read_text().split()
        self.assertLessEqual({"chromium", "chromium-driver"}, set(packages))


class Compose(unittest.TestCase):
    def setUp(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("python3-yaml is not installed")
        self.service = yaml.safe_load((DOCKER / "compose.yaml").read_text())["services"]["kumo"]

    def test_builds_this_dockerfile_from_the_repository(self):
        build = self.service["build"]
        self.assertEqual((DOCKER / build["context"]).resolve(), ROOT)
        self.assertTrue((ROOT / build["dockerfile"]).is_file())
        self.assertLessEqual({"KUMO_UID", "KUMO_GID"}, set(build["args"]))

    def test_settings_the_readme_documents(self):
        self.assertLessEqual({"TZ", "MAX_CONCURRENT_TASKS", "PIP_INDEX_URL", "KUMO_ADMIN_PASSWORD"},
                             set(self.service["environment"]))
        self.assertEqual(self.service["restart"], "unless-stopped")
        self.assertIn(":8000", self.service["ports"][0])
        self.assertEqual([v.split(":")[1] for v in self.service["volumes"]], ["/app/data"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
