"""A throwaway OpenSearch node for the tests, the benchmarks and `make` targets.

    python3 tools/opensearch/node.py build             # compile the launcher (Maven)
    python3 tools/opensearch/node.py start STATE_DIR   # prints the node's URL when it is ready
    python3 tools/opensearch/node.py stop STATE_DIR    # stops it and removes its data

The node is OpenSearch 2.19 assembled from Maven Central (tools/opensearch/pom.xml): the server
jar with the transport-netty4 and analysis-common modules on the class path, started by
PortalNode.java as OpenSearch's own test framework starts its nodes. It listens on 127.0.0.1 on
a free port, keeps its data in a temporary folder and runs with a small heap. Standard library
only, so that .ci/run can call it before the virtualenv exists; the benchmarks import `Node`.
"""

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BUILD = ROOT / "var" / "opensearch"
CLASSPATH_FILE = BUILD / "classpath.txt"
STAMP = BUILD / "stamp"
MAIN_CLASS = "portal.opensearch.PortalNode"
HEAP = os.environ.get("OPENSEARCH_HEAP", "512m")
READY_SECONDS = 90  # a generous limit: it starts in 6 to 13 s on 2 cores


def _say(message: str) -> None:
    print(f"opensearch-node: {message}", file=sys.stderr, flush=True)


def _sources_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([HERE / "pom.xml", *(HERE / "src").rglob("*")]):
        if path.is_file():
            digest.update(path.relative_to(HERE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _mvn(*goals: str, offline: bool) -> bool:
    command = [
        "mvn", "-B", "-q", "-f", str(HERE / "pom.xml"),
        f"-Dnode.build.dir={BUILD / 'build'}",
        f"-Dmdep.outputFile={CLASSPATH_FILE}",
        *(["-o"] if offline else []),
        *goals,
    ]  # fmt: skip
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # noqa: S603
    if result.returncode != 0 and not offline:
        sys.stderr.write(result.stdout)
    return result.returncode == 0


def build() -> list[str]:
    """Compile the launcher and resolve the class path, once per change of pom.xml or source.
    Maven works offline when the local repository (~/.m2) already holds every artifact."""
    digest = _sources_digest()
    if STAMP.exists() and STAMP.read_text() == digest and CLASSPATH_FILE.exists():
        return _classpath()
    if shutil.which("mvn") is None or shutil.which("java") is None:
        raise SystemExit(
            "opensearch-node: Java 17 and Maven are needed (Debian: apt-get install "
            "openjdk-17-jdk-headless maven)."
        )
    BUILD.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    goals = ("compile", "dependency:build-classpath")
    if not _mvn(*goals, offline=True):
        _say("downloading the OpenSearch artifacts from Maven Central")
        if not _mvn(*goals, offline=False):
            raise SystemExit("opensearch-node: the Maven build failed (output above)")
    STAMP.write_text(digest)
    _say(f"built in {time.monotonic() - started:.1f} s")
    return _classpath()


def _classpath() -> list[str]:
    return [str(BUILD / "build" / "classes"), *CLASSPATH_FILE.read_text().strip().split(":")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Node:
    """One node: `start()` waits until its shards are searchable, `stop()` ends it (its
    data stay until `remove()`, so that a stopped node can start again, as after an outage)."""

    def __init__(self, *, quick: bool = False):
        self.home = Path(tempfile.mkdtemp(prefix="po-portalen-opensearch-"))
        self.port = free_port()
        # Tests: the client compiler only, which halves the start (about 6 s instead of 12 on
        # a busy machine); benchmarks leave the JIT alone.
        self.quick = quick
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.home / "node.log"

    def start(self, *, detach: bool = False) -> float:
        """Start the node and wait until it is ready; returns the seconds that took."""
        classpath = build()
        started = time.monotonic()
        command = [
            "java", f"-Xms{HEAP}", f"-Xmx{HEAP}", "-XX:+UseSerialGC",
            *(["-XX:TieredStopAtLevel=1"] if self.quick else []),
            "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
            f"-Djava.io.tmpdir={self.home}",
            "-cp", ":".join(classpath), MAIN_CLASS,
            str(self.home), str(self.port), "0",  # transport: any free port
        ]  # fmt: skip
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=detach,
            )
        deadline = started + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"opensearch-node: the node exited ({self.process.returncode}); its log:\n"
                    + self.log.read_text(errors="replace")[-4000:]
                )
            if self.healthy():
                return time.monotonic() - started
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"opensearch-node: not ready after {READY_SECONDS} s; see {self.log}")

    def healthy(self) -> bool:
        """Every primary shard assigned ("yellow": a single node holds no replicas)."""
        try:
            url = f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s"
            with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (loopback)
                return json.load(response).get("status") in ("yellow", "green")
        except OSError:
            return False

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM (the node closes cleanly), SIGKILL if it takes longer than `timeout`."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


def _state(directory: Path) -> Path:
    return directory / "opensearch-node.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="compile the launcher and resolve its class path")
    start = commands.add_parser("start", help="start a node in the background, print its URL")
    start.add_argument("state_dir", type=Path, help="where the node's pid and folder are noted")
    start.add_argument("--quick", action="store_true", help="quicker start, slower searches")
    stop = commands.add_parser("stop", help="stop the node started with the same state_dir")
    stop.add_argument("state_dir", type=Path)
    args = parser.parse_args()

    if args.command == "build":
        build()
    elif args.command == "start":
        args.state_dir.mkdir(parents=True, exist_ok=True)
        node = Node(quick=args.quick)
        seconds = node.start(detach=True)
        _state(args.state_dir).write_text(
            json.dumps({"pid": node.process.pid, "home": str(node.home), "url": node.url})
        )
        _say(f"OpenSearch ready at {node.url} after {seconds:.1f} s (log: {node.log})")
        print(node.url)
    elif args.command == "stop":
        state_file = _state(args.state_dir)
        if not state_file.exists():
            return
        state = json.loads(state_file.read_text())
        try:
            os.kill(state["pid"], signal.SIGTERM)
            for _ in range(150):
                os.kill(state["pid"], 0)
                time.sleep(0.2)
            os.kill(state["pid"], signal.SIGKILL)
        except ProcessLookupError:
            pass
        shutil.rmtree(state["home"], ignore_errors=True)
        state_file.unlink()


if __name__ == "__main__":
    main()
