"""DRY RUN ONLY: see __init__.py."""


def _unavailable(*_args, **_kwargs):
    raise RuntimeError("safetensors dry-run stand-in called")


load_file = save_file = load = save = _unavailable
