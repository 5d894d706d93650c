"""Grading reports: a terminal table, JSON, and a CSV gradebook (one row per submission).

Messages are cut to :data:`MAX_MESSAGE` characters (a learner's error message or
output can be megabytes long) and are always one line. Hints are shown for
exercises that did not pass. Test source code never appears in a report.
Every form says whether the kernels ran in the sandbox (``--no-sandbox``).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import asdict

MAX_MESSAGE = 300
TABLE_MESSAGE = 160
NO_SANDBOX = (
    "graded WITHOUT the sandbox (--no-sandbox): the answers ran with the grader's rights, "
    "so this grade is a self-check, not a grade"
)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0 and C1 control characters (ESC, BEL, CSI, ...)


def shorten(text: str | None, limit: int = MAX_MESSAGE) -> str:
    """One line, at most ``limit`` characters (with a note when cut), without control characters.

    An answer's error message reaches the instructor's terminal: escape sequences in it
    could clear the screen or rewrite the table, so every control character becomes "?".
    """
    text = _CONTROL.sub("?", " ".join((text or "").split()))
    if len(text) <= limit:
        return text
    suffix = " ... [truncated]"
    return text[: limit - len(suffix)].rstrip() + suffix


def _points(value: float) -> str:
    return f"{value:g}"


def feedback(exercise, limit: int = MAX_MESSAGE) -> str:
    """Return the message shown for one exercise: the failure (shortened), then the hint in full."""
    if exercise.status == "passed":
        return ""
    parts = [shorten(exercise.message, limit)]
    if exercise.hint and exercise.status != "missing":
        parts.append(f"Hint: {exercise.hint}")
    return " | ".join(p for p in parts if p)


def format_table(result) -> str:
    """Return the terminal report of one submission."""
    if result.error:
        return f"{result.path}: cannot be graded: {result.error}"
    header = ("Exercise", "Title", "Points", "Status", "Message or hint")
    rows = [
        (
            ex.id,
            ex.title,
            f"{_points(ex.points)}/{_points(ex.possible)}",
            ex.status,
            feedback(ex, TABLE_MESSAGE),
        )
        for ex in result.exercises
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
    title = f"{result.path} (source: {result.source_file or result.source})"
    lines = [_CONTROL.sub("?", title)]
    if not result.sandbox:
        lines.append(f"NOTE: {NO_SANDBOX}")
    for row in [header, *rows]:
        padded = [str(cell).ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        lines.append("  ".join(padded) + "  " + row[4])
        if row is header:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(header[4]))
    percent = 100.0 * result.points / result.possible if result.possible else 0.0
    lines.append(f"Total: {_points(result.points)}/{_points(result.possible)} points ({percent:.0f} %)")
    return "\n".join(lines)


def to_json(results, seed: int, limits=None) -> dict:
    """Return a JSON-ready summary of all submissions (``limits``: the sandbox's, None without one)."""
    submissions = []
    for result in results:
        entry = {"notebook": result.path, "source": result.source, "source_file": result.source_file,
                 "error": result.error,
                 "sandbox": result.sandbox}  # fmt: skip
        if not result.error:
            entry.update(
                points=result.points,
                possible=result.possible,
                exercises=[
                    {
                        "id": ex.id,
                        "title": ex.title,
                        "points": ex.points,
                        "possible": ex.possible,
                        "status": ex.status,
                        "message": shorten(ex.message),
                        "hint": ex.hint,
                    }
                    for ex in result.exercises
                ],
            )
        submissions.append(entry)
    sandboxed = all(result.sandbox for result in results)
    secret = next((r.judge_secret for r in results if r.judge_secret is not None), None)
    limits = asdict(limits) if limits and sandboxed else None
    return {"seed": seed, "judge_secret": secret, "sandbox": sandboxed, "limits": limits,
            "submissions": submissions}  # fmt: skip


def write_json(results, seed: int, path, limits=None) -> None:
    """Write :func:`to_json` of the results to ``path`` (indented JSON, one trailing newline)."""
    with open(path, "w", encoding="utf-8") as out:
        json.dump(to_json(results, seed, limits), out, indent=2)
        out.write("\n")


def write_csv(results, path) -> None:
    """One row per submission: total, possible, percent, sandbox, then points and status per exercise."""
    exercise_ids = []
    for result in results:
        for ex in result.exercises:
            if ex.id not in exercise_ids:
                exercise_ids.append(ex.id)
    columns = ["notebook", "source", "points", "possible", "percent", "sandbox", "error"]
    for exercise_id in exercise_ids:
        columns += [f"{exercise_id} points", f"{exercise_id} status"]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for result in results:
            row = {"notebook": result.path, "source": result.source or "", "error": result.error or "",
                   "sandbox": "yes" if result.sandbox else "no"}  # fmt: skip
            if not result.error:
                percent = 100.0 * result.points / result.possible if result.possible else 0.0
                row.update(
                    points=_points(result.points), possible=_points(result.possible), percent=f"{percent:.1f}"
                )
                for ex in result.exercises:
                    row[f"{ex.id} points"], row[f"{ex.id} status"] = _points(ex.points), ex.status
            writer.writerow([row.get(column, "") for column in columns])
