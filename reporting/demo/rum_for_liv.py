"""Rum for Liv 2013-16 (seed 002, LBF 2011-14 rule set).

Lejerbo's helhedsplan for Akacieparken and Lukretiavej in Valby with Københavns Kommune: the
four indsatsområder, their activity blocks with the 2011-14 fields (formål,
medarbejderressourcer, succeskriterier for 2013, samarbejdsrelationer, lokal evaluering,
forankring), the four-level organisation and the quarterly milepælsplan for 2013.

The 2011-14 plans had no delaftaler, but activities belong to one here, so each area gets one.
The seed has no budget, so the plan has no financing. DEMO VALUES, not in the seed: which
2013 milestones were reached and when, the secretariat's names and hours, and the fora's
members (the seed gives their composition by role only).
"""

import datetime

from activities.models import Milestone
from plans import services
from plans.models import ForumMember, Membership, Organisation, Plan, PlanParty, RuleSet
from plans.sections import sections_write

from .common import (
    Crit,
    Ms,
    activity_add,
    forum_add,
    goals_add,
    milestones_add,
    staff_add,
    text,
)

SLUG = "rum-for-liv-2013-16"
PCT = "procent"

BUF = "Børn, unge og familie"
UBE = "Uddannelse, beskæftigelse og erhverv"
BID = "Beboernetværk, inddragelse og demokrati"
IK = "Image og kommunikation"

AGREEMENT = {
    "vision": text(
        """
        Visionen bygger på Lejerbos mission om at skabe rum for liv: gode fysiske og sociale
        rammer om boligen, naboskabet og kvarteret.

        Helhedsplanen skal være ramme om et bredt samarbejde om tryghed og trivsel. Den skal
        knytte afdelingerne og beboerne tættere til lokalområdet og gøre dem attraktive for
        alle. Lejerbo har desuden som mål, at Akacieparken ikke står på regeringens ghettoliste,
        når perioden slutter.

        Planen dækker Akacieparken (afd. 463-0, 394 lejemål) og Lukretiavej (afd. 240-0, 72
        lejemål) i Valby. Over 1400 mennesker bor her, og godt 40 % er under 18 år.
        """
    ),
    "baggrund": text(
        """
        - Lejerbo Københavns boligsociale strategi Evnen til at Bo 2011-2016
        - Københavns Kommunes politik for udsatte byområder
        - Kontrakter med Københavns Kommune for Valby: Børn, unge og familier samt
          Uddannelse, beskæftigelse og erhverv
        """
    ),
    "organisering": text(
        """
        - Styregruppen har det overordnede ansvar for fremdrift og økonomi.
        - Følgegruppen har én repræsentant fra hver afdelingsbestyrelse og er politisk
          høringspart.
        - Fremdriftsgruppen sikrer det daglige samarbejde i afdelingerne.
        - Boligsocialt Forum Valby koordinerer med kommunen i bydelen.

        Lejerbo er administrator og står til ansvar over for Landsbyggefonden. Sekretariatet
        ligger i Akacieparken med et satellitkontor på Lukretiavej.
        """
    ),
    "evaluering": text(
        """
        Helhedsplanen indberetter med CFBU's målopfyldelsesskema, milepælsplanerne og skemaet
        over samarbejdsrelationer på LBF's driftsstøtteportal. Styregruppen evaluerer hvert
        år, og der laves en midtvejs- og en slutevaluering med ekstern hjælp.
        """
    ),
}

AREAS = {
    BUF: {
        "problem": text(
            """
            Mange børn og unge vokser op i familier med få ressourcer, og det påvirker deres
            muligheder. Forældrene har brug for støtte i rollen gennem kurser, temaaftener og
            fælles aktiviteter. Familiekoordinatorens vejledning udvides til Lukretiavej.

            Lave indkomster rammer børnenes fritidsliv, og fattigdom kan gå i arv. I gårdene
            ses små børn ude om aftenen uden voksne.
            """
        ),
        "purpose": "Forældrene skal stå stærkere, og børn og unge skal med i gode fællesskaber.",
        "goals": [
            "Forældrenes kompetencer styrkes gennem aktiviteter for hele eller dele af familien.",
            "Børn og unge deltager i aktiviteter, der forebygger kriminalitet og anden uheldig "
            "adfærd.",
        ],
    },
    UBE: {
        "problem": text(
            """
            Kort uddannelse og svagt dansk begrænser mange beboere på arbejdsmarkedet og i at
            hjælpe børnene gennem skolen.

            - 39 % af de voksne i Akacieparken og 46 % på Lukretiavej er uden for
              arbejdsmarkedet (København: 14,6 %)
            - ledigheden er størst blandt kvinderne
            - mange 18-24-årige er hverken i job eller uddannelse
            - omkring halvdelen af de ledige vurderes at være jobparate
            """
        ),
        "purpose": "Flere beboere skal gennemføre en uddannelse eller få og holde et job.",
        "goals": [
            "Flere beboere deltager i uddannelse.",
            "Flere beboere får tilknytning til arbejdsmarkedet.",
        ],
    },
    BID: {
        "problem": text(
            """
            Mange beboere lever af overførselsindkomst og har en stram økonomi, og nogle
            sættes ud. Tab ved fraflytning får huslejen til at stige.

            Beboerdemokratiet er sårbart, især på Lukretiavej: kun 10-15 % af lejlighederne
            er med på afdelingsmøderne. Ejendomsfunktionærerne får nye boligsociale opgaver og
            har brug for at lære nyt.
            """
        ),
        "purpose": text(
            """
            Her føres strategien Evnen til at Bo ud i livet: lavere udgifter til vedligehold,
            fraflytning, el, vand og varme, et stærkere beboerdemokrati og bedre samarbejde
            med relevante aktører.
            """
        ),
        "goals": [
            "Lavere udgifter for afdelingerne og for beboerne.",
            "Flere beboere engagerer sig i beboerdemokratiet.",
            "Bedre samarbejde internt og med eksterne aktører.",
        ],
    },
    IK: {
        "problem": text(
            """
            Kommunikationen skal bære de øvrige indsatser og give afdelingerne et bedre ry.
            Målgrupperne er beboerne, naboerne i lokalområdet og samarbejdspartnerne.
            Medarbejderne holder kontakt til lokalaviserne, og en kommunikationsstrategi
            lægger fast, hvem der skal vide hvad, og hvordan.
            """
        ),
        "purpose": "Områdets image skal forbedres – både blandt beboerne og udadtil.",
        "goals": [
            "Alle beboere kender helhedsplanens tilbud.",
            "De gode historier når ud til beboere og lokalområde.",
        ],
    },
}


def _counts(*items, kind="antal", year=2013):
    """Succeskriterier for 2013 as the seed states them: (text, target, unit)."""
    return [
        Crit(label, kind=kind, unit=unit, target=target, year=year) for label, target, unit in items
    ]


def _lines(*items) -> str:
    return "\n".join(f"- {item}" for item in items)


def block(name, purpose, staff, criteria, collaboration, evaluation, anchoring):
    return dict(
        name=name,
        purpose=text(purpose),
        staff_resources=staff,
        criteria=criteria,
        collaboration=_lines(*collaboration),
        local_evaluation=evaluation,
        anchoring=anchoring,
    )


COMMUNICATION_STAFF = "Indgår i kommunikationsindsatsens fælles timer (se Nyhedsbreve)."
COMMUNICATION_PARTNERS = ("Afdelingsbestyrelserne", "Frivilliggrupper", "Beboere", "Lokalblade")

ACTIVITIES = {
    BUF: [
        block(
            "Forældre og læring",
            """
            Forældrene skal få flere kompetencer og muligheder gennem aktiviteter for hele
            eller dele af familien. Sammen med Red Barnet holdes en årlig familielejr og en
            familieoplevelsesklub med ture i naturen.
            """,
            "Familiekoordinator 10 timer pr. uge (gennemsnit over året)",
            _counts(
                ("100 familier deltog i aktiviteterne", "100", "familier"),
                (
                    "50 forældre gennemførte familiehøjskole, kursus eller aktivitetsforløb",
                    "50",
                    "forældre",
                ),
                ("25 forældre tog mere aktivt del i børnenes aktiviteter", "25", "forældre"),
            ),
            (
                "Red Barnet, København City",
                "Frivillige",
                "Familierådgivningen",
                "Lokale aktører, fx sundhedsplejen",
            ),
            "Red Barnets frivilligkoordinator og familiekoordinatoren evaluerer løbende.",
            "Red Barnets lokalafdeling, København City.",
        ),
        block(
            "Aktiviteter og brobygning",
            """
            Børn og unge skal med i sociale og kulturelle tilbud og komme mere rundt i byen.
            Ungekoordinatoren opbygger tillid, bygger bro til skole, UU, politi og foreninger
            og er med i gadeaktiviteter som street-fodbold. Målet er at forebygge kriminalitet.
            """,
            "Ungekoordinator 32 timer pr. uge",
            _counts(
                ("100 børn og unge deltog i aktiviteterne", "100", "børn og unge"),
                ("20 deltagere blev hjulpet videre til et relevant tilbud", "20", "deltagere"),
                ("20 deltagere fik et stærkere socialt netværk", "20", "deltagere"),
            ),
            (
                "Klubberne i Valby",
                "Det lokale foreningsliv",
                "Foreningsguideprojektet",
                "Områdefornyelsen Gl. Valby",
            ),
            "I Ungenetværket, der koordinerer i bydelen.",
            "Klubberne i Valby.",
        ),
        block(
            "Foreningsguider",
            """
            Frivillige foreningsguider hjælper familier med minoritetsbaggrund med at finde en
            forening til barnet, følger med til prøvetræning og hjælper med indmeldelsen. Det
            støtter også kommunens politik for udsatte byområder.
            """,
            "Foreningsguidekoordinator 12 timer pr. uge, familiekoordinator 2 timer pr. uge og "
            "ungekoordinator 5 timer pr. uge",
            _counts(
                ("40 deltagere blev præsenteret for en forening, klub eller et tilbud", "40", ""),
                ("35 deltagere meldte sig ind", "35", "deltagere"),
                ("30 deltagere var fortsat medlem", "30", "deltagere"),
            ),
            (
                "Klubberne i Valby",
                "Det lokale foreningsliv",
                "Netværksprojektet Idræt På Gaden",
                "Områdefornyelsen Gl. Valby",
            ),
            "KFF – Integration og Fritid evaluerer.",
            "KFF – Integration og Fritid, hvis pengene fortsætter (jf. samarbejdskontrakten).",
        ),
        block(
            "Vejledningstilbud",
            """
            Familier skal kunne få råd og vejledning. Familiekoordinatoren bygger bro til
            Familierådgivningen. Frivillige tilbyder gældsrådgivning og hjælp til budget, og
            Borgerretshjælpen giver gratis juridisk rådgivning og undervisning.
            """,
            "Familiekoordinator 23 timer pr. uge, sekretariatsleder 5 timer pr. uge",
            _counts(
                ("75 beboere brugte tilbuddet", "75", "beboere"),
                ("50 beboere blev hjulpet videre til et relevant tilbud", "50", "beboere"),
                ("50 personlige handleplaner blev indfriet", "50", "handleplaner"),
            ),
            (
                "Borgerretshjælpen",
                "Frivillige gældsrådgivere",
                "Familierådgivningen",
                "Udlejningsafdelingen",
                "Kursusafdelingen",
            ),
            "Løbende og efter aftale med partnerne.",
            "De frivillige organisationer, driften, Lejerbo og kommunens forvaltninger.",
        ),
    ],
    UBE: [
        block(
            "Fremskudt beskæftigelse",
            """
            Jobcentrets lokalkontor har åben rådgivning hver tirsdag i Akacieparken.
            Helhedsplanen henviser beboere, især dem med andre problemer end ledighed, og
            holder temamøder sammen med jobcentret.
            """,
            "Familiekoordinator 2 timer pr. uge, sekretariatsleder 2 timer pr. uge",
            _counts(
                ("100 henvendelser fra beboere blev modtaget", "100", "henvendelser"),
                ("100 personlige handleplaner blev lavet", "100", "handleplaner"),
                ("100 personlige handleplaner blev indfriet", "100", "handleplaner"),
            ),
            ("Sagsbehandlere", "Virksomhedskonsulenter", "Teamchef i BIF"),
            text(
                """
                Jobcenter København måler på produktmål. Samarbejdet drøftes i Boligsocialt
                Forum Valby, og teamchef og sekretariatsleder følger det daglige samarbejde.
                """
            ),
            "BIF (den fremskudte beskæftigelse i de udvalgte boligområder).",
        ),
        block(
            "Lommepengeprojekt",
            """
            Børn og unge fra begge afdelinger tjener lommepenge ved små opgaver sammen med
            ejendomsfunktionærerne. De får ansvar for afdelingen og bliver klar til
            jobcentrets fritidsjob eller et almindeligt fritidsjob.
            """,
            "Boligsocial medarbejder 10 timer pr. uge, sekretariatsleder 2 timer pr. uge",
            _counts(
                ("20 børn og unge kom med i lommepengeprojektet", "20", "børn og unge"),
                ("15 børn og unge blev i projektet", "15", "børn og unge"),
                ("10 børn og unge fik et almindeligt fritidsjob", "10", "børn og unge"),
            ),
            (
                "Boligsociale medarbejdere",
                "Ejendomsfunktionærer",
                "Fritidsjobvejledningen",
                "Afdelingsbestyrelser og forældre",
            ),
            "Følges i fremdriftsgruppen; erfaringer deles i Boligsocialt Forum Valby.",
            "Afdelingerne og driften.",
        ),
        block(
            "Fritidsjobvejledning",
            """
            Unge skal finde og holde et fritidsjob. Jobcentrets fritidsjobindsats giver
            adgang til 20 stillinger i bydelen, og de boligsociale medarbejdere er mentorer og
            inddrager forældrene.
            """,
            "Boligsocial medarbejder 5 timer pr. uge",
            _counts(
                ("20 vejledninger af børn og unge blev gennemført", "20", "vejledninger"),
                (
                    "15 gennemførte et forløb, sendte en ansøgning eller var til samtale",
                    "15",
                    "børn og unge",
                ),
                ("10 børn og unge fik et fritidsjob", "10", "børn og unge"),
            ),
            ("Jobkonsulenter", "Virksomheder", "Forældre", "Boligsociale medarbejdere"),
            "Jobcentrets fritidsjobindsats evaluerer; erfaringer deles i Boligsocialt Forum.",
            "Jobcenter København, Skelbækgade. Relationsarbejdet kræver fortsat ekstern "
            "finansiering (jf. samarbejdskontrakten).",
        ),
        block(
            "Lektiecafé",
            """
            Dansk Flygtningehjælps lektiecafé hjælper børn og unge med skolen og voksne med
            uddannelse, CV og jobsøgning. Tilbuddet udvides til Lukretiavej.
            """,
            "Boligsocial medarbejder 2 timer pr. uge",
            _counts(
                ("40 brugere brugte lektiehjælpen", "40", "brugere"),
                ("40 brugere fik lavet lektier", "40", "brugere"),
                ("40 brugere klarede sig fagligt bedre", "40", "brugere"),
            ),
            (
                "Dansk Flygtningehjælp og koordinatoren",
                "Frivillige",
                "Forældre",
                "Den fremskudte beskæftigelse",
                "Boligsocial medarbejder",
            ),
            "Dansk Flygtningehjælp evaluerer; koordinator og medarbejder følger løbende op.",
            "Dansk Flygtningehjælp.",
        ),
    ],
    BID: [
        block(
            "Arrangementer",
            """
            Fastelavn, juletræsfest, International Dag og det årlige Åbent Hus samler
            beboerne og viser områdets kvaliteter – nu også på Lukretiavej.
            Afdelingsbestyrelserne står for afvikling og økonomi; medarbejderne koordinerer.
            """,
            "Boligsociale medarbejdere 1-2 timer pr. uge (gennemsnit over året)",
            _counts(
                ("200 beboere deltog i aktiviteterne", "200", "beboere"),
                ("10 beboere kom fast med i en arbejdsgruppe eller et udvalg", "10", "beboere"),
                ("2 nye aktiviteter kom i gang på beboernes initiativ", "2", "aktiviteter"),
            ),
            ("Afdelingsbestyrelser", "Frivillige beboere", "Andre frivillige"),
            "Løbende i fremdriftsgruppen.",
            "Afdelingerne og afdelingsbestyrelserne.",
        ),
        block(
            "Sesam",
            """
            Beboerne forskønner gårde og fællesarealer sammen, først på Lukretiavej. Det giver
            mere liv på arealerne, bedre naboskab og mere ejerskab. Unge fra
            lommepengeprojektet kan hjælpe.
            """,
            "Boligsocial medarbejder 2 timer pr. uge og sekretariatsleder 2 timer pr. uge "
            "(gennemsnit over året)",
            [
                *_counts(
                    ("50 beboere deltog i aktiviteten", "50", "beboere"),
                    ("5 beboere kom fast med i en arbejdsgruppe", "5", "beboere"),
                ),
                *_counts(
                    ("50 % af beboerne var tilfredse med fællesområderne", "50", ""), kind=PCT
                ),
            ],
            ("Afdelingsbestyrelser", "Frivillige beboere", "Ejendomsfunktionærer"),
            "Løbende i følgegruppen.",
            "Afdelingen og afdelingsbestyrelsen.",
        ),
        block(
            "Demokratiambassadører",
            """
            Beboere fra de største sproggrupper bliver ambassadører efter et kursus om
            beboerdemokratiet. De fortæller andre om det og holder opgangsmøder og
            homeparties.
            """,
            "Sekretariatsleder 3 timer pr. uge (gennemsnit over året)",
            _counts(
                ("10 beboere blev ambassadører", "10", "ambassadører"),
                ("4 aktiviteter blev holdt med hjælp fra ambassadørerne", "4", "aktiviteter"),
                ("30 beboere deltog i snit pr. beboermøde", "30", "beboere"),
            ),
            ("Afdelingsbestyrelser", "Kursusafdelingen", "Lokalinspektør"),
            "Løbende i fremdriftsgruppen.",
            "Afdelingsbestyrelserne.",
        ),
        block(
            "Opgangsmøder og homeparties",
            """
            Små møder i opgangen og hjemme hos miljøambassadører skaber dialog mellem beboere,
            drift og helhedsplan og hjælper beboerne med at spare på el, vand og varme.
            """,
            "Boligsocial medarbejder 10 timer pr. uge (gennemsnit over året)",
            [
                *_counts(
                    ("100 forskellige beboere deltog", "100", "beboere"),
                    ("100 deltagere fik relevant vejledning", "100", "deltagere"),
                ),
                *_counts(
                    ("50 % af deltagerne fik lavere udgifter til el, vand og varme", "50", ""),
                    kind=PCT,
                ),
            ],
            (
                "Agent 21",
                "Miljøambassadører",
                "Afdelingsbestyrelser og drift",
                "Områdefornyelsen Gl. Valby",
                "Valby Lokaludvalg",
            ),
            "Løbende i fremdriftsgruppen; medfinansierende partnere får rapport efter aftale.",
            "Afdelingen eller driften.",
        ),
        block(
            "Servicebesøg",
            """
            Alle lejemål får løbende besøg, der hjælper med vedligehold og skaber kontakt til
            helhedsplanens vejledning. Målet er færre tab ved fraflytning. Et pilotprojekt
            kører på Lukretiavejs 72 lejemål i foråret 2013.
            """,
            "Boligsocial medarbejder 2 timer og sekretariatsleder 3 timer (gennemsnit pr. uge "
            "over året)",
            _counts(
                ("Der blev skabt kontakt til 100 beboere", "100", "beboere"),
                ("20 beboere fik en personlig handleplan", "20", "beboere"),
                ("10 personlige handleplaner blev indfriet", "10", "handleplaner"),
            ),
            (
                "Miljøambassadører",
                "Afdelingsbestyrelser",
                "Københavns Kommune og Lejerbo",
                "Frivillige og medarbejdere i relevante vejledningstilbud",
            ),
            "Løbende i fremdrifts- og styregruppen.",
            "Driften og afdelingerne.",
        ),
        block(
            "Kompetenceløft",
            """
            Ejendomsfunktionærerne bliver, når projektet slutter. Inspireret af De Blå
            Ressourcer får de undervisning i konflikthåndtering, beboerdemokrati, udsatte
            beboere og interkulturel forståelse – og relevante AMU-kurser.
            """,
            "Sekretariatsleder 2 timer pr. uge (gennemsnit over året)",
            _counts(
                ("5 ejendomsfunktionærer gennemførte kurser", "5", "medarbejdere"),
                ("5 ejendomsfunktionærer brugte de nye værktøjer", "5", "medarbejdere"),
                ("5 ejendomsfunktionærer blev mere tilfredse med jobbet", "5", "medarbejdere"),
            ),
            (
                "Lokalinspektør og varmemester",
                "Kursusafdelingen",
                "Forvaltningsgruppen i Lejerbo København",
            ),
            "Løbende i fremdriftsgruppen.",
            "Driften og Lejerbo København.",
        ),
    ],
    IK: [
        block(
            "Hjemmeside",
            """
            En hjemmeside med kalender og nyheder om aktiviteterne. Medarbejderne driver den,
            og beboere med lyst til IT kan tage over.
            """,
            COMMUNICATION_STAFF,
            [],
            COMMUNICATION_PARTNERS,
            "Løbende i fremdriftsgruppen.",
            "Afdelingsbestyrelserne.",
        ),
        block(
            "Sociale medier",
            """
            Facebook-grupper og en sms-service når især børn og unge hurtigt og gratis.
            """,
            COMMUNICATION_STAFF,
            [],
            COMMUNICATION_PARTNERS,
            "Løbende i fremdriftsgruppen.",
            "Afdelingsbestyrelserne.",
        ),
        block(
            "Nyhedsbreve",
            """
            Et trykt nyhedsbrev mindst hvert kvartal til alle husstande og partnere, så også
            beboere uden nettet følger med. Afdelingsbestyrelserne overtager det senest ved
            udgangen af 2015.
            """,
            "Boligsocial medarbejder 5 timer pr. uge og sekretariatsleder 2 timer pr. uge",
            [
                *_counts(("10 informationsmaterialer udkom", "10", "udgivelser"), year=2016),
                *_counts(("50 % af beboerne læste materialet", "50", ""), kind=PCT, year=2016),
                *_counts(
                    ("5 gode historier om afdelingerne kom i lokale medier", "5", "historier"),
                    year=2016,
                ),
            ],
            COMMUNICATION_PARTNERS,
            "Løbende i fremdriftsgruppen. Der måles kun på nyhedsbrevene.",
            "Afdelingsbestyrelserne.",
        ),
        block(
            "Kommunikation via personlige netværk",
            """
            Nøglepersoner, der taler med mange beboere hver dag, hjælper med at sprede
            information og med at forme kommunikationsstrategien.
            """,
            COMMUNICATION_STAFF,
            [],
            COMMUNICATION_PARTNERS,
            "Løbende i fremdriftsgruppen og i Boligsocialt Forum.",
            "Afdelingsbestyrelserne.",
        ),
    ],
}

CHAIR, MEMBER, SECRETARY, OBSERVER = (
    ForumMember.Role.CHAIR,
    ForumMember.Role.MEMBER,
    ForumMember.Role.SECRETARY,
    ForumMember.Role.OBSERVER,
)
LKBH = "Lejerbo København"

STAFF = [  # DEMO: names and hours (the activity blocks add up to about full time)
    ("Lea Leder", "Sekretariatsleder", "37", "Daglig og faglig ledelse, følgegruppen, budget."),
    ("N.N.", "Familiekoordinator", "37", "Forældre og læring, vejledning, beskæftigelse."),
    ("N.N.", "Ungekoordinator", "37", "Aktiviteter og brobygning, foreningsguider."),
    ("Mads Medarbejder", "Boligsocial medarbejder", "37", "Lommepenge, fritidsjob, kommunikation."),
    ("N.N.", "Foreningsguidekoordinator", "12", "Foreningsguiderne i Valby."),
]

# The milepælsplan for 2013 (seed section 6), in our words: (title, activity, reached on).
# DEMO VALUES: which milestones were reached, and when.
FOL, AKT, FG, VEJ = (
    "Forældre og læring",
    "Aktiviteter og brobygning",
    "Foreningsguider",
    "Vejledningstilbud",
)
FB, LP, FJ, LC = (
    "Fremskudt beskæftigelse",
    "Lommepengeprojekt",
    "Fritidsjobvejledning",
    "Lektiecafé",
)
ARR, SES, DEM = "Arrangementer", "Sesam", "Demokratiambassadører"
OPG, SB, NB = "Opgangsmøder og homeparties", "Servicebesøg", "Nyhedsbreve"
QUARTERS = {
    1: [
        ("Planlægning med Red Barnet; første tur i Oplevelsesklubben", FOL, "2013-03-09"),
        ("Koordineringsmøde med Klubberne", AKT, "2013-02-12"),
        ("Intromøde for nye frivillige foreningsguider", FG, "2013-03-05"),
        ("Partnere til økonomisk rådgivning er fundet", VEJ, "2013-03-22"),
        ("Temaer for fremskudt beskæftigelse er planlagt", FB, "2013-02-26"),
        ("Åbent Hus er evalueret", ARR, "2013-01-29"),
        ("Sesam: møde med bestyrelser og drift; budget lagt", SES, "2013-03-14"),
        ("Opgangsmøder og homeparties planlagt med driften", OPG, "2013-03-19"),
        ("Servicebesøg: samarbejdsmøde holdt og køreplan klar", SB, "2013-02-21"),
        ("Første nyhedsbrev fra den nye helhedsplan udsendt", NB, "2013-03-28"),
    ],
    2: [
        ("Evalueringsmøde med Red Barnet", FOL, "2013-06-11"),
        ("Familiehøjskole eller forældrekursus holdt", FOL, "2013-05-25"),
        ("Første fællesaktivitet med Klubberne", AKT, "2013-04-20"),
        ("Planlægningsmøde om økonomisk rådgivning med partnerne", VEJ, "2013-05-07"),
        ("Temamøde om beskæftigelse", FB, "2013-05-28"),
        ("10 unge er med i Lommepengeprojektet", LP, "2013-06-03"),
        ("Lektiecaféens leverancer evalueret med CFBU og DFH", LC, None),
        ("Beboermøde i første fase af Sesam", SES, "2013-04-30"),
        ("Demokratiambassadører planlagt med kursusafdelingen", DEM, "2013-06-18"),
        ("Valby Street Soccer holdt i boligområdet", AKT, "2013-06-22"),
    ],
    3: [
        ("Anden tur i Oplevelsesklubben med Red Barnet", FOL, "2013-08-17"),
        ("Klubberne: fællesaktiviteter for resten af 2013 planlagt", AKT, "2013-08-27"),
        ("Andet intromøde for frivillige foreningsguider", FG, "2013-09-10"),
        ("De første beboere er henvist til økonomisk rådgivning", VEJ, "2013-09-24"),
        ("Andet temamøde for ledige beboere planlagt", FB, None),
        ("10 vejledningsforløb i fritidsjobvejledningen", FJ, "2013-09-30"),
        ("Valby Street Soccer evalueret", AKT, "2013-08-13"),
        ("Første hold demokratiambassadører har taget kurset", DEM, "2013-09-28"),
        ("Pilotprojektet med servicebesøg er gennemført", SB, "2013-07-05"),
    ],
    4: [
        ("Planlægning af 2014 med Red Barnet", FOL, "2013-11-12"),
        ("Aktiviteterne i boligområdet samlet op og evalueret", AKT, "2013-12-10"),
        ("Foreningsguiderne evalueret med KFF, Integration og Fritid", FG, "2013-12-03"),
        ("Lommepengeprojektet: fastholdelse og vej til fritidsjob evalueret", LP, "2013-12-12"),
        ("Delresultater i fritidsjobvejledningen evalueret med BIF", FJ, "2013-11-26"),
        ("Åbent Hus 2014 er planlagt", ARR, "2013-10-29"),
        ("Første møde med demokratiambassadørerne", DEM, None),
        ("Pilotprojektet med servicebesøg evalueret med bestyrelser og drift", SB, "2013-10-15"),
        ("Status på nyhedsbrevene", NB, "2013-12-17"),
        ("Milepæle og mål for 2014 er udarbejdet og godkendt", None, "2013-12-19"),
    ],
}
NOT_REACHED = {
    "Lektiecaféens leverancer evalueret med CFBU og DFH": (
        Milestone.Status.DROPPED,
        "Erstattet af Dansk Flygtningehjælps egen evaluering.",
    ),
    "Andet temamøde for ledige beboere planlagt": (
        Milestone.Status.DELAYED,
        "Flyttet til 2014 efter aftale med jobcentret.",
    ),
}


def _milestone(quarter: int, title: str, activity: str | None, reached: str | None) -> Ms:
    status, note = NOT_REACHED.get(title, (Milestone.Status.PLANNED, ""))
    return Ms(title, 2013, quarter, activity=activity, reached=reached, status=status, note=note)


MILESTONES = [_milestone(q, *row) for q, rows in QUARTERS.items() for row in rows]


def _fora(plan: Plan) -> None:
    forum_add(
        plan,
        0,
        name="Styregruppen",
        kind="styregruppe",
        purpose=text(
            """
            Godkender budgetter og holder øje med dem, sikrer fremdrift og retning, godkender
            justeringer og følgegruppens kommissorium og løser konflikter mellem
            afdelingsbestyrelser. Dækker alle Lejerbo Københavns boligsociale bevillinger.
            """
        ),
        frequency="4 gange om året",
        members=[
            ("N.N.", LKBH, "Udpeget af Lejerbo København", CHAIR),
            ("N.N.", LKBH, "Udpeget af Lejerbo København", MEMBER),
            ("N.N.", LKBH, "Udpeget af Lejerbo København", MEMBER),
            ("N.N.", LKBH, "Boligsocial koordinator", SECRETARY),
        ],
    )
    forum_add(
        plan,
        1,
        name="Følgegruppen",
        kind="foelgegruppe",
        purpose=text(
            """
            Politisk høringspart. Hører om status, økonomi, evalueringer og milepæle, er med i
            planlægning og kommunikation og kan foreslå justeringer til styregruppen.
            """
        ),
        frequency="4 gange om året",
        members=[
            ("N.N.", LKBH, "Repræsentant for Lejerbo København", CHAIR),
            ("N.N.", "Afdelingsbestyrelsen i Akacieparken", "Repræsentant", MEMBER),
            ("N.N.", "Afdelingsbestyrelsen på Lukretiavej", "Repræsentant", MEMBER),
            ("Lea Leder", LKBH, "Sekretariatsleder", SECRETARY),
            ("N.N.", LKBH, "Lokalinspektør", OBSERVER),
        ],
    )
    forum_add(
        plan,
        2,
        name="Fremdriftsgruppen",
        kind="koordinationsgruppe",
        purpose="Sikrer det daglige samarbejde i afdelingerne. Andre inviteres efter behov.",
        members=[
            ("Lea Leder", LKBH, "Sekretariatsleder", CHAIR),
            ("N.N.", LKBH, "Lokalinspektør", MEMBER),
        ],
    )
    forum_add(
        plan,
        3,
        name="Boligsocialt Forum Valby",
        kind="andet",
        purpose=text(
            """
            Koordinerer samarbejdet mellem Københavns Kommune og boligorganisationerne i
            Valby om børn, unge og familie, uddannelse og beskæftigelse, kultur og fritid,
            sundhed og udsatte grupper.
            """
        ),
        members=[("N.N.", LKBH, "Boligsocial koordinator", MEMBER)],
    )


def build(users: dict) -> Plan:
    leader = users["leder"]
    plan = services.plan_create(
        user=leader,
        plan=Plan(
            name="Rum for Liv – Akacieparken og Lukretiavej 2013-16",
            area_name="Akacieparken og Lukretiavej, Valby",
            slug=SLUG,
            rule_set=RuleSet.objects.get(code="lbf-2011-14"),
            period_start=datetime.date(2013, 1, 1),
            period_end=datetime.date(2016, 12, 31),
            status=Plan.Status.CLOSED,
        ),
    )
    for key, role in (
        ("medarbejder", Membership.Role.STAFF),
        ("bestyrelse", Membership.Role.BOARD),
        ("laeser", Membership.Role.READER),
    ):
        Membership.objects.create(plan=plan, user=users[key], role=role)

    lejerbo, _ = Organisation.objects.get_or_create(
        name="Lejerbo", defaults={"kind": Organisation.Kind.HOUSING}
    )
    services.party_add(plan=plan, organisation=lejerbo, role=PlanParty.Role.HOUSING)
    services.party_add(
        plan=plan,
        organisation=Organisation.objects.get(name="Københavns Kommune"),
        role=PlanParty.Role.MUNICIPALITY,
    )
    services.estate_attach(
        plan=plan,
        organisation=lejerbo,
        number="463-0",
        name="Akacieparken",
        address="Carl Th. Dreyersvej, 2500 Valby",
    )
    services.estate_attach(
        plan=plan,
        organisation=lejerbo,
        number="240-0",
        name="Lukretiavej",
        address="Lukretiavej, 2500 Valby",
    )
    agreement = plan.agreement
    sections_write(document=agreement, texts=AGREEMENT)
    agreement.full_clean()
    agreement.save()

    chosen = services.focus_areas_add(
        plan=plan,
        rule_set_areas=plan.rule_set.areas.filter(name__in=AREAS).order_by("order"),
    )
    areas = {area.name: area for area in chosen}
    activities = {}
    for order, (name, data) in enumerate(AREAS.items()):
        area = areas[name]
        area.problem, area.purpose, area.order = data["problem"], data["purpose"], order
        area.full_clean()
        area.save()
        goals_add(area, data["goals"])
        delaftale = services.delaftale_create(plan=plan, focus_area=area)
        for position, spec in enumerate(ACTIVITIES[name]):
            activities[spec["name"]] = activity_add(
                delaftale,
                position,
                start=plan.period_start,
                end=plan.period_end,
                status="afsluttet",
                **spec,
            )

    _fora(plan)
    staff_add(plan, STAFF)
    milestones_add(plan, MILESTONES, activities=activities, areas=areas)
    return plan
