"""PIL.Image stand-in: the Image type and the resampling constants diffusers reads at import time."""
from ._names import placeholder


class Image:
    """Placeholder for PIL.Image.Image in type annotations."""


class Resampling:
    NEAREST = 0
    LANCZOS = 1
    BILINEAR = 2
    BICUBIC = 3
    BOX = 4
    HAMMING = 5


NEAREST, LANCZOS, BILINEAR, BICUBIC, BOX, HAMMING = 0, 1, 2, 3, 4, 5


def __getattr__(name):
    return placeholder("PIL.Image", name)
