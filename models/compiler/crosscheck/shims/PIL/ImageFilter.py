"""PIL.ImageFilter stand-in: names only."""
from ._names import placeholder


def __getattr__(name):
    return placeholder("PIL.ImageFilter", name)
