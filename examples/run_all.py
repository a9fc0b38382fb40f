"""Run every example script against the replay server, as CI does.

Starts the replay server from ``tests/replay.py`` on 127.0.0.1, points the ``PAPERKIT_*`` service
URLs at it (with a fresh cache folder and a tiny arXiv delay), runs each ``examples/*.py`` in a
temporary folder of its own, and exits non-zero when one of them fails.

    python examples/run_all.py            # every example
    python examples/run_all.py json_feed  # only those whose name contains "json_feed"
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent
ROOT = EXAMPLES.parent
sys.path.insert(0, str(ROOT / "tests"))

from replay import ReplayServer  # noqa: E402

TIMEOUT = 300.0
"""Seconds an example may take before it counts as failed."""


def example_scripts(only: list[str]) -> list[Path]:
    """The example scripts to run: every ``examples/*.py`` but this one, by name."""
    scripts = sorted(p for p in EXAMPLES.glob("*.py") if p.name != Path(__file__).name)
    return [p for p in scripts if not only or any(word in p.stem for word in only)]


def environment(server: ReplayServer, cache_dir: Path) -> dict[str, str]:
    """This process's environment, with every service pointed at ``server``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERKIT_")}
    env.update(
        PAPERKIT_ARXIV_API_URL=server.arxiv_url,
        PAPERKIT_CROSSREF_API_URL=server.crossref_url,
        PAPERKIT_DATACITE_API_URL=server.datacite_url,
        PAPERKIT_DOI_RESOLVER_URL=server.doi_url,
        PAPERKIT_CACHE_DIR=str(cache_dir),
        PAPERKIT_MAILTO="examples@paperkit.invalid",
        PAPERKIT_ARXIV_DELAY="0.01",
        PAPERKIT_TIMEOUT="5",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    # loopback traffic must never go through a proxy
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        env.pop(name, None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def run(script: Path, server: ReplayServer) -> bool:
    """Run one example in a fresh folder; True when it exits with status 0."""
    with tempfile.TemporaryDirectory(prefix=f"paperkit-{script.stem}-") as folder:
        work = Path(folder)
        started = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, str(script)],
                cwd=work,
                env=environment(server, work / "cache"),
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"FAIL {script.name}: still running after {TIMEOUT:.0f} s")
            return False
        seconds = time.monotonic() - started
        if done.returncode != 0:
            print(f"FAIL {script.name} (exit status {done.returncode}, {seconds:.1f} s)")
            for stream in (done.stdout, done.stderr):
                if stream.strip():
                    print("    " + stream.strip().replace("\n", "\n    "))
            return False
        print(f"ok   {script.name} ({seconds:.1f} s, {server.count()} requests so far)")
        return True


def main(argv: list[str]) -> int:
    """Run the examples named in ``argv`` (all when empty); 0 when every one passed."""
    scripts = example_scripts(argv)
    if not scripts:
        print("no example scripts to run", file=sys.stderr)
        return 1
    with ReplayServer() as server:
        failed = [script.name for script in scripts if not run(script, server)]
    if failed:
        print(f"{len(failed)} of {len(scripts)} examples failed: {', '.join(failed)}")
        return 1
    print(f"all {len(scripts)} examples passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
