"""A small but complete registry, written into a test project."""

SMALL_REGISTRY = {
    "fasen.yml": """
- id: aankomst
  reviewed: 2026-12-03
  order: 1
  name: {nl: Aankomst, en: Arrival}
  summary: {nl: De vreemdeling meldt zich., en: The foreign national reports.}
  responsible: [ind]
  next: [opvang]
- id: opvang
  reviewed: 2026-12-03
  order: 2
  name: {nl: Opvang, en: Reception}
  summary: {nl: Wonen in een azc., en: Living in a reception centre.}
  responsible: [coa]
""",
    "organisaties.yml": """
- id: coa
  reviewed: 2026-12-03
  source: https://example.org/coa/
  abbreviation: COA
  aliases: [Centraal Orgaan opvang asielzoekers]
  name: {nl: Centraal Orgaan opvang asielzoekers, en: Central Agency for the Reception of Asylum Seekers}
  kind: independent-body
  mission: {nl: Het COA zorgt voor opvang., en: COA provides reception.}
  does: {nl: [Biedt opvang], en: [Provides reception]}
  does_not: {nl: [Beslist niet over asiel], en: [Does not decide on asylum]}
  phases: [opvang]
  website: https://www.coa.nl/
- id: ind
  reviewed: 2026-12-03
  source: https://example.org/ind/
  abbreviation: IND
  name: {nl: Immigratie- en Naturalisatiedienst, en: Immigration and Naturalisation Service}
  kind: agency
  mission: {nl: De IND beslist over verblijf., en: The IND decides on residence.}
  does: {nl: [Beslist over aanvragen], en: [Decides on applications]}
  does_not: {nl: [Biedt geen opvang], en: [Does not provide reception]}
  phases: [aankomst]
- id: dtv
  reviewed: 2026-12-03
  source: https://example.org/dtv/
  abbreviation: DT&V
  aliases: [DTenV, DT en V]
  name: {nl: Dienst Terugkeer en Vertrek, en: Repatriation and Departure Service}
  kind: agency
  mission: {nl: DT&V regisseert vertrek., en: DT&V directs departure.}
  does: {nl: [Regisseert vertrek], en: [Directs departure]}
  does_not: {nl: [Beslist niet over asiel], en: [Does not decide on asylum]}
""",
    "rollen.yml": """
- id: coa-woonbegeleider
  reviewed: 2026-12-03
  organisation: coa
  title: {nl: Woonbegeleider, en: Resident counsellor}
  handles: {nl: Begeleidt bewoners., en: Counsels residents.}
  questions: {nl: ['Waar is mijn post?'], en: ['Where is my mail?']}
- id: ind-beslismedewerker
  reviewed: 2026-12-03
  organisation: ind
  title: {nl: Beslismedewerker, en: Decision officer}
  handles: {nl: Beslist over asielaanvragen., en: Decides on asylum applications.}
- id: dtv-regievoerder
  reviewed: 2026-12-03
  organisation: dtv
  title: {nl: Regievoerder, en: Case manager}
  handles: {nl: Begeleidt vertrek., en: Guides departure.}
""",
    "onderwerpen.yml": """
- id: opvang
  reviewed: 2026-12-03
  name: {nl: Opvang, en: Reception}
  summary: {nl: Onderdak en begeleiding., en: Shelter and guidance.}
  lead: coa
  supporting: [ind]
  phases: [opvang]
- id: terugkeer-en-vertrek
  reviewed: 2026-12-03
  name: {nl: Terugkeer en vertrek, en: Return and departure}
  summary: {nl: Vertrek uit Nederland., en: Leaving the Netherlands.}
  lead: dtv
""",
    "verwijzingen.yml": """
- id: vertrek-woonbegeleider-dtv
  reviewed: 2026-12-03
  topic: terugkeer-en-vertrek
  from: coa-woonbegeleider
  to: dtv
  to_role: dtv-regievoerder
  channel: {nl: Via het vertrekoverleg, en: Through the departure meeting}
  reason: {nl: DT&V regisseert het vertrek, en: DT&V directs departure}
- id: opvang-ind-coa
  reviewed: 2026-12-03
  topic: opvang
  from: ind
  to: coa
  channel: {nl: Via de planning, en: Through planning}
  reason: {nl: Het COA biedt opvang, en: COA provides reception}
""",
    "afkortingen.yml": """
- abbr: azc
  reviewed: 2026-12-03
  expansion: {nl: asielzoekerscentrum, en: asylum seekers' centre}
""",
}


def write_registry(project, files=None, **overrides):
    for name, text in {**SMALL_REGISTRY, **overrides}.items():
        project.write(f"docs/wie-doet-wat/{name}", text)
