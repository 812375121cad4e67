"""Reference data as data: LBF's rule sets with their indsatsområder, and Denmark's kommuner.

The next bevillingsperiode is a new row here (or in the admin), not new code.
"""

from decimal import Decimal

from django.db import migrations

RULE_SETS = [
    (
        "lbf-2011-14",
        "2011-14-midlerne",
        False,
        Decimal("25"),
        [
            "Børn, unge og familie",
            "Uddannelse, beskæftigelse og erhverv",
            "Beboernetværk, inddragelse og demokrati",
            "Sundhed",
            "Udsatte grupper",
            "Kultur og fritid",
            "Image og kommunikation",
        ],
    ),
    (
        "lbf-2015-18",
        "2015-18-midlerne",
        False,
        Decimal("25"),
        [
            "Tryghed og trivsel",
            "Kriminalpræventiv indsats",
            "Uddannelse og beskæftigelse",
            "Forebyggelse og forældreansvar",
        ],
    ),
    (
        "lbf-2019-26",
        "2019-26-midlerne",
        False,
        Decimal("25"),
        [
            "Uddannelse og livschancer",
            "Beskæftigelse",
            "Kriminalitetsforebyggelse",
            "Sammenhængskraft og medborgerskab",
        ],
    ),
    ("lokal", "Lokalt finansieret", True, Decimal("0"), []),
]

KOMMUNER = """Albertslund Allerød Assens Ballerup Billund Brøndby Brønderslev Dragør Egedal Esbjerg
Fanø Favrskov Faxe Fredensborg Fredericia Frederiksberg Frederikshavn Frederikssund Furesø
Faaborg-Midtfyn Gentofte Gladsaxe Glostrup Greve Gribskov Guldborgsund Haderslev Halsnæs Hedensted
Helsingør Herlev Herning Hillerød Hjørring Holbæk Holstebro Horsens Hvidovre Høje-Taastrup Hørsholm
Ikast-Brande Ishøj Jammerbugt Kalundborg Kerteminde Kolding Københavns Køge Langeland Lejre Lemvig
Lolland Lyngby-Taarbæk Læsø Mariagerfjord Middelfart Morsø Norddjurs Nordfyns Nyborg Næstved Odder
Odense Odsherred Randers Rebild Ringkøbing-Skjern Ringsted Roskilde Rudersdal Rødovre Samsø
Silkeborg Skanderborg Skive Slagelse Solrød Sorø Stevns Struer Svendborg Syddjurs Sønderborg Thisted
Tønder Tårnby Vallensbæk Varde Vejen Vejle Vesthimmerlands Viborg Vordingborg Ærø Aabenraa Aalborg
Aarhus""".split()


def load(apps, schema_editor):
    RuleSet = apps.get_model("plans", "RuleSet")
    RuleSetArea = apps.get_model("plans", "RuleSetArea")
    Organisation = apps.get_model("plans", "Organisation")
    for order, (code, name, is_local, minimum, areas) in enumerate(RULE_SETS):
        rule_set, _ = RuleSet.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "is_local": is_local,
                "min_local_share_percent": minimum,
                "order": order,
            },
        )
        for area_order, area in enumerate(areas):
            RuleSetArea.objects.update_or_create(
                rule_set=rule_set, name=area, defaults={"order": area_order}
            )
    names = [f"{k} Kommune" for k in KOMMUNER] + ["Bornholms Regionskommune"]
    for name in names:
        Organisation.objects.get_or_create(name=name, defaults={"kind": "kommune"})


def unload(apps, schema_editor):
    apps.get_model("plans", "RuleSet").objects.filter(
        code__in=[code for code, *_ in RULE_SETS], plans__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
