"""Load benchmark: N concurrent dashboard sessions against one server, driven by a light websocket client.

    python -m bench.load [--sessions 1,10,25] [--changes 5] [--corpus data/corpus]

Starts one server as `make run` does (`python -m ui.serve`, headless, bound to 127.0.0.1, with the disk cache in
a temporary folder), waits for `/_stcore/health`, opens one warm-up session (the cold first page: analysis of
the corpus; reported apart), then for each N opens N sessions at once. A session speaks Streamlit's own
protocol over the websocket the browser uses (`/_stcore/stream`, protobuf `BackMsg` / `ForwardMsg`): it asks
for the first page, then makes K changes of the sidebar's Language filter (one language after another, then
cleared), each sent as soon as the previous rerun finished (no think time: harsher than people). A rerun is
timed from sending it to its `script_finished`. Errors are exceptions and `st.error` elements in the page,
compile errors, disconnects, reruns over the time limit, and filter changes that did not change the page (the
filter caption "N of M articles"). Writes bench/LOAD.md (earlier runs are kept below the new one).

Traffic goes to 127.0.0.1 only; every wait has a time limit; the server is stopped at the end, even on error.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Common_pb2 import StringArray
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Markdown_pb2 import Markdown
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "LOAD.md"
HOST = "127.0.0.1"
LANGUAGE_LABEL = "Language"  # the sidebar's language multiselect (ui/sidebar.py)
CAPTION = re.compile(r"(\d[\d,]*) of (\d[\d,]*) articles\.")  # the filter line of every page (ui/widgets.py)
RERUN_TIMEOUT_S = 60.0
CONNECT_TIMEOUT_S = 30.0
HEALTH_TIMEOUT_S = 180.0
GOAL = {"sessions": 25, "errors": 0, "filter_p95_s": 3.0}
log = logging.getLogger("bench.load")


# --- reading one script run -----------------------------------------------------------------------------------


@dataclass
class RunReader:
    """What the ForwardMsgs of one rerun said: feed them in order until `feed` returns True (the run settled)."""

    errors: list[str] = field(default_factory=list)
    language: tuple[str, tuple[str, ...]] | None = None  # the Language multiselect: (widget id, its option labels)
    caption: tuple[int, int] | None = None  # the filter line: (articles shown, articles in the corpus)
    query_string: str | None = None  # the address the app wrote (a browser sends it back on the next rerun)
    page_script_hash: str | None = None
    status: str | None = None  # the final ScriptFinishedStatus name
    messages: int = 0

    def feed(self, msg: ForwardMsg) -> bool:
        self.messages += 1
        kind = msg.WhichOneof("type")
        if kind == "delta":
            self._delta(msg)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "navigation" and msg.navigation.page_script_hash:
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "new_session" and msg.new_session.page_script_hash:
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "page_not_found":
            self.errors.append("page not found")
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            self.errors.append("script compilation exception")
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return False  # the app asked for another run: the page settles after that one
            self.status = status
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.errors.append("compile error")
            return True
        return False

    def _delta(self, msg: ForwardMsg) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        el = msg.delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"exception: {el.exception.type}: {el.exception.message[:200]}")
        elif kind == "alert" and el.alert.format == Alert.ERROR:
            self.errors.append(f"st.error: {el.alert.body[:200]}")
        elif kind == "multiselect" and el.multiselect.label == LANGUAGE_LABEL:
            self.language = (el.multiselect.id, tuple(el.multiselect.options))
        elif kind == "markdown" and el.markdown.element_type == Markdown.CAPTION:
            m = CAPTION.search(el.markdown.body)
            if m:
                self.caption = (int(m.group(1).replace(",", "")), int(m.group(2).replace(",", "")))


def language_state(widget_id: str, labels: list[str]) -> WidgetState:
    """The widget state a browser sends for the Language multiselect: the *formatted* labels it shows (Streamlit's
    MultiSelectSerde maps them back to the options; `ui/sidebar.py` formats codes as language names)."""
    return WidgetState(id=widget_id, string_array_value=StringArray(data=labels))


def rerun_message(query_string: str, page_script_hash: str, widgets: list[WidgetState]) -> bytes:
    client = ClientState(query_string=query_string, page_script_hash=page_script_hash,
                         widget_states=WidgetStates(widgets=widgets))
    return BackMsg(rerun_script=client).SerializeToString()


def plan(options: tuple[str, ...], changes: int, offset: int) -> list[list[str]]:
    """The K filter values of one session: one language after another (sessions start at different ones), the
    last change clears the filter. With one language only, picked and cleared in turn."""
    if not options or changes <= 0:
        return []
    if len(options) == 1:
        picks = [[options[0]] if i % 2 == 0 else [] for i in range(changes - 1)]
    else:
        picks = [[options[(offset + i) % len(options)]] for i in range(changes - 1)]
    return [*picks, []]


# --- one session ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rerun:
    session: int
    kind: str  # "first" or "filter"
    seconds: float
    errors: tuple[str, ...]
    value: tuple[str, ...] = ()
    caption: tuple[int, int] | None = None


class Session:
    def __init__(self, port: int) -> None:
        self.url = f"ws://{HOST}:{port}/_stcore/stream"
        self.ws = None
        self.query_string = ""
        self.page_script_hash = ""
        self.widgets: dict[str, WidgetState] = {}

    def connect(self):
        """The websocket a browser opens (use as a context manager: it is closed on leaving)."""
        from websockets.sync.client import connect

        return connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=CONNECT_TIMEOUT_S,
                       close_timeout=5)

    def rerun(self, timeout: float = RERUN_TIMEOUT_S) -> RunReader:
        """Send a rerun with the current widget states and read until the page settles (or the time limit)."""
        from websockets.exceptions import ConnectionClosed

        r = RunReader()
        self.ws.send(rerun_message(self.query_string, self.page_script_hash, list(self.widgets.values())))
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                data = self.ws.recv(timeout=left)
                if isinstance(data, str):
                    continue
                if r.feed(ForwardMsg.FromString(data)):
                    break
        except TimeoutError:
            r.errors.append(f"timeout: no settled page within {timeout:.0f} s")
        except ConnectionClosed as exc:
            r.errors.append(f"disconnected: {exc}")
        if r.query_string is not None:
            self.query_string = r.query_string
        if r.page_script_hash:
            self.page_script_hash = r.page_script_hash
        return r


def drive(index: int, port: int, changes: int, start: threading.Barrier, out: list[Rerun], think: float = 0.0) -> None:
    """One session: the first page, then `changes` filter changes, each recorded in `out`."""
    s = Session(port)
    try:
        start.wait(timeout=120)
        t0 = time.perf_counter()
        try:
            ws = s.connect()
        except Exception as exc:
            out.append(Rerun(index, "first", time.perf_counter() - t0, (f"connect failed: {exc}",)))
            return
        with ws:
            s.ws = ws
            _session(s, index, changes, t0, out, think)
    except Exception as exc:  # a client bug must not hang the run: count it
        log.exception("session %d failed", index)
        out.append(Rerun(index, "filter", 0.0, (f"client error: {exc!r}",)))


def _session(s: Session, index: int, changes: int, t0: float, out: list[Rerun], think: float) -> None:
    r = s.rerun()
    first = Rerun(index, "first", time.perf_counter() - t0, tuple(r.errors), caption=r.caption)
    out.append(first)
    if r.errors:
        return
    if r.language is None:
        out.append(Rerun(index, "filter", 0.0, ("no Language filter on the first page",)))
        return
    widget_id, options = r.language
    pause = random.Random(index)
    for value in plan(options, changes, index):
        if think > 0:  # a person reading the page before the next change: uniform in [0, 2 × think] seconds
            time.sleep(pause.uniform(0, 2 * think))
        s.widgets[widget_id] = language_state(widget_id, value)
        t = time.perf_counter()
        r = s.rerun()
        errors = list(r.errors)
        if not errors:
            errors += check_change(value, r.caption, first.caption, len(options))
        out.append(Rerun(index, "filter", time.perf_counter() - t, tuple(errors), tuple(value), r.caption))
        if any(e.startswith(("disconnected", "timeout")) for e in errors):
            return


def check_change(value: list[str], caption: tuple[int, int] | None, unfiltered: tuple[int, int] | None,
                 n_options: int) -> list[str]:
    """A filter change must change the page: cleared, the caption is back to the first page's count; one language
    of several shows fewer articles."""
    if caption is None or unfiltered is None:
        return ["no filter caption on the page"]
    if not value and caption != unfiltered:
        return [f"cleared filter shows {caption[0]} of {caption[1]}, first page {unfiltered[0]} of {unfiltered[1]}"]
    if value and n_options > 1 and caption[0] >= unfiltered[0]:
        return [f"language {value[0]!r} did not narrow the page ({caption[0]} of {caption[1]})"]
    return []


def consistency(reruns: list[Rerun]) -> list[str]:
    """Every session must see the same count for the same language."""
    seen: dict[tuple[str, ...], set[int]] = {}
    for r in reruns:
        if r.kind == "filter" and r.caption and not r.errors:
            seen.setdefault(r.value, set()).add(r.caption[0])
    return [f"language {v} showed different counts in different sessions: {sorted(n)}"
            for v, n in seen.items() if len(n) > 1]


# --- the server -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = HEALTH_TIMEOUT_S) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"the server was not healthy within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def server_log_errors(text: str) -> list[str]:
    """One line per traceback in the server's log: the exception and the last frame (paths relative to the
    repository)."""
    out: list[str] = []
    frame = ""
    inside = False
    for line in text.splitlines():
        if line.startswith("Traceback (most recent call last):"):
            inside, frame = True, ""
        elif inside and line.lstrip().startswith('File "'):
            frame = line.strip().replace(str(ROOT) + os.sep, "")
        elif inside and line and not line[0].isspace():
            out.append(f"{line.strip()[:200]} ({frame[:160]})")
            inside = False
    return out


# --- a phase: N sessions at once ------------------------------------------------------------------------------


def pct(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def phase(port: int, pid: int, n: int, changes: int, think: float = 0.0) -> dict:
    out: list[Rerun] = []
    start = threading.Barrier(n + 1)
    threads = [threading.Thread(target=drive, args=(i, port, changes, start, out, think), daemon=True, name=f"s{i}")
               for i in range(n)]
    for t in threads:
        t.start()
    load_before = os.getloadavg()
    cpu0, own0 = cpu_seconds(pid), _own_cpu()
    start.wait(timeout=120)
    t0 = time.perf_counter()
    limit = t0 + CONNECT_TIMEOUT_S + (RERUN_TIMEOUT_S + 2 * think) * (changes + 1) + 30
    for t in threads:
        t.join(timeout=max(0.0, limit - time.perf_counter()))
    wall = time.perf_counter() - t0
    hung = sum(t.is_alive() for t in threads)
    reruns = list(out)
    errors = Counter(e.split(":")[0] for r in reruns for e in r.errors)
    details = sorted({e for r in reruns for e in r.errors})
    for e in consistency(reruns):
        errors["inconsistent counts"] += 1
        details.append(e)
    if hung:
        errors["session hung"] += hung
    first = [r.seconds for r in reruns if r.kind == "first" and not r.errors]
    change = [r.seconds for r in reruns if r.kind == "filter" and not r.errors]
    ok = len(first) + len(change)
    return {
        "sessions": n, "changes_per_session": changes, "think_s": think, "wall_s": wall, "reruns_ok": ok,
        "reruns_per_s": ok / wall if wall > 0 else 0.0, "errors": sum(errors.values()),
        "errors_by_kind": dict(errors), "error_details": details[:10],
        "first_n": len(first), "first_p50_s": pct(first, 50), "first_p95_s": pct(first, 95),
        "first_max_s": max(first, default=None),
        "filter_n": len(change), "filter_p50_s": pct(change, 50), "filter_p95_s": pct(change, 95),
        "filter_max_s": max(change, default=None),
        "server_cpu_s": cpu_seconds(pid) - cpu0, "client_cpu_s": _own_cpu() - own0,
        "server_rss_mib": rss_mib(pid), "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
    }


def _own_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def snapshot(rev: str, dest: Path) -> str:
    """The repository's files at commit `rev` (git archive) in `dest`: the server then runs code that nobody edits
    during the run (the checkout is shared). Returns the full commit hash."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"], check=True,
                            capture_output=True, text=True, timeout=30).stdout.strip()
    dest.mkdir(parents=True)
    with subprocess.Popen(["git", "-C", str(ROOT), "archive", "--format=tar", commit], stdout=subprocess.PIPE) as git:
        with tarfile.open(fileobj=git.stdout, mode="r|") as tar:
            tar.extractall(dest, filter="data")
        if git.wait(timeout=60) != 0:
            raise RuntimeError(f"git archive {commit} failed")
    return commit


def run(corpus: Path, sessions: list[int], changes: int, flags: tuple[str, ...] = (), think: float = 0.0,
        at: str | None = None) -> dict:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="news-load-") as tmp:
        server_log = Path(tmp) / "server.log"
        src, code = ROOT, "the working tree"
        if at:
            src = Path(tmp) / "src"
            code = f"commit {snapshot(at, src)[:12]} (git archive)"
            if corpus.is_relative_to(ROOT):  # the corpus as committed
                corpus = src / corpus.relative_to(ROOT)
        cmd = [sys.executable, "-m", "ui.serve", "--corpus", str(corpus), "--port", str(port), "--headless",
               "--server.address", HOST, "--server.fileWatcherType", "none"]
        for flag in flags:  # other Streamlit options, e.g. runner.postScriptGC=false
            key, _, value = flag.partition("=")
            cmd += [f"--{key.removeprefix('--')}", value]
        env = {**os.environ, "NEWS_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("NEWS_CORPUS", None)
        with server_log.open("w") as logf:
            proc = subprocess.Popen(cmd, cwd=src, env=env, stdout=logf, stderr=subprocess.STDOUT)
            try:
                res: dict = {"code": code, "healthy_s": wait_healthy(port, proc)}
                warm = phase(port, proc.pid, 1, 0)  # the first page on a cold cache: analysis, not load
                res["warmup"] = {k: warm[k] for k in ("errors", "errors_by_kind", "error_details", "first_max_s")}
                print(f"warm-up: {res['warmup']}", flush=True)
                res["phases"] = []
                for n in sessions:
                    p = phase(port, proc.pid, n, changes, think)
                    print(_line(p), flush=True)
                    res["phases"].append(p)
                    if proc.poll() is not None:
                        raise RuntimeError(f"the server exited with status {proc.returncode}")
            finally:
                stop(proc)
        logged = server_log_errors(server_log.read_text(errors="replace"))
        res["server_log_errors"] = len(logged)
        res["server_log_first"] = [f"{n}× {x}" for x, n in Counter(logged).most_common(5)]
        for x in res["server_log_first"]:
            print(f"server log: {x}", file=sys.stderr)
    return res


def _line(p: dict) -> str:
    f = _fmt
    return (f"N={p['sessions']}: errors {p['errors']} {p['errors_by_kind'] or ''}, {p['reruns_per_s']:.2f} reruns/s, "
            f"first page p50 {f(p['first_p50_s'])} p95 {f(p['first_p95_s'])}, filter change p50 "
            f"{f(p['filter_p50_s'])} p95 {f(p['filter_p95_s'])} max {f(p['filter_max_s'])}, server CPU "
            f"{p['server_cpu_s']:.1f} s, client CPU {p['client_cpu_s']:.1f} s, wall {p['wall_s']:.1f} s, load "
            f"{p['loadavg_before'][0]:.1f}→{p['loadavg_after'][0]:.1f}")


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f} s"


# --- the report -----------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(x.split(":", 1)[1].strip() for x in Path("/proc/cpuinfo").read_text().splitlines()
                   if x.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import platform

    import streamlit

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, Streamlit {streamlit.__version__}"


INTRO = """# Load benchmark (`python -m bench.load`)

One server (`python -m ui.serve`, as `make run` starts it, cache in a fresh temporary folder), N sessions at
once driven by a light websocket client speaking Streamlit's protocol (no browser: bench/load.py). Each session
loads the first page (Overview), then changes the sidebar's Language filter K times (one language after another,
the last change clears it), each change sent as soon as the previous page settled (no think time unless
`--think S` is given: then a pause uniform in 0..2S s before each change), so by default harsher than N people.
Times run from sending a rerun to its `script_finished`; the first page from opening the websocket. Errors:
exceptions or `st.error` in the page, disconnects, reruns over 60 s, and filter changes that did not change the
page's "N of M articles" line. A warm-up session (not counted) first analyses the corpus. The server is one
Python process: its script runs share one interpreter lock, so it uses about one core whatever the machine has.
Goal (issue 11): 25 sessions, 0 errors, p95 of a filter change ≤ 3 s on the bundled corpus.
"""


def section(res: dict, args: str, when: str, note: str) -> str:
    lines = [f"## Run of {when}", "", f"Machine: {machine()}.",
             f"Command: `python -m bench.load {args}`. Server code: {res['code']}.",
             f"Server healthy after {res['healthy_s']:.1f} s; warm-up first page (cold cache, analyses the corpus) "
             f"{_fmt(res['warmup']['first_max_s'])}, {res['warmup']['errors']} errors. Server log: "
             f"{res['server_log_errors']} tracebacks.", ""]
    if note:
        lines += [note, ""]
    lines += ["| sessions | errors | reruns/s (all) | first page p50 | p95 | filter change p50 | p95 | max | changes "
              "| server CPU s (per rerun) | load avg before → after |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in res["phases"]:
        err = str(p["errors"]) + (f" ({', '.join(f'{k} {v}' for k, v in p['errors_by_kind'].items())})"
                                  if p["errors"] else "")
        lines.append(f"| {p['sessions']} | {err} | {p['reruns_per_s']:.2f} | {_fmt(p['first_p50_s'])} | "
                     f"{_fmt(p['first_p95_s'])} | {_fmt(p['filter_p50_s'])} | {_fmt(p['filter_p95_s'])} | "
                     f"{_fmt(p['filter_max_s'])} | {p['filter_n']} | {p['server_cpu_s']:.1f} "
                     f"({p['server_cpu_s'] / max(1, p['reruns_ok']):.2f}) | "
                     f"{p['loadavg_before'][0]:.1f} → {p['loadavg_after'][0]:.1f} |")
    goal = next((p for p in res["phases"] if p["sessions"] == GOAL["sessions"]), None)
    if goal is not None:
        met = goal["errors"] == GOAL["errors"] and (goal["filter_p95_s"] or 1e9) <= GOAL["filter_p95_s"]
        lines += ["", f"Goal at {GOAL['sessions']} sessions (0 errors, filter change p95 ≤ {GOAL['filter_p95_s']} s): "
                  f"**{'met' if met else 'missed'}** ({goal['errors']} errors, p95 {_fmt(goal['filter_p95_s'])})."]
    details = [d for p in res["phases"] for d in p["error_details"]] + res["server_log_first"]
    if details:
        lines += ["", "Errors seen (first few): " + "; ".join(f"`{d[:160]}`" for d in details[:8])]
    return "\n".join(lines) + "\n"


def write(res: dict, args: str, note: str, out: Path = OUT) -> None:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    earlier = findings = ""
    if out.exists():  # keep the hand-written findings and the last runs (the newest run goes first)
        old = out.read_text()
        i = old.find("\n## Run of ")
        f = old.find("\n## Findings")
        if f >= 0:
            findings = old[f + 1:i if i > f else len(old)].rstrip() + "\n\n"
        if i >= 0:
            end = f if f > i else len(old)
            runs = old[i + 1:end].split("\n## Run of ")
            earlier = "\n".join(("## Run of " + r if not r.startswith("## Run of ") else r).rstrip() + "\n"
                                for r in runs[:5])
    text = INTRO + "\n" + findings + section(res, args, when, note) + ("\n" + earlier if earlier else "")
    out.write_text(text)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    p.add_argument("--sessions", default="1,10,25", help="comma-separated session counts, one phase each")
    p.add_argument("--changes", type=int, default=5, help="filter changes per session")
    p.add_argument("--corpus", default="data/corpus")
    p.add_argument("--think", type=float, default=0.0,
                   help="mean seconds a session waits before each change (uniform 0..2×; default 0: none)")
    p.add_argument("--at", metavar="REV", help="run the server on the files of this commit (git archive into a "
                   "temporary folder) instead of the working tree, e.g. HEAD on a checkout others are editing")
    p.add_argument("--note", default="", help="a line written beside the numbers (e.g. how busy the machine was)")
    p.add_argument("--flag", action="append", default=[], metavar="KEY=VALUE",
                   help="a Streamlit option for the server (repeatable), e.g. runner.postScriptGC=false")
    p.add_argument("--no-write", action="store_true", help="print only; leave bench/LOAD.md alone")
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    sessions = [int(x) for x in a.sessions.split(",") if x.strip()]
    corpus = Path(a.corpus)
    corpus = (corpus if corpus.is_absolute() else ROOT / corpus).resolve()
    if not corpus.is_dir():
        print(f"no corpus folder {a.corpus}", file=sys.stderr)
        return 2
    res = run(corpus, sessions, a.changes, tuple(a.flag), a.think, a.at)
    if not a.no_write:
        args = f"--sessions {a.sessions} --changes {a.changes} --corpus {a.corpus}"
        args += (f" --think {a.think:g}" if a.think else "") + (f" --at {a.at}" if a.at else "")
        write(res, args + "".join(f" --flag {f}" for f in a.flag), a.note)
    return 1 if any(p["errors"] for p in res["phases"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
