"""Find English that reaches a Spanish screen: the msgids looked up while rendering that no
catalogue translates (Wagtail's and allauth's own catalogues have gaps the project fills)."""

from contextlib import contextmanager

from django.utils.translation import trans_real


@contextmanager
def untranslated_lookups(language="es"):
    """Yields a set that collects every msgid looked up in `language` without a translation.

    Plural lookups are recorded by their singular msgid. Used by tests of Spanish screens.
    """
    missing = set()
    translation_class = trans_real.DjangoTranslation
    gettext, ngettext = translation_class.gettext, translation_class.ngettext

    def known(catalogue, key):
        return catalogue is not None and catalogue.get(key) is not None

    def recording_gettext(self, message):
        if message and self.language() == language and not known(self._catalog, message):
            missing.add(message.split("\x04")[-1])
        return gettext(self, message)

    def recording_ngettext(self, singular, plural, number):
        if self.language() == language and not known(self._catalog, (singular, 0)):
            missing.add(singular.split("\x04")[-1])
        return ngettext(self, singular, plural, number)

    translation_class.gettext, translation_class.ngettext = recording_gettext, recording_ngettext
    try:
        yield missing
    finally:
        translation_class.gettext, translation_class.ngettext = gettext, ngettext
