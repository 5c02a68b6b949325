"""Any other name a stand-in module is asked for: a class that fails loudly if it is ever used."""


def placeholder(module, name):
    if name.startswith("__"):
        raise AttributeError(name)

    class Unavailable:
        def __init__(self, *args, **kwargs):
            raise RuntimeError(f"{module}.{name} called, but Pillow is not installed (stand-in)")

    Unavailable.__name__ = name
    return Unavailable
