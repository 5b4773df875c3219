"""Every string of the project's code and templates has Spanish, and the compiled catalogue is current.

Extraction runs Django's `makemessages` (GNU gettext) into a temporary folder, never into the
repository's catalogue. Without gettext the check is skipped locally and fails in CI
(LUMINO_REQUIRE_GETTEXT=1, set by .ci/run, which installs Debian's `gettext`).
"""

import os
import shutil
import subprocess
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, override_settings

import polib
import pytest

CATALOGUE = Path(settings.BASE_DIR, "locale", "es", "LC_MESSAGES", "django.po")
COMPILED = CATALOGUE.with_suffix(".mo")
# Folders of the repository whose strings are not shown to anyone (or not ours).
NOT_SCANNED = {".git", ".venv", "locale", "node_modules", "staticfiles", "media", "private_media", ".test-media"}
IGNORED = ["*/tests/*", "e2e/*", "bench/*", "docs/*", "deploy/*"]


def gettext_missing():
    tools = ["xgettext", "msguniq", "msgmerge", "msgattrib", "msgfmt"]
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    message = f"GNU gettext is not installed ({', '.join(missing)} missing): apt-get install gettext"
    if os.environ.get("LUMINO_REQUIRE_GETTEXT") == "1":
        pytest.fail(f"LUMINO_REQUIRE_GETTEXT=1 but {message}", pytrace=False)
    pytest.skip(message)


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def is_translated(entry):
    if "fuzzy" in entry.flags or entry.obsolete:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def extract_messages(workdir):
    """The project's msgids with their source locations, as `makemessages` finds them today."""
    source = workdir / "source"
    source.mkdir()
    for item in Path(settings.BASE_DIR).iterdir():
        if item.name not in NOT_SCANNED:
            (source / item.name).symlink_to(item, target_is_directory=item.is_dir())
    locale = source / "locale"
    locale.mkdir()
    cwd = os.getcwd()
    os.chdir(source)  # makemessages scans the current folder and writes under its ./locale
    try:
        with override_settings(LOCALE_PATHS=[locale]):
            call_command(
                "makemessages",
                locale=["es"],
                extensions=["html", "txt", "py"],
                symlinks=True,
                ignore_patterns=IGNORED,
                verbosity=0,
                stdout=StringIO(),
            )
    finally:
        os.chdir(cwd)
    return polib.pofile(str(locale / "es" / "LC_MESSAGES" / "django.po"))


class CatalogueCoverageTests(SimpleTestCase):
    def test_every_string_of_the_code_and_templates_has_spanish(self):
        gettext_missing()
        workdir = Path(self.enterContext(tempfile.TemporaryDirectory(prefix="lumino-messages-")))
        extracted = extract_messages(workdir)
        catalogue = {key(entry): entry for entry in polib.pofile(str(CATALOGUE))}
        problems = []
        for entry in extracted:
            if not entry.msgid:
                continue
            ours = catalogue.get(key(entry))
            if ours is not None and is_translated(ours):
                continue
            why = "missing" if ours is None else "fuzzy" if "fuzzy" in ours.flags else "untranslated"
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences) or "?"
            context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
            problems.append(f"{why}: {entry.msgid!r}{context} at {where}")
        self.assertEqual(
            problems,
            [],
            f"{len(problems)} string(s) without Spanish. Append their msgid/msgstr at the end of "
            f"{CATALOGUE.relative_to(settings.BASE_DIR)}, then compilemessages.",
        )

    def test_the_catalogues_pass_msgfmt_check(self):
        gettext_missing()
        for source_path in sorted(CATALOGUE.parent.glob("*.po")):
            result = subprocess.run(  # noqa: S603 (fixed arguments)
                ["msgfmt", "--check", "-o", os.devnull, str(source_path)],  # noqa: S607 (gettext from PATH)
                capture_output=True,
                text=True,
                check=False,
            )
            self.assertEqual(result.returncode, 0, result.stderr)


class CompiledCatalogueTests(SimpleTestCase):
    """The .mo Django reads must say what the .po says (compared by content: git has no useful mtimes)."""

    def test_the_compiled_catalogues_match_their_sources(self):
        for source_path in sorted(CATALOGUE.parent.glob("*.po")):
            with self.subTest(catalogue=source_path.name):
                self.assertEqual(
                    compiled_differences(source_path),
                    [],
                    f"{source_path.with_suffix('.mo').name} is out of date: run "
                    "`manage.py compilemessages --ignore '.venv/*'` and commit it.",
                )


def compiled_differences(source_path):
    source = {key(entry): entry for entry in polib.pofile(str(source_path)) if is_translated(entry)}
    compiled = {key(entry): entry for entry in polib.mofile(str(source_path.with_suffix(".mo"))) if entry.msgid}
    differences = []
    for msg_key in sorted(source.keys() | compiled.keys()):
        want, have = source.get(msg_key), compiled.get(msg_key)
        if want is None:
            differences.append(f"only in the .mo: {msg_key[1]!r}")
        elif have is None:
            differences.append(f"not compiled: {msg_key[1]!r}")
        elif (want.msgstr, _plurals(want)) != (have.msgstr, _plurals(have)):
            differences.append(f"compiled differently: {msg_key[1]!r}")
    return differences


def _plurals(entry):
    return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural, key=int)]
