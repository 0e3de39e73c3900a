"""Build hook: compile the pickle interpreter with mypyc when possible, else ship it as Python.

Everything else about the package is in pyproject.toml. The interpreter modules
(``hauberk/supplychain/_pickle_{ops,values,literals,calls,vm}.py``) are ordinary typed Python; when
mypyc (the ``mypy`` build requirement) and a C compiler are available, ``pip install`` (wheel
or editable) also builds them as C extensions, which Python imports in preference to the
``.py`` files. When mypyc is missing, a compiler is missing (``CC=false``), or any step fails,
the install goes on without them and the same modules run as plain Python: the build never
fails because of this. ``HAUBERK_NO_COMPILE=1`` skips the compilation on purpose.

After a successful build, ``_pickle_native.json`` beside the extensions records the SHA-256 of
each compiled source; ``hauberk.supplychain._pickle`` ignores extensions whose sources have
changed since (an editable install after an edit) and runs the edited Python instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
PACKAGE = "hauberk.supplychain"
PARTS = ("_pickle_ops", "_pickle_values", "_pickle_literals", "_pickle_calls", "_pickle_vm")
SOURCES = [HERE / "src" / "hauberk" / "supplychain" / f"{part}.py" for part in PARTS]
DIGESTS = "_pickle_native.json"


def _say(message: str) -> None:
    print(f"hauberk setup: {message}", file=sys.stderr)


def _digests() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SOURCES}


def _extensions() -> list[Any]:
    """mypyc's extensions for the interpreter modules, or none (then pure Python)."""
    if os.environ.get("HAUBERK_NO_COMPILE") == "1":
        _say("HAUBERK_NO_COMPILE=1: the pickle interpreter stays pure Python")
        return []
    if sys.implementation.name != "cpython":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:
        _say(f"mypyc is not available ({exc}); the pickle interpreter stays pure Python")
        return []
    cwd = os.getcwd()
    try:
        os.chdir(HERE)  # mypyc writes its C files under build/ relative to here
        return list(
            mypycify(
                [
                    # Only these modules are type-checked and compiled: what they import from
                    # the rest of hauberk is typed Any (follow-imports=skip), so the build needs
                    # none of hauberk's dependencies and no project mypy config or plugin.
                    "--config-file",
                    str(HERE / "mypyc.ini"),
                    *[str(p.relative_to(HERE)) for p in SOURCES],
                ],
                opt_level="3",
                debug_level="0",
                group_name=f"{PACKAGE}._pickle_native",
            )
        )
    except BaseException as exc:  # mypyc exits through SystemExit on type errors
        _say(f"mypyc could not translate the pickle interpreter ({exc!r}); pure Python it is")
        return []
    finally:
        os.chdir(cwd)


class OptionalBuildExt(build_ext):
    """All the interpreter's extensions, or none: a failure removes what was built."""

    def run(self) -> None:
        if not self.extensions:
            return
        try:
            super().run()
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            _say(f"compiling the pickle interpreter failed ({exc!r}); it stays pure Python")
            self._remove_built()
            return
        target = Path(self.get_ext_fullpath(f"{PACKAGE}._pickle_vm")).parent
        (target / DIGESTS).write_text(json.dumps(_digests(), indent=1, sort_keys=True) + "\n")
        _say(f"compiled the pickle interpreter with mypyc into {target}")

    def _remove_built(self) -> None:
        """No partial build: an extension without its siblings would fail to import."""
        inplace = self.inplace
        editable = inplace or getattr(self, "editable_mode", False)
        for where in {False, editable}:  # the build folder, and the sources when in place
            self.inplace = where
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            Path(self.get_ext_fullpath(f"{PACKAGE}._pickle_vm")).with_name(DIGESTS).unlink(
                missing_ok=True
            )
        self.inplace = inplace

    def get_outputs(self) -> list[str]:
        outputs = [p for p in super().get_outputs() if Path(p).exists()]
        digests = Path(self.get_ext_fullpath(f"{PACKAGE}._pickle_vm")).parent / DIGESTS
        return [*outputs, str(digests)] if outputs and digests.exists() else outputs


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
