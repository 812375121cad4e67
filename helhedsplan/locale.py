"""The interface language: Danish, unless the user chose another one with the switcher.

Django's LocaleMiddleware also follows the browser's Accept-Language, so a Danish leder on a
PC set up in English would get an English interface. Here only the switcher's cookie counts.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
