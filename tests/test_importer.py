"""The plain-text importer of old VreemdelingenVisie articles, rule by rule; and slugs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ketenwijzer.domain.importer import ImportedArticle, decode_export, description_for, first_sentence, parse_export
from ketenwijzer.domain.problems import ContentError
from ketenwijzer.domain.slugs import slugify, unique_slug

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def fixture(name: str) -> ImportedArticle:
    return parse_export(decode_export((FIXTURES / name).read_bytes(), name), name)


def parse(text: str) -> ImportedArticle:
    return parse_export(textwrap.dedent(text).lstrip("\n"))


def body_of(text: str) -> str:
    """The body of a one-line-title export whose lead is 'Inleiding.'"""
    return parse(f"Titel\n\nTekst A\nFoto B\n\nInleiding.\n\n{textwrap.dedent(text).strip()}\n").body_markdown


# --- whole fixtures, exact output -------------------------------------------------


def test_full_export_every_part_in_place():
    assert fixture("volledig.txt") == ImportedArticle(
        title="Koken voor de buren",
        author="Marloes Hoekstra",
        photographer="Ruud van Dalen",
        edition_name="VreemdelingenVisie nummer 3",
        lead="Op het azc in Veendam koken bewoners één keer per week voor de buurt. "
        "‘Zo leer je elkaar écht kennen,’ zegt locatiemanager Kees Bosman.",
        summary=[
            "Bewoners van het azc koken elke vrijdag voor buurtbewoners.",
            "De gemeente en het COA betalen samen de boodschappen.",
            "Er komen nu wekelijks zo’n veertig mensen.",
        ],
        body_markdown=(
            "*Yasmina el Idrissi (links) en Tewodros Haile snijden groenten in de keuken*\n"
            "\n"
            "## Een voorzichtig begin\n"
            "\n"
            "De eerste keer kwamen er vijf buren. ‘We hadden voor dertig mensen gekookt,’ vertelt Tewodros Haile. "
            "‘Iedereen nam een bakje mee naar huis.’\n"
            "\n"
            "Inmiddels is de maaltijd een begrip in de wijk — ook de wijkagent schuift regelmatig aan. "
            "Het COA ziet dat de ontmoetingen helpen: “Wie elkaar kent, spreekt elkaar aan.”\n"
            "\n"
            "*Van links naar rechts: Sanne Verbeek, Daan Kuipers en Nadia Rahimi*\n"
            "\n"
            "## Naïef of niet\n"
            "\n"
            "Niet iedereen was meteen enthousiast. Buurtbewoonster Lieke Brouwer geeft toe dat ze "
            "‘best wat vooroordelen’ had. Nu helpt ze zelf in de keuken.\n"
            "\n"
            "*De keuken van het azc op vrijdagmiddag*\n"
            "\n"
            "*Bewoners en buren aan de lange tafel*\n"
            "\n"
            "*Het toetje: rijstpudding met kardemom*\n"
        ),
        notes=[],
    )


def test_credits_after_title_in_reverse_order_and_summary_bullets_in_the_next_block():
    assert fixture("credits-na-titel.txt") == ImportedArticle(
        title="Een nieuw thuis in Zwolle",
        author="Femke Zijlstra",
        photographer="Jeroen ten Have",
        edition_name=None,
        lead="Na twee jaar in de opvang kreeg Habib Sultani een huurwoning in Zwolle. Hoe gaat dat, zo’n eerste week?",
        summary=[
            "Statushouders krijgen een woning in de gemeente waaraan ze gekoppeld zijn.",
            # a line without a dash continues the bullet above it
            "De gemeente helpt met de eerste vaste lasten en de inburgering.",
        ],
        body_markdown=(
            "## De sleutel\n"
            "\n"
            "‘Ik heb de sleutel wel tien keer omgedraaid,’ lacht Habib. De gemeente regelde de huur, "
            "Vluchtelingenwerk hielp met de inschrijving bij de zorgverzekeraar.\n"
            "\n"
            # closing punctuation: not an intertitle
            "Wie doet wat?\n"
            "\n"
            "Klantmanager Ilse Mulder van de gemeente maakt met elke nieuwe inwoner een plan: taal, werk en "
            "geldzaken. ‘Die eerste weken bepalen veel.’\n"
        ),
        notes=[],
    )


def test_crlf_and_bom_export_keeps_quotes_diacritics_ligature_and_dashes():
    raw = (FIXTURES / "crlf-bom.txt").read_bytes()
    # the fixture itself must stay CRLF with a BOM (see .gitattributes advice in the importer's report)
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    article = fixture("crlf-bom.txt")
    assert article == ImportedArticle(
        title="‘Wij zijn er gewoon voor iedereen’",
        author="Sanne Verbeek",
        photographer="Sanne Verbeek",  # 'Tekst en foto: ...', in the title's block
        edition_name="VreemdelingenVisie nummer 3",
        lead="Op de IND-locatie in Zevenaar werkt Noëlle Peeters als hoormedewerker. "
        "Ze is \u0133verig, geduldig en – zegt ze zelf – een beetje eigenwijs.",
        summary=[],
        body_markdown=(
            "## Geduld\n"
            "\n"
            "‘Een gehoor duurt soms een hele dag,’ vertelt Noëlle. ‘Dan is het belangrijk dat iemand zijn verhaal "
            "helemaal kan doen.’ Haar collega’s noemen haar „de rots in de branding”.\n"
        ),
        notes=[],
    )
    # the same text with LF line endings and no BOM reads the same
    plain = raw[3:].replace(b"\r\n", b"\n").decode("utf-8")
    assert parse_export(plain) == article
    # a BOM left in the text (not decoded with utf-8-sig) is ignored too
    assert parse_export(raw.decode("utf-8")) == article


def test_doubtful_lines_are_kept_as_paragraphs_and_reported_with_their_line():
    article = fixture("twijfel.txt")
    assert article.title == "Spreekuur op het azc"
    assert (article.author, article.photographer) == ("Daan Kuipers", None)
    assert article.lead == (
        "Elke dinsdag houdt het juridisch loket spreekuur op het azc in Budel. "
        "Bewoners kunnen er terecht met vragen over hun procedure."
    )
    assert article.body_markdown == (
        "*Kees Bosman*\n\nTer Apel en Budel\n\n"
        "Veel bewoners hebben eerder in Ter Apel gewoond. Ze kennen de weg al, maar niet altijd de regels "
        "van hun nieuwe locatie.\n\nFoto: Jeroen ten Have\n"
    )
    assert article.notes == [
        "no 'Foto ...' line next to the title (line 3); photographer left empty: add it if the article has one",
        "line 7: 'Kees Bosman' read as a photo caption (a name alone: a portrait's caption, or an intertitle?); check it",
        "could not classify line 9: 'Ter Apel en Budel' — kept as paragraph; check it "
        "(two names joined by 'en': a caption or an intertitle?)",
        "could not classify line 13: 'Foto: Jeroen ten Have' — kept as paragraph; check it "
        "(it looks like a credit or edition line, but is not next to the title)",
    ]


def test_long_first_paragraph_is_no_lead_and_text_after_the_sign_up_block_is_kept_with_a_note():
    article = fixture("lange-eerste-alinea.txt")
    assert (article.title, article.author, article.photographer) == (
        "Werken tijdens de procedure",
        "Femke Zijlstra",
        "Jeroen ten Have",
    )
    assert article.lead is None
    assert article.body_markdown.startswith("Wie asiel heeft aangevraagd, mag onder voorwaarden werken.")
    assert "\n\n## Eén loket\n\nSinds het voorjaar zitten" in article.body_markdown
    assert "Abonneren" not in article.body_markdown and "redactie@" not in article.body_markdown
    assert article.body_markdown.endswith(
        "\n\nBewoonster Tigist Alemu werkt nu drie dagen per week in een kwekerij. ‘Eindelijk iets te doen,’ zegt ze.\n"
    )
    assert article.notes == [
        "line 5: the first paragraph has 473 characters, more than 400 for a lead; kept in the body, no lead",
        "line 7: 'Eén loket' has no blank line under it; made an intertitle above the paragraph; check it",
        "line 13: 'Bewoonster Tigist Alemu werkt nu drie dagen per week in een…' comes after the sign-up "
        "block (line 10, dropped) but is not about signing up; kept; check whether it belongs to the article",
    ]


def test_missing_title_is_empty_and_noted():
    article = fixture("geen-titel.txt")
    assert article.title == ""
    assert (article.author, article.photographer) == ("Nadia Rahimi", "Ruud van Dalen")
    assert article.summary == ["Er zijn meer tolken nodig."]
    assert article.lead == "Het aantal gehoren met een tolk groeit. Dat vraagt om planning."
    assert article.notes == ["no title found (expected it on line 6, above the text); title left empty: add it before importing"]


@pytest.mark.parametrize("data", [(FIXTURES / "leeg.txt").read_bytes(), b"", b"\xef\xbb\xbf\r\n \r\n"])
def test_empty_export_is_a_clear_error(data):
    with pytest.raises(ContentError) as caught:
        parse_export(decode_export(data, "leeg.txt"), "leeg.txt")
    assert str(caught.value.problems[0]) == (
        "leeg.txt:1: the file is empty; export the article as plain text: "
        "the title on the first line, then paragraphs separated by blank lines"
    )


def test_export_that_is_not_utf8_names_the_line():
    with pytest.raises(ContentError) as caught:
        decode_export("Titel\n\nCaf\u00e9\n".encode("cp1252"), "oud.txt")
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == ("oud.txt", 3)
    assert "save the export as UTF-8" in problem.message


# --- header: edition line, title, credits -------------------------------------------


@pytest.mark.parametrize(
    "text, author, photographer",
    [
        ("Tekst Anna Smit\nFoto Bram Jansen\n\nTitel\n\nAlinea.", "Anna Smit", "Bram Jansen"),
        ("Foto: Bram Jansen\nTekst: Anna Smit\nTitel\n\nAlinea.", "Anna Smit", "Bram Jansen"),
        ("Titel\nTekst Anna Smit\n\nFoto Bram Jansen\n\nAlinea.", "Anna Smit", "Bram Jansen"),
        ("Titel\n\nTekst: Anna Smit | Foto: Bram Jansen\n\nAlinea.", "Anna Smit", "Bram Jansen"),
        ("Titel\n\nTekst Anna Smit Foto Bram Jansen\n\nAlinea.", "Anna Smit", "Bram Jansen"),
        ("Titel\n\nTekst en foto Anna Smit\n\nAlinea.", "Anna Smit", "Anna Smit"),
        ("TEKST: Anna Smit\nfoto: Bram Jansen\nTitel\n\nAlinea.", "Anna Smit", "Bram Jansen"),
    ],
)
def test_credits_before_or_after_the_title_in_either_order(text, author, photographer):
    article = parse_export(text)
    assert (article.title, article.author, article.photographer) == ("Titel", author, photographer)
    assert (article.lead, article.body_markdown, article.notes) == ("Alinea.", "", [])


def test_edition_line_absent_and_present():
    assert parse("Titel\nTekst A\nFoto B\n\nAlinea.\n").edition_name is None
    article = parse("Dit artikel hoort bij: VreemdelingenVisie 2\nTitel\nTekst A\nFoto B\n\nAlinea.\n")
    assert (article.edition_name, article.title) == ("VreemdelingenVisie 2", "Titel")
    article = parse("Dit artikel hoort bij:\n\nTitel\nTekst A\nFoto B\n\nAlinea.\n")
    assert article.edition_name is None
    assert article.notes == ["line 1: 'Dit artikel hoort bij' names no edition"]


def test_lines_that_only_resemble_credits_are_text():
    article = parse(
        "Titel\nTekst A\nFoto B\n\nTekst en uitleg bij de nieuwe regels volgen later.\n\n"
        "Foto's van de opening staan op de website.\n"
    )
    assert article.lead == "Tekst en uitleg bij de nieuwe regels volgen later."
    assert article.body_markdown == "Foto's van de opening staan op de website.\n"
    assert article.notes == []


def test_missing_credits_are_noted_at_the_title():
    article = parse_export("\n\nTitel\n\nAlinea.\n")
    assert (article.author, article.photographer) == (None, None)
    assert article.notes == [
        "no 'Tekst ...' line next to the title (line 3); author left empty: add it if the article has one",
        "no 'Foto ...' line next to the title (line 3); photographer left empty: add it if the article has one",
    ]


def test_title_that_reads_like_a_paragraph_is_noted():
    article = parse("Dit is geen titel maar een zin.\nTekst A\nFoto B\n\nAlinea.\n")
    assert article.title == "Dit is geen titel maar een zin."
    assert article.notes == [
        "line 1: 'Dit is geen titel maar een zin.' was taken as the title but reads like a paragraph; check it"
    ]


def test_text_glued_under_the_title_is_noted():
    article = parse("Titel\nOndertitel zonder witregel\nTekst A\nFoto B\n\nAlinea.\n")
    assert (article.title, article.author, article.photographer) == ("Titel", "A", "B")
    assert article.notes == [
        "line 2: 'Ondertitel zonder witregel' follows the title without a blank line; "
        "read as the start of the text; check whether it belongs to the title"
    ]
    assert (article.lead, article.body_markdown) == (None, "## Ondertitel zonder witregel\n\nAlinea.\n")


# --- body: intertitles, captions, summary, sign-up, lead ---------------------------------


@pytest.mark.parametrize(
    "line, markdown",
    [
        ("Een nieuwe start", "## Een nieuwe start"),
        ("Samen sterker (deel 2)", "## Samen sterker (deel 2)"),
        ("Naïef of niet", "## Naïef of niet"),
        ("Wie doet wat?", "Wie doet wat?"),  # closing punctuation: a paragraph
        ("Dat lukte.", "Dat lukte."),
        ("‘Ik wil gewoon werken’", "‘Ik wil gewoon werken’"),
        ("“Eindelijk rust”", "“Eindelijk rust”"),
        (
            "Het is nog lang niet voorbij, zegt de locatiemanager van het azc",
            "Het is nog lang niet voorbij, zegt de locatiemanager van het azc",
        ),  # 60 characters or more: a paragraph
    ],
)
def test_short_lone_lines_without_closing_punctuation_are_intertitles(line, markdown):
    assert body_of(f"{line}\n\nDe tekst eronder.") == markdown + "\n\nDe tekst eronder.\n"


@pytest.mark.parametrize(
    "line",
    [
        "Anna Smit (rechts) met haar dochter",
        "Links: Bram Jansen",
        "v.l.n.r. Anna Smit, Bram Jansen en Kees Bosman",
        "Van links naar rechts: Anna, Bram en Kees",
        "Anna Smit en Bram Jansen bij de opening",
        "Yasmina el Idrissi, Daan Kuipers en Tewodros Haile",
        "Bewoners en medewerkers van het azc op de foto bij de opening van de nieuwe moestuin, vorige zomer.",
    ],
)
def test_lines_naming_people_are_captions(line):
    assert body_of(line) == f"*{line}*\n"


def test_a_run_of_short_lines_is_a_run_of_captions():
    assert body_of("De keuken\nBewoners aan tafel\nHet toetje: rijstpudding") == (
        "*De keuken*\n\n*Bewoners aan tafel*\n\n*Het toetje: rijstpudding*\n"
    )


def test_lines_of_one_paragraph_are_joined():
    assert body_of("Het COA vangt\nasielzoekers op in\nheel Nederland.") == ("Het COA vangt asielzoekers op in heel Nederland.\n")


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Nederland en België", "two names joined by 'en': a caption or an intertitle?"),
        ("Anna en Bram", "two names joined by 'en': a caption or an intertitle?"),
        ("***", "too short to tell what it is"),
    ],
)
def test_doubtful_short_lines_are_paragraphs_with_a_note(line, reason):
    article = parse(f"Titel\nTekst A\nFoto B\n\nInleiding.\n\n{line}\n")
    assert article.body_markdown == ("\\*\\*\\*" if line == "***" else line) + "\n"
    assert article.notes == [f"could not classify line 7: '{line}' — kept as paragraph; check it ({reason})"]


@pytest.mark.parametrize(
    "summary",
    [
        "In 1 minuut:\n• Eén\n• Twee",
        "In 1 minuut\n- Eén\n- Twee",
        "IN EEN MINUUT:\n* Eén\n* Twee",
        "In één minuut:\n\n• Eén\n\n• Twee",
        "In 1 minuut: • Eén • Twee",
    ],
)
def test_in_1_minuut_bullets_become_the_summary(summary):
    article = parse(f"Titel\nTekst A\nFoto B\n\n{summary}\n\nInleiding.\n\nMeer tekst.\n")
    assert article.summary == ["Eén", "Twee"]
    assert (article.lead, article.body_markdown, article.notes) == ("Inleiding.", "Meer tekst.\n", [])


def test_in_1_minuut_without_bullets_is_kept_and_noted():
    article = parse("Titel\nTekst A\nFoto B\n\nInleiding.\n\nIn 1 minuut:\nAlles wat u moet weten.\n")
    assert article.summary == []
    assert article.body_markdown == "In 1 minuut: Alles wat u moet weten.\n"
    assert article.notes == [
        "could not classify line 7: 'In 1 minuut:' — kept as paragraph; check it ('In 1 minuut' without bullets under it)"
    ]


def test_other_bullets_are_a_markdown_list():
    assert body_of("• Eerst bellen\n• Dan mailen\nals het echt niet anders kan") == (
        "- Eerst bellen\n- Dan mailen als het echt niet anders kan\n"
    )


def test_sign_up_block_and_what_belongs_to_it_is_dropped():
    article = parse("""
        Titel
        Tekst A
        Foto B

        Inleiding.

        Slotzin.

        Aanmelden VreemdelingenVisie

        Wilt u VreemdelingenVisie elk kwartaal ontvangen? Meld u aan via www.example.nl.

        Afmelden kan altijd.
    """)
    assert (article.body_markdown, article.notes) == ("Slotzin.\n", [])


def test_asylum_aanmelden_is_not_a_sign_up_block():
    article = parse("Titel\nTekst A\nFoto B\n\nInleiding.\n\nAanmelden als asielzoeker kan alleen in Ter Apel.\n")
    assert article.body_markdown == "Aanmelden als asielzoeker kan alleen in Ter Apel.\n"


def test_lead_is_the_first_paragraph_after_a_photo_caption_but_not_after_an_intertitle():
    article = parse("Titel\nTekst A\nFoto B\n\nAnna Smit (links) in Emmen\n\nInleiding.\n\nTekst.\n")
    assert article.lead == "Inleiding."
    assert article.body_markdown == "*Anna Smit (links) in Emmen*\n\nTekst.\n"
    article = parse("Titel\nTekst A\nFoto B\n\nTussenkop\n\nEerste alinea.\n")
    assert article.lead is None
    assert article.body_markdown == "## Tussenkop\n\nEerste alinea.\n"


def test_lead_of_exactly_400_characters_is_still_a_lead():
    text = ("Woord " * 80)[:399] + "."
    assert len(text) == 400
    assert parse(f"Titel\nTekst A\nFoto B\n\n{text}\n").lead == text
    assert parse(f"Titel\nTekst A\nFoto B\n\n{text}x\n").lead is None


@pytest.mark.parametrize(
    "paragraph, markdown",
    [
        ("# geen kop.", "\\# geen kop."),
        ("+ geen lijst, maar een plusje.", "\\+ geen lijst, maar een plusje."),
        ("1. geen lijst.", "1\\. geen lijst."),
        ("> geen citaat.", "\\> geen citaat."),
        ("---", "\\---"),
        ("Een *ster* en een <b>tag</b> en een pad C:\\temp.", "Een \\*ster\\* en een &lt;b>tag&lt;/b> en een pad C:\\\\temp."),
        ("Een _nadruk_ maar geen snake_case.", "Een \\_nadruk\\_ maar geen snake_case."),
    ],
)
def test_text_that_markdown_would_misread_is_escaped(paragraph, markdown):
    assert body_of(f"Iets ervoor.\n\n{paragraph}").split("\n\n")[1] == markdown + "\n"


# --- description -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, sentence",
    [
        ("Eén zin. Twee zinnen.", "Eén zin."),
        ("Mr. Jansen en o.a. J. de Boer praten. Daarna niet.", "Mr. Jansen en o.a. J. de Boer praten."),
        ("‘Het gaat goed,’ zegt ze. ‘Echt.’", "‘Het gaat goed,’ zegt ze."),
        ("Waarom? Daarom.", "Waarom?"),
        ("Zonder punt", "Zonder punt"),
        ("Het kost 3.50 euro. Dat is veel.", "Het kost 3.50 euro."),
    ],
)
def test_first_sentence(text, sentence):
    assert first_sentence(text) == sentence


def test_first_sentence_is_cut_at_a_word_to_the_limit():
    sentence = first_sentence("woord " * 60)
    assert len(sentence) <= 160 and sentence.endswith("woord…")


def test_description_from_lead_or_else_first_body_paragraph():
    article = parse("Titel\nTekst A\nFoto B\n\nInleiding hier. Meer.\n")
    assert description_for(article) == "Inleiding hier."
    article = parse("Titel\nTekst A\nFoto B\n\nTussenkop\n\nAnna Smit (links)\n\n# Eerst dit. Dan dat.\n")
    assert description_for(article) == "# Eerst dit."
    assert description_for(parse("Titel\nTekst A\nFoto B\n\nTussenkop\n")) == ""


# --- slugs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Koken voor de buren", "koken-voor-de-buren"),
        ("Één loket: naïef of geniaal?", "een-loket-naief-of-geniaal"),
        ("‘Wij zijn er gewoon voor iedereen’", "wij-zijn-er-gewoon-voor-iedereen"),
        ("\u0132sselmonde en \u0133verige collega’s", "ijsselmonde-en-ijverige-collegas"),
        ("COA & IND — samen", "coa-en-ind-samen"),
        ("’s-Hertogenbosch: auto's, café’s", "s-hertogenbosch-autos-cafes"),
        ("  --Veel   ruimte!!  ", "veel-ruimte"),
        ("!!!", ""),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_slugify_cuts_long_titles_at_a_dash():
    title = "Een heel lange titel over de samenwerking tussen gemeenten en het COA bij de huisvesting"
    slug = slugify(title)
    assert slug == "een-heel-lange-titel-over-de-samenwerking-tussen-gemeenten"
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slugify("a" * 70) == "a" * 60
    assert slugify(("abcd " * 12).strip()) == "-".join(["abcd"] * 12)  # exactly 59 characters: kept whole


def test_unique_slug():
    assert unique_slug("koken", set()) == "koken"
    assert unique_slug("koken", {"koken"}) == "koken-2"
    assert unique_slug("koken", {"koken", "koken-2", "koken-3"}) == "koken-4"
