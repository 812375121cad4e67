"""`{% url %}` that reverses each URL shape once per request.

A plan page links every row to its edit, move and delete pages: the agreement page reverses
some ninety URLs that differ only in the row's id. Django's resolver does the full reverse
for each (a tenth of the page's time). This tag, installed as a template builtin in place of
Django's own, reverses a route once with placeholder ids, remembers the shape (on the
request, and for the process per URL configuration), and fills in the ids of the following
rows. Anything it cannot handle the same way (keyword arguments, no request, no integer
argument, a placeholder that is not found exactly once) goes through Django's tag unchanged,
so the output is always what Django's tag gives.
"""

from django.template import Library
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = Library()

# Placeholders for integer arguments: nine digits each, none a substring of another.
_PLACEHOLDER = 987_650_001


class ShapedURLNode(URLNode):
    def render(self, context):
        request = context.get("request")
        if request is None or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        args = [arg.resolve(context) for arg in self.args]
        ints = [i for i, arg in enumerate(args) if type(arg) is int and arg >= 0]
        if not ints:
            return super().render(context)
        url = _shaped(request, view_name, args, ints)
        if url is None:
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def shaped_reverse(request, view_name: str, args: list) -> str:
    """reverse(view_name, args=args), each shape reversed once per request."""
    ints = [i for i, arg in enumerate(args) if type(arg) is int and arg >= 0]
    url = _shaped(request, view_name, args, ints) if ints else None
    return reverse(view_name, args=args) if url is None else url


# Shapes kept across requests, per URL configuration and script prefix: a shape depends on
# the URL patterns and the fixed arguments only (a changed configuration is a new resolver,
# so a new key). A page of a plan reverses some thirty shapes; reversing them anew on every
# request was most of what the tag cost. Emptied when full (keys carry the plan's slug).
_SHAPES: dict = {}
_MAX_SHAPES = 4096


def _shaped(request, view_name, args, ints) -> str | None:
    current_app = getattr(request, "current_app", None)
    fixed = tuple(None if i in ints else str(arg) for i, arg in enumerate(args))
    key = (view_name, current_app, fixed)
    shapes = request.__dict__.setdefault("_url_shapes", {})
    shape = shapes.get(key)
    if shape is None:
        process_key = (get_resolver(get_urlconf()), get_script_prefix(), key)
        shape = _SHAPES.get(process_key)
        if shape is None:
            if len(_SHAPES) >= _MAX_SHAPES:
                _SHAPES.clear()
            shape = _SHAPES[process_key] = _shape(view_name, args, ints, current_app)
        shapes[key] = shape
    if shape is False:
        return None
    return "".join(piece if type(piece) is str else str(args[piece]) for piece in shape)


def _shape(view_name, args, ints, current_app):
    """The reversed URL as literal pieces and argument positions, or False."""
    placeholders = {i: str(_PLACEHOLDER + n) for n, i in enumerate(ints)}
    try:
        url = reverse(
            view_name,
            args=[placeholders.get(i, arg) for i, arg in enumerate(args)],
            current_app=current_app,
        )
    except NoReverseMatch:
        return False
    found = sorted((url.find(text), i) for i, text in placeholders.items())
    if any(url.count(text) != 1 for text in placeholders.values()):
        return False
    pieces, start = [], 0
    for position, i in found:
        pieces.append(url[start:position])
        pieces.append(i)
        start = position + len(placeholders[i])
    pieces.append(url[start:])
    return pieces


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return ShapedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
