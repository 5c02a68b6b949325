"""Stand-in for Pillow, put first on sys.path by upstream.install_import_stubs only where Pillow is not
installed: diffusers.utils imports PIL.Image and PIL.ImageOps at import time for image helpers that the
cross-check never calls. It provides names (for annotations and constant tables), no behaviour."""

__version__ = "10.0.0"  # >= 9.1, so diffusers builds its table from Image.Resampling
