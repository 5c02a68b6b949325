"""The numpy-only half of the cross-check: reading a kit made by make-kit.ts (kit.json, .npy files and
the checkpoint's safetensors), the error measures, and the report. Kept apart from crosscheck.py so it
is tested on machines without PyTorch (test_kitio.py)."""

import json
import math
import os
import struct

import numpy as np

KIT_FORMAT = "lumen-crosscheck-kit/1"


class KitError(Exception):
    """The kit is missing, from another format version, or a file in it does not match kit.json."""


def load_kit(kit_dir):
    path = os.path.join(kit_dir, "kit.json")
    if not os.path.isfile(path):
        raise KitError(f"{path} does not exist: run `npm run crosscheck:kit` and carry .crosscheck")
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    if index.get("format") != KIT_FORMAT:
        raise KitError(f"{path}: format {index.get('format')!r}, this script reads {KIT_FORMAT!r}")
    return index


def load_array(kit_dir, ref):
    """An array named in kit.json ({file, dtype, shape}), checked against what the index says."""
    path = os.path.join(kit_dir, ref["file"])
    a = np.load(path, allow_pickle=False)
    if str(a.dtype) != ref["dtype"] or list(a.shape) != list(ref["shape"]):
        raise KitError(f"{path}: {a.dtype} {list(a.shape)}, kit.json says {ref['dtype']} {ref['shape']}")
    return a


_SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64}


def read_safetensors(path):
    """name -> array in the file's own dtype (BF16 widened to float32, which is exact)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    body = memoryview(data)[8 + n :]
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        start, end = t["data_offsets"]
        raw = body[start:end]
        if t["dtype"] == "BF16":
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif t["dtype"] in _SAFETENSORS_DTYPES:
            a = np.frombuffer(raw, dtype=np.dtype(_SAFETENSORS_DTYPES[t["dtype"]]).newbyteorder("<"))
        else:
            raise KitError(f"{path}: {name} has dtype {t['dtype']}, which the kit never writes")
        if a.size != math.prod(t["shape"]):
            raise KitError(f"{path}: {name} holds {a.size} values for shape {t['shape']}")
        out[name] = a.reshape(t["shape"]).copy()
    return out


def error_stats(reference, got):
    """max |got - ref| and that divided by max |ref| (the error relative to the output's scale),
    computed in float64. A NaN or infinity anywhere makes both infinite, so it can never pass."""
    ref = np.asarray(reference, dtype=np.float64)
    g = np.asarray(got, dtype=np.float64)
    if ref.shape != g.shape:
        raise ValueError(f"shape {list(g.shape)}, expected {list(ref.shape)}")
    if not (np.all(np.isfinite(ref)) and np.all(np.isfinite(g))):
        return {"max_abs": math.inf, "max_rel": math.inf}
    max_abs = float(np.max(np.abs(g - ref))) if ref.size else 0.0
    scale = float(np.max(np.abs(ref))) if ref.size else 0.0
    return {"max_abs": max_abs, "max_rel": max_abs / scale if scale > 0 else (0.0 if max_abs == 0 else math.inf)}


class Report:
    """Rows of (case, what is compared, stats, tolerance or None for informational)."""

    def __init__(self):
        self.rows = []
        self.notes = []

    def add(self, case, graph, compare, stats, tolerance=None):
        passed = None if tolerance is None else bool(stats["max_rel"] <= tolerance)
        self.rows.append({"case": case, "graph": graph, "compare": compare, **stats, "tolerance": tolerance, "pass": passed})

    def note(self, line):
        self.notes.append(line)

    @property
    def gated(self):
        return [r for r in self.rows if r["pass"] is not None]

    @property
    def passed(self):
        return bool(self.gated) and all(r["pass"] for r in self.gated)

    def per_graph(self, compare):
        """graph -> worst max_abs and max_rel over the cases of one comparison."""
        worst = {}
        for r in self.rows:
            if r["compare"] != compare:
                continue
            w = worst.setdefault(r["graph"], {"max_abs": 0.0, "max_rel": 0.0, "cases": 0})
            w["max_abs"] = max(w["max_abs"], r["max_abs"])
            w["max_rel"] = max(w["max_rel"], r["max_rel"])
            w["cases"] += 1
        return worst

    def lines(self):
        out = [f"{'case':<30} {'graph':<14} {'compared':<44} {'max abs':>9} {'max rel':>9} {'tol':>7}  result"]
        for r in self.rows:
            tol = "-" if r["tolerance"] is None else f"{r['tolerance']:.0e}"
            result = "info" if r["pass"] is None else ("PASS" if r["pass"] else "FAIL")
            out.append(f"{r['case']:<30} {r['graph']:<14} {r['compare']:<44} {r['max_abs']:9.2e} {r['max_rel']:9.2e} {tol:>7}  {result}")
        return out

    def summary(self, extra=None):
        failed = [r for r in self.gated if not r["pass"]]
        return {
            "passed": self.passed,
            "checks": len(self.gated),
            "failed": len(failed),
            "rows": self.rows,
            "notes": self.notes,
            **(extra or {}),
        }
