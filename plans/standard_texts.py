"""LBF's standard wording for the fixed sections, in our own words; every plan may edit it.

These are document content (Danish plan text), not interface strings, so they are not
translated.
"""

AGREEMENT_ATTACHMENTS = """- Delaftaler for hvert indsatsområde
- Budget og finansiering
- Milepælsplan for hele perioden
- Organisationsdiagram
- Kommissorium for bestyrelsen
- Beredskabsplan (regulativets § 6)
- Boligsociale Data for området ved start"""

AGREEMENT_EVALUATION = """Bestyrelsen følger hvert år op på succeskriterierne og på milepælsplanen.
Sekretariatet samler data og skriver en kort status til bestyrelsen.

Efter to år gør parterne status midtvejs og justerer indsatsen, hvis resultaterne peger på det."""

AGREEMENT_DUTY_TO_INFORM = """Parterne giver hinanden besked, hvis noget ændrer grundlaget for aftalen.
Ansatte i indsatsen har skærpet underretningspligt efter serviceloven, når de får kendskab \
til, at et barn eller en ung kan have behov for særlig støtte."""

AGREEMENT_CONFLICT = """Uenighed søges først løst i bestyrelsen.
Lykkes det ikke, tager parternes ledelser sagen op. Landsbyggefonden orienteres, hvis \
uenigheden berører aftalens indhold eller økonomi."""

AGREEMENT_REVISION = """Ændringer i den strategiske samarbejdsaftale kræver Landsbyggefondens godkendelse.
Bestyrelsen vurderer mindst én gang om året, om aftalen skal justeres."""

DELAFTALE_CONFLICT_AND_INFORM = """Uenighed om delaftalen løses i bestyrelsen, som beskrevet i den strategiske \
samarbejdsaftale. Medarbejdere i indsatsen har skærpet underretningspligt efter serviceloven."""

DELAFTALE_REVISION = """Bestyrelsen godkender ændringer i delaftalen.
Flytter en ændring vægten mellem indsatsområderne, skal Landsbyggefonden godkende den først.
Den gældende, godkendte delaftale kan altid udskrives og sendes til Landsbyggefonden."""
