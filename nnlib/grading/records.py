"""Records: the values a test cell hands back from the learner's kernel to the grader.

A check in a grading kernel does not decide anything. It *publishes* the value
the learner's code produced as a Jupyter display output of its own MIME type
(:data:`RECORD_MIME`); nbval collects a cell's outputs in the grader's pytest
process, where the plugin stores them (:mod:`nnlib.grading.nbval_plugin`) and
the scorer decodes and compares them (:mod:`nnlib.grading.scoring`). Nothing is
written to a file the kernel could reach, and the records of a cell are the
outputs of *that* cell, numbered in the order they appear.

A value is an array (anything ``np.asarray`` turns into numbers, booleans or
text) or a tuple/list of such arrays (``(dX, dW, db)``), encoded as ``.npy``
bytes in base64: exact, and decoded with ``allow_pickle=False``.
"""

from __future__ import annotations

import base64
import io

import numpy as np

RECORD_MIME = "application/vnd.nnlib.record+json"
MAX_RECORD_BYTES = 8 << 20  # a record larger than this is refused (the check fails)
MAX_RECORDS_PER_CELL = 1000
_KINDS = "biufcUS"  # booleans, integers, floats, complex numbers, text: no objects


class RecordError(ValueError):
    """A value that cannot be handed back, or a payload that cannot be read."""


def _array_payload(value) -> str:
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged nested lists, objects whose __array__ raises, ...
        raise RecordError(f"a value of type {type(value).__name__} is not an array ({exc})") from None
    if array.dtype.kind not in _KINDS:
        raise RecordError(f"expected numbers, got a value of type {type(value).__name__}")
    if array.nbytes > MAX_RECORD_BYTES:
        raise RecordError(f"the value is too large ({array.nbytes} bytes)")
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _is_sequence_of_arrays(value) -> bool:
    """Return True for a tuple or list holding an array or a list: ``(dW, db)``, not ``[1.0, 2.0]``."""
    if not isinstance(value, (tuple, list)):
        return False
    return any(isinstance(v, (tuple, list)) or (isinstance(v, np.ndarray) and v.ndim > 0) for v in value)


def encode(name: str, value) -> dict:
    """Return the payload of one record.

    ``{"name", "arrays": [...], "sequence": bool}``, or ``{"name", "error"}`` when ``value``
    cannot be recorded.
    """
    try:
        if _is_sequence_of_arrays(value):
            return {"name": name, "arrays": [_array_payload(v) for v in value], "sequence": True}
        return {"name": name, "arrays": [_array_payload(value)], "sequence": False}
    except RecordError as exc:
        return {"name": name, "error": str(exc)}


def decode(payload: dict):
    """Return an ndarray, or a list of ndarrays for a sequence; :class:`RecordError` when unreadable."""
    if not isinstance(payload, dict):
        raise RecordError("a record must be a JSON object")
    if "error" in payload:
        raise RecordError(str(payload["error"])[:300])
    encoded = payload.get("arrays")
    if not isinstance(encoded, list) or not all(isinstance(a, str) for a in encoded):
        raise RecordError("a record needs a list of arrays")
    arrays = []
    for text in encoded:
        if len(text) > 2 * MAX_RECORD_BYTES:
            raise RecordError("the value is too large")
        try:
            array = np.load(io.BytesIO(base64.b64decode(text, validate=True)), allow_pickle=False)
        except Exception as exc:
            raise RecordError(f"the value cannot be read ({type(exc).__name__})") from None
        if not isinstance(array, np.ndarray) or array.dtype.kind not in _KINDS:
            raise RecordError("the value is not an array of numbers")
        arrays.append(array)
    if payload.get("sequence"):
        return arrays
    if len(arrays) != 1:
        raise RecordError("a single value needs exactly one array")
    return arrays[0]


def publish(payload: dict) -> None:
    """Send one record to the grader as a display output of the current cell."""
    from IPython.display import publish_display_data

    publish_display_data({RECORD_MIME: payload})


def records_in_outputs(outputs) -> list:
    """Return the record payloads among a cell's outputs (as nbval collected them), in order."""
    found = []
    for output in outputs or []:
        data = output.get("data") if isinstance(output, dict) else None
        if isinstance(data, dict) and RECORD_MIME in data:
            found.append(data[RECORD_MIME])
            if len(found) >= MAX_RECORDS_PER_CELL:
                break
    return found
