"""DRY RUN ONLY: Debian has no python3-safetensors, and diffusers imports it at import time. The
cross-check reads safetensors itself (kitio.read_safetensors), so nothing here is ever called; on the
device machine the real package is installed (transformers requires it)."""

__version__ = "0+dry-run"


class SafetensorError(Exception):
    pass


def safe_open(*_args, **_kwargs):
    raise RuntimeError("safetensors dry-run stand-in called")
