"""environment.yml and requirements.lock pin the same versions."""

import re

from kompetensi.core import config


def test_environment_yml_matches_lock():
    lock = {}
    for line in (config.PROJECT_ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            lock[re.sub(r"[-_.]+", "-", name.lower())] = version.strip()
    env = (config.PROJECT_ROOT / "environment.yml").read_text()
    pins = re.findall(r"^\s+- ([A-Za-z0-9_.-]+)=([0-9][^\s]*)$", env, flags=re.M)
    assert len(pins) >= 20
    for name, version in pins:
        if name == "python":
            continue
        assert lock[re.sub(r"[-_.]+", "-", name.lower())] == version, name
