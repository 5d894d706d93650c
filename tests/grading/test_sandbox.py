"""The grading sandbox itself: what code inside can see, touch and use.

Each test runs Python code through exactly the command a grading kernel is
started with (:func:`nnlib.grading.sandbox.bwrap_command` around
``python -m nnlib.grading.sandbox_kernel``), with ``--probe`` in place of the
kernel, and reads what the code printed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import nnlib
from nnlib.grading import sandbox
from nnlib.grading.cli import main
from nnlib.grading.limits import Limits, MiB, format_size, limit_hit, parse_size

from .toy_notebooks import make_submission

PROJECT = Path(nnlib.__file__).resolve().parents[1]


def run_inside(code: str, tmp_path, limits: Limits | None = None, timeout: float = 60):
    """Run ``code`` in the sandbox (filter included); return (exit status, stdout, stderr)."""
    limits = limits or Limits()
    kernel_dir = tmp_path / "kernel"
    kernel_dir.mkdir(exist_ok=True)
    uid = sandbox.kernel_uid()  # a fresh one per sandbox, as for every kernel
    inner = sandbox.inner_command(limits, uid, "--probe", textwrap.dedent(code))
    done = sandbox.run_inside(limits, kernel_dir, inner, uid, timeout=timeout)
    return done.returncode, done.stdout, done.stderr


def report_inside(code: str, tmp_path, **options) -> dict:
    code = textwrap.dedent(code) + "\nimport json; print(json.dumps(report))"
    status, out, err = run_inside(code, tmp_path, **options)
    assert status == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_the_sandbox_shows_only_the_system_python_nnlib_and_private_folders(tmp_path):
    secret = tmp_path / "instructor" / "grades.csv"
    secret.parent.mkdir()
    secret.write_text("ada,100\n")
    report = report_inside(
        f"""
        import os
        system = ("/usr", "/etc", "/proc", "/dev", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
        files = []
        for root, dirs, names in os.walk("/"):
            dirs[:] = [d for d in dirs if os.path.join(root, d) not in system]
            files += [os.path.join(root, name) for name in names]
        report = {{"files": files, "cwd": os.getcwd(), "cwd_files": os.listdir(".")}}
        report["etc"] = sorted(os.listdir("/etc"))
        report["secret"] = os.path.exists({str(secret)!r})
        report["sources"] = os.path.exists({str(PROJECT / "exercises" / "source")!r})
        """,
        tmp_path,
    )
    assert (report["cwd"], report["cwd_files"], report["secret"], report["sources"]) == (
        sandbox.HOME,
        [],
        False,
        False,
    )
    visible = [str(tree) for tree in sandbox.read_only_trees()] + [sandbox.KERNEL_DIR]
    outside = [f for f in report["files"] if not any(f == v or f.startswith(v + "/") for v in visible)]
    assert outside == []  # no file of the host but the system, Python, the environment and nnlib
    assert any(f.startswith(str(PROJECT / "nnlib") + "/") for f in report["files"])
    assert set(report["etc"]) <= set(sandbox._ETC) and "passwd" not in report["etc"]
    assert not any(f.startswith(str(PROJECT / "exercises")) for f in report["files"])


def test_nothing_but_the_private_folders_is_writable(tmp_path):
    # /, /dev and /dev/shm are in-memory file systems of the sandbox: writable, they would
    # let an answer fill the host's memory (their user owns them in a user namespace).
    report = report_inside(
        f"""
        import os
        report = {{}}
        places = ("/usr/x", "/etc/x", "/x", "/dev/x", "/dev/shm/x", "/run/x", "/home/x",
                  {str(PROJECT / "nnlib" / "x.py")!r}, {sys.prefix + "/x"!r})
        for path in places:
            try:
                open(path, "w").write("x")
                report[path] = "written"
            except OSError as exc:
                report[path] = exc.strerror
        for path in ("/tmp/scratch", "scratch"):
            open(path, "w").write("fine")
            report[path] = open(path).read()
        status = open("/proc/self/status").read()
        report["uid"], report["capabilities"] = os.getuid(), status.split("CapEff:")[1].split()[0]
        """,
        tmp_path,
    )
    assert report.pop("/tmp/scratch") == "fine" and report.pop("scratch") == "fine"
    assert report.pop("uid") != 0 and int(report.pop("capabilities"), 16) == 0
    assert set(report.values()) <= {"Read-only file system", "Permission denied"}, report


def test_there_is_no_network(tmp_path):
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    report = report_inside(
        f"""
        import socket
        report = {{}}
        for host, port in (("127.0.0.1", {port}), ("1.1.1.1", 53), ("pypi.org", 443)):
            try:
                socket.create_connection((host, port), timeout=2).close()
                report[host] = "connected"
            except OSError as exc:
                report[host] = type(exc).__name__
        report["interfaces"] = [name for _, name in socket.if_nameindex()]
        """,
        tmp_path,
    )
    listener.close()
    assert report.pop("interfaces") == ["lo"]
    assert "connected" not in report.values(), report


def test_threads_but_no_process_no_shared_memory_no_namespaces(tmp_path):
    # The system-call filter: per-process limits hold for the whole kernel only if it stays one
    # process, and memfd / System V shared memory / a private tmpfs would be memory of no process.
    report = report_inside(
        """
        import ctypes, errno, os, subprocess, sys, threading
        libc = ctypes.CDLL(None, use_errno=True)
        report = {}
        def attempt(name, call):
            try:
                result = call()
                failed = result is not None and result < 0
                report[name] = errno.errorcode[ctypes.get_errno()] if failed else "allowed"
            except OSError as exc:
                report[name] = errno.errorcode[exc.errno]
        attempt("thread", lambda: (threading.Thread(target=lambda: None).start(), None)[1])
        attempt("fork", lambda: os.fork() and None)
        attempt("subprocess", lambda: subprocess.run([sys.executable, "-c", "pass"]) and None)
        attempt("memfd_create", lambda: os.memfd_create("x"))
        attempt("shmget", lambda: libc.shmget(0, 1 << 20, 0o1600))
        attempt("semget", lambda: libc.semget(0, 32000, 0o1600))
        attempt("msgget", lambda: libc.msgget(0, 0o1600))
        attempt("setxattr", lambda: os.setxattr("/tmp", "user.x", b"x" * 1000))
        attempt("unshare", lambda: libc.unshare(0x10000000))          # CLONE_NEWUSER
        attempt("mount", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))
        """,
        tmp_path,
    )
    assert report.pop("thread") == "allowed"
    assert report == {"fork": "EAGAIN", "subprocess": "EAGAIN", "memfd_create": "EPERM", "shmget": "EPERM",
                      "semget": "EPERM", "msgget": "EPERM", "setxattr": "EPERM", "unshare": "EPERM",
                      "mount": "EPERM"}  # fmt: skip


@pytest.mark.parametrize(
    ("limit", "code", "expected"),
    [
        ("memory", "import numpy as np\nkeep = [np.ones(2**24) for _ in range(8)]", "MemoryError"),
        ("processes", "import os\nos.fork()", "[Errno 11]"),
        (
            "processes",
            "import threading, time\nfor _ in range(40):\n"
            "    threading.Thread(target=time.sleep, args=(5,), daemon=True).start()",
            "can't start new thread",
        ),
        ("file_size", "open('/tmp/big', 'wb').write(b'x' * (9 << 20))", "[Errno 27]"),
        ("disk", "for k in range(8):\n    open(f'/tmp/f{k}', 'wb').write(b'x' * (7 << 20))", "[Errno 28]"),
    ],
)
def test_each_limit_stops_the_code_that_exceeds_it(tmp_path, limit, code, expected):
    limits = Limits(memory=512 * MiB, processes=24, file_size=8 * MiB, disk=32 * MiB)
    status, _, err = run_inside(code, tmp_path, limits=limits, timeout=60)
    assert status != 0 and expected in err, err
    last = err.strip().splitlines()[-1]
    assert limit_hit(*last.split(": ", 1)) == limit


def test_the_cpu_time_limit_kills_with_sigxcpu(tmp_path):
    status, _, _ = run_inside("while True:\n    pass", tmp_path, limits=Limits(cpu_time=2), timeout=30)
    assert status == 128 + signal.SIGXCPU
    assert sandbox.exit_reason(status, Limits(cpu_time=2)) == "CPU time limit of 2 s exceeded"


def test_the_limits_cannot_be_raised_from_inside(tmp_path):
    report = report_inside(
        """
        import resource
        report = {}
        for name in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_CPU"):
            kind = getattr(resource, name)
            try:
                resource.setrlimit(kind, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
                report[name] = "raised"
            except (ValueError, OSError):
                report[name] = "refused"
        """,
        tmp_path,
    )
    assert set(report.values()) == {"refused"}, report


def test_sizes_and_limit_messages():
    assert parse_size("2GiB") == 2 << 30 and parse_size("512M") == 512 << 20 and parse_size("4096") == 4096
    assert format_size(2 << 30) == "2 GiB" and format_size(640 << 20) == "640 MiB"
    assert Limits().describe("memory") == "memory limit of 2 GiB exceeded"
    for bad in ("", "-1G", "2 parsecs", "0"):
        with pytest.raises(ValueError, match="expected a size|positive"):
            parse_size(bad)
    with pytest.raises(ValueError, match="'processes' must be a positive integer"):
        Limits(processes=0)


def test_grading_exits_2_with_one_line_when_bubblewrap_is_missing(
    tmp_path, capsys, monkeypatch, toy_source_dir
):
    submission = make_submission(tmp_path / "99_toy.ipynb")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["--source-dir", str(toy_source_dir), str(submission)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "bubblewrap is not installed" in captured.err and "--no-sandbox" in captured.err


def test_grading_exits_2_when_bubblewrap_cannot_start(tmp_path, capsys, monkeypatch, toy_source_dir):
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    submission = make_submission(tmp_path / "99_toy.ipynb")
    assert main(["--source-dir", str(toy_source_dir), str(submission)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err == "nnlib-grade: the sandbox (bubblewrap) cannot start here: "
        "bwrap: No permissions to create new namespace"
    )


def test_no_sandbox_is_explicit_and_the_report_says_so(tmp_path, capsys, monkeypatch, toy_source_dir):
    submission = make_submission(tmp_path / "99_toy.ipynb")
    json_path = tmp_path / "report.json"
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no bwrap needed without the sandbox
    argv = ["--source-dir", str(toy_source_dir), "--json", str(json_path), "--no-sandbox", str(submission)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "graded WITHOUT the sandbox (--no-sandbox)" in out and "Total: 5/5" in out
    report = json.loads(json_path.read_text())
    assert (
        report["sandbox"] is False
        and report["limits"] is None
        and report["submissions"][0]["sandbox"] is False
    )


def test_the_sandboxed_report_gives_its_limits(tmp_path, capsys, toy_source_dir):
    submission = make_submission(tmp_path / "99_toy.ipynb")
    json_path, csv_path = tmp_path / "report.json", tmp_path / "grades.csv"
    argv = ["--source-dir", str(toy_source_dir), "--json", str(json_path), "--csv", str(csv_path),
            "--memory", "1GiB", "--processes", "40", str(submission)]  # fmt: skip
    assert main(argv) == 0
    report = json.loads(json_path.read_text())
    assert (
        report["sandbox"] is True
        and report["limits"]["memory"] == 1 << 30
        and report["limits"]["processes"] == 40
    )
    assert "sandbox,error" in csv_path.read_text().splitlines()[0] and ",yes," in csv_path.read_text()
    assert "WITHOUT" not in capsys.readouterr().out


def test_bad_limit_options_are_refused_with_a_clear_message(capsys):
    with pytest.raises(SystemExit):
        main(["--memory", "lots", "x.ipynb"])
    assert "expected a size such as 2GiB" in capsys.readouterr().err


def test_many_kernels_at_once_each_get_their_own_process_budget(tmp_path):
    # Two sandboxes at the same time, each using most of a small process limit.
    limits = Limits(processes=16)
    code = (
        "import threading, time\n"
        "ts = [threading.Thread(target=time.sleep, args=(2,)) for _ in range(12)]\n"
        "[t.start() for t in ts]; [t.join() for t in ts]; print('ok')"
    )
    results = []

    def one(k):
        results.append(run_inside(code, tmp_path / f"k{k}", limits=limits))

    for k in range(2):
        (tmp_path / f"k{k}").mkdir()
    threads = [threading.Thread(target=one, args=(k,)) for k in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert [r[0] for r in results] == [0, 0] and all("ok" in r[1] for r in results), results


def test_the_kernel_sees_no_host_folder_in_the_sandboxs_command_line(tmp_path):
    report = report_inside(
        """
        report = {"cmdline": open("/proc/1/cmdline", "rb").read().decode().split(chr(0))}
        """,
        tmp_path,
    )
    assert "--bind" not in report["cmdline"] and "--ro-bind" not in report["cmdline"]
    assert str(tmp_path) not in " ".join(report["cmdline"])


def test_a_folder_the_guard_cannot_read_stops_the_kernel(tmp_path):
    from nnlib.grading import launcher

    class Running:
        nnlib_pid = None
        nnlib_info = None

        def poll(self):
            return None

    Running.nnlib_pid = 1  # its /proc/1/root/tmp is readable here; the kernel's own folder is not
    reason = launcher._guard(Running(), tmp_path / "gone", Limits(), started=True)
    assert reason == "disk space limit of 256 MiB exceeded (a folder the grader may not read)"


def test_the_guard_waits_for_the_sandbox_before_looking_inside(tmp_path):
    """While bubblewrap sets up, the kernel's root is still the host's, without its working folder."""
    from nnlib.grading import launcher
    from nnlib.grading.sandbox import HOME

    class SettingUp:
        nnlib_pid = 1  # a process whose root is the host's
        nnlib_info = None

        def poll(self):
            return None

    assert not Path(HOME).exists()
    assert launcher._guard(SettingUp(), tmp_path, Limits(), started=False) is None
    assert "may not read" in launcher._guard(SettingUp(), tmp_path, Limits(), started=True)


def test_the_guard_counts_the_kernels_files_not_folders_bound_from_the_host(tmp_path):
    """A clone under /tmp has its nnlib and venv bound inside the sandbox's /tmp: not the kernel's files."""
    import shutil

    code = (
        "import os; from nnlib.grading.launcher import _folder_use; "
        "os.makedirs('/mnt/box/own'); [open(f'/mnt/box/own/{i}', 'w').close() for i in range(3)]; "
        "print(_folder_use('/mnt/box', 10**6)[1])"
    )
    command = [
        shutil.which("bwrap"), "--dev-bind", "/", "/", "--tmpfs", "/mnt",
        "--ro-bind", "/usr/lib", "/mnt/box/bound",
        "--ro-bind", str(Path(nnlib.__file__).parents[1]), "/mnt/src",
        "--chdir", "/mnt/src", sys.executable, "-c", code,
    ]  # fmt: skip
    if os.geteuid() != 0:
        command[1:1] = ["--unshare-user"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 4  # own/ and its 3 files; not bound/ nor the thousands of files below it
