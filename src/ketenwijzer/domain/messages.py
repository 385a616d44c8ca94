"""Interface text in both languages, kept in one place."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "untranslated.title": {
        "nl": "Nog niet vertaald",
        "en": "Not yet available in English",
    },
    "untranslated.body": {
        "nl": "Deze pagina is nog niet beschikbaar in het Engels. U leest het Nederlandse origineel.",
        "en": "This page is not yet available in English; you are reading the Dutch original.",
    },
    "stale.title": {
        "nl": "Vertaling loopt achter",
        "en": "Translation out of date",
    },
    "stale.body": {
        "nl": "Het Nederlandse origineel is gewijzigd sinds deze vertaling is gemaakt.",
        "en": "The Dutch original has changed since this translation was made; some details may be out of date.",
    },
    "page.updated": {"nl": "Laatst gewijzigd", "en": "Last updated"},
    "page.edit": {"nl": "Bewerk deze pagina", "en": "Edit this page"},
    "draft.problems.title": {
        "nl": "Nog te doen in dit concept",
        "en": "Still to do in this draft",
    },
    "draft.problems.body": {
        "nl": "Alleen zichtbaar in de voorbeeldweergave. 'ketenwijzer edition publish' weigert tot dit is opgelost:",
        "en": "Shown in the preview only. 'ketenwijzer edition publish' refuses until this is fixed:",
    },
}


def t(key: str, lang: str) -> str:
    entry = MESSAGES[key]
    return entry.get(lang) or entry["nl"]


def count(key: str, n: int, lang: str) -> str:
    """``key`` with its number: '1 artikel', '2 artikelen' (the singular lives at ``key.one``)."""
    return t(f"{key}.one" if n == 1 else key, lang).format(n=n)


REGISTRY: dict[str, dict[str, str]] = {
    "section": {"nl": "Wie doet wat", "en": "Who does what"},
    "overview.title": {"nl": "Wie doet wat in de vreemdelingenketen", "en": "Who does what in the migration chain"},
    "overview.description": {
        "nl": "Overzicht van organisaties, rollen en onderwerpen in de vreemdelingenketen, per fase.",
        "en": "Overview of the organisations, roles and topics in the Dutch migration chain, by phase.",
    },
    "overview.intro": {
        "nl": "Zoek op wie waarvoor is, en naar wie u een cliënt verwijst. Alles op deze pagina's komt uit één register.",
        "en": "Look up who is responsible for what, and to whom you refer a client. Everything on these pages comes from one registry.",
    },
    "phases": {"nl": "Fasen in de keten", "en": "Phases of the chain"},
    "diagram.text": {"nl": "De fasen uitgelegd", "en": "The phases explained"},
    "responsible": {"nl": "Verantwoordelijk", "en": "Responsible"},
    "next": {"nl": "Daarna", "en": "Next"},
    "matrix.phases": {"nl": "Organisaties per fase", "en": "Organisations by phase"},
    "matrix.topics": {"nl": "Organisaties per onderwerp", "en": "Organisations by topic"},
    "organisation": {"nl": "Organisatie", "en": "Organisation"},
    "organisations": {"nl": "Organisaties", "en": "Organisations"},
    "roles": {"nl": "Rollen", "en": "Roles"},
    "topics": {"nl": "Onderwerpen", "en": "Topics"},
    "yes": {"nl": "ja", "en": "yes"},
    "lead": {"nl": "leidend", "en": "lead"},
    "supporting": {"nl": "ondersteunend", "en": "supporting"},
    "does": {"nl": "Doet wel", "en": "Does"},
    "does_not": {"nl": "Doet niet", "en": "Does not"},
    "kind": {"nl": "Soort organisatie", "en": "Kind of organisation"},
    "aliases": {"nl": "Ook geschreven als", "en": "Also written as"},
    "website": {"nl": "Website", "en": "Website"},
    "contact": {"nl": "Contact", "en": "Contact"},
    "referrals.topic": {"nl": "Naar wie verwijzen bij dit onderwerp?", "en": "Whom to refer to on this topic?"},
    "none": {"nl": "Geen.", "en": "None."},
    "col.situation": {"nl": "Situatie", "en": "Situation"},
    "col.from": {"nl": "Wie verwijst", "en": "Who refers"},
    "col.to": {"nl": "Verwijs naar", "en": "Refer to"},
    "col.channel": {"nl": "Hoe", "en": "How"},
    "col.reason": {"nl": "Waarom", "en": "Why"},
    "related": {"nl": "Meer over {name} op deze site", "en": "More about {name} on this site"},
    "related.none": {"nl": "Nog geen pagina's gekoppeld.", "en": "No pages linked yet."},
    "role.of": {"nl": "Rol bij", "en": "Role at"},
    "role.handles": {"nl": "Waarvoor", "en": "What the role handles"},
    "role.questions": {"nl": "Vragen die deze rol vaak krijgt", "en": "Questions this role often gets"},
    "role.description": {
        "nl": "Wat doet een {title} bij {org}, welke vragen krijgt deze rol en naar wie verwijst hij?",
        "en": "What does a {title} at {org} do, which questions does the role get, and whom does it refer to?",
    },
    "org.description": {
        "nl": "{name}: wat wel en niet tot de taken hoort, welke rollen er zijn en wie naar wie verwijst.",
        "en": "{name}: what it does and does not do, its roles, and who refers to whom.",
    },
    "topic.description": {
        "nl": "Onderwerp {name}: wie is leidend, wie helpt, en naar wie verwijst u?",
        "en": "Topic {name}: who leads, who supports, and whom do you refer to?",
    },
    "topic.lead": {"nl": "Leidende organisatie", "en": "Lead organisation"},
    "topic.supporting": {"nl": "Ondersteunende organisaties", "en": "Supporting organisations"},
    "finder.title": {"nl": "Verwijswijzer", "en": "Referral finder"},
    "finder.description": {
        "nl": "Kies uw rol en de situatie van de cliënt en zie naar wie u verwijst, hoe en waarom.",
        "en": "Choose your role and the client's situation, and see whom to refer to, how and why.",
    },
    "finder.intro": {
        "nl": "Kies wie u bent en de situatie van de cliënt. U ziet dan naar wie u verwijst, hoe en waarom. Heeft uw rol daar geen eigen verwijzing, dan ziet u hoe collega's van uw organisatie verwijzen of welke organisatie leidend is. Zonder JavaScript staat hieronder alles per situatie.",
        "en": "Choose who you are and the client's situation. You then see whom to refer to, how and why. Where your role has no referral of its own, you see how colleagues in your organisation refer, or which organisation leads. Without JavaScript, everything is listed below by situation.",
    },
    "finder.me": {"nl": "Ik ben", "en": "I am"},
    "finder.situation": {"nl": "Situatie van de cliënt", "en": "The client's situation"},
    "finder.any": {"nl": "(alle)", "en": "(all)"},
    "finder.link": {"nl": "Link naar deze keuze", "en": "Link to this choice"},
    "tags.label": {"nl": "Hoort bij", "en": "Related to"},
    "section.handreiking": {"nl": "Handreiking", "en": "Handbook"},
    "section.verhalen": {"nl": "Verhalen", "en": "Stories"},
    "section.vreemdelingenvisie": {"nl": "VreemdelingenVisie", "en": "VreemdelingenVisie"},
    "kind.agency": {"nl": "uitvoeringsorganisatie van de overheid", "en": "government agency"},
    "kind.independent-body": {"nl": "zelfstandig bestuursorgaan", "en": "independent administrative body"},
    "kind.ngo": {"nl": "maatschappelijke organisatie", "en": "non-governmental organisation"},
    "kind.municipality": {"nl": "gemeente", "en": "municipality"},
    "kind.police": {"nl": "politie", "en": "police"},
    "kind.military-police": {"nl": "militaire politie", "en": "military police"},
    "kind.ministry": {"nl": "ministerie", "en": "ministry"},
    "kind.international": {"nl": "internationale organisatie", "en": "international organisation"},
    "kind.association": {"nl": "vereniging", "en": "association"},
    "kind.programme": {"nl": "landelijk programma", "en": "national programme"},
}
MESSAGES.update(REGISTRY)

# Wie doet wat: headings a person would write, the step-by-step guide, the glossary, the finder's tiers.
REGISTRY_GUIDE: dict[str, dict[str, str]] = {
    "refers.role": {"nl": "Naar wie verwijst {the}?", "en": "Whom does {the} refer to?"},
    "refers.to.role": {"nl": "Wie verwijst naar {the}?", "en": "Who refers to {the}?"},
    "refers.org": {"nl": "Naar wie verwijzen medewerkers van {name}?", "en": "Whom do staff of {name} refer to?"},
    "refers.to.org": {"nl": "Wie verwijst naar {name}?", "en": "Who refers to {name}?"},
    "refers.other": {
        "nl": "Een andere situatie? De verwijswijzer zegt voor elke situatie bij wie u terechtkunt.",
        "en": "Another situation? The referral finder tells you for every situation where to turn.",
    },
    "reviewed": {"nl": "Laatst gecontroleerd", "en": "Last reviewed"},
    "source": {"nl": "Bron", "en": "Source"},
    "steps.title": {"nl": "Stap voor stap door de keten", "en": "Step by step through the chain"},
    "steps.description": {
        "nl": "Van aankomst tot een woning of vertrek: wat er in elke stap gebeurt en wie wat doet.",
        "en": "From arrival to a home or departure: what happens at each step and who does what.",
    },
    "steps.intro": {
        "nl": "Een asielzoeker gaat door deze stappen. Na de asielprocedure splitst de weg zich: met een verblijfsvergunning volgen huisvesting en inburgering, na een afwijzing vertrek en terugkeer. Bij elke stap ziet u wie verantwoordelijk is, welke situaties erbij horen en waar de handreiking erover gaat.",
        "en": "An asylum seeker goes through these steps. After the asylum procedure the road divides: with a residence permit come housing and civic integration, after a rejection departure and return. Each step shows who is responsible, which situations belong to it and where the handbook covers it.",
    },
    "steps.step": {"nl": "Stap {n}", "en": "Step {n}"},
    "steps.or": {"nl": "of", "en": "or"},
    "steps.who": {"nl": "Wie doet wat", "en": "Who does what"},
    "steps.situations": {"nl": "Situaties in deze stap", "en": "Situations at this step"},
    "steps.handbook": {"nl": "In de handreiking", "en": "In the handbook"},
    "steps.finder": {"nl": "naar wie verwijst u?", "en": "whom to refer to?"},
    "steps.position": {"nl": "Plaats in de keten", "en": "Place in the chain"},
    "steps.link": {"nl": "Stap voor stap door de keten", "en": "Step by step through the chain"},
    "chain.label": {"nl": "De stappen van de vreemdelingenketen", "en": "The steps of the migration chain"},
    "glossary.title": {"nl": "Afkortingen", "en": "Abbreviations"},
    "glossary.description": {
        "nl": "Alle afkortingen die u in de vreemdelingenketen tegenkomt, voluit en met een link naar de organisatie of het onderwerp.",
        "en": "Every abbreviation you meet in the migration chain, in full and linked to its organisation or topic.",
    },
    "glossary.intro": {
        "nl": "Op elke pagina van deze site staat een afkorting de eerste keer met uitleg; hier vindt u ze allemaal bij elkaar.",
        "en": "On every page of this site an abbreviation is explained at its first use; here they are all together.",
    },
    "col.abbr": {"nl": "Afkorting", "en": "Abbreviation"},
    "col.expansion": {"nl": "Voluit", "en": "In full"},
    "col.more": {"nl": "Meer", "en": "More"},
    "finder.status.one": {"nl": "1 verwijzing gevonden.", "en": "1 referral found."},
    "finder.status.many": {"nl": "{n} verwijzingen gevonden.", "en": "{n} referrals found."},
    "finder.status.same": {
        "nl": "Uw rol heeft hier geen eigen verwijzing; u ziet hoe collega's van uw organisatie verwijzen.",
        "en": "Your role has no referral of its own here; you see how colleagues in your organisation refer.",
    },
    "finder.status.lead": {
        "nl": "Geen verwijzing vanuit uw organisatie bekend; u ziet de leidende organisatie voor deze situatie.",
        "en": "No referral from your organisation is known; you see the lead organisation for this situation.",
    },
    "finder.status.all": {
        "nl": "{n} situaties: {direct} met een eigen verwijzing, {same} via collega's, {lead} via de leidende organisatie.",
        "en": "{n} situations: {direct} with a referral of your own, {same} through colleagues, {lead} through the lead organisation.",
    },
    "finder.tier.direct": {"nl": "Uw eigen verwijzing", "en": "Your own referral"},
    "finder.tier.same-organisation": {
        "nl": "Geen eigen verwijzing van uw rol. Zo verwijzen collega's van uw organisatie:",
        "en": "Your role has no referral of its own. This is how colleagues in your organisation refer:",
    },
    "finder.tier.lead-organisation": {
        "nl": "Geen verwijzing vanuit uw organisatie bekend. Ga naar de leidende organisatie:",
        "en": "No referral from your organisation is known. Turn to the lead organisation:",
    },
    "finder.tier.contact": {
        "nl": "Geen verwijzing vanuit uw organisatie bekend. Neem contact op met de leidende organisatie:",
        "en": "No referral from your organisation is known. Contact the lead organisation:",
    },
    "finder.lead.title": {"nl": "Leidende organisatie", "en": "Lead organisation"},
    "finder.lead.roles": {"nl": "Wie daar dit behandelt", "en": "Who handles this there"},
    "finder.lead.how": {"nl": "Hoe", "en": "How"},
    "finder.lead.why": {"nl": "Waarom", "en": "Why"},
    "finder.lead.reason": {
        "nl": "{org} is de leidende organisatie voor {topic}.",
        "en": "{org} is the lead organisation for {topic}.",
    },
    "finder.lead.website": {"nl": "Via de website: {url}", "en": "Through the website: {url}"},
}
MESSAGES.update(REGISTRY_GUIDE)


NEWSLETTER: dict[str, dict[str, str]] = {
    "vv.draft.title": {"nl": "Concept", "en": "Draft"},
    "vv.draft": {
        "nl": "Deze editie is een concept. Alleen zichtbaar in de voorbeeldweergave (make serve), niet op de gepubliceerde site.",
        "en": "This edition is a draft. It is only visible in the preview (make serve), not on the published site.",
    },
    "vv.future": {
        "nl": "Deze editie verschijnt op {date}. Tot dan is ze alleen zichtbaar in de voorbeeldweergave.",
        "en": "This edition appears on {date}. Until then it is only visible in the preview.",
    },
    "vv.contents": {"nl": "In deze editie", "en": "In this edition"},
    "vv.no_articles": {"nl": "Deze editie heeft nog geen artikelen.", "en": "This edition has no articles yet."},
    "vv.author": {"nl": "Tekst", "en": "Text"},
    "vv.photographer": {"nl": "Foto", "en": "Photos"},
    "vv.summary": {"nl": "In 1 minuut", "en": "In 1 minute"},
    "vv.belongs_to": {"nl": "Dit artikel hoort bij", "en": "This article belongs to"},
    "vv.previous": {"nl": "Vorige", "en": "Previous"},
    "vv.next": {"nl": "Volgende", "en": "Next"},
    "vv.prevnext": {"nl": "Vorig en volgend artikel", "en": "Previous and next article"},
    "vv.subscribe.title": {"nl": "Nieuwe edities in uw mailbox", "en": "New editions in your inbox"},
    "vv.subscribe.body": {
        "nl": "Wilt u een bericht ontvangen als er een nieuwe VreemdelingenVisie verschijnt?",
        "en": "Would you like a message when a new edition of VreemdelingenVisie appears?",
    },
    "vv.subscribe.link": {"nl": "Meld u aan voor VreemdelingenVisie", "en": "Subscribe to VreemdelingenVisie"},
    "vv.archive.title": {"nl": "VreemdelingenVisie: archief", "en": "VreemdelingenVisie: archive"},
    "vv.archive.description": {
        "nl": "Alle edities van VreemdelingenVisie, de nieuwsbrief van de vreemdelingenketen, van nieuw naar oud.",
        "en": "All editions of VreemdelingenVisie, the migration chain's newsletter, newest first.",
    },
    "vv.archive.intro": {
        "nl": "VreemdelingenVisie is de nieuwsbrief van de vreemdelingenketen. Hier vindt u alle edities, de nieuwste eerst.",
        "en": "VreemdelingenVisie is the newsletter of the Dutch migration chain. Here are all editions, newest first.",
    },
    "vv.archive.empty": {"nl": "Er is nog geen editie verschenen.", "en": "No edition has appeared yet."},
    "vv.archive.all": {"nl": "Alle edities in het archief", "en": "All editions in the archive"},
    "vv.feeds.line": {
        "nl": "Volg de nieuwsbrief in uw feedlezer: {atom} of {rss}",
        "en": "Follow the newsletter in your feed reader: {atom} or {rss}",
    },
    "vv.count": {"nl": "{n} artikelen", "en": "{n} articles"},
    "vv.count.one": {"nl": "{n} artikel", "en": "{n} article"},
    "vv.latest": {"nl": "Laatste editie", "en": "Latest edition"},
    "vv.feed.articles": {"nl": "VreemdelingenVisie: artikelen", "en": "VreemdelingenVisie: articles"},
    "vv.feed.editions": {"nl": "VreemdelingenVisie: edities", "en": "VreemdelingenVisie: editions"},
    "vv.feed.author": {"nl": "Redactie VreemdelingenVisie", "en": "VreemdelingenVisie editors"},
    "vv.feed.subtitle": {"nl": "De nieuwsbrief van de vreemdelingenketen", "en": "The newsletter of the Dutch migration chain"},
    "sub.email": {"nl": "Uw e-mailadres", "en": "Your email address"},
    "sub.lang": {"nl": "Taal van de berichten", "en": "Language of the messages"},
    "sub.lang.nl": {"nl": "Nederlands", "en": "Dutch"},
    "sub.lang.en": {"nl": "Engels", "en": "English"},
    "sub.honeypot": {"nl": "Laat dit veld leeg", "en": "Leave this field empty"},
    "sub.submit": {"nl": "Aanmelden", "en": "Subscribe"},
    "sub.privacy": {
        "nl": "U krijgt eerst een e-mail om uw aanmelding te bevestigen. We gebruiken uw adres alleen voor deze nieuwsbrief; afmelden kan met één klik onder elk bericht.",
        "en": "You will first get an email to confirm your subscription. We use your address only for this newsletter; you can unsubscribe with one click below every message.",
    },
    "nav.home": {"nl": "Start", "en": "Home"},
    "nav.registry.organisations": {"nl": "Organisaties", "en": "Organisations"},
}
MESSAGES.update(NEWSLETTER)

# the search dialog in the header (overrides/assets/kw-search.js reads them from the page)
SEARCH: dict[str, dict[str, str]] = {
    "search.dialog": {"nl": "Zoeken op deze site", "en": "Search this site"},
    "search.open": {"nl": "Zoeken", "en": "Search"},
    "search.label": {"nl": "Zoek op naam, afkorting of onderwerp", "en": "Search by name, abbreviation or subject"},
    "search.keys": {
        "nl": "Open met / of s. Pijltjes omlaag en omhoog gaan door de resultaten, Esc sluit.",
        "en": "Open with / or s. The down and up arrows move through the results, Esc closes.",
    },
    "search.close": {"nl": "Sluiten", "en": "Close"},
    "search.section": {"nl": "Deel van de site", "en": "Part of the site"},
    "search.section.all": {"nl": "Alle delen", "en": "All parts"},
    "search.edition": {"nl": "Editie", "en": "Edition"},
    "search.edition.all": {"nl": "Alle edities", "en": "All editions"},
    "search.busy": {"nl": "Bezig met zoeken…", "en": "Searching…"},
    "search.none": {
        "nl": "Niets gevonden voor “{q}”. Probeer een ander woord of een afkorting.",
        "en": "Nothing found for “{q}”. Try another word or an abbreviation.",
    },
    "search.one": {"nl": "1 resultaat voor “{q}”", "en": "1 result for “{q}”"},
    "search.many": {"nl": "{n} resultaten voor “{q}”", "en": "{n} results for “{q}”"},
    "search.more": {"nl": "de eerste {n} staan hieronder", "en": "the first {n} are shown below"},
    "search.show_more": {"nl": "Meer resultaten", "en": "More results"},
    "search.failed": {
        "nl": "Zoeken lukt nu niet. Probeer het later opnieuw.",
        "en": "Search is not available right now. Please try again later.",
    },
}
MESSAGES.update(SEARCH)

MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def long_date(day, lang: str) -> str:
    """'3 december 2026' / '3 December 2026'."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


SITE: dict[str, dict[str, str]] = {
    "footer.label": {"nl": "Over deze website", "en": "About this website"},
    "footer.owner": {"nl": "Eigenaar van deze website: {owner}", "en": "Owner of this website: {owner}"},
    "footer.privacy": {"nl": "Privacy", "en": "Privacy"},
    "footer.toegankelijkheid": {"nl": "Toegankelijkheid", "en": "Accessibility"},
    "footer.contact": {"nl": "Contact en fouten melden", "en": "Contact and reporting errors"},
    "footer.colofon": {"nl": "Colofon", "en": "Colophon"},
    "footer.redactie": {"nl": "Voor de redactie", "en": "For editors"},
    "breadcrumbs.label": {"nl": "Kruimelpad", "en": "Breadcrumbs"},
    "section.about": {"nl": "Over deze site", "en": "About this site"},
}
MESSAGES.update(SITE)
PRINT: dict[str, dict[str, str]] = {
    "print.download": {
        "nl": "Download als PDF ({pages} pagina's, {size} kB)",
        "en": "Download as PDF ({pages} pages, {size} kB)",
    },
    "print.download.one": {"nl": "Download als PDF (1 pagina, {size} kB)", "en": "Download as PDF (1 page, {size} kB)"},
    "print.file.handreiking": {"nl": "handreiking", "en": "handbook"},
    "print.file.verhalen": {"nl": "een-uit-duizenden", "en": "one-in-thousands"},
    "print.language": {"nl": "Taal", "en": "Language"},
    "print.language.name": {"nl": "Nederlands", "en": "English"},
    "print.date": {"nl": "Stand van de inhoud", "en": "Content as of"},
    "print.online": {"nl": "Online", "en": "Online"},
    "print.contents": {"nl": "Inhoud", "en": "Contents"},
    "print.intro": {"nl": "Inleiding", "en": "Introduction"},
    "print.page_of": {"nl": "pagina {page} van {pages}", "en": "page {page} of {pages}"},
    "print.page_ref": {"nl": "zie pagina {page}", "en": "see page {page}"},
}
MESSAGES.update(PRINT)
