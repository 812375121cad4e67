"""One kind of line ending in stored text: browsers send a textarea's lines as CRLF ("\\r\\n"),
while imports, the demo data and the admin's scripts write "\\n". Without this, saving a form
unchanged would record every prose field as changed in the plan's history."""

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class NormaliseLineEndingsMiddleware:
    """Every posted form value arrives with "\\n" line endings, for every form of the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORM_TYPES:
            posted = request.POST
            if any("\r" in value for _key, values in posted.lists() for value in values):
                fixed = posted.copy()
                for key, values in posted.lists():
                    fixed.setlist(key, [normalise(value) for value in values])
                fixed._mutable = False
                request.POST = fixed
        return self.get_response(request)
