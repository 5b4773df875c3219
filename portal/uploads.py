"""Checks every upload of a zip-based file (office documents, workbooks, zip evidence) shares.

What a zip would unpack to is known from its directory before anything is extracted: too many
entries, too much data in all, or one entry compressed suspiciously well is a zip bomb. Each app
turns the refusal into its own error, with its own wording and limits.
"""

# Text-heavy XML compresses well (10-30×); a bomb compresses thousands of times.
ZIP_MAX_RATIO = 150
ZIP_RATIO_MIN_ENTRY = 1024 * 1024  # tiny entries can have any ratio without harm


class ZipRefused(Exception):
    """`reason` is "too_many_entries" (`count`), "too_large_unpacked" (`size`) or "ratio" (`ratio`)."""

    def __init__(self, reason, *, count=0, size=0, ratio=0):
        super().__init__(reason)
        self.reason, self.count, self.size, self.ratio = reason, count, size, ratio


def inspect_zip(archive, *, max_entries, max_unpacked):
    """The entries of an open `zipfile.ZipFile`, or ZipRefused when it would unpack to too much."""
    entries = archive.infolist()
    if len(entries) > max_entries:
        raise ZipRefused("too_many_entries", count=len(entries))
    total = sum(entry.file_size for entry in entries)
    if total > max_unpacked:
        raise ZipRefused("too_large_unpacked", size=total)
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > ZIP_RATIO_MIN_ENTRY and ratio > ZIP_MAX_RATIO:
            raise ZipRefused("ratio", ratio=ratio)
    return entries
