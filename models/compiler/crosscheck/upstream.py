"""Importing and running upstream PartCrafter (wgsxm/PartCrafter src/models, on diffusers building
blocks) and transformers' Dinov2Model from the copies copy-upstream.sh made, in float32 on the CPU,
called the way upstream's pipeline calls them. Needs torch; transformers only for the image encoder."""

import importlib
import inspect
import json
import os
import sys
import types

import kitio


_ROOTS = []


def put_on_path(upstream_dir, diffusers_src):
    """The carried trees go first on sys.path so the versions named in UPSTREAM.json are the ones run."""
    for p in (os.path.join(upstream_dir, "einops"), diffusers_src, os.path.join(upstream_dir, "partcrafter")):
        p = os.path.abspath(p)
        if not os.path.isdir(p):
            raise kitio.KitError(f"{p} does not exist: run models/compiler/crosscheck/copy-upstream.sh and carry .crosscheck")
        if p not in sys.path:
            sys.path.insert(0, p)
        _ROOTS.append(p)


def install_import_stubs(notes, force=()):
    """Stand-ins for modules that upstream files import but the forward passes here never use, installed
    only when the real one is missing (or named in `force`, for testing the stand-ins)."""

    def missing(name):
        if name in force:
            return True
        try:
            importlib.import_module(name)
            return False
        except ImportError:
            return True

    # autoencoder_kl_triposg.py imports torch_cluster.fps (a compiled PyG extension) for the farthest-point
    # sampling of VAE *encoding*; decoding, the only path run here, never calls it.
    if missing("torch_cluster"):
        m = types.ModuleType("torch_cluster")

        def fps(*_args, **_kwargs):
            raise RuntimeError("torch_cluster stand-in: the cross-check never encodes point clouds")

        m.fps = fps
        sys.modules["torch_cluster"] = m
        notes.append("torch_cluster not installed: stand-in fps installed (only VAE encoding uses it)")

    # diffusers checks at import that requests and filelock are installed (dependency_versions_check.py,
    # for its hub downloads); nothing here downloads. Only when one is missing is the check replaced.
    if missing("requests") or missing("filelock"):
        m = types.ModuleType("diffusers.dependency_versions_check")
        m.dep_version_check = lambda *_args, **_kwargs: None
        sys.modules["diffusers.dependency_versions_check"] = m
        notes.append("requests or filelock not installed: diffusers' import-time version check skipped")
        for name in ("requests", "filelock"):
            if missing(name):
                sys.modules[name] = _inert_module(name)
                notes.append(f"{name} not installed: inert stand-in module (diffusers only uses it to download)")

    # diffusers.utils imports PIL at import time for its image helpers; the models never touch images.
    if missing("PIL"):
        shims = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shims")
        sys.path.insert(0, shims)
        for name in [n for n in sys.modules if n == "PIL" or n.startswith("PIL.")]:
            del sys.modules[name]
        notes.append("Pillow not installed: shims/PIL stand-in (names only; diffusers' image helpers are never called)")


def _inert_module(name):
    """A module whose every attribute is a do-nothing class, enough for `import x` and `from x import Y`."""

    class Inert(Exception):
        def __init__(self, *args, **kwargs):
            super().__init__(*args)

        def __call__(self, *args, **kwargs):
            raise RuntimeError(f"{name} stand-in called: the cross-check does no network or file locking")

    def module_getattr(attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return Inert

    m = types.ModuleType(name)
    m.__getattr__ = module_getattr
    m.__version__ = "0+stand-in"
    return m


def import_upstream():
    """PartCrafter's DiT and VAE classes, imported as its package `src.models` (relative imports)."""
    transformer = importlib.import_module("src.models.transformers.partcrafter_transformer")
    vae = importlib.import_module("src.models.autoencoders.autoencoder_kl_triposg")
    # Each must come from the carried copy put_on_path named, not from something installed.
    for m in (transformer, vae, importlib.import_module("diffusers"), importlib.import_module("einops")):
        path = os.path.abspath(m.__file__)
        if not any(os.path.commonpath([path, root]) == root for root in _ROOTS):
            raise kitio.KitError(f"{m.__name__} was imported from {path}, not from the carried upstream copy")
    return transformer.PartCrafterDiTModel, vae.TripoSGVAEModel


def _init_kwargs(cls, config):
    """The config.json entries the class's __init__ takes (drops _class_name, _diffusers_version, ...)."""
    params = inspect.signature(cls.__init__).parameters
    return {k: v for k, v in config.items() if k in params and k != "self"}


def _read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _dino_config(config_class, folder):
    """The kit's Dinov2Config. The kit's JSON is written from JavaScript, which spells 1.0 as 1, and
    transformers 5's strict config dataclasses refuse an int for a float field (layerscale_value): an
    int is made a float wherever the class's default for that field is a float."""
    raw = _read_json(os.path.join(folder, "config.json"))
    defaults = config_class()
    for key, value in raw.items():
        if isinstance(value, int) and not isinstance(value, bool) and isinstance(getattr(defaults, key, None), float):
            raw[key] = float(value)
    return config_class.from_dict(raw)


def _state_dict(torch, path):
    # Every weight as float32: the checkpoint's float16 DINO weights widen exactly.
    return {k: torch.from_numpy(v.astype("float32")) for k, v in kitio.read_safetensors(path).items()}


def _load(model, state, label, allow_missing=()):
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.startswith(tuple(allow_missing))]
    if missing or unexpected:
        raise kitio.KitError(f"{label}: checkpoint does not match upstream's module: missing {missing[:8]}, unexpected {unexpected[:8]}")


class Upstream:
    """The three upstream modules built from the kit's checkpoint folder."""

    def __init__(self, checkpoint_dir, notes, with_dino=True):
        import torch

        self.torch = torch
        dit_cls, vae_cls = import_upstream()
        ck = checkpoint_dir

        self.dit = dit_cls(**_init_kwargs(dit_cls, _read_json(os.path.join(ck, "transformer", "config.json"))))
        _load(self.dit, _state_dict(torch, os.path.join(ck, "transformer", "diffusion_pytorch_model.safetensors")), "transformer")
        self.dit.float().eval()

        self.vae = vae_cls(**_init_kwargs(vae_cls, _read_json(os.path.join(ck, "vae", "config.json"))))
        # The kit's VAE file holds the decoder path only (what the compiler reads); the encoder and quant
        # layers stay at their random init and are never run.
        _load(self.vae, _state_dict(torch, os.path.join(ck, "vae", "diffusion_pytorch_model.safetensors")), "vae", ("encoder.", "quant."))
        self.vae.float().eval()

        processors = {name: type(p).__name__ for name, p in self.dit.attn_processors.items()}
        notes.append("DiT processors: " + ", ".join(f"{n.split('.processor')[0]}={c}" for n, c in sorted(processors.items())))
        # The pipeline calls vae.set_flash_decoder() before decoding, which swaps the cross block's
        # processor for FlashTripo2AttnProcessor2_0 (top-k keys on its first call). It is never called
        # here, so every VAE attention is TripoSGAttnProcessor2_0's full attention; checked, not assumed.
        vae_processors = {type(p).__name__ for p in self.vae.attn_processors.values()}
        if vae_processors != {"TripoSGAttnProcessor2_0"}:
            raise kitio.KitError(f"VAE attention processors are {sorted(vae_processors)}, expected full attention only")
        notes.append("VAE processors: all TripoSGAttnProcessor2_0 (set_flash_decoder not called: full attention)")

        self.dino = None
        if with_dino:
            from transformers import Dinov2Config, Dinov2Model

            config = _dino_config(Dinov2Config, os.path.join(ck, "image_encoder_dinov2"))
            self.dino = Dinov2Model(config)
            _load(self.dino, _state_dict(torch, os.path.join(ck, "image_encoder_dinov2", "model.safetensors")), "image_encoder_dinov2")
            self.dino.float().eval()
            notes.append(f"Dinov2Model attention implementation: {getattr(self.dino.config, '_attn_implementation', 'unknown')}")

    def run(self, case, inputs):
        """Upstream's output for one kit case, as a float32 numpy array."""
        torch = self.torch
        t = {k: torch.from_numpy(v) for k, v in inputs.items()}
        kind = case["kind"]
        with torch.no_grad():
            if kind == "image_encoder":
                out = self.dino(pixel_values=t["pixel_values"]).last_hidden_state
            elif kind == "dit":
                n = int(case["attrs"]["num_parts"])
                batch = t["hidden_states"].shape[0]
                # Upstream derives the part ids itself: arange(batch) for an int num_parts (the pipeline's
                # path, CFG rows included). The kit's explicit ids must be exactly that.
                if inputs["part_ids"].tolist() != list(range(batch)) or inputs["num_parts"].tolist() != [n]:
                    raise kitio.KitError(f"{case['name']}: part_ids/num_parts are not what upstream derives for num_parts={n}")
                out = self.dit(
                    t["hidden_states"], t["timestep"], encoder_hidden_states=t["encoder_hidden_states"],
                    attention_kwargs={"num_parts": n}, return_dict=False,
                )[0]
            elif kind == "vae_kv":
                # TripoSGDecoder.forward returns (logits, kv_cache); kv_cache is the self-attention stack's
                # output on post_quant(z), exactly what _decode keeps for every query chunk. The decoder
                # always answers a query too: one dummy point, which the kv does not depend on.
                z = self.vae.post_quant(t["latents"])
                _, out = self.vae.decoder(z, self.vae.embedder(torch.zeros(1, 1, 3)))
            elif kind == "vae_query":
                # Given a kv cache the decoder skips its self-attention blocks: the query graph's job.
                out, _ = self.vae.decoder(None, self.vae.embedder(t["points"]), kv_cache=t["kv"])
            elif kind == "vae_decode":
                out = self.vae.decode(t["latents"], sampled_points=t["points"]).sample
            else:
                raise kitio.KitError(f"unknown case kind {kind!r}")
        return out.detach().cpu().numpy().astype("float32")
