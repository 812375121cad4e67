"""The organisation diagram (server-side SVG): levels, labels inside their boxes, escaping."""

import re

from plans.models import Forum, StaffMember
from reporting.charts import organisation_diagram
from tests.factories import FocusAreaFactory


def _boxes_and_texts(svg: str):
    boxes = [tuple(float(v) for v in m) for m in re.findall(
        r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)]
    texts = [(float(x), float(y), float(size), text) for x, y, size, text in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" font-size="([\d.]+)"[^>]*>'
        r"([^<]*)<", svg)]
    return boxes, texts


def test_the_fora_the_user_placed_are_levels_with_labels_inside(plan):
    area = FocusAreaFactory(plan=plan, name="Forebyggelse og forældreansvar i hele området")
    partnership = Forum.objects.create(
        plan=plan, name="Partnerskabet om social balance i Værebro Park", kind="partnerskab")
    board = Forum.objects.create(plan=plan, name="Den boligsociale bestyrelse",
                                 kind="bestyrelse", parent=partnership)
    fora = [partnership, board] + [
        Forum.objects.create(plan=plan, name=f"Følgegruppe for {n}", kind="foelgegruppe",
                             focus_area=area, parent=board)
        for n in ("tryghed og trivsel", "uddannelse og beskæftigelse", "forebyggelse")
    ]
    staff = [StaffMember(plan=plan, name="N.N.", title=title) for title in
             ["Boligsocial leder", "Boligsocial netværksmedarbejder",
              "Boligsocial netværksmedarbejder", "Boligsocial familiemedarbejder",
              "Lokal boligsocial brobygger", "Boligsocial medarbejder, fysisk helhedsplan"]]

    svg = str(organisation_diagram(plan=plan, fora=fora, staff=staff))
    boxes, texts = _boxes_and_texts(svg)

    def top_of(name):
        return next(y for x, y, size, text in texts if text.startswith(name))

    assert top_of("Partnerskabet") < top_of("Den boligsociale") < top_of("Følgegruppe")
    assert "Øverste myndighed" not in svg  # no text the user did not give
    drawing = svg.split(">", 1)[1]  # the boxes, not the text alternative naming them
    assert drawing.count("netværksmedarbejder") == 1  # each title once
    for x, y, size, text in texts:  # every line inside a box, and narrower than it
        box = next(b for b in boxes if b[0] <= x <= b[0] + b[2] and b[1] <= y <= b[1] + b[3])
        assert len(text) * size * 0.55 <= box[2], text


def test_user_text_in_the_diagram_is_escaped(plan):
    fora = [Forum.objects.create(plan=plan, name='<img src="file:///etc/passwd">',
                                 kind="bestyrelse")]
    svg = str(organisation_diagram(plan=plan, fora=fora, staff=[]))
    assert "<img" not in svg and "&lt;img" in svg
