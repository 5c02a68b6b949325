"""The numpy-only parts of the cross-check (kitio.py, and the import stand-ins of upstream.py), run on
a kit that make-kit.test.ts builds and names in CROSSCHECK_KIT:
    CROSSCHECK_KIT=<kit dir> python3 -m unittest models/compiler/crosscheck/test_kitio.py"""

import json
import math
import os
import struct
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kitio  # noqa: E402
import upstream  # noqa: E402  (imports no torch at module level)

KIT = os.environ.get("CROSSCHECK_KIT")


def write_safetensors(path, tensors):
    """A safetensors file from (dtype, shape, raw bytes), laid out back to back."""
    header, offset, blobs = {}, 0, []
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    h = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


class Safetensors(unittest.TestCase):
    def test_decodes_f32_f16_bf16_and_i64(self):
        f32 = np.array([[1.5, -2.0], [3.25, 0.0]], dtype="<f4")
        f16 = np.array([0.5, -65504.0, 6.1e-5], dtype="<f2")
        bf16 = np.array([1.0, -3.0, 0.15625], dtype="<f4")
        bf16_raw = (bf16.view("<u4") >> 16).astype("<u2").tobytes()
        i64 = np.array([7, -1], dtype="<i8")
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "t.safetensors")
            write_safetensors(p, {"a": ("F32", [2, 2], f32.tobytes()), "b": ("F16", [3], f16.tobytes()),
                                  "c": ("BF16", [3], bf16_raw), "d": ("I64", [2], i64.tobytes())})
            t = kitio.read_safetensors(p)
        np.testing.assert_array_equal(t["a"], f32)
        self.assertEqual(t["b"].dtype, np.float16)
        np.testing.assert_array_equal(t["b"], f16)
        np.testing.assert_array_equal(t["c"], bf16)  # these values are exact in bfloat16
        np.testing.assert_array_equal(t["d"], i64)

    def test_refuses_a_size_that_does_not_match_the_shape(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "t.safetensors")
            write_safetensors(p, {"a": ("F32", [3], np.zeros(2, "<f4").tobytes())})
            with self.assertRaisesRegex(kitio.KitError, "holds 2 values for shape"):
                kitio.read_safetensors(p)


class ErrorStats(unittest.TestCase):
    def test_relative_to_the_reference_scale(self):
        s = kitio.error_stats(np.array([1.0, -4.0]), np.array([1.5, -4.0], dtype=np.float32))
        self.assertEqual(s, {"max_abs": 0.5, "max_rel": 0.125})

    def test_nan_or_inf_can_never_pass(self):
        self.assertEqual(kitio.error_stats([1.0, 2.0], [1.0, math.nan])["max_rel"], math.inf)
        self.assertEqual(kitio.error_stats([1.0, math.inf], [1.0, 2.0])["max_abs"], math.inf)

    def test_shape_mismatch_is_an_error(self):
        with self.assertRaisesRegex(ValueError, r"shape \[1, 2\], expected \[2\]"):
            kitio.error_stats(np.zeros(2), np.zeros((1, 2)))


class ReportTests(unittest.TestCase):
    def test_gates_and_information(self):
        r = kitio.Report()
        r.add("a", "dit", "ORT cpu f32 vs upstream", {"max_abs": 1e-6, "max_rel": 5e-7}, 1e-4)
        r.add("b", "dit", "ORT cpu f32 vs upstream", {"max_abs": 2e-6, "max_rel": 9e-7}, 1e-4)
        r.add("a", "dit", "ORT cpu q4 vs upstream", {"max_abs": 0.3, "max_rel": 0.2})
        self.assertTrue(r.passed)
        self.assertEqual(len(r.gated), 2)
        self.assertEqual(r.per_graph("ORT cpu f32 vs upstream"), {"dit": {"max_abs": 2e-6, "max_rel": 9e-7, "cases": 2}})
        r.add("c", "vaeKv", "ORT cpu f32 vs upstream", {"max_abs": 1.0, "max_rel": 0.5}, 1e-4)
        self.assertFalse(r.passed)
        s = r.summary({"tolerance": 1e-4})
        self.assertEqual((s["checks"], s["failed"], s["tolerance"]), (3, 1, 1e-4))
        lines = r.lines()
        self.assertIn("FAIL", lines[-1])
        self.assertIn("info", lines[3])

    def test_no_gated_rows_is_not_a_pass(self):
        r = kitio.Report()
        r.add("a", "dit", "ORT cpu q4 vs upstream", {"max_abs": 0.3, "max_rel": 0.2})
        self.assertFalse(r.passed)


class Stubs(unittest.TestCase):
    def test_inert_module_supports_the_imports_diffusers_makes(self):
        m = upstream._inert_module("requests_standin_test")
        sys.modules["requests_standin_test"] = m
        try:
            from requests_standin_test import HTTPError  # noqa: PLC0415

            self.assertTrue(issubclass(HTTPError, Exception))
            with self.assertRaises(AttributeError):
                m.__wrapped__  # noqa: B018 — dunder lookups must not be faked
        finally:
            del sys.modules["requests_standin_test"]

    def test_torch_cluster_stand_in_refuses_to_sample(self):
        saved = sys.modules.pop("torch_cluster", None)
        notes = []
        try:
            upstream.install_import_stubs(notes, force=("torch_cluster",))
            with self.assertRaisesRegex(RuntimeError, "never encodes"):
                sys.modules["torch_cluster"].fps(None, None, ratio=0.25)
            self.assertTrue(any("torch_cluster" in n for n in notes))
        finally:
            sys.modules.pop("torch_cluster", None)
            if saved is not None:
                sys.modules["torch_cluster"] = saved


@unittest.skipUnless(KIT, "CROSSCHECK_KIT names no kit (make-kit.test.ts sets it)")
class Kit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = kitio.load_kit(KIT)

    def test_every_array_matches_its_index_entry(self):
        for case in self.index["cases"]:
            for ref in [*case["inputs"].values(), case["reference"], *case["outputs"].values()]:
                a = kitio.load_array(KIT, ref)
                self.assertTrue(np.all(np.isfinite(a)), ref["file"])

    def test_error_stats_agree_with_the_typescript_side(self):
        for case in self.index["cases"]:
            ref = kitio.load_array(KIT, case["reference"])
            for name, out in case["outputs"].items():
                s = kitio.error_stats(ref, kitio.load_array(KIT, out))
                ts = out["vsReference"]
                self.assertAlmostEqual(s["max_abs"], ts["maxAbs"], delta=1e-12 * max(1.0, ts["maxAbs"]), msg=f"{case['name']} {name}")
                self.assertAlmostEqual(s["max_rel"], ts["maxRel"], delta=1e-12 * max(1.0, ts["maxRel"]), msg=f"{case['name']} {name}")

    def test_dit_cases_carry_upstreams_part_ids(self):
        for case in (c for c in self.index["cases"] if c["kind"] == "dit"):
            ids = kitio.load_array(KIT, case["inputs"]["part_ids"])
            self.assertEqual(ids.tolist(), list(range(ids.shape[0])))
            self.assertEqual(ids.shape[0], 2 * case["attrs"]["num_parts"])
            ctx = kitio.load_array(KIT, case["inputs"]["encoder_hidden_states"])
            n = case["attrs"]["num_parts"]
            self.assertEqual(float(np.abs(ctx[:n]).max()), 0.0)  # unconditional half: zeros
            self.assertTrue(all(np.array_equal(ctx[n], ctx[r]) for r in range(n, 2 * n)))

    def test_checkpoint_reads_in_the_official_layout(self):
        ck = os.path.join(KIT, self.index["checkpoint"])
        dino = kitio.read_safetensors(os.path.join(ck, "image_encoder_dinov2", "model.safetensors"))
        with open(os.path.join(ck, "image_encoder_dinov2", "config.json"), encoding="utf-8") as f:
            cfg = json.load(f)
        grid = cfg["image_size"] // cfg["patch_size"]
        self.assertEqual(dino["embeddings.position_embeddings"].shape, (1, 1 + grid * grid, cfg["hidden_size"]))
        self.assertEqual(dino["embeddings.position_embeddings"].dtype, np.float16)
        dit = kitio.read_safetensors(os.path.join(ck, "transformer", "diffusion_pytorch_model.safetensors"))
        with open(os.path.join(ck, "transformer", "config.json"), encoding="utf-8") as f:
            tcfg = json.load(f)
        self.assertEqual(dit["part_embedding.weight"].shape, (tcfg["max_num_parts"], tcfg["width"]))
        skips = sorted({int(k.split(".")[1]) for k in dit if ".skip_linear." in k})
        self.assertEqual(skips, list(range(tcfg["num_layers"] // 2 + 1, tcfg["num_layers"])))

    def test_a_wrong_format_or_shape_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaisesRegex(kitio.KitError, "npm run crosscheck:kit"):
                kitio.load_kit(d)
            with open(os.path.join(d, "kit.json"), "w", encoding="utf-8") as f:
                json.dump({"format": "other/9"}, f)
            with self.assertRaisesRegex(kitio.KitError, "format 'other/9'"):
                kitio.load_kit(d)
        ref = dict(self.index["cases"][0]["reference"], shape=[1])
        with self.assertRaisesRegex(kitio.KitError, "kit.json says"):
            kitio.load_array(KIT, ref)


if __name__ == "__main__":
    unittest.main()
