"""blake2b, the hash that keys kzt's caches and entry checksums.

`hashlib.blake2b` is `_blake2.blake2b` (hashlib never takes blake2 from OpenSSL), but
`import hashlib` also loads OpenSSL's `_hashlib`: about 2 ms on every `kzt` run, for
hashes kzt never uses. Importing the built-in module directly skips that; an
interpreter without it falls back to hashlib. The digests are the same either way.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # not CPython, or built without it
    from hashlib import blake2b

__all__ = ["blake2b"]
