"""Værebro Park 2020-23 (seed 001, LBF 2015-18 rule set), complete.

Facts from the seed: parties and signature dates, the areas with their mål, every baseline,
comparison value and datakilde, the 14 activities with CFBU mapping and målgrupper, the
medarbejderressourcer and the financing (LBF / lokal per area, 1.060.000 kr. tværgående LBF).
Prose is our own. DEMO VALUES, not in the seed: measurements, milestone dates and statuses,
budget line splits and yearly spreads, the split of the local money between kommune and
boligorganisation, forbrug, the estate number, the secretariat's hours and the fora's
members (the seed names none).
"""

import datetime

from activities.models import Milestone
from plans import approval, services
from plans.models import (
    Delaftale,
    FinancingLine,
    Forum,
    ForumMember,
    Membership,
    Organisation,
    Plan,
    PlanParty,
    RuleSet,
    Section,
    Signature,
)
from plans.sections import sections_write
from plans.selectors import plan_access_get
from reporting.versions import freeze

from .common import (
    Crit,
    Ms,
    activity_add,
    budget_add,
    criteria_add,
    d,
    delaftale_rows_add,
    financing_add,
    forum_add,
    goals_add,
    milestones_add,
    staff_add,
    text,
)

SLUG = "vaerebro-park-2020-23"
PCT = "procent"
QUAL = "kvalitativ"
DOWN = "ned"
REACH = "naa"
POINTS = "point"
RELATIVE = "procent"  # target given as a change in percent

T_T = "Tryghed og trivsel"
U_B = "Uddannelse og beskæftigelse"
F_F = "Forebyggelse og forældreansvar"

VIVE = "VIVE trygheds- og trivselsdata for Værebro Park"
BSD = "Boligsociale data, LBF"
NET_LOG = "Netværksmedarbejderens logbog"
LOG = "Den boligsociale medarbejders logbog"
FAM_LOG = "Familiemedarbejderens logbog"
KOMMUNE = "Gladsaxe Kommune"
GAB = "Gladsaxe almennyttige Boligselskab"
AVP = "Værebro Parks afdelingsbestyrelse (AVP)"

# --- The strategic agreement ------------------------------------------------------------------

AGREEMENT = {
    "bilag": text(
        """
        - En delaftale for hvert valgt indsatsområde (LBF's skabelon)
        - Budget i LBF's skabelon
        - Organisationsdiagram
        - Kommissorium for bestyrelsen
        - Boligsociale Data for området på tilsagnstidspunktet
        - Beredskabsplan efter regulativets § 6
        - Milepælsplan
        - Aktivitetsskemaer
        """
    ),
    "formaal": text(
        """
        Gladsaxe Kommune, DAB/GAB og afdelingen Værebro Park står sammen om strategien for
        Bagsværd i social balance. Visionen er en bydel, hvor det sted, man vokser op, ikke
        sætter grænser for ens liv. Bagsværd skal være attraktiv, fungere godt og være fri
        for bandekriminalitet.

        I 2020-23 vil vi åbne Værebro Park – fysisk, socialt og mentalt – så området hænger
        bedre sammen med resten af Bagsværd. Beboere fra Bagsværd skal have grund til at
        komme, og beboerne skal opleve sig som en del af bydelen.

        Arbejdet lægger vægt på:
        - tryghed og trivsel gennem naboskab, som beboerne selv driver, og tæt SSP-samarbejde
        - forældre, der står stærkt i rollen, og aktive forældrenetværk
        - et aktivt fritidsliv for børn og unge: lommepengejob, fritidsjob og ferieaktiviteter

        Projektet koordinerer de mange sociale tilbud i området og arbejder mere i netværk.
        """
    ),
    "strategier": text(
        """
        - Bagsværd i social balance (Gladsaxe Kommune), som projektet også fulgte i første
          periode
        - FN's verdensmål 3, sundhed og trivsel: fællesskaber på tværs af alder, køn og
          baggrund
        - FN's verdensmål 4 og 8, uddannelse og anstændige job: lige chancer for børn og unge
        - FN's verdensmål 11, bæredygtige byer: billige, gode boliger og et trygt lokalsamfund
        """
    ),
    "organisering": text(
        """
        Indsatsen har en boligsocial bestyrelse, et projektsekretariat og tre følgegrupper –
        én pr. indsatsområde. Gladsaxe Kommune og DAB fortsætter desuden deres partnerskab om
        social balance i Værebro Park.

        Partnerskabet er øverste myndighed og tager de principielle beslutninger. Bestyrelsen
        følger fremdrift og mål og godkender nye initiativer og ændringer i delaftaler,
        milepælsplaner og aktivitetsskemaer. Den består af ledere fra kommunen og DAB og af
        beboerrepræsentanter; DAB har formandskabet. Kommissorium og forretningsorden vedtages
        på første møde.

        I det første år undersøger lederen og den kommunale netværkskoordinator, om et lokalt
        netværk af projekter og aktører giver mening.

        Den boligsociale leder ansættes i DAB og har den daglige ledelse, økonomien og driften
        af Beboerhuset. Lederen og kommunens netværkskoordinator udgør et ledelsesteam. Den
        fælles leder i 2016-19 havde for mange kasketter; nu er opgaverne delt tydeligere.
        """
    ),
    "samspil": text(
        """
        - Beboerhuset: projektet deler hus med Café Værebros og Værebros Rådgivning, kommunens
          fremskudte indsats med beboerrådgivning, sundhed og opsøgende ungearbejde.
        - Café Værebros betales af afdelingen og udvides til to medarbejdere.
        - Jobcentret har fremskudte jobindsatser for voksne og fra august 2019 også opsøgende
          arbejde i området. Projektet tager sig af børn og unge.
        - FamilieAkademiet er et fælles tilbud med kommunen om tidlig indsats.
        - Den kommende fysiske helhedsplan: en ekstra medarbejder, betalt af driftsstøttelån,
          arbejder med beboerinddragelse, kommunikation og brobygning til renoveringen.
        - Fleksibel udlejning siden 2017; kommunen følger samme principper ved 80 % af sine
          anvisninger.
        - KunstVild: Statens Kunstfonds pilotprojekt siden marts 2018 om kunst i det sociale
          arbejde.
        """
    ),
    "data": text(
        """
        Landsbyggefonden opgør hvert år en række registerdata for området. Tallene er de samme
        for alle indsatser under 2015-18-midlerne og giver en slags temperaturmåling.

        Det er en betingelse for støtten, at bestyrelsen følger tallene løbende. Lederen
        lægger dem frem hvert år sammen med den lokale evaluering.
        """
    ),
    "evaluering": text(
        """
        Hvert år gør medarbejderne status på årets succeskriterier. Lederen fremlægger
        evalueringen og de boligsociale data, og bestyrelsen beslutter eventuelle ændringer.

        Efter to år laves en større midtvejsevaluering med VIVEs tal, boligsociale data,
        kommunens data om social balance og medarbejdernes logbøger. Grupper af beboere
        inviteres til at se tilbage og frem. Lederen har ansvaret.
        """
    ),
    "ressourcer": text(
        """
        - Landsbyggefonden: 9.954.000 kr.
        - Lokal medfinansiering: 3.679.000 kr.
        - Samlet budget: 13.633.000 kr.

        Fordelingen pr. indsatsområde og år står i budgettet.
        """
    ),
    "underretning": text(
        """
        Boligorganisationen og kommunen har et fælles ansvar for, at indsatsen lykkes. Parterne
        fortæller hinanden om væsentlige ændringer, der kan påvirke samarbejdet. Det sker i
        bestyrelsen, hvor alle parter sidder, og hvor de sammen finder nye løsninger.
        """
    ),
    "konflikt": text(
        """
        Samarbejdet bygger på enighed. Opstår der konflikt, skaber bestyrelsen afklaring.
        Lederen forelægger sagen, eventuelt efter en drøftelse i følgegruppen. Interne
        uenigheder i kommunen eller boligorganisationen løses i deres egne fora.

        Hver part siger straks til, hvis noget kan få betydning for samarbejdet.
        """
    ),
    "revision": "Ændringer i samarbejdsaftalen skal godkendes af Landsbyggefonden.",
}

# --- Section 5 and the delaftaler --------------------------------------------------------------

AREAS = {
    T_T: {
        "problem": text(
            """
            Værebro Park minder om en landsby. Mange trives og har boet her længe, andre
            ønsker forandring, og nogle er utrygge – især omkring Værebro Park Centeret.
            Området har flotte grønne arealer, men ligger indeklemt mellem motorvej, ringvej og
            natur og har haft et dårligt ry siden skyderierne i 2013.

            Centeret har bibliotek, vaskeri, læge, gymnastiksal og Netto. Men der er også tomme
            butikker, bodegaliv og grupper af unge, der hænger ud.

            Nøgletal:
            - 75 % føler sig grundlæggende trygge (hele landet: 87 %), VIVE 2018
            - 57 % ville flytte, hvis de kunne
            - 50,9 % har ikke-vestlig baggrund; blandt børn under 18 år er det 66 %
            - afgørelser pr. 1000 beboere: 26,5 i 2014 og 13,6 i 2018 (Gladsaxe: 7,6)

            Fællesskaberne har svært ved at rumme beboere med anden baggrund, og driften ser en
            gruppe sårbare beboere med små netværk. Kriminaliteten falder, men udviklingen er
            skrøbelig. Færre stemmer ved valg end i resten af Gladsaxe.
            """
        ),
        "purpose": text(
            """
            Det skal være trygt at bo og vokse op i Værebro Park. Vi vil styrke udviklingen
            mod et trygt, attraktivt og åbent område med aktive beboere og fællesskaber for
            alle – og som en naturlig del af Bagsværd.
            """
        ),
        "goals": [
            "Beboerne føler sig grundlæggende trygge og vil gerne blive boende.",
            "Flere beboere deltager i lokale og nationale demokratiske processer og valg.",
            "Kriminaliteten blandt de unge falder.",
            "Flere beboere er frivillige i og omkring afdelingen.",
        ],
        "criteria": [
            Crit(
                "Andelen, der føler sig grundlæggende trygge i området, stiger mindst 5 "
                "procentpoint og nærmer sig landsgennemsnittet.",
                kind=PCT,
                baseline="75",
                period="2018",
                note="Baseline 2018: Værebro Park 75 %, hele Danmark 87 %",
                target_kind=POINTS,
                target="5",
                year=2023,
                source=VIVE,
                when="Ultimo 2020/21",
                comparisons=(("Hele Danmark", "87", "2018"),),
                measurements=(("2021-12-01", "77", "Ny VIVE-måling"),),  # demo value
            ),
            Crit(
                "Stemmeprocenten ved kommunalvalg stiger og nærmer sig Gladsaxe Kommunes.",
                kind=PCT,
                baseline="53.84",
                period="2017",
                note="Kommunalvalg 2017: Værebro Park 53,84 %, Gladsaxe Kommune 65,67 %",
                source="KMD's valgopgørelser",
                when="Kommunalvalget 2021",
                comparisons=((KOMMUNE, "65.67", "2017"),),
            ),
            Crit(
                "Stemmeprocenten ved folketingsvalg stiger og nærmer sig Gladsaxe Kommunes.",
                kind=PCT,
                baseline="77.97",
                period="2019",
                note="Folketingsvalg 2019: Værebro Park 77,97 %, Gladsaxe Kommune 84,6 %",
                source="KMD's valgopgørelser",
                when="Næste folketingsvalg",
                comparisons=((KOMMUNE, "84.6", "2019"),),
            ),
            Crit(
                "Andelen af 10-17-årige, der er sigtet mindst én gang, falder og nærmer sig "
                "Gladsaxe Kommunes gennemsnit.",
                kind=PCT,
                direction=DOWN,
                baseline="2.1",
                period="2014-2018",
                note="I snit 6,4 unge om året i 2014-2018, svarende til 2,1 %",
                source=BSD,
                comparisons=((KOMMUNE, "0.9", "2014-2018"),),
            ),
            Crit(
                "Andelen af beboere, der tit eller meget tit er frivillige, stiger.",
                kind=PCT,
                baseline="14",
                period="2018",
                source=VIVE,
                when="Ultimo 2020/21",
            ),
        ],
        "parties": [
            ("Mette Dybkjær", "Gladsaxe Kommune, Social Balance", "Leder"),
            ("Martin Timmermann Andersen", "Gladsaxe Kommune, Værebros Bibliotek", "Filialleder"),
            ("Søren Nabe-Nielsen", "Gladsaxe Kommune, SSP", "Afdelingsleder"),
            ("N.N.", "Café Værebros", "Cafébestyrer"),
            ("N.N.", AVP, "Formand"),
        ],
        "resources": [
            ("Boligsocial netværksmedarbejder", "", 75, None),
            ("Boligsocial børne- og ungemedarbejder", "", 5, None),
            ("Boligsocial familiemedarbejder", "", 5, None),
            ("Boligsocial leder", "", 10, None),
            ("Medarbejder fra Værebros Bibliotek", KOMMUNE, None, "3"),
        ],
        "municipal_link": text(
            """
            Aktiviteterne supplerer kommunens drift. Netværksgrupper samler op efter kommunale
            kurser, fx jobcentrets kurser, Lær at tackle og diabeteskurser fra
            Forebyggelsescentret. Sammen med Værebros Rådgivning, driften, jobcentret og Café
            Værebros opbygger netværksmedarbejderen fællesskaber for ensomme og udsatte.

            Arbejdet med unge i risiko er forankret i SSP, skole og klub. Børne- og
            ungemedarbejderen er lokal brobygger – både når noget brænder på, og i
            SSP-lokalgrupperne. Frivilligheden og netværkene drives tæt med biblioteket.
            Beboerne, afdelingsbestyrelsen og blokrådene er de vigtigste partnere.
            """
        ),
        "lbf": 2_701_000,
        "local": 849_000,
    },
    U_B: {
        "problem": text(
            """
            Mange voksne har svag tilknytning til arbejdsmarkedet og kort uddannelse. Flere
            forældre har svært ved at hjælpe børnene til et fritidsjob og med at holde fast i
            det. Børn og unge skal rustes til at vælge uddannelse og job med åbne øjne.

            Nøgletal:
            - 34,3 % står uden for arbejdsmarkedet (Gladsaxe: 21,8 %)
            - 60,2 % af de 30-59-årige har kun grundskole
            - 23,8 % af de 18-29-årige har kun grundskole (Gladsaxe: 13,5 %)
            - 27,8 % af de 20-24-årige har kun grundskole og er ikke i uddannelse
              (Gladsaxe 15,6 %, landet 16,0 %)
            - Skovbrynet Skole: 25 % har over 5 dages ulovligt fravær (Gladsaxe 10 %)
            - 35,7 % i 9. klasse er ikke uddannelsesparate (Gladsaxe 17 %)
            - karaktersnit i dansk og matematik 5,9 (Gladsaxe 7,1, landet 6,8)

            Mange forældre i skoledistriktet vælger skolen fra: 31 % af børnene går i en anden
            folkeskole og 36 % i privatskole. Byrådet undersøger siden juni 2019 en ny skole i
            Bagsværd. En lille gruppe unge voksne med gadeliv kan trække yngre med.
            Sundhedsplejen ser, at børnene sjældnere går til sport og andre fritidstilbud.
            """
        ),
        "purpose": "Flere beboere skal i uddannelse og job – især børn og unge.",
        "goals": [
            "Færre 20-24-årige har kun grundskole.",
            "Børn og unge vælger positive fritidsaktiviteter.",
            "Fritidsjob styrker unge på vejen mod uddannelse og job.",
            "Et godt fritidsliv styrker børn og unge i grundskolen.",
            "Flere iværksættere og socialøkonomiske virksomheder er aktive i området.",
        ],
        "criteria": [
            Crit(
                "Andelen af 20-24-årige med kun grundskole, der ikke er i uddannelse, falder "
                "3 procentpoint og nærmer sig Gladsaxe Kommunes gennemsnit.",
                kind=PCT,
                direction=DOWN,
                baseline="27.8",
                period="2018",
                target_kind=POINTS,
                target="3",
                year=2023,
                source=BSD,
                comparisons=((KOMMUNE, "15.6", "2018"), ("Hele landet", "16.0", "2018")),
                # demo values
                measurements=(
                    ("2021-12-01", "26.1", "Boligsociale data 2021"),
                    ("2022-12-01", "24.6", "Boligsociale data 2022"),
                ),
            ),
            Crit(
                "Andelen af elever i 9. klasse på Skovbrynet Skole, der ikke er "
                "uddannelsesparate, falder og nærmer sig Gladsaxe Kommunes gennemsnit.",
                kind=PCT,
                direction=DOWN,
                baseline="35.7",
                period="2018-2019",
                source="Gladsaxe Kommunes egen opgørelse",
                comparisons=((KOMMUNE, "17.0", "2018-2019"),),
            ),
            Crit(
                "10 unge, heraf 5 fra lommepengejobbet, får et almindeligt fritidsjob og "
                "beholder det i mindst 6 måneder.",
                unit="unge",
                target="10",
                year=2023,
                source=LOG,
                # demo values
                measurements=(("2021-12-15", "4", ""), ("2022-12-15", "7", "")),
            ),
            Crit(
                "Andelen af børn, der går til fritidsaktiviteter, er på niveau med Gladsaxe "
                "Kommunes gennemsnit.",
                kind=PCT,
                direction=REACH,
                source="Opgørelse sammen med Gladsaxe Kommune",
            ),
            Crit(
                "Kontakten til iværksættere og socialøkonomiske virksomheder vokser til mindst 5.",
                unit="iværksættere",
                baseline="3",
                period="2018",
                note="Baseline 2018: 3 kulturelle iværksætterprojekter",
                target="5",
                year=2023,
                source=LOG,
                # demo values
                measurements=(("2021-06-15", "4", ""), ("2022-12-15", "5", "")),
            ),
        ],
        "parties": [
            ("N.N.", "Værebro Parks ejendomsfunktion", "Ejendomsleder"),
            ("Søren Nabe-Nielsen", "Gladsaxe Kommune, Kultur, Fritid og Unge", "Afdelingsleder"),
            ("N.N.", AVP, "Formand"),
            ("Katrine Birk", "Gladsaxe Kommunes beskæftigelsesområde", "Beskæftigelseschef"),
            ("Brian Brønd", "Gladsaxe Ungeenhed UNIG", "Ungechef"),
            ("Mette Dybkjær", "Gladsaxe Kommune, Social Balance", "Leder"),
        ],
        "resources": [
            ("Boligsocial børne- og ungemedarbejder", "", 65, None),
            ("Boligsocial familiemedarbejder", "", 20, None),
            ("Boligsocial netværksmedarbejder", "", 0, None),
            ("Boligsocial leder", "", 5, None),
        ],
        "municipal_link": text(
            """
            Aktiviteterne er rettet mod børn og unge og bygger bro til kommunens tilbud.
            Projektets lokale kendskab og relationer styrker fx fritidsjobvejledningen og
            ferieaktiviteterne. Samarbejdet er godt i gang; nu skal nye projekter, fx om
            fritidsliv og ungefællesskaber, skabes sammen fra start.

            Jobcentret tager sig af de voksne med kurser i Beboerhuset, som spiller fint sammen
            med bydelsmødre og naboskab. Driften, Café Værebros og projektet driver
            lommepengejobbene sammen.

            Derudover bidrager medarbejdere fra ejendomsdriften, Værebros Rådgivnings
            ungemedarbejder og kommunens beskæftigelsesområde, uden fast timetal.
            """
        ),
        "lbf": 3_257_000,
        "local": 1_279_000,
    },
    F_F: {
        "problem": text(
            """
            Fagfolk vurderer, at der stadig er brug for forebyggelse, så sårbare forældre kan
            støtte deres børn i trivsel og læring og gøre dem klar til skolen. En del nyankomne
            familier med små børn ved kun lidt om dagtilbud, skole og opdragelse i Danmark, og
            flere har ringe tillid til kommunen.

            Nøgletal (Gladsaxe Kommune, 2018):
            - 46 % af de 1-årige er ikke i dagtilbud (Gladsaxe: 19 %)
            - 21 % af de 2-årige er ikke i dagtilbud (Gladsaxe: 7 %)
            - 2,8 % af børnene er anbragt (Gladsaxe: 0,7 %)
            - 19 % af familierne har en social sag (Gladsaxe: 12 %)

            Skole og daginstitutioner møder mange børn med store sproglige vanskeligheder, og
            området er udtaget til sprogtest i 0. klasse. Skolen og institutionerne har svært
            ved at nå en del forældre og ønsker, at de tager mere ansvar for børnenes læring.
            Nogle steder begrænser negativ social kontrol piger og kvinder.
            """
        ),
        "purpose": text(
            """
            Værebro Park skal være et trygt sted at vokse op, hvor børn har de samme
            livschancer som i resten af kommunen.
            """
        ),
        "goals": [
            "Sociale problemer i familierne forebygges.",
            "Forældrene står stærkere i deres forældreansvar.",
            "Flere børn går i dagtilbud eller et andet tilbud, der styrker sprog og læring.",
        ],
        "criteria": [
            Crit(
                "Andelen af familier med en social sag falder og nærmer sig Gladsaxe "
                "Kommunes gennemsnit.",
                kind=PCT,
                direction=DOWN,
                baseline="19",
                period="2018",
                source="Gladsaxe Kommunes opgørelse",
                comparisons=((KOMMUNE, "12", "2018"),),
            ),
            Crit(
                "Andelen af forældre, der kommer til forældremøder og -arrangementer, stiger.",
                kind=PCT,
                due="2019-12-31",
                note="Skovbrynet Skole opgør andelen i 2019",
                source="Opgørelser fra Skovbrynet Skole og de lokale daginstitutioner",
            ),
            Crit(
                "Andelen af 1-årige uden plads i dagtilbud falder og nærmer sig Gladsaxe "
                "Kommunes gennemsnit.",
                kind=PCT,
                direction=DOWN,
                baseline="46",
                period="2018",
                source="Gladsaxe Kommunes opgørelse",
                comparisons=((KOMMUNE, "19", "2018"),),
            ),
            Crit(
                "Andelen af 2-årige uden plads i dagtilbud falder og nærmer sig Gladsaxe "
                "Kommunes gennemsnit.",
                kind=PCT,
                direction=DOWN,
                baseline="21",
                period="2018",
                source="Gladsaxe Kommunes opgørelse",
                comparisons=((KOMMUNE, "7", "2018"),),
            ),
        ],
        "parties": [
            ("Benny Dalgaard", "Gladsaxe Kommune, daginstitutionerne Skovbrynet", "Områdeleder"),
            ("Lisa Romlund Nielsen", "Gladsaxe Kommune, Udførende enhed", "Leder"),
            ("Linda Malmgren", "Gladsaxe Kommune, Sundhedsplejen", "Ledende sundhedsplejerske"),
            ("Signe Arnholdt Haugaard", "Skovbrynet Skole", "Skoleleder"),
            ("Tine Vesterby Sørensen", KOMMUNE, "Familie- og rådgivningschef"),
            ("Mette Dybkjær", "Gladsaxe Kommune, Social Balance", "Leder"),
        ],
        "resources": [
            ("Boligsocial familiemedarbejder", "", 85, None),
            ("Boligsocial børne- og ungemedarbejder", "", 25, None),
            ("Boligsocial netværksmedarbejder", "", 25, None),
            ("Boligsocial leder", "", 0, None),
            ("Lokal boligsocial brobygger", "", 100, None),
        ],
        "municipal_link": text(
            """
            FamilieAkademiet er et formelt samarbejde med kommunen og fortsætter. Det holdes
            lokalt med en boligsocial medarbejder som projektleder. Familier med tunge problemer
            henvises til kommunens egne tilbud.

            Skole, daginstitutioner og projekt har aftalt at gøre forældrenes deltagelse til et
            fælles fokus og udvikler aktiviteterne sammen. Værebros Rådgivning giver personlig
            rådgivning; projektet supplerer med netværk og kurser, også for forældre, der vil
            støtte andre forældre.

            Medarbejdere fra kommunens familieafdeling deltager desuden, uden fast timetal.
            """
        ),
        "lbf": 2_936_000,
        "local": 1_551_000,
    },
}

CONFLICT_AND_INFORM = text(
    """
    De ansvarlige for aktiviteterne melder løbende til lederen, hvis noget står i vejen for
    målene. Uenighed løses først mellem de involverede og ellers af deres nærmeste ledere.
    Principielle eller politiske sager kan gå videre til bestyrelsen.
    """
)
REVISION = text(
    """
    Bestyrelsen godkender ændringer, og lederen lægger den nye delaftale på LBF's
    driftsstøtteportal. Flytter en ændring vægten mellem indsatsområderne, skal
    Landsbyggefonden inddrages først.
    """
)

# --- The 14 activities ------------------------------------------------------------------------
# `responsible`: the demo medarbejder (the netværksmedarbejder) edits these activities.

ACTIVITIES = {
    T_T: [
        dict(
            name="Styrkelse af det frivillige arbejde",
            core="Netværksskabende aktiviteter",
            responsible=True,
            content=text(
                """
                Frivilligt arbejde giver netværk og social kapital på tværs af alder, køn og
                baggrund – for den enkelte og for området. Vi vil have et frivilligmiljø med
                plads til både stærke og sårbare beboere.

                Netværksmedarbejderen støtter grupper af frivillige, som selv tager
                initiativet: fx fællesspisning, biavl, banko, loppemarked eller en
                cykeltur for naboer. Det kan være enkelte arrangementer eller længere forløb.
                Medarbejderen tilbyder sparring, korte kurser og hjælp til at finde nye
                frivillige.

                Et beboerhus-udvalg af beboere skal skabe flere aktiviteter i Beboerhuset.
                Netværksmedarbejderen og lederen er tovholdere, og udvalget oprettes sammen med
                afdelingsbestyrelsen.
                """
            ),
            purpose=text(
                """
                Det frivillige arbejde i afdelingen skal vokse og stå stærkere, og beboerne skal
                føle mere ejerskab til de sociale aktiviteter.
                """
            ),
            goals=[
                "Flere beboere tager aktivt ansvar for det sociale liv i Værebro Park.",
                "Flere beboere er frivillige i og omkring afdelingen.",
                "Flere aktiviteter i Beboerhuset drives af beboerne.",
            ],
            groups=[
                "Beboere, der vil gøre en frivillig indsats – både ressourcestærke og mere "
                "udsatte.",
                "Andre beboere, der deltager i de frivilliges aktiviteter.",
            ],
            criteria=[
                Crit(
                    "Antallet af frivillige, som medarbejderne har kontakt med, stiger 15 %.",
                    unit="frivillige",
                    due="2020-12-31",
                    note="Medarbejderne tæller op i december 2020",
                    target_kind=RELATIVE,
                    target="15",
                    year=2023,
                    source=NET_LOG,
                    # demo values; the first count is the baseline
                    measurements=(
                        ("2020-12-15", "40", "Første optælling"),
                        ("2021-12-15", "44", ""),
                        ("2022-12-15", "47", ""),
                    ),
                ),
                Crit(
                    "Andelen af beboere, der ofte er frivillige, stiger og kommer tæt på "
                    "landsgennemsnittet.",
                    kind=PCT,
                    baseline="14",
                    period="2018",
                    source=VIVE,
                    when="Ultimo 2020/21",
                ),
                Crit(
                    "Aktiviteter i Beboerhuset, som frivillige står for, stiger 10 %.",
                    unit="aktiviteter",
                    due="2020-12-31",
                    note="Medarbejderne tæller op i 2020",
                    target_kind=RELATIVE,
                    target="10",
                    year=2023,
                    source=NET_LOG,
                    # demo values
                    measurements=(
                        ("2020-12-15", "24", "Første optælling"),
                        ("2021-12-15", "22", "Færre aktiviteter under corona"),
                        ("2022-12-15", "21", ""),
                    ),
                ),
            ],
            responsibilities=text(
                """
                Netværksmedarbejderen støtter og faciliterer; de frivillige tager initiativet
                og står for aktiviteterne. Medarbejderen kan holde sparringssamtaler, små kurser
                og samtaler med nye frivillige. De frivillige søger penge hos afdelingen eller
                projektet.
                """
            ),
        ),
        dict(
            name="Det gode naboskab",
            core="Naboambassadører",
            responsible=True,
            content=text(
                """
                Nogle blokke har et stærkt naboskab, mens naboer i andre opgange knap kender
                hinanden. Når man kender sine naboer, føler man sig mere tryg og tager mere
                ejerskab.

                Vi bygger videre på blokråd og andre fællesskaber, der allerede findes, og
                udvikler nye sammen med beboerne. Beboerne ønsker bl.a. opgangsrepræsentanter,
                kunst i opgangene og fællesspisning i opgangen eller blokken.
                Netværksmedarbejderen danner grupper af beboere sammen med naboskabsgruppen,
                afdelingsbestyrelsen og blokrådene.
                """
            ),
            purpose="Et stærkere naboskab skal give mere tryghed i hverdagen.",
            goals=[
                "Fællesskaber i opgange og blokke opbygges og støttes.",
                "Der holdes flere naboskabsaktiviteter i opgange og blokke.",
                "Alle opgange er med i en organisering, der arbejder med naboskab.",
            ],
            groups=[
                "Aktive frivillige, beboerdemokrater og medlemmer af blokråd",
                "Alle beboere",
            ],
            criteria=[
                Crit(
                    "Naboskabsaktiviteter i opgange eller blokke i mindst to blokke om året.",
                    unit="blokke",
                    target="2",
                    source="Netværksmedarbejderens status med Blokrådsudvalget",
                    # demo values
                    measurements=(
                        ("2020-12-15", "1", ""),
                        ("2021-12-15", "2", ""),
                        ("2022-12-15", "3", ""),
                    ),
                ),
                Crit(
                    "Antallet af naboskabsaktiviteter i opgange og blokke stiger 25 %.",
                    unit="aktiviteter",
                    due="2020-12-31",
                    note="Baseline opgøres i december 2020",
                    target_kind=RELATIVE,
                    target="25",
                    year=2023,
                    source="Netværksmedarbejderens status med Blokrådsudvalget",
                    measurements=(("2020-12-15", "8", "Første optælling"),),  # demo value
                ),
                Crit(
                    "Alle opgange i mindst to blokke får en fast organisering, fx blokråd "
                    "eller opgangsrepræsentanter. I løbet af de fire år kommer alle otte "
                    "blokke med.",
                    unit="blokke",
                    target="8",
                    year=2023,
                    source="Netværksmedarbejderens status med Blokrådsudvalget",
                    # demo values
                    measurements=(("2021-12-15", "3", ""), ("2022-12-15", "5", "")),
                ),
            ],
            responsibilities=text(
                """
                Netværksmedarbejderen er tovholder og støtter de frivillige. Målet er, at
                blokråd eller opgangsrepræsentanter overtager aktiviteten. Partnere er
                naboskabsgruppen, blokrådene, afdelingsbestyrelsen og frivillige beboere.
                """
            ),
        ),
        dict(
            name="Netværksskabende aktiviteter",
            core="Netværksskabende aktiviteter",
            responsible=True,
            content=text(
                """
                Små, lokale netværk giver tryghed og trivsel, mindsker ensomhed og styrker den
                sociale kapital. Nogle drives af medarbejderne, andre af frivillige eller
                lokale fagfolk. Med tiden kan flere overgå til deltagerne selv.

                Aktiviteter, der fortsætter:
                - Kulturklub med Værebros Bibliotek, åben for naboer fra Bagsværd
                - Tirsdagscafé: en aften om måneden med oplæg eller underholdning, sammen med
                  Café Værebros
                - Sommergrill med Café Værebros

                Nye aktiviteter:
                - Netværk i caféen, fx for ensomme mænd, førtidspensionister eller studerende,
                  eller om kortspil, tv og syning
                - Netværksgrupper, der fortsætter efter kurser i Beboerhuset, fx diabeteshold,
                  Lær at tackle og danskhold
                - En årlig fest for hele området, fx en Kulturfest, som en arbejdsgruppe af
                  beboere planlægger
                """
            ),
            purpose=text(
                """
                Flere beboere skal trives og føle sig trygge. Netværk på tværs skal styrke
                fællesskabet, modvirke ensomhed og opbygge social kapital.
                """
            ),
            goals=[
                "Flere inkluderende netværk i Beboerhuset og resten af området.",
                "Beboere i en udsat position deltager i et netværk.",
                "Deltagere i kurser kan fortsætte i et netværk bagefter.",
            ],
            groups=[
                "Beboere, der af forskellige grunde er i en udsat position",
                "Alle beboere i Værebro Park og naboer fra Bagsværd",
            ],
            criteria=[
                Crit(
                    "Der opbygges fem inkluderende netværk med projektet som ramme.",
                    unit="netværk",
                    target="5",
                    year=2023,
                    source=NET_LOG,
                    # demo values
                    measurements=(("2021-12-15", "3", ""), ("2022-12-15", "5", "")),
                ),
                Crit(
                    "Beboere i en udsat position deltager.",
                    kind=QUAL,
                    source=NET_LOG,
                    measurements=(("2021-12-15", True, "Ses i caféens netværk"),),  # demo
                ),
                Crit(
                    "Mindst ét varigt netværk om året vokser ud af et forløb hos eksterne aktører.",
                    unit="netværk",
                    target="1",
                    source=NET_LOG,
                    # demo values
                    measurements=(("2021-12-15", "1", ""), ("2022-12-15", "0", "")),
                ),
            ],
            responsibilities=text(
                """
                Netværksmedarbejderen er tovholder.
                - Værebros Bibliotek: Kulturklub og eventuelt andre netværk
                - Forebyggelsescentret: netværk efter centrets kurser
                - Café Værebros, Værebros Rådgivning og jobcentret: netværk i caféen
                - En arbejdsgruppe af beboere står for festen; netværksmedarbejderen og lederen
                  faciliterer
                """
            ),
        ),
        dict(
            name="Beboerredaktion",
            core="Image og kommunikation",
            responsible=True,
            content=text(
                """
                Værebro Park har omkring 3000 beboere – lige så mange som der bor på Fanø. Et
                lokalsamfund af den størrelse har brug for fælles kanaler, der styrker
                sammenholdet og giver et mere nuanceret billede af området.

                TV-Værebros findes, og Værebros Avis udkom indtil 2018; begge har manglet
                frivillige. Netværksmedarbejderen og en bibliotekar samler en gruppe beboere,
                der udvikler en eller flere fælles kanaler. Skolen eller skoleklubben kan blive
                partnere. Efter fire år skal redaktionen kunne køre videre lokalt.
                """
            ),
            purpose=text(
                """
                Beboerne skal selv fortælle historierne om og i Værebro Park. Det styrker
                fællesskabet, ejerskabet og områdets image.
                """
            ),
            goals=[
                "En varig beboerredaktion med stærke partnere.",
                "En eller flere kanaler, hvor beboere fortæller historier til hinanden.",
                "Redaktionen formidler historier fra og om Værebro Park.",
            ],
            groups=["Frivillige beboere", "Alle beboere"],
            criteria=[
                Crit(
                    "Der opbygges en beboerredaktion.",
                    kind=QUAL,
                    year=2023,
                    source=NET_LOG,
                    # demo values
                    measurements=(
                        ("2020-12-15", False, "Gruppen er ved at blive samlet"),
                        ("2021-12-15", True, "Redaktionen mødes hver måned"),
                    ),
                ),
                Crit(
                    "Der skabes en kanal, hvor beboere kommunikerer internt i Værebro Park.",
                    kind=QUAL,
                    source=NET_LOG,
                    measurements=(("2022-06-15", False, "Platformen er valgt"),),  # demo
                ),
                Crit(
                    "Mindst to formidlingsprojekter sendes ud om året.",
                    unit="projekter",
                    target="2",
                    source=NET_LOG,
                ),
            ],
            responsibilities=text(
                """
                Netværksmedarbejderen faciliterer gruppen sammen med medarbejderen fra
                Værebros Bibliotek og samler partnere, der kan bære projektet videre.
                Biblioteket medfinansierer med bibliotekartimer, og kommunens
                kommunikationsafdeling vejleder.
                """
            ),
        ),
        dict(
            name="SSP samarbejde",
            content=text(
                """
                Børne- og ungemedarbejderen er lokal kontakt for SSP og lokalpolitiet og bygger
                bro til unge og deres forældre. SSP-konsulenten tilbyder kompetencemøder for
                personalegrupper og dialogmøder for forældre, unge og civilsamfund.
                """
            ),
            purpose="Færre unge skal begå kriminalitet, så det bliver trygt at vokse op her.",
            goals=[
                "Færre 10-17-årige bliver sigtet, og niveauet nærmer sig Gladsaxe Kommunes.",
                "Samarbejdet med SSP og lokalpolitiet fortsætter.",
            ],
            groups=[
                "Unge i risiko for kriminalitet",
                "Forældre til unge i risiko for kriminalitet",
            ],
            criteria=[
                Crit(
                    "Andelen af 10-17-årige, der er sigtet mindst én gang, falder og nærmer "
                    "sig Gladsaxe Kommunes gennemsnit.",
                    kind=PCT,
                    direction=DOWN,
                    baseline="2.1",
                    period="2014-2018",
                    note="I snit 6,4 unge om året i 2014-2018, svarende til 2,1 %",
                    source=BSD,
                    comparisons=((KOMMUNE, "0.9", "2014-2018"),),
                ),
                Crit(
                    "Samarbejdet mellem SSP, lokalpolitiet og den boligsociale enhed bliver "
                    "stærkere.",
                    kind=QUAL,
                    source="Årlig evaluering med SSP-konsulent, lokalpoliti, børne- og "
                    "ungemedarbejder og leder",
                    when="En gang om året",
                    # demo values
                    measurements=(
                        ("2020-12-10", True, "Fast møde hver måned"),
                        ("2021-12-10", True, ""),
                    ),
                ),
            ],
            responsibilities=text(
                """
                Børne- og ungemedarbejderen er tovholder. Partnere er SSP, lokalpolitiet,
                Værebros Rådgivning og SSP-netværket.
                """
            ),
        ),
    ],
    U_B: [
        dict(
            name="Lommepengejob og fritidsjobformidling",
            core="Lommepengeprojekter og fritidsjobprojekter",
            content=text(
                """
                Lommepengejob: Sammen med ejendomsdriften og caféen i Beboerhuset ansættes
                unge til små, konkrete opgaver, fx blomsterbede eller sortering af storskrald.
                Forløbene tager højde for, at det kan være svært at holde fast i et job, og
                gør de unge klar til et almindeligt fritidsjob. Forældrene inddrages.

                Fritidsjobvejledning: Med kommunens fritidsjobvejleder og Værebros Rådgivnings
                ungemedarbejder hjælper vi med ansøgninger og med at holde fast i jobbet.

                Efterværn: Unge med særlige behov i et skoletilbud kan få længere forløb med
                job, der passer til dem.

                Fritidsjob hænger sammen med bedre skolegang og mere uddannelse. De giver
                også et alternativ til kriminelle eller radikaliserede miljøer.
                """
            ),
            purpose="Flere unge skal i uddannelse og job, så den sociale arv brydes.",
            goals=[
                "De unge lærer at passe et job og kan derefter få et almindeligt fritidsjob.",
                "De unge tager ansvar for små driftsopgaver og får ejerskab til området.",
                "Forældrene bliver bedre til at støtte børnene i at holde fast i jobbet.",
            ],
            groups=[
                "Unge på 13-15 år fra familier med svag tilknytning til arbejdsmarkedet "
                "eller med lav motivation i skolen",
                "Børn og unge på 13-18 år med særlige behov, som går i et skoletilbud",
                "Tidligere lommepengejobbere på 16-20 år, der har brug for efterværn",
                "Forældre til unge i lommepengejob",
            ],
            criteria=[
                Crit(
                    "20 unge gennemfører et lommepengejobforløb hvert år.",
                    unit="unge",
                    target="20",
                    source=LOG,
                    # demo values
                    measurements=(
                        ("2020-12-15", "12", "Færre forløb under corona"),
                        ("2021-12-15", "17", ""),
                        ("2022-12-15", "21", ""),
                    ),
                ),
                Crit(
                    "10 unge, heraf 5 fra lommepengejobbet, får et almindeligt fritidsjob og "
                    "beholder det i mindst 6 måneder.",
                    unit="unge",
                    target="10",
                    year=2023,
                    source=LOG,
                    # demo values
                    measurements=(("2021-12-15", "4", ""), ("2022-12-15", "7", "")),
                ),
                Crit(
                    "Der opbygges et samarbejde med forældrene om forløbene.",
                    kind=QUAL,
                    source=LOG,
                    measurements=(("2021-06-15", False, "Få forældre møder op"),),  # demo
                ),
                Crit(
                    "Driften og caféen ser de unge udvikle sig og tage ansvar. Mindst halvdelen "
                    "af de unge synes, forløbet er meningsfuldt og lærerigt.",
                    kind=PCT,
                    target="50",
                    source="Medarbejderens evaluering med driften og caféen",
                    measurements=(("2022-12-15", "68", "Spørgeskema"),),  # demo value
                ),
            ],
            responsibilities=text(
                """
                Børne- og ungemedarbejderen leder aktiviteten og står for rekruttering,
                den pædagogiske ramme, forældresamarbejdet og vejen videre til fritidsjob.
                Driftens medarbejdere og caféens personale har det daglige tilsyn med de unge.
                Forløbene planlægges med caféen, mesterassistenten og ejendomslederen.
                Fritidsjobvejledningen sker med Værebros Rådgivnings ungemedarbejder og
                kommunens fritidsjobvejleder.
                """
            ),
        ),
        dict(
            name="Brobygning til fritidsaktiviteter for børn og unge",
            core="Brobygning til foreningsliv",
            content=text(
                """
                En ny aktivitet, der bygger videre på ferieaktiviteterne. Den udvikles i løbet
                af 2020, før den går i gang. Børn og unge fra Værebro Park går sjældnere til
                fritidsaktiviteter end andre børn i Gladsaxe.

                Ferieaktiviteterne fortsætter og koordineres mellem SFO, ungdomsklub, skole,
                idrætsforeninger og Værebros Sekretariatet.

                To projekter udvikles side om side:
                - Foreningsnetværk: med kommunens idrætskonsulent samles de lokale foreninger,
                  så familierne får overblik og let adgang.
                - Social Balance i fritidslivet: med Social Balance og helhedsplanen i Høje
                  Gladsaxe introduceres børn i de fire udsatte bydele til idræt, og forældrene
                  inddrages.

                Foreningerne kan få brug for viden om de nye deltagere og om inklusion.
                """
            ),
            purpose=text(
                """
                Flere børn og unge skal vælge positive fællesskaber i fritiden, og de skal
                deltage lige så meget som andre børn i kommunen. På sigt skal det forebygge
                kriminalitet og støtte vejen til uddannelse og job.
                """
            ),
            goals=[
                "Let og lige adgang til fritidsaktiviteter for børn.",
                "Flere børn og unge fra Værebro Park går til fritidsaktiviteter.",
                "Forældrene tager ansvar for børnenes fritidsliv.",
                "De lokale foreninger er med til at sikre adgangen.",
            ],
            groups=[
                "Børn og forældre fra familier, der sjældent eller aldrig går til "
                "fritidsaktiviteter",
                "Lokale fritidsforeninger",
            ],
            criteria=[
                Crit(
                    "I løbet af 2020 udvikles mindst én aktivitet sammen med andre aktører.",
                    kind=QUAL,
                    year=2020,
                    source="Medarbejderens evaluering, december 2020",
                    measurements=(("2020-12-15", False, "Udskudt under corona"),),  # demo
                ),
                Crit(
                    "Andelen af børn, der går til fritidsaktiviteter, er på niveau med "
                    "Gladsaxe Kommunes gennemsnit.",
                    kind=PCT,
                    direction=REACH,
                    source="Opgørelse sammen med Gladsaxe Kommune",
                ),
                Crit(
                    "10 familier deltager i det første halve år, aktiviteten kører.",
                    unit="familier",
                    target="10",
                    source=LOG,
                    measurements=(("2021-09-15", "7", ""),),  # demo value
                ),
                Crit(
                    "Samarbejde med mindst fire lokale idrætsforeninger det første år.",
                    unit="foreninger",
                    target="4",
                    year=2021,
                    source=LOG,
                    measurements=(("2021-12-15", "4", ""),),  # demo value
                ),
            ],
            responsibilities=text(
                """
                Aktiviteterne udvikles med Vores HG, Social Balance og Kultur og idræt i
                Gladsaxe Kommune. Lokale foreninger inviteres med i udviklingen og i
                netværket. De boligsociale medarbejdere deltager i udviklingen og senere i
                gennemførelsen. Rekruttering sker med Værebros Rådgivnings ungemedarbejder og
                beboerrådgiver.
                """
            ),
        ),
        dict(
            name="Aktive ungefællesskaber i samarbejde med UNIG",
            content=text(
                """
                Inspireret af Fair Play i Høje Gladsaxe udvikler UNIG og projektet et
                fællesskab for unge på 17-25 år. De unge planlægger selv aktiviteter for
                hinanden og for andre beboere, fx fællesspisning eller banko. Tilgangen bygger
                på de unges ressourcer, og UNIGs medarbejdere leder projektet.
                """
            ),
            purpose=text(
                """
                Flere unge skal vælge positive fællesskaber. På sigt skal det forebygge
                kriminalitet og støtte vejen mod uddannelse og job.
                """
            ),
            goals=[
                "Et fællesskab for unge på 17-25 år.",
                "Et stærkere aktivt medborgerskab hos de unge.",
                "De unges ressourcer bliver synlige.",
            ],
            groups=["Unge på 17-25 år", "Andre beboere i Værebro Park"],
            criteria=[
                Crit(
                    "Mindst to arrangementer om året.",
                    unit="arrangementer",
                    target="2",
                    source=LOG,
                    # demo values
                    measurements=(("2021-12-15", "1", ""), ("2022-12-15", "2", "")),
                ),
                Crit(
                    "Mindst 8 unge om året deltager i et forløb om aktivt medborgerskab.",
                    unit="unge",
                    target="8",
                    source=LOG,
                    measurements=(("2022-12-15", "5", ""),),  # demo value
                ),
                Crit(
                    "Mindst 8 andre beboere deltager hvert år og er glade for arrangementerne.",
                    unit="beboere",
                    target="8",
                    source=LOG,
                ),
            ],
            responsibilities=text(
                """
                UNIGs medarbejdere leder projektet og er tovholdere. Projektet deltager på lige
                fod med Værebros Rådgivnings ungemedarbejder.
                """
            ),
        ),
        dict(
            name="Iværksætteri og socialøkonomi",
            core="Socialøkonomiske virksomheder",
            content=text(
                """
                Et nyt fokus: projektet vil undersøge og støtte iværksætteri og
                socialøkonomiske virksomheder. Der arbejder allerede flere kulturelle
                iværksættere i centeret. Det kan give nye job – også skæve – og mere liv.

                Lederen og medarbejderne arbejder for en arbejdsgruppe, der driver
                udviklingen. Projektet bygger bro mellem iværksætterne og arbejdsgruppen,
                kommunen, DAB og AVP – og til beboerne, jobcentrets fremskudte indsats og Café
                Værebros.
                """
            ),
            purpose="Skabe job for beboerne, åbne Værebro Park op og give området et bedre ry.",
            goals=[
                "Indsatsen for at få iværksættere og socialøkonomiske virksomheder til området "
                "bliver mere samlet og stærkere.",
                "Beboerne inddrages.",
            ],
            groups=[
                "Iværksættere og socialøkonomiske virksomheder",
                "Beboerne i Værebro Park",
            ],
            criteria=[
                Crit(
                    "En arbejdsgruppe om iværksætteri og socialøkonomi etableres i 2020.",
                    kind=QUAL,
                    year=2020,
                    source="Medarbejdernes evaluering, december 2020",
                    measurements=(("2020-11-20", True, "Første møde holdt"),),  # demo
                ),
                Crit(
                    "Mindst 10 beboere om året er med i de nye aktiviteter.",
                    unit="beboere",
                    target="10",
                    source="Medarbejdernes optælling",
                    # demo values
                    measurements=(("2021-12-15", "6", ""), ("2022-12-15", "8", "")),
                ),
            ],
            responsibilities=text(
                """
                Lederen og medarbejderne arbejder for at få en arbejdsgruppe op at stå.
                Projektet bygger bro til beboerne og Café Værebros.

                Forventede partnere:
                - AVP og DAB
                - Gladsaxe Kommunes erhvervsudvikling
                - Gladsaxe Jobcenter
                - Café Værebros
                - Værebros kulturelle iværksættere
                """
            ),
        ),
    ],
    F_F: [
        dict(
            name="FamilieAkademi",
            core="Boligsociale familiekurser",
            content=text(
                """
                Et ugentligt, åbent tilbud til familier med mindre børn. Forældrene får
                vejledning og undervisning om fx:
                - forældrerollen og børns trivsel
                - opdragelse, sundhed og sprog
                - samspillet i familien
                - samarbejdet med dagtilbud og skole
                - dansk kultur, samfund og demokrati
                - foreningsliv og fritid

                Familiemedarbejderen leder et team med kommunale fagfolk, og emnerne følger
                familiernes ønsker. Familierne møder hinanden på tværs af baggrund og danner
                netværk. Der er løbende optag, og man kommer, når man kan.
                """
            ),
            purpose=text(
                """
                Familierne skal have et godt familieliv, forældrene skal stå stærkere i deres
                ansvar, og sociale problemer skal forebygges.
                """
            ),
            goals=[
                "Forløb for forældre i målgruppen gennemføres.",
                "Sårbare forældre lærer mere om børns udvikling og får redskaber til at hjælpe "
                "dem med skole, sprog og hverdag.",
                "Nye familier i målgruppen nås.",
            ],
            groups=[
                "Sårbare familier med risiko for sociale problemer, fx med svagt netværk, "
                "sproglige udfordringer, langtidsledighed eller usikkerhed i forældrerollen. "
                "Familier med tunge sociale problemer henvises til kommunens tilbud."
            ],
            criteria=[
                Crit(
                    "To sæsoner med 16 mødegange om året; mindst 10 familier kommer 5 gange "
                    "eller mere.",
                    unit="familier",
                    target="10",
                    source=LOG,
                    # demo values
                    measurements=(
                        ("2020-12-15", "6", "Kun én sæson under corona"),
                        ("2021-12-15", "11", ""),
                        ("2022-12-15", "12", ""),
                    ),
                ),
                Crit(
                    "Mindst 8 nye familier om året.",
                    unit="familier",
                    target="8",
                    source=LOG,
                    measurements=(("2022-12-15", "6", ""),),  # demo value
                ),
                Crit(
                    "75 % af familierne får ny indsigt og nye muligheder i familielivet.",
                    kind=PCT,
                    target="75",
                    source="Teamets evaluering sammen med familierne",
                    measurements=(("2021-12-15", "81", ""),),  # demo value
                ),
            ],
            responsibilities=text(
                """
                Familiemedarbejderen leder FamilieAkademiet. Planlægning, rekruttering og
                afvikling sker med et team af 3-4 kommunale fagfolk fra:
                - Familiesupporten
                - Udførende enhed
                - Daginstitutionerne Skovbrynet
                - Familieafdelingen
                - Sundhedsplejen

                Kommunen medfinansierer med medarbejdertimer.
                """
            ),
        ),
        dict(
            name="Aktive mødre og fædre",
            core="Netværksmødre og -fædre",
            content=text(
                """
                Hvert år holdes et netværksforløb for mødre og et for fædre, fx som
                bydelsmor-kursus og Baba-forløb. Bydelsmødre lærer om bl.a. børns udvikling,
                sundhed, demokrati, negativ social kontrol og det kommunale system. Bagefter
                støtter de isolerede kvinder i området.

                Kurserne er for både ressourcestærke forældre og forældre, der selv er i en
                udsat position. Fædreforløbet er nyt; det første halve år bruges på at
                udvikle det og finde deltagere. Aktiviteten kan ikke umiddelbart forankres.
                """
            ),
            purpose=text(
                """
                Forebygge sociale problemer i familierne og give dem de samme livschancer som
                andre familier i kommunen.
                """
            ),
            goals=[
                "Mødre og fædre får viden og redskaber til deres egen situation.",
                "Et netværk af aktive mødre og fædre støtter hinanden og andre forældre i "
                "udsatte positioner.",
            ],
            groups=[
                "Mødre og fædre, der kan få gavn af et netværksforløb, og som bagefter kan "
                "være bydelsmor eller -far",
                "Mødre og fædre i en udsat position",
            ],
            criteria=[
                Crit(
                    "Hvert år gennemføres ét forløb for mødre og ét for fædre.",
                    kind=QUAL,
                    source=FAM_LOG,
                    # demo values
                    measurements=(
                        ("2021-12-15", False, "Fædreforløbet er ikke startet"),
                        ("2022-12-15", True, ""),
                    ),
                ),
                Crit(
                    "Mindst 10 kvinder deltager, og 5 af dem bliver bydelsmødre bagefter.",
                    unit="kvinder",
                    target="10",
                    source=FAM_LOG,
                    measurements=(("2021-12-15", "12", ""),),  # demo value
                ),
                Crit(
                    "Mindst 6 mænd deltager.",
                    unit="mænd",
                    target="6",
                    source=FAM_LOG,
                    measurements=(("2022-12-15", "4", ""),),  # demo value
                ),
                Crit(
                    "Et netværk af aktive mødre og fædre laver aktiviteter i bydelen eller "
                    "med bydelsmødre fra Høje Gladsaxe.",
                    kind=QUAL,
                    source=FAM_LOG,
                ),
            ],
            responsibilities=text(
                """
                Familiemedarbejderen koordinerer begge forløb. Børne- og ungemedarbejderen og
                den lokale brobygger står for fædreforløbet; netværksmedarbejderen og
                brobyggeren for mødreforløbet. Forløbene kan laves med Vores HG i Høje
                Gladsaxe og med kommunen, forebyggelsescentret, jobcentret, sundhedsplejen,
                daginstitutionerne og lokalpolitiet.
                """
            ),
        ),
        dict(
            name="Beboerdrevne familienetværk",
            core="Netværksskabende aktiviteter",
            content=text(
                """
                Projektet hjælper forældre, der vil skabe fællesskaber med andre familier i og
                omkring Værebro Park. En lille gruppe aktive forældre driver netværket og
                inviterer mange flere med til oplevelser og læring på tværs af kultur, klasse
                og boligområde.

                Det første netværk er allerede i gang og slår et slag for den lokale
                folkeskole, Skovbrynet Skole. Andre netværk kan få andre temaer. Fordi
                frivillige bærer netværkene, kan de forankres hos dem eller i afdelingens
                klubtradition.
                """
            ),
            purpose="Støtte inkluderende netværk mellem familier i og omkring Værebro Park.",
            goals=[
                "Varige familienetværk dannes.",
                "Familier i en sårbar position deltager.",
                "Netværkene samler familier fra Værebro Park og resten af Bagsværd.",
            ],
            groups=[
                "Forældre, der vil starte og drive et familienetværk",
                "Familier i og omkring Værebro Park",
            ],
            criteria=[
                Crit(
                    "Mindst ét nyt netværk hvert år.",
                    unit="netværk",
                    target="1",
                    source=FAM_LOG,
                    # demo values
                    measurements=(
                        ("2020-12-15", "1", ""),
                        ("2021-12-15", "1", ""),
                        ("2022-12-15", "1", ""),
                    ),
                ),
                Crit(
                    "Sårbare familier er blandt deltagerne.",
                    kind=QUAL,
                    source=FAM_LOG,
                    measurements=(("2022-06-15", False, "Endnu ikke"),),  # demo value
                ),
                Crit(
                    "Netværkene holder mindst 3 aktiviteter om året, og mindst 10 familier "
                    "deltager.",
                    unit="familier",
                    target="10",
                    source=FAM_LOG,
                ),
            ],
            responsibilities=text(
                """
                De frivillige har hovedansvaret. Familiemedarbejderen støtter dem og hjælper
                sårbare familier ind i netværkene.
                """
            ),
        ),
        dict(
            name="Samarbejde med skolen og daginstitutionerne",
            core="Brobygning mellem grundskole og forældre",
            content=text(
                """
                Skovbrynet Skole har svært ved at nå en del forældre, især forældre med anden
                etnisk baggrund, og daginstitutionerne oplever det samme. Skole,
                daginstitutioner og projekt har aftalt at udvikle fælles initiativer, så flere
                forældre deltager. Medarbejderne bruger deres kendskab til familierne og bygger
                bro.
                """
            ),
            purpose="Forældrene skal stå stærkere i deres forældreansvar.",
            goals=["Forældresamarbejdet i daginstitutionerne og på skolen styrkes."],
            groups=[
                "Forældre, som sjældent eller aldrig kommer til møder og arrangementer i "
                "daginstitution og skole"
            ],
            criteria=[
                Crit(
                    "I 2021-23 holdes to fælles initiativer om året med skolen og med "
                    "daginstitutionerne.",
                    unit="initiativer",
                    target="2",
                    source=LOG,
                    # demo values
                    measurements=(("2021-12-15", "1", ""), ("2022-12-15", "1", "")),
                ),
            ],
            responsibilities=text(
                """
                Familiemedarbejderen, daginstitutionerne og skolen opbygger samarbejdet
                sammen. I starten støtter lederen og den kommunale netværkskoordinator.
                """
            ),
        ),
        dict(
            name="Legestue",
            core="Netværksskabende aktiviteter",
            content=text(
                """
                Sammen med lokale partnere og følgegruppen udvikles legestuer, der rammer de
                udfordringer, familierne har lige nu. Konceptet er fleksibelt, så målgruppen
                kan skifte. Det kan fx være børn på venteliste til en daginstitution, eller
                sprog og højtlæsning på biblioteket. Flere partnere efterspørger legestuen, og
                vi arbejder for, at en af dem overtager den.
                """
            ),
            purpose=text(
                """
                Styrke forældrene i deres ansvar og forebygge sociale problemer i familierne.
                """
            ),
            goals=["Legestuer målrettet familiernes aktuelle udfordringer."],
            groups=[
                "Forældre og børn med et særligt behov, fx sprogstimulering, venten på en "
                "institutionsplads, fædre, der savner fællesskab, eller nyankomne familier. "
                "Målgruppen skifter efter behov."
            ],
            criteria=[
                Crit(
                    "2 legestueforløb à 8 uger om året med mindst 5 forældre og børn.",
                    unit="forløb",
                    target="2",
                    source=LOG,
                    # demo values
                    measurements=(("2020-12-15", "1", ""), ("2021-12-15", "2", "")),
                ),
            ],
            responsibilities=text(
                """
                Familiemedarbejderen er tovholder. Legestuen udvikles med Værebros Bibliotek,
                sundhedsplejen, daginstitutionerne og frivillige.
                """
            ),
        ),
    ],
}

# --- Money --------------------------------------------------------------------------------------
# DEMO VALUES: the seed gives LBF and local money per area for the whole period. Each amount
# is spread evenly over 2020-23; the local money is split 60/40 between Gladsaxe Kommune and
# the boligorganisation; the budget lines share each year's money by the weights below;
# forbrug is a share of each year's budget.

MUNICIPAL_SHARE = 0.6
SPENT_RATE = {2020: 0.86, 2021: 0.97, 2022: 1.01, 2023: 0.99}
CROSS_CUTTING_LBF = 1_060_000

BUDGET = {
    T_T: [
        ("Boligsocial netværksmedarbejder (75 %)", "loen", None, 52),
        ("Boligsocial børne- og ungemedarbejder (5 %)", "loen", None, 4),
        ("Boligsocial familiemedarbejder (5 %)", "loen", None, 4),
        ("Boligsocial leder (10 %)", "loen", None, 8),
        ("Frivillige og beboerhus-udvalg", "aktiviteter", "Styrkelse af det frivillige arbejde", 8),
        ("Naboskab i opgange og blokke", "aktiviteter", "Det gode naboskab", 7),
        ("Netværk, Tirsdagscafé og Kulturfest", "aktiviteter", "Netværksskabende aktiviteter", 10),
        ("Beboerredaktion", "aktiviteter", "Beboerredaktion", 5),
        ("Dialogmøder med SSP", "aktiviteter", "SSP samarbejde", 2),
    ],
    U_B: [
        ("Boligsocial børne- og ungemedarbejder (65 %)", "loen", None, 45),
        ("Boligsocial familiemedarbejder (20 %)", "loen", None, 14),
        ("Boligsocial leder (5 %)", "loen", None, 4),
        ("Løn til lommepengejobbere", "aktiviteter", "Lommepengejob og fritidsjobformidling", 18),
        (
            "Ferie- og fritidsaktiviteter",
            "aktiviteter",
            "Brobygning til fritidsaktiviteter for børn og unge",
            10,
        ),
        (
            "Ungefællesskab med UNIG",
            "aktiviteter",
            "Aktive ungefællesskaber i samarbejde med UNIG",
            5,
        ),
        ("Iværksætteri og socialøkonomi", "aktiviteter", "Iværksætteri og socialøkonomi", 4),
    ],
    F_F: [
        ("Boligsocial familiemedarbejder (85 %)", "loen", None, 38),
        ("Lokal boligsocial brobygger (100 %)", "loen", None, 30),
        ("Boligsocial børne- og ungemedarbejder (25 %)", "loen", None, 10),
        ("Boligsocial netværksmedarbejder (25 %)", "loen", None, 10),
        ("FamilieAkademi", "aktiviteter", "FamilieAkademi", 5),
        ("Mødre- og fædreforløb", "aktiviteter", "Aktive mødre og fædre", 4),
        ("Familienetværk", "aktiviteter", "Beboerdrevne familienetværk", 1),
        (
            "Fælles initiativer med skole og daginstitutioner",
            "aktiviteter",
            "Samarbejde med skolen og daginstitutionerne",
            1,
        ),
        ("Legestue", "aktiviteter", "Legestue", 1),
    ],
    None: [
        ("Boligsocial leder, ledelse og koordinering", "loen", None, 160),
        ("Kontor, IT og administration", "drift", None, 80),
        ("Evaluering og dokumentation", "evaluering", None, 25),
    ],
}

# --- Organisation (DEMO: the seed names no members; hours are full time) -----------------------

STAFF = [
    (
        "Lea Leder",
        "Boligsocial leder",
        "37",
        "Daglig ledelse, personale, økonomi, fremdrift og driften af Beboerhuset. Rapporterer "
        "til bestyrelsen.",
    ),
    (
        "Mads Medarbejder",
        "Boligsocial netværksmedarbejder",
        "37",
        "Frivillighed, naboskab, netværk og beboerredaktion (Tryghed og trivsel 75 %, "
        "Forebyggelse og forældreansvar 25 %).",
    ),
    (
        "N.N.",
        "Boligsocial børne- og ungemedarbejder",
        "37",
        "Lommepengejob, fritidsjob, SSP og fædreforløb.",
    ),
    (
        "N.N.",
        "Boligsocial familiemedarbejder",
        "37",
        "FamilieAkademi, mødre- og fædreforløb, familienetværk, legestue og samarbejdet med "
        "skole og daginstitutioner.",
    ),
    ("N.N.", "Lokal boligsocial brobygger", "37", "Forebyggelse og forældreansvar (100 %)."),
    (
        "N.N.",
        "Boligsocial medarbejder, fysisk helhedsplan",
        None,
        "Beboerinddragelse, brobygning og kommunikation om renoveringen. Betales af "
        "driftsstøttelån.",
    ),
]

CHAIR, VICE, MEMBER, SECRETARY = (
    ForumMember.Role.CHAIR,
    ForumMember.Role.VICE_CHAIR,
    ForumMember.Role.MEMBER,
    ForumMember.Role.SECRETARY,
)


def _fora(plan: Plan, areas: dict) -> None:
    forum_add(
        plan,
        0,
        name="Partnerskabet om social balance i Værebro Park",
        kind=Forum.Kind.PARTNERSHIP,
        purpose="Øverste myndighed. Tager de principielle og strategiske beslutninger.",
        frequency="2 gange om året",
        members=[
            ("N.N.", KOMMUNE, "Direktionen", MEMBER),
            ("N.N.", "DAB", "Direktionen", MEMBER),
        ],
    )
    forum_add(
        plan,
        1,
        name="Den boligsociale bestyrelse",
        kind=Forum.Kind.BOARD,
        purpose=text(
            """
            Har det overordnede ansvar for fremdrift og mål. Godkender nye initiativer og
            ændringer i delaftaler, milepælsplaner og aktivitetsskemaer.
            """
        ),
        frequency="4 gange om året",
        members=[
            ("N.N.", "DAB", "Ledelsesrepræsentant", CHAIR),
            ("Bente Bestyrelse", KOMMUNE, "Ledelsesrepræsentant", VICE),
            ("N.N.", "Gladsaxe Kommune, Social Balance", "Ledelsesrepræsentant", MEMBER),
            ("N.N.", AVP, "Beboerrepræsentant", MEMBER),
            ("N.N.", AVP, "Beboerrepræsentant", MEMBER),
            ("Lea Leder", "DAB", "Boligsocial leder", SECRETARY),
        ],
    )
    follow_up = {
        T_T: [
            ("Mads Medarbejder", "DAB", "Boligsocial netværksmedarbejder", CHAIR),
            ("N.N.", "Gladsaxe Kommune, Værebros Bibliotek", "Bibliotekar", MEMBER),
            ("N.N.", "Gladsaxe Kommune, SSP", "SSP-konsulent", MEMBER),
            ("N.N.", "Café Værebros", "Cafémedarbejder", MEMBER),
            ("N.N.", AVP, "Beboerrepræsentant", MEMBER),
        ],
        U_B: [
            ("N.N.", "DAB", "Boligsocial børne- og ungemedarbejder", CHAIR),
            ("N.N.", "Gladsaxe Ungeenhed UNIG", "Ungemedarbejder", MEMBER),
            ("N.N.", "Gladsaxe Kommune, Jobcenter", "Virksomhedskonsulent", MEMBER),
            ("N.N.", "Værebro Parks ejendomsfunktion", "Mesterassistent", MEMBER),
            ("N.N.", "Gladsaxe Kommune, Kultur og idræt", "Idrætskonsulent", MEMBER),
        ],
        F_F: [
            ("N.N.", "DAB", "Boligsocial familiemedarbejder", CHAIR),
            ("N.N.", "Skovbrynet Skole", "Afdelingsleder", MEMBER),
            ("N.N.", "Gladsaxe Kommune, daginstitutionerne Skovbrynet", "Pædagog", MEMBER),
            ("N.N.", "Gladsaxe Kommune, Sundhedsplejen", "Sundhedsplejerske", MEMBER),
            ("N.N.", "Gladsaxe Kommune, Familieafdelingen", "Familierådgiver", MEMBER),
        ],
    }
    for order, (area_name, members) in enumerate(follow_up.items(), start=2):
        forum_add(
            plan,
            order,
            name=f"Følgegruppe for {area_name.lower()}",
            kind=Forum.Kind.FOLLOW_UP,
            area=areas[area_name],
            purpose="Følger aktiviteterne tæt og giver faglig sparring og forslag til bestyrelsen.",
            frequency="2 gange om året",
            members=members,
        )
    forum_add(
        plan,
        5,
        name="Ledelsesteamet i Beboerhuset",
        kind=Forum.Kind.COORDINATION,
        purpose="Koordinerer det boligsociale projekt og kommunens fremskudte indsats.",
        frequency="Hver anden uge",
        members=[
            ("Lea Leder", "DAB", "Boligsocial leder", MEMBER),
            ("N.N.", KOMMUNE, "Kommunal netværkskoordinator", MEMBER),
        ],
    )


# --- Milepælsplan 2020-23 (DEMO: dates and statuses are invented) -------------------------------

DROPPED, DELAYED = Milestone.Status.DROPPED, Milestone.Status.DELAYED
A_FRIV, A_NABO, A_NET, A_RED = (a["name"] for a in ACTIVITIES[T_T][:4])
B_LOMME, B_FRITID, _, B_IVAERK = (a["name"] for a in ACTIVITIES[U_B])
C_FA, C_MF, _, _, C_LEG = (a["name"] for a in ACTIVITIES[F_F])

MILESTONES = [
    Ms("Bestyrelsen har vedtaget kommissorium og forretningsorden", 2020, 1, reached="2020-02-20"),
    Ms("Ledelsesteamet har en fast mødeplan", 2020, 1, reached="2020-03-10"),
    Ms("Beboerhus-udvalget er nedsat", 2020, 2, activity=A_FRIV, reached="2020-06-15"),
    Ms("Første hold lommepengejobbere i gang", 2020, 3, activity=B_LOMME, reached="2020-08-24"),
    Ms("Arbejdsgruppe om iværksætteri etableret", 2020, 4, activity=B_IVAERK, reached="2020-11-18"),
    Ms(
        "Optælling af frivillige og naboskabsaktiviteter (baseline)",
        due="2020-12-15",
        activity=A_FRIV,
        reached="2020-12-15",
    ),
    Ms(
        "Brobygning til fritidsaktiviteter udviklet med foreningerne",
        2020,
        4,
        activity=B_FRITID,
        status=DELAYED,
        note="Udskudt, fordi foreningerne lukkede ned under corona.",
    ),
    Ms("FamilieAkademiets forårssæson er startet", 2021, 1, activity=C_FA, reached="2021-02-08"),
    Ms(
        "Beslutning om et lokalt netværk for Værebro Park",
        2021,
        2,
        status=DROPPED,
        note="Bestyrelsen valgte at bruge de eksisterende fora.",
    ),
    Ms("Første mødreforløb afsluttet", 2021, 2, activity=C_MF, reached="2021-06-22"),
    Ms("Første Kulturfest holdt", due="2021-08-28", activity=A_NET, reached="2021-08-28"),
    Ms("Beboerredaktionen udgiver første nummer", 2021, 3, activity=A_RED, reached="2021-09-30"),
    Ms(
        "Fælles plan for forældresamarbejdet med skole og institutioner",
        2021,
        1,
        area=F_F,
        reached="2021-03-18",
    ),
    Ms("Data til midtvejsevalueringen er samlet", 2021, 4, reached="2021-12-10"),
    Ms("Midtvejsevalueringen drøftet i bestyrelsen", 2022, 1, reached="2022-03-24"),
    Ms("Første fædreforløb er startet", 2022, 2, activity=C_MF, reached="2022-05-02"),
    Ms("Blokråd i fem af otte blokke", 2022, 4, activity=A_NABO, reached="2022-11-30"),
    Ms("Intern kommunikationskanal lanceret", 2022, 4, activity=A_RED),
    Ms("Aftale om hvem der overtager legestuen", 2023, 2, activity=C_LEG, reached="2023-05-15"),
    Ms("Alle otte blokke er med i naboskabsarbejdet", 2023, 3, activity=A_NABO),
    Ms("Slutevaluering og plan for forankring godkendt", 2023, 4, reached="2023-12-05"),
]

# --- Build ----------------------------------------------------------------------------------------


def build(users: dict) -> Plan:
    leader = users["leder"]
    plan = services.plan_create(
        user=leader,
        plan=Plan(
            name="Boligsocial projektplan Værebro Park 2020-23",
            area_name="Værebro Park",
            slug=SLUG,
            rule_set=RuleSet.objects.get(code="lbf-2015-18"),
            period_start=datetime.date(2020, 1, 1),
            period_end=datetime.date(2023, 12, 31),
            status=Plan.Status.ACTIVE,
        ),
    )
    memberships = {"leder": plan.memberships.get(user=leader)}
    for key, role in (
        ("medarbejder", Membership.Role.STAFF),
        ("bestyrelse", Membership.Role.BOARD),
        ("laeser", Membership.Role.READER),
    ):
        memberships[key] = Membership.objects.create(plan=plan, user=users[key], role=role)

    housing, _ = Organisation.objects.get_or_create(
        name=GAB, defaults={"kind": Organisation.Kind.HOUSING}
    )
    dab, _ = Organisation.objects.get_or_create(
        name="DAB", defaults={"kind": Organisation.Kind.OTHER}
    )
    kommune = Organisation.objects.get(name=KOMMUNE)
    agreement = plan.agreement
    for order, (organisation, role, signed_on) in enumerate(
        (
            (housing, PlanParty.Role.HOUSING, "2019-12-03"),
            (dab, PlanParty.Role.ADMINISTRATOR, "2019-12-02"),
            (kommune, PlanParty.Role.MUNICIPALITY, "2019-12-04"),
        )
    ):
        party = services.party_add(plan=plan, organisation=organisation, role=role)
        # The seed leaves the signers' names blank; the dates are the seed's.
        Signature.objects.create(
            agreement=agreement,
            party=party,
            signer_name="N.N.",
            signer_title="Tegningsberettiget",
            signed_on=d(signed_on),
            order=order,
        )
    # DEMO VALUE: the seed gives no afdelingsnummer.
    services.estate_attach(
        plan=plan,
        organisation=housing,
        number="1",
        name="Værebro Park",
        address="Værebrovej, 2880 Bagsværd",
    )
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
        criteria_add(data["criteria"], focus_area=area)
        delaftale: Delaftale = services.delaftale_create(plan=plan, focus_area=area)
        sections_write(
            document=delaftale,
            texts={
                "kommunal": data["municipal_link"],
                "konflikt": CONFLICT_AND_INFORM,
                "revision": REVISION,
            },
        )
        delaftale_rows_add(delaftale, parties=data["parties"], resources=data["resources"])
        for position, spec in enumerate(ACTIVITIES[name]):
            spec = dict(spec)
            responsible = spec.pop("responsible", False)
            activities[spec["name"]] = activity_add(
                delaftale,
                position,
                responsible=memberships["medarbejder"] if responsible else None,
                start=plan.period_start,
                end=plan.period_end,
                status="i_gang",
                **spec,
            )

    years = list(range(2020, 2024))
    for name, data in AREAS.items():
        municipal = round(data["local"] * MUNICIPAL_SHARE / 1000) * 1000
        per_year = financing_add(
            plan,
            areas[name],
            [
                (FinancingLine.Kind.LBF, "Landsbyggefonden", data["lbf"]),
                (FinancingLine.Kind.MUNICIPALITY, KOMMUNE, municipal),
                (FinancingLine.Kind.HOUSING, GAB, data["local"] - municipal),
            ],
            years,
        )
        budget_add(
            plan,
            areas[name],
            BUDGET[name],
            per_year,
            spent_rate=SPENT_RATE,
            activities=activities,
        )
    per_year = financing_add(
        plan, None, [(FinancingLine.Kind.LBF, "Landsbyggefonden", CROSS_CUTTING_LBF)], years
    )
    budget_add(plan, None, BUDGET[None], per_year, spent_rate=SPENT_RATE, activities=activities)

    _fora(plan, areas)
    staff_add(plan, STAFF)
    milestones_add(plan, MILESTONES, activities=activities, areas=areas)
    _approvals(plan, users, areas)
    return plan


def _approvals(plan: Plan, users: dict, areas: dict) -> None:
    """The approval workflow under way, as the board meets it: one delaftale approved as
    version 1 and changed since (a draft to compare with it), one submitted and waiting for
    the board, the third still a draft."""

    def act(area: str, username: str, action: str) -> None:
        access = plan_access_get(user=users[username], slug=plan.slug)
        approval.transition(document=areas[area].delaftale, action=action,
                            user=users[username], access=access, freeze=freeze, notify=False)

    act("Uddannelse og beskæftigelse", "leder", "submit")
    act("Uddannelse og beskæftigelse", "bestyrelse", "approve")
    # After the approval the secretariat writes the jobcenter's new youth desk into the link
    # with the municipal effort: the delaftale is a draft again until the board approves it.
    section = Section.objects.get(
        delaftale=areas["Uddannelse og beskæftigelse"].delaftale, key="kommunal"
    )
    section.text += (
        "\n\nFra 2022 har jobcentret en fast ungeindgang, som netværksmedarbejderne henviser til."
    )
    section.save()
    act("Forebyggelse og forældreansvar", "leder", "submit")
